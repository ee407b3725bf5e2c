//! The password policy through the API (SPEC §4).

use serde_json::{json, Value};

use crate::helpers::spawn_app;

async fn evaluate(app: &crate::helpers::TestApp, body: Value) -> (u16, Value) {
    let response = app.post_json("/api/v1/password/evaluate", &body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

fn failed(body: &Value) -> Vec<String> {
    body["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["passed"] == json!(false) && r["checked"] == json!(true))
        .filter_map(|r| r["rule"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn evaluate_lists_every_rule_and_rates_strength_without_echoing_the_password() {
    let (app, _db) = spawn_app().await;
    let (status, strong) = evaluate(&app, json!({"password": "Violet-Tundra-Gazebo-Quill-82", "username": "JO1234SM", "first_name": "John", "last_name": "Smith"})).await;
    assert_eq!(status, 200);
    assert_eq!(failed(&strong), Vec::<String>::new());
    assert_eq!(
        strong["rules"].as_array().map(Vec::len),
        Some(11),
        "every rule of the policy"
    );
    assert!(strong["strength"].as_u64().is_some_and(|s| s >= 3));
    let not_recent = strong["rules"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["rule"] == json!("not_recent"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        not_recent["checked"],
        json!(false),
        "history is checked when the password is saved"
    );
    assert!(
        !strong.to_string().contains("Violet"),
        "the password is never echoed"
    );

    let (_, weak) = evaluate(
        &app,
        json!({"password": "jo1234sm", "username": "JO1234SM"}),
    )
    .await;
    let weak_failures = failed(&weak);
    for rule in [
        "min_length",
        "uppercase",
        "symbol",
        "no_username",
        "not_common",
    ] {
        assert!(
            weak_failures.contains(&rule.to_owned()),
            "{rule} in {weak_failures:?}"
        );
    }
    assert!(weak["feedback"].as_str().is_some());

    let (status, body) = evaluate(&app, json!({"password": "x".repeat(1025)})).await;
    assert_eq!(
        (status, body["code"].clone()),
        (422, json!("validation_failed"))
    );
    app.stop().await;
}
