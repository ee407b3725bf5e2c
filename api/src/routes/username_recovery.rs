//! Forgot Username.

use actix_web::{post, web, HttpResponse};
use iam_shared::dto::username::UsernameRecoveryRequest;
use iam_shared::dto::MessageResponse;
use iam_shared::Problem;
use validator::Validate;

use crate::error::AppResult;
use crate::services::username_recovery;
use crate::state::{AppState, RequestContext};

/// Send the username(s) registered to an e-mail address, when first name,
/// last name and address match. The answer is the same whether or not they
/// do, so it never reveals an account.
///
/// **Auth:** none.
#[utoipa::path(
    post, path = "/api/v1/username/recovery", tag = "username", operation_id = "recover_username",
    request_body = UsernameRecoveryRequest,
    responses(
        (status = 200, description = "Always the same confirmation", body = MessageResponse),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or invalid (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/username/recovery")]
#[tracing::instrument(skip_all)]
pub async fn recover_username(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Json<UsernameRecoveryRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let started = std::time::Instant::now();
    let meta = ctx.meta;
    // The one answer, whether or not anything matched (no account
    // enumeration; OWASP Forgot Password cheat sheet).
    let message = meta.reply(iam_shared::i18n::problems::USERNAME_REQUEST_COMPLETE, &[]);
    let now = ctx.clock.now();
    let settings = state.settings.clone();
    let key = state.keys.identifier_key;
    let sealer = state.mail_sealer.clone();
    let request = body.into_inner();
    let outcome = state
        .db
        .run(move |conn| {
            username_recovery::recover_username(
                conn, &settings, &sealer, &key, &request, &meta, now,
            )
        })
        .await;
    // Failures too: only a match queues mail, so only a match could fail fast.
    crate::services::answer_no_sooner(started, state.settings.mail_answer_floor_ms).await;
    outcome?;
    Ok(HttpResponse::Ok().json(MessageResponse { message }))
}
