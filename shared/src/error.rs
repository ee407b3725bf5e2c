//! The error contract: every non-2xx answer of the API is an RFC 9457
//! `application/problem+json` document with a stable machine `code`.
//!
//! A code is never renamed or reused once shipped; the browser app keys its
//! messages on it, and third-party SDKs switch on it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Stable machine-readable error codes (`snake_case` on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The body is not well-formed JSON.
    MalformedBody,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The request (its body, typically) did not arrive in time.
    RequestTimeout,
    /// The body is JSON but a field is missing, unknown, of the wrong type or invalid.
    ValidationFailed,
    /// Sign-in failed; the detail carries the text of the failed-password ladder.
    InvalidCredentials,
    /// The e-mail verification code is wrong, or was voided by too many wrong tries.
    InvalidCode,
    /// No valid session or token accompanies the request.
    Unauthenticated,
    /// The account is locked after too many failed sign-ins.
    AccountLocked,
    /// The account is disabled; only support can re-enable it.
    AccountDisabled,
    /// The Acceptable Use Agreement must be signed first.
    AuaRequired,
    /// The caller is signed in but not allowed to do this.
    Forbidden,
    /// This action needs a recent sign-in: confirm the password
    /// (`POST /session/reauthenticate`), then try again.
    ReauthenticationRequired,
    /// A cross-site request forgery check failed.
    CsrfFailed,
    /// A CAPTCHA answer is required and was missing or wrong.
    CaptchaInvalid,
    /// Nothing lives at this path, or the resource does not exist.
    NotFound,
    /// The path exists but not with this HTTP method.
    MethodNotAllowed,
    /// The request conflicts with the current state (a duplicate, say).
    Conflict,
    /// The link, code or transaction has expired.
    TokenExpired,
    /// The link, code or transaction was already used.
    TokenUsed,
    /// Too many requests; retry after the `Retry-After` header.
    RateLimited,
    /// A dependency (the database) is unavailable; retry later.
    Unavailable,
    /// Too many password checks are waiting; retry after `Retry-After`.
    Busy,
    /// An unexpected server fault. Details are in the server log only.
    Internal,
    /// The agency directory (central office's passwords) did not answer; retry later. Other users are not affected.
    DirectoryUnavailable,
    /// The network account is locked in the agency directory; the IT Help Desk unlocks it.
    DirectoryLocked,
    /// The network password has expired; it is changed at the directory's reset page.
    DirectoryPasswordExpired,
    /// The network password must be changed (an administrator set it) before signing in.
    DirectoryPasswordChangeRequired,
    /// The network account is disabled in the agency directory.
    DirectoryAccountDisabled,
    /// The network account's end date has passed.
    DirectoryAccountExpired,
    /// The directory does not allow this account to sign in at this time or from here.
    DirectorySigninRestricted,
    /// The account's password belongs to the agency directory: change or reset it there.
    DirectoryAccount,
}

