//! What every handler can reach, built once by `startup`.

use std::sync::Arc;

use actix_web::HttpRequest;
use tokio::sync::Notify;

use crate::clock::Clock;
use crate::config::Settings;
use crate::crypto::PasswordHasher;
use crate::db::Db;
use crate::keys::SigningKeys;
use crate::services::RequestMeta;

/// Shared application state (`web::Data<AppState>`).
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub hasher: PasswordHasher,
    pub keys: Arc<SigningKeys>,
    /// Wakes the outbox sender right after mail was queued.
    pub outbox_wake: Arc<Notify>,
}

/// The caller's address and user agent, for the audit trail. The peer
/// address is used as is: forwarded headers are spoofable unless a trusted
/// proxy is configured, which this deployment does not have.
pub fn request_meta(req: &HttpRequest) -> RequestMeta {
    RequestMeta {
        ip: req.peer_addr().map(|a| a.ip().to_string()),
        user_agent: req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(256).collect()),
    }
}
