//! The support console's API (docs/product.md §9). Every handler takes [`Staff`]: an
//! anonymous caller gets 401, a signed-in non-staff caller 403.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use iam_shared::dto::access::{
    AccessRequestListResponse, AccessRequestQuery, ApproveRequest, DecisionResponse, RejectRequest,
};
use iam_shared::dto::admin::{
    AdminUserDetail, AuditPageResponse, AuditQuery, CreateUserRequest, CreatedUserResponse,
    EvidenceQuery, UserListResponse, UserSearchQuery, VerifySecurityAnswerRequest,
    VerifySecurityAnswerResponse,
};
use iam_shared::Problem;
use secrecy::SecretString;
use validator::Validate;

use crate::auth::{Staff, StaffAnd};
use crate::error::AppResult;
use crate::services::access_requests;
use crate::services::admin::{self, AdminAction};
use crate::state::{request_meta, AppState};

/// Search accounts by username, e-mail address or name, and by status.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    get, path = "/api/v1/admin/users", tag = "admin", operation_id = "admin_search_users",
    security(("bearer" = [])),
    params(UserSearchQuery),
    responses(
        (status = 200, description = "One page of matching accounts, newest first", body = UserListResponse),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
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

/// Create an account. Its owner gets the "Welcome to IAMOnline!" e-mail
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
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`), or a staff role granted by non-admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The username (e-mail address) is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors`: names, `email`, `organizations` (`required`, `unknown_org_code`) (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users")]
#[tracing::instrument(skip_all)]
pub async fn create_user(
    state: web::Data<AppState>,
    StaffAnd(staff, body): StaffAnd<web::Json<CreateUserRequest>>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (settings, now, request) = (state.settings.clone(), state.clock.now(), body.into_inner());
    let sealer = state.mail_sealer.clone();
    let created = state
        .db
        .run(move |conn| {
            admin::create_user(conn, &settings, &sealer, &staff.member(), &request, now)
        })
        .await?;
    state.outbox_wake.notify_one();
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
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/users/{user_id}")]
#[tracing::instrument(skip_all)]
pub async fn get_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (now, user_id, meta) = (state.clock.now(), path.into_inner(), request_meta(&req));
    let (settings, staff_id) = (state.settings.clone(), staff.user_id().to_owned());
    let body = state
        .db
        .run(move |conn| admin::view_user(conn, &settings, &staff_id, &user_id, &meta, now))
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

async fn act(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    user_id: String,
    action: AdminAction,
) -> AppResult<HttpResponse> {
    let (settings, now, meta, sealer) = (
        state.settings.clone(),
        state.clock.now(),
        request_meta(&req),
        state.mail_sealer.clone(),
    );
    let body = state
        .db
        .run(move |conn| {
            admin::act(
                conn,
                &settings,
                &sealer,
                &staff.member(),
                &user_id,
                action,
                &meta,
                now,
            )
        })
        .await?;
    if matches!(
        action,
        AdminAction::ResendActivation | AdminAction::RequirePasswordChange
    ) {
        state.outbox_wake.notify_one();
    }
    Ok(HttpResponse::Ok().json(body))
}

/// Unlock a locked account (too many failed sign-ins): active again, its
/// failure counters cleared.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/unlock", tag = "admin", operation_id = "admin_unlock_user",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Unlocked; the account as it is now", body = AdminUserDetail),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`), or a staff account acted on by non-admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is not locked", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/unlock")]
#[tracing::instrument(skip_all)]
pub async fn unlock_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(state, req, staff, path.into_inner(), AdminAction::Unlock).await
}

/// Lift the blocks that failures from unknown devices set (password
/// sign-ins, ImmTrac2 resets): both unknown-device ladders start again.
/// The account's own state and counters are untouched.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/clear-device-blocks", tag = "admin", operation_id = "admin_clear_device_blocks",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Cleared; the account as it is now", body = AdminUserDetail),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`), or a staff account acted on by non-admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No failures from unknown devices to clear", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/clear-device-blocks")]
#[tracing::instrument(skip_all)]
pub async fn clear_device_blocks(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(
        state,
        req,
        staff,
        path.into_inner(),
        AdminAction::ClearDeviceBlocks,
    )
    .await
}

/// Require a new password (the current one may be compromised): the
/// account is locked until its owner sets a new password from the e-mailed
/// link; every session ends and no browser stays familiar.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/require-password-change", tag = "admin", operation_id = "admin_require_password_change",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Locked, signed out, link mailed; the account as it is now", body = AdminUserDetail),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`), or a staff account acted on by non-admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account has no password yet, is disabled, or is the caller's own", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/require-password-change")]
#[tracing::instrument(skip_all)]
pub async fn require_password_change(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(
        state,
        req,
        staff,
        path.into_inner(),
        AdminAction::RequirePasswordChange,
    )
    .await
}

/// Re-enable a disabled account (only support can): active again, its
/// counters cleared.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/enable", tag = "admin", operation_id = "admin_enable_user",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Enabled; the account as it is now", body = AdminUserDetail),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is not disabled", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/enable")]
#[tracing::instrument(skip_all)]
pub async fn enable_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(state, req, staff, path.into_inner(), AdminAction::Enable).await
}

/// Disable an account: it cannot sign in or recover itself until support
/// enables it, and its sessions end now.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/disable", tag = "admin", operation_id = "admin_disable_user",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Disabled; the account as it is now", body = AdminUserDetail),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already disabled, or the caller's own account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/disable")]
#[tracing::instrument(skip_all)]
pub async fn disable_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(state, req, staff, path.into_inner(), AdminAction::Disable).await
}

