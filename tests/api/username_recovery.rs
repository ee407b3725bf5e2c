//! Forgot Username: same answer either way; mail only on a match.

use iam_api::db;

use crate::helpers::spawn_app;

const PATH: &str = "/api/v1/username/recovery";
const COMPLETE: &str = "An email has been sent to the email address on file.";

fn seed_user(app: &crate::helpers::TestApp, email: &str) -> String {
    app.with_conn(|conn| {
        iam_api::services::accounts::create_organization(
            conn,
            "12345",
            "Clinic",
            None,
            chrono::Utc::now(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    });
    crate::helpers::create_account(app, "John", "Smith", email, Some("12345")).username
}

#[tokio::test]
async fn a_match_queues_the_username_mail_and_a_miss_answers_the_same_without_mail() {
    // Arrange
    let (app, _db) = spawn_app().await;
    let username = seed_user(&app, "john.smith@example.org");
    // Act
    let hit = app
        .post_json(PATH, &serde_json::json!({"first_name": " JOHN ", "last_name": "smith", "email": "John.Smith@Example.org"}))
        .await;
    let miss = app
        .post_json(PATH, &serde_json::json!({"first_name": "Jane", "last_name": "Smith", "email": "john.smith@example.org"}))
        .await;
    // Assert
    assert_eq!(hit.status(), 200);
    assert_eq!(miss.status(), 200);
    let hit: serde_json::Value = hit.json().await.expect("the answer to a match is JSON");
    let miss: serde_json::Value = miss.json().await.expect("the answer to a miss is JSON");
    assert_eq!(
        hit, miss,
        "the answer must not reveal whether anything matched"
    );
    assert_eq!(hit["message"], COMPLETE);
    let mails = app.with_conn(|conn| {
        db::outbox::find_by_recipient(conn, "john.smith@example.org")
            .expect("the outbox is readable")
    });
    let reminders: Vec<_> = mails
        .iter()
        .filter(|m| m.kind == "username_reminder")
        .collect();
    assert_eq!(
        reminders.len(),
        1,
        "exactly one reminder, for the matching request"
    );
    let reminder = app.open_mail(&reminders[0].body_text);
    assert!(
        reminder.contains(&format!("Username: {username}")),
        "{reminder}"
    );
    let chain =
        app.with_conn(|conn| db::audit::verify_chain(conn).unwrap_or_else(|e| panic!("{e}")));
    assert!(chain.is_ok(), "audit chain intact: {chain:?}");
    app.stop().await;
}

#[tokio::test]
async fn an_address_gets_at_most_three_reminders_an_hour_and_the_same_answer_throughout() {
    let (app, _db) = spawn_app().await;
    seed_user(&app, "ann.lee@example.org");
    let body = serde_json::json!({"first_name": "John", "last_name": "Smith", "email": "ann.lee@example.org"});
    let mut answers = Vec::new();
    for _ in 0..5 {
        let response = app.post_json(PATH, &body).await;
        answers.push((
            response.status().as_u16(),
            response
                .json::<serde_json::Value>()
                .await
                .expect("Forgot Username answers JSON"),
        ));
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    let reminders = app.with_conn(|conn| {
        db::outbox::find_by_recipient(conn, "ann.lee@example.org")
            .expect("the outbox is readable")
            .into_iter()
            .filter(|m| m.kind == "username_reminder")
            .count()
    });
    assert_eq!(reminders, 3);
    app.stop().await;
}
