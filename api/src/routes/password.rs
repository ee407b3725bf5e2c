//! Passwords: the strength meter, both Forgot Password flows, resets,
//! changes, and Report Suspicious Activity.

use actix_web::{post, web, HttpResponse};
use iam_shared::dto::password::{
    ForgotPasswordRequest, PasswordChangeRequest, PasswordEvaluateRequest,
    PasswordEvaluateResponse, PasswordRecoveryRequest, PasswordRecoveryResponse,
    PasswordResetRequest, PasswordResetResponse, PasswordRuleResult, RecoveryVerifyResponse,
    ResetInspectRequest, ResetInspectResponse,
};
use iam_shared::dto::signin::{EmailCodeSentResponse, EmailCodeVerifyRequest};
use iam_shared::dto::MessageResponse;
use iam_shared::i18n::problems;
use iam_shared::password::{PasswordOwner, Verdict};
use iam_shared::Problem;
use validator::Validate;

use crate::auth::Authenticated;
use crate::domain::password::evaluate;
use crate::error::{AppError, AppResult};
use crate::services::{password_forgot, password_recovery, password_reset};
use crate::state::{AppState, RequestContext};

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
        (status = 422, description = "Longer than 1,024 characters, or a name field too long (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/evaluate")]
#[tracing::instrument(skip_all)]
pub async fn evaluate_password(
    ctx: RequestContext,
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
        // Anonymous: the owner's organizations are not known (nor told).
        evaluate(request.password.expose(), &owner, &[])
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
        feedback: evaluation.feedback_in(ctx.meta.reply_lang()),
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
        (status = 403, description = "The account is disabled (`account_disabled`), or its password is the agency directory's (`directory_account`)", body = Problem, content_type = "application/problem+json"),
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
/// existing session. The owner is told by e-mail, with a Report Suspicious
/// Activity link. An IAMOnline link (`variant: iamonline` from
/// `/password/reset/inspect`) continues as a sign-in: the answer carries a
/// `transaction_id` at `next_step: confidentiality`, and accepting the
/// statement (`/signin/{transaction_id}/agree`) opens the session — the one
/// that stays when the others are signed out.
///
/// **Auth:** the link's token.
#[utoipa::path(
    post, path = "/api/v1/password/reset", tag = "password", operation_id = "reset_password",
    request_body = PasswordResetRequest,
    responses(
        (status = 200, description = "Password Updated", body = PasswordResetResponse),
        (status = 403, description = "The account is disabled (`account_disabled`), or its password is the agency directory's (`directory_account`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such link", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link expired (`token_expired`) or was used (`token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors`: the failed rules of `new_password` (`not_recent` for a reused one), or `confirm_password: [mismatch]` (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/reset")]
#[tracing::instrument(skip_all)]
pub async fn reset_password(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Json<PasswordResetRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let answer = password_reset::reset(&state, body.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// IAMOnline Forgot Password, screen 1: an e-mail address or a username.
/// The answer is the same whether or not an account matches: identifiers
/// that match none get a stable made-up masked address (and no e-mail).
///
/// **Auth:** none (rate limited per IP address).
#[utoipa::path(
    post, path = "/api/v1/password/recovery", tag = "password", operation_id = "start_password_recovery",
    request_body = PasswordRecoveryRequest,
    responses(
        (status = 200, description = "Where the e-mail would go", body = PasswordRecoveryResponse),
        (status = 422, description = "The identifier is empty or too long (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/recovery")]
#[tracing::instrument(skip_all)]
pub async fn start_password_recovery(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Json<PasswordRecoveryRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let answer = password_recovery::start(&state, body.into_inner().identifier, ctx.meta).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// "Send me an email": a Reset Password link and a 6-digit code, both valid
/// 5 minutes; a new e-mail voids the previous link and code. "Send again"
/// works once per 30 seconds and 5 times an hour (429 with `Retry-After`).
///
/// **Auth:** the recovery id.
#[utoipa::path(
    post, path = "/api/v1/password/recovery/{recovery_id}/send", tag = "password", operation_id = "send_password_recovery_email",
    params(("recovery_id" = String, Path, description = "From `POST /password/recovery`")),
    responses(
        (status = 200, description = "Sent to the masked address", body = EmailCodeSentResponse),
        (status = 404, description = "No such recovery", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The recovery expired (`token_expired`) or is complete (`token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Sent too recently or too often", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/recovery/{recovery_id}/send")]
#[tracing::instrument(skip_all)]
pub async fn send_password_recovery_email(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let answer = password_recovery::send(&state, path.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// The code of the recovery e-mail, traded for a reset token (what the
/// e-mail's link carries): post it to `/password/reset`. Five wrong entries
/// void the code.
///
/// **Auth:** the recovery id.
#[utoipa::path(
    post, path = "/api/v1/password/recovery/{recovery_id}/verify", tag = "password", operation_id = "verify_password_recovery_code",
    params(("recovery_id" = String, Path, description = "From `POST /password/recovery`")),
    request_body = EmailCodeVerifyRequest,
    responses(
        (status = 200, description = "The code is right", body = RecoveryVerifyResponse),
        (status = 404, description = "No such recovery", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The recovery is complete (`token_used`), or the code or recovery expired (`token_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong or used-up code (`invalid_code`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/recovery/{recovery_id}/verify")]
#[tracing::instrument(skip_all)]
pub async fn verify_password_recovery_code(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
    body: web::Json<EmailCodeVerifyRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let answer =
        password_recovery::verify(&state, path.into_inner(), body.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok().json(answer))
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
        (status = 422, description = "A field is invalid (`validation_failed`), or the CAPTCHA answer is wrong (`captcha_invalid`, not counted)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/forgot")]
#[tracing::instrument(skip_all)]
pub async fn forgot_password(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Json<ForgotPasswordRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let message = password_forgot::forgot(&state, body.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok().json(MessageResponse { message }))
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
        (status = 410, description = "The link expired (`token_expired`) or was used (`token_used`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/report-suspicious")]
#[tracing::instrument(skip_all)]
pub async fn report_suspicious_activity(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Json<ResetInspectRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let message = ctx.meta.reply(problems::REPORT_RECEIVED, &[]);
    password_reset::report_suspicious(&state, body.into_inner().token.into_inner(), ctx.meta)
        .await?;
    Ok(HttpResponse::Ok().json(MessageResponse { message }))
}

/// Change the password of the signed-in user: the current password, the
/// whole policy and the history are checked; other sessions stay unless
/// `sign_out_other_devices` (this one always stays); the owner gets the
/// "password changed" e-mail with its report link.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    post, path = "/api/v1/password/change", tag = "password", operation_id = "change_password",
    security(("bearer" = [])),
    request_body = PasswordChangeRequest,
    responses(
        (status = 200, description = "Password Updated", body = MessageResponse),
        (status = 403, description = "Too many wrong current passwords locked the account (`account_locked`), or its password is the agency directory's (`directory_account`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors`: `current_password: [incorrect]` (counted on the account's failed-password ladder, `attempts_remaining`), the failed rules of `new_password`, or `confirm_password: [mismatch]` (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/change")]
#[tracing::instrument(skip_all)]
pub async fn change_password(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    body: web::Json<PasswordChangeRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let session = auth.session(&state).await?;
    let message = ctx.meta.reply(problems::PASSWORD_UPDATED_MESSAGE, &[]);
    password_reset::change(&state, &session, body.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok().json(MessageResponse { message }))
}
