//! The application catalogue: tiles and their OpenID Connect clients.
//! Admins only (support staff get 403).

use actix_web::{get, post, put, web, HttpResponse};
use iam_shared::dto::applications::{
    ApplicationListResponse, ApplicationRequest, ApplicationSavedResponse,
};
use iam_shared::Problem;

use crate::auth::{StaffAnd, StaffBearer};
use crate::error::AppResult;
use crate::services::oidc::catalogue;
use crate::state::{AppState, RequestContext};

/// The catalogue in dashboard order, each entry with its client's settings
/// (never a secret).
///
/// **Auth:** bearer access token of an `admin`.
#[utoipa::path(
    get, path = "/api/v1/admin/applications", tag = "admin", operation_id = "admin_list_applications",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The catalogue", body = ApplicationListResponse),
        (status = 403, description = "Not an admin (`forbidden`), or the AUA lapsed (`aua_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/applications")]
#[tracing::instrument(skip_all)]
pub async fn list_applications(staff: StaffBearer) -> AppResult<HttpResponse> {
    let body = staff
        .run(|conn, staff| catalogue::list(conn, &staff.member()))
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Add an application: its tile and, with `client`, its OpenID Connect
/// client (client id = `id`). A confidential client's secret is in the
/// answer this once.
///
/// **Auth:** bearer access token of an `admin`.
#[utoipa::path(
    post, path = "/api/v1/admin/applications", tag = "admin", operation_id = "admin_create_application",
    security(("bearer" = [])),
    request_body = ApplicationRequest,
    responses(
        (status = 201, description = "Added", body = ApplicationSavedResponse),
        (status = 403, description = "Not an admin (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The id is taken (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (`validation_failed`, `field_errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/applications")]
#[tracing::instrument(skip_all)]
pub async fn create_application(
    state: web::Data<AppState>,
    ctx: RequestContext,
    StaffAnd(staff, body): StaffAnd<web::Json<ApplicationRequest>>,
) -> AppResult<HttpResponse> {
    let (now, meta, request) = (ctx.clock.now(), ctx.meta, body.into_inner());
    let saved = state
        .db
        .run(move |conn| catalogue::create(conn, &staff.member(), &request, &meta, now))
        .await?;
    Ok(HttpResponse::Created().json(saved))
}

/// Change an application and its client (without `client`, the client
/// stays as it is). `client.disabled` stops the client at once: it gets
/// no tokens, and those it holds stop working.
///
/// **Auth:** bearer access token of an `admin`.
#[utoipa::path(
    put, path = "/api/v1/admin/applications/{application_id}", tag = "admin", operation_id = "admin_update_application",
    security(("bearer" = [])),
    params(("application_id" = String, Path)),
    request_body = ApplicationRequest,
    responses(
        (status = 200, description = "Saved", body = ApplicationSavedResponse),
        (status = 403, description = "Not an admin (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (`validation_failed`, `field_errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/admin/applications/{application_id}")]
#[tracing::instrument(skip_all)]
pub async fn update_application(
    state: web::Data<AppState>,
    ctx: RequestContext,
    StaffAnd(staff, (path, body)): StaffAnd<(web::Path<String>, web::Json<ApplicationRequest>)>,
) -> AppResult<HttpResponse> {
    let (now, meta) = (ctx.clock.now(), ctx.meta);
    let (id, request) = (path.into_inner(), body.into_inner());
    let saved = state
        .db
        .run(move |conn| catalogue::update(conn, &staff.member(), &id, &request, &meta, now))
        .await?;
    Ok(HttpResponse::Ok().json(saved))
}

/// A new secret for the application's client, in the answer this once; the
/// old one stops working at once.
///
/// **Auth:** bearer access token of an `admin`.
#[utoipa::path(
    post, path = "/api/v1/admin/applications/{application_id}/secret", tag = "admin", operation_id = "admin_rotate_application_secret",
    security(("bearer" = [])),
    params(("application_id" = String, Path)),
    responses(
        (status = 200, description = "The new secret", body = ApplicationSavedResponse),
        (status = 403, description = "Not an admin (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such application or enabled client (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The client has no secret: public or private_key_jwt (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/applications/{application_id}/secret")]
#[tracing::instrument(skip_all)]
pub async fn rotate_application_secret(
    staff: StaffBearer,
    ctx: RequestContext,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (now, meta, id) = (ctx.clock.now(), ctx.meta, path.into_inner());
    let saved = staff
        .run(move |conn, staff| catalogue::rotate_secret(conn, &staff.member(), &id, &meta, now))
        .await?;
    Ok(HttpResponse::Ok().json(saved))
}
