//! Sign-in (docs/product.md §3): one state machine behind the IAMOnline door
//! (identifier first) and the ImmTrac2 door (org code, username, password),
//! and one failed-password ladder per account across both.
//!
//! The engine is private to this module; the flows that share it (IAMOnline
//! Forgot Password, the reset, activation) use the interface re-exported
//! below: transactions of their own kind, the e-mail code, and the
//! signed-in password check.

mod app_code;
mod directory;
mod email_code;
mod flows;
mod passkey;
mod password;
mod transaction;

pub use app_code::{app_setup_begin, app_setup_confirm, verify_app_code};
pub use email_code::email_captcha_code;
pub use flows::{
    agree, login, password_step, reauthenticate, send_email_code, start, verify_email_code,
};
pub use passkey::{
    passkey_options, passkey_setup_options, passkey_setup_verify, passkey_signin,
    passkey_signin_options, verify_passkey,
};

pub(in crate::services) use app_code::optional_setup;
pub(in crate::services) use email_code::{check_code, send_code};
pub(in crate::services) use password::confirm_password;
pub(in crate::services) use transaction::{
    create_transaction, open_of, signin_at_statement, CodeUse, Scope, Subject, TransactionStart,
};
