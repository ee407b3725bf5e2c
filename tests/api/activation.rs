//! Account activation (docs/product.md §7): Welcome link → e-mail code → set-up →
//! signed in; the link's 7 days and single use.

use chrono::Duration;
use serde_json::{json, Value};

use crate::helpers::{code_after, link_token, post};
use crate::helpers::{create_account, create_org, unique_email, TestApp};

/// The password the activations set.
const PASSWORD: &str = "Juniper-Falcon-Ridge-Mosaic-38";

/// The token of the newest Welcome e-mail's activation link to `email`.
fn activation_token(app: &TestApp, email: &str) -> String {
    link_token(&app.newest_mail_to(email, "welcome").text)
}

async fn start(app: &TestApp, token: &str) -> (u16, Value) {
    let (status, body, _) = post(app, "/api/v1/activation", &json!({"token": token})).await;
    (status, body)
}

fn set_up(password: &str) -> Value {
    json!({"new_password": password, "confirm_password": password, "phone": "(512) 776-7111",
           "security_question": "Name of your first school?", "security_answer": "  Travis  Elementary "})
}

#[tokio::test]
async fn the_welcome_link_leads_through_the_code_and_set_up_to_a_session() {
    // Arrange: support created the account; the Welcome e-mail is queued.
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "ACT100");
    let email = unique_email("ada");
    let account = create_account(&app, "Ada", "Brooks", &email, Some("ACT100"));
    let token = activation_token(&app, &email);

    // Act + Assert, step by step.
    let (status, opened) = start(&app, &token).await;
    assert_eq!(status, 200, "{opened}");
    assert_eq!(opened["next_step"], json!("email_code"));
    assert_eq!(opened["username"], json!(account.username));
    assert_eq!(
        (opened["first_name"].clone(), opened["last_name"].clone()),
        (json!("Ada"), json!("Brooks")),
        "the names feed the password checklist"
    );
    let (status, again) = start(&app, &token).await;
    assert_eq!(
        status, 200,
        "opening the link again uses nothing up: {again}"
    );
    let id = opened["activation_id"]
        .as_str()
        .expect("`activation_id` in the answer");
    let path = |step: &str| format!("/api/v1/activation/{id}/{step}");
    let (status, _, _) = post(&app, &path("complete"), &set_up(PASSWORD)).await;
    assert_eq!(status, 409, "the e-mail code comes first");
    let (status, sent, _) = post(&app, &path("email-code"), &json!({})).await;
    assert_eq!(status, 200, "{sent}");
    let code = code_after(
        &app.newest_mail_to(&email, "activation_code").text,
        "Enter this code: ",
    );
    let (status, verified, _) =
        post(&app, &path("email-code/verify"), &json!({"code": code})).await;
    assert_eq!(
        (status, verified["next_step"].clone()),
        (200, json!("set_up"))
    );
    let mut bad = set_up(PASSWORD);
    bad["phone"] = json!("call me");
    bad["security_answer"] = json!("x");
    let (status, refused, _) = post(&app, &path("complete"), &bad).await;
    assert_eq!(status, 422);
    assert_eq!(refused["field_errors"]["phone"], json!(["invalid_phone"]));
    assert_eq!(
        refused["field_errors"]["security_answer"],
        json!(["invalid_security_answer"])
    );
    let (status, refused, _) = post(&app, &path("complete"), &set_up("short")).await;
    assert_eq!(status, 422);
    assert!(
        refused["field_errors"]["new_password"]
            .as_array()
            .is_some_and(|rules| rules.contains(&json!("min_length"))),
        "{refused}"
    );
    let (status, done, _) = post(&app, &path("complete"), &set_up(PASSWORD)).await;
    assert_eq!(
        (status, done["next_step"].clone()),
        (200, json!("confidentiality")),
        "{done}"
    );
    let tx = done["transaction_id"]
        .as_str()
        .expect("`transaction_id` in the answer");
    let (status, session, _) = app.agree(tx).await;
    assert_eq!((status, session["next_step"].clone()), (200, json!("done")));

    // The account is active, the answer is stored hashed, the link is spent.
    let user = app.with_conn(|conn| {
        iam_api::db::users::find_by_id(conn, &account.user_id)
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("the account exists"))
    });
    assert_eq!(user.status.as_str(), "active");
    assert_eq!(user.phone.as_deref(), Some("(512) 776-7111"));
    assert!(user
        .security_answer_hash
        .as_deref()
        .is_some_and(|h| h.starts_with("$argon2id$") && !h.contains("Travis")));
    let (status, _) = app.login("ACT100", &account.username, PASSWORD, None).await;
    assert_eq!(status, 200);
    let (status, body) = start(&app, &token).await;
    assert_eq!((status, body["code"].clone()), (410, json!("token_used")));
    assert_eq!(app.audit_events("account_activated").len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn the_welcome_link_works_for_7_days_and_not_a_minute_more() {
    let (app, _db, clock) = crate::helpers::spawn_with_clock(|_| {}).await;
    create_org(&app, "ACT200");
    let email = unique_email("ada");
    create_account(&app, "Ada", "Brooks", &email, Some("ACT200"));
    let token = activation_token(&app, &email);

    clock.advance(Duration::days(6) + Duration::hours(23) + Duration::minutes(59));
    assert_eq!(start(&app, &token).await.0, 200, "valid at 6d23h59m");
    clock.advance(Duration::minutes(2));
    let (status, body) = start(&app, &token).await;
    assert_eq!(
        (status, body["code"].clone()),
        (410, json!("token_expired"))
    );
    assert_eq!(
        body["detail"],
        json!("This activation link has expired. Ask Customer Support to send you a new one.")
    );
    app.stop().await;
}

#[tokio::test]
async fn an_activation_id_is_neither_a_sign_in_nor_a_recovery() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "ACT300");
    let email = unique_email("ada");
    create_account(&app, "Ada", "Brooks", &email, Some("ACT300"));
    let (_, opened) = start(&app, &activation_token(&app, &email)).await;
    let id = opened["activation_id"]
        .as_str()
        .expect("`activation_id` in the answer");
    for path in [
        format!("/api/v1/signin/{id}/email-code"),
        format!("/api/v1/password/recovery/{id}/send"),
    ] {
        assert_eq!(post(&app, &path, &json!({})).await.0, 404, "{path}");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_resend_voids_activations_opened_from_the_older_link() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "ACT300");
    let email = unique_email("ada");
    let account = create_account(&app, "Ada", "Brooks", &email, Some("ACT300"));
    let old_token = activation_token(&app, &email);
    let (status, opened) = start(&app, &old_token).await;
    assert_eq!(status, 200, "{opened}");
    let old_id = opened["activation_id"]
        .as_str()
        .expect("`activation_id` in the answer")
        .to_owned();

    // Support sends a new Welcome e-mail (the first one went astray, say).
    let (support, _) = app
        .signed_in_as("ACT300", iam_shared::types::MembershipRole::Support)
        .await;
    let response = app
        .client
        .post(app.url(&format!(
            "/api/v1/admin/users/{}/resend-activation",
            account.user_id
        )))
        .bearer_auth(&support)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 200);

    // Whoever holds the activation opened from the old link cannot go on.
    let path = |step: &str| format!("/api/v1/activation/{old_id}/{step}");
    let (status, refused, _) = post(&app, &path("email-code"), &json!({})).await;
    assert_eq!(
        (status, refused["code"].clone()),
        (410, json!("token_expired")),
        "{refused}"
    );
    let (status, _, _) = post(&app, &path("complete"), &set_up(PASSWORD)).await;
    assert_eq!(status, 410);
    // The new link works.
    let new_token = activation_token(&app, &email);
    assert_ne!(new_token, old_token);
    let (status, reopened) = start(&app, &new_token).await;
    assert_eq!(status, 200, "{reopened}");
    let new_id = reopened["activation_id"]
        .as_str()
        .expect("`activation_id` in the answer");
    let (status, sent, _) = post(
        &app,
        &format!("/api/v1/activation/{new_id}/email-code"),
        &json!({}),
    )
    .await;
    assert_eq!(status, 200, "{sent}");
    app.stop().await;
}

