//! Request and response bodies of the HTTP API, one module per area.
//! `*Request` types are what clients send, `*Response` types what they get.

pub mod config;
pub mod health;
pub mod keys;
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
