//! The token endpoint (RFC 6749 §3.2): who the client is, then what it
//! exchanges (a code, a refresh token), then the tokens.

use chrono::{DateTime, Utc};
use iam_shared::dto::oauth::TokenResponse;
use iam_shared::types::{ClientAuthMethod, ClientType};
use jsonwebtoken::Header;
use secrecy::ExposeSecret;
use serde_json::{json, Map, Value};

use super::claims::user_claims;
use super::OAuthError;
use crate::auth::oidc_keys::OidcKeyRing;
use crate::config::Settings;
use crate::crypto::{constant_time_eq, random_token, token_digest};
use crate::db::oauth::{self as store, ClientRow, CodeUse, GrantRow, RefreshRow, RefreshUse};
use crate::db::{self, DbConn};
use crate::domain::oauth::{at_hash, pkce_matches, IdTokenAlg};
use crate::error::AppError;
use crate::services::RequestMeta;

/// The JOSE `typ` of the access tokens applications receive (RFC 9068).
pub const APP_ACCESS_TOKEN_TYP: &str = "at+jwt";

/// How the client presented itself.
#[derive(Debug, Default, Clone)]
pub struct ClientCredentials {
    /// From `Authorization: Basic` (already form-decoded).
    pub basic: Option<(String, String)>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub client_assertion_type: Option<String>,
    pub client_assertion: Option<String>,
}

/// The token request's form, as received.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct TokenForm {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub client_assertion_type: Option<String>,
    pub client_assertion: Option<String>,
}

/// Authenticate the client with the one method it registered.
pub fn authenticate_client(
    conn: &mut DbConn,
    credentials: &ClientCredentials,
) -> Result<ClientRow, OAuthError> {
    let methods = [
        credentials.basic.is_some(),
        credentials.client_secret.is_some(),
        credentials.client_assertion.is_some(),
    ];
    if methods.iter().filter(|used| **used).count() > 1 {
        return Err(OAuthError::invalid_request(
            "Use exactly one client authentication method.",
        ));
    }
    let (client_id, presented) = match (&credentials.basic, &credentials.client_assertion) {
        (Some((id, secret)), _) => (id.clone(), Presented::Basic(secret.clone())),
        (None, Some(_)) => return Err(OAuthError::invalid_client()),
        (None, None) => {
            let id = credentials
                .client_id
                .clone()
                .ok_or_else(OAuthError::invalid_client)?;
            match &credentials.client_secret {
                Some(secret) => (id, Presented::Post(secret.clone())),
                None => (id, Presented::Nothing),
            }
        }
    };
    if credentials
        .client_id
        .as_ref()
        .is_some_and(|id| *id != client_id)
    {
        return Err(OAuthError::invalid_request(
            "client_id does not match the authenticated client.",
        ));
    }
    let (client, _) =
        store::find_client(conn, &client_id)?.ok_or_else(OAuthError::invalid_client)?;
    let secret_matches = |secret: &str| {
        client
            .secret_hash
            .as_deref()
            .is_some_and(|stored| constant_time_eq(&token_digest(secret), stored))
    };
    let accepted = match (client.auth_method, &presented) {
        (ClientAuthMethod::None, Presented::Nothing) => client.client_type == ClientType::Public,
        (ClientAuthMethod::ClientSecretBasic, Presented::Basic(secret))
        | (ClientAuthMethod::ClientSecretPost, Presented::Post(secret)) => secret_matches(secret),
        _ => false,
    };
    if accepted {
        Ok(client)
    } else {
        Err(OAuthError::invalid_client())
    }
}

enum Presented {
    Basic(String),
    Post(String),
    Nothing,
}

