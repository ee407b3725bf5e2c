//! Liveness and readiness probes.

use std::time::Duration;

use actix_web::{get, web, HttpResponse};
use iam_shared::dto::health::HealthResponse;
use iam_shared::i18n::problems;
use iam_shared::{ErrorCode, Problem};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Is the process up? Never touches the database.
///
/// **Auth:** none.
#[utoipa::path(
    get, path = "/healthz", tag = "ops", operation_id = "get_health",
    responses((status = 200, description = "The process is up", body = HealthResponse))
)]
#[get("/healthz")]
pub async fn get_health() -> HttpResponse {
    HttpResponse::Ok().json(HealthResponse {
        status: "ok".into(),
        database: None,
    })
}

/// Can this instance serve requests: is the database reachable within 2 s?
///
/// **Auth:** none.
#[utoipa::path(
    get, path = "/readyz", tag = "ops", operation_id = "get_readiness",
    responses(
        (status = 200, description = "Ready", body = HealthResponse),
        (status = 503, description = "The database is unreachable (`unavailable`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn get_readiness(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let reachable = tokio::time::timeout(Duration::from_secs(2), state.db.ping())
        .await
        .unwrap_or(false);
    if reachable {
        Ok(HttpResponse::Ok().json(HealthResponse {
            status: "ok".into(),
            database: Some("ok".into()),
        }))
    } else {
        Err(AppError::text(
            ErrorCode::Unavailable,
            problems::DATABASE_UNREACHABLE,
        ))
    }
}
