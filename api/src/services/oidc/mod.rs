//! The portal as an OpenID Connect provider and OAuth 2.0 authorization
//! server (docs/oidc.md): authorization requests continued by the browser
//! app after the portal's own sign-in, the token endpoint, UserInfo.
//!
//! OAuth endpoints answer errors in RFC 6749 §5.2's JSON, not problem+json:
//! [`OAuthError`] is their one error type.

pub mod authorize;
pub mod backchannel;
pub mod catalogue;
pub mod claims;
pub mod clients;
pub mod consents;
pub mod introspection;
pub mod logout;
pub mod token;
pub mod userinfo;

use crate::db::DbError;
use crate::error::AppError;

/// An error of an OAuth endpoint (RFC 6749 §5.2, RFC 6750 §3).
#[derive(Debug)]
pub struct OAuthError {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
    /// The `WWW-Authenticate` challenge to send (401s).
    pub challenge: Option<&'static str>,
}

impl OAuthError {
    pub fn new(status: u16, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
            challenge: None,
        }
    }

    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(400, "invalid_request", description)
    }

    pub fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new(400, "invalid_grant", description)
    }

    /// Client authentication failed: 401 with a challenge naming the scheme
    /// the client should use (RFC 6749 §5.2).
    pub fn invalid_client() -> Self {
        Self {
            status: 401,
            error: "invalid_client",
            description: "Client authentication failed.".into(),
            challenge: Some("Basic realm=\"token\""),
        }
    }

    /// A bearer token that is missing, expired or revoked (RFC 6750 §3.1).
    pub fn invalid_token() -> Self {
        Self {
            status: 401,
            error: "invalid_token",
            description: "The access token is invalid, expired or revoked.".into(),
            challenge: Some("Bearer error=\"invalid_token\""),
        }
    }
}

impl From<AppError> for OAuthError {
    fn from(error: AppError) -> Self {
        match error.code() {
            iam_shared::ErrorCode::Unavailable | iam_shared::ErrorCode::Busy => {
                Self::new(503, "temporarily_unavailable", "Please try again shortly.")
            }
            _ => {
                tracing::error!(error = %error, "OAuth endpoint failed");
                Self::new(500, "server_error", "The request could not be completed.")
            }
        }
    }
}

impl From<DbError> for OAuthError {
    fn from(error: DbError) -> Self {
        AppError::from(error).into()
    }
}

impl From<diesel::result::Error> for OAuthError {
    fn from(error: diesel::result::Error) -> Self {
        AppError::from(error).into()
    }
}
