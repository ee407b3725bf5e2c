//! Requests for accounts (docs/product.md §7): a POC's access request through
//! support's approval to the Welcome e-mail (real SMTP, maildev), POC
//! scoping, rejections, and the two public forms.

use std::time::Duration;

use iam_shared::types::MembershipRole;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{create_org, test_settings, MailDev, TestApp, TestDatabase};
use crate::helpers::{link_token, send, unique_email};

#[tokio::test]
async fn a_pocs_request_approved_by_support_creates_the_account_and_sends_the_welcome_email() {
    let (maildev, smtp_port) = MailDev::start_on_free_port().await;
    let db = TestDatabase::new();
    let app = TestApp::start(test_settings(&db, smtp_port)).await;
    create_org(&app, "LIFE10");
    let (poc, _) = app.signed_in_as("LIFE10", MembershipRole::Poc).await;
    let (support, _) = app.signed_in_as("LIFE10", MembershipRole::Support).await;

    let email = unique_email("jordan");
    let (status, request) = send(
        &app,
        Method::POST,
        "/api/v1/access-requests",
        Some(&poc),
        Some(&json!({
            "org_code": "life10",
            "first_name": "Jordan",
            "last_name": "Smith",
            "email": email,
            "phone": "512-555-0101",
            "justification": "Joins the immunization team",
        })),
    )
    .await;
    assert_eq!(status, 201, "{request}");
    assert_eq!(request["status"], "pending");
    assert_eq!(request["org_code"], "LIFE10");
    let id = request["id"]
        .as_str()
        .expect("`id` in the answer")
        .to_owned();

    // Support sees it among the pending requests and approves it.
    let (_, pending) = send(
        &app,
        Method::GET,
        "/api/v1/admin/access-requests",
        Some(&support),
        None,
    )
    .await;
    let listed: Vec<&str> = pending["requests"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(listed, [id.as_str()]);
    let (status, decision) = send(
        &app,
        Method::POST,
        &format!("/api/v1/admin/access-requests/{id}/approve"),
        Some(&support),
        Some(&json!({})),
    )
    .await;
    assert_eq!(status, 200, "{decision}");
    assert_eq!(decision["request"]["status"], "approved");
    let username = decision["request"]["created_username"]
        .as_str()
        .expect("`created_username` in the answer")
        .to_owned();
    assert!(
        iam_shared::rules::is_external_username(&username),
        "{decision}"
    );

    // The new person gets the Welcome e-mail with the username and a
    // working activation link.
    let mail = maildev
        .wait_for(&email, Duration::from_secs(15))
        .await
        .unwrap_or_else(|| panic!("no Welcome e-mail to {email}"));
    assert_eq!(mail["subject"], "Welcome to IAMOnline");
    let text = mail["text"].as_str().expect("`text` in the answer");
    assert!(text.contains(&format!("Username: {username}")), "{text}");
    let token = link_token(text);
    let (status, activation, _) =
        crate::helpers::post(&app, "/api/v1/activation", &json!({"token": token})).await;
    assert_eq!(status, 200, "{activation}");
    assert_eq!(activation["username"], username.as_str());

    // The POC sees the outcome; a second decision is refused.
    let (status, mine) = send(
        &app,
        Method::GET,
        "/api/v1/access-requests",
        Some(&poc),
        None,
    )
    .await;
    assert_eq!(status, 200, "{mine}");
    assert_eq!(mine["requests"][0]["status"], "approved");
    assert_eq!(mine["requests"][0]["created_username"], username.as_str());
    let (status, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/admin/access-requests/{id}/reject"),
        Some(&support),
        Some(&json!({"reason": "changed my mind"})),
    )
    .await;
    assert_eq!(status, 409);
    let approvals = app.audit_events("admin_request_approved");
    assert_eq!(approvals.len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_poc_requests_and_sees_only_for_their_own_organization() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "OWN100");
    create_org(&app, "OTH100");
    let (poc, _) = app.signed_in_as("OWN100", MembershipRole::Poc).await;
    let (other_poc, _) = app.signed_in_as("OTH100", MembershipRole::Poc).await;
    let (user, _) = app.signed_in_as("OWN100", MembershipRole::User).await;
    let body = |org: &str| json!({"org_code": org, "first_name": "Ari", "last_name": "Cole", "email": unique_email("ari")});

    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/access-requests",
        Some(&poc),
        Some(&body("OWN100")),
    )
    .await;
    assert_eq!(status, 201);
    for (token, org) in [(&poc, "OTH100"), (&poc, "NOPE99"), (&user, "OWN100")] {
        let (status, problem) = send(
            &app,
            Method::POST,
            "/api/v1/access-requests",
            Some(token),
            Some(&body(org)),
        )
        .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (403, Some("forbidden")),
            "{org}"
        );
    }
    let (status, problem) = send(
        &app,
        Method::POST,
        "/api/v1/access-requests",
        None,
        Some(&body("OWN100")),
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (401, Some("unauthenticated"))
    );

    let (_, mine) = send(
        &app,
        Method::GET,
        "/api/v1/access-requests",
        Some(&poc),
        None,
    )
    .await;
    assert_eq!(mine["requests"].as_array().map(Vec::len), Some(1), "{mine}");
    let (_, theirs) = send(
        &app,
        Method::GET,
        "/api/v1/access-requests",
        Some(&other_poc),
        None,
    )
    .await;
    assert_eq!(theirs["requests"], json!([]), "{theirs}");
    let (status, _) = send(
        &app,
        Method::GET,
        "/api/v1/access-requests",
        Some(&user),
        None,
    )
    .await;
    assert_eq!(status, 403);

    let (status, problem) = send(
        &app,
        Method::POST,
        "/api/v1/access-requests",
        Some(&poc),
        Some(&json!({"org_code": "OWN100", "first_name": "", "last_name": "Cole", "email": "not-an-address"})),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert!(problem["field_errors"]["first_name"].is_array());
    assert!(problem["field_errors"]["email"].is_array());
    app.stop().await;
}