/// Send a pending account a new Welcome e-mail with a fresh 7-day
/// activation link; earlier links stop working.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/resend-activation", tag = "admin", operation_id = "admin_resend_activation",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Queued; the account as it is now", body = AdminUserDetail),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is activated already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/resend-activation")]
#[tracing::instrument(skip_all)]
pub async fn resend_activation(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(
        state,
        req,
        staff,
        path.into_inner(),
        AdminAction::ResendActivation,
    )
    .await
}

/// End every session of the account (it must sign in again everywhere).
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/revoke-sessions", tag = "admin", operation_id = "admin_revoke_sessions",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Revoked; the account as it is now", body = AdminUserDetail),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller's own account (use Sign out instead)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/revoke-sessions")]
#[tracing::instrument(skip_all)]
pub async fn revoke_sessions(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(
        state,
        req,
        staff,
        path.into_inner(),
        AdminAction::RevokeSessions,
    )
    .await
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
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
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
    req: HttpRequest,
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
        request_meta(&req),
    )
    .await?;
    Ok(HttpResponse::Ok().json(verdict))
}

/// Requests waiting for a decision (or decided ones, by `status`): POCs'
/// access requests and the public form's account and organization requests.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    get, path = "/api/v1/admin/access-requests", tag = "admin", operation_id = "admin_list_access_requests",
    security(("bearer" = [])),
    params(AccessRequestQuery),
    responses(
        (status = 200, description = "Waiting requests oldest first, decided ones newest first", body = AccessRequestListResponse),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/access-requests")]
#[tracing::instrument(skip_all)]
pub async fn list_access_requests(
    state: web::Data<AppState>,
    _staff: Staff,
    query: web::Query<AccessRequestQuery>,
) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let body = state
        .db
        .run(move |conn| access_requests::list_for_staff(conn, &query))
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Approve a request: the account is created (for an organization
/// registration, the organization too, with the requester as its POC) and
/// its owner gets the Welcome e-mail.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/access-requests/{request_id}/approve", tag = "admin", operation_id = "admin_approve_access_request",
    security(("bearer" = [])),
    params(("request_id" = String, Path, description = "From the list")),
    request_body = ApproveRequest,
    responses(
        (status = 200, description = "Approved; the account exists", body = DecisionResponse),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Decided already, or the org code or e-mail address is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors.org_code` (`required`, `unknown_org_code`, `invalid_org_code`) (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/access-requests/{request_id}/approve")]
#[tracing::instrument(skip_all)]
pub async fn approve_access_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    StaffAnd(staff, body): StaffAnd<web::Json<ApproveRequest>>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let request_id = path.into_inner();
    decide(
        state,
        req,
        staff,
        request_id,
        body.into_inner(),
        access_requests::approve,
    )
    .await
}

/// A decision service: approve or reject.
type DecisionService<B> = fn(
    &mut crate::db::DbConn,
    &crate::config::Settings,
    &crate::mail::seal::MailSealer,
    &str,
    &str,
    &B,
    &crate::services::RequestMeta,
    chrono::DateTime<chrono::Utc>,
) -> AppResult<DecisionResponse>;

/// Record a decision on a request and wake the mail sender (a Welcome or
/// rejection e-mail may be queued).
async fn decide<B: Send + 'static>(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    request_id: String,
    body: B,
    service: DecisionService<B>,
) -> AppResult<HttpResponse> {
    let (settings, now, meta, sealer) = (
        state.settings.clone(),
        state.clock.now(),
        request_meta(&req),
        state.mail_sealer.clone(),
    );
    let staff_id = staff.user_id().to_owned();
    let decision = state
        .db
        .run(move |conn| {
            service(
                conn,
                &settings,
                &sealer,
                &staff_id,
                &request_id,
                &body,
                &meta,
                now,
            )
        })
        .await?;
    state.outbox_wake.notify_one();
    Ok(HttpResponse::Ok().json(decision))
}

/// Reject a request with a reason: the POC sees it on the request; a
/// public requester is e-mailed it.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/access-requests/{request_id}/reject", tag = "admin", operation_id = "admin_reject_access_request",
    security(("bearer" = [])),
    params(("request_id" = String, Path, description = "From the list")),
    request_body = RejectRequest,
    responses(
        (status = 200, description = "Rejected", body = DecisionResponse),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Decided already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors.reason` (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/access-requests/{request_id}/reject")]
#[tracing::instrument(skip_all)]
pub async fn reject_access_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    StaffAnd(staff, body): StaffAnd<web::Json<RejectRequest>>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let request_id = path.into_inner();
    decide(
        state,
        req,
        staff,
        request_id,
        body.into_inner(),
        access_requests::reject,
    )
    .await
}

/// The audit trail, newest first, filtered by user, event type and time;
/// page backwards with `before_id`. The trail is append-only and
/// hash-chained (`iam-api verify-audit` checks it).
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    get, path = "/api/v1/admin/audit", tag = "admin", operation_id = "admin_audit",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of events", body = AuditPageResponse),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors.since` (`invalid_date`) or a bad `limit` (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/audit")]
#[tracing::instrument(skip_all)]
pub async fn audit(
    state: web::Data<AppState>,
    _staff: Staff,
    query: web::Query<AuditQuery>,
) -> AppResult<HttpResponse> {
    query.validate()?;
    let query = query.into_inner();
    let body = state
        .db
        .run(move |conn| admin::audit_page(conn, &query))
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Evidence of acceptances of the AUA and the Confidentiality Statement,
/// as CSV for an audit: time, document, version and content hash, user,
/// organization, channel, IP. The export itself is audited.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    get, path = "/api/v1/admin/evidence", tag = "admin", operation_id = "admin_export_evidence",
    security(("bearer" = [])),
    params(EvidenceQuery),
    responses(
        (status = 200, description = "RFC 4180 CSV, oldest first", body = String, content_type = "text/csv"),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors.document` (`unknown_document`) (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/evidence")]
#[tracing::instrument(skip_all)]
pub async fn export_evidence(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    query: web::Query<EvidenceQuery>,
) -> AppResult<HttpResponse> {
    let (now, meta, staff_id) = (
        state.clock.now(),
        request_meta(&req),
        staff.user_id().to_owned(),
    );
    let document = query.into_inner().document;
    let csv = state
        .db
        .run(move |conn| admin::evidence_csv(conn, &staff_id, document.as_deref(), &meta, now))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"acceptance-evidence.csv\"",
        ))
        .body(csv))
}

/// The largest import file (100 000 accounts take about 15 MB as CSV).
pub const IMPORT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Import legacy accounts with their existing password hashes (argon2,
/// bcrypt, PBKDF2-SHA256), as CSV (`text/csv`: a header line
/// `username,first_name,last_name,email,organizations,password_hash[,user_type]`,
/// organizations as `CODE` or `CODE:poc` separated by `;`) or JSON
/// (`application/json`: an array of `ImportRecord`). The file imports whole
/// or not at all; a refusal lists every bad line in `line_errors`. The
/// users sign in with their old password and are re-hashed to argon2id.
///
/// **Auth:** bearer access token of an `admin` user. Support staff may not
/// import: a file of accounts with chosen password hashes is a way to plant
/// a known password on any new account.
#[utoipa::path(
    post, path = "/api/v1/admin/users/import", tag = "admin", operation_id = "admin_import_users",
    security(("bearer" = [])),
    request_body(content(
        (String = "text/csv"),
        (Vec<iam_shared::dto::admin::ImportRecord> = "application/json"),
    )),
    responses(
        (status = 200, description = "Every account was imported", body = iam_shared::dto::admin::ImportResponse),
        (status = 401, description = "No live session (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator (`forbidden`), or the Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 64 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither CSV nor JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Nothing imported; `line_errors` names each bad line, field and rule (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn import_users(
    state: web::Data<AppState>,
    req: HttpRequest,
    staff: Staff,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    use crate::services::import::{self, ImportFormat};
    if !staff.is_admin {
        return Err(crate::error::AppError::new(
            iam_shared::ErrorCode::Forbidden,
            "Only an administrator can import accounts.",
        ));
    }
    let content_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let format = ImportFormat::from_hint(content_type).ok_or_else(|| {
        crate::error::AppError::new(
            iam_shared::ErrorCode::UnsupportedMediaType,
            "Send the file as text/csv or application/json.",
        )
    })?;
    let (now, meta, staff_id) = (
        state.clock.now(),
        request_meta(&req),
        staff.user_id().to_owned(),
    );
    let report = state
        .db
        .run(move |conn| {
            import::import_users(conn, &body, format, Some(&staff_id), "api", &meta, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}
