//! Passkeys (docs/authenticators.md) against a software authenticator of
//! the test's own: a P-256 key, `none` attestation, CBOR written by hand
//! (WebAuthn Level 2 §6.1, §6.5; COSE, RFC 9053), independent of the
//! server's library. Added with a recent sign-in; used after the password
//! and without a username; a cloned key (a sign counter going back), a
//! replayed answer, another account's passkey and a wrong origin refused.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use iam_shared::types::MembershipRole;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{
    create_member, create_org, send, sign_in, spawn_with_clock, step_path, unique_email, TestApp,
    PASSWORD,
};

pub(crate) const ORIGIN: &str = "http://localhost:8080";

/// CBOR (RFC 8949), the few major types an attestation object needs.
fn cbor_head(major: u8, n: u64, out: &mut Vec<u8>) {
    let major = major << 5;
    match n {
        0..=23 => out.push(major | u8::try_from(n).unwrap_or(0)),
        24..=0xff => out.extend([major | 24, u8::try_from(n).unwrap_or(0)]),
        _ => {
            out.push(major | 25);
            out.extend(u16::try_from(n).unwrap_or(0).to_be_bytes());
        }
    }
}

fn cbor_int(n: i64, out: &mut Vec<u8>) {
    if n >= 0 {
        cbor_head(0, n.unsigned_abs(), out);
    } else {
        cbor_head(1, (-1 - n).unsigned_abs(), out);
    }
}

fn cbor_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    cbor_head(2, bytes.len() as u64, out);
    out.extend(bytes);
}

fn cbor_text(text: &str, out: &mut Vec<u8>) {
    cbor_head(3, text.len() as u64, out);
    out.extend(text.as_bytes());
}

/// A passkey on a software authenticator.
pub(crate) struct SoftPasskey {
    key: SigningKey,
    credential_id: Vec<u8>,
    user_handle: Vec<u8>,
    pub(crate) counter: u32,
}

/// authenticatorData: the RP id's hash, flags (UP, UV, and AT when
/// attested data follows), the sign counter.
fn authenticator_data(rp_id: &str, flags: u8, counter: u32) -> Vec<u8> {
    let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
    data.push(flags);
    data.extend(counter.to_be_bytes());
    data
}

fn client_data(kind: &str, challenge: &str, origin: &str) -> Vec<u8> {
    json!({"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": false})
        .to_string()
        .into_bytes()
}

