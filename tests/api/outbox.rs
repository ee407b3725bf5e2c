//! The mail outbox against a real SMTP server (maildev): an SMTP outage
//! delays mail and loses none, across a restart of the API.

use std::time::Duration;

use iam_api::cli::{create_user, CreateUserArgs, UserTypeArg};
use iam_api::db;

use crate::helpers::{
    create_account, create_org, free_port, test_settings, unique_email, MailDev, TestApp,
    TestDatabase,
};

async fn wait_until(mut check: impl FnMut() -> bool, timeout: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + timeout;
    while tokio::time::Instant::now() < deadline {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn create_user_succeeds_while_smtp_is_down_and_the_welcome_mail_arrives_after_a_restart() {
    // Arrange: an API whose SMTP server (maildev) is not running yet.
    let database = TestDatabase::new();
    let smtp_port = free_port();
    let settings = test_settings(&database, smtp_port);
    let first = TestApp::start(settings.clone()).await;
    let email = format!("new.user.{}@example.org", uuid::Uuid::new_v4().simple());

    // Act 1: the CLI command creates the user while mail cannot be delivered.
    let created = create_user(
        settings.clone(),
        CreateUserArgs {
            user_type: UserTypeArg::External,
            first_name: "Maria".into(),
            last_name: "Lopez".into(),
            email: email.clone(),
            orgs: vec![],
        },
    )
    .await
    .unwrap_or_else(|e| panic!("create-user must succeed with SMTP down: {e:#}"));
    assert!(
        iam_shared::rules::is_external_username(&created.username),
        "2-4-2 username: {}",
        created.username
    );
    assert!(created.username.starts_with("MA") && created.username.ends_with("LO"));

    // The sender tries, fails and schedules a retry.
    let retried = wait_until(
        || {
            first
                .with_conn(|conn| {
                    db::outbox::find_by_recipient(conn, &email).expect("the outbox is readable")
                })
                .first()
                .is_some_and(|m| m.attempts >= 1 && m.status.as_str() == "retrying")
        },
        Duration::from_secs(15),
    )
    .await;
    assert!(retried, "the welcome mail is retried while SMTP is down");

    // Act 2: restart the API, then start the SMTP server.
    first.stop().await;
    let second = TestApp::start(settings).await;
    let maildev = MailDev::start(smtp_port).await;

    // Assert: the Welcome e-mail arrives, exactly once, and is marked sent.
    let message = maildev.wait_for(&email, Duration::from_secs(30)).await;
    let message = message.unwrap_or_else(|| panic!("the welcome mail never arrived"));
    assert_eq!(message["subject"], "Welcome to IAMOnline");
    let text = message["text"].as_str().expect("`text` in the answer");
    assert!(
        text.contains(&format!("Username: {}", created.username)),
        "{text}"
    );
    assert!(
        text.contains("/activate#token="),
        "activation link with the token in the fragment: {text}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        maildev.messages_to(&email).await.len(),
        1,
        "delivered exactly once"
    );
    let sent = wait_until(
        || {
            second
                .with_conn(|conn| {
                    db::outbox::find_by_recipient(conn, &email).expect("the outbox is readable")
                })
                .first()
                .is_some_and(|m| m.status.as_str() == "sent" && m.sent_at.is_some())
        },
        Duration::from_secs(10),
    )
    .await;
    assert!(sent, "the outbox row is marked sent");
    second.stop().await;
    drop(maildev);
}

#[tokio::test]
async fn mail_a_request_queues_goes_out_at_once_not_at_the_next_poll() {
    // Arrange: a sender whose poll is far beyond this test's patience, so
    // only the wake-up after the request's work can deliver in time.
    let database = TestDatabase::new();
    let (maildev, smtp_port) = MailDev::start_on_free_port().await;
    let mut settings = test_settings(&database, smtp_port);
    settings.outbox_poll_ms = 600_000;
    let app = TestApp::start(settings).await;
    let email = unique_email("wake");
    create_org(&app, "12345");
    create_account(&app, "Wanda", "Wake", &email, Some("12345"));
    // Let the sender's first pass at start-up end and its long wait begin.
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Act: Forgot Username, a request that queues mail.
    let answer = app
        .post_json(
            "/api/v1/username/recovery",
            &serde_json::json!({"first_name": "Wanda", "last_name": "Wake", "email": email}),
        )
        .await;

    // Assert
    assert_eq!(answer.status(), 200);
    let delivered = wait_until_async(
        || async {
            maildev.messages_to(&email).await.iter().any(|m| {
                m["subject"]
                    .as_str()
                    .is_some_and(|s| s == "ImmTrac2 Request")
            })
        },
        Duration::from_secs(10),
    )
    .await;
    assert!(
        delivered,
        "the username e-mail went out without waiting for the poll"
    );
    app.stop().await;
}

async fn wait_until_async<F, Fut>(check: F, timeout: Duration) -> bool
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    while tokio::time::Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}
