//! Ops endpoints, JWKS and public configuration.

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_and_readiness_answer_ok_when_the_database_is_reachable() {
    // Arrange
    let (app, _db) = spawn_app().await;
    // Act
    let health = app.get("/healthz").await;
    let ready = app.get("/readyz").await;
    // Assert
    assert_eq!(health.status(), 200, "/healthz");
    assert_eq!(ready.status(), 200, "/readyz");
    let body: serde_json::Value = ready.json().await.expect("readiness answers JSON");
    assert_eq!(
        body["database"], "ok",
        "readiness reports the database: {body}"
    );
    app.stop().await;
}

#[tokio::test]
async fn metrics_report_requests_by_route_and_status_and_the_outbox_backlog() {
    let (app, _db) = spawn_app().await;
    let _ = app.get("/api/v1/config").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let text = reqwest::get(metrics_url(&app))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .text()
        .await
        .expect("the metrics text arrives");
    assert!(
        text.contains(
            r#"iam_http_requests_total{endpoint="/api/v1/config",method="GET",status="200"} 1"#
        ),
        "requests by route and status:\n{text}"
    );
    assert!(
        text.contains("iam_http_requests_duration_seconds_bucket"),
        "latency histogram:\n{text}"
    );
    assert!(
        text.contains("iam_mail_outbox_backlog"),
        "outbox backlog gauge:\n{text}"
    );
    app.stop().await;
}

#[tokio::test]
async fn jwks_publishes_the_access_token_key_first_then_the_keys_of_what_applications_receive() {
    let (app, _db) = spawn_app().await;
    let jwks: serde_json::Value = app
        .get("/.well-known/jwks.json")
        .await
        .json()
        .await
        .expect("the JWKS is JSON");
    let keys = jwks["keys"]
        .as_array()
        .cloned()
        .expect("the JWKS lists keys");
    // The portal's own access-token key, then the OpenID Connect ring's
    // (docs/oidc.md): at least one RS256 and one EdDSA key.
    assert!(keys.len() >= 3, "{jwks}");
    assert!(
        keys[1..]
            .iter()
            .any(|k| k["alg"] == "RS256" && k["kty"] == "RSA"),
        "{jwks}"
    );
    assert!(keys[1..].iter().any(|k| k["alg"] == "EdDSA"), "{jwks}");
    assert_eq!(keys[0]["kty"], "OKP");
    assert_eq!(keys[0]["crv"], "Ed25519");
    assert_eq!(keys[0]["alg"], "EdDSA");
    assert!(keys[0]["kid"].as_str().is_some_and(|k| k.len() == 16));
    app.stop().await;
}

#[tokio::test]
async fn public_config_carries_branding_contacts_and_the_system_use_notification() {
    let (app, _db) = spawn_app().await;
    let response = app.get("/api/v1/config").await;
    assert_eq!(response.status(), 200);
    let config: iam_shared::dto::config::PublicConfigResponse = response
        .json()
        .await
        .unwrap_or_else(|e| panic!("config does not match the shared type: {e}"));
    assert_eq!(config.app_name, "ImmTrac2");
    assert_eq!(config.portal_name, "IAMOnline");
    assert_eq!(config.support.customer_support_phone, "1-800-348-9158");
    assert!(config
        .system_use_notification
        .starts_with("Warning: This is a Texas Health and Human Services"));
    assert_eq!(
        config.password_requirements.len(),
        iam_shared::rules::PASSWORD_RULES.len()
    );
    assert!(config.features.mfa_required);
    assert!(
        !config.features.dev_mail,
        "dev mail is off outside dev mode"
    );
    app.stop().await;
}

#[tokio::test]
async fn responses_carry_security_headers_and_no_store() {
    let (app, _db) = spawn_app().await;
    let response = app.get("/api/v1/config").await;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert!(header("content-security-policy").contains("frame-ancestors 'none'"));
    assert!(
        !header("content-security-policy").contains("unsafe-inline"),
        "no inline script"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "no-referrer");
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(
        header("x-request-id").len(),
        36,
        "a request id to quote to support"
    );
    app.stop().await;
}

#[tokio::test]
async fn dev_mail_is_not_served_outside_dev_mode() {
    let (app, _db) = spawn_app().await;
    let response = app.get("/dev/mail").await;
    assert_eq!(response.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn the_openapi_document_is_served_as_json() {
    let (app, _db) = spawn_app().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    let spec: serde_json::Value = response.json().await.expect("the OpenAPI document is JSON");
    assert_eq!(spec["info"]["title"], "IAMOnline identity portal API");
    assert!(
        spec["paths"]["/api/v1/config"]["get"].is_object(),
        "paths are described"
    );
    app.stop().await;
}

/// `/metrics` on the metrics port.
fn metrics_url(app: &crate::helpers::TestApp) -> String {
    let base = app.metrics_address.clone();
    format!(
        "{}/metrics",
        base.unwrap_or_else(|| panic!("metrics are on"))
    )
}

#[tokio::test]
async fn metrics_are_not_served_on_the_public_port() {
    let (app, _db) = spawn_app().await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 404);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
    let body: serde_json::Value = response.json().await.expect("the 404 problem is JSON");
    assert_eq!(body["code"], "not_found");
    assert!(
        app.metrics_address
            .as_deref()
            .is_some_and(|m| m != app.address),
        "they have a port of their own"
    );
    app.stop().await;
}

#[tokio::test]
async fn metrics_say_gzip_only_when_they_are_gzip() {
    let (app, _db) = crate::helpers::spawn_app().await;
    let response = app
        .client
        .get(metrics_url(&app))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 200);
    let gzip = response
        .headers()
        .get("content-encoding")
        .is_some_and(|v| v.as_bytes() == b"gzip");
    let body = response.bytes().await.expect("the metrics body arrives");
    // gzip data starts with 1f 8b; the text starts with "# HELP".
    assert_eq!(
        body.starts_with(&[0x1f, 0x8b]),
        gzip,
        "labelled gzip: {gzip}"
    );
    app.stop().await;
}