#[tokio::test]
async fn an_activation_link_is_no_reset_link_and_no_bearer_token() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "ACT400");
    let email = unique_email("ada");
    create_account(&app, "Ada", "Brooks", &email, Some("ACT400"));
    let token = activation_token(&app, &email);
    let (status, body, _) = post(
        &app,
        "/api/v1/password/reset",
        &json!({"confidentiality_accepted": true, "token": token, "new_password": PASSWORD, "confirm_password": PASSWORD}),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (404, json!("not_found")),
        "{body}"
    );
    let (status, _, _) = post(
        &app,
        "/api/v1/password/reset/inspect",
        &json!({"token": token}),
    )
    .await;
    assert_eq!(status, 404);
    let (status, body, _) =
        crate::helpers::with_bearer(&app, reqwest::Method::GET, "/api/v1/session", &token).await;
    assert_eq!(
        (status, body["code"].clone()),
        (401, json!("unauthenticated"))
    );
    // The link still works for what it is.
    assert_eq!(start(&app, &token).await.0, 200);
    app.stop().await;
}

/// Through the Welcome link, the code and the set-up: the answer of
/// `complete`.
pub(crate) async fn activate(app: &TestApp, email: &str) -> Value {
    let (_, opened) = start(app, &activation_token(app, email)).await;
    let id = opened["activation_id"].as_str().unwrap_or_default();
    let path = |step: &str| format!("/api/v1/activation/{id}/{step}");
    let (status, _, _) = post(app, &path("email-code"), &json!({})).await;
    assert_eq!(status, 200);
    let code = code_after(
        &app.newest_mail_to(email, "activation_code").text,
        "Enter this code: ",
    );
    let (status, _, _) = post(app, &path("email-code/verify"), &json!({"code": code})).await;
    assert_eq!(status, 200);
    let (status, done, _) = post(app, &path("complete"), &set_up(PASSWORD)).await;
    assert_eq!(status, 200, "{done}");
    done
}

