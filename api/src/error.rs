//! The one error type of the API. Every failure becomes an RFC 9457
//! `application/problem+json` response with a stable `code`; unexpected
//! faults are logged with their cause chain and answered with a generic 500.

use std::collections::BTreeMap;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use iam_shared::i18n::{problems, Msg};
use iam_shared::{ErrorCode, NextStep, Problem};

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A failure of a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// An expected failure with its wire shape already decided.
    #[error("{}: {}", .0.code, .0.detail)]
    Problem(Box<Problem>),
    /// Too many requests; `retry_after_secs` goes into `Retry-After`.
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// More password checks are waiting than the hashing queue holds;
    /// `retry_after_secs` goes into `Retry-After`.
    #[error("password hashing queue full")]
    Busy { retry_after_secs: u64 },
    /// A dependency is down (the database pool timed out, say).
    #[error("service unavailable")]
    Unavailable(#[source] anyhow::Error),
    /// Anything else: a bug or an unplanned fault.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// The result type of services and handlers.
pub type AppResult<T> = Result<T, AppError>;

/// Work in a transaction that records something (an audit event, a counted
/// attempt) and may then refuse. The outer `Err` is a failure: the
/// transaction rolls back. The inner `Err` is a refusal: the transaction
/// commits what was recorded, and the refusal is answered after the
/// commit (`db.run(…).await??`). docs/architecture.md, "Who may call whom".
pub type CommitThenRefuse<T> = AppResult<AppResult<T>>;

impl AppError {
    /// An expected failure whose detail is a catalogue text, answered in
    /// the reader's language.
    pub fn text(code: ErrorCode, msg: Msg) -> Self {
        Self::Problem(Box::new(Problem::localized(code, msg, &[])))
    }

    /// An expected failure whose detail is a catalogue text with its
    /// `{name}` placeholders filled, answered in the reader's language.
    pub fn text_with(code: ErrorCode, msg: Msg, args: &[(&str, &str)]) -> Self {
        Self::Problem(Box::new(Problem::localized(code, msg, args)))
    }

    /// 404 for a resource that does not exist (or must not be revealed).
    pub fn not_found() -> Self {
        Self::text(ErrorCode::NotFound, problems::NOT_FOUND)
    }

    /// 422 with the failing rules of each field.
    pub fn validation(field_errors: BTreeMap<String, Vec<String>>) -> Self {
        let mut problem = Problem::localized(
            ErrorCode::ValidationFailed,
            problems::VALIDATION_FAILED,
            &[],
        );
        problem.field_errors = Some(field_errors);
        Self::Problem(Box::new(problem))
    }

    /// Attach the step the client must show next.
    pub fn with_next_step(mut self, step: NextStep) -> Self {
        if let Self::Problem(problem) = &mut self {
            problem.next_step = Some(step);
        }
        self
    }

    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Problem(problem) => problem.code,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Busy { .. } => ErrorCode::Busy,
            Self::Unavailable(_) => ErrorCode::Unavailable,
            Self::Unexpected(_) => ErrorCode::Internal,
        }
    }

    /// The problem document of this error, its detail in English.
    pub(crate) fn problem(&self) -> Problem {
        match self {
            Self::Problem(problem) => (**problem).clone(),
            _ => Problem::localized(self.code(), default_text(self.code()), &[]),
        }
    }
}

/// The human text for a code when nothing more specific is known: errors
/// actix raises itself, rate limits, outages and unexpected faults.
pub fn default_text(code: ErrorCode) -> Msg {
    match code {
        ErrorCode::NotFound => problems::NOT_FOUND,
        ErrorCode::MethodNotAllowed => problems::METHOD_NOT_ALLOWED,
        ErrorCode::PayloadTooLarge => problems::PAYLOAD_TOO_LARGE,
        ErrorCode::UnsupportedMediaType => problems::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::MalformedBody => problems::MALFORMED_BODY,
        ErrorCode::RateLimited => problems::RATE_LIMITED,
        ErrorCode::RequestTimeout => problems::REQUEST_TIMEOUT,
        ErrorCode::Unavailable => problems::UNAVAILABLE,
        ErrorCode::Busy => problems::BUSY,
        _ => problems::INTERNAL,
    }
}

impl From<validator::ValidationErrors> for AppError {
    fn from(errors: validator::ValidationErrors) -> Self {
        let fields = errors
            .field_errors()
            .into_iter()
            .map(|(field, errs)| {
                (
                    field.to_string(),
                    errs.iter().map(|e| e.code.to_string()).collect(),
                )
            })
            .collect();
        Self::validation(fields)
    }
}

