//! The password policy through the API (docs/product.md §4).

use serde_json::{json, Value};

use crate::helpers::{access_token, link_token, spawn_app, unique_email};

async fn evaluate(app: &crate::helpers::TestApp, body: Value) -> (u16, Value) {
    let response = app.post_json("/api/v1/password/evaluate", &body).await;
    let status = response.status().as_u16();
    (
        status,
        response.json().await.expect("the evaluation answers JSON"),
    )
}

fn failed(body: &Value) -> Vec<String> {
    body["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["passed"] == json!(false) && r["checked"] == json!(true))
        .filter_map(|r| r["rule"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn evaluate_lists_every_rule_and_rates_strength_without_echoing_the_password() {
    let (app, _db) = spawn_app().await;
    let (status, strong) = evaluate(&app, json!({"password": "Violet-Tundra-Gazebo-Quill-82", "username": "JO1234SM", "first_name": "John", "last_name": "Smith"})).await;
    assert_eq!(status, 200);
    assert_eq!(failed(&strong), Vec::<String>::new());
    assert_eq!(
        strong["rules"].as_array().map(Vec::len),
        Some(11),
        "every rule of the policy"
    );
    assert!(strong["strength"].as_u64().is_some_and(|s| s >= 3));
    let not_recent = strong["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["rule"] == json!("not_recent"))
        .cloned()
        .expect("the `not_recent` rule is listed");
    assert_eq!(
        not_recent["checked"],
        json!(false),
        "history is checked when the password is saved"
    );
    assert!(
        !strong.to_string().contains("Violet"),
        "the password is never echoed"
    );

    let (_, weak) = evaluate(
        &app,
        json!({"password": "jo1234sm", "username": "JO1234SM"}),
    )
    .await;
    let weak_failures = failed(&weak);
    for rule in [
        "min_length",
        "uppercase",
        "symbol",
        "no_username",
        "not_common",
    ] {
        assert!(
            weak_failures.contains(&rule.to_owned()),
            "{rule} in {weak_failures:?}"
        );
    }
    assert!(weak["feedback"].as_str().is_some());

    let (status, body) = evaluate(&app, json!({"password": "x".repeat(1025)})).await;
    assert_eq!(
        (status, body["code"].clone()),
        (422, json!("validation_failed"))
    );
    app.stop().await;
}

const OLD_PASSWORD: &str = "Correct-Horse-Battery-9";
const NEW_PASSWORD: &str = "Violet-Tundra-Gazebo-Quill-82";

/// Lock the account with six wrong passwords; returns the token of the
/// reset link in the lock e-mail.
async fn lock_and_read_reset_link(
    app: &crate::helpers::TestApp,
    org: &str,
    username: &str,
) -> String {
    for failure in 0..6 {
        let captcha = if failure >= 3 {
            Some(app.solved_captcha().await)
        } else {
            None
        };
        app.login(org, username, "Wrong-Password-123", captcha)
            .await;
    }
    token_in_newest_mail(app, "account_locked")
}

#[tokio::test]
async fn the_lock_e_mails_reset_link_sets_a_new_password_and_unlocks_the_account() {
    // Arrange: a locked account.
    let (app, _db) = spawn_app().await;
    crate::helpers::create_org(&app, "PWD100");
    let email = unique_email("pat");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD100"]);
    // The owner's own failures, at a browser they signed in from, lock it.
    crate::helpers::sign_in_from_familiar_browser(&app, &account.username, &email, OLD_PASSWORD)
        .await;
    let token = lock_and_read_reset_link(&app, "PWD100", &account.username).await;
    assert_eq!(token.len(), 43);
    let app_ref = &app;
    let login = |password: &'static str| app.login("PWD100", &account.username, password, None);
    assert_eq!(login(OLD_PASSWORD).await.0, 403, "locked");

    // The link says whose it is, and opening it consumes nothing.
    for _ in 0..2 {
        let response = app
            .post_json("/api/v1/password/reset/inspect", &json!({"token": token}))
            .await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.expect("the inspection answers JSON");
        assert_eq!(body["username"], json!(account.username));
    }
    let reset = |new: &str, confirm: &str| {
        let body = json!({"confidentiality_accepted": true, "token": token, "new_password": new, "confirm_password": confirm});
        async move { app_ref.post_json("/api/v1/password/reset", &body).await }
    };
    let response = reset(NEW_PASSWORD, "something else").await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("the reset answers JSON");
    assert_eq!(
        body["field_errors"]["confirm_password"],
        json!(["mismatch"])
    );
    let response = reset("short", "short").await;
    let body: Value = response.json().await.expect("the reset answers JSON");
    assert!(
        body["field_errors"]["new_password"]
            .as_array()
            .is_some_and(|r| r.contains(&json!("min_length"))),
        "{body}"
    );
    let response = reset(OLD_PASSWORD, OLD_PASSWORD).await;
    let body: Value = response.json().await.expect("the reset answers JSON");
    assert_eq!(
        body["field_errors"]["new_password"],
        json!(["not_recent"]),
        "the current password cannot come back"
    );

    // Act
    let response = reset(NEW_PASSWORD, NEW_PASSWORD).await;

    // Assert: updated, unlocked, counters reset; the link is spent.
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("the reset answers JSON");
    assert!(body["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("Password Updated")));
    let (status, _) = login(NEW_PASSWORD).await;
    assert_eq!(status, 200, "the reset unlocked the account");
    assert_eq!(login(OLD_PASSWORD).await.0, 401);
    let response = reset("Another-Fresh-Passphrase-77", "Another-Fresh-Passphrase-77").await;
    let body: Value = response.json().await.expect("the reset answers JSON");
    assert_eq!(
        (response_status(&body), body["code"].clone()),
        (410, json!("token_used"))
    );
    assert_eq!(app.audit_events("password_reset_completed").len(), 1);

    // Locked again: the old password may not come back through a new link.
    let again = lock_and_read_reset_link(&app, "PWD100", &account.username).await;
    assert_ne!(again, token);
    let response = app
        .post_json("/api/v1/password/reset", &json!({"confidentiality_accepted": true, "token": again, "new_password": OLD_PASSWORD, "confirm_password": OLD_PASSWORD}))
        .await;
    let body: Value = response.json().await.expect("the reset answers JSON");
    assert_eq!(
        body["field_errors"]["new_password"],
        json!(["not_recent"]),
        "{body}"
    );
    let notified: Vec<String> = app
        .mails_of_kind("password_changed")
        .into_iter()
        .map(|mail| mail.text)
        .collect();
    assert!(
        notified.len() == 1 && notified[0].contains("/report-suspicious#token="),
        "{notified:?}"
    );
    app.stop().await;
}

fn response_status(body: &Value) -> u64 {
    body["status"].as_u64().unwrap_or(0)
}

async fn forgot(
    app: &crate::helpers::TestApp,
    org: &str,
    username: &str,
    email: &str,
) -> (u16, Value) {
    let captcha = app.solved_captcha().await;
    let response = app
        .post_json(
            "/api/v1/password/forgot",
            &json!({"org_code": org, "username": username, "email": email, "captcha": captcha}),
        )
        .await;
    let status = response.status().as_u16();
    (
        status,
        response.json().await.expect("Forgot Password answers JSON"),
    )
}

#[tokio::test]
async fn immtrac2_forgot_password_mails_a_24_hour_link_on_a_match() {
    let (app, _db) = spawn_app().await;
    crate::helpers::create_org(&app, "PWD200");
    let email = unique_email("pat");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD200"]);
    // A wrong CAPTCHA is its own error and counts nothing.
    let mut captcha = app.solved_captcha().await;
    captcha["answer"] = json!(if captcha["answer"] == json!("AAAAA") {
        "CCCCC"
    } else {
        "AAAAA"
    });
    let response = app
        .post_json("/api/v1/password/forgot", &json!({"org_code": "PWD200", "username": account.username, "email": email, "captcha": captcha}))
        .await;
    assert_eq!(response.status(), 422);
    let (status, body) = forgot(
        &app,
        "pwd200",
        &account.username.to_lowercase(),
        &email.to_uppercase(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["message"], json!("A password reset link has been sent to the email address associated with this account and will be valid for 24 hours."));
    let mail = app.newest_mail("password_reset");
    assert_eq!(mail.subject, "ImmTrac2 Password Reset");
    assert!(mail.text.contains("A request has been submitted to change your ImmTrac2 password. Please follow the link below to reset your password. This link will be available for 24 hours."));
    let token = link_token(&mail.text);
    let response = app
        .post_json("/api/v1/password/reset/inspect", &json!({"token": token}))
        .await;
    assert_eq!(response.status(), 200);
    app.stop().await;
}

#[tokio::test]
async fn three_mismatches_disable_the_account_and_unknown_users_get_the_same_answers() {
    let (app, _db) = spawn_app().await;
    crate::helpers::create_org(&app, "PWD300");
    let email = unique_email("pat");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD300"]);
    // The seed's ladder is the owner's, at a browser they signed in from
    // (strangers walk another: tests/api/devices.rs).
    crate::helpers::sign_in_from_familiar_browser(&app, &account.username, &email, OLD_PASSWORD)
        .await;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..3 {
        known.push(
            forgot(
                &app,
                "PWD300",
                &account.username,
                "someone.else@example.org",
            )
            .await,
        );
        unknown.push(forgot(&app, "PWD300", "NO0000NE", "someone.else@example.org").await);
    }
    assert_eq!(known, unknown, "indistinguishable in body and status");
    assert_eq!(
        (known[0].0, known[0].1["detail"].clone()),
        (
            401,
            json!("The information entered does not match our records. Please try again.")
        )
    );
    assert_eq!(known[1].1["detail"], json!("You have one more attempt to enter correct user information before your account will be locked."));
    assert_eq!(
        (known[2].0, known[2].1["code"].clone()),
        (403, json!("account_disabled"))
    );
    assert_eq!(
        known[2].1["detail"],
        json!("You have exceeded the number of attempts to reset your password. Please contact ImmTrac2 Customer Support at 1-800-348-9158 or at ImmTrac2@dshs.texas.gov.")
    );
    // Disabled: the right reset details do not help, and the answers are an
    // unknown name's (its first is a mismatch), whatever disabled it.
    let after = forgot(&app, "PWD300", &account.username, &email).await;
    let fresh = forgot(&app, "PWD300", "NO0301NE", &email).await;
    assert_eq!(after, fresh);
    assert_eq!(after.0, 401);
    // Nor does the right password.
    let (status, body) = app
        .login("PWD300", &account.username, OLD_PASSWORD, None)
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["code"], json!("account_disabled"));
    assert_eq!(app.audit_events("account_disabled").len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_stranger_who_knows_the_details_cannot_flood_the_owner_with_reset_links() {
    use diesel::prelude::*;
    use iam_api::db::schema::mail_outbox;
    let (app, _db) = spawn_app().await;
    crate::helpers::create_org(&app, "PWD320");
    let email = unique_email("pat");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD320"]);
    let mut answers = Vec::new();
    for _ in 0..5 {
        answers.push(forgot(&app, "PWD320", &account.username, &email).await);
    }
    assert!(
        answers.windows(2).all(|w| w[0] == w[1]) && answers[0].0 == 200,
        "every request gets the same answer: {answers:?}"
    );
    let links: i64 = app.with_conn(|conn| {
        mail_outbox::table
            .filter(mail_outbox::recipient.eq(&email))
            .filter(mail_outbox::kind.eq("password_reset"))
            .count()
            .get_result(conn)
            .expect("the outbox is readable")
    });
    assert_eq!(links, 3, "three links an hour, then silence");
    app.stop().await;
}

#[tokio::test]
async fn a_disabled_account_answers_forgot_password_as_an_unknown_username_does() {
    let (app, _db) = spawn_app().await;
    crate::helpers::create_org(&app, "PWD310");
    let email = unique_email("pat");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD310"]);
    // Disabled by support, with no reset strikes of its own.
    app.with_conn(|conn| {
        iam_api::db::users::update_status(
            conn,
            &account.user_id,
            "disabled",
            iam_api::db::to_db_time(chrono::Utc::now()),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    });
    let mut disabled = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..3 {
        // The owner's own, correct details: a disabled account never matches.
        disabled.push(forgot(&app, "PWD310", &account.username, &email).await);
        unknown.push(forgot(&app, "PWD310", "NO0310NE", &email).await);
    }
    assert_eq!(disabled, unknown, "indistinguishable in body and status");
    assert_eq!(
        disabled[0].0, 401,
        "the first answer is a mismatch: {:?}",
        disabled[0]
    );
    assert!(
        app.audit_events("account_disabled").is_empty(),
        "an account already disabled is not disabled again"
    );
    app.stop().await;
}

/// The token of the link in the newest mail of `kind`.
fn token_in_newest_mail(app: &crate::helpers::TestApp, kind: &str) -> String {
    link_token(&app.newest_mail(kind).text)
}

#[tokio::test]
async fn report_suspicious_activity_signs_out_everywhere_and_locks_once() {
    let (app, _db) = spawn_app().await;
    crate::helpers::create_org(&app, "PWD400");
    let email = unique_email("pat");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD400"]);
    let (status, _) = forgot(&app, "PWD400", &account.username, &email).await;
    assert_eq!(status, 200);
    let reset_token = token_in_newest_mail(&app, "password_reset");
    let response = app
        .post_json("/api/v1/password/reset", &json!({"confidentiality_accepted": true, "token": reset_token, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}))
        .await;
    assert_eq!(response.status(), 200);
    let login = || app.login("PWD400", &account.username, NEW_PASSWORD, None);
    assert_eq!(login().await.0, 200);

    let report = token_in_newest_mail(&app, "password_changed");
    let response = app
        .post_json(
            "/api/v1/password/report-suspicious",
            &json!({"token": report}),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(login().await.0, 403, "locked by the report");
    let response = app
        .post_json(
            "/api/v1/password/report-suspicious",
            &json!({"token": report}),
        )
        .await;
    assert_eq!(response.status(), 410, "the report link works once");
    assert_eq!(app.audit_events("suspicious_activity_reported").len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_signed_in_user_changes_the_password_with_the_current_one() {
    let (app, _db) = spawn_app().await;
    crate::helpers::create_org(&app, "PWD500");
    let email = unique_email("pat");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD500"]);
    let done = crate::helpers::sign_in(&app, &account.username, &email).await;
    let other = crate::helpers::sign_in(&app, &account.username, &email).await;
    let other = access_token(&other);
    let token = access_token(&done);
    let change = |current: &str, new: &str| {
        let body =
            json!({"current_password": current, "new_password": new, "confirm_password": new});
        let request = app
            .client
            .post(app.url("/api/v1/password/change"))
            .bearer_auth(token.clone())
            .json(&body);
        async move { request.send().await.unwrap_or_else(|e| panic!("{e}")) }
    };
    let response = change("not-the-password", NEW_PASSWORD).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("the change answers JSON");
    assert_eq!(
        body["field_errors"]["current_password"],
        json!(["incorrect"])
    );
    let response = change(OLD_PASSWORD, OLD_PASSWORD).await;
    let body: Value = response.json().await.expect("the change answers JSON");
    assert_eq!(body["field_errors"]["new_password"], json!(["not_recent"]));
    // The owner's organization code is a context word (ASVS 6.2.11).
    let response = change(OLD_PASSWORD, "Violet-Tundra-pwd500-Quill").await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.expect("the change answers JSON");
    assert_eq!(body["field_errors"]["new_password"], json!(["not_common"]));
    let response = change(OLD_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(response.status(), 200);
    // The session goes on; the new password signs in; the old one does not.
    let response = app
        .client
        .get(app.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 200);
    let login = |password: &'static str| app.login("PWD500", &account.username, password, None);
    assert_eq!(login(NEW_PASSWORD).await.0, 200);
    assert_eq!(login(OLD_PASSWORD).await.0, 401);
    // "Sign me out of all other devices": the other session ends, this one stays.
    let response = app
        .client
        .post(app.url("/api/v1/password/change"))
        .bearer_auth(&token)
        .json(&json!({"current_password": NEW_PASSWORD, "new_password": "Yet-Another-Passphrase-31",
                      "confirm_password": "Yet-Another-Passphrase-31", "sign_out_other_devices": true}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 200);
    let session_status = |bearer: String| {
        let request = app
            .client
            .get(app.url("/api/v1/session"))
            .bearer_auth(bearer);
        async move {
            request
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }
    };
    assert_eq!(session_status(other).await, 401, "the other device is out");
    assert_eq!(session_status(token.clone()).await, 200, "this one stays");
    // Without a session: 401.
    let response = app.post_json("/api/v1/password/change", &json!({"current_password": NEW_PASSWORD, "new_password": "Yet-Another-Passphrase-31", "confirm_password": "Yet-Another-Passphrase-31"})).await;
    assert_eq!(response.status(), 401);
    app.stop().await;
}

#[tokio::test]
async fn wrong_current_passwords_walk_the_ladder_and_lock_the_account() {
    let (app, _db) = spawn_app().await;
    crate::helpers::create_org(&app, "PWD510");
    let email = unique_email("pat");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD510"]);
    // From the owner's browser: a wrong current password there walks the
    // seed's ladder.
    let done = crate::helpers::sign_in_from_familiar_browser(
        &app,
        &account.username,
        &email,
        OLD_PASSWORD,
    )
    .await;
    let token = access_token(&done);
    let change = |current: &str| {
        let body = json!({"current_password": current, "new_password": NEW_PASSWORD,
                          "confirm_password": NEW_PASSWORD});
        let request = app
            .client
            .post(app.url("/api/v1/password/change"))
            .bearer_auth(token.clone())
            .json(&body);
        async move {
            let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
            let status = response.status().as_u16();
            let body = response.json::<Value>().await;
            (status, body.expect("the change answers JSON"))
        }
    };
    // No CAPTCHA in the portal: five wrong ones are each answered in the
    // form, with what is left, and counted on the account.
    for failure in 1..=5u64 {
        let (status, body) = change("Not-The-Password-1").await;
        assert_eq!(status, 422, "failure {failure}: {body}");
        assert_eq!(
            body["field_errors"]["current_password"],
            json!(["incorrect"])
        );
        assert_eq!(body["attempts_remaining"], json!(6 - failure), "{body}");
    }
    let failed = |app: &crate::helpers::TestApp| {
        app.with_conn(|conn| {
            iam_api::db::users::find_by_id(conn, &account.user_id)
                .ok()
                .flatten()
                .map(|u| (u.failed_login_count, u.status.as_str().to_owned()))
        })
    };
    assert_eq!(failed(&app), Some((5, "active".to_owned())));
    assert_eq!(app.audit_events("password_confirmation_failed").len(), 5);
    // The sixth locks the account, as at the door; its owner is e-mailed.
    let (status, body) = change("Not-The-Password-1").await;
    assert_eq!(
        (status, body["code"].clone()),
        (403, json!("account_locked"))
    );
    assert_eq!(failed(&app).map(|(_, s)| s), Some("locked".to_owned()));
    assert_eq!(app.audit_events("account_locked").len(), 1);
    let (status, _) = app
        .login("PWD510", &account.username, OLD_PASSWORD, None)
        .await;
    assert_eq!(status, 403, "the right password no longer signs in");
    app.stop().await;
}

#[tokio::test]
async fn a_reset_link_works_for_24_hours_and_not_a_minute_more() {
    let (app, _db, clock) = crate::helpers::spawn_with_clock(|_| {}).await;
    crate::helpers::create_org(&app, "PWD600");
    let email = unique_email("pat");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD600"]);
    let (status, _) = forgot(&app, "PWD600", &account.username, &email).await;
    assert_eq!(status, 200);
    let token = token_in_newest_mail(&app, "password_reset");
    let body = json!({"token": token});
    let inspect = || app.post_json("/api/v1/password/reset/inspect", &body);
    clock.advance(chrono::Duration::hours(23) + chrono::Duration::minutes(59));
    assert_eq!(inspect().await.status(), 200, "valid at 23h59m");
    clock.advance(chrono::Duration::minutes(2));
    let response = inspect().await;
    assert_eq!(response.status(), 410, "refused at 24h01m");
    let body: Value = response.json().await.expect("the 410 problem is JSON");
    assert_eq!(body["code"], json!("token_expired"));
    assert_eq!(
        body["detail"],
        json!("This link has expired. Request a new one to reset your password.")
    );
    app.stop().await;
}

#[tokio::test]
async fn a_second_request_voids_the_first_link() {
    let (app, _db) = spawn_app().await;
    crate::helpers::create_org(&app, "PWD700");
    let email = unique_email("pat");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD700"]);
    forgot(&app, "PWD700", &account.username, &email).await;
    let first = token_in_newest_mail(&app, "password_reset");
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    forgot(&app, "PWD700", &account.username, &email).await;
    let second = token_in_newest_mail(&app, "password_reset");
    assert_ne!(first, second);
    let status = |token: String| {
        let body = json!({"token": token});
        let app = &app;
        async move {
            app.post_json("/api/v1/password/reset/inspect", &body)
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(status(first).await, 410, "the newest request wins");
    assert_eq!(status(second).await, 200);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_parallel_uses_of_one_reset_link_set_one_password() {
    let (app, _db) = spawn_app().await;
    crate::helpers::create_org(&app, "PWD990");
    let email = unique_email("pat");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD990"]);
    let (status, _) = forgot(&app, "PWD990", &account.username, &email).await;
    assert_eq!(status, 200);
    let token = token_in_newest_mail(&app, "password_reset");
    let app = std::sync::Arc::new(app);
    let passwords = [
        "Amber-Falcon-Quarry-Lantern-11",
        "Birch-Canyon-Meadow-Violin-22",
        "Cobalt-Harbor-Thistle-Piano-33",
        "Dune-Glacier-Orchid-Trumpet-44",
        "Ember-Forest-Pebble-Cello-55",
        "Fjord-Garnet-Willow-Banjo-66",
        "Gable-Heron-Saffron-Oboe-77",
        "Hazel-Iris-Juniper-Flute-88",
    ];
    let attempts: Vec<_> = passwords
        .iter()
        .map(|password| {
            let (app, token) = (app.clone(), token.clone());
            let body =
                json!({"confidentiality_accepted": true, "token": token, "new_password": password, "confirm_password": password});
            tokio::spawn(async move {
                let response = app.post_json("/api/v1/password/reset", &body).await;
                let status = response.status().as_u16();
                let body: Value = response.json().await.expect("the reset answers JSON");
                (
                    status,
                    // The one success has no `code`.
                    body["code"].as_str().unwrap_or("").to_owned(),
                )
            })
        })
        .collect();
    let mut answers = Vec::new();
    for attempt in attempts {
        answers.push(attempt.await.unwrap_or((0, String::new())));
    }
    assert_eq!(
        answers.iter().filter(|(s, _)| *s == 200).count(),
        1,
        "{answers:?}"
    );
    assert!(
        answers
            .iter()
            .all(|(s, code)| *s == 200 || (*s == 410 && code == "token_used")),
        "{answers:?}"
    );
    assert_eq!(app.audit_events("password_reset_completed").len(), 1);
    if let Ok(app) = std::sync::Arc::try_unwrap(app) {
        app.stop().await;
    }
}

#[tokio::test]
async fn a_reset_link_points_at_the_configured_address_whatever_host_the_request_names() {
    let (app, _db) = spawn_app().await;
    crate::helpers::create_org(&app, "PWD995");
    let email = unique_email("pat");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD995"]);
    let captcha = app.solved_captcha().await;
    let response = app
        .client
        .post(app.url("/api/v1/password/forgot"))
        .header("Host", "evil.example")
        .header("X-Forwarded-Host", "evil.example")
        .header("Forwarded", "host=evil.example;proto=https")
        .json(&json!({"org_code": "PWD995", "username": account.username, "email": email, "captcha": captcha}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 200);
    let text: String = app.with_conn(|conn| {
        use diesel::prelude::*;
        use iam_api::db::schema::mail_outbox;
        mail_outbox::table
            .filter(mail_outbox::kind.eq("password_reset"))
            .select(mail_outbox::body_text)
            .first(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    });
    let text = app.open_mail(&text);
    let public = iam_api::config::Settings::default()
        .public_base()
        .to_owned();
    assert!(!text.contains("evil.example"), "{text}");
    assert!(
        text.contains(&format!("{public}/reset-password#token=")),
        "{text}"
    );
    app.stop().await;
}

/// Seed 000: an ImmTrac2 reset link opens on the Confidentiality Statement,
/// and "I Agree" is a gate the server keeps, with the same evidence a
/// sign-in records.
#[tokio::test]
async fn an_immtrac2_reset_needs_the_statement_agreed_and_records_it() {
    let (app, _db) = spawn_app().await;
    crate::helpers::create_org(&app, "PWD410");
    let email = unique_email("cora");
    let account = crate::helpers::create_active_account(&app, &email, OLD_PASSWORD, &["PWD410"]);
    let (status, _) = forgot(&app, "PWD410", &account.username, &email).await;
    assert_eq!(status, 200);
    let token = token_in_newest_mail(&app, "password_reset");
    let body = |agreed: bool| {
        json!({"token": token, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD,
               "confidentiality_accepted": agreed})
    };

    let refused = app.post_json("/api/v1/password/reset", &body(false)).await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.expect("problem+json");
    assert_eq!(problem["code"], json!("validation_failed"));
    assert_eq!(
        problem["field_errors"]["confidentiality_accepted"],
        json!(["required"])
    );
    assert_eq!(
        app.login("PWD410", &account.username, OLD_PASSWORD, None)
            .await
            .0,
        200,
        "nothing was changed or spent"
    );

    let saved = app.post_json("/api/v1/password/reset", &body(true)).await;
    assert_eq!(saved.status(), 200);
    let evidence = app.with_conn(|conn| {
        use diesel::prelude::*;
        use iam_api::db::schema::{document_acceptances, documents};
        document_acceptances::table
            .inner_join(documents::table.on(documents::id.eq(document_acceptances::document_id)))
            .filter(document_acceptances::user_id.eq(&account.user_id))
            .select((documents::kind, document_acceptances::channel))
            .load::<(String, String)>(conn)
            .expect("the acceptances are readable")
    });
    assert_eq!(
        evidence,
        vec![("confidentiality".to_owned(), "reset_link".to_owned())]
    );
    let audited = app.audit_events("confidentiality_accepted");
    assert!(
        audited
            .iter()
            .any(|(_, detail)| detail["via"] == json!("reset_link")
                && detail["document_version"].is_string()),
        "{audited:?}"
    );
    app.stop().await;
}
