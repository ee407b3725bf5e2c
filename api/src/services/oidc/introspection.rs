//! Introspection (RFC 7662) and revocation (RFC 7009): what resource
//! servers and clients learn of a token, and how a client ends one.

use chrono::{DateTime, Utc};
use iam_shared::dto::oauth::IntrospectionResponse;
use iam_shared::types::ClientType;
use serde_json::json;

use super::userinfo::{verify_live, verify_signature};
use super::OAuthError;
use crate::auth::oidc_keys::OidcKeyRing;
use crate::config::Settings;
use crate::crypto::token_digest;
use crate::db::oauth::{self as store, ClientRow};
use crate::db::{self, DbConn};
use crate::services::RequestMeta;

/// Whether `token` (an access or refresh token this provider issued) is
/// live. Only confidential clients may ask: a resource server registers as one.
pub fn introspect(
    conn: &mut DbConn,
    keys: &OidcKeyRing,
    settings: &Settings,
    caller: &ClientRow,
    token: &str,
    now: DateTime<Utc>,
) -> Result<IntrospectionResponse, OAuthError> {
    if caller.client_type != ClientType::Confidential {
        return Err(OAuthError::new(
            403,
            "unauthorized_client",
            "Only confidential clients may introspect tokens.",
        ));
    }
    if let Some((claims, _grant)) = verify_live(conn, keys, settings, token, now)? {
        return Ok(IntrospectionResponse {
            active: true,
            scope: Some(claims.scope),
            client_id: Some(claims.client_id.clone()),
            sub: Some(claims.sub),
            token_type: Some("Bearer".into()),
            exp: Some(claims.exp),
            iat: Some(claims.iat),
            iss: Some(settings.public_base().to_owned()),
            aud: Some(claims.client_id),
            jti: Some(claims.jti),
        });
    }
    let at = db::to_db_time(now);
    let Some(refresh) = store::find_usable_refresh_token(conn, &token_digest(token), at)? else {
        return Ok(IntrospectionResponse::default());
    };
    // A refresh token is opaque and meant for its client alone: another
    // client learns nothing about it (RFC 7662 §4). Access tokens are
    // self-contained JWTs a resource server is meant to check.
    let Some(grant) = store::find_live_grant(conn, &refresh.grant_id, at)?
        .filter(|grant| grant.client_id == caller.client_id)
    else {
        return Ok(IntrospectionResponse::default());
    };
    Ok(IntrospectionResponse {
        active: true,
        scope: Some(grant.scope),
        client_id: Some(grant.client_id.clone()),
        sub: grant.user_id,
        token_type: Some("refresh_token".into()),
        exp: Some(refresh.expires_at.and_utc().timestamp()),
        iat: Some(refresh.created_at.and_utc().timestamp()),
        iss: Some(settings.public_base().to_owned()),
        aud: Some(grant.client_id),
        jti: None,
    })
}

/// Revoke the grant behind `token` if it was issued to `caller`: its
/// refresh tokens and access tokens end with it. Unknown tokens, and
/// tokens of other clients, are left alone and answered the same (RFC
/// 7009 §2.2), so the answer tells nothing.
pub fn revoke(
    conn: &mut DbConn,
    keys: &OidcKeyRing,
    settings: &Settings,
    caller: &ClientRow,
    token: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> Result<(), OAuthError> {
    let grant_id = match verify_signature(keys, settings, token, now) {
        Some(claims) if claims.client_id == caller.client_id => Some(claims.gid),
        Some(_) => None,
        None => store::client_of_refresh_token(conn, &token_digest(token))?
            .filter(|(_, client_id)| *client_id == caller.client_id)
            .map(|(grant_id, _)| grant_id),
    };
    if let Some(grant_id) = grant_id {
        let at = db::to_db_time(now);
        db::transaction(conn, |conn| {
            if store::revoke_grant(conn, &grant_id, "revoked_by_client", at)? {
                meta.audit(
                    conn,
                    "oidc_token_revoked",
                    None,
                    at,
                    json!({"client_id": caller.client_id, "grant_id": grant_id}),
                )?;
            }
            Ok::<_, OAuthError>(())
        })?;
    }
    Ok(())
}
