//! The client's address behind trusted reverse proxies (`trusted_proxies`)
//! and the /64 grouping of IPv6 clients: what the per-address rate limit,
//! the audit trail and session records see.

use serde_json::json;

use crate::helpers::{
    create_active_account, create_org, free_port, test_settings, TestApp, TestDatabase,
};

/// A server allowing `limit` public POSTs a minute per client, trusting
/// `proxies` (comma-separated CIDRs).
async fn limited_app(limit: u32, proxies: &str) -> (TestApp, TestDatabase) {
    let db = TestDatabase::new();
    let settings = iam_api::config::Settings {
        rate_limit_per_minute: limit,
        trusted_proxies: proxies.into(),
        ..test_settings(&db, free_port())
    };
    (TestApp::start(settings).await, db)
}

/// The statuses of `count` public POSTs carrying `X-Forwarded-For: forwarded`.
async fn statuses_from(app: &TestApp, forwarded: &str, count: usize) -> Vec<u16> {
    let mut statuses = Vec::new();
    for _ in 0..count {
        let response = app
            .client
            .post(app.url("/api/v1/signin"))
            .header("x-forwarded-for", forwarded)
            .json(&json!({"username": "JO1234SM"}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        statuses.push(response.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget() {
    let (app, _db) = limited_app(3, "127.0.0.1/32").await;
    // Seven from the first client: even across a minute boundary at least
    // one is refused.
    let first = statuses_from(&app, "198.51.100.1", 7).await;
    assert!(
        first.contains(&429),
        "the first client is limited: {first:?}"
    );
    // The proxy appends the real address; what the client wrote to its left
    // is not believed.
    let second = statuses_from(&app, "198.51.100.1, 198.51.100.2", 1).await;
    assert_eq!(
        second,
        [200],
        "another client behind the same proxy is served"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_direct_caller_cannot_choose_its_address_with_a_forged_header() {
    let (app, _db) = limited_app(3, "").await;
    let mut statuses = Vec::new();
    for n in 0..7 {
        statuses.extend(statuses_from(&app, &format!("198.51.100.{n}"), 1).await);
    }
    assert!(
        statuses.contains(&429),
        "a new X-Forwarded-For each time buys no new budget: {statuses:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn ipv6_clients_are_limited_per_64() {
    let (app, _db) = limited_app(3, "127.0.0.1").await;
    let mut statuses = Vec::new();
    for n in 1..=7 {
        statuses.extend(statuses_from(&app, &format!("2001:db8:0:7::{n}"), 1).await);
    }
    assert!(
        statuses.contains(&429),
        "addresses of one /64 share a budget: {statuses:?}"
    );
    let other = statuses_from(&app, "2001:db8:0:8::1", 1).await;
    assert_eq!(other, [200], "the next /64 has its own");
    app.stop().await;
}

#[tokio::test]
async fn audit_events_record_the_forwarded_client() {
    use diesel::prelude::*;
    use iam_api::db::schema::audit_events;
    let (app, _db) = limited_app(100, "127.0.0.1/32").await;
    create_org(&app, "PRX01");
    let email = format!("pat.{}@example.org", uuid::Uuid::new_v4().simple());
    let username =
        create_active_account(&app, &email, "Correct-Horse-Battery-9", &["PRX01"]).username;
    let response = app
        .client
        .post(app.url("/api/v1/login"))
        .header("x-forwarded-for", "203.0.113.50")
        .json(&json!({"org_code": "PRX01", "username": username, "password": "Wrong-Password-1"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 401);
    let addresses: Vec<Option<String>> = app.with_conn(|conn| {
        audit_events::table
            .select(audit_events::ip)
            .load(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    });
    // Events of the request name the client, not the proxy (the account's
    // creation, done by the test directly, has no address).
    let recorded: Vec<&String> = addresses.iter().flatten().collect();
    assert!(
        !recorded.is_empty() && recorded.iter().all(|a| *a == "203.0.113.50"),
        "{addresses:?}"
    );
    app.stop().await;
}
