//! Familiar devices (issue 15, point 9): failures from a browser that signed
//! in to the account walk the seed's ladders; failures from anywhere else
//! walk ladders of their own that block unknown devices and never the owner.

use iam_shared::types::MembershipRole;
use reqwest::header::HeaderMap;
use serde_json::{json, Value};

use crate::helpers::{access_token, code_sent_to, link_token, step_path, unique_email, PASSWORD};
use crate::helpers::{create_active_account, create_org, spawn_app, spawn_with_clock, TestApp};

const WRONG: &str = "Wrong-Password-123";
const LOCKED: &str = "Login attempts have been exceeded. Click on the Forgot Password button to reset your password and unlock your account.";
const NO_MATCH: &str = "The information entered does not match our records. Please try again.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Door {
    ImmTrac2,
    IamOnline,
}

/// One browser (or, without a cookie, an API client): its own cookie, no
/// shared jar.
struct Device {
    client: reqwest::Client,
    cookie: Option<String>,
}

impl Device {
    fn new() -> Self {
        Self {
            client: reqwest::Client::new(),
            cookie: None,
        }
    }

    async fn send(
        &self,
        app: &TestApp,
        method: reqwest::Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<&Value>,
    ) -> (u16, Value, HeaderMap) {
        let mut request = self
            .client
            .request(method, app.url(path))
            .header("X-IAM-Client", "web");
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("the answer's body arrives");
        (
            status,
            // A 204 has no body.
            serde_json::from_str(&text).unwrap_or(Value::Null),
            headers,
        )
    }

    async fn post(&self, app: &TestApp, path: &str, body: &Value) -> (u16, Value, HeaderMap) {
        self.send(app, reqwest::Method::POST, path, None, Some(body))
            .await
    }

