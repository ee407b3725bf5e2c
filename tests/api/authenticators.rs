//! Authenticator apps (docs/authenticators.md): set up with a recent
//! sign-in and a first code, then a second factor at sign-in whose codes
//! work once and whose wrong codes walk the password's ladder; removed with
//! a recent sign-in; each change mailed to the owner. The codes are
//! computed here with a TOTP of the test's own (RFC 6238), not the server's.

use chrono::Duration;
use hmac::{Hmac, Mac};
use iam_shared::types::MembershipRole;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{
    create_member, create_org, send, sign_in, spawn_with_clock, step_path, unique_email, TestApp,
    PASSWORD,
};

/// RFC 4648 base32 without padding, as the apps read a typed key.
pub(crate) fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut value, mut out) = (0u32, 0u32, Vec::new());
    for c in text.trim_end_matches('=').bytes() {
        let index = ALPHABET
            .iter()
            .position(|a| *a == c.to_ascii_uppercase())
            .unwrap_or_else(|| panic!("not base32: {text}"));
        value = (value << 5) | u32::try_from(index).unwrap_or(0);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((value >> bits) & 0xff).unwrap_or(0));
        }
    }
    out
}

/// The 6-digit HMAC-SHA-1 TOTP of `secret` at `unix` (RFC 6238, 30 s).
pub(crate) fn totp(secret: &[u8], unix: i64) -> String {
    let counter = u64::try_from(unix / 30).unwrap_or(0);
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(secret).unwrap_or_else(|e| panic!("{e}"));
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[19] & 0x0f);
    let binary = (u32::from(hash[offset]) & 0x7f) << 24
        | u32::from(hash[offset + 1]) << 16
        | u32::from(hash[offset + 2]) << 8
        | u32::from(hash[offset + 3]);
    format!("{:06}", binary % 1_000_000)
}

#[test]
fn the_test_totp_matches_rfc_6238() {
    assert_eq!(totp(b"12345678901234567890", 59), "287082");
    assert_eq!(totp(b"12345678901234567890", 1_111_111_109), "081804");
    assert_eq!(base32_decode("GEZDGNBV"), b"12345");
}

/// A signed-in member with an authenticator app set up.
struct AppUser {
    token: String,
    user_id: String,
    username: String,
    email: String,
    /// The app's secret, decoded.
    secret: Vec<u8>,
}

async fn member_with_app(app: &TestApp, now: i64) -> AppUser {
    create_org(app, "TOTP01");
    let email = unique_email("totp");
    let account = create_member(app, &email, PASSWORD, "TOTP01", MembershipRole::User);
    let done = sign_in(app, &account.username, &email).await;
    let token = done["access_token"].as_str().unwrap_or_default().to_owned();
    let (status, setup) = send(
        app,
        Method::POST,
        "/api/v1/authenticators/totp",
        Some(&token),
        Some(&json!({"name": "Work phone"})),
    )
    .await;
    assert_eq!(status, 201, "{setup}");
    let secret = base32_decode(setup["secret"].as_str().unwrap_or_default());
    assert_eq!(secret.len(), 20, "160 bits");
    let uri = setup["otpauth_uri"].as_str().unwrap_or_default();
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(
        uri.contains(setup["secret"].as_str().unwrap_or("-")),
        "{uri}"
    );
    assert!(
        setup["qr_svg"]
            .as_str()
            .unwrap_or_default()
            .contains("<svg"),
        "{setup}"
    );
    let id = setup["id"].as_str().unwrap_or_default().to_owned();
    // Not listed until its first code is confirmed.
    let (_, listed) = send(
        app,
        Method::GET,
        "/api/v1/authenticators",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(listed["authenticators"], json!([]));
    let confirm = format!("/api/v1/authenticators/{id}/confirm");
    let wrong = if totp(&secret, now) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let (status, body) = send(
        app,
        Method::POST,
        &confirm,
        Some(&token),
        Some(&json!({"code": wrong})),
    )
    .await;
    // A field error, not 401 (which would read as "signed out").
    assert_eq!(
        (status, &body["field_errors"]["code"]),
        (422, &json!(["incorrect"])),
        "{body}"
    );
    let (status, view) = send(
        app,
        Method::POST,
        &confirm,
        Some(&token),
        Some(&json!({"code": totp(&secret, now)})),
    )
    .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["name"], "Work phone");
    assert_eq!(view["kind"], "totp");
    assert_eq!(view["phishing_resistant"], false);
    assert!(!view
        .to_string()
        .contains(setup["secret"].as_str().unwrap_or("-")));
    let added = app.newest_mail_to(&email, "security_method_added");
    assert_eq!(added.subject, "A security method was added to your account");
    assert!(
        added.text.contains("Report Suspicious Activity"),
        "{}",
        added.text
    );
    AppUser {
        token,
        user_id: account.user_id,
        username: account.username,
        email,
        secret,
    }
}