impl From<crate::crypto::HashError> for AppError {
    fn from(error: crate::crypto::HashError) -> Self {
        match error {
            // A second is about what two queued checks per thread take.
            crate::crypto::HashError::Busy => Self::Busy {
                retry_after_secs: 1,
            },
            failed @ crate::crypto::HashError::Failed(_) => Self::Unexpected(failed.into()),
        }
    }
}

impl From<crate::db::DbError> for AppError {
    fn from(error: crate::db::DbError) -> Self {
        if error.is_unavailable() {
            Self::Unavailable(error.into())
        } else {
            Self::Unexpected(error.into())
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        // Two requests raced to create the same thing: the loser is told
        // so, as if it had checked a moment later.
        if matches!(
            error,
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)
        ) {
            return Self::text(ErrorCode::Conflict, problems::CONFLICT_RACE);
        }
        crate::db::DbError::from(error).into()
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Unexpected(error) => {
                tracing::error!(error.cause_chain = ?error, "unexpected error")
            }
            Self::Unavailable(error) => {
                tracing::warn!(error.cause_chain = ?error, "dependency unavailable")
            }
            _ => {}
        }
        let mut response = problem_response(&self.problem());
        if let Self::RateLimited { retry_after_secs } | Self::Busy { retry_after_secs } = self {
            if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

/// Render a problem document with its status and media type.
pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, PROBLEM_JSON))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(serde_json::to_string(problem).unwrap_or_default())
}

/// Map actix's JSON extractor failures to the error contract instead of
/// actix's plain-text defaults.
pub fn json_error(
    error: actix_web::error::JsonPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    let app_error = match &error {
        E::ContentType => AppError::text(
            ErrorCode::UnsupportedMediaType,
            problems::UNSUPPORTED_MEDIA_TYPE,
        ),
        E::Overflow { .. } | E::OverflowKnownLength { .. } => {
            AppError::text(ErrorCode::PayloadTooLarge, problems::PAYLOAD_TOO_LARGE)
        }
        E::Deserialize(e) if e.is_data() => describe_data_error(&e.to_string()),
        E::Deserialize(_) | E::Serialize(_) => {
            AppError::text(ErrorCode::MalformedBody, problems::MALFORMED_JSON)
        }
        _ => AppError::text(ErrorCode::MalformedBody, problems::UNREADABLE_BODY),
    };
    app_error.into()
}

/// serde's data errors name the offending field; type errors may echo the
/// value sent (which could be a password), so only field names are kept.
fn describe_data_error(message: &str) -> AppError {
    let head = message.split(" at line ").next().unwrap_or_default();
    if head.starts_with("unknown field") || head.starts_with("missing field") {
        let field = head.split('`').nth(1).unwrap_or_default();
        let what = if head.starts_with("unknown") {
            problems::UNKNOWN_FIELD
        } else {
            problems::MISSING_FIELD
        };
        AppError::text_with(ErrorCode::ValidationFailed, what, &[("field", field)])
    } else {
        AppError::text(ErrorCode::ValidationFailed, problems::WRONG_FIELD_TYPE)
    }
}

/// Query string extractor failures.
pub fn query_error(
    _error: actix_web::error::QueryPayloadError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    AppError::text(ErrorCode::ValidationFailed, problems::INVALID_QUERY).into()
}

/// Path extractor failures: the resource cannot exist.
pub fn path_error(
    _error: actix_web::error::PathError,
    _req: &actix_web::HttpRequest,
) -> actix_web::Error {
    AppError::not_found().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_errors_name_the_field_but_never_echo_values() {
        let detail = |message: &str| describe_data_error(message).problem().detail;
        assert_eq!(
            detail("unknown field `admin`, expected one of `a`, `b` at line 1 column 9"),
            "Unknown field `admin` in the request body."
        );
        assert_eq!(
            detail("missing field `email` at line 1 column 2"),
            "Missing field `email` in the request body."
        );
        let typed = detail("invalid type: string \"hunter2\", expected u32 at line 1 column 20");
        assert!(!typed.contains("hunter2"), "{typed}");
    }

    #[test]
    fn unexpected_errors_hide_their_cause() {
        let error = AppError::Unexpected(anyhow::anyhow!("connection string postgres://secret"));
        let problem = error.problem();
        assert_eq!(problem.code, ErrorCode::Internal);
        assert!(!problem.detail.contains("secret"));
        assert_eq!(error.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn rate_limited_errors_carry_retry_after() {
        let response = AppError::RateLimited {
            retry_after_secs: 7,
        }
        .error_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            Some("7")
        );
        assert_eq!(
            response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some(PROBLEM_JSON)
        );
    }
}