#[tokio::test]
async fn a_rejection_records_the_reason_the_poc_reads() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "REJ100");
    let (poc, _) = app.signed_in_as("REJ100", MembershipRole::Poc).await;
    let (support, _) = app.signed_in_as("REJ100", MembershipRole::Support).await;
    let (_, request) = send(
        &app,
        Method::POST,
        "/api/v1/access-requests",
        Some(&poc),
        Some(&json!({"org_code": "REJ100", "first_name": "Ola", "last_name": "Berg", "email": unique_email("ola")})),
    )
    .await;
    let path = format!(
        "/api/v1/admin/access-requests/{}/reject",
        request["id"].as_str().expect("`id` in the answer")
    );
    let (status, problem) = send(
        &app,
        Method::POST,
        &path,
        Some(&support),
        Some(&json!({"reason": " "})),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert!(problem["field_errors"]["reason"].is_array());
    let (status, decision) = send(
        &app,
        Method::POST,
        &path,
        Some(&support),
        Some(&json!({"reason": "Duplicate of an existing account"})),
    )
    .await;
    assert_eq!(status, 200, "{decision}");
    let (_, mine) = send(
        &app,
        Method::GET,
        "/api/v1/access-requests",
        Some(&poc),
        None,
    )
    .await;
    assert_eq!(mine["requests"][0]["status"], "rejected");
    assert_eq!(
        mine["requests"][0]["decision_reason"],
        "Duplicate of an existing account"
    );
    assert_eq!(mine["requests"][0].get("created_username"), None);
    app.stop().await;
}

