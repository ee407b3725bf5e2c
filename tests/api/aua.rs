//! The Acceptable Use Agreement (docs/product.md §8): validation, immediate effect,
//! expiry, versions and evidence.

use chrono::Duration;
use serde_json::{json, Value};

use crate::helpers::{create_active_account, create_org, TestApp};
use crate::helpers::{sign_in, PASSWORD};

fn unique_email() -> String {
    format!("lee.{}@example.org", uuid::Uuid::new_v4().simple())
}

fn valid_form(today: chrono::NaiveDate) -> Value {
    json!({
        "acknowledged": true,
        "first_name": "Pat",
        "last_name": "Lopez",
        "work_email": "pat.lopez@example.org",
        "work_phone": "512-555-0100",
        "affiliation": "contractor",
        "explanation": "Austin Pediatrics, front desk",
        "comments": "",
        "employee_id": "",
        "date_signed": today.format("%Y-%m-%d").to_string(),
    })
}

async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

async fn signed_in(app: &TestApp, org: &str) -> (String, String) {
    create_org(app, org);
    let email = unique_email();
    let account = create_active_account(app, &email, PASSWORD, &[org]);
    let done = sign_in(app, &account.username, &email).await;
    (
        done["access_token"]
            .as_str()
            .expect("`access_token` in the answer")
            .to_owned(),
        account.user_id,
    )
}

#[tokio::test]
async fn each_required_field_missing_gets_422_naming_it() {
    let (app, _db) = crate::helpers::spawn_app().await;
    let (token, _) = signed_in(&app, "AUA100").await;
    let today = chrono::Utc::now().date_naive();
    let post = reqwest::Method::POST;

    let (status, body) = call(&app, post.clone(), "/api/v1/aua", &token, Some(&json!({}))).await;
    assert_eq!(status, 422, "{body}");
    for field in [
        "acknowledged",
        "first_name",
        "last_name",
        "work_email",
        "affiliation",
        "explanation",
        "date_signed",
    ] {
        assert!(body["field_errors"][field].is_array(), "{field}: {body}");
    }
    for (field, blank) in [
        ("acknowledged", json!(false)),
        ("first_name", json!(" ")),
        ("last_name", json!("")),
        ("work_email", json!("not-an-address")),
        ("affiliation", Value::Null),
        ("explanation", json!("  ")),
        ("date_signed", json!("2026-02-30")),
        ("work_phone", json!("call me")),
        ("employee_id", json!("E-1")),
    ] {
        let mut form = valid_form(today);
        form[field] = blank;
        let (status, body) = call(&app, post.clone(), "/api/v1/aua", &token, Some(&form)).await;
        assert_eq!(status, 422, "{field}: {body}");
        let named: Vec<&String> = body["field_errors"]
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(named, vec![field], "{body}");
    }
    let mut form = valid_form(today - Duration::days(3));
    form["comments"] = json!("signed late");
    let (status, body) = call(&app, post, "/api/v1/aua", &token, Some(&form)).await;
    assert_eq!(
        (status, body["field_errors"]["date_signed"].clone()),
        (422, json!(["not_today"]))
    );
    assert!(app.audit_events("aua_signed").is_empty(), "nothing stored");
    app.stop().await;
}

