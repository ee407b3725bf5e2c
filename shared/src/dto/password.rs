//! Passwords (docs/product.md §4, §5): the strength meter's server side.

use serde::{Deserialize, Serialize};
// The derive of a struct with a `nested` field calls the trait method.
#[cfg(feature = "validate")]
use validator::Validate;

use super::SecretText;

/// A password to rate, with whose it would be (the rules forbid the
/// owner's names). Never logged or stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct PasswordEvaluateRequest {
    /// Validation: at most 1,024 characters (the policy's own cap, 128, is a
    /// rule in the answer).
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::evaluated_password"))
    )]
    pub password: SecretText,
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 254)))]
    pub username: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 100)))]
    pub first_name: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(length(max = 100)))]
    pub last_name: Option<String>,
}

/// One requirement of the policy and whether the password meets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordRuleResult {
    /// Stable rule id (`min_length`, `uppercase`, … as in `GET /config`).
    pub rule: String,
    pub passed: bool,
    /// `false` when the rule cannot be judged here: `not_recent` needs the
    /// account's history and is checked when the password is saved.
    pub checked: bool,
}

/// The verdict on a password: every rule, and the estimated strength.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordEvaluateResponse {
    pub rules: Vec<PasswordRuleResult>,
    /// 0 (guessed at once) to 4 (very hard to guess); 3 is required.
    pub strength: u8,
    /// What makes it weak and how to do better, when it is weak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

/// A reset link's token, posted by the page that opened the link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ResetInspectRequest {
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::token"))
    )]
    pub token: SecretText,
}

/// Which flow a reset link belongs to: what the page shows around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResetVariant {
    /// ImmTrac2: Confidentiality Statement, Change Password, "Password
    /// Updated", then the person signs in normally.
    Immtrac2,
    /// IAMOnline: the reset signs the person in (the answer carries a
    /// sign-in transaction at the Confidentiality Statement).
    Iamonline,
}

/// The link is good: whose password it resets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetInspectResponse {
    pub username: String,
    /// The account's names, for the live password checklist (a new
    /// password may not contain them).
    pub first_name: String,
    pub last_name: String,
    /// RFC 3339 UTC time the link stops working.
    pub expires_at: String,
    pub variant: ResetVariant,
}

/// Password Updated. An IAMOnline reset continues as a sign-in: post the
/// Confidentiality Statement's acceptance to
/// `/signin/{transaction_id}/agree` to get the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetResponse {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// Where the sign-in that follows stands when `transaction_id` is
    /// present: `confidentiality`, or (a policy above the e-mail code)
    /// `email_code` or `setup_required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<crate::NextStep>,
}

/// IAMOnline Forgot Password, screen 1: the e-mail address or username.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct PasswordRecoveryRequest {
    /// A username, or the e-mail address of exactly one account.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::identifier"))
    )]
    pub identifier: String,
}

/// Where the e-mail would go. Identifiers that match no account get a
/// stable made-up address: the answer never tells whether one exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordRecoveryResponse {
    /// Opaque; valid for 10 minutes.
    pub recovery_id: String,
    #[cfg_attr(feature = "openapi", schema(example = "j***@e***.gov"))]
    pub masked_email: String,
}

/// The code of the recovery e-mail traded for a reset token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryVerifyResponse {
    /// Post it to `/password/reset` (valid 5 minutes, single use).
    pub reset_token: String,
}

/// Set a new password with a reset link's token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::token"))
    )]
    pub token: SecretText,
    /// Validation: the whole policy (`field_errors.new_password` lists the
    /// failed rule ids).
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::evaluated_password"))
    )]
    pub new_password: SecretText,
    /// Must equal `new_password` (`field_errors.confirm_password: ["mismatch"]`).
    pub confirm_password: SecretText,
    /// End every other session of the account.
    #[serde(default)]
    pub sign_out_other_devices: bool,
    /// An ImmTrac2 link (`variant: immtrac2`): the person agreed to the
    /// Confidentiality Statement shown before Change Password (seed 000).
    /// Required there (`field_errors.confidentiality_accepted:
    /// ["required"]`), and recorded as evidence of the version shown.
    #[serde(default)]
    pub confidentiality_accepted: bool,
}

/// ImmTrac2 Forgot Password: all four fields and a CAPTCHA are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ForgotPasswordRequest {
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::org_code"))
    )]
    pub org_code: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::identifier"))
    )]
    pub username: String,
    /// The e-mail address associated with the account.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::email"))
    )]
    pub email: String,
    #[cfg_attr(feature = "validate", validate(nested))]
    pub captcha: super::signin::CaptchaAnswer,
}

/// A signed-in user's new password; the current one is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct PasswordChangeRequest {
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::signin_password"))
    )]
    pub current_password: SecretText,
    /// Validation: the whole policy (`field_errors.new_password`).
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::evaluated_password"))
    )]
    pub new_password: SecretText,
    /// Must equal `new_password`.
    pub confirm_password: SecretText,
    /// End every other session of the account; this one stays.
    #[serde(default)]
    pub sign_out_other_devices: bool,
}
