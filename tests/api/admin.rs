//! The support console (docs/product.md §9): role checks on every admin route, the
//! admin actions and their audit events, the user timeline, the audit
//! trail's pages and the evidence export.

use diesel::prelude::*;
use iam_shared::types::MembershipRole;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{create_account, create_member, create_org, spawn_app, TestApp};
use crate::helpers::{link_token, send, unique_email, PASSWORD};

/// An active account of `org` that nobody signed in as.
fn active_account(app: &TestApp, org: &str) -> String {
    let email = unique_email("target");
    create_member(app, &email, PASSWORD, org, MembershipRole::User).user_id
}

fn set_status(app: &TestApp, user_id: &str, status: &str) {
    use iam_api::db::schema::users;
    app.with_conn(|conn| {
        diesel::update(users::table.find(user_id))
            .set((users::status.eq(status), users::failed_login_count.eq(6)))
            .execute(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    });
}

/// Store `answer` as the account's security answer, as activation does.
fn set_security_answer(app: &TestApp, user_id: &str, answer: &str) {
    use iam_api::db::schema::users;
    let hash = crate::helpers::password_hash(&iam_shared::rules::security_answer_key(answer));
    app.with_conn(|conn| {
        diesel::update(users::table.find(user_id))
            .set((
                users::security_question.eq("First pet?"),
                users::security_answer_hash.eq(hash),
            ))
            .execute(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    });
}

/// A pending access request by the POC: its id.
async fn access_request(app: &TestApp, poc_token: &str, org: &str) -> String {
    let (status, body) = send(
        app,
        Method::POST,
        "/api/v1/access-requests",
        Some(poc_token),
        Some(&json!({
            "org_code": org,
            "first_name": "Robin",
            "last_name": "Nguyen",
            "email": unique_email("robin"),
            "justification": "New nurse at the front desk",
        })),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().expect("`id` in the answer").to_owned()
}

/// One admin route: method, path, body, and the status support gets.
struct Route {
    method: Method,
    path: String,
    body: Option<Value>,
    support_status: u16,
}

fn route(method: Method, path: String, body: Option<Value>, support_status: u16) -> Route {
    Route {
        method,
        path,
        body,
        support_status,
    }
}

#[tokio::test]
async fn every_admin_route_answers_401_anonymous_403_user_and_poc_and_serves_support() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "RM100");
    let (user, _) = app.signed_in_as("RM100", MembershipRole::User).await;
    let (poc, _) = app.signed_in_as("RM100", MembershipRole::Poc).await;
    let (support, _) = app.signed_in_as("RM100", MembershipRole::Support).await;

    let viewed = active_account(&app, "RM100");
    let locked = active_account(&app, "RM100");
    set_status(&app, &locked, "locked");
    let disabled = active_account(&app, "RM100");
    set_status(&app, &disabled, "disabled");
    let to_disable = active_account(&app, "RM100");
    let to_sign_out = active_account(&app, "RM100");
    let pending = create_account(&app, "Lee", "Park", &unique_email("lee"), Some("RM100")).user_id;
    let answered = active_account(&app, "RM100");
    set_security_answer(&app, &answered, "Rex");
    let to_approve = access_request(&app, &poc, "RM100").await;
    let to_reject = access_request(&app, &poc, "RM100").await;

    let users = |id: &str, action: &str| format!("/api/v1/admin/users/{id}/{action}");
    let requests = |id: &str, action: &str| format!("/api/v1/admin/access-requests/{id}/{action}");
    let routes = [
        route(Method::GET, "/api/v1/admin/users?q=sa".into(), None, 200),
        route(
            Method::POST,
            "/api/v1/admin/users".into(),
            Some(json!({
                "user_type": "external",
                "first_name": "Ana",
                "last_name": "Diaz",
                "email": unique_email("ana"),
                "organizations": [{"org_code": "RM100", "role": "user"}],
            })),
            201,
        ),
        route(
            Method::GET,
            format!("/api/v1/admin/users/{viewed}"),
            None,
            200,
        ),
        route(Method::POST, users(&locked, "unlock"), None, 200),
        route(Method::POST, users(&disabled, "enable"), None, 200),
        route(Method::POST, users(&to_disable, "disable"), None, 200),
        route(
            Method::POST,
            users(&pending, "resend-activation"),
            None,
            200,
        ),
        route(
            Method::POST,
            users(&to_sign_out, "revoke-sessions"),
            None,
            200,
        ),
        route(
            Method::POST,
            users(&answered, "verify-security-answer"),
            Some(json!({"answer": "rex"})),
            200,
        ),
        route(
            Method::GET,
            "/api/v1/admin/access-requests".into(),
            None,
            200,
        ),
        route(
            Method::POST,
            requests(&to_approve, "approve"),
            Some(json!({})),
            200,
        ),
        route(
            Method::POST,
            requests(&to_reject, "reject"),
            Some(json!({"reason": "Not an employee of this clinic"})),
            200,
        ),
        route(
            Method::POST,
            "/api/v1/admin/users/import".into(),
            Some(json!([{
                "username": "RM0001IM", "first_name": "Im", "last_name": "Ported",
                "email": unique_email("imported"), "organizations": ["RM100"],
                "password_hash": "$pbkdf2-sha256$1000$c2FsdHlzYWx0c2FsdA$KstZVQh5cSa4saPTifX8A.ivS115wi5KfVsJmnXM0R8",
            }])),
            // Importing password hashes is for administrators only.
            403,
        ),
        route(Method::GET, "/api/v1/admin/audit".into(), None, 200),
        route(Method::GET, "/api/v1/admin/evidence".into(), None, 200),
    ];

    for r in &routes {
        for (who, token, expected) in [
            ("anonymous", None, 401),
            ("user", Some(user.as_str()), 403),
            ("POC", Some(poc.as_str()), 403),
        ] {
            let (status, body) =
                send(&app, r.method.clone(), &r.path, token, r.body.as_ref()).await;
            assert_eq!(status, expected, "{who} {} {}: {body}", r.method, r.path);
            let code = if expected == 401 {
                "unauthenticated"
            } else {
                "forbidden"
            };
            assert_eq!(body["code"], code, "{who} {}: {body}", r.path);
        }
    }
    // Nothing the refused callers sent changed anything.
    assert_eq!(app.user_status(&locked), "locked");
    assert_eq!(app.user_status(&disabled), "disabled");
    assert_eq!(app.user_status(&to_disable), "active");
    assert!(app.audit_events("admin_unlocked").is_empty());

    for r in &routes {
        let (status, body) = send(
            &app,
            r.method.clone(),
            &r.path,
            Some(&support),
            r.body.as_ref(),
        )
        .await;
        assert_eq!(
            status, r.support_status,
            "support {} {}: {body}",
            r.method, r.path
        );
    }
    assert_eq!(app.user_status(&locked), "active");
    assert_eq!(app.user_status(&disabled), "active");
    assert_eq!(app.user_status(&to_disable), "disabled");
    app.stop().await;
}

#[tokio::test]
async fn admin_actions_take_effect_and_are_audited_with_the_staff_member_as_actor() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "ADM100");
    let (support, support_id) = app.signed_in_as("ADM100", MembershipRole::Support).await;
    let (user_token, user_id) = app.signed_in_as("ADM100", MembershipRole::User).await;

    // Disable: the account's live session ends at once.
    let path = format!("/api/v1/admin/users/{user_id}/disable");
    let (status, detail) = send(&app, Method::POST, &path, Some(&support), None).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["user"]["status"], "disabled");
    assert!(detail["sessions"].as_array().is_some_and(Vec::is_empty));
    let (status, _) = send(
        &app,
        Method::GET,
        "/api/v1/session",
        Some(&user_token),
        None,
    )
    .await;
    assert_eq!(status, 401);
    // A second disable is refused in words, not repeated.
    let (status, body) = send(&app, Method::POST, &path, Some(&support), None).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("conflict")));

    // Enable: the account signs in again.
    let path = format!("/api/v1/admin/users/{user_id}/enable");
    let (status, detail) = send(&app, Method::POST, &path, Some(&support), None).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["user"]["status"], "active");
    assert_eq!(detail["failed_login_count"], 0);

    let events = app.audit_events("admin_disabled");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0.as_deref(), Some(user_id.as_str()));
    assert_eq!(events[0].1["sessions_revoked"], 1);
    let actors: Vec<Option<String>> = {
        use iam_api::db::schema::audit_events;
        app.with_conn(|conn| {
            audit_events::table
                .filter(audit_events::event_type.like("admin_%"))
                .select(audit_events::actor_id)
                .load(conn)
                .unwrap_or_else(|e| panic!("{e}"))
        })
    };
    assert_eq!(actors.len(), 2);
    assert!(actors
        .iter()
        .all(|a| a.as_deref() == Some(support_id.as_str())));

    // Support cannot lock itself out.
    let path = format!("/api/v1/admin/users/{support_id}/disable");
    let (status, _) = send(&app, Method::POST, &path, Some(&support), None).await;
    assert_eq!(status, 409);

    // Unknown accounts are 404 problems.
    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/admin/users/no-such-id/unlock",
        Some(&support),
        None,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    app.stop().await;
}