/// Exchange a code or a refresh token for tokens.
pub fn exchange(
    conn: &mut DbConn,
    settings: &Settings,
    keys: &OidcKeyRing,
    client: &ClientRow,
    form: &TokenForm,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> Result<TokenResponse, OAuthError> {
    let grant_type = form
        .grant_type
        .as_deref()
        .ok_or_else(|| OAuthError::invalid_request("grant_type is required."))?;
    if !matches!(grant_type, "authorization_code" | "refresh_token") {
        return Err(OAuthError::new(
            400,
            "unsupported_grant_type",
            "This grant type is not supported.",
        ));
    }
    if !client.allows_grant(grant_type) {
        return Err(OAuthError::new(
            400,
            "unauthorized_client",
            "This client may not use this grant type.",
        ));
    }
    db::transaction(conn, |conn| match grant_type {
        "authorization_code" => redeem_code(conn, settings, keys, client, form, meta, now),
        _ => refresh(conn, settings, keys, client, form, now),
    })?
}

/// The outer `Err` is a failure (the transaction rolls back); the inner
/// one a refusal, answered after the transaction commits what it changed
/// (a spent code, a revoked grant), as `error::CommitThenRefuse`.
type CommitThenRefuse = Result<Result<TokenResponse, OAuthError>, OAuthError>;

fn redeem_code(
    conn: &mut DbConn,
    settings: &Settings,
    keys: &OidcKeyRing,
    client: &ClientRow,
    form: &TokenForm,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> CommitThenRefuse {
    let at = db::to_db_time(now);
    let (Some(code), Some(redirect_uri), Some(verifier)) = (
        form.code.as_deref(),
        form.redirect_uri.as_deref(),
        form.code_verifier.as_deref(),
    ) else {
        return Ok(Err(OAuthError::invalid_request(
            "code, redirect_uri and code_verifier are required.",
        )));
    };
    let bad = || OAuthError::invalid_grant("The code is invalid, expired or already used.");
    let row = match store::spend_code(conn, &token_digest(code), at)? {
        CodeUse::Unknown => return Ok(Err(bad())),
        CodeUse::Replayed(row) => {
            // RFC 6749 §4.1.2: a code used twice revokes what the first use issued.
            if store::revoke_grant(conn, &row.grant_id, "code_replayed", at)? {
                meta.audit(
                    conn,
                    "oidc_code_replayed",
                    None,
                    at,
                    json!({"client_id": client.client_id, "grant_id": row.grant_id}),
                )?;
            }
            return Ok(Err(bad()));
        }
        CodeUse::First(row) => row,
    };
    let Some(grant) = store::find_live_grant(conn, &row.grant_id, at)? else {
        return Ok(Err(bad()));
    };
    if grant.client_id != client.client_id
        || row.expires_at <= at
        || row.redirect_uri != redirect_uri
        || !pkce_matches(verifier, &row.code_challenge)
    {
        return Ok(Err(bad()));
    }
    issue(
        conn,
        settings,
        keys,
        client,
        &grant,
        grant.nonce.as_deref(),
        now,
    )
    .map(Ok)
}

fn refresh(
    conn: &mut DbConn,
    settings: &Settings,
    keys: &OidcKeyRing,
    client: &ClientRow,
    form: &TokenForm,
    now: DateTime<Utc>,
) -> CommitThenRefuse {
    let at = db::to_db_time(now);
    let Some(token) = form.refresh_token.as_deref() else {
        return Ok(Err(OAuthError::invalid_request(
            "refresh_token is required.",
        )));
    };
    let bad = || OAuthError::invalid_grant("The refresh token is invalid, expired or revoked.");
    let row = match store::rotate_refresh_token(conn, &token_digest(token), at)? {
        RefreshUse::Unknown => return Ok(Err(bad())),
        RefreshUse::Replayed(row) => {
            // A rotated token presented again: one of the two holders is not
            // the client. End the grant for both (RFC 9700 §4.14.2).
            store::revoke_grant(conn, &row.grant_id, "refresh_token_reused", at)?;
            return Ok(Err(bad()));
        }
        RefreshUse::First(row) => row,
    };
    let Some(mut grant) = store::find_live_grant(conn, &row.grant_id, at)? else {
        return Ok(Err(bad()));
    };
    if grant.client_id != client.client_id {
        return Ok(Err(bad()));
    }
    if let Some(requested) = form.scope.as_deref() {
        let granted: Vec<&str> = grant.scope.split_whitespace().collect();
        let narrowed: Vec<&str> = requested.split_whitespace().collect();
        if narrowed.is_empty() || narrowed.iter().any(|s| !granted.contains(s)) {
            return Ok(Err(OAuthError::new(
                400,
                "invalid_scope",
                "A refresh may only narrow the granted scopes.",
            )));
        }
        grant.scope = narrowed.join(" ");
    }
    // No nonce on refresh (OIDC Core §12.2).
    issue(conn, settings, keys, client, &grant, None, now).map(Ok)
}

/// Sign the tokens of `grant`.
fn issue(
    conn: &mut DbConn,
    settings: &Settings,
    keys: &OidcKeyRing,
    client: &ClientRow,
    grant: &GrantRow,
    nonce: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TokenResponse, OAuthError> {
    let ttl = u64::try_from(client.access_token_ttl_secs.max(1)).unwrap_or(300);
    let subject = grant
        .user_id
        .clone()
        .unwrap_or_else(|| client.client_id.clone());
    let access_token = sign_access_token(settings, keys, client, grant, &subject, ttl, now)?;
    let refresh_token = if client.allows_grant("refresh_token") && grant.user_id.is_some() {
        let token = random_token();
        store::insert_refresh_token(
            conn,
            &RefreshRow {
                token_hash: token_digest(token.expose_secret()),
                grant_id: grant.id.clone(),
                created_at: db::to_db_time(now),
                // Never past the grant: a refresh does not extend it.
                expires_at: grant.expires_at,
                rotated_at: None,
            },
        )?;
        Some(token.expose_secret().to_owned())
    } else {
        None
    };
    let id_token = match (
        &grant.user_id,
        grant.scope.split_whitespace().any(|s| s == "openid"),
    ) {
        (Some(user_id), true) => Some(sign_id_token(
            conn,
            settings,
            keys,
            client,
            grant,
            user_id,
            nonce,
            &access_token,
            now,
        )?),
        _ => None,
    };
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: ttl,
        refresh_token,
        id_token,
        scope: grant.scope.clone(),
    })
}

fn sign(
    keys: &OidcKeyRing,
    alg: IdTokenAlg,
    typ: &str,
    claims: &Value,
    now: DateTime<Utc>,
) -> Result<String, OAuthError> {
    let key = keys
        .signing(alg, now)
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("no active {alg} key")))?;
    let mut header = Header::new(key.algorithm());
    header.kid = Some(key.kid.clone());
    header.typ = Some(typ.to_owned());
    jsonwebtoken::encode(&header, claims, &key.encoding)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("signing: {e}")).into())
}

