//! The token endpoint (RFC 6749 §3.2): who the client is, then what it
//! exchanges (a code, a refresh token), then the tokens.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use iam_shared::dto::oauth::OAuthTokenResponse;
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

/// The form of a request to the token, introspection or revocation
/// endpoint, as received.
#[derive(Debug, Default, Clone)]
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
    /// Introspection and revocation: the token asked about.
    pub token: Option<String>,
    pub token_type_hint: Option<String>,
}

/// The `client_assertion_type` of `private_key_jwt` (RFC 7523 §2.2).
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Longest an assertion may be valid for: a client signs one per request.
const MAX_ASSERTION_LIFETIME_SECS: i64 = 300;

/// Authenticate the client with the one method it registered.
pub fn authenticate_client(
    conn: &mut DbConn,
    settings: &Settings,
    credentials: &ClientCredentials,
    now: DateTime<Utc>,
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
        (None, Some(assertion)) => {
            if credentials.client_assertion_type.as_deref() != Some(JWT_BEARER) {
                return Err(OAuthError::invalid_client());
            }
            // The client is named by the assertion's issuer (or the form).
            let id = match &credentials.client_id {
                Some(id) => id.clone(),
                None => unverified_issuer(assertion).ok_or_else(OAuthError::invalid_client)?,
            };
            (id, Presented::Assertion(assertion.clone()))
        }
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
        (ClientAuthMethod::PrivateKeyJwt, Presented::Assertion(assertion)) => {
            assertion_holds(conn, settings, &client, assertion, now)?
        }
        _ => false,
    };
    if accepted {
        Ok(client)
    } else {
        Err(OAuthError::invalid_client())
    }
}

/// The `iss` of an assertion, read before its signature is checked: only
/// to find whose keys check it.
fn unverified_issuer(assertion: &str) -> Option<String> {
    let payload = assertion.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    claims["iss"].as_str().map(str::to_owned)
}

/// `private_key_jwt` (RFC 7523, OIDC Core §9): signed by one of the
/// client's registered keys with that key's algorithm, `iss` = `sub` = the
/// client, `aud` naming this provider, short-lived, and never seen before.
fn assertion_holds(
    conn: &mut DbConn,
    settings: &Settings,
    client: &ClientRow,
    assertion: &str,
    now: DateTime<Utc>,
) -> Result<bool, OAuthError> {
    #[derive(serde::Deserialize)]
    struct AssertionClaims {
        sub: String,
        aud: serde_json::Value,
        exp: i64,
        #[serde(default)]
        iat: Option<i64>,
        jti: String,
    }
    let Some(jwks) = client
        .jwks
        .as_deref()
        .and_then(|text| serde_json::from_str::<jsonwebtoken::jwk::JwkSet>(text).ok())
    else {
        return Ok(false);
    };
    let Ok(header) = jsonwebtoken::decode_header(assertion) else {
        return Ok(false);
    };
    let key = match &header.kid {
        Some(kid) => jwks.find(kid),
        None if jwks.keys.len() == 1 => jwks.keys.first(),
        None => None,
    };
    let Some(key) = key else { return Ok(false) };
    // The key decides the algorithm family; `none` and HMAC never pass.
    let allowed: &[jsonwebtoken::Algorithm] = match &key.algorithm {
        jsonwebtoken::jwk::AlgorithmParameters::RSA(_) => &[
            jsonwebtoken::Algorithm::RS256,
            jsonwebtoken::Algorithm::PS256,
        ],
        jsonwebtoken::jwk::AlgorithmParameters::EllipticCurve(_) => {
            &[jsonwebtoken::Algorithm::ES256]
        }
        jsonwebtoken::jwk::AlgorithmParameters::OctetKeyPair(_) => {
            &[jsonwebtoken::Algorithm::EdDSA]
        }
        jsonwebtoken::jwk::AlgorithmParameters::OctetKey(_) => &[],
    };
    if !allowed.contains(&header.alg) {
        return Ok(false);
    }
    let Ok(decoding) = jsonwebtoken::DecodingKey::from_jwk(key) else {
        return Ok(false);
    };
    let mut validation = jsonwebtoken::Validation::new(header.alg);
    validation.validate_exp = false;
    validation.set_issuer(&[&client.client_id]);
    // The audience is the issuer alone, as one string: an assertion made
    // for the token endpoint another server advertised could otherwise be
    // replayed here (the 2025 audience-injection advisory, RFC 7523bis).
    validation.validate_aud = false;
    validation.set_required_spec_claims(&["iss", "sub", "aud", "exp"]);
    let Ok(claims) = jsonwebtoken::decode::<AssertionClaims>(assertion, &decoding, &validation)
        .map(|data| data.claims)
    else {
        return Ok(false);
    };
    let now_secs = now.timestamp();
    let fresh = claims.exp > now_secs - 5
        && claims.exp <= now_secs + MAX_ASSERTION_LIFETIME_SECS
        && claims.iat.is_none_or(|iat| iat <= now_secs + 5);
    let for_us = claims.aud.as_str() == Some(settings.public_base());
    let jti_ok = !claims.jti.is_empty()
        && claims.jti.len() <= 256
        && !claims.jti.chars().any(char::is_control);
    if claims.sub != client.client_id || !for_us || !fresh || !jti_ok {
        return Ok(false);
    }
    // Each assertion once (RFC 7523 §3): its id is kept until it expires.
    let first_use = store::record_assertion_id(
        conn,
        &token_digest(&format!("{}\0{}", client.client_id, claims.jti)),
        db::to_db_time(DateTime::from_timestamp(claims.exp, 0).unwrap_or(now)),
    )?;
    Ok(first_use)
}

