//! The applications a user allowed ("Manage My Access").

use actix_web::{delete, get, web, HttpResponse};
use iam_shared::dto::authorize::ConsentListResponse;
use iam_shared::Problem;

use crate::auth::Authenticated;
use crate::error::AppResult;
use crate::services::oidc::consents;
use crate::state::{AppState, RequestContext};

/// The third-party applications you allowed on the consent screen, with
/// what each may see. (The agency's own applications need no consent.)
///
/// **Auth:** bearer access token.
#[utoipa::path(
    get, path = "/api/v1/consents", tag = "oidc", operation_id = "list_consents",
    security(("bearer" = [])),
    responses((status = 200, description = "Newest first", body = ConsentListResponse))
)]
#[get("/consents")]
#[tracing::instrument(skip_all)]
pub async fn list_consents(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> AppResult<HttpResponse> {
    let body = auth
        .run(&state, move |conn, session| {
            consents::list(conn, &session.user_id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Take back what you allowed an application: what it holds of you
/// (refresh and access tokens) stops working at once, and its next
/// sign-in asks you again.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    delete, path = "/api/v1/consents/{client_id}", tag = "oidc", operation_id = "withdraw_consent",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "From `GET /consents`")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 404, description = "You have not allowed that application (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/consents/{client_id}")]
#[tracing::instrument(skip_all)]
pub async fn withdraw_consent(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (now, meta, client_id) = (ctx.clock.now(), ctx.meta, path.into_inner());
    auth.run(&state, move |conn, session| {
        consents::withdraw(conn, &session.user_id, &client_id, &meta, now)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
