//! The support console (docs/product.md §9): users, their timeline, admin actions and
//! the audit trail. Every route needs role `support` or `admin`.

use serde::{Deserialize, Serialize};

use super::SecretText;
use crate::types::{AccountStatus, MembershipRole, UserType};
#[cfg(feature = "validate")]
use validator::Validate as _;

/// Most rows one page of a list returns.
pub const PAGE_MAX: u32 = 100;

/// `GET /admin/users` filters. `q` matches the start of the username or
/// e-mail address, or part of a name, case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UserSearchQuery {
    #[cfg_attr(
        feature = "validate",
        validate(length(max = 100), custom(function = "super::validate::plain_text"))
    )]
    pub q: Option<String>,
    pub status: Option<AccountStatus>,
    /// 1 to 100; 25 when absent.
    #[cfg_attr(feature = "validate", validate(range(min = 1, max = 100)))]
    pub limit: Option<u32>,
    #[cfg_attr(feature = "validate", validate(range(max = 1_000_000)))]
    pub offset: Option<u32>,
}

/// One account in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminUserSummary {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub user_type: UserType,
    pub status: AccountStatus,
    /// RFC 3339; absent before the first sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_at: Option<String>,
    /// A central-office account whose password the agency directory holds
    /// (docs/directory.md): the portal cannot set or reset it.
    #[serde(default)]
    pub directory_account: bool,
}

/// `GET /admin/users`: one page, newest accounts first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserListResponse {
    pub users: Vec<AdminUserSummary>,
    /// How many accounts match in all.
    pub total: u64,
    pub limit: u32,
    pub offset: u32,
}

/// A membership as support sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminMembership {
    pub org_code: String,
    pub organization_name: String,
    pub role: MembershipRole,
}

/// A live session of the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminSession {
    pub id: String,
    /// `web` or `api`.
    pub channel: String,
    /// `iamonline` or `immtrac2`.
    pub door: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    pub created_at: String,
    pub last_seen_at: String,
    pub expires_at: String,
    /// How its sign-in proved who it was (RFC 8176, space-separated): `pwd`,
    /// `otp` (an e-mailed or an app's code), `mfa` (with an authenticator app).
    #[serde(default)]
    pub amr: String,
}

/// Where an e-mail is in its delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its first attempt (or in it).
    Queued,
    Sent,
    /// An attempt failed; another is scheduled.
    Retrying,
    /// Given up after the last retry.
    Failed,
}

/// An e-mail sent (or to be sent) to the user. The body is never shown:
/// it can hold a live link or code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailDelivery {
    pub id: String,
    /// `welcome`, `signin_code`, `password_reset`, …
    pub kind: String,
    pub subject: String,
    pub recipient: String,
    pub state: DeliveryState,
    pub attempts: i32,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<String>,
    /// The last SMTP error, for a retrying or failed message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

/// One event of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEventView {
    /// Increasing; pages go backwards from it.
    pub id: i64,
    pub occurred_at: String,
    /// `signin_succeeded`, `account_locked`, `admin_unlocked`, …
    pub event_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The staff member who acted, for admin actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Event details; never a secret.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub detail: serde_json::Value,
}