#[tokio::test]
async fn search_finds_by_username_email_or_name_and_the_timeline_shows_events_and_mail() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SRCH10");
    let (support, _) = app.signed_in_as("SRCH10", MembershipRole::Support).await;
    let email = unique_email("quinn");
    let pending = create_account(&app, "Quinn", "Okafor", &email, Some("SRCH10"));

    for q in [
        pending.username.to_lowercase(),
        email.to_uppercase(),
        "inn oka".to_owned(),
    ] {
        let (status, body) = send(
            &app,
            Method::GET,
            &format!("/api/v1/admin/users?q={}", urlencode(&q)),
            Some(&support),
            None,
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["total"], 1, "{q}: {body}");
        assert_eq!(body["users"][0]["id"], pending.user_id.as_str());
    }
    // `%` is a character, not a wildcard.
    let (_, body) = send(
        &app,
        Method::GET,
        "/api/v1/admin/users?q=%25",
        Some(&support),
        None,
    )
    .await;
    assert_eq!(body["total"], 0, "{body}");
    let (_, body) = send(
        &app,
        Method::GET,
        "/api/v1/admin/users?status=pending_activation",
        Some(&support),
        None,
    )
    .await;
    assert_eq!(body["total"], 1, "{body}");
    let (status, body) = send(
        &app,
        Method::GET,
        "/api/v1/admin/users?limit=0",
        Some(&support),
        None,
    )
    .await;
    assert_eq!(status, 422, "{body}");

    // Resend: the timeline lists both Welcome e-mails with their delivery
    // state (this server's SMTP port is closed: queued or retrying), and
    // the account's events.
    let path = format!("/api/v1/admin/users/{}/resend-activation", pending.user_id);
    let (status, detail) = send(&app, Method::POST, &path, Some(&support), None).await;
    assert_eq!(status, 200, "{detail}");
    let emails = detail["emails"]
        .as_array()
        .cloned()
        .expect("the user's detail lists the e-mails");
    assert_eq!(emails.len(), 2, "{detail}");
    for mail in &emails {
        assert_eq!(mail["kind"], "welcome");
        assert!(
            ["queued", "retrying"]
                .contains(&mail["state"].as_str().expect("`state` in the answer")),
            "{mail}"
        );
        assert!(mail.get("body_text").is_none(), "bodies hold live links");
    }
    let types: Vec<&str> = detail["recent_events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["event_type"].as_str())
        .collect();
    assert_eq!(types, ["admin_activation_resent", "account_created"]);
    // The first link no longer works; only the newest does.
    let tokens: Vec<String> = {
        use iam_api::db::schema::mail_outbox;
        app.with_conn(|conn| {
            mail_outbox::table
                .filter(mail_outbox::recipient.eq(&email))
                .order(mail_outbox::created_at.asc())
                .select(mail_outbox::body_text)
                .load::<String>(conn)
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .iter()
        .map(|stored| link_token(&app.open_mail(stored)))
        .collect()
    };
    assert_eq!(tokens.len(), 2);
    let (status, _, _) =
        crate::helpers::post(&app, "/api/v1/activation", &json!({"token": tokens[0]})).await;
    assert_eq!(status, 410);
    let (status, body, _) =
        crate::helpers::post(&app, "/api/v1/activation", &json!({"token": tokens[1]})).await;
    assert_eq!(status, 200, "{body}");

    // Once active, there is nothing to resend.
    let active = active_account(&app, "SRCH10");
    let path = format!("/api/v1/admin/users/{active}/resend-activation");
    let (status, _) = send(&app, Method::POST, &path, Some(&support), None).await;
    assert_eq!(status, 409);
    app.stop().await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn the_security_answer_is_compared_never_shown_and_every_check_is_audited() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SQA100");
    let (support, _) = app.signed_in_as("SQA100", MembershipRole::Support).await;
    let target = active_account(&app, "SQA100");
    let path = format!("/api/v1/admin/users/{target}/verify-security-answer");

    // No answer on file yet.
    let (status, _) = send(
        &app,
        Method::POST,
        &path,
        Some(&support),
        Some(&json!({"answer": "Rex"})),
    )
    .await;
    assert_eq!(status, 409);

    set_security_answer(&app, &target, "Rex the Dog");
    let (status, detail) = send(
        &app,
        Method::GET,
        &format!("/api/v1/admin/users/{target}"),
        Some(&support),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(detail["security_question"], "First pet?");
    assert!(!detail.to_string().contains("argon2"), "{detail}");

    for (answer, matched) in [("  rex THE dog ", true), ("Fido", false)] {
        let (status, body) = send(
            &app,
            Method::POST,
            &path,
            Some(&support),
            Some(&json!({"answer": answer})),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["matched"], matched, "{answer}");
    }
    let (status, body) = send(
        &app,
        Method::POST,
        &path,
        Some(&support),
        Some(&json!({"answer": ""})),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["field_errors"]["answer"].is_array(), "{body}");

    let checks = app.audit_events("admin_security_answer_checked");
    let verdicts: Vec<&Value> = checks.iter().map(|(_, d)| &d["matched"]).collect();
    assert_eq!(verdicts, [&json!(true), &json!(false)]);
    assert!(checks
        .iter()
        .all(|(u, _)| u.as_deref() == Some(target.as_str())));
    app.stop().await;
}

#[tokio::test]
async fn the_audit_trail_pages_backwards_and_filters_by_user_type_and_time() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "AUD100");
    let (support, support_id) = app.signed_in_as("AUD100", MembershipRole::Support).await;

    let mut seen = Vec::new();
    let mut before: Option<i64> = None;
    loop {
        let path = match before {
            Some(id) => format!("/api/v1/admin/audit?limit=2&before_id={id}"),
            None => "/api/v1/admin/audit?limit=2".to_owned(),
        };
        let (status, page) = send(&app, Method::GET, &path, Some(&support), None).await;
        assert_eq!(status, 200, "{page}");
        let events = page["events"]
            .as_array()
            .cloned()
            .expect("an audit page lists events");
        assert!(events.len() <= 2);
        seen.extend(events.iter().filter_map(|e| e["id"].as_i64()));
        match page["next_before_id"].as_i64() {
            Some(id) => before = Some(id),
            None => break,
        }
    }
    let total: i64 = {
        use iam_api::db::schema::audit_events;
        app.with_conn(|conn| {
            audit_events::table
                .count()
                .get_result(conn)
                .unwrap_or_else(|e| panic!("{e}"))
        })
    };
    assert_eq!(i64::try_from(seen.len()).unwrap_or(-1), total);
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first: {seen:?}"
    );

    let path = format!("/api/v1/admin/audit?user_id={support_id}&type=session_started");
    let (_, page) = send(&app, Method::GET, &path, Some(&support), None).await;
    let events = page["events"]
        .as_array()
        .cloned()
        .expect("an audit page lists events");
    assert_eq!(events.len(), 1, "{page}");
    assert_eq!(events[0]["user_id"], support_id.as_str());

    let (_, page) = send(
        &app,
        Method::GET,
        "/api/v1/admin/audit?since=2999-01-01",
        Some(&support),
        None,
    )
    .await;
    assert_eq!(page["events"], json!([]));
    let (status, body) = send(
        &app,
        Method::GET,
        "/api/v1/admin/audit?since=soon",
        Some(&support),
        None,
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["field_errors"]["since"].is_array(), "{body}");
    app.stop().await;
}

