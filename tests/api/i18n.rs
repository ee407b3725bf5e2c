//! Spanish beside English (docs/i18n.md): problem details follow
//! `Accept-Language` while the `code` stays, and the text catalogue is
//! served for the languages the portal offers.

use iam_shared::i18n::Lang;
use serde_json::{json, Value};

use crate::helpers::{free_port, test_settings, TestApp, TestDatabase};

async fn bilingual_app() -> (TestApp, TestDatabase) {
    let db = TestDatabase::new();
    let settings = iam_api::config::Settings {
        languages: vec![Lang::En, Lang::Es],
        ..test_settings(&db, free_port())
    };
    (TestApp::start(settings).await, db)
}

/// A POST with `Accept-Language: accept`: (status, Content-Language, body).
async fn post_asking(
    app: &TestApp,
    path: &str,
    body: &Value,
    accept: &str,
) -> (u16, String, Value) {
    let response = app
        .client
        .post(app.url(path))
        .header("Accept-Language", accept)
        .json(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    let language = response
        .headers()
        .get("content-language")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, language, response.json().await.unwrap_or_default())
}

/// A citizen sign-up with every field empty: refused by the field rules.
fn blank() -> Value {
    json!({"first_name": "", "last_name": "", "email": ""})
}

#[tokio::test]
async fn a_problem_detail_follows_accept_language_and_its_code_stays() {
    let (app, _db) = bilingual_app().await;
    let form = json!({"first_name": "Ana", "last_name": "Ruiz", "email": "ana.ruiz@example.com",
                      "captcha": {"captcha_id": "00000000-0000-4000-8000-000000000000", "answer": "ABCDE"}});
    let path = "/api/v1/registration/citizen";
    let (status, language, english) = post_asking(&app, path, &form, "en-US,en;q=0.9").await;
    assert_eq!((status, language.as_str()), (422, "en"), "{english}");
    assert_eq!(english["code"], json!("captcha_invalid"));
    let (status, language, spanish) =
        post_asking(&app, path, &form, "es-MX,es;q=0.9,en;q=0.5").await;
    assert_eq!((status, language.as_str()), (422, "es"), "{spanish}");
    assert_eq!(spanish["code"], english["code"]);
    assert_eq!(
        spanish["detail"],
        json!("Los caracteres que escribió no coinciden con la imagen. Inténtelo de nuevo con la imagen nueva.")
    );
    assert_eq!(
        spanish["captcha_required"],
        json!(true),
        "the other members stay"
    );
    // Validation and actix's own refusals too.
    let (status, _, invalid) = post_asking(&app, path, &blank(), "es").await;
    assert_eq!(
        (status, invalid["code"].clone()),
        (422, json!("validation_failed")),
        "{invalid}"
    );
    assert_eq!(
        invalid["detail"],
        json!("Faltan algunos datos o no son válidos.")
    );
    let missing = app
        .client
        .get(app.url("/api/v1/no-such-thing"))
        .header("Accept-Language", "es")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(missing.status().as_u16(), 404);
    let body: Value = missing.json().await.unwrap_or_default();
    assert_eq!(
        (body["code"].clone(), body["detail"].clone()),
        (
            json!("not_found"),
            json!("No se encontró el recurso solicitado.")
        )
    );
    app.stop().await;
}

#[tokio::test]
async fn a_language_the_portal_does_not_offer_is_neither_served_nor_answered() {
    let (app, _db) = crate::helpers::spawn_app().await;
    let (status, language, body) =
        post_asking(&app, "/api/v1/registration/citizen", &blank(), "es").await;
    assert_eq!((status, language.as_str()), (422, "en"), "{body}");
    assert_eq!(body["detail"], json!("Some fields are missing or invalid."));
    let texts = app
        .client
        .get(app.url("/api/v1/texts/es/signin"))
        .send()
        .await;
    assert_eq!(texts.map(|r| r.status().as_u16()).unwrap_or_default(), 404);
    app.stop().await;
}

async fn fetch(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn the_catalogue_is_served_per_language_and_area() {
    let (app, _db) = bilingual_app().await;
    let (status, english) = fetch(&app, "/api/v1/texts/en/signin").await;
    assert_eq!(status, 200, "{english}");
    let (status, spanish) = fetch(&app, "/api/v1/texts/es/signin").await;
    assert_eq!(status, 200, "{spanish}");
    assert_eq!(english["keys"], spanish["keys"]);
    let at = |body: &Value, key: &str| -> Value {
        let keys = body["keys"].as_array().cloned().unwrap_or_default();
        let index = keys.iter().position(|k| k == key).unwrap_or(usize::MAX);
        body["texts"].get(index).cloned().unwrap_or_default()
    };
    assert_eq!(at(&english, "NEXT"), json!("Next"));
    assert_eq!(at(&spanish, "NEXT"), json!("Siguiente"));
    for path in [
        "/api/v1/texts/fr/signin",
        "/api/v1/texts/es/nowhere",
        "/api/v1/texts/ES/signin",
    ] {
        assert_eq!(fetch(&app, path).await.0, 404, "{path}");
    }
    app.stop().await;
}