/// Sign in up to the second factor: the transaction id and the step's answer.
async fn to_second_factor(app: &TestApp, username: &str) -> (String, Value) {
    let tx = app.start_signin(username, false).await;
    let (status, body, _) = app.signin_password(&tx, PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    (tx, body)
}

async fn app_code(app: &TestApp, tx: &str, code: &str) -> (u16, Value) {
    send(
        app,
        Method::POST,
        &step_path(tx, "totp/verify"),
        None,
        Some(&json!({"code": code})),
    )
    .await
}

#[tokio::test]
async fn an_app_set_up_with_its_first_code_signs_in_with_codes_that_work_once() {
    let (app, _db, clock) = spawn_with_clock(|_| {}).await;
    let now = || chrono::Utc::now().timestamp();
    // Codes are computed from the set-up's time, not read again from the
    // clock: a 30-second boundary passing mid-test must not change them.
    let set_up_at = now() + clock_offset(&clock);
    let AppUser {
        username, secret, ..
    } = member_with_app(&app, set_up_at).await;

    // The step after the password offers the app beside the e-mail code.
    let (tx, body) = to_second_factor(&app, &username).await;
    assert_eq!(body["next_step"], "email_code");
    assert_eq!(body["methods"], json!(["email", "totp"]), "{body}");
    // The code that confirmed the set-up is spent; so is one two steps old.
    let at = set_up_at;
    let (status, refused) = app_code(&app, &tx, &totp(&secret, at)).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (401, Some("invalid_code")),
        "{refused}"
    );
    assert!(
        refused["attempts_remaining"].as_u64().is_some(),
        "{refused}"
    );
    let (status, _) = app_code(&app, &tx, &totp(&secret, at - 60)).await;
    assert_eq!(status, 401, "two steps ago is too old");
    // The next step's code works, once.
    clock.advance(Duration::seconds(30));
    let at = set_up_at + 30;
    let (status, next) = app_code(&app, &tx, &totp(&secret, at)).await;
    assert_eq!(
        (status, next["next_step"].as_str()),
        (200, Some("confidentiality")),
        "{next}"
    );
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200, "{done}");
    // Password and an app: multi-factor (RFC 8176); with the e-mail code
    // the session says `otp` without `mfa`.
    let amrs: Vec<String> = app.with_conn(|conn| {
        use diesel::prelude::*;
        use iam_api::db::schema::{sessions, users};
        sessions::table
            .inner_join(users::table)
            .filter(users::username.eq(&username))
            .order(sessions::created_at.asc())
            .select(sessions::amr)
            .load(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    });
    assert_eq!(amrs, ["pwd otp", "pwd otp mfa"]);
    // An application that demands multi-factor gets it, and the ID token
    // says so.
    let portal_token = done["access_token"].as_str().unwrap_or_default();
    crate::helpers::sign_aua(&app, portal_token).await;
    crate::oidc::register(&app, "vaos", |_| {});
    let pkce = crate::oidc::pkce();
    let handle = crate::oidc::accepted(
        &app,
        "vaos",
        &pkce,
        &[("acr_values", "urn:iamonline:acr:mfa")],
    )
    .await;
    let (_, next) = crate::oidc::continue_with(&app, &handle, Some(portal_token)).await;
    let location = next["location"].as_str().unwrap_or_default();
    let code = crate::oidc::param(location, "code").unwrap_or_else(|| panic!("{next}"));
    let (status, tokens, _) = crate::oidc::exchange(&app, "vaos", &code, &pkce.verifier).await;
    assert_eq!(status, 200, "{tokens}");
    let claims = crate::oidc::verified_id_token(
        &app,
        tokens["id_token"].as_str().unwrap_or_default(),
        "vaos",
    )
    .await;
    assert_eq!(claims["acr"], "urn:iamonline:acr:mfa", "{claims}");
    assert_eq!(claims["amr"], json!(["pwd", "otp", "mfa"]), "{claims}");
    let (tx2, _) = to_second_factor(&app, &username).await;
    let (status, replay) = app_code(&app, &tx2, &totp(&secret, at)).await;
    assert_eq!(
        (status, replay["code"].as_str()),
        (401, Some("invalid_code")),
        "{replay}"
    );
    assert_eq!(app.audit_events("signin_app_code_verified").len(), 1);

    // A user without an app is not offered one, and cannot use the step.
    let email = unique_email("plain");
    let plain = create_member(&app, &email, PASSWORD, "TOTP01", MembershipRole::User);
    let (tx, body) = to_second_factor(&app, &plain.username).await;
    assert_eq!(body["methods"], json!(["email"]), "{body}");
    let (status, body) = app_code(&app, &tx, "123456").await;
    assert_eq!(status, 409, "{body}");
    // Before the password, the app is not a way in.
    let tx = app.start_signin(&username, false).await;
    let (status, body) = app_code(&app, &tx, &totp(&secret, at + 30)).await;
    assert_eq!(
        (status, body["next_step"].as_str()),
        (409, Some("choose_method")),
        "{body}"
    );
    app.stop().await;
}