    /// Sign in fully at the IAMOnline door; keeps the device cookie the
    /// browser is given. Returns the access token and the cookie header
    /// (empty when none was set: the callers assert on it).
    async fn sign_in(&mut self, app: &TestApp, username: &str, email: &str) -> (String, String) {
        let (_, started, _) = self
            .post(app, "/api/v1/signin", &json!({"username": username}))
            .await;
        let tx = started["transaction_id"]
            .as_str()
            .expect("`transaction_id` in the answer")
            .to_owned();
        let (status, body, _) = self
            .post(
                app,
                &step_path(&tx, "password"),
                &json!({"password": PASSWORD}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let (status, body, _) = self
            .post(app, &step_path(&tx, "email-code"), &json!({}))
            .await;
        assert_eq!(status, 200, "{body}");
        let code = code_sent_to(app, email);
        let (status, body, _) = self
            .post(
                app,
                &step_path(&tx, "email-code/verify"),
                &json!({"code": code}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let (status, done, headers) = self.post(app, &step_path(&tx, "agree"), &json!({})).await;
        assert_eq!(status, 200, "{done}");
        let set_cookie = headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("__Host-iam_device="))
            .unwrap_or("")
            .to_owned();
        if !set_cookie.is_empty() {
            self.cookie = set_cookie.split(';').next().map(str::to_owned);
        }
        (access_token(&done), set_cookie)
    }

    /// One password attempt at `door`, with a solved CAPTCHA when due.
    async fn attempt(
        &self,
        app: &TestApp,
        door: Door,
        (org, username): (&str, &str),
        password: &str,
        captcha_due: bool,
    ) -> (u16, Value) {
        let captcha = if captcha_due {
            Some(app.solved_captcha().await)
        } else {
            None
        };
        let (status, body, _) = match door {
            Door::ImmTrac2 => {
                let mut body = json!({"org_code": org, "username": username, "password": password});
                if let Some(captcha) = captcha {
                    body["captcha"] = captcha;
                }
                self.post(app, "/api/v1/login", &body).await
            }
            Door::IamOnline => {
                let (_, started, _) = self
                    .post(app, "/api/v1/signin", &json!({"username": username}))
                    .await;
                let tx = started["transaction_id"]
                    .as_str()
                    .expect("`transaction_id` in the answer")
                    .to_owned();
                let mut body = json!({"password": password});
                if let Some(captcha) = captcha {
                    body["captcha"] = captcha;
                }
                self.post(app, &step_path(&tx, "password"), &body).await
            }
        };
        (status, body)
    }

    /// Six wrong passwords: every answer.
    async fn walk_ladder(&self, app: &TestApp, door: Door, who: (&str, &str)) -> Vec<(u16, Value)> {
        let mut answers = Vec::new();
        let mut captcha_due = false;
        for _ in 0..6 {
            let answer = self.attempt(app, door, who, WRONG, captcha_due).await;
            captcha_due = answer.1["captcha_required"] == json!(true);
            answers.push(answer);
        }
        answers
    }

    /// An ImmTrac2 Forgot Password request.
    async fn forgot(&self, app: &TestApp, org: &str, username: &str, email: &str) -> (u16, Value) {
        let captcha = app.solved_captcha().await;
        let (status, body, _) = self
            .post(
                app,
                "/api/v1/password/forgot",
                &json!({"org_code": org, "username": username, "email": email, "captcha": captcha}),
            )
            .await;
        (status, body)
    }
}

/// An account whose owner signed in once from `owner` (now familiar).
async fn owner_with_familiar_device(
    app: &TestApp,
    org: &str,
) -> (
    iam_api::services::accounts::CreatedAccount,
    String,
    Device,
    String,
) {
    create_org(app, org);
    let email = unique_email("dev");
    let account = create_active_account(app, &email, PASSWORD, &[org]);
    let mut owner = Device::new();
    let (token, _) = owner.sign_in(app, &account.username, &email).await;
    assert!(
        owner.cookie.is_some(),
        "the browser was given a device cookie"
    );
    (account, email, owner, token)
}

async fn strangers_block_unknown_devices_not_the_owner(door: Door, org: &str) {
    let (app, _db) = spawn_app().await;
    let (account, email, owner, token) = owner_with_familiar_device(&app, org).await;
    let who = (org, account.username.as_str());

    // A session the owner opened as an API client before the strangers came.
    let api_session = crate::helpers::sign_in(&app, &account.username, &email).await;
    // A stranger's browser walks the ladder: the seed's answers, word for word.
    let stranger = Device::new();
    let answers = stranger.walk_ladder(&app, door, who).await;
    assert_eq!(
        answers[2].1["next_step"],
        json!("recall"),
        "{:?}",
        answers[2]
    );
    assert_eq!(answers[2].1["captcha_required"], json!(true));
    assert_eq!(
        (
            answers[5].0,
            answers[5].1["detail"].clone(),
            answers[5].1["code"].clone()
        ),
        (403, json!(LOCKED), json!("account_locked"))
    );
    // Unknown devices are refused now, the right password too; an API
    // client (no cookie) is an unknown device.
    for refused in [&stranger, &Device::new()] {
        let (status, body) = refused.attempt(&app, door, who, PASSWORD, true).await;
        assert_eq!(
            (status, body["code"].clone()),
            (403, json!("account_locked")),
            "{body}"
        );
    }
    let captcha = Some(app.solved_captcha().await);
    let (status, _) = app.login(org, &account.username, PASSWORD, captcha).await;
    assert_eq!(status, 403, "an API client is an unknown device");

    // The owner's browser is not locked out: it signs in at either door,
    // and a signed-in check of the password still works.
    assert_eq!(app.user_status(&account.user_id), "active");
    let (status, body) = owner
        .attempt(&app, Door::ImmTrac2, who, PASSWORD, false)
        .await;
    assert_eq!(
        (status, body["next_step"].clone()),
        (200, json!("email_code")),
        "{body}"
    );
    let (status, body) = owner
        .attempt(&app, Door::IamOnline, who, PASSWORD, false)
        .await;
    assert_eq!(
        (status, body["next_step"].clone()),
        (200, json!("email_code")),
        "{body}"
    );
    let (status, body, _) = owner
        .send(
            &app,
            reqwest::Method::POST,
            "/api/v1/session/reauthenticate",
            Some(&token),
            Some(&json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // A signed-in check counts on the account's own ladder, so the block does
    // not stop the owner's API session either.
    let (status, body, _) = Device::new()
        .send(
            &app,
            reqwest::Method::POST,
            "/api/v1/session/reauthenticate",
            api_session["access_token"].as_str(),
            Some(&json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // The owner heard of it once, whatever the strangers do next.
    let _ = stranger.attempt(&app, door, who, WRONG, true).await;
    let mails = app.mails_of_kind("unknown_devices_blocked");
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].to, email);
    assert!(
        mails[0].subject.contains("new devices are blocked"),
        "{}",
        mails[0].subject
    );
    assert!(
        !mails[0].text.contains("http"),
        "no link: {}",
        mails[0].text
    );
    assert!(app.mails_of_kind("account_locked").is_empty());
    let blocked = app.audit_events("unknown_devices_blocked");
    assert_eq!(blocked.len(), 1);
    assert_eq!(blocked[0].0.as_deref(), Some(account.user_id.as_str()));
    app.stop().await;
}

#[tokio::test]
async fn strangers_at_the_immtrac2_door_block_unknown_devices_but_not_the_owners_browser() {
    strangers_block_unknown_devices_not_the_owner(Door::ImmTrac2, "DEV100").await;
}

#[tokio::test]
async fn strangers_at_the_iamonline_door_block_unknown_devices_but_not_the_owners_browser() {
    strangers_block_unknown_devices_not_the_owner(Door::IamOnline, "DEV110").await;
}

async fn the_owners_own_failures_lock_the_account(door: Door, org: &str) {
    let (app, _db) = spawn_app().await;
    let (account, email, owner, _) = owner_with_familiar_device(&app, org).await;
    let who = (org, account.username.as_str());
    let answers = owner.walk_ladder(&app, door, who).await;
    assert_eq!(
        answers[5].1["code"],
        json!("account_locked"),
        "{:?}",
        answers[5]
    );
    assert_eq!(
        app.user_status(&account.user_id),
        "locked",
        "the seed's lock"
    );
    let (status, _) = owner.attempt(&app, door, who, PASSWORD, false).await;
    assert_eq!(status, 403, "locked for the owner too, until a reset");
    let (status, _) = Device::new().attempt(&app, door, who, PASSWORD, true).await;
    assert_eq!(status, 403);
    let mails = app.mails_of_kind("account_locked");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, email);
    assert!(app.mails_of_kind("unknown_devices_blocked").is_empty());
    app.stop().await;
}

#[tokio::test]
async fn failures_from_a_familiar_browser_walk_the_seeds_ladder_to_the_lock_at_the_immtrac2_door() {
    the_owners_own_failures_lock_the_account(Door::ImmTrac2, "DEV200").await;
}

#[tokio::test]
async fn failures_from_a_familiar_browser_walk_the_seeds_ladder_to_the_lock_at_the_iamonline_door()
{
    the_owners_own_failures_lock_the_account(Door::IamOnline, "DEV210").await;
}

#[tokio::test]
async fn reset_mismatches_from_unknown_devices_block_unknown_resets_for_a_day_and_disable_nothing()
{
    let (app, _db, clock) = spawn_with_clock(|_| {}).await;
    let (account, email, owner, _) = owner_with_familiar_device(&app, "DEV300").await;
    let stranger = Device::new();
    let wrong_email = unique_email("dev");
    let (status, body) = stranger
        .forgot(&app, "DEV300", &account.username, &wrong_email)
        .await;
    assert_eq!(
        (status, body["detail"].clone()),
        (401, json!(NO_MATCH)),
        "{body}"
    );
    let _ = stranger
        .forgot(&app, "DEV300", &account.username, &wrong_email)
        .await;
    let (status, third) = stranger
        .forgot(&app, "DEV300", &account.username, &wrong_email)
        .await;
    assert_eq!(status, 403, "{third}");
    assert!(third["detail"]
        .as_str()
        .expect("`detail` in the answer")
        .starts_with("You have exceeded the number of attempts"));
    assert_eq!(app.user_status(&account.user_id), "active", "not disabled");
    assert_eq!(app.mails_of_kind("unknown_devices_blocked").len(), 1);

    // Unknown devices get the same refusal with the right details, but the
    // owner's mailbox gets the link: a stranger's block cannot keep the
    // owner at a new device from resetting. The owner's browser is answered.
    let (status, body) = stranger
        .forgot(&app, "DEV300", &account.username, &email)
        .await;
    assert_eq!((status, body), (403, third.clone()));
    assert_eq!(app.mails_of_kind("password_reset").len(), 1);
    let (status, body) = owner
        .forgot(&app, "DEV300", &account.username, &email)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.mails_of_kind("password_reset").len(), 2);

    // A day later unknown devices may ask again.
    clock.advance(chrono::Duration::hours(24) + chrono::Duration::minutes(1));
    let (status, body) = stranger
        .forgot(&app, "DEV300", &account.username, &email)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        app.mails_of_kind("unknown_devices_blocked").len(),
        1,
        "one e-mail"
    );

    // The owner's own mismatches still disable the account (the seed's rule).
    for _ in 0..3 {
        let _ = owner
            .forgot(&app, "DEV300", &account.username, &wrong_email)
            .await;
    }
    assert_eq!(app.user_status(&account.user_id), "disabled");
    app.stop().await;
}

#[tokio::test]
async fn support_sees_both_ladders_and_clears_the_unknown_device_block() {
    let (app, _db) = spawn_app().await;
    let (account, _, _, _) = owner_with_familiar_device(&app, "DEV400").await;
    let who = ("DEV400", account.username.as_str());
    let stranger = Device::new();
    let _ = stranger.walk_ladder(&app, Door::ImmTrac2, who).await;
    let _ = stranger
        .forgot(&app, "DEV400", &account.username, &unique_email("dev"))
        .await;
    create_org(&app, "DEV401");
    let (support, _) = app.signed_in_as("DEV401", MembershipRole::Support).await;
    let path = format!("/api/v1/admin/users/{}", account.user_id);
    let (status, detail) =
        crate::helpers::send(&app, reqwest::Method::GET, &path, Some(&support), None).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(
        detail["failed_login_count"],
        json!(0),
        "the owner's own ladder"
    );
    assert_eq!(detail["unknown_device_failed_login_count"], json!(6));
    assert!(
        detail["unknown_devices_blocked_until"].is_string(),
        "{detail}"
    );
    assert_eq!(detail["unknown_device_failed_reset_count"], json!(1));
    assert!(detail.get("unknown_device_resets_blocked_until").is_none());

    let clear = format!("{path}/clear-device-blocks");
    let (status, detail) =
        crate::helpers::send(&app, reqwest::Method::POST, &clear, Some(&support), None).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["unknown_device_failed_login_count"], json!(0));
    assert!(detail.get("unknown_devices_blocked_until").is_none());
    assert_eq!(detail["unknown_device_failed_reset_count"], json!(0));
    assert_eq!(app.audit_events("admin_device_blocks_cleared").len(), 1);
    // Nothing left to clear: a clear 409, not a silent success.
    let (status, body) =
        crate::helpers::send(&app, reqwest::Method::POST, &clear, Some(&support), None).await;
    assert_eq!((status, body["code"].clone()), (409, json!("conflict")));
    // The stranger's device may try again.
    let (status, body) = stranger
        .attempt(&app, Door::ImmTrac2, who, PASSWORD, false)
        .await;
    assert_eq!(status, 200, "{body}");
    app.stop().await;
}

#[tokio::test]
async fn a_new_password_lifts_the_unknown_device_block() {
    let (app, _db) = spawn_app().await;
    let (account, email, owner, _) = owner_with_familiar_device(&app, "DEV500").await;
    let who = ("DEV500", account.username.as_str());
    let _ = Device::new().walk_ladder(&app, Door::ImmTrac2, who).await;
    // The owner resets the password from their browser ...
    let (status, _) = owner
        .forgot(&app, "DEV500", &account.username, &email)
        .await;
    assert_eq!(status, 200);
    let token = link_token(&app.mails_of_kind("password_reset").remove(0).text);
    let new_password = "Another-Horse-Battery-7";
    let response = app
        .post_json(
            "/api/v1/password/reset",
            &json!({"confidentiality_accepted": true, "token": token, "new_password": new_password, "confirm_password": new_password,
                    "sign_out_other_devices": true}),
        )
        .await;
    assert_eq!(response.status(), 200);
    // ... and a new device of theirs is no longer refused.
    let (status, body) = Device::new()
        .attempt(&app, Door::ImmTrac2, who, new_password, false)
        .await;
    assert_eq!(status, 200, "{body}");
    // Signed out everywhere else: the old browser is not familiar any more
    // (a thief's would not be either).
    let _ = owner.attempt(&app, Door::ImmTrac2, who, WRONG, false).await;
    let failed = app.audit_events("signin_password_failed");
    assert_eq!(
        failed.last().map(|e| e.1["unknown_device"].clone()),
        Some(json!(true))
    );
    app.stop().await;
}

#[tokio::test]
async fn the_device_cookie_is_signed_stored_as_a_digest_listed_and_can_be_forgotten() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "DEV600");
    let email = unique_email("dev");
    let account = create_active_account(&app, &email, PASSWORD, &["DEV600"]);
    let mut owner = Device::new();
    let (_, set_cookie) = owner.sign_in(&app, &account.username, &email).await;
    for attribute in [
        "__Host-iam_device=",
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=",
    ] {
        assert!(
            set_cookie.contains(attribute),
            "{attribute} in {set_cookie}"
        );
    }
    let value = owner
        .cookie
        .clone()
        .expect("the browser keeps its device cookie")
        .trim_start_matches("__Host-iam_device=")
        .to_owned();
    let secret = value
        .split('.')
        .next()
        .expect("a split yields at least one part")
        .to_owned();
    assert!(secret.len() >= 40, "{value}");

    // Only a digest is stored.
    let stored: Vec<String> = app.with_conn(|conn| {
        use diesel::prelude::*;
        use iam_api::db::schema::familiar_devices;
        familiar_devices::table
            .select(familiar_devices::device_hash)
            .load(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    });
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(&secret) && !value.contains(&stored[0]));

    // Each sign-in renews the browser's secret; its row follows, and the
    // old value (say, one planted before the sign-in) is worth nothing.
    let before = owner
        .cookie
        .clone()
        .expect("the browser keeps its device cookie");
    let (token, again) = owner.sign_in(&app, &account.username, &email).await;
    assert!(again.starts_with("__Host-iam_device="), "{again}");
    assert_ne!(owner.cookie.as_deref(), Some(before.as_str()));
    let rows: i64 = app.with_conn(|conn| {
        use diesel::prelude::*;
        use iam_api::db::schema::familiar_devices;
        familiar_devices::table
            .count()
            .get_result(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    });
    assert_eq!(rows, 1);
    let stale = Device {
        client: reqwest::Client::new(),
        cookie: Some(before),
    };
    let who = ("DEV600", account.username.as_str());
    let _ = stale.attempt(&app, Door::ImmTrac2, who, WRONG, false).await;
    let failed = app.audit_events("signin_password_failed");
    assert_eq!(
        failed.last().map(|e| e.1["unknown_device"].clone()),
        Some(json!(true))
    );

    // Listed with the sessions, this browser marked.
    let (status, list, _) = owner
        .send(
            &app,
            reqwest::Method::GET,
            "/api/v1/sessions",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{list}");
    let devices = list["devices"]
        .as_array()
        .cloned()
        .expect("the sessions answer lists devices");
    assert_eq!(devices.len(), 1, "{list}");
    assert_eq!(devices[0]["current"], json!(true));
    let device_id = devices[0]["id"]
        .as_str()
        .expect("`id` in the answer")
        .to_owned();

    // A cookie whose MAC does not hold is an unknown device: its failures
    // walk the unknown-device ladder.
    let forged = Device {
        client: reqwest::Client::new(),
        cookie: Some(format!("__Host-iam_device={secret}.{}", "0".repeat(32))),
    };
    let _ = forged
        .attempt(&app, Door::ImmTrac2, who, WRONG, false)
        .await;
    let failed = app.audit_events("signin_password_failed");
    assert_eq!(
        failed.last().map(|e| e.1["unknown_device"].clone()),
        Some(json!(true))
    );
    let _ = owner.attempt(&app, Door::ImmTrac2, who, WRONG, false).await;
    let failed = app.audit_events("signin_password_failed");
    assert_eq!(
        failed.last().map(|e| e.1["unknown_device"].clone()),
        Some(json!(false))
    );

    // Forgotten: the same browser is unknown from now on.
    let path = format!("/api/v1/devices/{device_id}");
    let (status, _, _) = owner
        .send(&app, reqwest::Method::DELETE, &path, Some(&token), None)
        .await;
    assert_eq!(status, 204);
    let (status, body, _) = owner
        .send(&app, reqwest::Method::DELETE, &path, Some(&token), None)
        .await;
    assert_eq!((status, body["code"].clone()), (404, json!("not_found")));
    let _ = owner.attempt(&app, Door::ImmTrac2, who, WRONG, false).await;
    let failed = app.audit_events("signin_password_failed");
    assert_eq!(
        failed.last().map(|e| e.1["unknown_device"].clone()),
        Some(json!(true))
    );
    app.stop().await;
}