fn outbox_kinds_to(app: &TestApp, email: &str) -> Vec<String> {
    use diesel::prelude::*;
    use iam_api::db::schema::mail_outbox;
    app.with_conn(|conn| {
        mail_outbox::table
            .filter(mail_outbox::recipient.eq(email))
            .order(mail_outbox::created_at.asc())
            .select(mail_outbox::kind)
            .load(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

#[tokio::test]
async fn an_organization_registration_approved_creates_the_organization_with_its_poc() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "STAFF1");
    let (support, _) = app.signed_in_as("STAFF1", MembershipRole::Support).await;
    let email = unique_email("dana");
    let form = json!({
        "kind": "organization",
        "first_name": "Dana",
        "last_name": "Lee",
        "email": email,
        "phone": "",
        "organization_name": "Hill Country Clinic",
        "justification": "Rural clinic, 3 nurses",
        "captcha": app.solved_captcha().await,
    });
    let (status, answer) = send(
        &app,
        Method::POST,
        "/api/v1/registration/organization",
        None,
        Some(&form),
    )
    .await;
    assert_eq!(status, 202, "{answer}");
    assert_eq!(outbox_kinds_to(&app, &email), ["request_received"]);

    let (_, pending) = send(
        &app,
        Method::GET,
        "/api/v1/admin/access-requests?kind=organization",
        Some(&support),
        None,
    )
    .await;
    let id = pending["requests"][0]["id"]
        .as_str()
        .expect("`id` in the answer")
        .to_owned();
    assert_eq!(
        pending["requests"][0]["organization_name"],
        "Hill Country Clinic"
    );
    let path = format!("/api/v1/admin/access-requests/{id}/approve");
    // The new organization needs its code.
    let (status, problem) = send(&app, Method::POST, &path, Some(&support), Some(&json!({}))).await;
    assert_eq!(status, 422, "{problem}");
    assert!(problem["field_errors"]["org_code"].is_array());
    // A taken code is a conflict, and nothing was written.
    let (status, _) = send(
        &app,
        Method::POST,
        &path,
        Some(&support),
        Some(&json!({"org_code": "STAFF1"})),
    )
    .await;
    assert_eq!(status, 409);
    let (status, decision) = send(
        &app,
        Method::POST,
        &path,
        Some(&support),
        Some(&json!({"org_code": "hcc01"})),
    )
    .await;
    assert_eq!(status, 200, "{decision}");
    assert_eq!(decision["request"]["org_code"], "HCC01");
    assert_eq!(
        outbox_kinds_to(&app, &email),
        ["request_received", "welcome"]
    );

    let username = decision["request"]["created_username"]
        .as_str()
        .expect("`created_username` in the answer")
        .to_owned();
    let roles: Vec<(String, String)> = {
        use diesel::prelude::*;
        use iam_api::db::schema::{memberships, organizations, users};
        app.with_conn(|conn| {
            memberships::table
                .inner_join(users::table)
                .inner_join(organizations::table)
                .filter(users::username.eq(&username))
                .select((organizations::org_code, memberships::role))
                .load(conn)
                .unwrap_or_else(|e| panic!("{e}"))
        })
    };
    assert_eq!(roles, [("HCC01".to_owned(), "poc".to_owned())]);
    app.stop().await;
}

#[tokio::test]
async fn the_public_forms_answer_the_same_whatever_they_name() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "PUB100");

    // A non-HHS account request for a real and for an unknown org code.
    let form = |org: &str, captcha: Value| {
        json!({
            "kind": "non_hhs_account", "first_name": "Mo", "last_name": "Ali",
            "email": unique_email("mo"), "organization_name": "Clinic", "org_code": org,
            "captcha": captcha,
        })
    };
    let (s1, a1) = send(
        &app,
        Method::POST,
        "/api/v1/registration/organization",
        None,
        Some(&form("PUB100", app.solved_captcha().await)),
    )
    .await;
    let (s2, a2) = send(
        &app,
        Method::POST,
        "/api/v1/registration/organization",
        None,
        Some(&form("NOPE42", app.solved_captcha().await)),
    )
    .await;
    assert_eq!((s1, &a1), (s2, &a2));
    assert_eq!(s1, 202);
    let (status, problem) = send(
        &app,
        Method::POST,
        "/api/v1/registration/organization",
        None,
        Some(&json!({"kind": "access", "first_name": "Mo", "last_name": "Ali", "email": unique_email("mo"), "organization_name": "X"})),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert!(problem["field_errors"]["kind"].is_array());

    // A citizen signs up: a new address gets the Welcome e-mail, a known
    // one a notice; the answers are identical.
    let email = unique_email("citizen");
    let body = |captcha: Value| json!({"first_name": "Casey", "last_name": "Jones", "email": email, "captcha": captcha});
    let (s1, a1) = send(
        &app,
        Method::POST,
        "/api/v1/registration/citizen",
        None,
        Some(&body(app.solved_captcha().await)),
    )
    .await;
    let (s2, a2) = send(
        &app,
        Method::POST,
        "/api/v1/registration/citizen",
        None,
        Some(&body(app.solved_captcha().await)),
    )
    .await;
    assert_eq!((s1, &a1), (s2, &a2));
    assert_eq!(s1, 202, "{a1}");
    assert_eq!(outbox_kinds_to(&app, &email), ["welcome", "account_exists"]);
    let citizen: (String, String) = {
        use diesel::prelude::*;
        use iam_api::db::schema::users;
        app.with_conn(|conn| {
            users::table
                .filter(users::email.eq(&email))
                .select((users::user_type, users::status))
                .first(conn)
                .unwrap_or_else(|e| panic!("{e}"))
        })
    };
    assert_eq!(
        citizen,
        ("citizen".to_owned(), "pending_activation".to_owned())
    );
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/registration/citizen",
        None,
        Some(&json!({"first_name": "Casey", "last_name": "Jones", "email": "nope"})),
    )
    .await;
    assert_eq!(status, 422);
    app.stop().await;
}

