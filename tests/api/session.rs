//! The e-mail code, the Confidentiality Statement and sessions (docs/product.md §3.2, §3.3).

use base64::Engine as _;
use serde_json::{json, Value};

use crate::helpers::{access_token, agree_in_browser, code_sent_to, post, token_claims};
use crate::helpers::{create_active_account, create_org, sign_in, sign_in_to_statement, spawn_app};
use crate::helpers::{step_path, unique_email, with_bearer, TestApp, PASSWORD};

#[tokio::test]
async fn the_iamonline_door_issues_a_session_only_after_both_factors_and_the_statement() {
    // Arrange
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES100");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES100"]);
    let tx = app.start_signin(&account.username, false).await;

    // The statement cannot be accepted before the factors.
    let (status, body, _) = app.agree(&tx).await;
    assert_eq!(
        (status, body["code"].clone(), body["next_step"].clone()),
        (409, json!("conflict"), json!("choose_method"))
    );

    // E-mail first: the masked address, then the code, then the password.
    let (status, sent, _) = app.send_signin_code(&tx).await;
    assert_eq!(status, 200);
    let expected_mask = format!(
        "k***{}@example.org",
        email
            .split('@')
            .next()
            .expect("a split yields at least one part")
            .chars()
            .last()
            .unwrap_or('?')
    );
    assert_eq!(sent["masked_email"], json!(expected_mask));
    assert_eq!(sent["resend_after"], json!(30));
    let code = code_sent_to(&app, &email);
    assert!(
        code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()),
        "{code}"
    );
    let (status, body, _) = app.verify_signin_code(&tx, &code).await;
    assert_eq!(
        (status, body["next_step"].clone()),
        (200, json!("password")),
        "no factor is skipped"
    );
    let (status, body, _) = app.signin_password(&tx, PASSWORD).await;
    assert_eq!(
        (status, body["next_step"].clone()),
        (200, json!("confidentiality"))
    );

    // Act
    let (status, done, _) = app.agree(&tx).await;

    // Assert
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["next_step"], json!("done"));
    assert_eq!(done["token_type"], json!("Bearer"));
    assert_eq!(done["expires_in"], json!(900));
    assert!(
        done["refresh_token"]
            .as_str()
            .is_some_and(|t| t.len() >= 43),
        "API clients get the refresh token"
    );
    assert_eq!(done["user"]["username"], json!(account.username));
    assert_eq!(done["organizations"][0]["org_code"], json!("SES100"));
    let token = done["access_token"]
        .as_str()
        .expect("`access_token` in the answer");
    let (status, session, headers) =
        with_bearer(&app, reqwest::Method::GET, "/api/v1/session", token).await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(
        session["active_organization"]["org_code"],
        json!("SES100"),
        "one organization: it is active"
    );
    assert_eq!(session["aua_status"], json!("missing"));
    assert_eq!(session["door"], json!("iamonline"));
    assert_eq!(
        headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("no-store")
    );

    // The transaction cannot be replayed.
    let (status, body, _) = app.agree(&tx).await;
    assert_eq!((status, body["code"].clone()), (410, json!("token_used")));
    app.stop().await;
}

#[tokio::test]
async fn the_immtrac2_door_needs_the_email_code_too_and_activates_the_typed_organization() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES200");
    create_org(&app, "SES201");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES200", "SES201"]);
    let (status, body) = app.login("SES201", &account.username, PASSWORD, None).await;
    assert_eq!(
        (status, body["next_step"].clone()),
        (200, json!("email_code"))
    );
    let tx = body["transaction_id"]
        .as_str()
        .expect("`transaction_id` in the answer")
        .to_owned();
    let (status, _, _) = app.agree(&tx).await;
    assert_eq!(status, 409, "the e-mail code cannot be skipped");
    app.send_signin_code(&tx).await;
    let code = code_sent_to(&app, &email);
    app.verify_signin_code(&tx, &code).await;
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200);
    assert_eq!(done["organizations"].as_array().map(Vec::len), Some(2));
    let token = done["access_token"]
        .as_str()
        .expect("`access_token` in the answer");
    let (_, session, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", token).await;
    assert_eq!(session["active_organization"]["org_code"], json!("SES201"));
    assert_eq!(session["door"], json!("immtrac2"));
    app.stop().await;
}

#[tokio::test]
async fn a_multi_organization_user_chooses_in_the_portal_view() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES300");
    create_org(&app, "SES301");
    create_org(&app, "SES302");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES300", "SES301"]);
    let done = sign_in(&app, &account.username, &email).await;
    let token = access_token(&done);
    let (_, session, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &token).await;
    assert_eq!(
        session["active_organization"],
        Value::Null,
        "several organizations: none is chosen yet"
    );
    let choose = |org: &'static str| {
        app.client
            .put(app.url("/api/v1/session/organization"))
            .bearer_auth(&token)
            .json(&json!({"org_code": org}))
            .send()
    };
    let response = choose("ses301").await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 200);
    let session: Value = response.json().await.expect("the session answers JSON");
    assert_eq!(session["active_organization"]["org_code"], json!("SES301"));
    let response = choose("SES302").await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 403, "not a member");
    app.stop().await;
}

