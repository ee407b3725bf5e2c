//! The dashboard, access and AUA forms, public request forms, single sign-on screens and the ImmTrac2 home.

use crate::i18n::{catalogue_area, Area};

catalogue_area! { Area::Portal;
    DASHBOARD = "Dashboard" / "Panel principal";
}
