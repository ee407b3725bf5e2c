//! IAMOnline Forgot Password (docs/product.md §5): recovery → e-mail with a link and a
//! code → reset → signed in; the password history (docs/product.md §4).

use chrono::Duration;
use serde_json::{json, Value};

use crate::helpers::{access_token, code_after, link_token, unique_email};
use crate::helpers::{create_active_account, create_org, TestApp};
use crate::helpers::{post, sign_in, with_bearer, PASSWORD};

const NEW_PASSWORD: &str = "Violet-Tundra-Gazebo-Quill-82";

/// The newest recovery e-mail to `email`: (link token, code).
fn recovery_mail(app: &TestApp, email: &str) -> (String, String) {
    link_and_code(&app.newest_mail_to(email, "password_recovery").text)
}

/// A recovery e-mail's text: (link token, code).
fn link_and_code(text: &str) -> (String, String) {
    (
        link_token(text),
        code_after(text, "Enter this code instead: "),
    )
}

/// Start a recovery for `identifier` and have the e-mail sent; returns the
/// recovery id and the start answer.
async fn recover(app: &TestApp, identifier: &str) -> (String, Value) {
    let (status, started, _) = post(
        app,
        "/api/v1/password/recovery",
        &json!({"identifier": identifier}),
    )
    .await;
    assert_eq!(status, 200, "{started}");
    let id = started["recovery_id"]
        .as_str()
        .expect("`recovery_id` in the answer")
        .to_owned();
    let (status, sent, _) = post(
        app,
        &format!("/api/v1/password/recovery/{id}/send"),
        &json!({}),
    )
    .await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["masked_email"], started["masked_email"]);
    (id, started)
}

async fn verify(app: &TestApp, id: &str, code: &str) -> (u16, Value) {
    let (status, body, _) = post(
        app,
        &format!("/api/v1/password/recovery/{id}/verify"),
        &json!({"code": code}),
    )
    .await;
    (status, body)
}

async fn reset(app: &TestApp, token: &str, password: &str, sign_out: bool) -> (u16, Value) {
    let (status, body, _) = post(
        app,
        "/api/v1/password/reset",
        &json!({"confidentiality_accepted": true, "token": token, "new_password": password, "confirm_password": password,
                "sign_out_other_devices": sign_out}),
    )
    .await;
    (status, body)
}

async fn session_status(app: &TestApp, access_token: &str) -> u16 {
    with_bearer(app, reqwest::Method::GET, "/api/v1/session", access_token)
        .await
        .0
}

#[tokio::test]
async fn the_code_opens_the_reset_which_signs_in_and_signs_out_the_other_devices() {
    // Arrange: two signed-in devices.
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "REC100");
    let email = unique_email("rio");
    let account = create_active_account(&app, &email, PASSWORD, &["REC100"]);
    let laptop = access_token(&sign_in(&app, &account.username, &email).await);
    let phone = access_token(&sign_in(&app, &account.username, &email).await);

    // Act: recover by e-mail address; the code, not the link.
    let (id, started) = recover(&app, &email.to_uppercase()).await;
    assert_eq!(
        started["masked_email"],
        json!(iam_shared::rules::mask_email(&email))
    );
    let (link, code) = recovery_mail(&app, &email);
    assert_eq!(code.len(), 6);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = verify(&app, &id, wrong).await;
    assert_eq!((status, body["code"].clone()), (401, json!("invalid_code")));
    let (status, body) = verify(&app, &id, &code).await;
    assert_eq!(status, 200, "{body}");
    let token = body["reset_token"]
        .as_str()
        .expect("`reset_token` in the answer")
        .to_owned();
    let (status, _) = verify(&app, &id, &code).await;
    assert_eq!(status, 410, "a recovery is used once");
    let (status, _, _) = post(
        &app,
        "/api/v1/password/reset/inspect",
        &json!({"token": link}),
    )
    .await;
    assert_eq!(status, 410, "the code's use voids the e-mail's link");
    let (status, inspected, _) = post(
        &app,
        "/api/v1/password/reset/inspect",
        &json!({"token": token}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(inspected["variant"], json!("iamonline"));
    assert_eq!(inspected["username"], json!(account.username));
    let (status, body) = reset(&app, &token, NEW_PASSWORD, true).await;

    // Assert: the others are out at their next request; the reset goes on
    // as a sign-in at the statement, whose session works.
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["next_step"], json!("confidentiality"));
    assert_eq!(session_status(&app, &laptop).await, 401);
    assert_eq!(session_status(&app, &phone).await, 401);
    let tx = body["transaction_id"]
        .as_str()
        .expect("`transaction_id` in the answer");
    let (status, done, _) = app.agree(tx).await;
    assert_eq!((status, done["next_step"].clone()), (200, json!("done")));
    assert_eq!(session_status(&app, &access_token(&done)).await, 200);
    let login = |password: &'static str| app.login("REC100", &account.username, password, None);
    assert_eq!(login(NEW_PASSWORD).await.0, 200);
    assert_eq!(login(PASSWORD).await.0, 401);
    let events = app.audit_events("password_reset_completed");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].1["sessions_revoked"], json!(2));
    app.stop().await;
}

