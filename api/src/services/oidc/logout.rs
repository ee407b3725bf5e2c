//! Logout (docs/oidc.md, "Logout"): an application asks the portal to end
//! the session (RP-Initiated Logout 1.0), and every application a session
//! signed in to hears when it ends (Back-Channel Logout 1.0).
//!
//! As with sign-in, the end-session endpoint checks and keeps the request
//! and the browser app, which holds the portal session, continues it. The
//! back-channel side does not care how a session ended (logout, "sign out
//! other devices", a password reset, Report Suspicious Activity, a support
//! revoke): a sweep finds live grants of ended sessions, revokes them and
//! queues a logout token for each application that asked for one.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use iam_shared::dto::authorize::{LogoutContinueResponse, LogoutNext};
use iam_shared::i18n::problems;
use jsonwebtoken::Validation;
use secrecy::ExposeSecret;
use serde_json::json;

use super::token::sign;
use crate::auth::oidc_keys::OidcKeyRing;
use crate::config::Settings;
use crate::crypto::{random_token, token_digest};
use crate::db::oauth::{self as store, DeliveryRow, DeliveryStatus, LogoutRequestRow};
use crate::db::sessions::SessionRow;
use crate::db::{self, DbConn};
use crate::domain::oauth::{PageReason, MAX_ECHOED_LEN};
use crate::error::{AppError, AppResult};
use crate::services::RequestMeta;

/// The `events` member of a logout token (Back-Channel Logout §2.4).
pub const BACKCHANNEL_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// How long a logout token is valid for; each attempt signs a new one.
const LOGOUT_TOKEN_TTL_SECS: i64 = 120;

/// The parameters of an end-session request, as received.
#[derive(Debug, Default, Clone)]
pub struct EndSessionParams {
    pub id_token_hint: Option<String>,
    pub client_id: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
}

impl EndSessionParams {
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
    ) -> Self {
        let mut params = Self::default();
        for (name, value) in pairs {
            let slot = match name.as_ref() {
                "id_token_hint" => &mut params.id_token_hint,
                "client_id" => &mut params.client_id,
                "post_logout_redirect_uri" => &mut params.post_logout_redirect_uri,
                "state" => &mut params.state,
                _ => continue,
            };
            slot.get_or_insert_with(|| value.into_owned());
        }
        params
    }
}

/// What the end-session endpoint answers.
#[derive(Debug)]
pub enum Started {
    Continue { handle: String },
    Refused(PageReason),
}

/// What an ID token this provider signed says, for `id_token_hint`: its
/// audience and session. An expired one still names them (the hint is
/// usually old); a forged or foreign one names nothing.
fn read_id_token_hint(
    keys: &OidcKeyRing,
    settings: &Settings,
    token: &str,
    now: DateTime<Utc>,
) -> Option<(String, Option<String>)> {
    #[derive(serde::Deserialize)]
    struct Hint {
        aud: String,
        #[serde(default)]
        sid: Option<String>,
    }
    let header = jsonwebtoken::decode_header(token).ok()?;
    // Only an ID token, not an access or logout token signed by the ring.
    if header.typ.as_deref() != Some("JWT") {
        return None;
    }
    let key = keys.by_kid(header.kid.as_deref()?, now)?;
    let mut validation = Validation::new(key.algorithm());
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.set_issuer(&[settings.public_base()]);
    validation.set_required_spec_claims(&["iss", "aud"]);
    let hint = jsonwebtoken::decode::<Hint>(token, &key.decoding, &validation)
        .ok()?
        .claims;
    Some((hint.aud, hint.sid))
}

/// Check an end-session request and keep it for the browser app. A return
/// address is followed only when it is registered for the client the
/// request names; anything doubtful is a page, never a redirect.
pub fn start(
    conn: &mut DbConn,
    settings: &Settings,
    keys: &OidcKeyRing,
    params: &EndSessionParams,
    now: DateTime<Utc>,
) -> AppResult<Started> {
    let hint = match params.id_token_hint.as_deref() {
        Some(token) => match read_id_token_hint(keys, settings, token, now) {
            Some(hint) => Some(hint),
            None => return Ok(Started::Refused(PageReason::UnknownClient)),
        },
        None => None,
    };
    let client_id = match (
        params.client_id.as_deref(),
        hint.as_ref().map(|(aud, _)| aud.as_str()),
    ) {
        (Some(named), Some(aud)) if named != aud => {
            return Ok(Started::Refused(PageReason::UnknownClient))
        }
        (Some(named), _) => Some(named.to_owned()),
        (None, aud) => aud.map(str::to_owned),
    };
    let client = match &client_id {
        Some(id) => match store::find_client(conn, id)? {
            Some((client, _)) => Some(client),
            None => return Ok(Started::Refused(PageReason::UnknownClient)),
        },
        None => None,
    };
    if let Some(uri) = params.post_logout_redirect_uri.as_deref() {
        let registered = client
            .as_ref()
            .is_some_and(|c| c.post_logout_redirect_uris.lines().any(|r| r.trim() == uri));
        if !registered {
            return Ok(Started::Refused(PageReason::BadRedirectUri));
        }
    }
    let state = params
        .state
        .clone()
        .filter(|s| s.len() <= MAX_ECHOED_LEN && !s.chars().any(char::is_control));
    let handle = random_token();
    let at = db::to_db_time(now);
    let ttl = i64::try_from(settings.oidc_request_ttl_secs).unwrap_or(1800);
    store::insert_logout_request(
        conn,
        &LogoutRequestRow {
            id_hash: token_digest(handle.expose_secret()),
            client_id: client.map(|c| c.client_id),
            post_logout_redirect_uri: params.post_logout_redirect_uri.clone(),
            state,
            session_id: hint.and_then(|(_, sid)| sid),
            created_at: at,
            expires_at: db::to_db_time(now + Duration::seconds(ttl)),
            completed_at: None,
        },
    )?;
    Ok(Started::Continue {
        handle: handle.expose_secret().to_owned(),
    })
}

