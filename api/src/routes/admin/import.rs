//! Importing accounts from a legacy system (admins only).

use actix_web::{web, HttpRequest, HttpResponse};
use iam_shared::i18n::problems;
use iam_shared::Problem;

use crate::auth::Staff;
use crate::error::AppResult;
use crate::state::{AppState, RequestContext};

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
    ctx: RequestContext,
    staff: Staff,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    use crate::services::import::{self, ImportFormat};
    if !staff.is_admin {
        return Err(crate::error::AppError::text(
            iam_shared::ErrorCode::Forbidden,
            problems::ADMIN_ONLY_IMPORTS,
        ));
    }
    let content_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let format = ImportFormat::from_hint(content_type).ok_or_else(|| {
        crate::error::AppError::text(
            iam_shared::ErrorCode::UnsupportedMediaType,
            problems::IMPORT_MEDIA_TYPE,
        )
    })?;
    let (now, meta, staff_id) = (ctx.clock.now(), ctx.meta, staff.user_id().to_owned());
    let report = state
        .db
        .run(move |conn| {
            import::import_users(conn, &body, format, Some(&staff_id), "api", &meta, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}