#[tokio::test]
async fn the_link_opens_the_reset_and_without_sign_out_the_other_devices_stay() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "REC200");
    let email = unique_email("rio");
    let account = create_active_account(&app, &email, PASSWORD, &["REC200"]);
    let laptop = access_token(&sign_in(&app, &account.username, &email).await);

    recover(&app, &account.username).await;
    let (link, _) = recovery_mail(&app, &email);
    let (status, body) = reset(&app, &link, NEW_PASSWORD, false).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(session_status(&app, &laptop).await, 200, "not signed out");
    let (status, _) = reset(&app, &link, "Another-Fresh-Passphrase-77", false).await;
    assert_eq!(status, 410, "the link works once");
    app.stop().await;
}

#[tokio::test]
async fn unknown_identifiers_get_the_same_answers_and_no_mail() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "REC300");
    let email = unique_email("rio");
    let account = create_active_account(&app, &email, PASSWORD, &["REC300"]);
    let (_, known) = recover(&app, &account.username).await;
    let before = app.mails_queued("password_recovery");

    let (id, unknown) = recover(&app, "nobody.here.at.all").await;
    let (_, again) = recover(&app, "nobody.here.at.all").await;

    let keys = |v: &Value| {
        v.as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
            .expect("a recovery's start answers an object")
    };
    assert_eq!(keys(&known), keys(&unknown));
    assert_eq!(
        unknown["masked_email"], again["masked_email"],
        "a stable made-up address"
    );
    assert!(
        unknown["masked_email"]
            .as_str()
            .is_some_and(|m| m.contains("***") && m.contains('@')),
        "{unknown}"
    );
    assert_eq!(
        app.mails_queued("password_recovery"),
        before,
        "nothing is sent"
    );
    let (status, body) = verify(&app, &id, "123456").await;
    assert_eq!((status, body["code"].clone()), (401, json!("invalid_code")));
    // A recovery id is not a sign-in transaction.
    let (status, _, _) = app.agree(&id).await;
    assert_eq!(status, 404);
    app.stop().await;
}

#[tokio::test]
async fn a_disabled_account_gets_the_same_answers_and_no_mail() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "REC350");
    let email = unique_email("rio");
    let account = create_active_account(&app, &email, PASSWORD, &["REC350"]);
    app.with_conn(|conn| {
        iam_api::db::users::disable(conn, &account.user_id, chrono::Utc::now().naive_utc())
            .unwrap_or_else(|e| panic!("{e}"))
    });

    let (id, started) = recover(&app, &account.username).await;

    assert_eq!(
        started["masked_email"],
        json!(iam_shared::rules::mask_email(&email))
    );
    assert_eq!(
        app.mails_queued("password_recovery"),
        0,
        "a disabled account is sent nothing"
    );
    let (status, _) = verify(&app, &id, "123456").await;
    assert_eq!(status, 401);
    app.stop().await;
}