#[tokio::test]
async fn wrong_codes_are_counted_and_the_fifth_voids_the_code_and_resends_are_throttled() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES400");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES400"]);
    let tx = app.start_signin(&account.username, false).await;
    app.send_signin_code(&tx).await;
    let code = code_sent_to(&app, &email);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for attempt in 1..=5 {
        let (status, body, _) = app.verify_signin_code(&tx, wrong).await;
        assert_eq!(
            (status, body["code"].clone()),
            (401, json!("invalid_code")),
            "attempt {attempt}"
        );
        assert_eq!(body["next_step"], json!("email_code"));
    }
    let (status, body, _) = app.verify_signin_code(&tx, &code).await;
    assert_eq!(
        status, 401,
        "the right code no longer works after five wrong ones: {body}"
    );

    // Send again within 30 s: refused with Retry-After.
    let (status, body, headers) = app.send_signin_code(&tx).await;
    assert_eq!((status, body["code"].clone()), (429, json!("rate_limited")));
    let retry: u64 = headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((1..=30).contains(&retry), "Retry-After {retry}");
    // New sign-ins send at once, but an account gets five codes an hour.
    for sent in 2..=5 {
        let tx = app.start_signin(&account.username, false).await;
        let (status, _, _) = app.send_signin_code(&tx).await;
        assert_eq!(status, 200, "code {sent}");
    }
    let tx = app.start_signin(&account.username, false).await;
    let (status, _, headers) = app.send_signin_code(&tx).await;
    assert_eq!(status, 429, "the sixth code within the hour");
    let retry: u64 = headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!(retry > 3500, "Retry-After {retry}");
    app.stop().await;
}

