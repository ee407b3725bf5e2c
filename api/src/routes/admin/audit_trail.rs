//! The audit trail and the acceptance evidence.

use actix_web::{get, web, HttpResponse};
use iam_shared::dto::admin::{AuditPageResponse, AuditQuery, EvidenceQuery};
use iam_shared::Problem;
use validator::Validate;

use crate::auth::Staff;
use crate::error::AppResult;
use crate::services::admin::{self};
use crate::state::{AppState, RequestContext};

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
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors.document` (`unknown_document`) (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/evidence")]
#[tracing::instrument(skip_all)]
pub async fn export_evidence(
    state: web::Data<AppState>,
    ctx: RequestContext,
    staff: Staff,
    query: web::Query<EvidenceQuery>,
) -> AppResult<HttpResponse> {
    let (now, meta, staff_id) = (ctx.clock.now(), ctx.meta, staff.user_id().to_owned());
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
