//! Registering the applications' clients (docs/oidc.md, "The catalogue"):
//! checked registrations, a secret shown once and kept as a digest, and
//! its rotation. The CLI (`iam-api create-app`) calls these.

use chrono::{DateTime, Utc};
use iam_shared::i18n::{problems, Msg};
use iam_shared::types::{ClientAuthMethod, ClientType};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use crate::crypto::{random_token, token_digest};
use crate::db::oauth::{self as store, ClientRow};
use crate::db::{self, DbConn};
use crate::domain::oauth::{check_client_uri, is_api_scope, is_known_scope, IdTokenAlg};
use crate::error::{AppError, AppResult};
use crate::services::RequestMeta;

/// What a registration says.
#[derive(Debug, Clone)]
pub struct NewClient {
    pub client_id: String,
    pub name: String,
    /// The catalogue entry (tile) the client signs in to, if any.
    pub application_id: Option<String>,
    pub client_type: ClientType,
    pub auth_method: ClientAuthMethod,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub backchannel_logout_uri: Option<String>,
    pub initiate_login_uri: Option<String>,
    pub scopes: Vec<String>,
    pub grant_types: Vec<String>,
    pub id_token_alg: IdTokenAlg,
    pub access_token_ttl_secs: u32,
    pub refresh_token_ttl_secs: u32,
    pub consent_required: bool,
    /// `private_key_jwt`: the client's public keys (a JWK set, JSON).
    pub jwks: Option<String>,
}

/// The grant types a client may be given.
pub const GRANT_TYPES: &[&str] = &["authorization_code", "refresh_token", "client_credentials"];

fn invalid(detail: Msg) -> AppError {
    invalid_with(detail, &[])
}

fn invalid_with(detail: Msg, args: &[(&str, &str)]) -> AppError {
    AppError::text_with(iam_shared::ErrorCode::ValidationFailed, detail, args)
}

/// A client id that is also safe as a path segment (not `.` or `..`).
pub fn is_client_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// Whether a client of this kind authenticates with a secret.
pub fn uses_secret(client_type: ClientType, auth_method: ClientAuthMethod) -> bool {
    client_type == ClientType::Confidential && auth_method != ClientAuthMethod::PrivateKeyJwt
}

/// Why `client` cannot be registered, if it cannot.
pub fn check(client: &NewClient) -> AppResult<()> {
    if !is_client_id(&client.client_id) {
        return Err(invalid(problems::CLIENT_ID_INVALID));
    }
    if client.name.trim().is_empty() || client.name.len() > 200 {
        return Err(invalid(problems::CLIENT_NAME_LENGTH));
    }
    let public = client.client_type == ClientType::Public;
    if public != (client.auth_method == ClientAuthMethod::None) {
        return Err(invalid(problems::CLIENT_AUTH_NONE));
    }
    match (&client.jwks, client.auth_method) {
        (Some(jwks), ClientAuthMethod::PrivateKeyJwt) => check_jwks(jwks)?,
        (None, ClientAuthMethod::PrivateKeyJwt) => {
            return Err(invalid(problems::CLIENT_JWKS_NEEDED))
        }
        (Some(_), _) => return Err(invalid(problems::CLIENT_JWKS_UNWANTED)),
        (None, _) => {}
    }
    let uris = client
        .redirect_uris
        .iter()
        .chain(&client.post_logout_redirect_uris)
        .chain(&client.backchannel_logout_uri)
        .chain(&client.initiate_login_uri);
    for uri in uris {
        check_client_uri(uri).map_err(|why| invalid_with(why, &[("uri", uri.as_str())]))?;
    }
    if let Some(scope) = client.scopes.iter().find(|s| !is_known_scope(s)) {
        return Err(invalid_with(
            problems::CLIENT_UNKNOWN_SCOPE,
            &[("scope", scope.as_str())],
        ));
    }
    if let Some(grant) = client
        .grant_types
        .iter()
        .find(|g| !GRANT_TYPES.contains(&g.as_str()))
    {
        return Err(invalid_with(
            problems::CLIENT_UNKNOWN_GRANT,
            &[("grant", grant.as_str())],
        ));
    }
    // A public client has no secret: whoever knows its id would be it.
    if public
        && (client.grant_types.iter().any(|g| g == "client_credentials")
            || client.scopes.iter().any(|s| is_api_scope(s)))
    {
        return Err(invalid(problems::CLIENT_CONFIDENTIAL_ONLY));
    }
    if client.grant_types.iter().any(|g| g == "authorization_code")
        && client.redirect_uris.is_empty()
    {
        return Err(invalid(problems::CLIENT_REDIRECT_NEEDED));
    }
    let lifetimes = [client.access_token_ttl_secs, client.refresh_token_ttl_secs];
    if lifetimes.iter().any(|t| *t == 0 || *t > 90 * 24 * 3600) {
        return Err(invalid(problems::CLIENT_TOKEN_LIFETIMES));
    }
    Ok(())
}