#[tokio::test]
async fn an_unknown_username_sees_a_stable_fake_mask_and_nothing_is_sent() {
    let (app, _db) = spawn_app().await;
    let mut masks = Vec::new();
    for _ in 0..2 {
        let tx = app.start_signin("NO0000NE", false).await;
        let (status, sent, _) = app.send_signin_code(&tx).await;
        if status == 200 {
            masks.push(
                sent["masked_email"]
                    .as_str()
                    .expect("`masked_email` in the answer")
                    .to_owned(),
            );
        }
        let (status, body, _) = app.verify_signin_code(&tx, "123456").await;
        assert_eq!((status, body["code"].clone()), (401, json!("invalid_code")));
    }
    assert_eq!(masks.len(), 2);
    assert_eq!(masks[0], masks[1], "the fake mask is stable");
    assert!(
        masks[0].contains("***") && masks[0].contains('@'),
        "{}",
        masks[0]
    );
    assert_eq!(
        app.mails_queued("signin_code"),
        0,
        "nothing is sent for an unknown username"
    );
    app.stop().await;
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_refresh_token_revokes_the_session() {
    let (app, _db, clock) = crate::helpers::spawn_with_clock(|_| {}).await;
    create_org(&app, "SES500");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES500"]);
    let done = sign_in(&app, &account.username, &email).await;
    let first = done["refresh_token"]
        .as_str()
        .expect("`refresh_token` in the answer")
        .to_owned();

    let (status, rotated, _) = post(
        &app,
        "/api/v1/session/refresh",
        &json!({"refresh_token": first}),
    )
    .await;
    assert_eq!(status, 200, "{rotated}");
    let second = rotated["refresh_token"]
        .as_str()
        .expect("`refresh_token` in the answer")
        .to_owned();
    assert_ne!(first, second);
    let access = access_token(&rotated);
    let (status, _, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &access).await;
    assert_eq!(status, 200);

    // The old token again, past the grace period of a page left mid-refresh:
    // the session is revoked, with every token of it.
    clock.advance(chrono::Duration::seconds(11));
    let (status, body, _) = post(
        &app,
        "/api/v1/session/refresh",
        &json!({"refresh_token": first}),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (401, json!("unauthenticated"))
    );
    let (status, _, _) = post(
        &app,
        "/api/v1/session/refresh",
        &json!({"refresh_token": second}),
    )
    .await;
    assert_eq!(
        status, 401,
        "the newest refresh token died with the session"
    );
    let (status, _, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &access).await;
    assert_eq!(status, 401, "so did the access token");
    assert_eq!(app.audit_events("session_refresh_reuse").len(), 1);
    app.stop().await;
}

/// A browser that leaves a page while its refresh is in flight never gets
/// the new cookie and presents the spent one again: within 10 seconds of
/// the rotation that is answered once (Okta's grace period), and the lost
/// successor is spent. Again, later, or from an API client it is theft.
#[tokio::test]
async fn a_browser_presenting_its_spent_cookie_within_ten_seconds_is_answered_once() {
    let (app, _db, clock) = crate::helpers::spawn_with_clock(|_| {}).await;
    create_org(&app, "SES501");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES501"]);
    let tx = sign_in_to_statement(&app, &account.username, &email, false).await;
    let (first, _, _) = agree_in_browser(&app, &tx).await;
    let (status, lost) = refresh_in_browser(&app, &first).await;
    assert_eq!(status, 200);
    clock.advance(chrono::Duration::seconds(9));
    let (status, kept) = refresh_in_browser(&app, &first).await;
    assert_eq!(status, 200, "within the grace period");
    assert!(!kept.is_empty() && kept != lost);
    let grace = app.audit_events("session_refresh_grace");
    assert_eq!(grace.len(), 1);
    assert_eq!(grace[0].1["successors_spent"], json!(1), "{:?}", grace[0].1);
    assert!(app.audit_events("session_refresh_reuse").is_empty());
    let (status, kept) = refresh_in_browser(&app, &kept).await;
    assert_eq!(status, 200, "the session goes on");
    // The same spent cookie a second time, even within the period: theft.
    let (status, _) = refresh_in_browser(&app, &first).await;
    assert_eq!(status, 401);
    assert_eq!(app.audit_events("session_refresh_reuse").len(), 1);
    let (status, _) = refresh_in_browser(&app, &kept).await;
    assert_eq!(status, 401, "the session ended with every token of it");

    // An API client has no page to leave: its reuse is theft at once.
    let api_email = unique_email("kim");
    let account = create_active_account(&app, &api_email, PASSWORD, &["SES501"]);
    let done = sign_in(&app, &account.username, &api_email).await;
    let api_first = done["refresh_token"].as_str().expect("a refresh token");
    let (status, _, _) = refresh_with(&app, api_first).await;
    assert_eq!(status, 200);
    let (status, _, _) = refresh_with(&app, api_first).await;
    assert_eq!(status, 401);
    assert_eq!(app.audit_events("session_refresh_reuse").len(), 2);
    app.stop().await;
}

async fn refresh_with(app: &TestApp, token: &str) -> (u16, Value, reqwest::header::HeaderMap) {
    post(
        app,
        "/api/v1/session/refresh",
        &json!({ "refresh_token": token }),
    )
    .await
}

fn b64(value: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
}

#[tokio::test]
async fn unsigned_tampered_expired_and_revoked_tokens_get_401_and_the_jwks_verifies_a_good_one() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES600");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES600"]);
    let done = sign_in(&app, &account.username, &email).await;
    let token = access_token(&done);
    let parts: Vec<&str> = token.split('.').collect();
    let claims = token_claims(&token);

    // The JWKS verifies the good token offline.
    let jwks: Value = app
        .get("/.well-known/jwks.json")
        .await
        .json()
        .await
        .expect("the JWKS is JSON");
    let x = jwks["keys"][0]["x"].as_str().expect("`x` in the answer");
    let key = jsonwebtoken::DecodingKey::from_ed_components(x).unwrap_or_else(|e| panic!("{e}"));
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.set_audience(&["iamonline"]);
    let verified = jsonwebtoken::decode::<Value>(&token, &key, &validation);
    assert!(verified.is_ok(), "{verified:?}");
    let header = jsonwebtoken::decode_header(&token).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(header.kid.as_deref(), jwks["keys"][0]["kid"].as_str());
    assert_eq!(header.typ.as_deref(), Some("at+jwt"));

    let mut elevated = claims.clone();
    elevated["sub"] = json!("someone-else");
    let unsigned = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "at+jwt", "kid": header.kid})),
        b64(&claims)
    );
    let tampered = format!("{}.{}.{}", parts[0], b64(&elevated), parts[2]);
    let mut expired_claims = claims.clone();
    expired_claims["exp"] = json!(chrono::Utc::now().timestamp() - 3600);
    expired_claims["nbf"] = json!(chrono::Utc::now().timestamp() - 7200);
    let mut jwt_header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    jwt_header.typ = Some("at+jwt".into());
    jwt_header.kid = header.kid.clone();
    let expired = jsonwebtoken::encode(&jwt_header, &expired_claims, &app.keys.encoding)
        .expect("the server's key signs a token");
    for (name, bad) in [
        ("alg none", unsigned),
        ("tampered", tampered),
        ("expired", expired),
        ("garbage", "x.y.z".to_owned()),
    ] {
        let (status, body, _) =
            with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &bad).await;
        assert_eq!(
            (status, body["code"].clone()),
            (401, json!("unauthenticated")),
            "{name}"
        );
    }

    // Logout: its text, Clear-Site-Data, and the token dies at once.
    let (status, body, headers) =
        with_bearer(&app, reqwest::Method::DELETE, "/api/v1/session", &token).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["message"],
        json!("You are now logged out of ImmTrac2.")
    );
    // Storage goes; cookies are removed by name (the refresh cookie), so
    // the device cookie keeps the browser familiar.
    assert_eq!(
        headers.get("clear-site-data").and_then(|v| v.to_str().ok()),
        Some("\"storage\"")
    );
    let removed: Vec<&str> = headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(
        removed
            .iter()
            .any(|c| c.starts_with("__Host-iam_refresh=;") && c.contains("Max-Age=0")),
        "{removed:?}"
    );
    assert!(!removed.iter().any(|c| c.starts_with("__Host-iam_device")));
    let (status, _, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &token).await;
    assert_eq!(
        status, 401,
        "a revoked session's token is refused before it expires"
    );
    assert_eq!(app.audit_events("logout").len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn the_browser_gets_a_host_only_http_only_cookie_guarded_against_csrf() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES700");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES700"]);
    let tx = sign_in_to_statement(&app, &account.username, &email, true).await;
    let (value, cookie, body) = agree_in_browser(&app, &tx).await;
    assert!(
        body.get("refresh_token").is_none(),
        "the browser never sees the refresh token"
    );
    for attribute in [
        "__Host-iam_refresh=",
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=",
    ] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }

    // The cookie without the app's header is a cross-site request: refused.
    let refresh = |with_header: bool| {
        let mut request = app
            .client
            .post(app.url("/api/v1/session/refresh"))
            .header("Cookie", value.clone());
        if with_header {
            request = request.header("X-IAM-Client", "web");
        }
        request.send()
    };
    let response = refresh(false).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.expect("the 403 problem is JSON");
    assert_eq!(body["code"], json!("csrf_failed"));
    let response = refresh(true).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 200);
    assert!(
        response.headers().get("set-cookie").is_some(),
        "a rotated cookie"
    );
    let body: Value = response.json().await.expect("the refresh answers JSON");
    assert!(body["access_token"].as_str().is_some() && body.get("refresh_token").is_none());
    app.stop().await;
}