impl SoftPasskey {
    /// `navigator.credentials.create()` for `options` (the server's JSON).
    pub(crate) fn create(options: &Value) -> (Self, Value) {
        let public_key = &options["publicKey"];
        let rp_id = public_key["rp"]["id"].as_str().unwrap_or_default();
        let user_handle = B64
            .decode(public_key["user"]["id"].as_str().unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
        let seed = [
            uuid::Uuid::new_v4().into_bytes(),
            uuid::Uuid::new_v4().into_bytes(),
        ]
        .concat();
        let key = SigningKey::from_slice(&Sha256::digest(seed)).unwrap_or_else(|e| panic!("{e}"));
        let credential_id: Vec<u8> = Sha256::digest(key.to_bytes()).to_vec();
        let point = key.verifying_key().to_encoded_point(false);
        let mut cose = Vec::new();
        cbor_head(5, 5, &mut cose);
        for (label, value) in [(1, 2), (3, -7), (-1, 1)] {
            cbor_int(label, &mut cose);
            cbor_int(value, &mut cose);
        }
        cbor_int(-2, &mut cose);
        cbor_bytes(point.x().map(|x| &x[..]).unwrap_or_default(), &mut cose);
        cbor_int(-3, &mut cose);
        cbor_bytes(point.y().map(|y| &y[..]).unwrap_or_default(), &mut cose);
        // UP | UV | AT; counter 0 (as synced passkeys do).
        let mut auth_data = authenticator_data(rp_id, 0x01 | 0x04 | 0x40, 0);
        auth_data.extend([0u8; 16]);
        auth_data.extend(
            u16::try_from(credential_id.len())
                .unwrap_or(0)
                .to_be_bytes(),
        );
        auth_data.extend(&credential_id);
        auth_data.extend(cose);
        let mut attestation = Vec::new();
        cbor_head(5, 3, &mut attestation);
        cbor_text("fmt", &mut attestation);
        cbor_text("none", &mut attestation);
        cbor_text("attStmt", &mut attestation);
        cbor_head(5, 0, &mut attestation);
        cbor_text("authData", &mut attestation);
        cbor_bytes(&auth_data, &mut attestation);
        let challenge = public_key["challenge"].as_str().unwrap_or_default();
        let id = B64.encode(&credential_id);
        let credential = json!({
            "id": id, "rawId": id, "type": "public-key",
            "response": {
                "attestationObject": B64.encode(attestation),
                "clientDataJSON": B64.encode(client_data("webauthn.create", challenge, ORIGIN)),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
        });
        let passkey = Self {
            key,
            credential_id,
            user_handle,
            counter: 0,
        };
        (passkey, credential)
    }

    /// `navigator.credentials.get()` for `options`, from `origin`.
    pub(crate) fn get(&self, options: &Value, origin: &str) -> Value {
        let public_key = &options["publicKey"];
        let rp_id = public_key["rpId"].as_str().unwrap_or_default();
        let challenge = public_key["challenge"].as_str().unwrap_or_default();
        let auth_data = authenticator_data(rp_id, 0x01 | 0x04, self.counter);
        let client = client_data("webauthn.get", challenge, origin);
        let mut signed = auth_data.clone();
        signed.extend(Sha256::digest(&client));
        let signature: Signature = self.key.sign(&signed);
        let id = B64.encode(&self.credential_id);
        json!({
            "id": id, "rawId": id, "type": "public-key",
            "response": {
                "authenticatorData": B64.encode(auth_data),
                "clientDataJSON": B64.encode(client),
                "signature": B64.encode(signature.to_der().as_bytes()),
                "userHandle": B64.encode(&self.user_handle),
            },
            "clientExtensionResults": {},
        })
    }
}

async fn post(app: &TestApp, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
    send(app, Method::POST, path, token, Some(body)).await
}

/// A signed-in member and their passkey, added through the API.
async fn member_with_passkey(app: &TestApp) -> (String, String, SoftPasskey) {
    create_org(app, "PASS01");
    let email = unique_email("passkey");
    let account = create_member(app, &email, PASSWORD, "PASS01", MembershipRole::User);
    let done = sign_in(app, &account.username, &email).await;
    let token = done["access_token"].as_str().unwrap_or_default().to_owned();
    let (status, ceremony) = post(
        app,
        "/api/v1/authenticators/passkey",
        Some(&token),
        &json!({}),
    )
    .await;
    assert_eq!(status, 201, "{ceremony}");
    let options = &ceremony["options"];
    assert_eq!(options["publicKey"]["rp"]["id"], "localhost", "{options}");
    let selection = &options["publicKey"]["authenticatorSelection"];
    assert_eq!(selection["residentKey"], "required", "{options}");
    assert_eq!(selection["userVerification"], "required", "{options}");
    let (passkey, credential) = SoftPasskey::create(options);
    let confirm = format!(
        "/api/v1/authenticators/passkey/{}/confirm",
        ceremony["id"].as_str().unwrap_or_default()
    );
    let body = json!({"name": "This laptop", "credential": credential});
    let (status, view) = post(app, &confirm, Some(&token), &body).await;
    assert_eq!(status, 201, "{view}");
    assert_eq!(
        (&view["kind"], &view["phishing_resistant"], &view["name"]),
        (&json!("passkey"), &json!(true), &json!("This laptop"))
    );
    // A ceremony answers once.
    let (status, replay) = post(app, &confirm, Some(&token), &body).await;
    assert_eq!(
        (status, replay["code"].as_str()),
        (410, Some("token_expired")),
        "{replay}"
    );
    let added = app.newest_mail_to(&email, "security_method_added");
    assert!(added.text.contains("This laptop"), "{}", added.text);
    (account.username, token, passkey)
}

fn amrs_of(app: &TestApp, username: &str) -> Vec<String> {
    app.with_conn(|conn| {
        use diesel::prelude::*;
        use iam_api::db::schema::{sessions, users};
        sessions::table
            .inner_join(users::table)
            .filter(users::username.eq(username))
            .order(sessions::created_at.asc())
            .select(sessions::amr)
            .load(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

#[tokio::test]
async fn a_passkey_signs_in_after_the_password_or_without_a_username_and_a_clone_is_refused() {
    let (app, _db, clock) = spawn_with_clock(|s| s.public_url = ORIGIN.into()).await;
    let (username, _, mut passkey) = member_with_passkey(&app).await;

    // After the password, the passkey is offered beside the e-mail code.
    let tx = app.start_signin(&username, false).await;
    let (status, body, _) = app.signin_password(&tx, PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["methods"], json!(["email", "passkey"]), "{body}");
    let (status, ceremony) = post(&app, &step_path(&tx, "passkey/options"), None, &json!({})).await;
    assert_eq!(status, 200, "{ceremony}");
    let allowed = &ceremony["options"]["publicKey"]["allowCredentials"];
    assert_eq!(
        allowed[0]["id"],
        B64.encode(&passkey.credential_id),
        "{ceremony}"
    );
    // An answer signed for another origin (a look-alike site) is refused,
    // and spends the challenge.
    let phished = passkey.get(&ceremony["options"], "http://localhost.evil.example");
    let verify = step_path(&tx, "passkey/verify");
    let (status, refused) = post(&app, &verify, None, &json!({"credential": phished})).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (401, Some("invalid_credentials")),
        "{refused}"
    );
    let answer = passkey.get(&ceremony["options"], ORIGIN);
    let (status, spent) = post(&app, &verify, None, &json!({"credential": answer})).await;
    assert_eq!(
        (status, spent["code"].as_str()),
        (410, Some("token_expired")),
        "{spent}"
    );
    // A challenge lives five minutes.
    let (_, ceremony) = post(&app, &step_path(&tx, "passkey/options"), None, &json!({})).await;
    clock.advance(chrono::Duration::minutes(5) + chrono::Duration::seconds(1));
    let late = passkey.get(&ceremony["options"], ORIGIN);
    let (status, expired) = post(&app, &verify, None, &json!({"credential": late})).await;
    assert_eq!(
        (status, expired["code"].as_str()),
        (410, Some("token_expired")),
        "{expired}"
    );
    let tx = app.start_signin(&username, false).await;
    let (status, body, _) = app.signin_password(&tx, PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    let verify = step_path(&tx, "passkey/verify");
    let (_, ceremony) = post(&app, &step_path(&tx, "passkey/options"), None, &json!({})).await;
    passkey.counter = 1;
    let answer = passkey.get(&ceremony["options"], ORIGIN);
    let (status, next) = post(&app, &verify, None, &json!({"credential": answer})).await;
    assert_eq!(
        (status, next["next_step"].as_str()),
        (200, Some("confidentiality")),
        "{next}"
    );
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200, "{done}");

    // Without a username: the passkey names the account.
    let (status, ceremony) = post(&app, "/api/v1/signin/passkey/options", None, &json!({})).await;
    assert_eq!(status, 200, "{ceremony}");
    assert_eq!(
        ceremony["options"]["publicKey"]["allowCredentials"],
        json!([]),
        "{ceremony}"
    );
    passkey.counter = 2;
    let answer = passkey.get(&ceremony["options"], ORIGIN);
    let request =
        json!({"ceremony_id": ceremony["id"], "credential": answer, "keep_signed_in": false});
    let (status, next) = post(&app, "/api/v1/signin/passkey/verify", None, &request).await;
    assert_eq!(
        (status, next["next_step"].as_str()),
        (200, Some("confidentiality")),
        "{next}"
    );
    let (status, done, _) = app
        .agree(next["transaction_id"].as_str().unwrap_or_default())
        .await;
    assert_eq!(status, 200, "{done}");
    // The portal's access token says how (RFC 8176).
    let claims = crate::helpers::token_claims(done["access_token"].as_str().unwrap_or_default());
    assert_eq!(claims["amr"], json!(["hwk", "user", "mfa"]), "{claims}");
    // The same answer again: the ceremony is spent.
    let (status, replay) = post(&app, "/api/v1/signin/passkey/verify", None, &request).await;
    assert_eq!(
        (status, replay["code"].as_str()),
        (410, Some("token_expired")),
        "{replay}"
    );

    // A copy of the key whose counter goes back (a clone) is refused.
    let (_, ceremony) = post(&app, "/api/v1/signin/passkey/options", None, &json!({})).await;
    passkey.counter = 1;
    let answer = passkey.get(&ceremony["options"], ORIGIN);
    let request = json!({"ceremony_id": ceremony["id"], "credential": answer});
    let (status, refused) = post(&app, "/api/v1/signin/passkey/verify", None, &request).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (401, Some("invalid_credentials")),
        "{refused}"
    );
    // ...and flagged in the owner's audit trail, naming the passkey.
    let flagged = app.audit_events("passkey_clone_suspected");
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert!(flagged[0].1["authenticator_id"].is_string(), "{flagged:?}");

    // A passkey nobody registered, even naming this account's handle, is
    // refused the same way.
    let (_, options) = post(
        &app,
        "/api/v1/authenticators/passkey",
        Some(&sign_in_fresh(&app).await),
        &json!({}),
    )
    .await;
    let (stranger, _) = SoftPasskey::create(&options["options"]);
    let (_, ceremony) = post(&app, "/api/v1/signin/passkey/options", None, &json!({})).await;
    let mut impostor = SoftPasskey {
        user_handle: passkey.user_handle.clone(),
        ..stranger
    };
    impostor.counter = 5;
    let answer = impostor.get(&ceremony["options"], ORIGIN);
    let request = json!({"ceremony_id": ceremony["id"], "credential": answer});
    let (status, refused) = post(&app, "/api/v1/signin/passkey/verify", None, &request).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (401, Some("invalid_credentials")),
        "{refused}"
    );
    // Not a credential at all: a field error, never a 500.
    let (_, ceremony) = post(&app, "/api/v1/signin/passkey/options", None, &json!({})).await;
    let request = json!({"ceremony_id": ceremony["id"], "credential": {"id": 1}});
    let (status, bad) = post(&app, "/api/v1/signin/passkey/verify", None, &request).await;
    assert_eq!(
        (status, bad["code"].as_str()),
        (422, Some("validation_failed")),
        "{bad}"
    );

    // Password then passkey, and the passkey alone: phishing-resistant
    // multi-factor; the counter is kept (device-bound: `hwk`).
    assert_eq!(
        amrs_of(&app, &username)[1..],
        ["pwd hwk user mfa", "hwk user mfa"]
    );
    assert_eq!(app.audit_events("signin_passkey_verified").len(), 2);
    app.stop().await;
}

/// A fresh member's access token (a whole sign-in just now).
async fn sign_in_fresh(app: &TestApp) -> String {
    let email = unique_email("other");
    let account = create_member(app, &email, PASSWORD, "PASS01", MembershipRole::User);
    let done = sign_in(app, &account.username, &email).await;
    done["access_token"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn passkeys_are_off_when_the_public_url_is_an_ip_address() {
    // WebAuthn refuses IP addresses as relying-party ids.
    let (app, _db, _) = spawn_with_clock(|_| {}).await;
    let (status, body) = post(&app, "/api/v1/signin/passkey/options", None, &json!({})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("conflict")),
        "{body}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_session_without_the_passkey_cannot_add_another_and_a_report_removes_it() {
    let (app, _db, _) = spawn_with_clock(|s| s.public_url = ORIGIN.into()).await;
    let (_, token, passkey) = member_with_passkey(&app).await;
    // The session that added it signed in with the e-mail code: it may not
    // plant a second method now that the account has one.
    let (status, body) = post(
        &app,
        "/api/v1/authenticators/totp",
        Some(&token),
        &json!({"name": "Planted"}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("reauthentication_required")),
        "{body}"
    );
    let (status, _) = post(
        &app,
        "/api/v1/authenticators/passkey",
        Some(&token),
        &json!({}),
    )
    .await;
    assert_eq!(status, 403);

    // The owner did not add it: the mail's Report Suspicious Activity link
    // takes it away with the sessions, and it opens nothing afterwards.
    let added = app.newest_mail("security_method_added");
    let report = crate::helpers::link_token(&added.text);
    let (status, body) = post(
        &app,
        "/api/v1/password/report-suspicious",
        None,
        &json!({"token": report}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, ceremony) = post(&app, "/api/v1/signin/passkey/options", None, &json!({})).await;
    let answer = passkey.get(&ceremony["options"], ORIGIN);
    let request = json!({"ceremony_id": ceremony["id"], "credential": answer});
    let (status, refused) = post(&app, "/api/v1/signin/passkey/verify", None, &request).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (401, Some("invalid_credentials")),
        "{refused}"
    );
    app.stop().await;
}

#[tokio::test]
async fn staff_set_up_a_passkey_after_the_email_code_and_from_then_on_must_use_it() {
    let (app, _db, _) = spawn_with_clock(|s| {
        s.public_url = ORIGIN.into();
        // The default policy: staff need a phishing-resistant method.
        s.authenticator_policy_roles =
            iam_api::config::Settings::default().authenticator_policy_roles;
    })
    .await;
    create_org(&app, "PASS03");
    let email = unique_email("staff");
    let staff = create_member(&app, &email, PASSWORD, "PASS03", MembershipRole::Support);

    // Nothing set up yet: the e-mail code proves the address, then the
    // passkey is set up before the statement, which cannot be skipped.
    let tx = app.start_signin(&staff.username, false).await;
    let (status, body, _) = app.signin_password(&tx, PASSWORD).await;
    assert_eq!(
        (status, &body["methods"]),
        (200, &json!(["email"])),
        "{body}"
    );
    let (status, sent, _) = app.send_signin_code(&tx).await;
    assert_eq!(status, 200, "{sent}");
    let code = crate::helpers::code_sent_to(&app, &email);
    let (status, body, _) = app.verify_signin_code(&tx, &code).await;
    assert_eq!(
        (status, &body["next_step"], &body["methods"]),
        (200, &json!("setup_required"), &json!(["passkey"])),
        "{body}"
    );
    let (status, refused, _) = app.agree(&tx).await;
    assert_eq!(
        (status, refused["next_step"].as_str()),
        (409, Some("setup_required")),
        "{refused}"
    );
    let (status, ceremony) = post(&app, &step_path(&tx, "passkey/setup"), None, &json!({})).await;
    assert_eq!(status, 200, "{ceremony}");
    let (mut passkey, credential) = SoftPasskey::create(&ceremony["options"]);
    let (status, next) = post(
        &app,
        &step_path(&tx, "passkey/setup/verify"),
        None,
        &json!({"name": "Office key", "credential": credential}),
    )
    .await;
    assert_eq!(
        (status, next["next_step"].as_str()),
        (200, Some("confidentiality")),
        "{next}"
    );
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200, "{done}");
    assert!(app
        .newest_mail_to(&email, "security_method_added")
        .text
        .contains("Office key"));

    // From then on the e-mail code is neither offered nor taken.
    let tx = app.start_signin(&staff.username, false).await;
    let (status, body, _) = app.signin_password(&tx, PASSWORD).await;
    assert_eq!(
        (status, &body["methods"]),
        (200, &json!(["passkey"])),
        "{body}"
    );
    let (status, refused, _) = app.send_signin_code(&tx).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (409, Some("conflict")),
        "{refused}"
    );
    let (status, refused, _) = app.verify_signin_code(&tx, "123456").await;
    assert_eq!(status, 409, "{refused}");
    let (_, ceremony) = post(&app, &step_path(&tx, "passkey/options"), None, &json!({})).await;
    passkey.counter = 1;
    let answer = passkey.get(&ceremony["options"], ORIGIN);
    let (status, next) = post(
        &app,
        &step_path(&tx, "passkey/verify"),
        None,
        &json!({"credential": answer}),
    )
    .await;
    assert_eq!(
        (status, next["next_step"].as_str()),
        (200, Some("confidentiality")),
        "{next}"
    );
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200, "{done}");
    let token = done["access_token"].as_str().unwrap_or_default();

    // The only passkey cannot go: the policy would be unmet.
    let (_, listed) = send(
        &app,
        Method::GET,
        "/api/v1/authenticators",
        Some(token),
        None,
    )
    .await;
    let id = listed["authenticators"][0]["id"]
        .as_str()
        .unwrap_or_default();
    let path = format!("/api/v1/authenticators/{id}");
    let (status, refused) = send(&app, Method::DELETE, &path, Some(token), None).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (409, Some("conflict")),
        "{refused}"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_activation_offers_a_passkey_whose_set_up_is_not_the_sign_ins_factor() {
    let (app, _db, _) = spawn_with_clock(|s| s.public_url = ORIGIN.into()).await;
    create_org(&app, "PASS04");
    let email = unique_email("optional");
    crate::helpers::create_account(&app, "Ada", "Brooks", &email, Some("PASS04"));
    let done = crate::activation::activate(&app, &email).await;
    assert_eq!(
        (&done["next_step"], &done["setup_optional"]),
        (&json!("confidentiality"), &json!(["passkey", "totp"])),
        "{done}"
    );
    let tx = done["transaction_id"].as_str().unwrap_or_default();
    let (status, ceremony) = post(&app, &step_path(tx, "passkey/setup"), None, &json!({})).await;
    assert_eq!(status, 200, "{ceremony}");
    let (_, credential) = SoftPasskey::create(&ceremony["options"]);
    let (status, next) = post(
        &app,
        &step_path(tx, "passkey/setup/verify"),
        None,
        &json!({"name": "This laptop", "credential": credential}),
    )
    .await;
    assert_eq!(
        (
            status,
            next["next_step"].as_str(),
            next.get("setup_optional")
        ),
        (200, Some("confidentiality"), None),
        "{next}"
    );
    // Made just now, it proves nothing about the account: the sign-in's
    // factors stay the password and the e-mail.
    assert!(app.audit_events("signin_passkey_verified").is_empty());
    let (status, session, _) = app.agree(tx).await;
    assert_eq!(status, 200, "{session}");
    let claims = crate::helpers::token_claims(session["access_token"].as_str().unwrap_or_default());
    assert!(!claims["amr"].to_string().contains("hwk"), "{claims}");
    app.stop().await;
}