impl ErrorCode {
    /// Every code, for tests and documentation.
    pub const ALL: &'static [ErrorCode] = &[
        Self::MalformedBody,
        Self::UnsupportedMediaType,
        Self::PayloadTooLarge,
        Self::RequestTimeout,
        Self::ValidationFailed,
        Self::InvalidCredentials,
        Self::InvalidCode,
        Self::Unauthenticated,
        Self::AccountLocked,
        Self::AccountDisabled,
        Self::AuaRequired,
        Self::Forbidden,
        Self::ReauthenticationRequired,
        Self::CsrfFailed,
        Self::CaptchaInvalid,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::Conflict,
        Self::TokenExpired,
        Self::TokenUsed,
        Self::RateLimited,
        Self::Unavailable,
        Self::Busy,
        Self::Internal,
        Self::DirectoryUnavailable,
        Self::DirectoryLocked,
        Self::DirectoryPasswordExpired,
        Self::DirectoryPasswordChangeRequired,
        Self::DirectoryAccountDisabled,
        Self::DirectoryAccountExpired,
        Self::DirectorySigninRestricted,
        Self::DirectoryAccount,
    ];

    /// The HTTP status that always accompanies this code.
    pub const fn status(self) -> u16 {
        match self {
            Self::MalformedBody => 400,
            Self::InvalidCredentials | Self::InvalidCode | Self::Unauthenticated => 401,
            Self::AccountLocked
            | Self::AccountDisabled
            | Self::AuaRequired
            | Self::Forbidden
            | Self::ReauthenticationRequired
            | Self::CsrfFailed
            | Self::DirectoryLocked
            | Self::DirectoryPasswordExpired
            | Self::DirectoryPasswordChangeRequired
            | Self::DirectoryAccountDisabled
            | Self::DirectoryAccountExpired
            | Self::DirectorySigninRestricted
            | Self::DirectoryAccount => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::Conflict => 409,
            Self::TokenExpired | Self::TokenUsed => 410,
            Self::RequestTimeout => 408,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::ValidationFailed | Self::CaptchaInvalid => 422,
            Self::RateLimited => 429,
            Self::Internal => 500,
            Self::Unavailable | Self::Busy | Self::DirectoryUnavailable => 503,
        }
    }

    /// The wire name, as serialised.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::MalformedBody => "malformed_body",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::RequestTimeout => "request_timeout",
            Self::ValidationFailed => "validation_failed",
            Self::InvalidCredentials => "invalid_credentials",
            Self::InvalidCode => "invalid_code",
            Self::Unauthenticated => "unauthenticated",
            Self::AccountLocked => "account_locked",
            Self::AccountDisabled => "account_disabled",
            Self::AuaRequired => "aua_required",
            Self::Forbidden => "forbidden",
            Self::ReauthenticationRequired => "reauthentication_required",
            Self::CsrfFailed => "csrf_failed",
            Self::CaptchaInvalid => "captcha_invalid",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict => "conflict",
            Self::TokenExpired => "token_expired",
            Self::TokenUsed => "token_used",
            Self::RateLimited => "rate_limited",
            Self::Unavailable => "unavailable",
            Self::Busy => "busy",
            Self::Internal => "internal",
            Self::DirectoryUnavailable => "directory_unavailable",
            Self::DirectoryLocked => "directory_locked",
            Self::DirectoryPasswordExpired => "directory_password_expired",
            Self::DirectoryPasswordChangeRequired => "directory_password_change_required",
            Self::DirectoryAccountDisabled => "directory_account_disabled",
            Self::DirectoryAccountExpired => "directory_account_expired",
            Self::DirectorySigninRestricted => "directory_signin_restricted",
            Self::DirectoryAccount => "directory_account",
        }
    }

    /// A short, constant summary of the problem type (RFC 9457 `title`).
    pub const fn title(self) -> &'static str {
        match self {
            Self::MalformedBody => "Malformed request body",
            Self::UnsupportedMediaType => "Unsupported media type",
            Self::PayloadTooLarge => "Request body too large",
            Self::RequestTimeout => "Request timeout",
            Self::ValidationFailed => "Invalid input",
            Self::InvalidCredentials => "Sign-in failed",
            Self::InvalidCode => "Verification code not accepted",
            Self::Unauthenticated => "Authentication required",
            Self::AccountLocked => "Account locked",
            Self::AccountDisabled => "Account disabled",
            Self::AuaRequired => "Acceptable Use Agreement required",
            Self::Forbidden => "Forbidden",
            Self::ReauthenticationRequired => "Password confirmation required",
            Self::CsrfFailed => "Cross-site request refused",
            Self::CaptchaInvalid => "CAPTCHA answer required",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed => "Method not allowed",
            Self::Conflict => "Conflict",
            Self::TokenExpired => "Link or code expired",
            Self::TokenUsed => "Link or code already used",
            Self::RateLimited => "Too many requests",
            Self::Unavailable => "Service unavailable",
            Self::Busy => "Server busy",
            Self::Internal => "Internal error",
            Self::DirectoryUnavailable => "Directory unavailable",
            Self::DirectoryLocked => "Network account locked",
            Self::DirectoryPasswordExpired => "Network password expired",
            Self::DirectoryPasswordChangeRequired => "Network password change required",
            Self::DirectoryAccountDisabled => "Network account disabled",
            Self::DirectoryAccountExpired => "Network account expired",
            Self::DirectorySigninRestricted => "Network sign-in restricted",
            Self::DirectoryAccount => "Directory account",
        }
    }

    /// The RFC 9457 `type` URI of this problem (a stable URN; documented in
    /// the OpenAPI description).
    pub fn type_uri(self) -> String {
        format!("urn:iamonline:problem:{}", self.as_str())
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the client must show next in a multi-step flow (sign-in, recovery,
/// activation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NextStep {
    ChooseMethod,
    Password,
    /// Password recall: password and a CAPTCHA (docs/product.md §3.1).
    Recall,
    EmailCode,
    /// The user's policy asks for a security method they have not set up
    /// ("Set up required"); `methods` lists what would do.
    SetupRequired,
    Confidentiality,
    /// The account is locked: offer Forgot Password.
    Locked,
    Done,
}

/// RFC 9457 problem details, with the extension members of the API contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URN naming the problem type.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    /// The human-readable explanation, suitable to show the user.
    pub detail: String,
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<NextStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_remaining: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha_required: Option<bool>,
    /// Field name → list of rule codes that failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_errors: Option<BTreeMap<String, Vec<String>>>,
    /// For a refused file (a user import): every bad line, with the field
    /// and the rule it broke.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_errors: Option<Vec<LineError>>,
    /// The catalogue text `detail` was written from, so the server can
    /// answer in the reader's language. Never on the wire.
    #[serde(skip)]
    pub text: Option<crate::i18n::LocalText>,
}

