//! Spanish beside English (docs/i18n.md): problem details follow
//! `Accept-Language` while the `code` stays, and the text catalogue is
//! served for the languages the portal offers.

use iam_shared::i18n::Lang;
use serde_json::{json, Value};

use std::time::Duration;

use iam_shared::i18n::mail;

use crate::helpers::{create_active_account, create_org, free_port, step_path, test_settings};
use crate::helpers::{unique_email, MailDev, TestApp, TestDatabase, PASSWORD};

/// A portal that offers English only (`IAM_LANGUAGES = [en]`).
async fn english_only_app() -> (TestApp, TestDatabase) {
    let db = TestDatabase::new();
    let settings = iam_api::config::Settings {
        languages: vec![Lang::En],
        ..test_settings(&db, free_port())
    };
    (TestApp::start(settings).await, db)
}

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
    let (app, _db) = english_only_app().await;
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
    let version = iam_shared::i18n::Area::Signin.version();
    assert_eq!(english["version"], json!(version));
    assert_eq!(
        spanish["version"],
        json!(version),
        "one catalogue, one version"
    );
    let (status, cached) = fetch(&app, &format!("/api/v1/texts/es/signin?v={version}")).await;
    assert_eq!(
        (status, cached["texts"].clone()),
        (200, spanish["texts"].clone())
    );
    assert_ne!(
        fetch(&app, "/api/v1/texts/es/common").await.1["version"],
        json!(version)
    );
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

/// A GET with `Accept-Language: es`: (status, header, body).
async fn get_in_spanish(app: &TestApp, path: &str, header: &str) -> (u16, String, Value) {
    let response = app
        .client
        .get(app.url(path))
        .header("Accept-Language", "es")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    let value = response
        .headers()
        .get(header)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, value, response.json().await.unwrap_or_default())
}

/// The scopes' own layers refuse too (a rate limit, a contained panic):
/// those answers pass the app's layers like any other, so they carry the
/// security headers and speak the reader's language.
#[tokio::test]
async fn a_refusal_of_the_scope_layers_is_localized_and_carries_the_security_headers() {
    let db = TestDatabase::new();
    let settings = iam_api::config::Settings {
        languages: vec![Lang::En, Lang::Es],
        rate_limit_per_minute: 1,
        ..test_settings(&db, free_port())
    };
    let app = TestApp::start(settings).await;
    let path = "/api/v1/registration/citizen";
    let mut refused = None;
    for _ in 0..3 {
        let response = app
            .client
            .post(app.url(path))
            .header("Accept-Language", "es")
            .json(&blank())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        if response.status().as_u16() == 429 {
            refused = Some(response);
            break;
        }
    }
    let refused = refused.expect("the second POST in a minute is refused");
    let header = |name: &str| {
        refused
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("x-frame-options"), "DENY");
    assert_eq!(header("content-language"), "es");
    assert!(!header("retry-after").is_empty(), "Retry-After stays");
    let body: Value = refused.json().await.unwrap_or_default();
    assert_eq!(
        (body["code"].clone(), body["detail"].clone()),
        (
            json!("rate_limited"),
            json!("Demasiadas solicitudes. Espere un momento e inténtelo de nuevo.")
        )
    );
    let (status, frame, body) =
        get_in_spanish(&app, "/api/v1/test-hooks/panic", "x-frame-options").await;
    assert_eq!((status, frame.as_str()), (500, "DENY"), "{body}");
    assert_eq!(body["code"], json!("internal"));
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.starts_with("Ocurrió un error en nuestro sistema.")),
        "{body}"
    );
    app.stop().await;
}