#[tokio::test]
async fn the_code_and_the_link_live_five_minutes() {
    // Recovery has its own lifetime (`recovery_code_ttl_secs`, 5 minutes),
    // whatever the sign-in codes' is.
    let (app, _db, clock) =
        crate::helpers::spawn_with_clock(|settings| settings.email_code_ttl_secs = 120).await;
    create_org(&app, "REC400");
    let email = unique_email("rio");
    let account = create_active_account(&app, &email, PASSWORD, &["REC400"]);

    // 4 min 59 s: both good (the link is only inspected, so the code stays usable).
    let (id, _) = recover(&app, &account.username).await;
    let (link, code) = recovery_mail(&app, &email);
    clock.advance(Duration::minutes(4) + Duration::seconds(59));
    let (status, _, _) = post(
        &app,
        "/api/v1/password/reset/inspect",
        &json!({"token": link}),
    )
    .await;
    assert_eq!(status, 200, "the link at 4m59s");
    let (status, body) = verify(&app, &id, &code).await;
    assert_eq!(status, 200, "the code at 4m59s: {body}");

    // 5 min 01 s: both refused.
    let (id, _) = recover(&app, &account.username).await;
    let (link, code) = recovery_mail(&app, &email);
    clock.advance(Duration::minutes(5) + Duration::seconds(1));
    let (status, body, _) = post(
        &app,
        "/api/v1/password/reset/inspect",
        &json!({"token": link}),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (410, json!("token_expired"))
    );
    let (status, body) = verify(&app, &id, &code).await;
    assert_eq!(
        (status, body["code"].clone()),
        (410, json!("token_expired"))
    );
    app.stop().await;
}

