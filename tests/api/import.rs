//! Legacy import (docs/product.md §7): accounts keep their bcrypt, PBKDF2 and argon2
//! passwords, are re-hashed to argon2id on sign-in, and a file imports
//! whole or not at all.

use diesel::prelude::*;
use iam_shared::types::MembershipRole;
use serde_json::{json, Value};

use crate::helpers::{create_org, spawn_app, unique_email, TestApp};

/// `password` = "correct horse": made with Python's hashlib, in both forms.
const PBKDF2_PHC: &str =
    "$pbkdf2-sha256$i=1000,l=32$c2FsdHlzYWx0c2FsdA$KstZVQh5cSa4saPTifX8A+ivS115wi5KfVsJmnXM0R8";
const PBKDF2_MCF: &str =
    "$pbkdf2-sha256$1000$c2FsdHlzYWx0c2FsdA$KstZVQh5cSa4saPTifX8A.ivS115wi5KfVsJmnXM0R8";
const HEADER: &str = "username,first_name,last_name,email,organizations,password_hash\n";

async fn upload(app: &TestApp, token: &str, content_type: &str, body: String) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/api/v1/admin/users/import"))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    (
        status,
        response.json().await.expect("the import answers JSON"),
    )
}

fn stored_hash(app: &TestApp, username: &str) -> String {
    use iam_api::db::schema::users;
    app.with_conn(|conn| {
        users::table
            .filter(users::username.eq(username))
            .select(users::password_hash.assume_not_null())
            .first(conn)
            .unwrap_or_else(|e| panic!("{username}: {e}"))
    })
}

fn user_count(app: &TestApp) -> i64 {
    use iam_api::db::schema::users;
    app.with_conn(|conn| {
        users::table
            .count()
            .get_result(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

#[tokio::test]
async fn imported_users_sign_in_with_their_old_password_and_are_rehashed_to_argon2id() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "IMP100");
    let (admin, _) = app.signed_in_as("IMP100", MembershipRole::Admin).await;

    let bcrypt_password = "Legacy-Bcrypt-Pass-1";
    let bcrypt_hash = bcrypt::hash(bcrypt_password, 6).unwrap_or_else(|e| panic!("{e}"));
    // argon2id with yesterday's parameters: upgraded to today's too.
    let old_argon = iam_api::crypto::PasswordHasher::from_settings(&iam_api::config::Settings {
        argon2_memory_kib: 8192,
        argon2_iterations: 1,
        ..Default::default()
    })
    .and_then(|h| h.hash_blocking(&secrecy::SecretString::from("Old-Argon-Pass-22")))
    .unwrap_or_else(|e| panic!("{e}"));
    let people = [
        ("BC1001IM", bcrypt_password, bcrypt_hash.as_str()),
        ("PH1002IM", "correct horse", PBKDF2_PHC),
        ("MC1003IM", "correct horse", PBKDF2_MCF),
        ("AR1004IM", "Old-Argon-Pass-22", old_argon.as_str()),
    ];
    let mut csv = HEADER.to_owned();
    let mut emails = Vec::new();
    for (username, _, hash) in &people {
        let email = unique_email(&username.to_lowercase());
        csv.push_str(&format!("{username},Imp,Orted,{email},IMP100,\"{hash}\"\n"));
        emails.push(email);
    }
    let (status, report) = upload(&app, &admin, "text/csv", csv).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["imported"], 4);

    for ((username, password, hash), email) in people.iter().zip(&emails) {
        assert_eq!(stored_hash(&app, username), *hash, "stored as imported");
        let done = crate::helpers::sign_in_with(&app, username, email, password).await;
        assert!(done["access_token"].is_string(), "{username}: {done}");
        let upgraded = stored_hash(&app, username);
        assert!(
            upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{username}: {upgraded}"
        );
        // The new hash still takes the same password.
        let again = crate::helpers::sign_in_with(&app, username, email, password).await;
        assert!(again["access_token"].is_string(), "{username}: {again}");
        assert_eq!(stored_hash(&app, username), upgraded, "re-hashed once");
    }
    assert_eq!(app.audit_events("password_rehashed").len(), 4);
    let imported = app.audit_events("users_imported");
    assert_eq!(imported.len(), 1);
    assert_eq!(imported[0].1["count"], 4);
    app.stop().await;
}

#[tokio::test]
async fn a_file_with_one_bad_row_imports_nothing_and_names_the_line() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "IMP200");
    let (admin, _) = app.signed_in_as("IMP200", MembershipRole::Admin).await;
    let before = user_count(&app);

    let mut csv = HEADER.to_owned();
    for i in 0..5 {
        csv.push_str(&format!(
            "OK{i:04}IM,Good,Row,ok{i}@example.org,IMP200,\"{PBKDF2_PHC}\"\n"
        ));
    }
    // Line 7: a hash of an unsupported kind (MD5 crypt).
    csv.push_str("BAD0001X,Bad,Row,bad@example.org,IMP200,$1$saltsalt$qjXMvbEw8oaL.CzflDugX/\n");
    let (status, problem) = upload(&app, &admin, "text/csv", csv).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["code"], "validation_failed");
    assert_eq!(
        problem["line_errors"],
        json!([{"line": 7, "field": "password_hash", "code": "unsupported_hash"}])
    );
    assert!(
        !problem.to_string().contains("qjXMvbEw8oaL"),
        "no hash echoed"
    );
    assert_eq!(user_count(&app), before, "nothing imported");

    // Several rules, several lines, one answer: unknown org, duplicate
    // username within the file, a username that exists, a bad address.
    let existing = app.signed_in_as("IMP200", MembershipRole::User).await;
    let existing_username: String = {
        use iam_api::db::schema::users;
        app.with_conn(|conn| {
            users::table
                .find(&existing.1)
                .select(users::username)
                .first(conn)
                .unwrap_or_else(|e| panic!("{e}"))
        })
    };
    let before = user_count(&app);
    let records = json!([
        {"username": "JS0001ON", "first_name": "Js", "last_name": "On", "email": "js@example.org", "organizations": ["IMP200:poc"], "password_hash": PBKDF2_MCF},
        {"username": "JS0002ON", "first_name": "Js", "last_name": "On", "email": "js2@example.org", "organizations": ["NOPE1"], "password_hash": PBKDF2_MCF},
        {"username": "js0001on", "first_name": "Js", "last_name": "On", "email": "js3@example.org", "organizations": ["IMP200"], "password_hash": PBKDF2_MCF},
        {"username": existing_username, "first_name": "Js", "last_name": "On", "email": "no-at-sign", "organizations": ["IMP200"], "password_hash": PBKDF2_MCF},
    ]);
    let (status, problem) = upload(&app, &admin, "application/json", records.to_string()).await;
    assert_eq!(status, 422, "{problem}");
    let errors: Vec<(u64, String, String)> = problem["line_errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["line"].as_u64().unwrap_or(0),
                e["field"]
                    .as_str()
                    .expect("`field` in the answer")
                    .to_owned(),
                e["code"].as_str().expect("`code` in the answer").to_owned(),
            )
        })
        .collect();
    let expect = |line: u64, field: &str, code: &str| (line, field.to_owned(), code.to_owned());
    for wanted in [
        expect(2, "organizations", "unknown_org_code"),
        expect(3, "username", "duplicate_of_line_1"),
        expect(4, "email", "invalid_email"),
        expect(4, "username", "username_taken"),
    ] {
        assert!(errors.contains(&wanted), "{wanted:?} in {errors:?}");
    }
    assert_eq!(user_count(&app), before, "nothing imported");

    // An unquoted argon2 or PBKDF2 hash splits at its commas.
    let unquoted = format!("{HEADER}UQ0001IM,Un,Quoted,uq@example.org,IMP200,{PBKDF2_PHC}\n");
    let (status, problem) = upload(&app, &admin, "text/csv", unquoted).await;
    assert_eq!(status, 422);
    assert_eq!(
        problem["line_errors"][0]["code"], "wrong_field_count",
        "{problem}"
    );

    // argon2 parameters that would make each sign-in a denial of service,
    // an organization named twice, and a file without its header line
    // (whose first account must not be echoed back).
    let huge = "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$1pVQhztcWvhBqYkFaoXvBGuyKRszhV6oIBnZ0qGMhLU";
    let file = format!("{HEADER}AR0001IM,Ar,Gon,ar@example.org,IMP200,\"{huge}\"\nDU0001IM,Du,Pe,du@example.org,IMP200;imp200:poc,\"{PBKDF2_PHC}\"\n");
    let (status, problem) = upload(&app, &admin, "text/csv", file).await;
    assert_eq!(status, 422);
    assert_eq!(
        problem["line_errors"],
        json!([
            {"line": 2, "field": "password_hash", "code": "unsupported_hash"},
            {"line": 3, "field": "organizations", "code": "duplicate_org_code"},
        ])
    );
    let headless = format!("JO0001IM,Jo,Ne,jo@example.org,IMP200,{PBKDF2_MCF}\n");
    let (status, problem) = upload(&app, &admin, "text/csv", headless).await;
    assert_eq!(status, 422);
    assert!(!problem.to_string().contains("pbkdf2"), "{problem}");
    assert_eq!(user_count(&app), before, "nothing imported");

    // Neither CSV nor JSON.
    let (status, problem) = upload(&app, &admin, "text/plain", "x".into()).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (415, Some("unsupported_media_type"))
    );
    app.stop().await;
}