enum Presented {
    Basic(String),
    Post(String),
    Assertion(String),
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
) -> Result<OAuthTokenResponse, OAuthError> {
    let grant_type = form
        .grant_type
        .as_deref()
        .ok_or_else(|| OAuthError::invalid_request("grant_type is required."))?;
    if !matches!(
        grant_type,
        "authorization_code" | "refresh_token" | "client_credentials"
    ) {
        return Err(OAuthError::new(
            400,
            "unsupported_grant_type",
            "This grant type is not supported.",
        ));
    }
    let public_asks_for_itself =
        grant_type == "client_credentials" && client.client_type == ClientType::Public;
    if !client.allows_grant(grant_type) || public_asks_for_itself {
        return Err(OAuthError::new(
            400,
            "unauthorized_client",
            "This client may not use this grant type.",
        ));
    }
    db::transaction(conn, |conn| match grant_type {
        "authorization_code" => redeem_code(conn, settings, keys, client, form, meta, now),
        "refresh_token" => refresh(conn, settings, keys, client, form, now),
        _ => client_credentials(conn, settings, keys, client, form, now),
    })?
}

/// `client_credentials` (RFC 6749 §4.4): a token for the client itself,
/// with `api:` scopes it was registered for (all of them unless it asks
/// for fewer). No user, so no refresh token and no ID token; the grant
/// lives as long as the token, so revoking the token ends it.
fn client_credentials(
    conn: &mut DbConn,
    settings: &Settings,
    keys: &OidcKeyRing,
    client: &ClientRow,
    form: &TokenForm,
    now: DateTime<Utc>,
) -> CommitThenRefuse {
    let registered: Vec<String> = client
        .scope_list()
        .into_iter()
        .filter(|s| crate::domain::oauth::is_api_scope(s))
        .collect();
    let scope = match form.scope.as_deref() {
        None => registered,
        Some(requested) => {
            let requested = crate::domain::oauth::words(requested);
            if requested.is_empty() || requested.iter().any(|s| !registered.contains(s)) {
                return Ok(Err(OAuthError::new(
                    400,
                    "invalid_scope",
                    "client_credentials takes only the client's own api: scopes.",
                )));
            }
            requested
        }
    };
    let at = db::to_db_time(now);
    let ttl = i64::from(client.access_token_ttl_secs.max(1));
    let grant = GrantRow {
        id: db::new_id(),
        client_id: client.client_id.clone(),
        user_id: None,
        session_id: None,
        scope: scope.join(" "),
        nonce: None,
        auth_time: None,
        amr: String::new(),
        acr: String::new(),
        created_at: at,
        expires_at: db::to_db_time(now + chrono::Duration::seconds(ttl)),
        revoked_at: None,
        revoked_reason: None,
    };
    store::insert_grant(conn, &grant)?;
    issue(conn, settings, keys, client, &grant, None, now).map(Ok)
}

/// The outer `Err` is a failure (the transaction rolls back); the inner
/// one a refusal, answered after the transaction commits what it changed
/// (a spent code, a revoked grant), as `error::CommitThenRefuse`.
type CommitThenRefuse = Result<Result<OAuthTokenResponse, OAuthError>, OAuthError>;

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
    let row = match store::spend_code(conn, &token_digest(code), &client.client_id, at)? {
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
    let row = match store::rotate_refresh_token(conn, &token_digest(token), &client.client_id, at)?
    {
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
    let app = store::find_client(conn, &client.client_id)?.and_then(|(_, app)| app);
    if !super::authorize::still_entitled(conn, settings, app.as_ref(), &grant, now)? {
        store::revoke_grant(conn, &grant.id, "no_longer_entitled", at)?;
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
) -> Result<OAuthTokenResponse, OAuthError> {
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
    Ok(OAuthTokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: ttl,
        refresh_token,
        id_token,
        scope: grant.scope.clone(),
    })
}

pub(super) fn sign(
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
