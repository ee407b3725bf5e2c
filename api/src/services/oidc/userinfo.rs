//! Checking the access tokens applications hold: UserInfo (OIDC Core
//! §5.3). A token is good while its signature, lifetime and grant are.

use chrono::{DateTime, Utc};
use jsonwebtoken::Validation;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::claims::user_claims;
use super::token::APP_ACCESS_TOKEN_TYP;
use super::OAuthError;
use crate::auth::oidc_keys::OidcKeyRing;
use crate::config::Settings;
use crate::db::oauth::{self as store, GrantRow};
use crate::db::{self, DbConn};

/// Seconds of clock skew tolerated, as for the portal's own tokens.
const LEEWAY_SECS: i64 = 5;

#[derive(Debug, Deserialize)]
pub struct AppAccessClaims {
    pub sub: String,
    pub client_id: String,
    pub scope: String,
    /// The grant the token was issued under.
    pub gid: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
}

/// The claims of an access token this provider signed for an application,
/// if its signature and times hold (the grant is not looked at).
pub fn verify_signature(
    keys: &OidcKeyRing,
    settings: &Settings,
    token: &str,
    now: DateTime<Utc>,
) -> Option<AppAccessClaims> {
    let header = jsonwebtoken::decode_header(token).ok()?;
    if header.typ.as_deref() != Some(APP_ACCESS_TOKEN_TYP) {
        return None;
    }
    let key = keys.by_kid(header.kid.as_deref()?, now)?;
    // One algorithm, the key's own: never the token's choice.
    let mut validation = Validation::new(key.algorithm());
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.set_issuer(&[settings.public_base()]);
    validation.set_required_spec_claims(&["exp", "iss", "sub"]);
    let claims = jsonwebtoken::decode::<AppAccessClaims>(token, &key.decoding, &validation)
        .ok()?
        .claims;
    let now = now.timestamp();
    (now - LEEWAY_SECS < claims.exp && claims.iat <= now + LEEWAY_SECS).then_some(claims)
}

/// The token's claims and its grant, while both are live.
pub fn verify_live(
    conn: &mut DbConn,
    keys: &OidcKeyRing,
    settings: &Settings,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(AppAccessClaims, GrantRow)>, OAuthError> {
    let Some(claims) = verify_signature(keys, settings, token, now) else {
        return Ok(None);
    };
    let grant = store::find_live_grant(conn, &claims.gid, db::to_db_time(now))?;
    Ok(grant
        .filter(|g| g.client_id == claims.client_id)
        .map(|g| (claims, g)))
}

/// UserInfo: the claims the token's scopes release.
pub fn userinfo(
    conn: &mut DbConn,
    keys: &OidcKeyRing,
    settings: &Settings,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Map<String, Value>, OAuthError> {
    let (claims, grant) =
        verify_live(conn, keys, settings, token, now)?.ok_or_else(OAuthError::invalid_token)?;
    let Some(user_id) = grant.user_id.as_deref() else {
        // A client_credentials token names no user.
        return Err(OAuthError::invalid_token());
    };
    if !claims.scope.split_whitespace().any(|s| s == "openid") {
        return Err(OAuthError {
            status: 403,
            error: "insufficient_scope",
            description: "UserInfo needs the openid scope.".into(),
            challenge: Some("Bearer error=\"insufficient_scope\", scope=\"openid\""),
        });
    }
    let active_org = match grant.session_id.as_deref() {
        Some(id) => db::sessions::find(conn, id)?.and_then(|s| s.active_organization_id),
        None => None,
    };
    Ok(user_claims(
        conn,
        settings,
        user_id,
        active_org.as_deref(),
        &claims.scope,
        now,
    )?)
}