#[tokio::test]
async fn signing_out_other_devices_ends_them_at_once() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES800");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES800"]);
    let laptop = sign_in(&app, &account.username, &email).await;
    let phone = sign_in(&app, &account.username, &email).await;
    let laptop_token = access_token(&laptop);
    let phone_token = access_token(&phone);
    let (_, listed, _) =
        with_bearer(&app, reqwest::Method::GET, "/api/v1/sessions", &phone_token).await;
    assert_eq!(listed["sessions"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        listed["sessions"][0]["current"],
        json!(true),
        "newest first: this one"
    );
    assert_eq!(listed["sessions"][1]["current"], json!(false));

    let (status, body, _) = with_bearer(
        &app,
        reqwest::Method::DELETE,
        "/api/v1/sessions/others",
        &phone_token,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["message"],
        json!("You are now signed out of 1 other device.")
    );
    let (status, _, _) =
        with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &laptop_token).await;
    assert_eq!(status, 401, "the laptop's token dies at once");
    let (status, _, _) =
        with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &phone_token).await;
    assert_eq!(status, 200);
    app.stop().await;
}

#[tokio::test]
async fn sign_in_transactions_and_email_codes_expire() {
    let (app, _db, clock) = crate::helpers::spawn_with_clock(|_| {}).await;
    create_org(&app, "SES900");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES900"]);
    let tx = app.start_signin(&account.username, false).await;
    app.send_signin_code(&tx).await;
    let code = code_sent_to(&app, &email);
    clock.advance(chrono::Duration::minutes(6));
    let (status, body, _) = app.verify_signin_code(&tx, &code).await;
    assert_eq!(
        (status, body["code"].clone()),
        (410, json!("token_expired")),
        "a code lives 5 minutes"
    );
    clock.advance(chrono::Duration::minutes(5));
    let (status, body, _) = app.signin_password(&tx, PASSWORD).await;
    assert_eq!(
        (status, body["code"].clone()),
        (410, json!("token_expired")),
        "a sign-in lives 10 minutes"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_wrong_codes_are_not_all_compared() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES905");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES905"]);
    let tx = app.start_signin(&account.username, false).await;
    app.send_signin_code(&tx).await;
    let code = code_sent_to(&app, &email);
    let app = std::sync::Arc::new(app);
    let right: u32 = code.parse().unwrap_or(0);
    let guesses: Vec<_> = (1..=50)
        .map(|n| {
            let (app, path) = (app.clone(), step_path(&tx, "email-code/verify"));
            let guess = format!("{:06}", (right + n) % 1_000_000);
            tokio::spawn(async move { post(&app, &path, &json!({"code": guess})).await.0 })
        })
        .collect();
    let mut statuses = Vec::new();
    for guess in guesses {
        statuses.push(guess.await.unwrap_or(0));
    }
    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");
    let compared = app.audit_events("signin_code_failed").len();
    assert!(
        compared <= 5,
        "{compared} guesses were compared with the code; five may be"
    );
    let (status, body, _) = app.verify_signin_code(&tx, &code).await;
    assert_eq!(
        (status, body["code"].clone()),
        (401, json!("invalid_code")),
        "the right code afterwards is refused: {body}"
    );
    if let Ok(app) = std::sync::Arc::try_unwrap(app) {
        app.stop().await;
    }
}