/// The first message to `to` with `subject` that maildev has received
/// within 20 s.
async fn mail_with_subject(maildev: &MailDev, to: &str, subject: &str) -> Value {
    for _ in 0..100 {
        let found = maildev
            .messages_to(to)
            .await
            .into_iter()
            .find(|m| m["subject"] == json!(subject));
        if let Some(message) = found {
            return message;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("no e-mail \"{subject}\" to {to}");
}

fn text_of(message: &Value) -> String {
    message["text"].as_str().unwrap_or_default().to_owned()
}

/// The first run of exactly six digits: the code of a code e-mail.
fn six_digits(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 6)
        .unwrap_or_else(|| panic!("a six-digit code in: {text}"))
        .to_owned()
}

fn language_of(app: &TestApp, email: &str) -> Option<String> {
    use diesel::prelude::*;
    use iam_api::db::schema::users;
    app.with_conn(|conn| {
        users::table
            .filter(users::email.eq(email))
            .select(users::language)
            .first(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// E-mails, read through a real SMTP server, in the reader's language: a
/// sign-up's Welcome in the language it was sent in; an account that never
/// said one gets English whatever the request asks; a sign-in in Spanish
/// makes the account Spanish, and a reset asked for in English then still
/// comes in the owner's Spanish, as does a public form's receipt to its
/// address.
#[tokio::test]
async fn e_mails_go_out_in_the_language_of_the_account_or_of_its_request() {
    let (maildev, smtp_port) = MailDev::start_on_free_port().await;
    let db = TestDatabase::new();
    let app = TestApp::start(iam_api::config::Settings {
        languages: vec![Lang::En, Lang::Es],
        ..test_settings(&db, smtp_port)
    })
    .await;
    let portal = [("portal", "IAMOnline")];
    let spanish = "es-MX,es;q=0.9";

    let citizen = unique_email("lucia");
    let form = json!({"first_name": "Lucía", "last_name": "Pérez", "email": citizen,
                      "captcha": app.solved_captcha().await});
    let (status, _, body) = post_asking(&app, "/api/v1/registration/citizen", &form, spanish).await;
    assert_eq!(status, 202, "{body}");
    let welcome = mail_with_subject(
        &maildev,
        &citizen,
        &mail::WELCOME_SUBJECT.fill(Lang::Es, &portal),
    )
    .await;
    let text = text_of(&welcome);
    assert!(text.contains("siete (7) días"), "{text}");
    assert!(!text.contains("Thank you,"), "{text}");
    assert_eq!(language_of(&app, &citizen).as_deref(), Some("es"));

    create_org(&app, "LANG01");
    let email = unique_email("mateo");
    let account = create_active_account(&app, &email, PASSWORD, &["LANG01"]);
    assert_eq!(language_of(&app, &email), None, "never said");
    let (_, _, started) = post_asking(
        &app,
        "/api/v1/signin",
        &json!({"username": account.username}),
        spanish,
    )
    .await;
    let tx = started["transaction_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let steps = [
        ("password", json!({"password": PASSWORD})),
        ("email-code", json!({})),
    ];
    for (step, body) in steps {
        let (status, _, answer) = post_asking(&app, &step_path(&tx, step), &body, spanish).await;
        assert_eq!(status, 200, "{step}: {answer}");
    }
    // A code a stranger could have asked for goes out in the account's
    // language; this account has not said one yet: English.
    let code_mail = mail_with_subject(
        &maildev,
        &email,
        &mail::VERIFICATION_SUBJECT.fill(Lang::En, &portal),
    )
    .await;
    let code = six_digits(&text_of(&code_mail));
    let (status, _, answer) = post_asking(
        &app,
        &step_path(&tx, "email-code/verify"),
        &json!({"code": code}),
        spanish,
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let (status, _, done) = post_asking(&app, &step_path(&tx, "agree"), &json!({}), spanish).await;
    assert_eq!(status, 200, "{done}");
    assert!(done["access_token"].is_string(), "{done}");
    assert_eq!(language_of(&app, &email).as_deref(), Some("es"));

    let (status, _, started) = post_asking(
        &app,
        "/api/v1/password/recovery",
        &json!({"identifier": account.username}),
        "en-US,en;q=0.9",
    )
    .await;
    assert_eq!(status, 200, "{started}");
    let id = started["recovery_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (status, _, sent) = post_asking(
        &app,
        &format!("/api/v1/password/recovery/{id}/send"),
        &json!({}),
        "en-US,en;q=0.9",
    )
    .await;
    assert_eq!(status, 200, "{sent}");
    let reset = mail_with_subject(
        &maildev,
        &email,
        &mail::RECOVERY_SUBJECT.fill(Lang::Es, &portal),
    )
    .await;
    let text = text_of(&reset);
    assert!(text.contains("#token="), "{text}");
    assert!(
        text.contains(" minutos") && !text.contains(" minutes"),
        "{text}"
    );

    // A stranger's form naming the Spanish account's address, asked in
    // English: its receipt goes out in the owner's Spanish.
    let form = json!({"kind": "organization", "first_name": "Mateo", "last_name": "Cruz",
                      "email": email, "phone": "", "organization_name": "Clínica del Valle",
                      "justification": "", "captcha": app.solved_captcha().await});
    let (status, _, body) = post_asking(
        &app,
        "/api/v1/registration/organization",
        &form,
        "en-US,en;q=0.9",
    )
    .await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(
        body["message"],
        json!(iam_shared::i18n::problems::REGISTRATION_RECEIVED.en),
        "the answer is the asker's"
    );
    mail_with_subject(
        &maildev,
        &email,
        &mail::REQUEST_RECEIVED_SUBJECT.fill(Lang::Es, &portal),
    )
    .await;
    app.stop().await;
}

/// The configured texts follow the language where the portal has them in
/// it: the default contacts have the portal's own Spanish, a notice the
/// agency translated is Spanish, and one it did not says it is English.
#[tokio::test]
async fn the_configuration_answers_in_the_language_asked_and_says_what_is_untranslated() {
    let db = TestDatabase::new();
    let app = TestApp::start(iam_api::config::Settings {
        languages: vec![Lang::En, Lang::Es],
        ..test_settings(&db, free_port())
    })
    .await;
    let (status, language, spanish) =
        get_in_spanish(&app, "/api/v1/config", "content-language").await;
    assert_eq!((status, language.as_str()), (200, "es"), "{spanish}");
    assert_eq!(
        spanish["support"]["help_desk_hours"],
        json!("de 7:00 a. m. a 7:00 p. m., hora del centro (CT), de lunes a viernes")
    );
    // The default legal texts have the portal's own Spanish.
    assert_eq!(spanish["system_use_notification_lang"], json!("es"));
    assert_eq!(spanish["confidentiality_statement_lang"], json!("es"));
    assert!(spanish["confidentiality_statement"]
        .as_str()
        .is_some_and(|s| s.starts_with("La información de este sistema")));
    let english: Value = app
        .get("/api/v1/config")
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(
        english["support"]["help_desk_hours"],
        json!("7:00 a.m. to 7:00 p.m. Central Time (CT), Monday through Friday")
    );
    assert_eq!(english["system_use_notification_lang"], json!("en"));
    app.stop().await;

    let db = TestDatabase::new();
    let app = TestApp::start(iam_api::config::Settings {
        languages: vec![Lang::En, Lang::Es],
        help_desk_hours: "9 to 5".into(),
        confidentiality_statement: "Our own statement.".into(),
        spanish: iam_api::config::TranslatedTexts {
            system_use_notification: Some("Advertencia: sistema del estado.".into()),
            ..Default::default()
        },
        ..test_settings(&db, free_port())
    })
    .await;
    let (_, _, spanish) = get_in_spanish(&app, "/api/v1/config", "vary").await;
    assert_eq!(
        (
            spanish["system_use_notification"].clone(),
            spanish["system_use_notification_lang"].clone()
        ),
        (json!("Advertencia: sistema del estado."), json!("es"))
    );
    assert_eq!(
        spanish["support"]["help_desk_hours"],
        json!("9 to 5"),
        "no stale Spanish default"
    );
    assert_eq!(
        (
            spanish["confidentiality_statement"].clone(),
            spanish["confidentiality_statement_lang"].clone()
        ),
        (json!("Our own statement."), json!("en")),
        "an untranslated legal text is English and says so"
    );
    app.stop().await;
}

/// A request with a bearer token, a body and `Accept-Language: es`.
async fn send_in_spanish(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    crate::helpers::send_asking(app, method, path, token, body, Some("es-MX,es;q=0.9")).await
}

/// The messages of successful answers, the AUA form and password feedback
/// are written in the language asked for; the AUA's version is the same
/// in both, and the signature records the language the policy was read in.
#[tokio::test]
async fn answers_and_the_aua_form_are_written_in_the_language_asked() {
    use reqwest::Method;
    let (app, _db) = bilingual_app().await;
    create_org(&app, "LANG04");
    let (token, user_id) = app
        .signed_in_without_aua("LANG04", iam_shared::types::MembershipRole::User)
        .await;

    let (status, form) =
        send_in_spanish(&app, Method::GET, "/api/v1/aua", Some(&token), None).await;
    assert_eq!(status, 200, "{form}");
    assert_eq!(form["policy_lang"], json!("es"));
    assert!(form["policy"]
        .as_str()
        .is_some_and(|p| p.starts_with("Política de Uso Aceptable")));
    assert!(form["acknowledgement"]
        .as_str()
        .is_some_and(|a| a.starts_with("He leído")));
    assert!(form["choices"][3]["label"]
        .as_str()
        .is_some_and(|l| l.starts_with("Contratista")));
    let english: Value = app
        .client
        .get(app.url("/api/v1/aua"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(english["policy_lang"], json!("en"));
    assert_eq!(
        english["document_version"], form["document_version"],
        "a translation is the same version"
    );

    let today = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let signature = json!({
        "acknowledged": true, "first_name": "Ana", "last_name": "Ruiz",
        "work_email": "ana.ruiz@example.org", "work_phone": "", "affiliation": "contractor",
        "explanation": "Registro", "comments": "", "employee_id": "", "date_signed": today,
        "document_version": form["document_version"],
    });
    let (status, signed) = send_in_spanish(
        &app,
        Method::POST,
        "/api/v1/aua",
        Some(&token),
        Some(&signature),
    )
    .await;
    assert_eq!(status, 200, "{signed}");
    assert_eq!(
        signed["message"],
        json!("Su formulario del AUA firmado se envió correctamente. Gracias.")
    );
    let detail = app.with_conn(|conn| {
        use diesel::prelude::*;
        use iam_api::db::schema::audit_events;
        audit_events::table
            .filter(audit_events::user_id.eq(&user_id))
            .filter(audit_events::event_type.eq("aua_signed"))
            .select(audit_events::detail)
            .first::<String>(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    });
    assert!(detail.contains(r#""language":"es""#), "{detail}");

    let weak = json!({"password": "ImmTrac2-Password-1"});
    let (status, evaluated) = send_in_spanish(
        &app,
        Method::POST,
        "/api/v1/password/evaluate",
        None,
        Some(&weak),
    )
    .await;
    assert_eq!(status, 200, "{evaluated}");
    assert!(
        evaluated["feedback"]
            .as_str()
            .is_some_and(|f| f.starts_with("Evite los nombres de este servicio")),
        "{evaluated}"
    );

    let (status, bye) =
        send_in_spanish(&app, Method::DELETE, "/api/v1/session", Some(&token), None).await;
    assert_eq!(status, 200, "{bye}");
    assert!(
        bye["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Ya cerró su sesión de")),
        "{bye}"
    );
    app.stop().await;
}

/// The switch, signed in, sets the account's language (its e-mails
/// follow); only a language the portal offers, and only one's own.
#[tokio::test]
async fn a_signed_in_user_chooses_the_language_of_their_e_mails() {
    use reqwest::Method;
    let (app, _db) = bilingual_app().await;
    create_org(&app, "LANG02");
    let (token, user_id) = app
        .signed_in_as("LANG02", iam_shared::types::MembershipRole::User)
        .await;
    let path = "/api/v1/session/language";
    let language = || {
        use diesel::prelude::*;
        use iam_api::db::schema::users;
        app.with_conn(|conn| {
            users::table
                .find(&user_id)
                .select(users::language)
                .first::<Option<String>>(conn)
                .unwrap_or_else(|e| panic!("{e}"))
        })
    };
    let body = json!({"language": "es"});
    let (status, answer) =
        crate::helpers::send(&app, Method::PUT, path, Some(&token), Some(&body)).await;
    assert_eq!(status, 204, "{answer}");
    assert_eq!(language().as_deref(), Some("es"));
    let (status, _) = crate::helpers::send(&app, Method::PUT, path, None, Some(&body)).await;
    assert_eq!(status, 401);
    let (status, answer) = crate::helpers::send(
        &app,
        Method::PUT,
        path,
        Some(&token),
        Some(&json!({"language": "fr"})),
    )
    .await;
    assert!((400..500).contains(&status), "{status} {answer}");
    assert_eq!(language().as_deref(), Some("es"), "unchanged");
    app.stop().await;

    let (app, _db) = english_only_app().await;
    create_org(&app, "LANG03");
    let (token, _) = app
        .signed_in_as("LANG03", iam_shared::types::MembershipRole::User)
        .await;
    let (status, answer) =
        crate::helpers::send(&app, Method::PUT, path, Some(&token), Some(&body)).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["field_errors"]["language"], json!(["not_offered"]));
    app.stop().await;
}
