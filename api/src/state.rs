//! What every handler can reach, built once by `startup`.

use std::future::{ready, Ready};
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};

use crate::auth::keys::SigningKeys;
use crate::client_address::{self, TrustedProxies};
use crate::clock::Clock;
use crate::config::Settings;
use crate::crypto::PasswordHasher;
use crate::db::Db;
use crate::error::AppError;
use crate::services::RequestMeta;

/// Shared application state (`web::Data<AppState>`).
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub hasher: PasswordHasher,
    pub keys: Arc<SigningKeys>,
    /// Whose `X-Forwarded-For` is believed (`trusted_proxies`, parsed once).
    pub trusted_proxies: TrustedProxies,
    /// The accounts' mail domains, for fake masked addresses.
    pub mask_domains: Arc<crate::services::mask_domains::MaskDomains>,
    /// Seals queued mail bodies (`crypto::seal`).
    pub mail_sealer: Arc<crate::crypto::seal::Sealer>,
    /// Seals authenticator-app secrets, under a key of their own.
    pub authenticator_sealer: Arc<crate::crypto::seal::Sealer>,
    /// The WebAuthn relying party; `None` (passkeys off) when
    /// `IAM_PUBLIC_URL` names an IP address.
    pub webauthn: Option<Arc<webauthn_rs::Webauthn>>,
    /// The agency directory for central office; `None` without `ldap_url`
    /// (central office then keeps local passwords).
    pub directory: Option<Arc<crate::directory::Directory>>,
    /// The keys that sign what applications receive; re-read every minute
    /// (`auth::oidc_keys`).
    pub oidc_keys: crate::auth::oidc_keys::SharedKeyRing,
}

/// Who is asking and when: the caller (address behind trusted proxies:
/// `client_address`; user agent; the device cookie's digest), read once by
/// the extractor for the audit trail and session records, and the
/// injected clock. Handlers take it as an argument, so none reads the
/// request or the state's clock itself, and services get plain values,
/// never actix types.
pub struct RequestContext {
    pub meta: RequestMeta,
    /// Read when the handler asks (`ctx.clock.now()`), not when the request
    /// arrived: extractors run before the body is in, and a client that
    /// sends its body slowly must not move the handler's clock back (a
    /// refresh token's grace is counted from it).
    pub clock: Arc<dyn Clock>,
}

impl RequestContext {
    fn of(req: &HttpRequest, state: &AppState) -> Self {
        Self {
            meta: RequestMeta {
                ip: client_address::of(req).map(|ip| ip.to_string()),
                user_agent: req
                    .headers()
                    .get(actix_web::http::header::USER_AGENT)
                    .and_then(|v| v.to_str().ok())
                    .map(|ua| ua.chars().take(256).collect()),
                device: crate::device_cookie::of(req, &state.keys.identifier_key),
                lang: crate::i18n::asked(req, &state.settings.languages),
            },
            clock: Arc::clone(&state.clock),
        }
    }
}

impl FromRequest for RequestContext {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.app_data::<web::Data<AppState>>()
                .map(|state| Self::of(req, state))
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("no AppState registered"))),
        )
    }
}
