//! Pure rules: no I/O, no clock (time is a parameter), no state.

pub mod directory;
pub mod ladder;
pub mod oauth;
pub mod password;
pub mod policy;
pub mod signin;
pub mod totp;
pub mod username;
