//! The Acceptable Use Agreement (docs/product.md §8).

use actix_web::{get, post, web, HttpResponse};
use iam_shared::dto::aua::{AuaFormResponse, AuaSubmitRequest, AuaSubmitResponse};
use iam_shared::Problem;
use validator::Validate;

use crate::auth::Authenticated;
use crate::error::AppResult;
use crate::services::aua;
use crate::state::{AppState, RequestContext};

/// The AUA form: the choices, the acknowledgement, the policy version it
/// signs, prefilled names and address, and where the user stands.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    get, path = "/api/v1/aua", tag = "aua", operation_id = "get_aua",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The form and the user's status", body = AuaFormResponse),
    )
)]
#[get("/aua")]
#[tracing::instrument(skip_all)]
pub async fn get_aua(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
) -> AppResult<HttpResponse> {
    let (settings, now) = (state.settings.clone(), state.clock.now());
    let lang = ctx.meta.reply_lang();
    let body = auth
        .run(&state, move |conn, session| {
            aua::form(conn, &settings, &session.user_id, lang, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Sign the AUA. Every field is checked with the rules the form uses;
/// failures come back together in `field_errors`. The signature takes
/// effect at once (the dashboard's tiles unlock) and lapses after the
/// configured validity (365 days by default).
///
/// **Auth:** bearer access token.
#[utoipa::path(
    post, path = "/api/v1/aua", tag = "aua", operation_id = "submit_aua",
    security(("bearer" = [])),
    request_body = AuaSubmitRequest,
    responses(
        (status = 200, description = "Your signed AUA Form has been successfully submitted. Thank you.", body = AuaSubmitResponse),
        (status = 409, description = "The policy changed since the form was read (`conflict`): read the new version and sign again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors` for every field that fails its rule (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/aua")]
#[tracing::instrument(skip_all)]
pub async fn submit_aua(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    body: web::Json<AuaSubmitRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (settings, now, meta) = (state.settings.clone(), ctx.clock.now(), ctx.meta);
    let request = body.into_inner();
    let answer = auth
        .run(&state, move |conn, session| {
            aua::submit(conn, &settings, &session, &request, &meta, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
