//! What an application is granted, and how long it lasts: consent for
//! third parties, tokens that belong to their client, a grant that ends
//! with the portal session and with the user's right to use the
//! application, and a disabled client's tokens that stop at once.

use diesel::prelude::*;
use iam_api::db::schema::{applications, oauth_clients, sessions};
use iam_shared::types::MembershipRole;
use serde_json::{json, Value};

use crate::helpers::{create_org, spawn_with_clock, TestApp};
use crate::oidc::{
    accepted, code_for, continue_with, exchange, param, pkce, post_form, register,
    register_application, token_request, userinfo, REDIRECT, SECRET,
};

async fn refresh_as(app: &TestApp, client_id: &str, token: &str) -> (u16, Value) {
    let (status, body, _) = token_request(
        app,
        Some((client_id, SECRET)),
        &[("grant_type", "refresh_token"), ("refresh_token", token)],
    )
    .await;
    (status, body)
}

fn refresh_token_of(body: &Value) -> String {
    body["refresh_token"]
        .as_str()
        .unwrap_or_else(|| panic!("a refresh token in {body}"))
        .to_owned()
}

#[tokio::test]
async fn another_clients_use_of_a_code_or_refresh_token_neither_spends_nor_revokes_it() {
    let (app, _db, _clock) = spawn_with_clock(|_| {}).await;
    create_org(&app, "GRANT1");
    register(&app, "vaos", |_| {});
    register(&app, "syntropi", |_| {});
    let (portal_token, _) = app.signed_in_as("GRANT1", MembershipRole::User).await;
    let pkce = pkce();
    let code = code_for(&app, "vaos", &pkce, &portal_token).await;

    let (status, body, _) = exchange(&app, "syntropi", &code, &pkce.verifier).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let (status, tokens, _) = exchange(&app, "vaos", &code, &pkce.verifier).await;
    assert_eq!(status, 200, "the code is still the client's: {tokens}");

    let refresh = refresh_token_of(&tokens);
    let (status, body) = refresh_as(&app, "syntropi", &refresh).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let (status, body) = refresh_as(&app, "vaos", &refresh).await;
    assert_eq!(
        status, 200,
        "the refresh token is still the client's: {body}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_grant_lasts_while_its_portal_session_is_in_use_and_ends_when_it_idles_out() {
    let (app, _db, clock) = spawn_with_clock(|s| s.idle_timeout_secs = 30 * 60).await;
    create_org(&app, "GRANT2");
    register(&app, "vaos", |c| c.refresh_token_ttl_secs = 8 * 3600);
    let (portal_token, user_id) = app.signed_in_as("GRANT2", MembershipRole::User).await;
    // As the browser app signs in (an API client's session has no idle
    // timeout), without "Keep me signed in".
    app.with_conn(|conn| {
        diesel::update(sessions::table.filter(sessions::user_id.eq(&user_id)))
            .set(sessions::channel.eq("web"))
            .execute(conn)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let pkce = pkce();
    let code = code_for(&app, "vaos", &pkce, &portal_token).await;
    let (_, tokens, _) = exchange(&app, "vaos", &code, &pkce.verifier).await;
    let mut refresh = refresh_token_of(&tokens);

    // Using the application is using the session: each refresh within the
    // idle timeout keeps it alive, past the timeout counted from sign-in.
    for _ in 0..2 {
        clock.advance(chrono::Duration::minutes(20));
        let (status, body) = refresh_as(&app, "vaos", &refresh).await;
        assert_eq!(status, 200, "{body}");
        refresh = refresh_token_of(&body);
    }
    clock.advance(chrono::Duration::minutes(31));
    let (status, body) = refresh_as(&app, "vaos", &refresh).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "idle: {body}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_refresh_checks_again_that_the_user_may_use_the_application() {
    let (app, _db, _clock) = spawn_with_clock(|_| {}).await;
    create_org(&app, "GRANT3");
    register_application(&app, "vaos", |a| a.allowed_org_codes = "GRANT3".into());
    let (portal_token, _) = app.signed_in_as("GRANT3", MembershipRole::User).await;
    let pkce = pkce();
    let code = code_for(&app, "vaos", &pkce, &portal_token).await;
    let (_, tokens, _) = exchange(&app, "vaos", &code, &pkce.verifier).await;
    let (status, body) = refresh_as(&app, "vaos", &refresh_token_of(&tokens)).await;
    assert_eq!(status, 200, "{body}");

    // The organization loses the application: the next refresh is refused
    // and the grant ends, access token included.
    app.with_conn(|conn| {
        diesel::update(applications::table.find("vaos"))
            .set(applications::allowed_org_codes.eq("ELSEWHERE"))
            .execute(conn)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let (status, refused) = refresh_as(&app, "vaos", &refresh_token_of(&body)).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (400, Some("invalid_grant")),
        "{refused}"
    );
    let (status, _) = userinfo(&app, body["access_token"].as_str().unwrap_or_default()).await;
    assert_eq!(status, 401);
    app.stop().await;
}

#[tokio::test]
async fn a_disabled_clients_tokens_stop_working_at_once() {
    let (app, _db, _clock) = spawn_with_clock(|_| {}).await;
    create_org(&app, "GRANT4");
    register(&app, "vaos", |_| {});
    register(&app, "resource-server", |c| {
        c.grant_types = "client_credentials".into();
        c.redirect_uris = String::new();
    });
    let (portal_token, _) = app.signed_in_as("GRANT4", MembershipRole::User).await;
    let pkce = pkce();
    let code = code_for(&app, "vaos", &pkce, &portal_token).await;
    let (_, tokens, _) = exchange(&app, "vaos", &code, &pkce.verifier).await;
    let access_token = tokens["access_token"].as_str().unwrap_or_default();
    let (status, _) = userinfo(&app, access_token).await;
    assert_eq!(status, 200);

    app.with_conn(|conn| {
        diesel::update(oauth_clients::table.find("vaos"))
            .set(oauth_clients::disabled_at.eq(Some(iam_api::db::to_db_time(chrono::Utc::now()))))
            .execute(conn)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let (status, _) = userinfo(&app, access_token).await;
    assert_eq!(status, 401);
    let rs = Some(("resource-server", SECRET));
    let (_, seen) = post_form(&app, "/oauth2/introspect", rs, &[("token", access_token)]).await;
    assert_eq!(seen, json!({"active": false}));
    app.stop().await;
}

#[tokio::test]
async fn control_characters_from_strangers_get_a_clear_answer_not_a_server_error() {
    let (app, _db, _clock) = spawn_with_clock(|_| {}).await;
    register(&app, "vaos", |_| {});
    let pkce = pkce();
    // An impossible client id is an unknown client: a page, no redirect.
    let response = app
        .get("/oauth2/authorize?response_type=code&client_id=%00&scope=openid")
        .await;
    assert_eq!(response.status().as_u16(), 400);
    // A NUL in what would be echoed back goes back as invalid_request.
    let (status, location) =
        crate::oidc::authorize(&app, "vaos", &pkce, &[("state", "a\u{0}b")]).await;
    assert_eq!(status, 303, "{location}");
    assert!(location.starts_with(REDIRECT), "{location}");
    assert_eq!(
        param(&location, "error").as_deref(),
        Some("invalid_request")
    );
    // At the token endpoint, a NUL client id fails authentication.
    let (status, body, _) = token_request(
        &app,
        None,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "\u{0}"),
            ("code", "x"),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    app.stop().await;
}

/// `POST /authorize/continue` with the user's answer on the consent screen.
async fn answer_consent(app: &TestApp, handle: &str, token: &str, allow: bool) -> Value {
    let response = app
        .client
        .post(app.url("/api/v1/authorize/continue"))
        .bearer_auth(token)
        .json(&json!({ "request": handle, "consent": allow }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap_or_default()
}

async fn consents(app: &TestApp, token: &str) -> Value {
    app.client
        .get(app.url("/api/v1/consents"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default()
}

#[tokio::test]
async fn a_third_party_asks_once_is_remembered_and_loses_everything_when_consent_is_withdrawn() {
    let (app, _db, _clock) = spawn_with_clock(|_| {}).await;
    create_org(&app, "GRANT5");
    register(&app, "partner", |c| c.consent_required = true);
    let (portal_token, _) = app.signed_in_as("GRANT5", MembershipRole::User).await;
    let pkce = pkce();

    // prompt=none cannot ask: consent_required.
    let handle = accepted(&app, "partner", &pkce, &[("prompt", "none")]).await;
    let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    let location = next["location"].as_str().unwrap_or_default();
    assert_eq!(
        param(location, "error").as_deref(),
        Some("consent_required")
    );

    // Otherwise the user is asked, with what the application wants.
    let handle = accepted(&app, "partner", &pkce, &[]).await;
    let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    assert_eq!(next["next"], "consent", "{next}");
    assert_eq!(
        next["scopes"],
        json!(["openid", "profile", "email", "organizations"])
    );
    // Refusing sends access_denied to the application.
    let refused = answer_consent(&app, &handle, &portal_token, false).await;
    let location = refused["location"].as_str().unwrap_or_default();
    assert_eq!(param(location, "error").as_deref(), Some("access_denied"));
    assert_eq!(consents(&app, &portal_token).await["consents"], json!([]));

    // Allowing gives the code, and is remembered: the next sign-in asks
    // nothing, unless the application asks for more or says prompt=consent.
    let handle = accepted(&app, "partner", &pkce, &[]).await;
    continue_with(&app, &handle, Some(&portal_token)).await;
    let allowed = answer_consent(&app, &handle, &portal_token, true).await;
    let code = param(allowed["location"].as_str().unwrap_or_default(), "code")
        .unwrap_or_else(|| panic!("a code: {allowed}"));
    let (status, tokens, _) = exchange(&app, "partner", &code, &pkce.verifier).await;
    assert_eq!(status, 200, "{tokens}");
    let code = code_for(&app, "partner", &pkce, &portal_token).await;
    assert!(!code.is_empty());
    for extra in [
        ("prompt", "consent"),
        ("scope", "openid profile email organizations offline_access"),
    ] {
        let handle = accepted(&app, "partner", &pkce, &[extra]).await;
        let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
        assert_eq!(next["next"], "consent", "{extra:?}: {next}");
    }
    let listed = consents(&app, &portal_token).await;
    assert_eq!(listed["consents"][0]["client_id"], "partner", "{listed}");
    assert_eq!(
        listed["consents"][0]["scopes"],
        json!(["openid", "profile", "email", "organizations"])
    );

    // Withdrawn: the application's tokens stop, and it must ask again.
    let response = app
        .client
        .delete(app.url("/api/v1/consents/partner"))
        .bearer_auth(&portal_token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status().as_u16(), 204);
    let (status, _) = userinfo(&app, tokens["access_token"].as_str().unwrap_or_default()).await;
    assert_eq!(status, 401);
    let handle = accepted(&app, "partner", &pkce, &[]).await;
    let (_, next) = continue_with(&app, &handle, Some(&portal_token)).await;
    assert_eq!(next["next"], "consent");
    let again = app
        .client
        .delete(app.url("/api/v1/consents/partner"))
        .bearer_auth(&portal_token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.status().as_u16(), 404);
    assert_eq!(app.audit_events("oidc_consent_given").len(), 1);
    assert_eq!(app.audit_events("oidc_consent_withdrawn").len(), 1);
    app.stop().await;
}