fn clock_offset(clock: &iam_api::clock::OffsetClock) -> i64 {
    use iam_api::clock::Clock as _;
    clock.now().timestamp() - chrono::Utc::now().timestamp()
}

#[tokio::test]
async fn wrong_app_codes_lock_the_account_and_the_password_does_not_reset_their_count() {
    let (app, _db, clock) = spawn_with_clock(|_| {}).await;
    let at = chrono::Utc::now().timestamp() + clock_offset(&clock);
    let AppUser {
        user_id,
        username,
        email,
        secret,
        ..
    } = member_with_app(&app, at).await;
    let wrong = |n: i64| {
        let candidate = format!("{:06}", 100_000 + n);
        // Never one of the codes the server would take.
        if (-2..=2).any(|k| totp(&secret, at + 30 * k) == candidate) {
            format!("{:06}", 200_000 + n)
        } else {
            candidate
        }
    };
    // Two wrong codes per sign-in, the password right each time: the count
    // goes on across sign-ins.
    let mut remaining = Vec::new();
    let mut last = (0, Value::Null);
    'sign_ins: for round in 0..5 {
        let (tx, _) = to_second_factor(&app, &username).await;
        for n in 0..2 {
            last = app_code(&app, &tx, &wrong(round * 2 + n)).await;
            if last.0 != 401 {
                break 'sign_ins;
            }
            remaining.push(last.1["attempts_remaining"].as_u64().unwrap_or(99));
        }
    }
    assert_eq!(remaining, [4, 3, 2, 1], "one count across sign-ins");
    assert_eq!(
        (last.0, last.1["code"].as_str()),
        (403, Some("account_locked")),
        "{}",
        last.1
    );
    assert_eq!(app.user_status(&user_id), "locked");
    let lock = app.newest_mail_to(&email, "account_locked");
    assert!(lock.text.contains("reset"), "{}", lock.text);
    assert_eq!(app.audit_events("signin_app_code_failed").len(), 5);
    app.stop().await;
}

