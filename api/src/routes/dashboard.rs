//! The dashboard (docs/product.md §8): tiles, sections, home cards, and the
//! ImmTrac2 application home behind its tile.

use actix_web::{get, post, put, web, HttpResponse};
use iam_shared::dto::dashboard::{DashboardResponse, SectionRequest};
use iam_shared::Problem;
use validator::Validate;

use crate::auth::Authenticated;
use crate::error::AppResult;
use crate::services::dashboard;
use crate::state::{AppState, RequestContext};

/// The dashboard: "My Apps", "My Applications" and the user's own sections,
/// each tile locked until the AUA is signed; the home cards (with counts)
/// and panels.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    get, path = "/api/v1/dashboard", tag = "aua", operation_id = "get_dashboard",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Sections, cards and panels", body = DashboardResponse),
    )
)]
#[get("/dashboard")]
#[tracing::instrument(skip_all)]
pub async fn get_dashboard(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
) -> AppResult<HttpResponse> {
    let (settings, now) = (state.settings.clone(), state.clock.now());
    let lang = ctx.meta.reply_lang();
    let body = auth
        .run(&state, move |conn, session| {
            dashboard::dashboard(conn, &settings, &session.user_id, lang, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// The ImmTrac2 application home (where the ImmTrac2 door lands): who is
/// signed in and for which organization. Behind the AUA gate, on the
/// server: a user whose Acceptable Use Agreement is missing or expired is
/// refused, whatever the client shows.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    get, path = "/api/v1/apps/immtrac2", tag = "aua", operation_id = "get_immtrac2_home",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in user and the active organization", body = iam_shared::dto::session::SessionResponse),
        (status = 403, description = "The Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/apps/immtrac2")]
#[tracing::instrument(skip_all)]
pub async fn get_immtrac2_home(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> AppResult<HttpResponse> {
    let (settings, now) = (state.settings.clone(), state.clock.now());
    let body = auth
        .run_with_account(&state, move |conn, session, user| {
            dashboard::application_home(conn, &settings, &session, &user, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// "Add section": a section of the user's own, at the end, holding the
/// named tiles (which leave any other section). Answers the dashboard.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    post, path = "/api/v1/dashboard/sections", tag = "aua", operation_id = "add_dashboard_section",
    security(("bearer" = [])),
    request_body = SectionRequest,
    responses(
        (status = 201, description = "Created; the whole dashboard", body = DashboardResponse),
        (status = 409, description = "Too many sections (20)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors`: `name` (`invalid_name`), `tiles` (`unknown_application`) (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/dashboard/sections")]
#[tracing::instrument(skip_all)]
pub async fn add_dashboard_section(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    body: web::Json<SectionRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (settings, now) = (state.settings.clone(), state.clock.now());
    let lang = ctx.meta.reply_lang();
    let request = body.into_inner();
    let board = auth
        .run(&state, move |conn, session| {
            dashboard::add_section(conn, &session.user_id, &request, now)?;
            dashboard::dashboard(conn, &settings, &session.user_id, lang, now)
        })
        .await?;
    Ok(HttpResponse::Created().json(board))
}

/// Rename one of the user's sections and set its tiles, in order (tiles
/// named here leave other sections; tiles left out go back to their
/// built-in group). Answers the dashboard.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    put, path = "/api/v1/dashboard/sections/{section_id}", tag = "aua", operation_id = "update_dashboard_section",
    security(("bearer" = [])),
    params(("section_id" = String, Path, description = "From the dashboard's sections")),
    request_body = SectionRequest,
    responses(
        (status = 200, description = "Updated; the whole dashboard", body = DashboardResponse),
        (status = 404, description = "No such section of this user", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors`: `name`, `tiles` (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/dashboard/sections/{section_id}")]
#[tracing::instrument(skip_all)]
pub async fn update_dashboard_section(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    path: web::Path<String>,
    body: web::Json<SectionRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (settings, now) = (state.settings.clone(), state.clock.now());
    let lang = ctx.meta.reply_lang();
    let (section_id, request) = (path.into_inner(), body.into_inner());
    let board = auth
        .run(&state, move |conn, session| {
            dashboard::update_section(conn, &session.user_id, &section_id, &request)?;
            dashboard::dashboard(conn, &settings, &session.user_id, lang, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(board))
}
