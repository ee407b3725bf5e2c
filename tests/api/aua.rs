//! The Acceptable Use Agreement (docs/product.md §8): validation, immediate effect,
//! expiry, versions and evidence.

use chrono::Duration;
use iam_shared::types::MembershipRole;
use serde_json::{json, Value};

use crate::helpers::{access_token, create_active_account, create_org, send, TestApp};
use crate::helpers::{sign_in, token_claims, unique_email, PASSWORD};

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

#[tokio::test]
async fn each_required_field_missing_gets_422_naming_it() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "AUA100");
    let (token, _) = app
        .signed_in_without_aua("AUA100", MembershipRole::User)
        .await;
    let today = chrono::Utc::now().date_naive();
    let post = reqwest::Method::POST;

    let (status, body) = send(
        &app,
        post.clone(),
        "/api/v1/aua",
        Some(&token),
        Some(&json!({})),
    )
    .await;
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
        let (status, body) =
            send(&app, post.clone(), "/api/v1/aua", Some(&token), Some(&form)).await;
        assert_eq!(status, 422, "{field}: {body}");
        let named: Vec<&String> = body["field_errors"]
            .as_object()
            .map(|m| m.keys().collect())
            .expect("a 422 names its fields");
        assert_eq!(named, vec![field], "{body}");
    }
    let mut form = valid_form(today - Duration::days(3));
    form["comments"] = json!("signed late");
    let (status, body) = send(&app, post, "/api/v1/aua", Some(&token), Some(&form)).await;
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
    create_org(&app, "AUA200");
    let (token, user_id) = app
        .signed_in_without_aua("AUA200", MembershipRole::User)
        .await;
    let get = reqwest::Method::GET;
    let (_, session) = send(&app, get.clone(), "/api/v1/session", Some(&token), None).await;
    assert_eq!(session["aua_status"], json!("missing"));
    let (status, form) = send(&app, get.clone(), "/api/v1/aua", Some(&token), None).await;
    assert_eq!(status, 200);
    assert_eq!(form["choices"].as_array().map(Vec::len), Some(6));
    assert_eq!(form["status"], json!("missing"));
    // "Read, Sign, and Submit": the form carries the text it signs.
    assert!(
        form["policy"]
            .as_str()
            .is_some_and(|p| p.contains("Acceptable Use")),
        "{form}"
    );

    let today = chrono::Utc::now().date_naive();
    // A version other than the current one was read: refused, nothing kept.
    let mut stale = valid_form(today);
    stale["document_version"] = json!("an-older-version");
    let (status, refused) = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/aua",
        Some(&token),
        Some(&stale),
    )
    .await;
    assert_eq!(
        (status, refused["code"].clone()),
        (409, json!("conflict")),
        "{refused}"
    );
    assert!(app.audit_events("aua_signed").is_empty(), "nothing stored");

    let mut read = valid_form(today);
    read["document_version"] = form["document_version"].clone();
    let (status, signed) = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/aua",
        Some(&token),
        Some(&read),
    )
    .await;

    assert_eq!(status, 200, "{signed}");
    assert_eq!(
        signed["message"],
        json!("Your signed AUA Form has been successfully submitted. Thank you.")
    );
    let (_, session) = send(&app, get.clone(), "/api/v1/session", Some(&token), None).await;
    assert_eq!(session["aua_status"], json!("valid"), "at once");
    let evidence = app.with_conn(|conn| {
        use diesel::prelude::*;
        use iam_api::db::schema::{document_acceptances, documents};
        document_acceptances::table
            .inner_join(documents::table.on(documents::id.eq(document_acceptances::document_id)))
            .filter(document_acceptances::user_id.eq(&user_id))
            .select(documents::kind)
            .load::<String>(conn)
            .expect("the acceptances are readable")
    });
    assert!(
        evidence.contains(&"aua".to_owned()) && evidence.contains(&"confidentiality".to_owned()),
        "{evidence:?}"
    );

    // A year and a day later the signature has lapsed: the tiles lock again.
    clock.advance(Duration::days(366));
    let username = app.with_conn(|conn| {
        iam_api::db::users::find_by_id(conn, &user_id)
            .expect("the users table is readable")
            .map(|u| (u.username, u.email))
            .expect("the signed-in account exists")
    });
    let again = sign_in(&app, &username.0, &username.1).await;
    let token = again["access_token"]
        .as_str()
        .expect("`access_token` in the answer");
    let (_, form) = send(&app, get.clone(), "/api/v1/aua", Some(token), None).await;
    assert_eq!(form["status"], json!("expired"));
    let (_, session) = send(&app, get, "/api/v1/session", Some(token), None).await;
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
    create_org(&first, "AUA300");
    let (token, user_id) = first
        .signed_in_without_aua("AUA300", MembershipRole::User)
        .await;
    let today = chrono::Utc::now().date_naive();
    let (status, _) = send(
        &first,
        reqwest::Method::POST,
        "/api/v1/aua",
        Some(&token),
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
    create_org(&app, "AUA400");
    let (token, _) = app
        .signed_in_without_aua("AUA400", MembershipRole::User)
        .await;
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

    let (status, before) = send(&app, get.clone(), "/api/v1/dashboard", Some(&token), None).await;
    assert_eq!(status, 200, "{before}");
    let names: Vec<&str> = before["sections"]
        .as_array()
        .map(|s| s.iter().filter_map(|s| s["name"].as_str()).collect())
        .expect("the dashboard lists its sections");
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
            .unwrap_or_else(|| panic!("a {title} card on the dashboard: {d}"))
    };
    assert_eq!(card(&before, "Policy Violations")["count"], json!(0));
    assert_eq!(card(&before, "Approvals")["count"], json!(0));
    assert!(before["panels"]
        .as_array()
        .is_some_and(|p| p.len() == 3 && p.iter().all(|p| p["items"] == json!([]))));

    let today = chrono::Utc::now().date_naive();
    let form = valid_form(today);
    let (status, _) = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/aua",
        Some(&token),
        Some(&form),
    )
    .await;
    assert_eq!(status, 200);
    let (_, after) = send(&app, get, "/api/v1/dashboard", Some(&token), None).await;
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
    create_org(&app, "AUA500");
    let (token, _) = app
        .signed_in_without_aua("AUA500", MembershipRole::User)
        .await;
    create_org(&app, "AUA501");
    let (other, _) = app
        .signed_in_without_aua("AUA501", MembershipRole::User)
        .await;
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
                            .expect("a section lists its tiles");
                        (
                            s["name"].as_str().expect("`name` in the answer").to_owned(),
                            tiles,
                        )
                    })
                    .collect()
            })
            .expect("the dashboard lists its sections")
    };
    let post = reqwest::Method::POST;

    let (status, board) = send(
        &app,
        post.clone(),
        "/api/v1/dashboard/sections",
        Some(&token),
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
    let (status, board) = send(
        &app,
        reqwest::Method::PUT,
        &path,
        Some(&token),
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
    let (status, _) = send(
        &app,
        reqwest::Method::PUT,
        &path,
        Some(&other),
        Some(&json!({"name": "Mine"})),
    )
    .await;
    assert_eq!(status, 404, "another user's section");
    let (status, body) = send(
        &app,
        post.clone(),
        "/api/v1/dashboard/sections",
        Some(&token),
        Some(&json!({"name": "x", "tiles": ["no-such-app"]})),
    )
    .await;
    assert_eq!(
        (status, body["field_errors"]["tiles"].clone()),
        (422, json!(["unknown_application"]))
    );
    let (status, body) = send(
        &app,
        post,
        "/api/v1/dashboard/sections",
        Some(&token),
        Some(&json!({"name": "  "})),
    )
    .await;
    assert_eq!(
        (status, body["field_errors"]["name"].clone()),
        (422, json!(["invalid_name"]))
    );
    let (_, theirs) = send(
        &app,
        reqwest::Method::GET,
        "/api/v1/dashboard",
        Some(&other),
        None,
    )
    .await;
    assert_eq!(layout(&theirs).len(), 2, "sections are per user");
    app.stop().await;
}

#[tokio::test]
async fn the_applications_refuse_a_user_without_a_valid_aua_on_the_server() {
    let (app, _db) = crate::helpers::spawn_app().await;
    app.with_conn(|conn| {
        iam_api::services::demo::install_applications(conn).unwrap_or_else(|e| panic!("{e}"))
    });
    create_org(&app, "AUA500");
    let (poc, poc_id) = app
        .signed_in_without_aua("AUA500", MembershipRole::Poc)
        .await;
    let (support, _) = app
        .signed_in_without_aua("AUA500", MembershipRole::Support)
        .await;
    let get = reqwest::Method::GET;

    // A locked tile carries no address.
    let (_, board) = send(&app, get.clone(), "/api/v1/dashboard", Some(&poc), None).await;
    let tiles: Vec<Value> = board["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| {
            s["tiles"]
                .as_array()
                .cloned()
                .expect("a section lists its tiles")
        })
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
    // The console's account view and actions check the staff member in
    // the handler's own hop (`StaffBearer`): the same refusal, and no action.
    let account = format!("/api/v1/admin/users/{poc_id}");
    let disable = format!("{account}/disable");
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
        (&support, get.clone(), account.as_str(), None),
        (&support, post.clone(), disable.as_str(), None),
    ] {
        let (status, problem) = send(&app, method.clone(), path, Some(token.as_str()), body).await;
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
    assert!(
        app.audit_events("admin_disabled").is_empty()
            && app.audit_events("admin_user_viewed").is_empty(),
        "nothing was done or seen in the console"
    );

    // Signed: the same calls go through, and new access tokens carry the
    // AUA's end for applications that check tokens offline.
    crate::helpers::sign_aua(&app, &poc).await;
    crate::helpers::sign_aua(&app, &support).await;
    let (status, home) = send(&app, get.clone(), "/api/v1/apps/immtrac2", Some(&poc), None).await;
    assert_eq!(status, 200, "{home}");
    let (status, _) = send(
        &app,
        get.clone(),
        "/api/v1/access-requests",
        Some(&poc),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = send(&app, get, "/api/v1/admin/users", Some(&support), None).await;
    assert_eq!(status, 200);
    let email = unique_email("aua");
    let account = create_active_account(&app, &email, PASSWORD, &["AUA500"]);
    let before = sign_in(&app, &account.username, &email).await;
    assert!(
        token_claims(&access_token(&before))["aua_exp"].is_null(),
        "no AUA, no claim"
    );
    let token = access_token(&before);
    crate::helpers::sign_aua(&app, &token).await;
    let after = sign_in(&app, &account.username, &email).await;
    let aua_exp = token_claims(&access_token(&after))["aua_exp"]
        .as_i64()
        .expect("a signed AUA's end in the access token");
    let in_a_year = (chrono::Utc::now() + Duration::days(365)).timestamp();
    assert!((in_a_year - aua_exp).abs() < 120, "aua_exp {aua_exp}");
    app.stop().await;
}