#[tokio::test]
async fn ending_other_sessions_needs_the_password_within_five_minutes() {
    let (app, _db, clock) = crate::helpers::spawn_with_clock(|_| {}).await;
    create_org(&app, "SES906");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES906"]);
    let laptop = sign_in(&app, &account.username, &email).await;
    let laptop = access_token(&laptop);
    let phone = sign_in(&app, &account.username, &email).await;
    let phone = access_token(&phone);
    // Six minutes later (access tokens live 15).
    clock.advance(chrono::Duration::minutes(6));
    let (status, body, _) = with_bearer(
        &app,
        reqwest::Method::DELETE,
        "/api/v1/sessions/others",
        &phone,
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (403, json!("reauthentication_required")),
        "{body}"
    );
    let (status, _, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &laptop).await;
    assert_eq!(status, 200, "nothing ended");
    let reauthenticate = |password: &str| {
        let request = app
            .client
            .post(app.url("/api/v1/session/reauthenticate"))
            .bearer_auth(&phone)
            .json(&json!({"password": password}));
        async move {
            let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
            let status = response.status().as_u16();
            let body = response.json::<Value>().await;
            (status, body.expect("the confirmation answers JSON"))
        }
    };
    let (status, body) = reauthenticate("Not-The-Password-1").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field_errors"]["password"], json!(["incorrect"]));
    assert_eq!(app.audit_events("password_confirmation_failed").len(), 1);
    let (status, body) = reauthenticate(PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["recent_until"].is_string(), "{body}");
    // The confirmation retired the phone's access token for a new one.
    let phone = access_token(&body);
    let (status, body, _) = with_bearer(
        &app,
        reqwest::Method::DELETE,
        "/api/v1/sessions/others",
        &phone,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &laptop).await;
    assert_eq!(status, 401, "the other session ended");
    // Five minutes on, the confirmation has lapsed again.
    clock.advance(chrono::Duration::minutes(6));
    let (status, body, _) = with_bearer(
        &app,
        reqwest::Method::DELETE,
        "/api/v1/sessions/others",
        &phone,
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (403, json!("reauthentication_required"))
    );
    app.stop().await;
}

/// ASVS V7.2.4: typing the password again mints a new access token and
/// every one issued before stops working. The refresh token is not renewed
/// (a stolen access token plus the password must not make a whole session):
/// what it mints from then on carries the new generation.
#[tokio::test]
async fn reauthentication_mints_a_new_access_token_and_the_old_one_dies() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES907");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES907"]);
    let before = sign_in(&app, &account.username, &email).await;
    let old_access = before["access_token"].as_str().expect("an access token");
    let refresh = before["refresh_token"].as_str().expect("a refresh token");

    let response = app
        .client
        .post(app.url("/api/v1/session/reauthenticate"))
        .bearer_auth(old_access)
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status().as_u16(), 200);
    let after: Value = response
        .json()
        .await
        .expect("the confirmation answers JSON");
    let new_access = after["access_token"].as_str().expect("a new access token");
    assert_eq!(after["token_type"], json!("Bearer"), "{after}");
    assert_ne!(new_access, old_access);
    assert!(after.get("refresh_token").is_none(), "{after}");

    let (status, body, _) =
        with_bearer(&app, reqwest::Method::GET, "/api/v1/session", old_access).await;
    assert_eq!(
        (status, body["code"].clone()),
        (401, json!("unauthenticated"))
    );
    let (status, body, _) =
        with_bearer(&app, reqwest::Method::GET, "/api/v1/session", new_access).await;
    assert_eq!(status, 200, "{body}");
    // The same session goes on: its refresh token mints tokens that work.
    let (status, refreshed, _) = post(
        &app,
        "/api/v1/session/refresh",
        &json!({"refresh_token": refresh}),
    )
    .await;
    assert_eq!(status, 200, "{refreshed}");
    let minted = refreshed["access_token"].as_str().expect("an access token");
    let (status, _, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", minted).await;
    assert_eq!(status, 200);
    let (status, _, _) =
        with_bearer(&app, reqwest::Method::GET, "/api/v1/session", old_access).await;
    assert_eq!(status, 401, "still dead after the refresh");
    assert_eq!(app.audit_events("session_reauthenticated").len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn an_idle_browser_session_ends_after_thirty_minutes() {
    let (app, _db, clock) = crate::helpers::spawn_with_clock(|_| {}).await;
    create_org(&app, "SES910");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES910"]);
    let tx = sign_in_to_statement(&app, &account.username, &email, false).await;
    let (cookie, _, _) = agree_in_browser(&app, &tx).await;
    clock.advance(chrono::Duration::minutes(31));
    let response = app
        .client
        .post(app.url("/api/v1/session/refresh"))
        .header("Cookie", cookie)
        .header("X-IAM-Client", "web")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        response.status(),
        401,
        "30 minutes idle end a browser session"
    );
    app.stop().await;
}

/// Refresh a browser session with `cookie`: the status and the rotated
/// cookie (empty when refused).
async fn refresh_in_browser(app: &TestApp, cookie: &str) -> (u16, String) {
    let response = app
        .client
        .post(app.url("/api/v1/session/refresh"))
        .header("Cookie", cookie)
        .header("X-IAM-Client", "web")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let rotated = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .to_owned();
    (response.status().as_u16(), rotated)
}

#[tokio::test]
async fn keep_me_signed_in_survives_idle_time_until_its_thirty_days_end() {
    let (app, _db, clock) = crate::helpers::spawn_with_clock(|_| {}).await;
    create_org(&app, "SES911");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES911"]);
    let tx = sign_in_to_statement(&app, &account.username, &email, true).await;
    let (cookie, _, _) = agree_in_browser(&app, &tx).await;
    clock.advance(chrono::Duration::minutes(31));
    let (status, cookie) = refresh_in_browser(&app, &cookie).await;
    assert_eq!(status, 200, "31 minutes idle do not end a KMSI session");
    clock.advance(chrono::Duration::days(29));
    let (status, cookie) = refresh_in_browser(&app, &cookie).await;
    assert_eq!(status, 200, "nor do 29 days");
    clock.advance(chrono::Duration::hours(24));
    let (status, _) = refresh_in_browser(&app, &cookie).await;
    assert_eq!(status, 401, "30 days after sign-in it ends");
    app.stop().await;
}

#[tokio::test]
async fn a_busy_browser_session_without_kmsi_ends_after_twelve_hours() {
    let (app, _db, clock) = crate::helpers::spawn_with_clock(|_| {}).await;
    create_org(&app, "SES912");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES912"]);
    let tx = sign_in_to_statement(&app, &account.username, &email, false).await;
    let (mut cookie, _, _) = agree_in_browser(&app, &tx).await;
    // Used every 25 minutes (never idle) for 11 h 40 min: still live.
    for step in 1..=28 {
        clock.advance(chrono::Duration::minutes(25));
        let (status, rotated) = refresh_in_browser(&app, &cookie).await;
        assert_eq!(status, 200, "refresh {step}");
        cookie = rotated;
    }
    clock.advance(chrono::Duration::minutes(25));
    let (status, _) = refresh_in_browser(&app, &cookie).await;
    assert_eq!(status, 401, "12 hours after sign-in it ends");
    app.stop().await;
}

#[tokio::test]
async fn with_mfa_off_the_password_leads_straight_to_the_statement() {
    let (app, _db, _clock) = crate::helpers::spawn_with_clock(|s| s.mfa_required = false).await;
    create_org(&app, "SES920");
    let account = create_active_account(&app, &unique_email("kim"), PASSWORD, &["SES920"]);
    let (status, body) = app.login("SES920", &account.username, PASSWORD, None).await;
    assert_eq!(
        (status, body["next_step"].clone()),
        (200, json!("confidentiality"))
    );
    let tx = body["transaction_id"]
        .as_str()
        .expect("`transaction_id` in the answer")
        .to_owned();
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!((status, done["next_step"].clone()), (200, json!("done")));
    app.stop().await;
}

#[tokio::test]
async fn a_disabled_account_loses_its_sessions_at_once() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES930");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES930"]);
    let done = sign_in(&app, &account.username, &email).await;
    let token = access_token(&done);
    app.with_conn(|conn| {
        iam_api::db::users::update_status(
            conn,
            &account.user_id,
            "disabled",
            iam_api::db::to_db_time(chrono::Utc::now()),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    });
    let (status, _, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &token).await;
    assert_eq!(status, 401);
    let refresh = done["refresh_token"]
        .as_str()
        .expect("`refresh_token` in the answer");
    let (status, _, _) = post(
        &app,
        "/api/v1/session/refresh",
        &json!({"refresh_token": refresh}),
    )
    .await;
    assert_eq!(status, 401);
    app.stop().await;
}

