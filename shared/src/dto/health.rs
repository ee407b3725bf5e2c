//! Ops endpoints: liveness and readiness.

use serde::{Deserialize, Serialize};

/// Answer of `GET /healthz` and `GET /readyz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthResponse {
    /// `ok` when healthy.
    pub status: String,
    /// The database check, on `/readyz` only: `ok` or `unreachable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
}
