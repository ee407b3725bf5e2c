//! Per-IP rate limit on the public JSON API's writes (docs/product.md §10), on top of
//! the per-account counters. Counts live in the database (`throttle_counters`,
//! one row per address and minute, keyed by an HMAC of the address), so
//! several instances on one PostgreSQL share one limit.

use std::future::Future;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::web;
use chrono::{DateTime, Utc};

use crate::crypto;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

const WINDOW_SECS: i64 = 60;

/// Count one request from `ip` (a `client_address::limit_key`) in the current minute; refuse it with 429
/// and `Retry-After` once the configured limit is reached.
pub async fn check(state: &AppState, ip: &str, now: DateTime<Utc>) -> AppResult<()> {
    let limit = state.settings.rate_limit_per_minute;
    if limit == 0 {
        return Ok(());
    }
    let window = now.timestamp().div_euclid(WINDOW_SECS);
    let window_end = DateTime::<Utc>::from_timestamp((window + 1) * WINDOW_SECS, 0).unwrap_or(now);
    let key = crypto::keyed_digest(
        &state.keys.identifier_key,
        &format!("rate-limit\0{ip}\0{window}"),
    );
    let limit = i32::try_from(limit).unwrap_or(i32::MAX);
    let (at, until) = (db::to_db_time(now), db::to_db_time(window_end));
    let counted = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                db::throttle::reserve(conn, &key, "rate_limit", limit, at, until)
            })
            .map_err(AppError::from)
        })
        .await?;
    match counted {
        Some(_) => Ok(()),
        None => Err(AppError::RateLimited {
            retry_after_secs: u64::try_from((window_end - now).num_seconds().max(1)).unwrap_or(1),
        }),
    }
}

/// Middleware for `/api/v1`: every POST is counted against its client's
/// address (`client_address`: behind trusted proxies, the forwarded one).
pub fn limit_writes<S, B>(
    req: ServiceRequest,
    service: &S,
) -> impl Future<Output = Result<ServiceResponse<B>, actix_web::Error>> + use<S, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let counted = *req.method() == Method::POST;
    limit_if(counted, req, service)
}

/// Middleware for `/oauth2`: the endpoints a stranger's browser reaches
/// without credentials (authorize and logout, which store a pending
/// request whichever the method) count like `/api/v1` writes; the others
/// authenticate a client or a token first, and an application's server
/// sends all its users' exchanges from one address.
pub fn limit_interactions<S, B>(
    req: ServiceRequest,
    service: &S,
) -> impl Future<Output = Result<ServiceResponse<B>, actix_web::Error>> + use<S, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let path = req.path();
    let counted = path.ends_with("/authorize") || path.ends_with("/logout");
    limit_if(counted, req, service)
}

fn limit_if<S, B>(
    counted: bool,
    req: ServiceRequest,
    service: &S,
) -> impl Future<Output = Result<ServiceResponse<B>, actix_web::Error>> + use<S, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let ip = crate::client_address::of(req.request()).map(crate::client_address::limit_key);
    let response = service.call(req);
    async move {
        if let (true, Some(state), Some(ip)) = (counted, state, ip) {
            check(&state, &ip, state.clock.now()).await?;
        }
        response.await
    }
}
