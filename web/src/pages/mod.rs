//! One module per screen.

pub mod access;
pub mod activation;
pub mod admin;
pub mod authorize;
pub mod dashboard;
pub mod devices;
pub mod end_session;
pub mod forgot_username;
pub mod immtrac2;
pub mod placeholder;
pub mod recovery;
pub mod requests;
pub mod reset_password;
pub mod security_methods;
pub mod setup_required;
pub mod sign_in;
pub mod signin_flow;
