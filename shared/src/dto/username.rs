//! `POST /api/v1/username/recovery` (docs/product.md §6).

use serde::{Deserialize, Serialize};

/// Forgot Username: all three fields are required. The answer never says
/// whether they matched an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UsernameRecoveryRequest {
    /// Validation: not blank, at most 100 characters.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::lookup_name"))
    )]
    #[cfg_attr(feature = "openapi", schema(max_length = 100, example = "John"))]
    pub first_name: String,
    /// Validation: not blank, at most 100 characters.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::lookup_name"))
    )]
    #[cfg_attr(feature = "openapi", schema(max_length = 100, example = "Smith"))]
    pub last_name: String,
    /// Validation: a plausible address, at most 254 characters.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::email"))
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 254, example = "john.smith@example.org")
    )]
    pub email: String,
}