#[tokio::test]
async fn a_signature_takes_effect_at_once_and_lapses_after_its_validity() {
    let (app, _db, clock) = crate::helpers::spawn_with_clock(|_| {}).await;
    let (token, user_id) = signed_in(&app, "AUA200").await;
    let get = reqwest::Method::GET;
    let (_, session) = call(&app, get.clone(), "/api/v1/session", &token, None).await;
    assert_eq!(session["aua_status"], json!("missing"));
    let (status, form) = call(&app, get.clone(), "/api/v1/aua", &token, None).await;
    assert_eq!(status, 200);
    assert_eq!(form["choices"].as_array().map(Vec::len), Some(6));
    assert_eq!(form["status"], json!("missing"));

    let today = chrono::Utc::now().date_naive();
    let (status, signed) = call(
        &app,
        reqwest::Method::POST,
        "/api/v1/aua",
        &token,
        Some(&valid_form(today)),
    )
    .await;

    assert_eq!(status, 200, "{signed}");
    assert_eq!(
        signed["message"],
        json!("Your signed AUA Form has been successfully submitted. Thank you.")
    );
    let (_, session) = call(&app, get.clone(), "/api/v1/session", &token, None).await;
    assert_eq!(session["aua_status"], json!("valid"), "at once");
    let evidence = app.with_conn(|conn| {
        use diesel::prelude::*;
        use iam_api::db::schema::{document_acceptances, documents};
        document_acceptances::table
            .inner_join(documents::table.on(documents::id.eq(document_acceptances::document_id)))
            .filter(document_acceptances::user_id.eq(&user_id))
            .select(documents::kind)
            .load::<String>(conn)
            .unwrap_or_default()
    });
    assert!(
        evidence.contains(&"aua".to_owned()) && evidence.contains(&"confidentiality".to_owned()),
        "{evidence:?}"
    );

    // A year and a day later the signature has lapsed: the tiles lock again.
    clock.advance(Duration::days(366));
    let username = app.with_conn(|conn| {
        iam_api::db::users::find_by_id(conn, &user_id)
            .ok()
            .flatten()
            .map(|u| (u.username, u.email))
            .unwrap_or_default()
    });
    let again = sign_in(&app, &username.0, &username.1).await;
    let token = again["access_token"]
        .as_str()
        .expect("`access_token` in the answer");
    let (_, form) = call(&app, get.clone(), "/api/v1/aua", token, None).await;
    assert_eq!(form["status"], json!("expired"));
    let (_, session) = call(&app, get, "/api/v1/session", token, None).await;
    assert_eq!(session["aua_status"], json!("expired"));
    app.stop().await;
}

#[tokio::test]
async fn a_new_policy_version_asks_again() {
    let db = crate::helpers::TestDatabase::new();
    let first = TestApp::start(crate::helpers::test_settings(
        &db,
        crate::helpers::free_port(),
    ))
    .await;
    let (token, user_id) = signed_in(&first, "AUA300").await;
    let today = chrono::Utc::now().date_naive();
    let (status, _) = call(
        &first,
        reqwest::Method::POST,
        "/api/v1/aua",
        &token,
        Some(&valid_form(today)),
    )
    .await;
    assert_eq!(status, 200);
    first.stop().await;

    let mut settings = crate::helpers::test_settings(&db, crate::helpers::free_port());
    settings.aua_policy = format!(
        "{} Revised: report phishing within one hour.",
        settings.aua_policy
    );
    let second = TestApp::start(settings.clone()).await;
    let status = second.with_conn(|conn| {
        iam_api::services::aua::status(conn, &settings, &user_id, chrono::Utc::now())
            .map(|(s, _)| s)
    });
    assert_eq!(
        status.ok(),
        Some(iam_shared::dto::session::AuaStatus::Missing),
        "the new version is not signed yet"
    );
    second.stop().await;
}

#[tokio::test]
async fn the_dashboard_locks_tiles_until_the_aua_is_signed() {
    let (app, _db) = crate::helpers::spawn_app().await;
    app.with_conn(|conn| {
        iam_api::services::demo::install_applications(conn).unwrap_or_else(|e| panic!("{e}"))
    });
    let (token, _) = signed_in(&app, "AUA400").await;
    let get = reqwest::Method::GET;
    let locked = |dashboard: &Value, app_id: &str| -> Option<bool> {
        dashboard["sections"].as_array()?.iter().find_map(|s| {
            s["tiles"]
                .as_array()?
                .iter()
                .find(|t| t["app_id"] == json!(app_id))
                .and_then(|t| t["locked"].as_bool())
        })
    };

    let (status, before) = call(&app, get.clone(), "/api/v1/dashboard", &token, None).await;
    assert_eq!(status, 200, "{before}");
    let names: Vec<&str> = before["sections"]
        .as_array()
        .map(|s| s.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["My Apps", "My Applications"]);
    assert_eq!(locked(&before, "immtrac2"), Some(true));
    assert_eq!(
        locked(&before, "aua"),
        Some(false),
        "the AUA itself is open"
    );
    let card = |d: &Value, title: &str| {
        d["cards"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["title"] == json!(title)).cloned())
            .unwrap_or_default()
    };
    assert_eq!(card(&before, "Policy Violations")["count"], json!(0));
    assert_eq!(card(&before, "Approvals")["count"], json!(0));
    assert!(before["panels"]
        .as_array()
        .is_some_and(|p| p.len() == 3 && p.iter().all(|p| p["items"] == json!([]))));

    let today = chrono::Utc::now().date_naive();
    let form = valid_form(today);
    let (status, _) = call(
        &app,
        reqwest::Method::POST,
        "/api/v1/aua",
        &token,
        Some(&form),
    )
    .await;
    assert_eq!(status, 200);
    let (_, after) = call(&app, get, "/api/v1/dashboard", &token, None).await;
    assert_eq!(locked(&after, "immtrac2"), Some(false), "unlocked at once");
    assert_eq!(after["aua_status"], json!("valid"));
    app.stop().await;
}