#[tokio::test]
async fn support_exports_acceptance_evidence_as_csv() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "EVD100");
    let (support, _) = app.signed_in_as("EVD100", MembershipRole::Support).await;
    let (_, _) = app.signed_in_as("EVD100", MembershipRole::User).await;

    let response = app
        .client
        .get(app.url("/api/v1/admin/evidence?document=confidentiality"))
        .bearer_auth(&support)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 200);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let csv = response.text().await.expect("the evidence export arrives");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("accepted_at,document,version,content_sha256,username"));
    // Both sign-ins accepted the Confidentiality Statement, in EVD100.
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1..]
        .iter()
        .all(|l| l.contains("\"confidentiality\"") && l.contains("\"EVD100\"")));

    let (status, body) = send(
        &app,
        Method::GET,
        "/api/v1/admin/evidence?document=memo",
        Some(&support),
        None,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(app.audit_events("admin_evidence_exported").len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn only_an_admin_grants_staff_roles() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "ROLE10");
    let (support, _) = app.signed_in_as("ROLE10", MembershipRole::Support).await;
    let (admin, _) = app.signed_in_as("ROLE10", MembershipRole::Admin).await;
    let new_staff = |email: String| {
        json!({
            "user_type": "central_office",
            "first_name": "Kai",
            "last_name": "Moreno",
            "email": email,
            "organizations": [{"org_code": "ROLE10", "role": "support"}],
        })
    };
    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/admin/users",
        Some(&support),
        Some(&new_staff(unique_email("kai"))),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("forbidden")),
        "{body}"
    );
    let email = unique_email("kai");
    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/admin/users",
        Some(&admin),
        Some(&new_staff(email.clone())),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["username"], email.as_str());
    // The same address again is a conflict, named as such.
    let (status, _) = send(
        &app,
        Method::POST,
        "/api/v1/admin/users",
        Some(&admin),
        Some(&new_staff(email)),
    )
    .await;
    assert_eq!(status, 409);
    // An external account needs an organization.
    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/admin/users",
        Some(&admin),
        Some(&json!({"user_type": "external", "first_name": "Kai", "last_name": "Moreno", "email": unique_email("k"), "organizations": []})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["field_errors"]["organizations"].is_array(), "{body}");
    app.stop().await;
}