#[tokio::test]
async fn activation_offers_an_app_as_set_up_optional_without_counting_it_as_a_factor() {
    use crate::authenticators::{base32_decode, totp};
    use crate::helpers::step_path;
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "ACT400");
    let email = unique_email("opt");
    create_account(&app, "Ada", "Brooks", &email, Some("ACT400"));

    // The first sign-in: the statement, with "Set up optional" (an app;
    // passkeys are off on 127.0.0.1).
    let done = activate(&app, &email).await;
    assert_eq!(
        (&done["next_step"], &done["setup_optional"]),
        (&json!("confidentiality"), &json!(["totp"])),
        "{done}"
    );
    let tx = done["transaction_id"].as_str().unwrap_or_default();
    let (status, setup, _) = post(
        &app,
        &step_path(tx, "totp/setup"),
        &json!({"name": "My phone"}),
    )
    .await;
    assert_eq!(status, 201, "{setup}");
    let secret = base32_decode(setup["secret"].as_str().unwrap_or_default());
    let confirm = step_path(
        tx,
        &format!(
            "totp/setup/{}/confirm",
            setup["id"].as_str().unwrap_or_default()
        ),
    );
    let code = totp(&secret, chrono::Utc::now().timestamp());
    let (status, next, _) = post(&app, &confirm, &json!({"code": code})).await;
    assert_eq!(
        (status, &next["next_step"], &next["setup_optional"]),
        (200, &json!("confidentiality"), &Value::Null),
        "set up, nothing more is offered: {next}"
    );
    assert!(app
        .newest_mail_to(&email, "security_method_added")
        .text
        .contains("My phone"));
    // Set up, not used: the sign-in's factors stay the password and e-mail.
    assert!(app.audit_events("signin_app_code_verified").is_empty());
    // A user who holds a method is offered nothing more here.
    let (status, refused, _) = post(
        &app,
        &step_path(tx, "totp/setup"),
        &json!({"name": "Second phone"}),
    )
    .await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (409, Some("conflict")),
        "{refused}"
    );
    let (status, session, _) = app.agree(tx).await;
    assert_eq!(
        (status, &session["next_step"]),
        (200, &json!("done")),
        "{session}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_report_ends_the_sign_ins_on_their_way_so_a_planted_method_cannot_come_back() {
    use crate::authenticators::{base32_decode, totp};
    use crate::helpers::step_path;
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "ACT500");
    let email = unique_email("report");
    let account = create_account(&app, "Ada", "Brooks", &email, Some("ACT500"));
    // Someone holds a sign-in at the statement, and a stranger has typed
    // the username (nothing proven).
    let done = activate(&app, &email).await;
    let held = done["transaction_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let stranger = app.start_signin(&account.username, false).await;
    let plant = |name: &'static str| {
        let app = &app;
        let held = held.clone();
        async move {
            let (status, setup, _) =
                post(app, &step_path(&held, "totp/setup"), &json!({"name": name})).await;
            if status != 201 {
                return (status, setup);
            }
            let secret = base32_decode(setup["secret"].as_str().unwrap_or_default());
            let confirm = format!(
                "totp/setup/{}/confirm",
                setup["id"].as_str().unwrap_or_default()
            );
            let code = totp(&secret, chrono::Utc::now().timestamp());
            let (status, body, _) =
                post(app, &step_path(&held, &confirm), &json!({"code": code})).await;
            (status, body)
        }
    };
    let (status, body) = plant("Planted").await;
    assert_eq!(status, 200, "{body}");

    // The owner reports the method: it goes, with the sign-ins on their way.
    let report = link_token(&app.newest_mail_to(&email, "security_method_added").text);
    let (status, body, _) = post(
        &app,
        "/api/v1/password/report-suspicious",
        &json!({"token": report}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = plant("Planted again").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (410, Some("token_expired")),
        "{body}"
    );
    let (status, body, _) = app.agree(&held).await;
    assert_eq!(status, 410, "{body}");
    // The stranger's sign-in proved nothing: it goes on as for any name.
    let (status, body, _) = app
        .signin_password(&stranger, "Wrong-Guess-Entirely-42")
        .await;
    assert_ne!(status, 410, "{body}");
    app.stop().await;
}
