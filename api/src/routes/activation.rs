//! Account activation: the Welcome e-mail's link, the e-mail code, and the
//! set-up of the password, phone and security question (docs/product.md §7).

use actix_web::{post, web, HttpResponse};
use iam_shared::dto::activation::{
    ActivationCompleteRequest, ActivationResponse, ActivationStartRequest,
};
use iam_shared::dto::signin::{EmailCodeSentResponse, EmailCodeVerifyRequest, SigninStepResponse};
use iam_shared::Problem;
use validator::Validate;

use crate::error::AppResult;
use crate::services::activation;
use crate::state::{AppState, RequestContext};

/// Open an activation from the Welcome e-mail's link (the token travels in
/// the link's fragment; the page posts it). Nothing is used up: a mail
/// scanner that opens the link cannot spend it.
///
/// **Auth:** the link's token.
#[utoipa::path(
    post, path = "/api/v1/activation", tag = "onboarding", operation_id = "start_activation",
    request_body = ActivationStartRequest,
    responses(
        (status = 200, description = "The activation is open: send the e-mail code next", body = ActivationResponse),
        (status = 404, description = "No such link", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link expired (`token_expired`, after 7 days) or was used (`token_used`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activation")]
#[tracing::instrument(skip_all)]
pub async fn start_activation(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Json<ActivationStartRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let answer = activation::start(&state, body.into_inner().token.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Send the e-mail code (or send it again: once per 30 seconds, 5 times an hour).
///
/// **Auth:** the activation id.
#[utoipa::path(
    post, path = "/api/v1/activation/{activation_id}/email-code", tag = "onboarding", operation_id = "send_activation_email_code",
    params(("activation_id" = String, Path, description = "From `POST /activation`")),
    responses(
        (status = 200, description = "Code sent to the masked address", body = EmailCodeSentResponse),
        (status = 404, description = "No such activation", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The activation expired (`token_expired`) or is complete (`token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Sent too recently or too often", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activation/{activation_id}/email-code")]
#[tracing::instrument(skip_all)]
pub async fn send_activation_email_code(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let answer = activation::send_code(&state, path.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Check the e-mail code; five wrong entries void it.
///
/// **Auth:** the activation id.
#[utoipa::path(
    post, path = "/api/v1/activation/{activation_id}/email-code/verify", tag = "onboarding", operation_id = "verify_activation_email_code",
    params(("activation_id" = String, Path, description = "From `POST /activation`")),
    request_body = EmailCodeVerifyRequest,
    responses(
        (status = 200, description = "Verified: set up the account next (`next_step: set_up`)", body = ActivationResponse),
        (status = 401, description = "Wrong or used-up code (`invalid_code`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activation", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The activation or the code expired (`token_expired`), or the activation is complete (`token_used`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activation/{activation_id}/email-code/verify")]
#[tracing::instrument(skip_all)]
pub async fn verify_activation_email_code(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
    body: web::Json<EmailCodeVerifyRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let answer =
        activation::verify_code(&state, path.into_inner(), body.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// "Set up security methods": the password (policy of docs/product.md §4), a phone
/// number and a security question with its answer (stored hashed; support
/// uses it to verify callers). The account becomes active and the answer
/// is a sign-in at the Confidentiality Statement: accepting it
/// (`/signin/{transaction_id}/agree`) opens the session.
///
/// **Auth:** the activation id, after the e-mail code.
#[utoipa::path(
    post, path = "/api/v1/activation/{activation_id}/complete", tag = "onboarding", operation_id = "complete_activation",
    params(("activation_id" = String, Path, description = "From `POST /activation`")),
    request_body = ActivationCompleteRequest,
    responses(
        (status = 200, description = "Active: `next_step: confidentiality`", body = SigninStepResponse),
        (status = 404, description = "No such activation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail code is not verified yet", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link expired (`token_expired`) or was used meanwhile (`token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors`: failed password rules, `confirm_password: [mismatch]`, `phone`, `security_question`, `security_answer` (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activation/{activation_id}/complete")]
#[tracing::instrument(skip_all)]
pub async fn complete_activation(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
    body: web::Json<ActivationCompleteRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let answer =
        activation::complete(&state, path.into_inner(), body.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok().json(answer))
}