#[tokio::test]
async fn setting_up_and_removing_need_a_recent_sign_in_and_the_owner_hears_of_removal() {
    let (app, _db, clock) = spawn_with_clock(|_| {}).await;
    let at = chrono::Utc::now().timestamp() + clock_offset(&clock);
    let AppUser {
        token,
        username,
        email,
        secret,
        ..
    } = member_with_app(&app, at).await;
    let (_, listed) = send(
        &app,
        Method::GET,
        "/api/v1/authenticators",
        Some(&token),
        None,
    )
    .await;
    let id = listed["authenticators"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let path = format!("/api/v1/authenticators/{id}");

    let (status, renamed) = send(
        &app,
        Method::PATCH,
        &path,
        Some(&token),
        Some(&json!({"name": "Old phone"})),
    )
    .await;
    assert_eq!(
        (status, renamed["name"].as_str()),
        (200, Some("Old phone")),
        "{renamed}"
    );
    let (status, _) = send(
        &app,
        Method::PATCH,
        &path,
        Some(&token),
        Some(&json!({"name": " "})),
    )
    .await;
    assert_eq!(status, 422);

    // Another user's id is not found, and not touched.
    create_org(&app, "TOTP02");
    let other_email = unique_email("other");
    let other = create_member(&app, &other_email, PASSWORD, "TOTP02", MembershipRole::User);
    let other_done = sign_in(&app, &other.username, &other_email).await;
    let other_token = other_done["access_token"].as_str().unwrap_or_default();
    let (status, _) = send(&app, Method::DELETE, &path, Some(other_token), None).await;
    assert_eq!(status, 404);

    // Six minutes on, the sign-in is no longer recent, and typing the
    // password again is not enough: a stolen token and the password must
    // not plant or remove a second factor.
    clock.advance(Duration::minutes(6));
    let (status, body) = send(&app, Method::DELETE, &path, Some(&token), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("reauthentication_required")),
        "{body}"
    );
    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/authenticators/totp",
        Some(&token),
        Some(&json!({"name": "Planted"})),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("reauthentication_required")),
        "{body}"
    );
    let (status, again) = send(
        &app,
        Method::POST,
        "/api/v1/session/reauthenticate",
        Some(&token),
        Some(&json!({"password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 200, "{again}");
    let rechecked = again["access_token"].as_str().unwrap_or_default();
    let (status, body) = send(&app, Method::DELETE, &path, Some(rechecked), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("reauthentication_required")),
        "{body}"
    );
    // A whole new sign-in is, if it used the app: with the e-mail code
    // alone, whoever holds the mailbox and the password could take the
    // app away (or plant another).
    let done = sign_in(&app, &username, &email).await;
    let by_mail = done["access_token"].as_str().unwrap_or_default();
    let (status, body) = send(&app, Method::DELETE, &path, Some(by_mail), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("reauthentication_required")),
        "{body}"
    );
    let (tx, _) = to_second_factor(&app, &username).await;
    let now = chrono::Utc::now().timestamp() + clock_offset(&clock);
    let (status, next) = app_code(&app, &tx, &totp(&secret, now + 30)).await;
    assert_eq!(status, 200, "{next}");
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200, "{done}");
    let fresh = done["access_token"].as_str().unwrap_or_default();
    let (status, _) = send(&app, Method::DELETE, &path, Some(fresh), None).await;
    assert_eq!(status, 204);
    let (_, listed) = send(
        &app,
        Method::GET,
        "/api/v1/authenticators",
        Some(fresh),
        None,
    )
    .await;
    assert_eq!(listed["authenticators"], json!([]));
    let removed = app.newest_mail_to(&email, "security_method_removed");
    assert_eq!(
        removed.subject,
        "A security method was removed from your account"
    );
    assert_eq!(app.audit_events("authenticator_removed").len(), 1);
    // With the app gone, the sign-in offers the e-mail code alone.
    app.stop().await;
}

