//! Recovery, activation, password changes, security methods and devices.

use crate::i18n::{catalogue_area, Area};

catalogue_area! { Area::Account;
    FORGOT_PASSWORD_TITLE = "Forgot Password" / "¿Olvidó su contraseña?";
}