#[tokio::test]
async fn masks_of_unknown_names_cannot_be_told_from_real_ones_by_domain_or_case() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "MSK100");
    let mut known = Vec::new();
    for i in 0..100 {
        // Mixed case, as people type their addresses.
        let email = match i {
            0..=39 => format!("Pat.N{i}@Clinic-A.Example"),
            40..=69 => format!("kim{i}@clinic-b.example"),
            _ => format!("Lee.Q{i}@MAIL.example"),
        };
        known.push(create_active_account(&app, &email, PASSWORD, &["MSK100"]).username);
    }
    // Housekeeping reads the domains every few minutes; now, for the test.
    app.with_conn(|conn| {
        app.state
            .mask_domains
            .refresh(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    });
    let unknown: Vec<String> = (0..100).map(|i| format!("UN{i:04}KN")).collect();
    let mask_of = |username: String| {
        let app = &app;
        async move {
            let tx = app.start_signin(&username, false).await;
            let (status, sent, _) = app.send_signin_code(&tx).await;
            assert_eq!(status, 200, "{sent}");
            sent["masked_email"]
                .as_str()
                .expect("`masked_email` in the answer")
                .to_owned()
        }
    };
    let mut real = Vec::new();
    for username in known {
        real.push(mask_of(username).await);
    }
    let mut fake = Vec::new();
    for username in unknown {
        fake.push(mask_of(username).await);
    }
    let domain = |mask: &String| {
        mask.rsplit_once('@')
            .map(|(_, d)| d.to_owned())
            .unwrap_or_else(|| panic!("a mask keeps the domain: {mask}"))
    };
    let real_domains: std::collections::BTreeSet<String> = real.iter().map(domain).collect();
    let fake_domains: std::collections::BTreeSet<String> = fake.iter().map(domain).collect();
    assert!(
        real.iter()
            .chain(&fake)
            .all(|m| *m == m.to_lowercase() && m.contains("***")),
        "lower case and masked alike: {real:?} {fake:?}"
    );
    assert!(
        fake_domains.is_subset(&real_domains),
        "fakes use the accounts' domains: {fake_domains:?} vs {real_domains:?}"
    );
    assert!(
        fake_domains.len() >= 2,
        "and not just one: {fake_domains:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_session_cookie_without_kmsi_and_at_most_thirty_days_with_it() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES950");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES950"]);
    let tx = sign_in_to_statement(&app, &account.username, &email, false).await;
    let (_, cookie, _) = agree_in_browser(&app, &tx).await;
    assert!(cookie.starts_with("__Host-iam_refresh="), "{cookie}");
    assert!(
        !cookie.contains("Max-Age") && !cookie.contains("Expires"),
        "ends with the browser: {cookie}"
    );
    let tx = sign_in_to_statement(&app, &account.username, &email, true).await;
    let (_, cookie, _) = agree_in_browser(&app, &tx).await;
    let max_age: i64 = cookie
        .split("Max-Age=")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .and_then(|v| v.trim().parse().ok())
        // Missing or odd: 0, which the assertion below names.
        .unwrap_or(0);
    assert!(
        max_age > 29 * 86_400 && max_age <= 30 * 86_400,
        "{max_age}: {cookie}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_refresh_token_is_dead_once_its_session_signs_out() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES960");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES960"]);
    let done = sign_in(&app, &account.username, &email).await;
    let access = access_token(&done);
    let refresh = done["refresh_token"]
        .as_str()
        .expect("`refresh_token` in the answer")
        .to_owned();
    let (status, _, _) =
        with_bearer(&app, reqwest::Method::DELETE, "/api/v1/session", &access).await;
    assert_eq!(status, 200);
    let (status, body, _) = post(
        &app,
        "/api/v1/session/refresh",
        &json!({"refresh_token": refresh}),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (401, json!("unauthenticated"))
    );
    app.stop().await;
}

