//! Account activation (docs/product.md §7): the Welcome e-mail's link → the e-mail
//! code → password, phone and security question → signed in.

use serde::{Deserialize, Serialize};

use super::SecretText;

/// The activation link's token, posted by the page that opened the link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ActivationStartRequest {
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::token"))
    )]
    pub token: SecretText,
}

/// Where an activation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivationStep {
    /// Send and enter the e-mail code.
    EmailCode,
    /// Password, phone and security question.
    SetUp,
}

/// An activation in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivationResponse {
    /// Opaque; valid for 10 minutes.
    pub activation_id: String,
    pub username: String,
    /// The account's names, for the live password checklist (a new
    /// password may not contain them).
    pub first_name: String,
    pub last_name: String,
    pub masked_email: String,
    pub next_step: ActivationStep,
}

/// "Set up security methods": the password (policy of docs/product.md §4), a phone
/// number, and a security question with its answer (stored hashed; support
/// uses it to verify a caller, it never recovers an account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ActivationCompleteRequest {
    /// Validation: the whole policy (`field_errors.new_password`).
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::evaluated_password"))
    )]
    pub new_password: SecretText,
    /// Must equal `new_password`.
    pub confirm_password: SecretText,
    /// 10 to 15 digits with common separators.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::phone"))
    )]
    #[cfg_attr(feature = "openapi", schema(example = "(512) 776-7111"))]
    pub phone: String,
    /// 5 to 200 characters.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::security_question"))
    )]
    pub security_question: String,
    /// 3 to 100 characters; compared trimmed and case-insensitively.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::security_answer"))
    )]
    pub security_answer: SecretText,
}
