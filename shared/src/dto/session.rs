//! Sessions (docs/product.md §3.3): who am I, refresh, logout, devices, and the
//! portal view's choice of organization.

use serde::{Deserialize, Serialize};

use super::SecretText;
use crate::types::{MembershipRole, UserType};

/// The signed-in user, as the screens show them. No secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub user_type: UserType,
    /// The password is the agency directory's (an HHS/DSHS network
    /// account, docs/directory.md): it is changed there, not here.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub directory_account: bool,
}

/// One of the user's organizations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationSummary {
    pub org_code: String,
    pub name: String,
    pub role: MembershipRole,
}

/// Where the user's Acceptable Use Agreement stands (docs/product.md §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuaStatus {
    /// Never signed.
    Missing,
    Valid,
    /// Signed, but longer ago than its validity.
    Expired,
}

/// `GET /session`: who am I.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionResponse {
    pub user: UserSummary,
    pub organizations: Vec<OrganizationSummary>,
    /// The organization chosen at sign-in or in the portal view.
    pub active_organization: Option<OrganizationSummary>,
    pub aua_status: AuaStatus,
    /// Which door the session came through: `immtrac2` or `iamonline`.
    pub door: String,
    /// RFC 3339 UTC time at which the session ends at the latest.
    pub expires_at: String,
}

/// `POST /session/refresh` from an API client; the browser app sends no
/// body (its refresh token is the cookie).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    #[cfg_attr(feature = "validate", validate(length(max = 128)))]
    pub refresh_token: Option<String>,
}

/// New tokens after a refresh. The old refresh token is spent: presenting it
/// again ends the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    pub expires_in: u64,
    /// API clients only; the browser app gets a new cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// One of the user's active sessions (`GET /sessions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionSummary {
    pub id: String,
    /// Is this the session making the request?
    pub current: bool,
    /// `web` (the browser app) or `api`.
    pub channel: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: String,
    pub last_seen_at: String,
}

/// A browser the user signed in from (`GET /sessions`). Failed passwords
/// from it walk the account's own ladder; from any other device, a ladder
/// that only ever blocks unknown devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FamiliarDeviceSummary {
    pub id: String,
    /// Is this the browser making the request?
    pub current: bool,
    /// Where and with what it last signed in.
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: String,
    pub last_seen_at: String,
}

/// `GET /sessions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionListResponse {
    pub sessions: Vec<SessionSummary>,
    /// The familiar devices, most recently seen first.
    #[serde(default)]
    pub devices: Vec<FamiliarDeviceSummary>,
}

/// `PUT /session/organization`: the portal view's choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct OrganizationChoiceRequest {
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::org_code"))
    )]
    pub org_code: String,
}

/// `PUT /session/language`: the language the account's e-mails are
/// written in (one the portal offers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LanguageChoiceRequest {
    pub language: crate::i18n::Lang,
}

/// `POST /session/reauthenticate`: the password typed again, before an
/// action that needs a recent sign-in (ending other sessions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ReauthenticateRequest {
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::signin_password"))
    )]
    pub password: SecretText,
}

/// The password was right: the session counts as recently signed in until
/// `recent_until` (RFC 3339), and access tokens issued before no longer
/// work: use `access_token` from here on. The refresh token stays as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReauthenticatedResponse {
    pub recent_until: String,
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    pub expires_in: u64,
}
