//! Sign-in through both doors and the failed-password ladder (docs/product.md §3.1).

use serde_json::{json, Value};

use crate::helpers::PASSWORD;
use crate::helpers::{
    captcha_code_in, create_active_account, create_org, spawn_app, unique_email, TestApp,
};

const INVALID: &str = "The Org Code, Username and Password combination is invalid.";
const REENTER: &str =
    "The Org Code, Username, or password entered is invalid. Please re-enter your user information.";
const ONE_MORE: &str =
    "You have one more attempt to enter correct user information before your account will be locked.";
const LOCKED: &str = "Login attempts have been exceeded. Click on the Forgot Password button to reset your password and unlock your account.";

/// An org and an active member of it; returns the username.
fn member(app: &TestApp, org_code: &str) -> String {
    create_org(app, org_code);
    create_active_account(app, &unique_email("pat"), PASSWORD, &[org_code]).username
}

/// A member who signed in once as the browser app through `app.client`:
/// the test's requests then come from a familiar device, whose failures
/// walk the seed's ladder to the lock (strangers': tests/api/devices.rs).
async fn member_at_own_browser(app: &TestApp, org_code: &str) -> String {
    create_org(app, org_code);
    let email = unique_email("pat");
    let username = create_active_account(app, &email, PASSWORD, &[org_code]).username;
    crate::helpers::sign_in_from_familiar_browser(app, &username, &email, PASSWORD).await;
    username
}

/// A wrong password on the ImmTrac2 door, with a solved CAPTCHA once the
/// previous answer asked for one.
async fn wrong_login(app: &TestApp, org: &str, username: &str, captcha_due: bool) -> (u16, Value) {
    let captcha = if captcha_due {
        Some(app.solved_captcha().await)
    } else {
        None
    };
    app.login(org, username, "Wrong-Password-123", captcha)
        .await
}

/// Walk six wrong attempts; returns every (status, body).
async fn walk_immtrac2_ladder(app: &TestApp, org: &str, username: &str) -> Vec<(u16, Value)> {
    let mut answers = Vec::new();
    let mut captcha_due = false;
    for _ in 0..6 {
        let (status, body) = wrong_login(app, org, username, captcha_due).await;
        captcha_due = body["captcha_required"] == json!(true);
        answers.push((status, body));
    }
    answers
}

fn assert_rung(
    answer: &(u16, Value),
    status: u16,
    detail: &str,
    next_step: &str,
    remaining: u64,
    failure: usize,
) {
    let (got_status, body) = answer;
    assert_eq!(*got_status, status, "failure {failure}: {body}");
    assert_eq!(body["detail"], json!(detail), "failure {failure}");
    assert_eq!(body["next_step"], json!(next_step), "failure {failure}");
    assert_eq!(
        body["attempts_remaining"],
        json!(remaining),
        "failure {failure}"
    );
}