#[tokio::test]
async fn add_section_creates_renames_and_moves_tiles_per_user() {
    let (app, _db) = crate::helpers::spawn_app().await;
    app.with_conn(|conn| {
        iam_api::services::demo::install_applications(conn).unwrap_or_else(|e| panic!("{e}"))
    });
    let (token, _) = signed_in(&app, "AUA500").await;
    let (other, _) = signed_in(&app, "AUA501").await;
    let layout = |d: &Value| -> Vec<(String, Vec<String>)> {
        d["sections"]
            .as_array()
            .map(|s| {
                s.iter()
                    .map(|s| {
                        let tiles = s["tiles"]
                            .as_array()
                            .map(|t| {
                                t.iter()
                                    .filter_map(|t| t["app_id"].as_str().map(str::to_owned))
                                    .collect()
                            })
                            .unwrap_or_default();
                        (
                            s["name"].as_str().expect("`name` in the answer").to_owned(),
                            tiles,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let post = reqwest::Method::POST;

    let (status, board) = call(
        &app,
        post.clone(),
        "/api/v1/dashboard/sections",
        &token,
        Some(&json!({"name": "Daily", "tiles": ["immtrac2", "forms"]})),
    )
    .await;

    assert_eq!(status, 201, "{board}");
    let sections = layout(&board);
    assert_eq!(
        sections[0],
        (
            "Daily".to_owned(),
            vec!["immtrac2".to_owned(), "forms".to_owned()]
        )
    );
    assert!(sections
        .iter()
        .skip(1)
        .all(|(_, tiles)| !tiles.contains(&"immtrac2".to_owned())));
    let id = board["sections"][0]["id"]
        .as_str()
        .expect("`id` in the answer")
        .to_owned();
    let path = format!("/api/v1/dashboard/sections/{id}");
    let (status, board) = call(
        &app,
        reqwest::Method::PUT,
        &path,
        &token,
        Some(&json!({"name": "Every day", "tiles": ["vaos"]})),
    )
    .await;
    assert_eq!(status, 200, "{board}");
    let sections = layout(&board);
    assert_eq!(
        sections[0],
        ("Every day".to_owned(), vec!["vaos".to_owned()])
    );
    assert!(
        sections[1].1.contains(&"immtrac2".to_owned()),
        "back in My Apps"
    );
    let (status, _) = call(
        &app,
        reqwest::Method::PUT,
        &path,
        &other,
        Some(&json!({"name": "Mine"})),
    )
    .await;
    assert_eq!(status, 404, "another user's section");
    let (status, body) = call(
        &app,
        post.clone(),
        "/api/v1/dashboard/sections",
        &token,
        Some(&json!({"name": "x", "tiles": ["no-such-app"]})),
    )
    .await;
    assert_eq!(
        (status, body["field_errors"]["tiles"].clone()),
        (422, json!(["unknown_application"]))
    );
    let (status, body) = call(
        &app,
        post,
        "/api/v1/dashboard/sections",
        &token,
        Some(&json!({"name": "  "})),
    )
    .await;
    assert_eq!(
        (status, body["field_errors"]["name"].clone()),
        (422, json!(["invalid_name"]))
    );
    let (_, theirs) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/dashboard",
        &other,
        None,
    )
    .await;
    assert_eq!(layout(&theirs).len(), 2, "sections are per user");
    app.stop().await;
}

#[tokio::test]
async fn the_applications_refuse_a_user_without_a_valid_aua_on_the_server() {
    use iam_shared::types::MembershipRole;
    let (app, _db) = crate::helpers::spawn_app().await;
    app.with_conn(|conn| {
        iam_api::services::demo::install_applications(conn).unwrap_or_else(|e| panic!("{e}"))
    });
    create_org(&app, "AUA500");
    let (poc, _) = crate::helpers::member_without_aua(&app, "AUA500", MembershipRole::Poc).await;
    let (support, _) =
        crate::helpers::member_without_aua(&app, "AUA500", MembershipRole::Support).await;
    let get = reqwest::Method::GET;

    // A locked tile carries no address.
    let (_, board) = call(&app, get.clone(), "/api/v1/dashboard", &poc, None).await;
    let tiles: Vec<Value> = board["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["tiles"].as_array().cloned().unwrap_or_default())
        .collect();
    assert!(tiles.iter().any(|t| t["locked"] == json!(true)), "{board}");
    for tile in &tiles {
        let locked = tile["locked"] == json!(true);
        assert_eq!(tile["url"] == json!(""), locked, "{tile}");
    }

    // Each application answers 403 aua_required, whatever the client shows.
    let request = json!({"org_code": "AUA500", "first_name": "Robin", "last_name": "Okafor",
                         "email": "robin.okafor@example.org"});
    let post = reqwest::Method::POST;
    for (token, method, path, body) in [
        (&poc, get.clone(), "/api/v1/apps/immtrac2", None),
        (&poc, get.clone(), "/api/v1/access-requests", None),
        (
            &poc,
            post.clone(),
            "/api/v1/access-requests",
            Some(&request),
        ),
        (&support, get.clone(), "/api/v1/admin/users", None),
        (&support, get.clone(), "/api/v1/admin/audit", None),
    ] {
        let (status, problem) = call(&app, method.clone(), path, token, body).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (403, Some("aua_required")),
            "{method} {path}: {problem}"
        );
    }
    assert!(
        app.audit_events("access_requested").is_empty(),
        "nothing was requested"
    );

    // Signed: the same calls go through, and new access tokens carry the
    // AUA's end for applications that check tokens offline.
    crate::helpers::sign_aua(&app, &poc).await;
    crate::helpers::sign_aua(&app, &support).await;
    let (status, home) = call(&app, get.clone(), "/api/v1/apps/immtrac2", &poc, None).await;
    assert_eq!(status, 200, "{home}");
    let (status, _) = call(&app, get.clone(), "/api/v1/access-requests", &poc, None).await;
    assert_eq!(status, 200);
    let (status, _) = call(&app, get, "/api/v1/admin/users", &support, None).await;
    assert_eq!(status, 200);
    let email = format!("aua.{}@example.org", uuid::Uuid::new_v4().simple());
    let account = create_active_account(&app, &email, PASSWORD, &["AUA500"]);
    let before = sign_in(&app, &account.username, &email).await;
    assert!(claims(&before)["aua_exp"].is_null(), "no AUA, no claim");
    let token = before["access_token"]
        .as_str()
        .expect("`access_token` in the answer")
        .to_owned();
    crate::helpers::sign_aua(&app, &token).await;
    let after = sign_in(&app, &account.username, &email).await;
    let aua_exp = claims(&after)["aua_exp"].as_i64().unwrap_or_default();
    let in_a_year = (chrono::Utc::now() + Duration::days(365)).timestamp();
    assert!((in_a_year - aua_exp).abs() < 120, "aua_exp {aua_exp}");
    app.stop().await;
}

/// The claims of the access token in a sign-in's answer (not verified here).
fn claims(done: &Value) -> Value {
    use base64::Engine as _;
    let token = done["access_token"]
        .as_str()
        .expect("`access_token` in the answer");
    let payload = token.split('.').nth(1).unwrap_or_default();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap_or_default();
    serde_json::from_slice(&bytes).unwrap_or_default()
}