#[tokio::test]
async fn a_code_works_only_for_its_own_sign_in_and_a_resend_kills_the_older_one() {
    let (app, _db, clock) = crate::helpers::spawn_with_clock(|_| {}).await;
    create_org(&app, "SES970");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES970"]);
    let start = || async {
        let tx = app.start_signin(&account.username, false).await;
        let (status, _, _) = app.signin_password(&tx, PASSWORD).await;
        assert_eq!(status, 200);
        let (status, _, _) = app.send_signin_code(&tx).await;
        assert_eq!(status, 200);
        let code = code_sent_to(&app, &email);
        (tx, code)
    };
    let (a, code_a) = start().await;
    let (b, code_b) = start().await;
    let verify = |tx: String, code: String| {
        let app = &app;
        async move { app.verify_signin_code(&tx, &code).await }
    };
    if code_a != code_b {
        let (status, body, _) = verify(b.clone(), code_a.clone()).await;
        assert_eq!(
            (status, body["code"].clone()),
            (401, json!("invalid_code")),
            "A's code on B"
        );
    }
    // Send again on A (after the 30 s spacing): A's first code is dead.
    clock.advance(chrono::Duration::seconds(31));
    let (status, _, _) = app.send_signin_code(&a).await;
    assert_eq!(status, 200);
    let newer = code_sent_to(&app, &email);
    if newer != code_a {
        let (status, body, _) = verify(a.clone(), code_a).await;
        assert_eq!(
            (status, body["code"].clone()),
            (401, json!("invalid_code")),
            "the older code"
        );
    }
    let (status, body, _) = verify(a, newer).await;
    assert_eq!(
        (status, body["next_step"].clone()),
        (200, json!("confidentiality")),
        "{body}"
    );
    let (status, _, _) = verify(b, code_b).await;
    assert_eq!(status, 200, "B's own code still works");
    app.stop().await;
}