#[tokio::test]
async fn the_immtrac2_ladder_says_every_text_and_locks_at_the_sixth_failure() {
    // Arrange
    let (app, _db) = spawn_app().await;
    let username = member_at_own_browser(&app, "ORG100").await;
    // Act
    let answers = walk_immtrac2_ladder(&app, "ORG100", &username).await;
    // Assert
    assert_rung(&answers[0], 401, INVALID, "password", 5, 1);
    assert_rung(&answers[1], 401, INVALID, "password", 4, 2);
    assert_rung(&answers[2], 401, INVALID, "recall", 3, 3);
    assert_rung(&answers[3], 401, REENTER, "recall", 2, 4);
    assert_rung(&answers[4], 401, ONE_MORE, "recall", 1, 5);
    assert_rung(&answers[5], 403, LOCKED, "locked", 0, 6);
    assert_eq!(answers[1].1["captcha_required"], json!(false));
    for (i, answer) in answers.iter().enumerate().take(5).skip(2) {
        assert_eq!(
            answer.1["captcha_required"],
            json!(true),
            "failure {}",
            i + 1
        );
        assert_eq!(answer.1["code"], json!("invalid_credentials"));
    }
    assert_eq!(answers[5].1["code"], json!("account_locked"));
    assert_eq!(
        app.audit_events("signin_recall_required").len(),
        1,
        "the move to recall is audited"
    );

    // A locked account refuses even the right password, with the lock text.
    let captcha = Some(app.solved_captcha().await);
    let (status, body) = app.login("ORG100", &username, PASSWORD, captcha).await;
    assert_eq!(status, 403);
    assert_eq!(body["detail"], json!(LOCKED));

    // Its owner was sent the lock e-mail with a reset link.
    let locked = app.audit_events("account_locked");
    assert_eq!(locked.len(), 1);
    let queued: Vec<String> = app
        .mails_of_kind("account_locked")
        .into_iter()
        .map(|mail| mail.text)
        .collect();
    assert_eq!(queued.len(), 1);
    assert!(
        queued[0].contains("/reset-password#token="),
        "{}",
        queued[0]
    );
    app.stop().await;
}

#[tokio::test]
async fn the_iamonline_door_walks_the_same_ladder_without_the_org_code() {
    let (app, _db) = spawn_app().await;
    let username = member(&app, "ORG200");
    let started = app
        .post_json(
            "/api/v1/signin",
            &json!({"username": username, "keep_signed_in": true}),
        )
        .await;
    assert_eq!(started.status(), 200);
    let started: Value = started
        .json()
        .await
        .expect("the sign-in start answers JSON");
    assert_eq!(started["next_step"], json!("choose_method"));
    assert_eq!(started["methods"], json!(["password", "email"]));
    let path = format!(
        "/api/v1/signin/{}/password",
        started["transaction_id"]
            .as_str()
            .expect("a transaction id in the answer")
    );

    let mut answers = Vec::new();
    let mut captcha_due = false;
    for _ in 0..6 {
        let mut body = json!({"password": "Wrong-Password-123"});
        if captcha_due {
            body["captcha"] = app.solved_captcha().await;
        }
        let response = app.post_json(&path, &body).await;
        let status = response.status().as_u16();
        let body: Value = response
            .json()
            .await
            .expect("the password step answers JSON");
        captcha_due = body["captcha_required"] == json!(true);
        answers.push((status, body));
    }
    assert_rung(
        &answers[0],
        401,
        "The Username and Password combination is invalid.",
        "password",
        5,
        1,
    );
    assert_rung(
        &answers[2],
        401,
        "The Username and Password combination is invalid.",
        "recall",
        3,
        3,
    );
    assert_rung(
        &answers[3],
        401,
        "The Username or password entered is invalid. Please re-enter your user information.",
        "recall",
        2,
        4,
    );
    assert_rung(&answers[4], 401, ONE_MORE, "recall", 1, 5);
    assert_rung(&answers[5], 403, LOCKED, "locked", 0, 6);

    // The counter is the account's, not the door's: ImmTrac2 is locked too.
    let (status, body) = app.login("ORG200", &username, PASSWORD, None).await;
    assert_eq!((status, body["detail"].clone()), (403, json!(LOCKED)));
    app.stop().await;
}