/// One bad line of an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineError {
    /// The line of a CSV file (the header is line 1), or the 1-based
    /// position of the record in a JSON array.
    pub line: u64,
    pub field: String,
    /// The rule: `required`, `invalid_name`, `duplicate_username`,
    /// `unknown_org_code`, `unsupported_hash`, …
    pub code: String,
}

impl Problem {
    /// A problem with the code's own status and title.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            problem_type: code.type_uri(),
            title: code.title().to_owned(),
            status: code.status(),
            detail: detail.into(),
            code,
            next_step: None,
            attempts_remaining: None,
            captcha_required: None,
            field_errors: None,
            line_errors: None,
            text: None,
        }
    }

    /// A problem whose detail is a catalogue text, `{name}`s filled: in
    /// English here, in the reader's language once the server answers.
    pub fn localized(code: ErrorCode, msg: crate::i18n::Msg, args: &[(&str, &str)]) -> Self {
        let text = crate::i18n::LocalText::new(msg, args);
        let mut problem = Self::new(code, text.render(crate::i18n::Lang::En));
        problem.text = Some(text);
        problem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_serialises_to_its_wire_name() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap_or_default();
            assert_eq!(json, serde_json::Value::from(code.as_str()), "{code:?}");
        }
    }

    #[test]
    fn every_code_is_a_client_or_server_error() {
        for code in ErrorCode::ALL {
            assert!(
                (400..600).contains(&code.status()),
                "{code:?} has status {}",
                code.status()
            );
        }
    }

    #[test]
    fn problem_json_has_the_rfc_9457_members_and_omits_empty_extensions() {
        let problem = Problem::new(
            ErrorCode::MalformedBody,
            "The request body is not valid JSON.",
        );
        let json = serde_json::to_value(&problem).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "type": "urn:iamonline:problem:malformed_body",
                "title": "Malformed request body",
                "status": 400,
                "detail": "The request body is not valid JSON.",
                "code": "malformed_body"
            })
        );
    }
}