fn expired() -> AppError {
    AppError::text(
        iam_shared::ErrorCode::TokenExpired,
        problems::LOGOUT_REQUEST_GONE,
    )
}

/// Continue a logout request. The session ends at once when the
/// application named it (a verified `id_token_hint`); otherwise only after
/// the user confirms, so a link from anywhere cannot sign anyone out.
/// Returns the answer and whether a session ended.
pub fn proceed(
    conn: &mut DbConn,
    handle: &str,
    session: Option<SessionRow>,
    confirm: bool,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<(LogoutContinueResponse, bool)> {
    let at = db::to_db_time(now);
    let id_hash = token_digest(handle);
    let row = store::find_pending_logout_request(conn, &id_hash, at)?.ok_or_else(expired)?;
    let application = match row.client_id.as_deref() {
        Some(id) => {
            store::find_client(conn, id)?.map(|(client, app)| app.map_or(client.name, |a| a.name))
        }
        None => None,
    };
    let named = session
        .as_ref()
        .is_some_and(|s| row.session_id.as_deref() == Some(s.id.as_str()));
    if session.is_some() && !named && !confirm {
        return Ok((
            LogoutContinueResponse {
                next: LogoutNext::Confirm,
                application,
                location: None,
            },
            false,
        ));
    }
    if !store::complete_logout_request(conn, &id_hash, at)? {
        return Err(expired());
    }
    let ended = match &session {
        Some(session) => {
            crate::services::sessions::logout_within(conn, session, meta, now)?;
            true
        }
        None => false,
    };
    let location = match row.post_logout_redirect_uri.as_deref() {
        Some(uri) => {
            let mut url = url::Url::parse(uri).map_err(|e| {
                AppError::Unexpected(anyhow::anyhow!("stored post-logout URI: {e}"))
            })?;
            if let Some(state) = row.state.as_deref() {
                url.query_pairs_mut().append_pair("state", state);
            }
            Some(String::from(url))
        }
        None => None,
    };
    Ok((
        LogoutContinueResponse {
            next: LogoutNext::Done,
            application,
            location,
        },
        ended,
    ))
}

/// Revoke the live grants of ended sessions and queue a logout token for
/// each application (and session) that registered a back-channel URI.
/// Safe on several instances at once: only the one whose update revoked a
/// grant queues its token.
pub fn sweep_ended_sessions(conn: &mut DbConn, now: DateTime<Utc>) -> AppResult<usize> {
    let at = db::to_db_time(now);
    let mut told = HashSet::new();
    let mut queued = 0;
    for grant in store::grants_of_ended_sessions(conn, 200)? {
        // A disabled client's grants end too, untold.
        let client = store::find_client(conn, &grant.client_id)?.map(|(client, _)| client);
        db::transaction(conn, |conn| {
            if !store::revoke_grant(conn, &grant.id, "session_ended", at)? {
                return Ok::<_, AppError>(());
            }
            let Some(client) = &client else { return Ok(()) };
            let (Some(uri), Some(sid)) = (
                client.backchannel_logout_uri.as_deref(),
                grant.session_id.as_deref(),
            ) else {
                return Ok(());
            };
            if !told.insert((client.client_id.clone(), sid.to_owned())) {
                return Ok(());
            }
            let claims = json!({
                "aud": client.client_id,
                "sid": sid,
                "sub": grant.user_id,
                "events": { BACKCHANNEL_EVENT: {} },
            });
            store::insert_delivery(
                conn,
                &DeliveryRow {
                    id: db::new_id(),
                    client_id: client.client_id.clone(),
                    uri: uri.to_owned(),
                    claims: claims.to_string(),
                    status: DeliveryStatus::Pending,
                    attempts: 0,
                    last_error: None,
                    created_at: at,
                    next_attempt_at: at,
                    sent_at: None,
                },
            )?;
            queued += 1;
            Ok(())
        })?;
    }
    Ok(queued)
}

/// The logout token of a delivery, signed now with the client's ID-token
/// algorithm (Back-Channel Logout §2.4: `typ` is `logout+jwt`).
pub fn logout_token(
    keys: &OidcKeyRing,
    settings: &Settings,
    alg: crate::domain::oauth::IdTokenAlg,
    stored_claims: &str,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let mut claims: serde_json::Value = serde_json::from_str(stored_claims)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("stored logout claims: {e}")))?;
    let iat = now.timestamp();
    claims["iss"] = json!(settings.public_base());
    claims["iat"] = json!(iat);
    claims["exp"] = json!(iat + LOGOUT_TOKEN_TTL_SECS);
    claims["jti"] = json!(uuid::Uuid::new_v4().to_string());
    sign(keys, alg, "logout+jwt", &claims, now).map_err(|e| {
        AppError::Unexpected(anyhow::anyhow!("signing a logout token: {}", e.description))
    })
}
