//! Bad input always gets a problem+json 4xx with a stable code.

use crate::helpers::spawn_app;

const PATH: &str = "/api/v1/username/recovery";

async fn problem(response: reqwest::Response) -> (u16, String, serde_json::Value) {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let text = response.text().await.expect("the answer's body arrives");
    // Plain text instead of a problem is what these tests catch: kept as a
    // string, for their assertions to fail on and show.
    let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    (status, content_type, body)
}

#[tokio::test]
async fn malformed_json_is_a_400_problem() {
    let (app, _db) = spawn_app().await;
    let response = app
        .client
        .post(app.url(PATH))
        .header("content-type", "application/json")
        .body("{\"first_name\": ")
        .send()
        .await;
    let (status, content_type, body) = problem(response.unwrap_or_else(|e| panic!("{e}"))).await;
    assert_eq!(status, 400);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(body["code"], "malformed_body", "{body}");
    assert_eq!(body["status"], 400);
    assert_eq!(body["type"], "urn:iamonline:problem:malformed_body");
    app.stop().await;
}

#[tokio::test]
async fn a_wrong_content_type_is_a_415_problem() {
    let (app, _db) = spawn_app().await;
    let response = app
        .client
        .post(app.url(PATH))
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await;
    let (status, content_type, body) = problem(response.unwrap_or_else(|e| panic!("{e}"))).await;
    assert_eq!(status, 415);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(body["code"], "unsupported_media_type", "{body}");
    app.stop().await;
}

#[tokio::test]
async fn an_oversized_body_is_a_413_problem() {
    let (app, _db) = spawn_app().await;
    let huge = serde_json::json!({"first_name": "x".repeat(64 * 1024), "last_name": "y", "email": "a@b.org"});
    let (status, content_type, body) = problem(app.post_json(PATH, &huge).await).await;
    assert_eq!(status, 413);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(body["code"], "payload_too_large", "{body}");
    app.stop().await;
}

#[tokio::test]
async fn unknown_fields_are_a_422_problem_naming_the_field() {
    let (app, _db) = spawn_app().await;
    let body = serde_json::json!({"first_name": "A", "last_name": "B", "email": "a@b.org", "is_admin": true});
    let (status, _, body) = problem(app.post_json(PATH, &body).await).await;
    assert_eq!(status, 422);
    assert_eq!(body["code"], "validation_failed");
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("is_admin")),
        "{body}"
    );
    app.stop().await;
}

#[tokio::test]
async fn oversized_and_invalid_fields_are_a_422_problem_with_field_errors() {
    let (app, _db) = spawn_app().await;
    let body = serde_json::json!({"first_name": "x".repeat(101), "last_name": " ", "email": "not-an-email"});
    let (status, _, body) = problem(app.post_json(PATH, &body).await).await;
    assert_eq!(status, 422);
    assert_eq!(body["code"], "validation_failed");
    assert_eq!(
        body["field_errors"]["first_name"][0], "invalid_name",
        "{body}"
    );
    assert_eq!(
        body["field_errors"]["last_name"][0], "invalid_name",
        "{body}"
    );
    assert_eq!(body["field_errors"]["email"][0], "invalid_email", "{body}");
    app.stop().await;
}

#[tokio::test]
async fn unknown_api_paths_and_wrong_methods_are_problems_not_plain_text() {
    let (app, _db) = spawn_app().await;
    let (status, content_type, body) = problem(app.get("/api/v1/does-not-exist").await).await;
    assert_eq!(
        (status, content_type.as_str()),
        (404, "application/problem+json")
    );
    assert_eq!(body["code"], "not_found");
    let response = app
        .client
        .delete(app.url("/api/v1/config"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, content_type, body) = problem(response).await;
    assert!(status == 404 || status == 405, "status {status}");
    assert_eq!(content_type, "application/problem+json", "{body}");
    app.stop().await;
}

#[tokio::test]
async fn a_panicking_handler_answers_a_plain_500_problem_and_the_server_goes_on() {
    let (app, _db) = crate::helpers::spawn_app().await;
    for _ in 0..3 {
        let response = app.get("/api/v1/test-hooks/panic").await;
        assert_eq!(response.status(), 500);
        assert_eq!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json")
        );
        let body: serde_json::Value = response.json().await.expect("the 500 problem is JSON");
        assert_eq!(body["code"], serde_json::json!("internal"), "{body}");
        assert!(
            !body.to_string().contains("test hook"),
            "the cause stays in the log: {body}"
        );
    }
    assert_eq!(
        app.get("/api/v1/config").await.status(),
        200,
        "still serving"
    );
    app.stop().await;
}