#[tokio::test]
async fn support_sees_the_methods_and_resets_them_for_an_owner_who_lost_the_phone() {
    let (app, _db, clock) = spawn_with_clock(|_| {}).await;
    let at = chrono::Utc::now().timestamp() + clock_offset(&clock);
    let AppUser {
        user_id,
        username,
        email,
        ..
    } = member_with_app(&app, at).await;
    let (support, _) = app.signed_in_as("TOTP01", MembershipRole::Support).await;
    let path = format!("/api/v1/admin/users/{user_id}");
    let (status, detail) = send(&app, Method::GET, &path, Some(&support), None).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(
        detail["authenticators"][0]["name"], "Work phone",
        "{detail}"
    );
    assert!(
        !detail.to_string().contains("secret"),
        "never a secret: {detail}"
    );
    assert_eq!(detail["sessions"][0]["amr"], "pwd otp", "{detail}");

    let reset = format!("{path}/reset-authenticators");
    let (status, after) = send(&app, Method::POST, &reset, Some(&support), None).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["authenticators"], json!([]));
    let removed = app.newest_mail_to(&email, "security_method_removed");
    assert!(removed.text.contains("Work phone"), "{}", removed.text);
    assert_eq!(app.audit_events("admin_authenticators_reset").len(), 1);
    let (_, body) = to_second_factor(&app, &username).await;
    assert_eq!(body["methods"], json!(["email"]), "{body}");
    let (status, body) = send(&app, Method::POST, &reset, Some(&support), None).await;
    assert_eq!(status, 409, "{body}");
    app.stop().await;
}

#[tokio::test]
async fn an_organization_that_requires_an_app_has_it_set_up_at_sign_in_and_used_from_then_on() {
    let (app, _db, clock) =
        spawn_with_clock(|s| s.authenticator_policy_organizations = "TOTP09=mfa".into()).await;
    create_org(&app, "TOTP09");
    let email = unique_email("mfa-org");
    let member = create_member(&app, &email, PASSWORD, "TOTP09", MembershipRole::User);

    // The e-mail code first, then "Set up required": an app (a passkey
    // too where the server can offer one; not on 127.0.0.1).
    let tx = app.start_signin(&member.username, false).await;
    let (status, body, _) = app.signin_password(&tx, PASSWORD).await;
    assert_eq!(
        (status, &body["methods"]),
        (200, &json!(["email"])),
        "{body}"
    );
    let (status, _, _) = app.send_signin_code(&tx).await;
    assert_eq!(status, 200);
    let code = crate::helpers::code_sent_to(&app, &email);
    let (status, body, _) = app.verify_signin_code(&tx, &code).await;
    assert_eq!(
        (status, &body["next_step"], &body["methods"]),
        (200, &json!("setup_required"), &json!(["totp"])),
        "{body}"
    );
    let (status, setup) = send(
        &app,
        Method::POST,
        &step_path(&tx, "totp/setup"),
        None,
        Some(&json!({"name": "Work phone"})),
    )
    .await;
    assert_eq!(status, 201, "{setup}");
    let secret = base32_decode(setup["secret"].as_str().unwrap_or_default());
    let confirm = step_path(
        &tx,
        &format!(
            "totp/setup/{}/confirm",
            setup["id"].as_str().unwrap_or_default()
        ),
    );
    let now = || chrono::Utc::now().timestamp() + clock_offset(&clock);
    let wrong = if totp(&secret, now()) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let (status, body) = send(
        &app,
        Method::POST,
        &confirm,
        None,
        Some(&json!({"code": wrong})),
    )
    .await;
    assert_eq!(
        (status, &body["field_errors"]["code"]),
        (422, &json!(["incorrect"])),
        "{body}"
    );
    let (status, next) = send(
        &app,
        Method::POST,
        &confirm,
        None,
        Some(&json!({"code": totp(&secret, now())})),
    )
    .await;
    assert_eq!(
        (status, next["next_step"].as_str()),
        (200, Some("confidentiality")),
        "{next}"
    );
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200, "{done}");
    let claims = crate::helpers::token_claims(done["access_token"].as_str().unwrap_or_default());
    assert_eq!(claims["amr"], json!(["pwd", "otp", "mfa"]), "{claims}");

    // From then on: the app, not the e-mail code.
    let (tx, body) = to_second_factor(&app, &member.username).await;
    assert_eq!(body["methods"], json!(["totp"]), "{body}");
    let (status, refused, _) = app.send_signin_code(&tx).await;
    assert_eq!(status, 409, "{refused}");
    let (status, next) = app_code(&app, &tx, &totp(&secret, now() + 30)).await;
    assert_eq!(
        (status, next["next_step"].as_str()),
        (200, Some("confidentiality")),
        "{next}"
    );
    app.stop().await;
}