/// `GET /admin/users/{id}`: the account, its counters, sessions and
/// organizations, and its timeline (recent events and e-mails).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminUserDetail {
    pub user: AdminUserSummary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Failed passwords from the owner's familiar devices (the seed's
    /// ladder: its end locks the account).
    pub failed_login_count: i32,
    /// ImmTrac2 reset mismatches from familiar devices (its end disables).
    pub failed_reset_count: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_at: Option<String>,
    /// Failed passwords from unknown devices (their own ladder).
    #[serde(default)]
    pub unknown_device_failed_login_count: i32,
    /// Until then, password sign-ins from unknown devices are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown_devices_blocked_until: Option<String>,
    /// ImmTrac2 reset mismatches from unknown devices.
    #[serde(default)]
    pub unknown_device_failed_reset_count: i32,
    /// Until then, ImmTrac2 resets from unknown devices are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown_device_resets_blocked_until: Option<String>,
    pub created_at: String,
    /// Support can link the account to its owner's directory entry: a
    /// directory is configured, and this is an unlinked central-office
    /// account that is not disabled.
    #[serde(default)]
    pub directory_link_available: bool,
    /// When the directory last described the account (a sign-in or a
    /// session refresh).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory_synced_at: Option<String>,
    /// The question support reads out; the answer is only ever compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_question: Option<String>,
    pub memberships: Vec<AdminMembership>,
    pub sessions: Vec<AdminSession>,
    /// The security methods the user set up (never their secrets).
    #[serde(default)]
    pub authenticators: Vec<crate::dto::authenticators::AuthenticatorView>,
    /// Newest first, at most 50.
    pub recent_events: Vec<AuditEventView>,
    /// Newest first, at most 50.
    pub emails: Vec<MailDelivery>,
}

/// A membership to grant to a new account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct MembershipGrant {
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::org_code"))
    )]
    pub org_code: String,
    /// `support` and `admin` can be granted by an admin only.
    pub role: MembershipRole,
}

/// `POST /admin/users`: an account support creates; its owner gets the
/// "Welcome to IAMOnline!" e-mail with a 7-day activation link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    pub user_type: UserType,
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
    pub email: String,
    #[cfg_attr(feature = "validate", validate(length(max = 20), nested))]
    pub organizations: Vec<MembershipGrant>,
}

/// A created account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedUserResponse {
    pub user_id: String,
    pub username: String,
    pub message: String,
}

/// What the caller told support, to compare with the stored answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct VerifySecurityAnswerRequest {
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::security_answer"))
    )]
    pub answer: SecretText,
}

/// Did the caller's answer match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifySecurityAnswerResponse {
    pub matched: bool,
    pub message: String,
}

/// `GET /admin/audit` filters; pages go backwards in time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    #[cfg_attr(
        feature = "validate",
        validate(length(max = 64), custom(function = "super::validate::plain_text"))
    )]
    pub user_id: Option<String>,
    /// An event type, e.g. `signin_failed`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", param(rename = "type"))]
    #[cfg_attr(
        feature = "validate",
        validate(length(max = 64), custom(function = "super::validate::plain_text"))
    )]
    pub event_type: Option<String>,
    /// RFC 3339 time or `YYYY-MM-DD`: events at or after it.
    #[cfg_attr(feature = "validate", validate(length(max = 40)))]
    pub since: Option<String>,
    /// The previous page's `next_before_id`.
    pub before_id: Option<i64>,
    /// 1 to 100; 50 when absent.
    #[cfg_attr(feature = "validate", validate(range(min = 1, max = 100)))]
    pub limit: Option<u32>,
}

/// One page of the audit trail, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPageResponse {
    pub events: Vec<AuditEventView>,
    /// Pass as `before_id` for the next (older) page; absent on the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before_id: Option<i64>,
}

/// Which document's acceptances to export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct EvidenceQuery {
    /// `aua` or `confidentiality`; both when absent.
    pub document: Option<String>,
}

/// One account of a JSON import (`POST /admin/users/import` with
/// `Content-Type: application/json` takes an array of these). A CSV import
/// has the same columns, with `organizations` as `CODE` or `CODE:role`
/// entries separated by `;`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportRecord {
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// `CODE` (role `user`) or `CODE:poc`.
    pub organizations: Vec<String>,
    /// argon2 (PHC), bcrypt (`$2a$`, `$2b$`, `$2y$`), or PBKDF2-SHA256
    /// (`$pbkdf2-sha256$i=N,l=32$salt$hash` or `$pbkdf2-sha256$N$salt$hash`).
    pub password_hash: String,
    /// `external` when absent.
    #[serde(default)]
    pub user_type: Option<UserType>,
}

/// A finished import: every account of the file was created, or none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportResponse {
    pub imported: u64,
    pub message: String,
}
