//! The support console (docs/product.md §9).

use crate::i18n::{catalogue_area, Area};

catalogue_area! { Area::Console;
    FIND_A_USER = "Find a user" / "Buscar un usuario";
}