/// A public form's answer: (status, body).
async fn public_form(app: &TestApp, path: &str, mut body: Value, captcha: bool) -> (u16, Value) {
    if captcha {
        body["captcha"] = app.solved_captcha().await;
    }
    send(app, Method::POST, path, None, Some(&body)).await
}

/// WCAG 1.1.1 on the public forms: no account exists yet, so "Email me a
/// code instead" mails the address typed on the form, and the code answers
/// only a form giving that address. An address gets three codes an hour,
/// apart from the forms' own mails.
#[tokio::test]
async fn a_public_form_takes_a_code_mailed_to_its_address_instead_of_the_image() {
    let (app, _db) = crate::helpers::spawn_app().await;
    let citizen = "/api/v1/registration/citizen";
    let email = unique_email("nosight");
    let captcha_id = app.new_captcha_id().await;
    let (status, sent) = app
        .ask_captcha_code(&captcha_id, &json!({ "email": email }))
        .await;
    assert_eq!(status, 202, "{sent}");
    assert!(
        sent["message"]
            .as_str()
            .unwrap_or_default()
            .contains("email address on the form"),
        "{sent}"
    );
    let mail = app.newest_mail_to(&email, "captcha_code");
    assert_eq!(mail.subject, "IAMOnline | Your Email Verification");
    assert!(mail.text.starts_with("Hi,"), "{}", mail.text);
    let code = crate::helpers::captcha_code_in(&mail.text);
    let answer = json!({"captcha_id": captcha_id, "answer": code});

    // Exactly one of username and email; both or neither are refused.
    for request in [json!({}), json!({"email": email, "username": "JO1234SM"})] {
        let (status, problem) = app
            .ask_captcha_code(&app.new_captcha_id().await, &request)
            .await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(
            problem["field_errors"]["username"],
            json!(["username_or_email"])
        );
    }

    // Someone else's address on the form: the code is no answer (and the
    // image is used up).
    let other = unique_email("other");
    let person = |address: &str| json!({"first_name": "Casey", "last_name": "Jones", "email": address, "captcha": answer});
    let (status, problem) = send(&app, Method::POST, citizen, None, Some(&person(&other))).await;
    assert_eq!(
        (status, problem["code"].clone()),
        (422, json!("captcha_invalid"))
    );
    assert!(outbox_kinds_to(&app, &other).is_empty());

    // The form giving that address (in any case) goes through with a fresh code.
    let captcha_id = app.new_captcha_id().await;
    assert_eq!(
        app.ask_captcha_code(&captcha_id, &json!({ "email": email }))
            .await
            .0,
        202
    );
    let code = crate::helpers::captcha_code_in(&app.newest_mail_to(&email, "captcha_code").text);
    let mut body = person(&email.to_uppercase());
    body["captcha"] = json!({"captcha_id": captcha_id, "answer": code.to_lowercase()});
    let (status, answer) = send(&app, Method::POST, citizen, None, Some(&body)).await;
    assert_eq!(status, 202, "{answer}");
    assert_eq!(app.audit_events("citizen_registered").len(), 1);

    // Five codes an hour from one network (two spent above); the sixth is a
    // 429 that leaves its image without a code.
    for _ in 0..3 {
        let id = app.new_captcha_id().await;
        assert_eq!(
            app.ask_captcha_code(&id, &json!({ "email": email }))
                .await
                .0,
            202
        );
    }
    let sixth = app.new_captcha_id().await;
    let (status, problem) = app
        .ask_captcha_code(&sixth, &json!({ "email": other }))
        .await;
    assert_eq!(
        (status, problem["code"].clone()),
        (429, json!("rate_limited")),
        "{problem}"
    );
    let (status, _) = app
        .ask_captcha_code(&sixth, &json!({ "username": "NO0000NE" }))
        .await;
    assert_eq!(
        status, 202,
        "the refused request attached no code to the image"
    );
    app.stop().await;
}