#[tokio::test]
async fn only_an_access_token_is_a_bearer_token() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES980");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES980"]);
    let done = sign_in(&app, &account.username, &email).await;
    let refresh = done["refresh_token"]
        .as_str()
        .expect("`refresh_token` in the answer")
        .to_owned();
    let transaction = app.start_signin(&account.username, false).await;
    // An access token for the live session, signed with the server's own
    // key, but with another issuer.
    let access = done["access_token"]
        .as_str()
        .expect("`access_token` in the answer");
    let claims = token_claims(access);
    let sid = claims["sid"]
        .as_str()
        .expect("`sid` in the answer")
        .to_owned();
    let settings = iam_api::config::Settings {
        public_url: "https://evil.example".into(),
        ..iam_api::config::Settings::default()
    };
    let foreign_issuer = iam_api::auth::access_token::issue(
        &app.keys,
        &settings,
        iam_api::auth::access_token::TokenSubject {
            user_id: &account.user_id,
            session_id: &sid,
            generation: 0,
            amr: "pwd otp",
        },
        None,
        chrono::Utc::now(),
    )
    .expect("the server's key signs a token");
    let (status, _, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", access).await;
    assert_eq!(status, 200, "the real access token works");
    for (what, token) in [
        ("refresh token", refresh.as_str()),
        ("sign-in transaction id", transaction.as_str()),
        ("another issuer", foreign_issuer.as_str()),
    ] {
        let (status, body, _) =
            with_bearer(&app, reqwest::Method::GET, "/api/v1/session", token).await;
        assert_eq!(
            (status, body["code"].clone()),
            (401, json!("unauthenticated")),
            "{what}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn another_origin_gets_no_cors_grant() {
    let (app, _db) = spawn_app().await;
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/api/v1/session/refresh"))
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "x-iam-client, content-type",
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        preflight
            .headers()
            .get("access-control-allow-origin")
            .is_none()
            && preflight
                .headers()
                .get("access-control-allow-headers")
                .is_none(),
        "{:?}",
        preflight.headers()
    );
    let response = app
        .client
        .post(app.url("/api/v1/session/refresh"))
        .header("Origin", "https://evil.example")
        .header("Cookie", "__Host-iam_refresh=stolen")
        .json(&json!({}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    assert_eq!(
        response.status(),
        403,
        "no X-IAM-Client: refused as cross-site"
    );
    app.stop().await;
}

#[tokio::test]
async fn one_chosen_session_ends_after_a_recent_sign_in_and_only_ones_own() {
    let (app, _db, clock) = crate::helpers::spawn_with_clock(|_| {}).await;
    create_org(&app, "SES990");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES990"]);
    let first = sign_in(&app, &account.username, &email).await;
    let first = access_token(&first);
    let second = sign_in(&app, &account.username, &email).await;
    let second = access_token(&second);
    let other_email = unique_email("kim");
    let stranger = create_active_account(&app, &other_email, PASSWORD, &["SES990"]);
    let theirs = sign_in(&app, &stranger.username, &other_email).await;
    let theirs = access_token(&theirs);
    // The ids of the current session and of another one, if there is one.
    let ids = |token: String| {
        let app = &app;
        async move {
            let (_, list, _) =
                with_bearer(app, reqwest::Method::GET, "/api/v1/sessions", &token).await;
            let sessions = list["sessions"]
                .as_array()
                .cloned()
                .expect("the sessions answer lists sessions");
            let id = |current: bool| {
                sessions
                    .iter()
                    .find(|s| s["current"] == json!(current))
                    .and_then(|s| s["id"].as_str())
                    .map(str::to_owned)
            };
            (id(true).expect("the current session is listed"), id(false))
        }
    };
    let (mine, other) = ids(first.clone()).await;
    let other = other.expect("the other session is listed");
    let (their_id, _) = ids(theirs.clone()).await;
    let end = |id: &str| format!("/api/v1/sessions/{id}");

    let (status, body, _) =
        with_bearer(&app, reqwest::Method::DELETE, &end(&their_id), &first).await;
    assert_eq!(
        (status, body["code"].clone()),
        (404, json!("not_found")),
        "not mine"
    );
    let (status, body, _) = with_bearer(&app, reqwest::Method::DELETE, &end(&mine), &first).await;
    assert_eq!(
        (status, body["code"].clone()),
        (409, json!("conflict")),
        "the current one"
    );
    let (status, _, _) = with_bearer(&app, reqwest::Method::DELETE, &end(&other), &first).await;
    assert_eq!(status, 204);
    let (status, _, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &second).await;
    assert_eq!(status, 401, "the chosen session ended at once");
    let (status, _, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &theirs).await;
    assert_eq!(status, 200, "nobody else's did");
    let (status, _, _) = with_bearer(&app, reqwest::Method::DELETE, &end(&other), &first).await;
    assert_eq!(status, 404, "already ended");
    assert_eq!(app.audit_events("session_revoked").len(), 1);

    // Later than 5 minutes after the sign-in: the password first.
    let third = sign_in(&app, &account.username, &email).await;
    let third = access_token(&third);
    clock.advance(chrono::Duration::minutes(6));
    let (_, third_id) = ids(first.clone()).await;
    let third_id = third_id.expect("the third session is listed");
    let (status, body, _) =
        with_bearer(&app, reqwest::Method::DELETE, &end(&third_id), &first).await;
    assert_eq!(
        (status, body["code"].clone()),
        (403, json!("reauthentication_required"))
    );
    let (status, _, _) = with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &third).await;
    assert_eq!(status, 200);
    app.stop().await;
}

#[tokio::test]
async fn the_right_password_and_five_wrong_codes_warn_the_owner_once() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SES995");
    let email = unique_email("kim");
    let account = create_active_account(&app, &email, PASSWORD, &["SES995"]);
    let tx = app.start_signin(&account.username, false).await;
    let (status, _, _) = app.signin_password(&tx, PASSWORD).await;
    assert_eq!(status, 200);
    let (status, _, _) = app.send_signin_code(&tx).await;
    assert_eq!(status, 200);
    let right = code_sent_to(&app, &email);
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    for _ in 0..6 {
        let (status, _, _) = app.verify_signin_code(&tx, wrong).await;
        assert_eq!(status, 401);
    }
    let warnings = app.mails_of_kind("password_without_code");
    assert_eq!(warnings.len(), 1, "one warning for the voided code");
    assert_eq!(warnings[0].to, email);
    assert_eq!(warnings[0].subject, "Someone used your ImmTrac2 password");
    let text = &warnings[0].text;
    assert!(
        text.contains("correct password") && !text.contains("http"),
        "{text}"
    );
    assert_eq!(app.audit_events("signin_code_exhausted").len(), 1);

    // A stranger without the password cannot cause it.
    let tx = app.start_signin(&account.username, false).await;
    let (status, _, _) = app.send_signin_code(&tx).await;
    assert_eq!(status, 200);
    for _ in 0..5 {
        let _ = app.verify_signin_code(&tx, wrong).await;
    }
    assert_eq!(app.audit_events("signin_code_exhausted").len(), 1);
    app.stop().await;
}
