//! Passwords: the strength meter's server side (more with the recovery flows).

use actix_web::{post, web, HttpRequest, HttpResponse};
use iam_shared::dto::password::{
    ForgotPasswordRequest, PasswordChangeRequest, PasswordEvaluateRequest,
    PasswordEvaluateResponse, PasswordResetRequest, PasswordRuleResult, ResetInspectRequest,
    ResetInspectResponse,
};
use iam_shared::dto::MessageResponse;
use iam_shared::password::{PasswordOwner, Verdict};
use iam_shared::Problem;
use validator::Validate;

use crate::auth::Authenticated;
use crate::domain::password::evaluate;
use crate::error::{AppError, AppResult};
use crate::services::{password_forgot, password_reset};
use crate::state::{request_meta, AppState};

/// Rate a password against every rule of the policy and estimate its
/// strength, for the live checklist and the strength meter. The password
/// is neither logged nor stored; `not_recent` is checked only when a
/// password is saved (`checked: false` here).
///
/// **Auth:** none (rate limited per IP address).
#[utoipa::path(
    post, path = "/api/v1/password/evaluate", tag = "password", operation_id = "evaluate_password",
    request_body = PasswordEvaluateRequest,
    responses(
        (status = 200, description = "Every rule with its verdict, and the strength", body = PasswordEvaluateResponse),
        (status = 422, description = "Longer than 1,024 characters, or a name field too long", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/evaluate")]
#[tracing::instrument(skip_all)]
pub async fn evaluate_password(
    body: web::Json<PasswordEvaluateRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let request = body.into_inner();
    // The estimator is CPU work: off the request threads.
    let evaluation = web::block(move || {
        let owner = PasswordOwner {
            username: request.username.as_deref().unwrap_or(""),
            first_name: request.first_name.as_deref().unwrap_or(""),
            last_name: request.last_name.as_deref().unwrap_or(""),
        };
        evaluate(request.password.expose(), &owner)
    })
    .await
    .map_err(|e| AppError::Unexpected(anyhow::anyhow!("password evaluation: {e}")))?;
    Ok(HttpResponse::Ok().json(PasswordEvaluateResponse {
        rules: evaluation
            .checks
            .iter()
            .map(|c| PasswordRuleResult {
                rule: c.rule.to_owned(),
                passed: c.verdict == Verdict::Passed,
                checked: c.verdict != Verdict::Unchecked,
            })
            .collect(),
        strength: evaluation.strength,
        feedback: evaluation.feedback,
    }))
}

/// Is a reset link still good, and for whom (the username only)? Secrets
/// never travel in a URL: links carry the token in the fragment and the
/// page posts it here. Nothing is consumed.
///
/// **Auth:** the link's token.
#[utoipa::path(
    post, path = "/api/v1/password/reset/inspect", tag = "password", operation_id = "inspect_reset_link",
    request_body = ResetInspectRequest,
    responses(
        (status = 200, description = "The link works", body = ResetInspectResponse),
        (status = 403, description = "The account is disabled", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such link", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link expired (`token_expired`) or was used (`token_used`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/reset/inspect")]
#[tracing::instrument(skip_all)]
pub async fn inspect_reset_link(
    state: web::Data<AppState>,
    body: web::Json<ResetInspectRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let answer = password_reset::inspect(&state, body.into_inner().token.into_inner()).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Set a new password with a reset link: the whole policy and the last 24
/// passwords are checked; the failure counters start again and a locked
/// account is unlocked; "Sign me out of all other devices" ends every
/// session. The owner is told by e-mail, with a Report Suspicious Activity link.
///
/// **Auth:** the link's token.
#[utoipa::path(
    post, path = "/api/v1/password/reset", tag = "password", operation_id = "reset_password",
    request_body = PasswordResetRequest,
    responses(
        (status = 200, description = "Password Updated", body = MessageResponse),
        (status = 403, description = "The account is disabled", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such link", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link expired or was used", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors`: the failed rules of `new_password` (`not_recent` for a reused one), or `confirm_password: [mismatch]`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/reset")]
#[tracing::instrument(skip_all)]
pub async fn reset_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<PasswordResetRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    password_reset::reset(&state, body.into_inner(), request_meta(&req)).await?;
    Ok(HttpResponse::Ok().json(MessageResponse {
        message: password_reset::PASSWORD_UPDATED.into(),
    }))
}

/// ImmTrac2 Forgot Password. A match mails a 24-hour reset link. A
/// mismatch says so (`invalid_credentials`, with `attempts_remaining`); the
/// third disables the account (`account_disabled`, with the support text).
/// Usernames that match no account get the same answers.
///
/// **Auth:** none (CAPTCHA required).
#[utoipa::path(
    post, path = "/api/v1/password/forgot", tag = "password", operation_id = "forgot_password",
    request_body = ForgotPasswordRequest,
    responses(
        (status = 200, description = "The link was sent", body = MessageResponse),
        (status = 401, description = "The information does not match (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Too many attempts: the account is disabled (`account_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid, or the CAPTCHA answer is wrong (`captcha_invalid`, not counted)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/forgot")]
#[tracing::instrument(skip_all)]
pub async fn forgot_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<ForgotPasswordRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let message = password_forgot::forgot(&state, body.into_inner(), request_meta(&req)).await?;
    Ok(HttpResponse::Ok().json(MessageResponse {
        message: message.into(),
    }))
}

/// Report Suspicious Activity: the one-time link of the "password changed"
/// e-mail. Every session of the account ends, the account is locked (a
/// password reset unlocks it) and support sees the report in the audit trail.
///
/// **Auth:** the link's token.
#[utoipa::path(
    post, path = "/api/v1/password/report-suspicious", tag = "password", operation_id = "report_suspicious_activity",
    request_body = ResetInspectRequest,
    responses(
        (status = 200, description = "Reported: signed out everywhere and locked", body = MessageResponse),
        (status = 404, description = "No such link", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link expired or was used", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/report-suspicious")]
#[tracing::instrument(skip_all)]
pub async fn report_suspicious_activity(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<ResetInspectRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    password_reset::report_suspicious(
        &state,
        body.into_inner().token.into_inner(),
        request_meta(&req),
    )
    .await?;
    Ok(HttpResponse::Ok().json(MessageResponse {
        message: password_reset::REPORT_RECEIVED.into(),
    }))
}

/// Change the password of the signed-in user: the current password, the
/// whole policy and the history are checked; other sessions stay; the owner
/// gets the "password changed" e-mail with its report link.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    post, path = "/api/v1/password/change", tag = "password", operation_id = "change_password",
    security(("bearer" = [])),
    request_body = PasswordChangeRequest,
    responses(
        (status = 200, description = "Password Updated", body = MessageResponse),
        (status = 401, description = "No live session", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors`: `current_password: [incorrect]`, the failed rules of `new_password`, or `confirm_password: [mismatch]`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/change")]
#[tracing::instrument(skip_all)]
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    auth: Authenticated,
    body: web::Json<PasswordChangeRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    password_reset::change(
        &state,
        auth.session.user_id,
        body.into_inner(),
        request_meta(&req),
    )
    .await?;
    Ok(HttpResponse::Ok().json(MessageResponse {
        message: password_reset::PASSWORD_UPDATED.into(),
    }))
}