#[tokio::test]
async fn support_staff_cannot_import_accounts_with_password_hashes() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "IMP300");
    let (support, _) = app.signed_in_as("IMP300", MembershipRole::Support).await;
    let before = user_count(&app);
    let csv = format!(
        "{HEADER}PL0001IM,Plant,Ed,{},IMP300,{PBKDF2_MCF}\n",
        unique_email("planted")
    );
    let (status, problem) = upload(&app, &support, "text/csv", csv).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (403, Some("forbidden")),
        "{problem}"
    );
    assert_eq!(user_count(&app), before, "nothing was imported");
    app.stop().await;
}

#[tokio::test]
async fn one_hundred_thousand_rows_import_in_one_transaction() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "BULK01");
    let (admin, _) = app.signed_in_as("BULK01", MembershipRole::Admin).await;
    let before = user_count(&app);
    let mut csv = String::with_capacity(20_000_000);
    csv.push_str(HEADER);
    for i in 0..100_000 {
        csv.push_str(&format!(
            "BU{i:06}LK,Bulk,User{i},bulk{i}@example.org,BULK01,{PBKDF2_MCF}\n"
        ));
    }
    let started = std::time::Instant::now();
    let (status, report) = upload(&app, &admin, "text/csv", csv).await;
    let took = started.elapsed();
    assert_eq!(
        status,
        200,
        "{}",
        &report.to_string()[..report.to_string().len().min(500)]
    );
    assert_eq!(report["imported"], 100_000);
    assert_eq!(user_count(&app), before + 100_000);
    // Reported, not asserted: timing belongs to benchmarks.
    eprintln!("imported 100 000 rows in {took:?}");
    app.stop().await;
}