#[tokio::test]
async fn support_cannot_act_on_staff_and_odd_input_gets_a_4xx_never_a_500() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "HARD10");
    let (support, _) = app.signed_in_as("HARD10", MembershipRole::Support).await;
    let (admin, admin_id) = app.signed_in_as("HARD10", MembershipRole::Admin).await;
    let (_, other_support) = app.signed_in_as("HARD10", MembershipRole::Support).await;

    // Support cannot disable an admin or another support member; an admin can.
    for target in [&admin_id, &other_support] {
        let path = format!("/api/v1/admin/users/{target}/disable");
        let (status, body) = send(&app, Method::POST, &path, Some(&support), None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (403, Some("forbidden")),
            "{body}"
        );
    }
    assert_eq!(app.user_status(&other_support), "active");
    let path = format!("/api/v1/admin/users/{other_support}/disable");
    let (status, _) = send(&app, Method::POST, &path, Some(&admin), None).await;
    assert_eq!(status, 200);

    // A never-activated account, disabled and enabled, waits for activation again.
    let pending = create_account(
        &app,
        "Noor",
        "Haddad",
        &unique_email("noor"),
        Some("HARD10"),
    )
    .user_id;
    for (action, expected) in [("disable", "disabled"), ("enable", "pending_activation")] {
        let path = format!("/api/v1/admin/users/{pending}/{action}");
        let (status, body) = send(&app, Method::POST, &path, Some(&support), None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["user"]["status"], expected);
    }

    // The same organization twice is a field error, not a database one.
    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/admin/users",
        Some(&support),
        Some(
            &json!({"user_type": "external", "first_name": "Ana", "last_name": "Diaz",
            "email": unique_email("ana"), "organizations": [
                {"org_code": "HARD10", "role": "user"}, {"org_code": "hard10", "role": "poc"}]}),
        ),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["field_errors"]["organizations"],
        json!(["duplicate_org_code"])
    );

    // NUL bytes, odd ids and dates out of range are refused in words.
    for path in [
        "/api/v1/admin/users?q=a%00b".to_owned(),
        "/api/v1/admin/audit?type=x%00".to_owned(),
        "/api/v1/admin/audit?since=-10000-01-01".to_owned(),
    ] {
        let (status, body) = send(&app, Method::GET, &path, Some(&support), None).await;
        assert_eq!(status, 422, "{path}: {body}");
    }
    for path in [
        "/api/v1/admin/users/a%00b".to_owned(),
        "/api/v1/admin/users/not-a-uuid/unlock".to_owned(),
        "/api/v1/admin/access-requests/x%00/approve".to_owned(),
    ] {
        let method = if path.ends_with("b") {
            Method::GET
        } else {
            Method::POST
        };
        let (status, body) = send(&app, method, &path, Some(&support), Some(&json!({}))).await;
        assert_eq!(status, 404, "{path}: {body}");
    }

    // Looking at an account leaves a trace.
    let path = format!("/api/v1/admin/users/{pending}");
    let (status, _) = send(&app, Method::GET, &path, Some(&support), None).await;
    assert_eq!(status, 200);
    let viewed = app.audit_events("admin_user_viewed");
    assert_eq!(viewed.len(), 1);
    assert_eq!(viewed[0].0.as_deref(), Some(pending.as_str()));
    app.stop().await;
}

