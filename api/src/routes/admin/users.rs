//! Finding, creating and inspecting accounts; checking a security answer.

use actix_web::{get, post, web, HttpResponse};
use iam_shared::dto::admin::{
    AdminUserDetail, CreateUserRequest, CreatedUserResponse, UserListResponse, UserSearchQuery,
    VerifySecurityAnswerRequest, VerifySecurityAnswerResponse,
};
use iam_shared::Problem;
use secrecy::SecretString;
use validator::Validate;

use crate::auth::{Staff, StaffAnd, StaffBearer};
use crate::error::AppResult;
use crate::services::admin::{self};
use crate::state::{AppState, RequestContext};

/// Search accounts by username, e-mail address or name, and by status.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    get, path = "/api/v1/admin/users", tag = "admin", operation_id = "admin_search_users",
    security(("bearer" = [])),
    params(UserSearchQuery),
    responses(
        (status = 200, description = "One page of matching accounts, newest first", body = UserListResponse),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A filter is invalid (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/users")]
#[tracing::instrument(skip_all)]
pub async fn search_users(
    state: web::Data<AppState>,
    _staff: Staff,
    query: web::Query<UserSearchQuery>,
) -> AppResult<HttpResponse> {
    query.validate()?;
    let query = query.into_inner();
    let body = state
        .db
        .run(move |conn| admin::search_users(conn, &query))
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Create an account. Its owner gets the "Welcome to IAMOnline" e-mail
/// with the username and a 7-day Activate Account link. External users get
/// a generated 2-4-2 username; central-office users and citizens use their
/// e-mail address. Only an admin grants `support` or `admin`.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users", tag = "admin", operation_id = "admin_create_user",
    security(("bearer" = [])),
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "Created; the Welcome e-mail is queued", body = CreatedUserResponse),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`), or a staff role granted by non-admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The username (e-mail address) is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors`: names, `email`, `organizations` (`required`, `unknown_org_code`) (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users")]
#[tracing::instrument(skip_all)]
pub async fn create_user(
    state: web::Data<AppState>,
    ctx: RequestContext,
    StaffAnd(staff, body): StaffAnd<web::Json<CreateUserRequest>>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (settings, now, request) = (state.settings.clone(), state.clock.now(), body.into_inner());
    let lang = ctx.meta.reply_lang();
    let sealer = state.mail_sealer.clone();
    let created = state
        .db
        .run(move |conn| {
            admin::create_user(
                conn,
                &settings,
                &sealer,
                &staff.member(),
                &request,
                lang,
                now,
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// One account: status, counters, organizations, live sessions, and its
/// timeline — the newest audit events and every e-mail sent to it with its
/// delivery state (bodies are never shown: they hold live links). The view
/// itself is audited.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    get, path = "/api/v1/admin/users/{user_id}", tag = "admin", operation_id = "admin_get_user",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "The account and its timeline", body = AdminUserDetail),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/users/{user_id}")]
#[tracing::instrument(skip_all)]
pub async fn get_user(
    state: web::Data<AppState>,
    ctx: RequestContext,
    staff: StaffBearer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (now, user_id, meta) = (ctx.clock.now(), path.into_inner(), ctx.meta);
    let settings = state.settings.clone();
    let body = staff
        .run(move |conn, staff| {
            admin::view_user(conn, &settings, staff.user_id(), &user_id, &meta, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Compare what a caller says with the account's security answer (set at
/// activation; compared trimmed and case-insensitively). Only the verdict
/// comes back; every check is audited.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/verify-security-answer", tag = "admin", operation_id = "admin_verify_security_answer",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    request_body = VerifySecurityAnswerRequest,
    responses(
        (status = 200, description = "Whether the answer matched", body = VerifySecurityAnswerResponse),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No answer on file", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors.answer` (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "This account's answer was checked 5 times this hour (`Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/verify-security-answer")]
#[tracing::instrument(skip_all)]
pub async fn verify_security_answer(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
    StaffAnd(staff, body): StaffAnd<web::Json<VerifySecurityAnswerRequest>>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let answer = SecretString::from(body.into_inner().answer.into_inner());
    let verdict = admin::verify_security_answer(
        &state,
        staff.user_id().to_owned(),
        path.into_inner(),
        answer,
        ctx.meta,
    )
    .await?;
    Ok(HttpResponse::Ok().json(verdict))
}