#[tokio::test]
async fn an_unknown_username_gets_the_same_answers_as_a_wrong_password() {
    // Arrange
    let (app, _db) = spawn_app().await;
    let username = member(&app, "ORG300");
    // Act
    let known = walk_immtrac2_ladder(&app, "ORG300", &username).await;
    let unknown = walk_immtrac2_ladder(&app, "ORG300", "NO0000NE").await;
    let unknown_org = walk_immtrac2_ladder(&app, "NOSUCHORG", "ZZ9999ZZ").await;
    // Assert: identical bodies (and so identical next steps) at every rung.
    assert_eq!(known, unknown);
    assert_eq!(known, unknown_org);
    // And on the IAMOnline door, the first screen answers alike too.
    let mut shapes = Vec::new();
    for name in [username.as_str(), "NO0000NE"] {
        let response = app
            .post_json("/api/v1/signin", &json!({"username": name}))
            .await;
        let status = response.status().as_u16();
        let mut body: Value = response
            .json()
            .await
            .expect("the sign-in start answers JSON");
        assert!(body["transaction_id"]
            .as_str()
            .is_some_and(|t| t.len() >= 43));
        body["transaction_id"] = Value::Null;
        // "Send a verification email to p***k@… by clicking on "Send me
        // an email"": an address of the same shape for anyone.
        let masked = body["masked_email"].take();
        let masked = masked.as_str().unwrap_or_default();
        assert!(
            masked.contains("***") && masked.contains('@') && masked == masked.to_lowercase(),
            "{masked}"
        );
        shapes.push((status, body));
    }
    assert_eq!(shapes[0], shapes[1]);
    app.stop().await;
}

/// A failed ImmTrac2 login's status, body and headers, without the headers
/// that differ on every response anyway.
async fn failure_answer(app: &TestApp, org: &str, username: &str) -> (u16, Value, Vec<String>) {
    let body = json!({"org_code": org, "username": username, "password": "Wrong-Password-123"});
    let response = app.post_json("/api/v1/login", &body).await;
    let status = response.status().as_u16();
    let mut headers: Vec<String> = response
        .headers()
        .iter()
        .filter(|(name, _)| !matches!(name.as_str(), "date" | "x-request-id"))
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("?")))
        .collect();
    headers.sort();
    let body = response.json().await.expect("a failed login answers JSON");
    (status, body, headers)
}

