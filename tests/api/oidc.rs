//! The OpenID Connect provider (docs/oidc.md): discovery and keys, the
//! authorization code flow with PKCE and its continuation by the browser
//! app, the token endpoint's client authentication, codes and refresh
//! tokens, ID tokens and UserInfo.

use base64::Engine as _;
use chrono::Utc;
use iam_api::db::oauth::ClientRow;
use iam_api::domain::oauth::IdTokenAlg;
use iam_shared::types::{ClientAuthMethod, ClientType, MembershipRole};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{create_org, spawn_app, spawn_with_clock, TestApp};

pub(crate) const REDIRECT: &str = "https://vaos.example/callback";
pub(crate) const SECRET: &str = "a-client-secret-of-enough-length-000000000000";

/// A client of the catalogue, registered straight into the database.
pub(crate) fn register(app: &TestApp, client_id: &str, configure: impl FnOnce(&mut ClientRow)) {
    let now = iam_api::db::to_db_time(Utc::now());
    let mut client = ClientRow {
        client_id: client_id.into(),
        application_id: None,
        name: format!("{client_id} (test)"),
        client_type: ClientType::Confidential,
        auth_method: ClientAuthMethod::ClientSecretBasic,
        secret_hash: Some(iam_api::crypto::token_digest(SECRET)),
        jwks: None,
        redirect_uris: format!("{REDIRECT}\nhttps://vaos.example/other"),
        post_logout_redirect_uris: String::new(),
        backchannel_logout_uri: None,
        initiate_login_uri: None,
        scopes: "openid profile email organizations offline_access".into(),
        grant_types: "authorization_code refresh_token".into(),
        id_token_alg: IdTokenAlg::Rs256,
        access_token_ttl_secs: 300,
        refresh_token_ttl_secs: 3600,
        consent_required: false,
        created_at: now,
        updated_at: now,
        disabled_at: None,
    };
    configure(&mut client);
    app.with_conn(|conn| iam_api::db::oauth::insert_client(conn, &client))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// An application behind a tile, with a client of the same id.
pub(crate) fn register_application(
    app: &TestApp,
    id: &str,
    configure_app: impl FnOnce(&mut iam_api::db::models::ApplicationRow),
) {
    use diesel::RunQueryDsl as _;
    let mut row = iam_api::db::models::ApplicationRow {
        id: id.into(),
        name: format!("{id} app"),
        description: String::new(),
        url: "https://app.example/".into(),
        default_group: "my_apps".into(),
        position: 50,
        requires_aua: false,
        allowed_user_types: String::new(),
        allowed_roles: String::new(),
        allowed_org_codes: String::new(),
    };
    configure_app(&mut row);
    app.with_conn(|conn| {
        diesel::insert_into(iam_api::db::schema::applications::table)
            .values(&row)
            .execute(conn)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    register(app, id, |c| c.application_id = Some(id.into()));
}

pub(crate) struct Pkce {
    pub(crate) verifier: String,
    pub(crate) challenge: String,
}

pub(crate) fn pkce() -> Pkce {
    let verifier = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(Sha256::digest(verifier.as_bytes()));
    Pkce {
        verifier,
        challenge,
    }
}

fn query_of(location: &str) -> Vec<(String, String)> {
    let query = location.split_once('?').map(|(_, q)| q).unwrap_or_default();
    url_decode_pairs(query)
}

fn url_decode_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn decode(part: &str) -> String {
    let bytes = part.replace('+', " ");
    let mut out = Vec::new();
    let mut iter = bytes.bytes();
    while let Some(b) = iter.next() {
        if b == b'%' {
            let hex: String = [iter.next(), iter.next()]
                .iter()
                .flatten()
                .map(|b| *b as char)
                .collect();
            out.push(u8::from_str_radix(&hex, 16).unwrap_or(b'?'));
        } else {
            out.push(b);
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

pub(crate) fn param(location: &str, name: &str) -> Option<String> {
    query_of(location)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `GET /oauth2/authorize` with these parameters (added to a good request
/// for `client_id`; an empty value drops the parameter): (status, Location).
pub(crate) async fn authorize(
    app: &TestApp,
    client_id: &str,
    pkce: &Pkce,
    extra: &[(&str, &str)],
) -> (u16, String) {
    let mut params: Vec<(&str, &str)> = vec![
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", REDIRECT),
        ("scope", "openid profile email organizations"),
        ("state", "the-state"),
        ("nonce", "the-nonce"),
        ("code_challenge", &pkce.challenge),
        ("code_challenge_method", "S256"),
    ];
    for (name, value) in extra {
        params.retain(|(n, _)| n != name);
        if !value.is_empty() {
            params.push((name, value));
        }
    }
    let response = app
        .client
        .get(app.url(&format!("/oauth2/authorize?{}", form(&params))))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, location)
}

/// The handle of a request the endpoint accepted.
pub(crate) async fn accepted(
    app: &TestApp,
    client_id: &str,
    pkce: &Pkce,
    extra: &[(&str, &str)],
) -> String {
    let (status, location) = authorize(app, client_id, pkce, extra).await;
    assert_eq!(status, 303, "{location}");
    assert!(location.starts_with("/authorize?request="), "{location}");
    param(&location, "request").unwrap_or_default()
}

/// `POST /api/v1/authorize/continue`, as the browser app.
pub(crate) async fn continue_with(
    app: &TestApp,
    handle: &str,
    token: Option<&str>,
) -> (u16, Value) {
    let mut request = app
        .client
        .post(app.url("/api/v1/authorize/continue"))
        .json(&json!({ "request": handle }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

/// The code the application receives after a signed-in continuation.
pub(crate) async fn code_for(app: &TestApp, client_id: &str, pkce: &Pkce, token: &str) -> String {
    let handle = accepted(app, client_id, pkce, &[]).await;
    let (status, next) = continue_with(app, &handle, Some(token)).await;
    assert_eq!(
        (status, next["next"].as_str()),
        (200, Some("redirect")),
        "{next}"
    );
    let location = next["location"].as_str().unwrap_or_default();
    assert!(location.starts_with(REDIRECT), "{location}");
    assert_eq!(param(location, "state").as_deref(), Some("the-state"));
    assert_eq!(
        param(location, "iss").as_deref(),
        Some("http://127.0.0.1:8080")
    );
    param(location, "code").unwrap_or_else(|| panic!("a code in {location}"))
}

/// `POST /oauth2/token` with `client_secret_basic`: (status, body, WWW-Authenticate).
pub(crate) async fn token_request(
    app: &TestApp,
    basic: Option<(&str, &str)>,
    pairs: &[(&str, &str)],
) -> (u16, Value, Option<String>) {
    let mut request = app
        .client
        .post(app.url("/oauth2/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(pairs));
    if let Some((id, secret)) = basic {
        request = request.basic_auth(id, Some(secret));
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert_eq!(
        response
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    (status, response.json().await.unwrap_or_default(), challenge)
}

pub(crate) async fn exchange(
    app: &TestApp,
    client_id: &str,
    code: &str,
    verifier: &str,
) -> (u16, Value, Option<String>) {
    token_request(
        app,
        Some((client_id, SECRET)),
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ],
    )
    .await
}

pub(crate) async fn userinfo(app: &TestApp, access_token: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url("/oauth2/userinfo"))
        .bearer_auth(access_token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

/// Verify an ID token with the key the JWKS publishes for its `kid`.
pub(crate) async fn verified_id_token(app: &TestApp, id_token: &str, client_id: &str) -> Value {
    let header = jsonwebtoken::decode_header(id_token).unwrap_or_else(|e| panic!("{e}"));
    let jwks: Value = app
        .get("/.well-known/jwks.json")
        .await
        .json()
        .await
        .unwrap_or_default();
    let kid = header.kid.clone().unwrap_or_default();
    let jwk = jwks["keys"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|k| k["kid"] == kid.as_str())
        .unwrap_or_else(|| panic!("kid {kid} is published: {jwks}"));
    let key = match header.alg {
        Algorithm::RS256 => DecodingKey::from_rsa_components(
            jwk["n"].as_str().unwrap_or_default(),
            jwk["e"].as_str().unwrap_or_default(),
        ),
        Algorithm::EdDSA => DecodingKey::from_ed_components(jwk["x"].as_str().unwrap_or_default()),
        other => panic!("unexpected alg {other:?}"),
    }
    .unwrap_or_else(|e| panic!("{e}"));
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&["http://127.0.0.1:8080"]);
    validation.set_audience(&[client_id]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud"]);
    jsonwebtoken::decode::<Value>(id_token, &key, &validation)
        .unwrap_or_else(|e| panic!("the ID token verifies: {e}"))
        .claims
}

#[tokio::test]
async fn discovery_names_every_endpoint_and_the_jwks_publishes_rs256_and_eddsa() {
    let (app, _db) = spawn_app().await;
    let config: Value = app
        .get("/.well-known/openid-configuration")
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(config["issuer"], "http://127.0.0.1:8080");
    for (field, path) in [
        ("authorization_endpoint", "/oauth2/authorize"),
        ("token_endpoint", "/oauth2/token"),
        ("userinfo_endpoint", "/oauth2/userinfo"),
        ("jwks_uri", "/.well-known/jwks.json"),
    ] {
        assert_eq!(
            config[field],
            format!("http://127.0.0.1:8080{path}"),
            "{field}"
        );
    }
    assert_eq!(config["code_challenge_methods_supported"], json!(["S256"]));
    assert_eq!(
        config["authorization_response_iss_parameter_supported"],
        true
    );
    let algs = config["id_token_signing_alg_values_supported"].to_string();
    assert!(algs.contains("RS256") && algs.contains("EdDSA"), "{algs}");

    let jwks: Value = app
        .get("/.well-known/jwks.json")
        .await
        .json()
        .await
        .unwrap_or_default();
    let algs: Vec<&str> = jwks["keys"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|k| k["alg"].as_str())
        .collect();
    assert!(algs.contains(&"RS256"), "{jwks}");
    assert!(
        algs.iter().filter(|a| **a == "EdDSA").count() >= 2,
        "the portal's key and the ring's: {jwks}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_signed_in_user_gets_a_code_whose_tokens_verify_and_carry_the_claims_of_the_scopes() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC01");
    register(&app, "vaos", |_| {});
    let (portal_token, user_id) = app.signed_in_as("OIDC01", MembershipRole::Poc).await;
    let pkce = pkce();

    // Signed out, the browser app is told to sign in first.
    let handle = accepted(&app, "vaos", &pkce, &[]).await;
    let (status, next) = continue_with(&app, &handle, None).await;
    assert_eq!(status, 200, "{next}");
    assert_eq!(next["next"], "sign_in");
    assert_eq!(next["application"], "vaos (test)");
    // Signed in, it continues to the application with a code.
    let (status, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    assert_eq!(
        (status, next["next"].as_str()),
        (200, Some("redirect")),
        "{next}"
    );
    let location = next["location"].as_str().unwrap_or_default();
    let code = param(location, "code").unwrap_or_default();
    // The request is answered once.
    let (status, again) = continue_with(&app, &handle, Some(&portal_token)).await;
    assert_eq!(
        (status, again["code"].as_str()),
        (410, Some("token_expired")),
        "{again}"
    );

    let (status, tokens, _) = exchange(&app, "vaos", &code, &pkce.verifier).await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["scope"], "openid profile email organizations");
    let access_token = tokens["access_token"].as_str().unwrap_or_default();
    let claims = verified_id_token(
        &app,
        tokens["id_token"].as_str().unwrap_or_default(),
        "vaos",
    )
    .await;
    assert_eq!(
        claims["sub"],
        user_id.as_str(),
        "sub is the user id, never the username"
    );
    assert_eq!(claims["nonce"], "the-nonce");
    assert_eq!(claims["amr"], json!(["pwd", "otp"]));
    assert_eq!(claims["acr"], "urn:iamonline:acr:password");
    assert!(claims["auth_time"]
        .as_i64()
        .is_some_and(|t| t <= Utc::now().timestamp()));
    let expected_at_hash = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(&Sha256::digest(access_token.as_bytes())[..16]);
    assert_eq!(claims["at_hash"], expected_at_hash);
    assert_eq!(claims["given_name"], "Sam");
    assert_eq!(claims["email_verified"], true);
    assert_eq!(claims["organizations"][0]["org_code"], "OIDC01");
    assert_eq!(claims["organizations"][0]["role"], "poc");
    assert_eq!(claims["active_organization"], "OIDC01");
    assert_eq!(claims["user_type"], "external");
    assert!(
        claims["aua_exp"]
            .as_i64()
            .is_some_and(|t| t > Utc::now().timestamp()),
        "{claims}"
    );

    let (status, info) = userinfo(&app, access_token).await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["sub"], user_id.as_str());
    assert_eq!(info["preferred_username"], claims["preferred_username"]);
    assert_eq!(info["organizations"], claims["organizations"]);
    // The application's token is not a key to the portal's own API.
    let portal = app
        .client
        .get(app.url("/api/v1/session"))
        .bearer_auth(access_token)
        .send()
        .await;
    assert_eq!(portal.map(|r| r.status().as_u16()).ok(), Some(401));
    assert_eq!(app.audit_events("oidc_authorized").len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn scopes_decide_the_claims_and_an_eddsa_client_gets_an_eddsa_id_token() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC02");
    register(&app, "syntropi", |c| c.id_token_alg = IdTokenAlg::EdDsa);
    let (portal_token, _) = app.signed_in_as("OIDC02", MembershipRole::User).await;
    let pkce = pkce();
    let handle = accepted(&app, "syntropi", &pkce, &[("scope", "openid email")]).await;
    let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    let code = param(next["location"].as_str().unwrap_or_default(), "code").unwrap_or_default();
    let (status, tokens, _) = exchange(&app, "syntropi", &code, &pkce.verifier).await;
    assert_eq!(status, 200, "{tokens}");
    let id_token = tokens["id_token"].as_str().unwrap_or_default();
    assert_eq!(
        jsonwebtoken::decode_header(id_token).map(|h| h.alg).ok(),
        Some(Algorithm::EdDSA)
    );
    let claims = verified_id_token(&app, id_token, "syntropi").await;
    assert!(claims["email"].is_string(), "{claims}");
    for withheld in [
        "given_name",
        "preferred_username",
        "organizations",
        "aua_exp",
    ] {
        assert!(
            claims.get(withheld).is_none(),
            "{withheld} needs its scope: {claims}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn an_unknown_client_or_unregistered_redirect_uri_gets_a_page_and_no_redirect() {
    let (app, _db) = spawn_app().await;
    register(&app, "vaos", |_| {});
    let pkce = pkce();
    for (client, extra) in [
        ("nobody", vec![]),
        (
            "vaos",
            vec![("redirect_uri", "https://evil.example/callback")],
        ),
        (
            "vaos",
            vec![("redirect_uri", "https://vaos.example/callback/")],
        ),
        ("vaos", vec![("redirect_uri", "")]),
        // Faults that would otherwise be redirected are not, with a bad URI.
        (
            "vaos",
            vec![
                ("redirect_uri", "https://evil.example/"),
                ("code_challenge_method", "plain"),
            ],
        ),
    ] {
        let (status, location) = authorize(&app, client, &pkce, &extra).await;
        assert_eq!((status, location.as_str()), (400, ""), "{client} {extra:?}");
    }
    let page =
        app.client
            .get(app.url(
                "/oauth2/authorize?client_id=nobody&redirect_uri=https%3A%2F%2Fevil.example%2F",
            ))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(page
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .starts_with("text/html"));
    let body = page.text().await.unwrap_or_default();
    assert!(
        body.contains("Sign-in request refused") && !body.contains("evil.example"),
        "{body}"
    );
    app.stop().await;
}

#[tokio::test]
async fn pkce_s256_is_required_and_other_faults_go_back_to_the_application() {
    let (app, _db) = spawn_app().await;
    register(&app, "vaos", |_| {});
    let pkce = pkce();
    for (extra, error) in [
        (vec![("code_challenge", "")], "invalid_request"),
        (vec![("code_challenge_method", "plain")], "invalid_request"),
        (vec![("code_challenge_method", "")], "invalid_request"),
        (
            vec![("response_type", "token")],
            "unsupported_response_type",
        ),
        (vec![("scope", "openid admin")], "invalid_scope"),
        (vec![("prompt", "none login")], "invalid_request"),
    ] {
        let (status, location) = authorize(&app, "vaos", &pkce, &extra).await;
        assert_eq!(status, 303, "{extra:?}");
        assert!(location.starts_with(REDIRECT), "{location}");
        assert_eq!(
            param(&location, "error").as_deref(),
            Some(error),
            "{extra:?}: {location}"
        );
        assert_eq!(param(&location, "state").as_deref(), Some("the-state"));
        assert_eq!(
            param(&location, "iss").as_deref(),
            Some("http://127.0.0.1:8080")
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn a_code_is_bound_to_its_verifier_client_and_redirect_uri_and_a_second_use_revokes_the_first(
) {
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC03");
    register(&app, "vaos", |_| {});
    register(&app, "other", |_| {});
    let (portal_token, _) = app.signed_in_as("OIDC03", MembershipRole::User).await;

    // A wrong verifier, another client, another redirect URI: each spends
    // its code for nothing.
    let pkce_a = pkce();
    let code = code_for(&app, "vaos", &pkce_a, &portal_token).await;
    let (status, body, _) = exchange(&app, "vaos", &code, &pkce().verifier).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    let code = code_for(&app, "vaos", &pkce_a, &portal_token).await;
    let (status, body, _) = exchange(&app, "other", &code, &pkce_a.verifier).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    let code = code_for(&app, "vaos", &pkce_a, &portal_token).await;
    let (status, body, _) = token_request(
        &app,
        Some(("vaos", SECRET)),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "https://vaos.example/other"),
            ("code_verifier", &pkce_a.verifier),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );

    // A replayed code: refused, and what the first use issued stops working.
    let code = code_for(&app, "vaos", &pkce_a, &portal_token).await;
    let (status, first, _) = exchange(&app, "vaos", &code, &pkce_a.verifier).await;
    assert_eq!(status, 200, "{first}");
    let (status, _) = userinfo(&app, first["access_token"].as_str().unwrap_or_default()).await;
    assert_eq!(status, 200);
    let (status, body, _) = exchange(&app, "vaos", &code, &pkce_a.verifier).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    let (status, body) = userinfo(&app, first["access_token"].as_str().unwrap_or_default()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_token")),
        "{body}"
    );
    let refresh = first["refresh_token"].as_str().unwrap_or_default();
    let (status, body, _) = token_request(
        &app,
        Some(("vaos", SECRET)),
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    assert_eq!(app.audit_events("oidc_code_replayed").len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn clients_authenticate_as_registered_and_failures_are_401_invalid_client() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC04");
    register(&app, "vaos", |_| {});
    register(&app, "forms", |c| {
        c.auth_method = ClientAuthMethod::ClientSecretPost
    });
    register(&app, "spa", |c| {
        c.client_type = ClientType::Public;
        c.auth_method = ClientAuthMethod::None;
        c.secret_hash = None;
    });
    let (portal_token, _) = app.signed_in_as("OIDC04", MembershipRole::User).await;
    let pkce = pkce();

    let code = code_for(&app, "vaos", &pkce, &portal_token).await;
    let grant = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", pkce.verifier.as_str()),
    ];
    for basic in [Some(("vaos", "wrong")), Some(("nobody", SECRET)), None] {
        let (status, body, challenge) = token_request(&app, basic, &grant).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("invalid_client")),
            "{basic:?}: {body}"
        );
        assert!(
            challenge.is_some_and(|c| c.starts_with("Basic")),
            "{basic:?}"
        );
    }
    // The registered method only: the secret in the body is not basic.
    let mut posted = grant.to_vec();
    posted.extend([("client_id", "vaos"), ("client_secret", SECRET)]);
    let (status, _, _) = token_request(&app, None, &posted).await;
    assert_eq!(status, 401);
    // Failed authentications did not spend the code.
    let (status, body, _) = token_request(&app, Some(("vaos", SECRET)), &grant).await;
    assert_eq!(status, 200, "{body}");

    let code = code_for(&app, "forms", &pkce, &portal_token).await;
    let (status, body, _) = token_request(
        &app,
        None,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &pkce.verifier),
            ("client_id", "forms"),
            ("client_secret", SECRET),
        ],
    )
    .await;
    assert_eq!(status, 200, "client_secret_post: {body}");

    // A public client: its client id and the verifier, no secret.
    let code = code_for(&app, "spa", &pkce, &portal_token).await;
    let (status, body, _) = token_request(
        &app,
        None,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &pkce.verifier),
            ("client_id", "spa"),
        ],
    )
    .await;
    assert_eq!(status, 200, "public client: {body}");
    app.stop().await;
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_revokes_the_grant() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC05");
    register(&app, "vaos", |_| {});
    let (portal_token, _) = app.signed_in_as("OIDC05", MembershipRole::User).await;
    let pkce = pkce();
    let code = code_for(&app, "vaos", &pkce, &portal_token).await;
    let (_, first, _) = exchange(&app, "vaos", &code, &pkce.verifier).await;
    let refresh = |token: String| {
        let app = &app;
        async move {
            token_request(
                app,
                Some(("vaos", SECRET)),
                &[("grant_type", "refresh_token"), ("refresh_token", &token)],
            )
            .await
        }
    };
    let first_refresh = first["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (status, second, _) = refresh(first_refresh.clone()).await;
    assert_eq!(status, 200, "{second}");
    let second_refresh = second["refresh_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_ne!(first_refresh, second_refresh, "rotated");
    assert!(second["id_token"].is_string());

    // The spent one again: refused, and the grant ends for its holder too.
    let (status, body, _) = refresh(first_refresh).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    let (status, body, _) = refresh(second_refresh).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    let (status, _) = userinfo(&app, second["access_token"].as_str().unwrap_or_default()).await;
    assert_eq!(status, 401);
    app.stop().await;
}

#[tokio::test]
async fn prompt_none_never_shows_a_screen_and_max_age_asks_for_a_fresh_sign_in() {
    let (app, _db, clock) = spawn_with_clock(|_| {}).await;
    create_org(&app, "OIDC06");
    register(&app, "vaos", |_| {});
    let pkce = pkce();

    let handle = accepted(&app, "vaos", &pkce, &[("prompt", "none")]).await;
    let (status, next) = continue_with(&app, &handle, None).await;
    assert_eq!(
        (status, next["next"].as_str()),
        (200, Some("redirect")),
        "{next}"
    );
    let location = next["location"].as_str().unwrap_or_default();
    assert_eq!(
        param(location, "error").as_deref(),
        Some("login_required"),
        "{location}"
    );
    assert_eq!(param(location, "state").as_deref(), Some("the-state"));

    let (portal_token, _) = app.signed_in_as("OIDC06", MembershipRole::User).await;
    clock.advance(chrono::Duration::minutes(10));
    let handle = accepted(&app, "vaos", &pkce, &[("max_age", "300")]).await;
    let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    assert_eq!(
        (next["next"].as_str(), next["reauthenticate"].as_bool()),
        (Some("sign_in"), Some(true)),
        "{next}"
    );
    let handle = accepted(
        &app,
        "vaos",
        &pkce,
        &[("max_age", "300"), ("prompt", "none")],
    )
    .await;
    let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    assert_eq!(
        param(next["location"].as_str().unwrap_or_default(), "error").as_deref(),
        Some("login_required")
    );
    let handle = accepted(&app, "vaos", &pkce, &[("prompt", "login")]).await;
    let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    assert_eq!(next["next"], "sign_in", "{next}");
    // Without those, the live session will do: single sign-on.
    let handle = accepted(&app, "vaos", &pkce, &[("prompt", "none")]).await;
    let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    assert!(
        param(next["location"].as_str().unwrap_or_default(), "code").is_some(),
        "{next}"
    );
    // A sign-in with the e-mail code is not multi-factor, and is said so
    // (an authenticator app's is: tests/api/authenticators.rs).
    let handle = accepted(
        &app,
        "vaos",
        &pkce,
        &[("acr_values", "urn:iamonline:acr:mfa")],
    )
    .await;
    let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    assert_eq!(
        param(next["location"].as_str().unwrap_or_default(), "error").as_deref(),
        Some("unmet_authentication_requirements")
    );
    app.stop().await;
}

#[tokio::test]
async fn an_aua_gated_application_waits_for_the_aua_and_access_rules_are_the_servers() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC07");
    register_application(&app, "immtrac2", |a| a.requires_aua = true);
    register_application(&app, "console", |a| {
        a.allowed_roles = "support admin".into()
    });
    let (portal_token, _) = app
        .signed_in_without_aua("OIDC07", MembershipRole::User)
        .await;
    let pkce = pkce();

    let handle = accepted(&app, "immtrac2", &pkce, &[]).await;
    let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    assert_eq!(next["next"], "aua", "{next}");
    assert_eq!(next["application"], "immtrac2 app");
    let none = accepted(&app, "immtrac2", &pkce, &[("prompt", "none")]).await;
    let (_, refused) = continue_with(&app, &none, Some(&portal_token)).await;
    assert_eq!(
        param(refused["location"].as_str().unwrap_or_default(), "error").as_deref(),
        Some("interaction_required")
    );
    // Signed, the same request continues to the application.
    crate::helpers::sign_aua(&app, &portal_token).await;
    let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    assert!(
        param(next["location"].as_str().unwrap_or_default(), "code").is_some(),
        "{next}"
    );

    let handle = accepted(&app, "console", &pkce, &[]).await;
    let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    assert_eq!(
        param(next["location"].as_str().unwrap_or_default(), "error").as_deref(),
        Some("access_denied"),
        "{next}"
    );
    app.stop().await;
}

/// `POST` a form to an OAuth endpoint with `client_secret_basic`.
pub(crate) async fn post_form(
    app: &TestApp,
    path: &str,
    basic: Option<(&str, &str)>,
    pairs: &[(&str, &str)],
) -> (u16, Value) {
    let mut request = app
        .client
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(pairs));
    if let Some((id, secret)) = basic {
        request = request.basic_auth(id, Some(secret));
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn client_credentials_gives_an_api_client_only_its_own_api_scopes() {
    let (app, _db) = spawn_app().await;
    register(&app, "partner", |c| {
        c.grant_types = "client_credentials".into();
        c.scopes = "api:registry.read api:reports".into();
        c.redirect_uris = String::new();
    });
    register(&app, "vaos", |_| {});
    let grant = [("grant_type", "client_credentials")];
    let (status, tokens, _) = token_request(&app, Some(("partner", SECRET)), &grant).await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["scope"], "api:registry.read api:reports");
    assert!(
        tokens.get("refresh_token").is_none() && tokens.get("id_token").is_none(),
        "{tokens}"
    );
    let (status, narrowed, _) = token_request(
        &app,
        Some(("partner", SECRET)),
        &[
            ("grant_type", "client_credentials"),
            ("scope", "api:reports"),
        ],
    )
    .await;
    assert_eq!(
        (status, narrowed["scope"].as_str()),
        (200, Some("api:reports")),
        "{narrowed}"
    );
    for scope in ["openid", "api:admin"] {
        let (status, body, _) = token_request(
            &app,
            Some(("partner", SECRET)),
            &[("grant_type", "client_credentials"), ("scope", scope)],
        )
        .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_scope")),
            "{scope}: {body}"
        );
    }
    // A client not registered for the grant may not use it.
    let (status, body, _) = token_request(&app, Some(("vaos", SECRET)), &grant).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unauthorized_client")),
        "{body}"
    );
    // The token names no user: UserInfo refuses it; introspection describes it.
    let access_token = tokens["access_token"].as_str().unwrap_or_default();
    let (status, _) = userinfo(&app, access_token).await;
    assert_eq!(status, 401);
    let (status, info) = post_form(
        &app,
        "/oauth2/introspect",
        Some(("vaos", SECRET)),
        &[("token", access_token)],
    )
    .await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(
        (
            info["active"].as_bool(),
            info["sub"].as_str(),
            info["client_id"].as_str()
        ),
        (Some(true), Some("partner"), Some("partner"))
    );
    app.stop().await;
}

#[tokio::test]
async fn introspection_sees_live_and_revoked_tokens_and_revocation_ends_the_grant() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC08");
    register(&app, "vaos", |_| {});
    register(&app, "resource-server", |c| {
        c.grant_types = "client_credentials".into();
        c.redirect_uris = String::new();
    });
    register(&app, "spa", |c| {
        c.client_type = ClientType::Public;
        c.auth_method = ClientAuthMethod::None;
        c.secret_hash = None;
    });
    let (portal_token, user_id) = app.signed_in_as("OIDC08", MembershipRole::User).await;
    let pkce = pkce();
    let code = code_for(&app, "vaos", &pkce, &portal_token).await;
    let (_, tokens, _) = exchange(&app, "vaos", &code, &pkce.verifier).await;
    let access_token = tokens["access_token"].as_str().unwrap_or_default();
    let refresh_token = tokens["refresh_token"].as_str().unwrap_or_default();
    let rs = Some(("resource-server", SECRET));

    let (status, live) =
        post_form(&app, "/oauth2/introspect", rs, &[("token", access_token)]).await;
    assert_eq!(status, 200, "{live}");
    assert_eq!(live["active"], true);
    assert_eq!(live["sub"], user_id.as_str());
    assert_eq!(live["client_id"], "vaos");
    assert_eq!(live["scope"], "openid profile email organizations");
    assert_eq!(live["token_type"], "Bearer");
    // A refresh token is its client's to introspect, no one else's.
    let own = Some(("vaos", SECRET));
    let (_, live) = post_form(&app, "/oauth2/introspect", own, &[("token", refresh_token)]).await;
    assert_eq!(
        (live["active"].as_bool(), live["token_type"].as_str()),
        (Some(true), Some("refresh_token")),
        "{live}"
    );
    let (_, other) = post_form(&app, "/oauth2/introspect", rs, &[("token", refresh_token)]).await;
    assert_eq!(other, json!({"active": false}));
    let (_, junk) = post_form(&app, "/oauth2/introspect", rs, &[("token", "not-a-token")]).await;
    assert_eq!(junk, json!({"active": false}));
    // Public clients may not introspect; a bad secret is invalid_client.
    let (status, _) = post_form(
        &app,
        "/oauth2/introspect",
        None,
        &[("token", access_token), ("client_id", "spa")],
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = post_form(
        &app,
        "/oauth2/introspect",
        Some(("resource-server", "wrong")),
        &[("token", access_token)],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );

    // Another client cannot revoke it; its own client can, and everything
    // of the grant ends.
    let (status, _) = post_form(&app, "/oauth2/revoke", rs, &[("token", refresh_token)]).await;
    assert_eq!(status, 200);
    let (_, still) = post_form(&app, "/oauth2/introspect", rs, &[("token", access_token)]).await;
    assert_eq!(
        still["active"], true,
        "another client's revocation changes nothing"
    );
    let (status, _) = post_form(
        &app,
        "/oauth2/revoke",
        Some(("vaos", SECRET)),
        &[
            ("token", refresh_token),
            ("token_type_hint", "refresh_token"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    for token in [access_token, refresh_token] {
        let (_, dead) = post_form(&app, "/oauth2/introspect", rs, &[("token", token)]).await;
        assert_eq!(dead, json!({"active": false}));
    }
    let (status, _) = userinfo(&app, access_token).await;
    assert_eq!(status, 401);
    let (status, _) = post_form(
        &app,
        "/oauth2/revoke",
        Some(("vaos", SECRET)),
        &[("token", "unknown")],
    )
    .await;
    assert_eq!(status, 200, "unknown tokens are answered the same");
    assert_eq!(app.audit_events("oidc_token_revoked").len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_portal_logout_ends_what_its_session_granted_at_once() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC09");
    register(&app, "vaos", |_| {});
    let (portal_token, _) = app.signed_in_as("OIDC09", MembershipRole::User).await;
    let pkce = pkce();
    let code = code_for(&app, "vaos", &pkce, &portal_token).await;
    let (_, tokens, _) = exchange(&app, "vaos", &code, &pkce.verifier).await;
    let access_token = tokens["access_token"].as_str().unwrap_or_default();
    assert_eq!(userinfo(&app, access_token).await.0, 200);
    let logout = app
        .client
        .delete(app.url("/api/v1/session"))
        .bearer_auth(&portal_token)
        .send()
        .await;
    assert_eq!(logout.map(|r| r.status().as_u16()).ok(), Some(200));
    assert_eq!(userinfo(&app, access_token).await.0, 401);
    let (status, body, _) = token_request(
        &app,
        Some(("vaos", SECRET)),
        &[
            ("grant_type", "refresh_token"),
            (
                "refresh_token",
                tokens["refresh_token"].as_str().unwrap_or_default(),
            ),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    app.stop().await;
}

/// A client key pair for `private_key_jwt`: (signing key, public JWK set).
fn client_key(kid: &str) -> (jsonwebtoken::EncodingKey, String) {
    use ed25519_dalek::pkcs8::{spki::der::pem::LineEnding, EncodePrivateKey};
    let seed: Vec<u8> = [uuid::Uuid::new_v4(), uuid::Uuid::new_v4()]
        .iter()
        .flat_map(|u| *u.as_bytes())
        .collect();
    let mut bytes = [0u8; 32];
    bytes.copy_from_slice(&seed);
    let signing = ed25519_dalek::SigningKey::from_bytes(&bytes);
    let pem = signing
        .to_pkcs8_pem(LineEnding::LF)
        .unwrap_or_else(|e| panic!("{e}"));
    let x =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signing.verifying_key().to_bytes());
    let jwks = json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "use": "sig", "alg": "EdDSA"}]});
    (
        jsonwebtoken::EncodingKey::from_ed_pem(pem.as_bytes()).unwrap_or_else(|e| panic!("{e}")),
        jwks.to_string(),
    )
}

fn assertion(key: &jsonwebtoken::EncodingKey, kid: &str, claims: Value) -> String {
    let mut header = jsonwebtoken::Header::new(Algorithm::EdDSA);
    header.kid = Some(kid.into());
    jsonwebtoken::encode(&header, &claims, key).unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn private_key_jwt_clients_sign_a_fresh_assertion_each_time() {
    let (app, _db) = spawn_app().await;
    let (key, jwks) = client_key("k1");
    let (stranger_key, _) = client_key("k1");
    register(&app, "gov-app", |c| {
        c.auth_method = ClientAuthMethod::PrivateKeyJwt;
        c.secret_hash = None;
        c.jwks = Some(jwks.clone());
        c.grant_types = "client_credentials".into();
        c.scopes = "api:registry.read".into();
        c.redirect_uris = String::new();
    });
    let now = Utc::now().timestamp();
    let claims = |jti: &str, aud: &str, exp: i64| json!({"iss": "gov-app", "sub": "gov-app", "aud": aud, "jti": jti, "iat": now, "exp": exp});
    let issuer = "http://127.0.0.1:8080";
    let token_url = "http://127.0.0.1:8080/oauth2/token";
    let request = |assertion: String| {
        let app = &app;
        async move {
            token_request(
                app,
                None,
                &[
                    ("grant_type", "client_credentials"),
                    (
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    ),
                    ("client_assertion", &assertion),
                ],
            )
            .await
        }
    };
    let good = assertion(&key, "k1", claims("one", issuer, now + 60));
    let (status, body, _) = request(good.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["scope"], "api:registry.read");
    // The same assertion again is a replay.
    let (status, body, _) = request(good).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client")),
        "replay: {body}"
    );
    // The audience is the issuer alone: not the token endpoint (audience
    // injection), not an array, not another server. Expired or long-lived
    // assertions and other keys fail too.
    let mut listed = claims("two", issuer, now + 60);
    listed["aud"] = json!([issuer]);
    for (why, bad) in [
        (
            "token endpoint as audience",
            assertion(&key, "k1", claims("one-b", token_url, now + 60)),
        ),
        ("audience array", assertion(&key, "k1", listed)),
        (
            "audience",
            assertion(
                &key,
                "k1",
                claims("three", "https://elsewhere.example/token", now + 60),
            ),
        ),
        (
            "expired",
            assertion(&key, "k1", claims("four", issuer, now - 60)),
        ),
        (
            "too long",
            assertion(&key, "k1", claims("five", issuer, now + 3600)),
        ),
        (
            "stranger's key",
            assertion(&stranger_key, "k1", claims("six", issuer, now + 60)),
        ),
        (
            "unknown kid",
            assertion(&key, "k2", claims("seven", issuer, now + 60)),
        ),
    ] {
        let (status, body, _) = request(bad).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("invalid_client")),
            "{why}: {body}"
        );
    }
    // An HMAC "signed" with the public key is not a signature.
    let x = serde_json::from_str::<Value>(&jwks).unwrap_or_default()["keys"][0]["x"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut header = jsonwebtoken::Header::new(Algorithm::HS256);
    header.kid = Some("k1".into());
    let forged = jsonwebtoken::encode(
        &header,
        &claims("eight", issuer, now + 60),
        &jsonwebtoken::EncodingKey::from_secret(x.as_bytes()),
    )
    .unwrap_or_default();
    let (status, _, _) = request(forged).await;
    assert_eq!(status, 401);
    app.stop().await;
}

/// An ID token (and the portal session it names) for `client_id`.
pub(crate) async fn id_token_for(app: &TestApp, client_id: &str, portal_token: &str) -> String {
    let pkce = pkce();
    let code = code_for(app, client_id, &pkce, portal_token).await;
    let (status, tokens, _) = exchange(app, client_id, &code, &pkce.verifier).await;
    assert_eq!(status, 200, "{tokens}");
    tokens["id_token"].as_str().unwrap_or_default().to_owned()
}

/// `GET /oauth2/logout` with `query`: (status, Location).
async fn end_session(app: &TestApp, query: &[(&str, &str)]) -> (u16, String) {
    let response = app
        .client
        .get(app.url(&format!("/oauth2/logout?{}", form(query))))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, location)
}

async fn continue_logout(
    app: &TestApp,
    handle: &str,
    token: Option<&str>,
    confirm: bool,
) -> (u16, Value) {
    let mut request = app
        .client
        .post(app.url("/api/v1/logout/continue"))
        .json(&json!({ "request": handle, "confirm": confirm }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

async fn session_status(app: &TestApp, portal_token: &str) -> u16 {
    app.client
        .get(app.url("/api/v1/session"))
        .bearer_auth(portal_token)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_application_signs_its_user_out_of_the_portal_and_goes_back_to_its_registered_page() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC10");
    register(&app, "vaos", |c| {
        c.post_logout_redirect_uris = "https://vaos.example/bye".into()
    });
    let (portal_token, _) = app.signed_in_as("OIDC10", MembershipRole::User).await;
    let id_token = id_token_for(&app, "vaos", &portal_token).await;

    // Doubtful requests are a page, never a redirect.
    for query in [
        vec![
            ("id_token_hint", id_token.as_str()),
            ("post_logout_redirect_uri", "https://evil.example/"),
        ],
        vec![("post_logout_redirect_uri", "https://vaos.example/bye")],
        vec![
            ("id_token_hint", "e30.e30.forged"),
            ("post_logout_redirect_uri", "https://vaos.example/bye"),
        ],
        vec![("id_token_hint", id_token.as_str()), ("client_id", "other")],
    ] {
        let (status, location) = end_session(&app, &query).await;
        assert_eq!((status, location.as_str()), (400, ""), "{query:?}");
    }

    // Named by the hint, the session ends without a question.
    let (status, location) = end_session(
        &app,
        &[
            ("id_token_hint", &id_token),
            ("post_logout_redirect_uri", "https://vaos.example/bye"),
            ("state", "s1"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/logout?request="), "{location}");
    let handle = param(&location, "request").unwrap_or_default();
    let (status, done) = continue_logout(&app, &handle, Some(&portal_token), false).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["next"], "done");
    assert_eq!(done["location"], "https://vaos.example/bye?state=s1");
    assert_eq!(done["application"], "vaos (test)");
    assert_eq!(session_status(&app, &portal_token).await, 401);
    let (status, _) = continue_logout(&app, &handle, None, false).await;
    assert_eq!(status, 410, "answered once");
    app.stop().await;
}

#[tokio::test]
async fn a_logout_request_that_names_no_session_asks_the_user_first() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC11");
    register(&app, "vaos", |_| {});
    let (portal_token, _) = app.signed_in_as("OIDC11", MembershipRole::User).await;
    let (status, location) = end_session(&app, &[("client_id", "vaos")]).await;
    assert_eq!(status, 303);
    let handle = param(&location, "request").unwrap_or_default();
    let (_, asked) = continue_logout(&app, &handle, Some(&portal_token), false).await;
    assert_eq!(
        (asked["next"].as_str(), asked["application"].as_str()),
        (Some("confirm"), Some("vaos (test)")),
        "{asked}"
    );
    assert_eq!(
        session_status(&app, &portal_token).await,
        200,
        "nothing ended before the user said so"
    );
    let (_, done) = continue_logout(&app, &handle, Some(&portal_token), true).await;
    assert_eq!(done["next"], "done", "{done}");
    assert!(done.get("location").is_none());
    assert_eq!(session_status(&app, &portal_token).await, 401);
    app.stop().await;
}

/// A back-channel logout receiver on `port`: the logout tokens it got.
async fn receiver(
    port: u16,
) -> (
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    actix_web::dev::ServerHandle,
) {
    use actix_web::{web, App, HttpResponse, HttpServer};
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let store = received.clone();
    let server = HttpServer::new(move || {
        let store = store.clone();
        App::new().route(
            "/backchannel",
            web::post().to(move |body: web::Bytes| {
                let store = store.clone();
                async move {
                    let body = String::from_utf8_lossy(&body).into_owned();
                    let token = url_decode_pairs(&body)
                        .into_iter()
                        .find(|(k, _)| k == "logout_token")
                        .map(|(_, v)| v)
                        .unwrap_or_default();
                    store.lock().map(|mut s| s.push(token)).ok();
                    HttpResponse::Ok().finish()
                }
            }),
        )
    })
    .workers(1)
    .bind(("127.0.0.1", port))
    .unwrap_or_else(|e| panic!("{e}"))
    .run();
    let handle = server.handle();
    tokio::spawn(server);
    (received, handle)
}

async fn wait_for_tokens(received: &std::sync::Mutex<Vec<String>>, count: usize) -> Vec<String> {
    for _ in 0..100 {
        let tokens = received.lock().map(|t| t.clone()).unwrap_or_default();
        if tokens.len() >= count {
            return tokens;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no back-channel logout after 10 s");
}

#[tokio::test]
async fn ending_a_session_tells_each_application_over_the_back_channel_even_after_an_outage() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC12");
    let (up, down) = (crate::helpers::free_port(), crate::helpers::free_port());
    register(&app, "vaos", |c| {
        c.backchannel_logout_uri = Some(format!("http://127.0.0.1:{up}/backchannel"))
    });
    register(&app, "syntropi", |c| {
        c.id_token_alg = IdTokenAlg::EdDsa;
        c.backchannel_logout_uri = Some(format!("http://127.0.0.1:{down}/backchannel"));
    });
    let (vaos_got, vaos_server) = receiver(up).await;
    let (portal_token, user_id) = app.signed_in_as("OIDC12", MembershipRole::User).await;
    let vaos_id = verified_id_token(
        &app,
        &id_token_for(&app, "vaos", &portal_token).await,
        "vaos",
    )
    .await;
    let syntropi_id = id_token_for(&app, "syntropi", &portal_token).await;

    // "Sign out other devices", a reset, support: any end of the session
    // counts; here the plain logout.
    let logout = app
        .client
        .delete(app.url("/api/v1/session"))
        .bearer_auth(&portal_token)
        .send()
        .await;
    assert_eq!(logout.map(|r| r.status().as_u16()).ok(), Some(200));

    let tokens = wait_for_tokens(&vaos_got, 1).await;
    let header = jsonwebtoken::decode_header(&tokens[0]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(header.typ.as_deref(), Some("logout+jwt"));
    let claims = verified_id_token(&app, &tokens[0], "vaos").await;
    assert_eq!(claims["sid"], vaos_id["sid"]);
    assert_eq!(claims["sub"], user_id.as_str());
    assert!(
        claims["events"]["http://schemas.openid.net/event/backchannel-logout"].is_object(),
        "{claims}"
    );
    assert!(
        claims.get("nonce").is_none(),
        "a logout token never carries a nonce"
    );

    // Syntropi was down: the token waits and is retried until it comes up.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let (syntropi_got, syntropi_server) = receiver(down).await;
    let tokens = wait_for_tokens(&syntropi_got, 1).await;
    let claims = verified_id_token(&app, &tokens[0], "syntropi").await;
    let syntropi_claims = token_claims_unverified(&syntropi_id);
    assert_eq!(claims["sid"], syntropi_claims["sid"]);
    assert_eq!(
        vaos_got.lock().map(|t| t.len()).unwrap_or_default(),
        1,
        "each application is told once"
    );
    vaos_server.stop(true).await;
    syntropi_server.stop(true).await;
    app.stop().await;
}

fn token_claims_unverified(token: &str) -> Value {
    crate::helpers::token_claims(token)
}

#[tokio::test]
async fn a_tile_shows_only_to_who_may_use_it_and_opens_through_the_initiate_login_uri() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC12");
    register_application(&app, "vaos", |a| a.url = "https://vaos.example/home".into());
    app.with_conn(|conn| {
        use diesel::prelude::*;
        use iam_api::db::schema::oauth_clients;
        diesel::update(oauth_clients::table.find("vaos"))
            .set(oauth_clients::initiate_login_uri.eq(Some("https://vaos.example/login")))
            .execute(conn)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    register_application(&app, "console", |a| a.allowed_roles = "admin".into());
    let (portal_token, _) = app.signed_in_as("OIDC12", MembershipRole::User).await;
    let response = app
        .client
        .get(app.url("/api/v1/dashboard"))
        .bearer_auth(&portal_token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let body: Value = response.json().await.unwrap_or_default();
    let tiles: Vec<&Value> = body["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["tiles"].as_array().into_iter().flatten())
        .collect();
    let url_of = |id: &str| {
        tiles
            .iter()
            .find(|t| t["app_id"] == id)
            .map(|t| t["url"].as_str().unwrap_or_default().to_owned())
    };
    assert_eq!(
        url_of("vaos").as_deref(),
        Some("https://vaos.example/login?iss=http%3A%2F%2F127.0.0.1%3A8080&target_link_uri=https%3A%2F%2Fvaos.example%2Fhome"),
        "{body}"
    );
    assert_eq!(url_of("console"), None, "a user sees no admin-only tile");
    app.stop().await;
}

#[tokio::test]
async fn email_verified_is_set_once_an_emailed_code_proves_the_address() {
    use crate::helpers::{create_member, sign_in, unique_email, PASSWORD};
    let (app, _db) = spawn_app().await;
    create_org(&app, "OIDC0V");
    let email = unique_email("unproved");
    // Created with a password, as an import does: the address is unproved.
    let account = create_member(&app, &email, PASSWORD, "OIDC0V", MembershipRole::User);
    let proved_at = |app: &TestApp| {
        app.with_conn(|conn| {
            iam_api::db::users::find_by_id(conn, &account.user_id)
                .ok()
                .flatten()
                .and_then(|user| user.email_verified_at)
        })
    };
    assert_eq!(proved_at(&app), None);
    let done = sign_in(&app, &account.username, &email).await;
    assert!(done["access_token"].is_string(), "{done}");
    assert!(proved_at(&app).is_some(), "the e-mailed code proved it");
    app.stop().await;
}