/// `POST /captcha/{id}/email` for `email`, from a client at `forwarded`.
async fn ask_form_code_from(app: &TestApp, forwarded: &str, email: &str) -> (u16, Value) {
    let id = app.new_captcha_id().await;
    let response = app
        .client
        .post(app.url(&format!("/api/v1/captcha/{id}/email")))
        .header("x-forwarded-for", forwarded)
        .json(&json!({ "email": email }))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

/// Codes for the public forms go to addresses nobody has proven, so a
/// stranger must not turn them into a mail cannon or use up someone else's
/// alternative: five an hour per network, ten per address, and a refused
/// request spends nothing. Central office addresses get none.
#[tokio::test]
async fn codes_for_the_public_forms_are_limited_per_network_and_per_address() {
    let db = TestDatabase::new();
    let settings = iam_api::config::Settings {
        trusted_proxies: "127.0.0.0/8,::1/128".into(),
        ..test_settings(&db, crate::helpers::free_port())
    };
    let app = TestApp::start(settings).await;
    let victim = unique_email("victim");
    let (a, b, c) = ("198.51.100.7", "203.0.113.9", "2001:db8:1:2::5");
    let mut statuses = Vec::new();
    for from in [a, a, a, a, a, a, b, b, b, b, b, c] {
        statuses.push(ask_form_code_from(&app, from, &victim).await.0);
    }
    assert_eq!(
        statuses,
        [202, 202, 202, 202, 202, 429, 202, 202, 202, 202, 202, 429],
        "five per network, ten per address"
    );
    assert_eq!(outbox_kinds_to(&app, &victim).len(), 10);
    // The refused request gave back what it had counted for its network:
    // the same /64 still mails five other addresses.
    for n in 0..5 {
        let from = format!("2001:db8:1:2::{}", n + 10);
        let (status, body) = ask_form_code_from(&app, &from, &unique_email("friend")).await;
        assert_eq!(status, 202, "{body}");
    }
    let (status, _) = ask_form_code_from(&app, c, &unique_email("friend")).await;
    assert_eq!(status, 429, "the /64 is one network");
    let (status, problem) = ask_form_code_from(&app, "192.0.2.1", "someone@dshs.texas.gov").await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["field_errors"]["email"], json!(["internal_domain"]));
    app.stop().await;
}

