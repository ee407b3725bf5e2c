//! Deciding requests for accounts and access.

use actix_web::{get, post, web, HttpResponse};
use iam_shared::dto::access::{
    AccessRequestListResponse, AccessRequestQuery, ApproveRequest, DecisionResponse, RejectRequest,
};
use iam_shared::Problem;
use validator::Validate;

use crate::auth::{Staff, StaffAnd};
use crate::error::AppResult;
use crate::services::access_requests;
use crate::state::{AppState, RequestContext};

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
    ctx: RequestContext,
    path: web::Path<String>,
    StaffAnd(staff, body): StaffAnd<web::Json<ApproveRequest>>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let request_id = path.into_inner();
    decide(
        state,
        ctx,
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
    &crate::crypto::seal::Sealer,
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
    ctx: RequestContext,
    staff: Staff,
    request_id: String,
    body: B,
    service: DecisionService<B>,
) -> AppResult<HttpResponse> {
    let (settings, now, meta, sealer) = (
        state.settings.clone(),
        ctx.clock.now(),
        ctx.meta,
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
    ctx: RequestContext,
    path: web::Path<String>,
    StaffAnd(staff, body): StaffAnd<web::Json<RejectRequest>>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let request_id = path.into_inner();
    decide(
        state,
        ctx,
        staff,
        request_id,
        body.into_inner(),
        access_requests::reject,
    )
    .await
}