#[tokio::test]
async fn a_security_answer_is_checked_at_most_five_times_an_hour() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "SQA200");
    let (support, _) = app.signed_in_as("SQA200", MembershipRole::Support).await;
    let target = active_account(&app, "SQA200");
    set_security_answer(&app, &target, "Rex");
    let path = format!("/api/v1/admin/users/{target}/verify-security-answer");
    for _ in 0..5 {
        let (status, _) = send(
            &app,
            Method::POST,
            &path,
            Some(&support),
            Some(&json!({"answer": "Fido"})),
        )
        .await;
        assert_eq!(status, 200);
    }
    let response = app
        .client
        .post(app.url(&path))
        .bearer_auth(&support)
        .json(&json!({"answer": "Rex"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 429);
    assert!(response.headers().get("retry-after").is_some());
    assert_eq!(app.audit_events("admin_security_answer_checked").len(), 5);
    app.stop().await;
}

#[tokio::test]
async fn a_staff_member_demoted_in_the_directory_loses_the_console_on_the_next_request() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "ADM900");
    let (support, support_id) = app.signed_in_as("ADM900", MembershipRole::Support).await;
    let (status, _) = send(
        &app,
        Method::GET,
        "/api/v1/admin/users",
        Some(&support),
        None,
    )
    .await;
    assert_eq!(status, 200);
    // The role changes under a live session and a still-valid access token.
    app.with_conn(|conn| {
        use diesel::prelude::*;
        use iam_api::db::schema::memberships;
        diesel::update(memberships::table.filter(memberships::user_id.eq(&support_id)))
            .set(memberships::role.eq(MembershipRole::User.as_str()))
            .execute(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    });
    let (status, body) = send(
        &app,
        Method::GET,
        "/api/v1/admin/users",
        Some(&support),
        None,
    )
    .await;
    assert_eq!((status, body["code"].clone()), (403, json!("forbidden")));
    app.stop().await;
}