#[tokio::test]
async fn the_public_forms_need_a_captcha_plain_names_and_mail_an_address_three_times_an_hour() {
    let (app, _db) = crate::helpers::spawn_app().await;
    let citizen = "/api/v1/registration/citizen";
    let organization = "/api/v1/registration/organization";
    let email = unique_email("target");
    let person = json!({"first_name": "Casey", "last_name": "Jones", "email": email});

    // No CAPTCHA, or a wrong one: refused, nothing sent.
    let (status, problem) = public_form(&app, citizen, person.clone(), false).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (422, Some("captcha_invalid")),
        "{problem}"
    );
    let mut wrong = person.clone();
    let mut captcha = app.solved_captcha().await;
    captcha["answer"] = json!("WRONG");
    wrong["captcha"] = captcha;
    let (status, _) = send(&app, Method::POST, citizen, None, Some(&wrong)).await;
    assert_eq!(status, 422);
    assert!(outbox_kinds_to(&app, &email).is_empty());

    // Names carry no free text into the first e-mail a stranger can cause.
    for name in ["Win $500 at http://x.example", "Casey2", &"a".repeat(65)] {
        let mut body = person.clone();
        body["first_name"] = json!(name);
        let (status, problem) = public_form(&app, citizen, body, true).await;
        assert_eq!(status, 422, "{name}: {problem}");
        assert_eq!(
            problem["field_errors"]["first_name"],
            json!(["invalid_name"])
        );
    }
    // Central office addresses come from the agency, not from a sign-up.
    for address in ["someone@dshs.texas.gov", "someone@Mail.DSHS.texas.gov"] {
        let mut internal = person.clone();
        internal["email"] = json!(address);
        let (status, problem) = public_form(&app, citizen, internal, true).await;
        assert_eq!(status, 422, "{address}: {problem}");
        assert_eq!(problem["field_errors"]["email"], json!(["internal_domain"]));
    }

    // Three submissions an hour per address, across both forms; after that
    // the same answer, and nothing recorded or mailed.
    let registration = json!({"kind": "organization", "first_name": "Casey", "last_name": "O'Neil",
                              "email": email, "organization_name": "St. Mary's Clinic #2"});
    let mut answers = Vec::new();
    for body in [
        person.clone(),
        registration.clone(),
        registration.clone(),
        person.clone(),
        registration,
    ] {
        let path = if body.get("kind").is_some() {
            organization
        } else {
            citizen
        };
        answers.push(public_form(&app, path, body, true).await.0);
    }
    assert_eq!(answers, [202; 5], "the answer never changes");
    assert_eq!(
        outbox_kinds_to(&app, &email),
        ["welcome", "request_received", "request_received"],
        "three mails, then silence"
    );
    assert_eq!(app.audit_events("public_form_throttled").len(), 2);
    assert_eq!(
        app.audit_events("registration_requested").len(),
        3,
        "every registration reaches support: the cap silences mail, not requests"
    );
    // What a stranger typed never rides along to someone else's mailbox.
    let bodies: Vec<String> = app
        .with_conn(|conn| {
            iam_api::db::outbox::find_by_recipient(conn, &email).expect("the outbox is readable")
        })
        .iter()
        .map(|m| app.open_mail(&m.body_text))
        .collect();
    assert!(
        bodies
            .iter()
            .all(|b| !b.contains("Casey") && b.starts_with("Hi,")),
        "{bodies:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn citizen_sign_ups_never_activated_are_purged_a_week_after_their_link_lapsed() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "PRG100");
    let email = unique_email("abandoned");
    let (status, _) = public_form(
        &app,
        "/api/v1/registration/citizen",
        json!({"first_name": "Casey", "last_name": "Jones", "email": email}),
        true,
    )
    .await;
    assert_eq!(status, 202);
    // An account support created and that waits for activation too.
    let staff_made =
        crate::helpers::create_account(&app, "Lee", "Ng", &unique_email("lee"), Some("PRG100"));
    let settings = iam_api::config::Settings::default();
    let purge = |days: i64| {
        let now = chrono::Utc::now() + chrono::Duration::days(days);
        app.with_conn(|conn| {
            iam_api::services::housekeeping::purge_expired(conn, &settings, now)
                .unwrap_or_else(|e| panic!("{e}"))
        })
    };
    let exists = |email: &str| {
        app.with_conn(|conn| {
            !iam_api::db::users::find_by_email(conn, email)
                .expect("the users table is readable")
                .is_empty()
        })
    };
    // The link lives 7 days; a week after that the sign-up goes.
    purge(13);
    assert!(exists(&email), "kept within the grace week");
    purge(15);
    assert!(!exists(&email), "purged");
    assert_eq!(app.audit_events("unactivated_signup_purged").len(), 1);
    let kept = app.with_conn(|conn| {
        iam_api::db::users::find_by_id(conn, &staff_made.user_id)
            .expect("the users table is readable")
    });
    assert!(
        kept.is_some(),
        "accounts support created are support's to manage"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_poc_sees_who_can_use_each_of_their_organizations() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "MEM100");
    create_org(&app, "MEM200");
    let (poc, _) = app.signed_in_as("MEM100", MembershipRole::Poc).await;
    let (user, _) = app.signed_in_as("MEM100", MembershipRole::User).await;
    let staff_elsewhere =
        crate::helpers::create_account(&app, "Lee", "Ng", &unique_email("lee"), Some("MEM200"));
    let (status, body) = send(
        &app,
        Method::GET,
        "/api/v1/organizations/members",
        Some(&poc),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let orgs = body["organizations"]
        .as_array()
        .cloned()
        .expect("the answer lists organizations");
    assert_eq!(orgs.len(), 1, "only the POC's own organization: {body}");
    assert_eq!(orgs[0]["org_code"], json!("MEM100"));
    let roles: Vec<&str> = orgs[0]["members"]
        .as_array()
        .map(|m| m.iter().filter_map(|m| m["role"].as_str()).collect())
        .expect("the organization lists its members");
    assert_eq!(roles.len(), 2, "{body}");
    assert!(
        roles.contains(&"poc") && roles.contains(&"user"),
        "{roles:?}"
    );
    assert!(
        orgs[0]["members"]
            .as_array()
            .is_some_and(|m| m.iter().all(|m| m["last_sign_in_at"].is_string())),
        "both signed in, and it shows: {body}"
    );
    assert!(
        !body.to_string().contains(&staff_elsewhere.username),
        "nobody of another organization"
    );
    let (status, problem) = send(
        &app,
        Method::GET,
        "/api/v1/organizations/members",
        Some(&user),
        None,
    )
    .await;
    assert_eq!((status, problem["code"].as_str()), (403, Some("forbidden")));
    app.stop().await;
}