fn sign_access_token(
    settings: &Settings,
    keys: &OidcKeyRing,
    client: &ClientRow,
    grant: &GrantRow,
    subject: &str,
    ttl: u64,
    now: DateTime<Utc>,
) -> Result<String, OAuthError> {
    let iat = now.timestamp();
    let claims = json!({
        "iss": settings.public_base(),
        "sub": subject,
        "aud": client.client_id,
        "client_id": client.client_id,
        "scope": grant.scope,
        "gid": grant.id,
        "iat": iat,
        "nbf": iat,
        "exp": iat + i64::try_from(ttl).unwrap_or(300),
        "jti": uuid::Uuid::new_v4().to_string(),
    });
    sign(keys, IdTokenAlg::EdDsa, APP_ACCESS_TOKEN_TYP, &claims, now)
}

#[allow(clippy::too_many_arguments)]
fn sign_id_token(
    conn: &mut DbConn,
    settings: &Settings,
    keys: &OidcKeyRing,
    client: &ClientRow,
    grant: &GrantRow,
    user_id: &str,
    nonce: Option<&str>,
    access_token: &str,
    now: DateTime<Utc>,
) -> Result<String, OAuthError> {
    let active_org = match grant.session_id.as_deref() {
        Some(id) => db::sessions::find(conn, id)?.and_then(|s| s.active_organization_id),
        None => None,
    };
    let mut claims: Map<String, Value> = user_claims(
        conn,
        settings,
        user_id,
        active_org.as_deref(),
        &grant.scope,
        now,
    )?;
    let iat = now.timestamp();
    let ttl = i64::try_from(settings.oidc_id_token_ttl_secs).unwrap_or(300);
    claims.insert("iss".into(), json!(settings.public_base()));
    claims.insert("aud".into(), json!(client.client_id));
    claims.insert("iat".into(), json!(iat));
    claims.insert("exp".into(), json!(iat + ttl));
    if let Some(auth_time) = grant.auth_time {
        claims.insert("auth_time".into(), json!(auth_time.and_utc().timestamp()));
    }
    if let Some(nonce) = nonce {
        claims.insert("nonce".into(), json!(nonce));
    }
    claims.insert(
        "amr".into(),
        json!(grant.amr.split_whitespace().collect::<Vec<_>>()),
    );
    claims.insert("acr".into(), json!(grant.acr));
    claims.insert(
        "at_hash".into(),
        json!(at_hash(client.id_token_alg, access_token)),
    );
    if let Some(sid) = &grant.session_id {
        claims.insert("sid".into(), json!(sid));
    }
    sign(
        keys,
        client.id_token_alg,
        "JWT",
        &Value::Object(claims),
        now,
    )
}