/// Seed the history with `n` passwords (oldest first), the last being the
/// current one, as earlier changes would have left it.
fn seed_history(app: &TestApp, user_id: &str, passwords: &[String]) {
    let hasher =
        iam_api::crypto::PasswordHasher::from_settings(&iam_api::config::Settings::default())
            .unwrap_or_else(|e| panic!("{e}"));
    let start = chrono::Utc::now().naive_utc() - Duration::days(400);
    let hashes: Vec<String> = passwords
        .iter()
        .map(|p| {
            hasher
                .hash_blocking(&secrecy::SecretString::from(p.clone()))
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    app.with_conn(|conn| {
        for (i, hash) in hashes.iter().enumerate() {
            let at = start + Duration::days(i64::try_from(i).unwrap_or(0));
            iam_api::db::passwords::record(conn, &iam_api::db::new_id(), user_id, hash, 24, at)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        if let Some(current) = hashes.last() {
            iam_api::db::users::update_password_hash(conn, user_id, current, start)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    });
}

fn history_len(app: &TestApp, user_id: &str) -> i64 {
    use diesel::prelude::*;
    use iam_api::db::schema::password_history;
    app.with_conn(|conn| {
        password_history::table
            .filter(password_history::user_id.eq(user_id))
            .count()
            .get_result(conn)
            .expect("the password history is readable")
    })
}

#[tokio::test]
async fn the_last_24_passwords_are_refused_and_the_25th_oldest_is_accepted() {
    let (app, _db) = crate::helpers::spawn_app().await;
    create_org(&app, "REC500");
    let email = unique_email("rio");
    let account = create_active_account(&app, &email, PASSWORD, &["REC500"]);
    // 25 passwords, oldest first; the newest is the current one.
    let passwords: Vec<String> = (1..=25)
        .map(|i| format!("Lantern-Orchid-Basalt-{i:02}!"))
        .collect();
    seed_history(&app, &account.user_id, &passwords);
    assert_eq!(
        history_len(&app, &account.user_id),
        24,
        "the history keeps 24"
    );
    // The 24 newest (the current one included) are refused...
    for old in [&passwords[24], &passwords[12], &passwords[1]] {
        let (status, body) = reset_by_link(&app, &account.username, &email, old).await;
        assert_eq!(
            (status, body["field_errors"]["new_password"].clone()),
            (422, json!(["not_recent"])),
            "{old}"
        );
    }
    // ... the 25th newest is accepted, and the history stays at 24.
    let (status, body) = reset_by_link(&app, &account.username, &email, &passwords[0]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(history_len(&app, &account.user_id), 24);
    app.stop().await;
}

/// A whole recovery by the e-mail's link, ending in a reset to `new`.
async fn reset_by_link(app: &TestApp, username: &str, email: &str, new: &str) -> (u16, Value) {
    recover(app, username).await;
    let (link, _) = recovery_mail(app, email);
    reset(app, &link, new, false).await
}

#[derive(diesel::QueryableByName)]
struct TableColumn {
    #[diesel(sql_type = diesel::sql_types::Text)]
    t: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    c: String,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Every `table.column` of the database whose text holds `needle`: every
/// table, so a table added later is covered too.
fn columns_holding(app: &TestApp, needle: &str) -> Vec<String> {
    use diesel::prelude::*;
    use diesel::sql_types::Text;
    use iam_api::db::DbConn;
    app.with_conn(|conn| {
        let columns: Vec<TableColumn> = match &mut *conn {
            DbConn::Sqlite(c) => diesel::sql_query(
                "SELECT m.name AS t, p.name AS c FROM sqlite_master m \
                 JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
            )
            .load(c),
            DbConn::Postgresql(c) => diesel::sql_query(
                "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
                 WHERE table_schema = 'public'",
            )
            .load(c),
        }
        .unwrap_or_else(|e| panic!("listing columns: {e}"));
        assert!(columns.len() > 50, "the scan sees the whole schema");
        columns
            .into_iter()
            .filter(|col| {
                let found: QueryResult<Vec<Count>> = match &mut *conn {
                    DbConn::Sqlite(c) => diesel::sql_query(format!(
                        "SELECT count(*) AS n FROM \"{}\" WHERE instr(CAST(\"{}\" AS TEXT), ?) > 0",
                        col.t, col.c
                    ))
                    .bind::<Text, _>(needle)
                    .load(c),
                    DbConn::Postgresql(c) => diesel::sql_query(format!(
                        "SELECT count(*) AS n FROM \"{}\" WHERE strpos(\"{}\"::text, $1) > 0",
                        col.t, col.c
                    ))
                    .bind::<Text, _>(needle)
                    .load(c),
                };
                found.map(|rows| rows.iter().any(|r| r.n > 0)).unwrap_or_else(|e| panic!("{}.{}: {e}", col.t, col.c))
            })
            .map(|col| format!("{}.{}", col.t, col.c))
            .collect()
    })
}

#[tokio::test]
async fn no_column_of_any_table_holds_a_delivered_code_or_link() {
    use crate::helpers::{test_settings, MailDev, TestDatabase};
    let (maildev, smtp_port) = MailDev::start_on_free_port().await;
    let db = TestDatabase::new();
    let app = TestApp::start(test_settings(&db, smtp_port)).await;
    create_org(&app, "SEC100");
    let email = unique_email("rio");
    let account = create_active_account(&app, &email, PASSWORD, &["SEC100"]);
    // Queued: the body is sealed, so the database never holds it in clear.
    let (_, started) = recover(&app, &account.username).await;
    assert!(started["recovery_id"].is_string());
    let mail = maildev
        .wait_for(&email, std::time::Duration::from_secs(20))
        .await
        .unwrap_or_else(|| panic!("the recovery e-mail arrives"));
    let text = mail["text"].as_str().expect("`text` in the answer");
    let (token, code) = link_and_code(text);
    assert!(token.len() > 20 && code.len() == 6, "{text}");
    // Delivered: give the sender a moment to record it and erase the body.
    let mut erased = false;
    for _ in 0..50 {
        let rows = app.with_conn(|conn| {
            iam_api::db::outbox::find_by_recipient(conn, &email).expect("the outbox is readable")
        });
        erased = rows.iter().all(|r| {
            r.status.as_str() == "sent" && r.body_text.is_empty() && r.body_html.is_none()
        });
        if erased {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(erased, "a delivered message keeps no body");
    assert_eq!(
        columns_holding(&app, &token),
        Vec::<String>::new(),
        "the link's token"
    );
    // The code as every template writes it (after a colon), so that digits
    // inside timestamps cannot match by chance.
    assert_eq!(
        columns_holding(&app, &format!(": {code}")),
        Vec::<String>::new(),
        "the code"
    );
    app.stop().await;
}
