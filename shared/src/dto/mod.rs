//! Request and response bodies of the HTTP API, one module per area.
//! `*Request` types are what clients send, `*Response` types what they get.

pub mod access;
pub mod activation;
pub mod admin;
pub mod applications;
pub mod aua;
pub mod authenticators;
pub mod authorize;
pub mod config;
pub mod dashboard;
pub mod health;
pub mod keys;
pub mod oauth;
pub mod password;
pub mod session;
pub mod signin;
pub mod username;

#[cfg(feature = "validate")]
pub(crate) mod validate;

use serde::{Deserialize, Serialize};

/// A plain confirmation whose text the client shows as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageResponse {
    pub message: String,
}

/// A secret the user typed (a password, a code). Serialised as a plain
/// string; `Debug` never shows it, so a logged request cannot leak it.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
#[serde(transparent)]
pub struct SecretText(String);

impl SecretText {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself: use it, never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Move the secret out (into the server's zeroising wrapper, say).
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretText(***)")
    }
}
