//! The Acceptable Use Agreement (docs/product.md §8).

use serde::{Deserialize, Serialize};

use super::session::AuaStatus;
use crate::aua::Affiliation;

/// One choice of "I am (choose one and explain below)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AffiliationChoice {
    pub value: Affiliation,
    pub label: String,
}

/// `GET /aua`: the form, the document it signs, and where the user stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuaFormResponse {
    /// The version of the policy a submission signs; a new version asks
    /// everyone again.
    pub document_version: String,
    /// The text of that version: what the form asks the user to read
    /// before signing ("Read, Sign, and Submit the AUA"), in the language
    /// asked for where it has a translation, else in English.
    pub policy: String,
    /// The language `policy` is written in (`en` where it has no
    /// translation into the language asked for).
    #[serde(default)]
    pub policy_lang: crate::i18n::Lang,
    pub acknowledgement: String,
    pub choices: Vec<AffiliationChoice>,
    pub status: AuaStatus,
    /// RFC 3339 UTC time the current signature lapses, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Prefill: the account's names and address.
    pub first_name: String,
    pub last_name: String,
    pub work_email: String,
}

/// The signed form. `field_errors` name the fields that fail their rule:
/// `acknowledged` (`required`), names (`invalid_name`), `work_email`
/// (`invalid_email`), `work_phone` (`invalid_phone`), `affiliation`
/// (`required`), `explanation` (`required`), `comments` / `employee_id`
/// (`invalid`), `date_signed` (`invalid_date`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
// Missing fields are empty ones: they fail their rule in `field_errors`
// like blank ones, rather than failing the whole body.
#[serde(deny_unknown_fields, default)]
pub struct AuaSubmitRequest {
    /// Must be `true`.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::acknowledged"))
    )]
    pub acknowledged: bool,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::name"))
    )]
    pub first_name: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::name"))
    )]
    pub last_name: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::email"))
    )]
    pub work_email: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::optional_phone"))
    )]
    pub work_phone: String,
    /// Required.
    #[cfg_attr(feature = "validate", validate(required))]
    pub affiliation: Option<Affiliation>,
    /// Required whichever choice is made (each asks for specifics).
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::explanation"))
    )]
    pub explanation: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::comments"))
    )]
    pub comments: String,
    /// HHS Employee ID, if applicable.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::employee_id"))
    )]
    pub employee_id: String,
    /// `YYYY-MM-DD`; today (give or take a day for time zones).
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::date"))
    )]
    pub date_signed: String,
    /// The `document_version` of the policy the user read (from `GET
    /// /aua`). When given and no longer current, the submission is refused
    /// with 409 `conflict`, so that the signature never records a
    /// version the user did not see. Empty: the current version.
    pub document_version: String,
}

/// The answer to a submitted form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuaSubmitResponse {
    pub message: String,
    /// RFC 3339 UTC time the signature lapses (the configured validity).
    pub expires_at: String,
}