fn set_status(app: &TestApp, username: &str, status: &str) {
    use diesel::prelude::*;
    use iam_api::db::schema::users;
    app.with_conn(|conn| {
        diesel::update(users::table.filter(users::username.eq(username)))
            .set(users::status.eq(status))
            .execute(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    });
}

/// Checklist B7: unknown org, unknown user, wrong password and a disabled
/// account answer with the same status, body and headers. A locked account
/// answers with the seed's lock text from the first try (docs/product.md §3.1; a
/// deliberate deviation, docs/security.md §2.8), the text an unknown name
/// also gets from its sixth failure on.
#[tokio::test]
async fn failures_answer_alike_in_status_body_and_headers_whatever_the_account() {
    let (app, _db) = spawn_app().await;
    let real = member(&app, "ORG310");
    let disabled =
        create_active_account(&app, &unique_email("pat"), PASSWORD, &["ORG310"]).username;
    set_status(&app, &disabled, "disabled");
    let wrong_password = failure_answer(&app, "ORG310", &real).await;
    assert_eq!(wrong_password.0, 401, "{:?}", wrong_password.1);
    assert!(
        wrong_password
            .2
            .iter()
            .any(|h| h.starts_with("content-type:")),
        "{:?}",
        wrong_password.2
    );
    for (org, username) in [
        ("ORG310", "NO0000NE"),
        ("NOSUCHORG", "ZZ9999ZZ"),
        ("ORG310", disabled.as_str()),
    ] {
        assert_eq!(
            failure_answer(&app, org, username).await,
            wrong_password,
            "{org} {username}"
        );
    }

    let locked = create_active_account(&app, &unique_email("pat"), PASSWORD, &["ORG310"]).username;
    set_status(&app, &locked, "locked");
    let (status, body, _) = failure_answer(&app, "ORG310", &locked).await;
    assert_eq!((status, body["detail"].clone()), (403, json!(LOCKED)));
    let unknown = walk_immtrac2_ladder(&app, "ORG310", "LO0000CK").await;
    assert_eq!(
        unknown[5],
        (status, body),
        "the lock text is no proof of an account"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_missing_or_wrong_captcha_is_its_own_error_and_is_not_counted() {
    let (app, _db) = spawn_app().await;
    let username = member(&app, "ORG400");
    for _ in 0..3 {
        wrong_login(&app, "ORG400", &username, false).await;
    }
    // No CAPTCHA, then a wrong answer, then a reused one: none counts.
    let (status, body) = app
        .login("ORG400", &username, "Wrong-Password-123", None)
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["code"], json!("captcha_invalid"));
    assert_eq!(body["next_step"], json!("recall"));
    assert_eq!(body["captcha_required"], json!(true));
    let mut wrong = app.solved_captcha().await;
    wrong["answer"] = json!(if wrong["answer"] == json!("AAAAA") {
        "CCCCC"
    } else {
        "AAAAA"
    });
    let (status, _) = app.login("ORG400", &username, PASSWORD, Some(wrong)).await;
    assert_eq!(
        status, 422,
        "even the right password needs the right characters"
    );
    let used = app.solved_captcha().await;
    let (status, _) = app
        .login(
            "ORG400",
            &username,
            "Wrong-Password-123",
            Some(used.clone()),
        )
        .await;
    assert_eq!(status, 401, "the fourth failure");
    let (status, _) = app
        .login("ORG400", &username, "Wrong-Password-123", Some(used))
        .await;
    assert_eq!(status, 422, "a CAPTCHA answers once");
    // The next counted failure is the fifth.
    let (_, body) = wrong_login(&app, "ORG400", &username, true).await;
    assert_eq!(body["detail"], json!(ONE_MORE));
    app.stop().await;
}

#[tokio::test]
async fn the_right_password_resets_the_counter_and_moves_to_the_email_code() {
    let (app, _db) = spawn_app().await;
    let username = member(&app, "ORG500");
    wrong_login(&app, "ORG500", &username, false).await;
    wrong_login(&app, "ORG500", &username, false).await;
    // Org codes and usernames match in any case.
    let (status, body) = app
        .login("org500", &username.to_lowercase(), PASSWORD, None)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["next_step"],
        json!("email_code"),
        "MFA is on by default"
    );
    assert!(body["transaction_id"].as_str().is_some());
    let (_, body) = wrong_login(&app, "ORG500", &username, false).await;
    assert_eq!(
        body["attempts_remaining"],
        json!(5),
        "counting starts again"
    );
    app.stop().await;
}

#[tokio::test]
async fn the_right_password_with_another_org_code_is_an_invalid_combination() {
    let (app, _db) = spawn_app().await;
    let username = member(&app, "ORG600");
    create_org(&app, "ORG601");
    let (status, body) = app.login("ORG601", &username, PASSWORD, None).await;
    assert_eq!(status, 401);
    assert_eq!(body["detail"], json!(INVALID));
    app.stop().await;
}

#[tokio::test]
async fn the_iamonline_password_step_leads_to_the_email_code_and_is_not_replayed() {
    let (app, _db) = spawn_app().await;
    let username = member(&app, "ORG700");
    let started: Value = app
        .post_json("/api/v1/signin", &json!({"username": username}))
        .await
        .json()
        .await
        .expect("the sign-in start answers JSON");
    let path = format!(
        "/api/v1/signin/{}/password",
        started["transaction_id"]
            .as_str()
            .expect("a transaction id in the answer")
    );
    let response = app.post_json(&path, &json!({"password": PASSWORD})).await;
    assert_eq!(response.status(), 200);
    let body: Value = response
        .json()
        .await
        .expect("the password step answers JSON");
    assert_eq!(body["next_step"], json!("email_code"));
    assert_eq!(body["transaction_id"], started["transaction_id"]);
    // Posting the password again verifies nothing and answers where it stands.
    let again: Value = app
        .post_json(&path, &json!({"password": "anything-at-all"}))
        .await
        .json()
        .await
        .expect("the password step answers JSON");
    assert_eq!(again["next_step"], json!("email_code"));
    assert_eq!(app.audit_events("signin_password_verified").len(), 1);
    // A made-up transaction is not found.
    let response = app
        .post_json(
            "/api/v1/signin/not-a-transaction/password",
            &json!({"password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), 404);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_concurrent_wrong_passwords_lock_the_account_after_exactly_six_verifications() {
    // Arrange: every request carries its own solved CAPTCHA, so none is
    // turned away for want of one.
    let (app, _db) = spawn_app().await;
    let username = member_at_own_browser(&app, "ORG800").await;
    let mut captchas = Vec::new();
    for _ in 0..30 {
        captchas.push(app.solved_captcha().await);
    }
    // Act
    let app = std::sync::Arc::new(app);
    let requests: Vec<_> = captchas
        .into_iter()
        .map(|captcha| {
            let app = app.clone();
            let username = username.clone();
            tokio::spawn(async move {
                app.login("ORG800", &username, "Wrong-Password-123", Some(captcha))
                    .await
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for request in requests {
        statuses.push(request.await.map(|(s, _)| s).unwrap_or(0));
    }
    // Assert: six attempts were verified and failed; the other 24 were
    // refused by the lock without any password check.
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 403),
        "{statuses:?}"
    );
    assert_eq!(app.audit_events("signin_password_failed").len(), 6);
    assert_eq!(app.audit_events("signin_refused_locked").len(), 24);
    assert_eq!(
        app.audit_events("signin_password_verified").len(),
        1,
        "only the sign-in that made the browser familiar"
    );
    assert_eq!(app.audit_events("account_locked").len(), 1);
    let (status, body) = app.login("ORG800", &username, PASSWORD, None).await;
    assert_eq!((status, body["detail"].clone()), (403, json!(LOCKED)));
    if let Ok(app) = std::sync::Arc::try_unwrap(app) {
        app.stop().await;
    }
}

#[tokio::test]
async fn captcha_images_are_pngs_and_the_sign_in_bodies_are_validated() {
    let (app, _db) = spawn_app().await;
    let response = app.post_json("/api/v1/captcha", &json!({})).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("a new CAPTCHA is JSON");
    let image = body["image_png_base64"].as_str().unwrap_or("");
    assert!(image.starts_with("iVBORw0KGgo"), "a base64 PNG");
    assert!(body["expires_at"]
        .as_str()
        .is_some_and(|t| t.ends_with('Z')));

    let response = app
        .post_json(
            "/api/v1/login",
            &json!({"org_code": "", "username": " ", "password": ""}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("the 422 problem is JSON");
    for field in ["org_code", "username", "password"] {
        assert!(body["field_errors"][field].is_array(), "{field}: {body}");
    }
    let response = app
        .post_json(
            "/api/v1/signin",
            &json!({"username": "JO1234SM", "extra": 1}),
        )
        .await;
    assert_eq!(response.status(), 422, "unknown fields are refused");
    app.stop().await;
}

#[tokio::test]
async fn public_posts_beyond_the_per_ip_limit_get_429_with_retry_after() {
    use crate::helpers::{free_port, test_settings, TestDatabase};
    let db = TestDatabase::new();
    let settings = iam_api::config::Settings {
        rate_limit_per_minute: 3,
        ..test_settings(&db, free_port())
    };
    let app = TestApp::start(settings).await;
    let mut statuses = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let response = app
            .post_json("/api/v1/signin", &json!({"username": "JO1234SM"}))
            .await;
        statuses.push(response.status().as_u16());
        last = Some(response);
    }
    // Three per minute; a minute boundary in between allows at most three more.
    assert!(statuses.contains(&429), "{statuses:?}");
    assert!(
        statuses.iter().filter(|s| **s == 200).count() >= 3,
        "{statuses:?}"
    );
    let response = last.unwrap_or_else(|| unreachable!());
    if response.status() == 429 {
        let retry: u64 = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        assert!((1..=60).contains(&retry), "Retry-After {retry}");
        assert_eq!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json")
        );
        let body: Value = response.json().await.expect("the 429 problem is JSON");
        assert_eq!(body["code"], json!("rate_limited"));
    }
    // Reads are not counted.
    assert_eq!(app.get("/api/v1/config").await.status(), 200);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sign_in_flood_beyond_the_hashing_queue_gets_503_busy_with_retry_after() {
    use crate::helpers::{free_port, test_settings, TestDatabase};
    let db = TestDatabase::new();
    // One slow hashing thread and room for one waiting check.
    let settings = iam_api::config::Settings {
        hash_threads: 1,
        hash_queue_limit: 1,
        argon2_memory_kib: 64 * 1024,
        argon2_iterations: 6,
        ..test_settings(&db, free_port())
    };
    let app = std::sync::Arc::new(TestApp::start(settings).await);
    let attempts: Vec<_> = (0..16)
        .map(|n| {
            let app = app.clone();
            tokio::spawn(async move {
                let response = app
                    .post_json(
                        "/api/v1/login",
                        &json!({"org_code": "ORG000", "username": format!("FL{n:04}OD"), "password": "Wrong-Password-123"}),
                    )
                    .await;
                let status = response.status().as_u16();
                let retry_after = response.headers().get("retry-after").cloned();
                let body: Value = response.json().await.expect("a login answers JSON");
                (status, retry_after, body, format!("FL{n:04}OD"))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for attempt in attempts {
        if let Ok(answer) = attempt.await {
            answers.push(answer);
        }
    }
    let busy: Vec<_> = answers.iter().filter(|(s, ..)| *s == 503).collect();
    assert!(!busy.is_empty(), "the queue is bounded: {answers:?}");
    for (_, retry_after, body, _) in &busy {
        assert_eq!(body["code"], json!("busy"), "{body}");
        assert!(retry_after.is_some(), "503 busy says when to come back");
    }
    assert!(
        answers.iter().all(|(s, ..)| *s == 401 || *s == 503),
        "the rest were checked as usual: {answers:?}"
    );
    // An attempt the server was too busy to check does not count: a flood
    // cannot walk anyone's ladder.
    let failures_of = |username: &str| {
        let key = iam_api::crypto::keyed_digest(
            &app.keys.identifier_key,
            &format!("signin\0{}", iam_shared::rules::username_key(username)),
        );
        let now = iam_api::db::to_db_time(chrono::Utc::now());
        app.with_conn(|conn| iam_api::db::throttle::current(conn, &key, now).unwrap_or(-1))
    };
    for (status, _, _, username) in &answers {
        let expected = if *status == 401 { 1 } else { 0 };
        assert_eq!(
            failures_of(username),
            expected,
            "{username} answered {status}"
        );
    }
    if let Ok(app) = std::sync::Arc::try_unwrap(app) {
        app.stop().await;
    }
}

#[tokio::test]
async fn the_password_is_compared_exactly_as_typed() {
    let (app, _db) = spawn_app().await;
    let username = member(&app, "ORG950");
    let flipped: String = PASSWORD
        .chars()
        .map(|c| {
            if c.is_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect();
    let near_misses = [
        flipped,
        format!(" {PASSWORD}"),
        format!("{PASSWORD} "),
        PASSWORD[..PASSWORD.len() - 1].to_owned(),
    ];
    for variant in near_misses {
        let captcha = Some(app.solved_captcha().await);
        let (status, body) = app.login("ORG950", &username, &variant, captcha).await;
        assert_eq!(
            (status, body["code"].clone()),
            (401, json!("invalid_credentials")),
            "{variant:?}"
        );
    }
    let captcha = Some(app.solved_captcha().await);
    let (status, body) = app.login("ORG950", &username, PASSWORD, captcha).await;
    assert_eq!(status, 200, "{body}");
    app.stop().await;
}

/// `POST /captcha/{id}/email` for `name`: (status, body).
async fn ask_captcha_code(app: &TestApp, captcha_id: &str, name: &str) -> (u16, Value) {
    app.ask_captcha_code(captcha_id, &json!({ "username": name }))
        .await
}

/// Three wrong passwords at the ImmTrac2 door: the recall step, with a CAPTCHA.
async fn walk_to_recall(app: &TestApp, org: &str, username: &str) {
    let mut captcha_due = false;
    for _ in 0..3 {
        let (_, body) = wrong_login(app, org, username, captcha_due).await;
        captcha_due = body["captcha_required"] == json!(true);
    }
    assert!(captcha_due, "the recall step asks for the image");
}

/// WCAG 1.1.1: a person who cannot read the CAPTCHA image asks for a code
/// by e-mail instead; the code answers that image's challenge at the
/// recall step, once. A stranger naming someone else gets the same answer,
/// and the code goes only to the owner.
#[tokio::test]
async fn an_emailed_code_answers_the_captcha_for_someone_who_cannot_read_the_image() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "ORG700");
    let email = unique_email("cam");
    let username = create_active_account(&app, &email, PASSWORD, &["ORG700"]).username;
    walk_to_recall(&app, "ORG700", &username).await;

    // Any username gets the same answer; only the owner gets mail.
    let stranger_id = app.new_captcha_id().await;
    let (status, unknown) = ask_captcha_code(&app, &stranger_id, "NO0000NE").await;
    assert_eq!(status, 202, "{unknown}");
    let captcha_id = app.new_captcha_id().await;
    let (status, known) = ask_captcha_code(&app, &captcha_id, &username).await;
    assert_eq!((status, &known), (202, &unknown));
    let mail = app.newest_mail_to(&email, "captcha_code");
    assert_eq!(mail.subject, "IAMOnline | Your Email Verification");
    let code = captcha_code_in(&mail.text);
    // One code per image; an id that is no challenge is refused alike.
    let (status, again) = ask_captcha_code(&app, &captcha_id, &username).await;
    assert_eq!((status, again["code"].clone()), (410, json!("token_used")));
    let (status, made_up) = ask_captcha_code(&app, "not-a-challenge", &username).await;
    assert_eq!(
        (status, made_up["code"].clone()),
        (410, json!("token_used"))
    );

    // A code from one's own mailbox is no way past someone else's image:
    // it answers only a form that names the account it was mailed to.
    let other_email = unique_email("dee");
    let other = create_active_account(&app, &other_email, PASSWORD, &["ORG700"]).username;
    walk_to_recall(&app, "ORG700", &other).await;
    let own_id = app.new_captcha_id().await;
    assert_eq!(ask_captcha_code(&app, &own_id, &username).await.0, 202);
    let own_code = captcha_code_in(&app.newest_mail_to(&email, "captcha_code").text);
    let (status, body) = app
        .login(
            "ORG700",
            &other,
            PASSWORD,
            Some(json!({"captcha_id": own_id, "answer": own_code})),
        )
        .await;
    assert_eq!(
        (status, body["code"].clone()),
        (422, json!("captcha_invalid")),
        "{body}"
    );

    // It answers its own challenge only (and a refused answer is not counted).
    let (status, body) = app
        .login(
            "ORG700",
            &username,
            PASSWORD,
            Some(json!({"captcha_id": stranger_id, "answer": code})),
        )
        .await;
    assert_eq!(
        (status, body["code"].clone()),
        (422, json!("captcha_invalid")),
        "{body}"
    );
    // The code in the CAPTCHA field, with the right password: on to the e-mail step.
    let (status, body) = app
        .login(
            "ORG700",
            &username,
            PASSWORD,
            Some(json!({"captcha_id": captcha_id, "answer": code.to_lowercase()})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    app.stop().await;
}