#[tokio::test]
async fn ending_an_accounts_sessions_kills_its_tokens_at_once_and_leaves_it_active() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "ADM910");
    let (support, support_id) = app.signed_in_as("ADM910", MembershipRole::Support).await;
    let (user_token, user_id) = app.signed_in_as("ADM910", MembershipRole::User).await;
    let path = format!("/api/v1/admin/users/{user_id}/revoke-sessions");
    let (status, detail) = send(&app, Method::POST, &path, Some(&support), None).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["user"]["status"], "active");
    assert!(detail["sessions"].as_array().is_some_and(Vec::is_empty));
    let (status, body) = send(
        &app,
        Method::GET,
        "/api/v1/session",
        Some(&user_token),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (401, json!("unauthenticated"))
    );
    let events = app.audit_events("admin_sessions_revoked");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0.as_deref(), Some(user_id.as_str()));
    assert_eq!(events[0].1["sessions_revoked"], 1);
    // Support's own session is untouched.
    let (status, _) = send(&app, Method::GET, "/api/v1/session", Some(&support), None).await;
    assert_eq!(status, 200, "{support_id}");
    app.stop().await;
}

#[tokio::test]
async fn support_requires_a_new_password_and_the_owner_sets_it_from_the_mailed_link() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "ADM920");
    let (support, support_id) = app.signed_in_as("ADM920", MembershipRole::Support).await;
    let (user_token, user_id) = app.signed_in_as("ADM920", MembershipRole::User).await;
    let path = format!("/api/v1/admin/users/{user_id}/require-password-change");
    let (status, detail) = send(&app, Method::POST, &path, Some(&support), None).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["user"]["status"], "locked");
    assert!(detail["sessions"].as_array().is_some_and(Vec::is_empty));
    let (status, _) = send(
        &app,
        Method::GET,
        "/api/v1/session",
        Some(&user_token),
        None,
    )
    .await;
    assert_eq!(status, 401, "signed out at once");
    let events = app.audit_events("admin_password_change_required");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].1["sessions_revoked"], 1);

    let mail = app.newest_mail("password_change_required");
    assert_eq!(mail.subject, "Choose a new ImmTrac2 password");
    let token = link_token(&mail.text);
    let fresh = "Harbor-Quartz-Meadow-Lynx-57";
    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/password/reset",
        None,
        Some(&json!({"confidentiality_accepted": true, "token": token, "new_password": fresh, "confirm_password": fresh})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, detail) = send(
        &app,
        Method::GET,
        &format!("/api/v1/admin/users/{user_id}"),
        Some(&support),
        None,
    )
    .await;
    assert_eq!(
        detail["user"]["status"], "active",
        "the new password unlocks it"
    );

    // Not on one's own account, nor on one without a password.
    let own = format!("/api/v1/admin/users/{support_id}/require-password-change");
    let (status, _) = send(&app, Method::POST, &own, Some(&support), None).await;
    assert_eq!(status, 409);
    app.stop().await;
}