/// A JWK set of public signing keys (a private member would mean the
/// client handed over its private key).
fn check_jwks(text: &str) -> AppResult<()> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|_| invalid(problems::JWKS_NOT_JSON))?;
    let keys = value["keys"].as_array().filter(|k| !k.is_empty());
    let Some(keys) = keys else {
        return Err(invalid(problems::JWKS_NO_KEYS));
    };
    if keys
        .iter()
        .any(|k| ["d", "p", "q", "k"].iter().any(|m| k.get(m).is_some()))
    {
        return Err(invalid(problems::JWKS_PRIVATE_KEYS));
    }
    serde_json::from_value::<jsonwebtoken::jwk::JwkSet>(value.clone())
        .map_err(|e| invalid_with(problems::JWKS_INVALID, &[("error", e.to_string().as_str())]))?;
    Ok(())
}

/// Register a client; its secret (confidential clients) is returned once
/// and only its digest is kept.
pub fn create(
    conn: &mut DbConn,
    client: &NewClient,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<Option<SecretString>> {
    db::transaction(conn, |conn| create_within(conn, client, None, meta, now))
}

/// [`create`] inside the caller's transaction.
/// `actor` is the administrator, or `None` for the CLI.
pub fn create_within(
    conn: &mut DbConn,
    client: &NewClient,
    actor: Option<&str>,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<Option<SecretString>> {
    check(client)?;
    let secret = uses_secret(client.client_type, client.auth_method).then(random_token);
    let at = db::to_db_time(now);
    if store::find_client_any(conn, &client.client_id)?.is_some() {
        return Err(AppError::text_with(
            iam_shared::ErrorCode::Conflict,
            problems::CLIENT_EXISTS,
            &[("client_id", client.client_id.as_str())],
        ));
    }
    store::insert_client(
        conn,
        &ClientRow {
            client_id: client.client_id.clone(),
            application_id: client.application_id.clone(),
            name: client.name.trim().to_owned(),
            client_type: client.client_type,
            auth_method: client.auth_method,
            secret_hash: secret.as_ref().map(|s| token_digest(s.expose_secret())),
            jwks: client.jwks.clone(),
            redirect_uris: client.redirect_uris.join("\n"),
            post_logout_redirect_uris: client.post_logout_redirect_uris.join("\n"),
            backchannel_logout_uri: client.backchannel_logout_uri.clone(),
            initiate_login_uri: client.initiate_login_uri.clone(),
            scopes: client.scopes.join(" "),
            grant_types: client.grant_types.join(" "),
            id_token_alg: client.id_token_alg,
            access_token_ttl_secs: i32::try_from(client.access_token_ttl_secs).unwrap_or(300),
            refresh_token_ttl_secs: i32::try_from(client.refresh_token_ttl_secs).unwrap_or(28_800),
            consent_required: client.consent_required,
            created_at: at,
            updated_at: at,
            disabled_at: None,
        },
    )?;
    meta.audit_as(
        conn,
        "oidc_client_created",
        None,
        actor,
        at,
        json!({"client_id": client.client_id, "application_id": client.application_id}),
    )?;
    Ok(secret)
}

/// A new secret for a confidential client; the old one stops working at once.
pub fn rotate_secret(
    conn: &mut DbConn,
    client_id: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<SecretString> {
    db::transaction(conn, |conn| {
        rotate_secret_within(conn, client_id, None, meta, now)
    })
}

/// [`rotate_secret`] inside the caller's transaction.
/// It also gives a first secret to a client that has just become one that
/// authenticates with a secret. `actor` is the administrator, or `None`
/// for the CLI.
pub fn rotate_secret_within(
    conn: &mut DbConn,
    client_id: &str,
    actor: Option<&str>,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<SecretString> {
    let secret = random_token();
    let at = db::to_db_time(now);
    let client = store::find_client_any(conn, client_id)?.ok_or_else(AppError::not_found)?;
    if !uses_secret(client.client_type, client.auth_method) {
        return Err(invalid(problems::CLIENT_NO_SECRET));
    }
    store::set_secret_hash(
        conn,
        client_id,
        Some(&token_digest(secret.expose_secret())),
        at,
    )?;
    meta.audit_as(
        conn,
        "oidc_client_secret_rotated",
        None,
        actor,
        at,
        json!({"client_id": client_id}),
    )?;
    Ok(secret)
}
