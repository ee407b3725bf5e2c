//! One module per screen.

pub mod forgot_username;
pub mod placeholder;
pub mod sign_in;
