//! What every handler can reach, built once by `startup`.

use std::sync::Arc;

use actix_web::HttpRequest;
use tokio::sync::Notify;

use crate::auth::keys::SigningKeys;
use crate::client_address::{self, TrustedProxies};
use crate::clock::Clock;
use crate::config::Settings;
use crate::crypto::PasswordHasher;
use crate::db::Db;
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
    /// Whose `X-Forwarded-For` is believed (`trusted_proxies`, parsed once).
    pub trusted_proxies: TrustedProxies,
    /// The accounts' mail domains, for fake masked addresses.
    pub mask_domains: Arc<crate::services::mask_domains::MaskDomains>,
    /// Seals queued mail bodies (`mail::seal`).
    pub mail_sealer: Arc<crate::mail::seal::MailSealer>,
}

/// The caller's address (behind trusted proxies: `client_address`) and
/// user agent, for the audit trail and session records.
pub fn request_meta(req: &HttpRequest) -> RequestMeta {
    RequestMeta {
        ip: client_address::of(req).map(|ip| ip.to_string()),
        user_agent: req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(256).collect()),
        device: req
            .app_data::<actix_web::web::Data<AppState>>()
            .and_then(|state| crate::device_cookie::of(req, &state.keys.identifier_key)),
    }
}
