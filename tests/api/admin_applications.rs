//! The application catalogue through `/api/v1/admin/applications`: admins
//! add an application with its client (the secret shown once), change who
//! may use it, disable its client and rotate its secret; support staff may
//! not; every change is audited; and the relying party's view follows.

use iam_shared::types::MembershipRole;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{create_org, spawn_app, TestApp};
use crate::oidc::{code_for, pkce, userinfo, REDIRECT};

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

fn entry(id: &str) -> Value {
    json!({
        "id": id,
        "name": "Partner Portal",
        "description": "Reports for partners",
        "group": "my_apps",
        "launch_url": "https://partner.example/",
        "requires_aua": false,
        "allowed_user_types": [],
        "allowed_roles": [],
        "allowed_org_codes": [],
        "client": {
            "client_type": "confidential",
            "auth_method": "client_secret_basic",
            "redirect_uris": [REDIRECT],
            "scopes": ["openid", "profile", "email", "organizations"],
            "grant_types": ["authorization_code", "refresh_token"],
            "id_token_alg": "RS256",
            "access_token_ttl_secs": 300,
            "refresh_token_ttl_secs": 3600
        }
    })
}

#[tokio::test]
async fn admins_manage_the_catalogue_and_its_clients_and_support_staff_may_not() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "CAT100");
    let (admin, _) = app.signed_in_as("CAT100", MembershipRole::Admin).await;
    let (support, _) = app.signed_in_as("CAT100", MembershipRole::Support).await;
    let base = "/api/v1/admin/applications";

    let (status, _) = call(&app, Method::GET, base, &support, None).await;
    assert_eq!(status, 403, "support staff do not manage the catalogue");
    let (status, _) = call(&app, Method::POST, base, &support, Some(entry("partner"))).await;
    assert_eq!(status, 403);

    // Bad fields are 422 with the field named; nothing is written.
    let mut bad = entry("partner");
    bad["group"] = json!("elsewhere");
    bad["launch_url"] = json!("javascript:alert(1)");
    let (status, problem) = call(&app, Method::POST, base, &admin, Some(bad)).await;
    assert_eq!(status, 422, "{problem}");
    assert!(problem["field_errors"]["group"].is_array(), "{problem}");
    assert!(
        problem["field_errors"]["launch_url"].is_array(),
        "{problem}"
    );
    let mut bad_client = entry("partner");
    bad_client["client"]["redirect_uris"] = json!(["http://partner.example/cb"]);
    let (status, _) = call(&app, Method::POST, base, &admin, Some(bad_client)).await;
    assert_eq!(status, 422, "plain http off the loopback is refused");
    let (_, listed) = call(&app, Method::GET, base, &admin, None).await;
    assert!(
        !listed["applications"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|a| a["id"] == "partner"),
        "no half-written entry"
    );

    // Added: the secret is shown once, and works at the token endpoint.
    let (status, saved) = call(&app, Method::POST, base, &admin, Some(entry("partner"))).await;
    assert_eq!(status, 201, "{saved}");
    let secret = saved["client_secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(secret.len() >= 32, "{saved}");
    assert_eq!(
        saved["application"]["client"]["redirect_uris"],
        json!([REDIRECT])
    );
    let (status, _) = call(&app, Method::POST, base, &admin, Some(entry("partner"))).await;
    assert_eq!(status, 409);
    let (_, listed) = call(&app, Method::GET, base, &admin, None).await;
    let shown = listed["applications"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["id"] == "partner")
        .cloned()
        .unwrap_or_default();
    assert_eq!(shown["name"], "Partner Portal");
    assert!(
        !shown.to_string().contains(&secret),
        "the list never shows a secret"
    );

    let (user, _) = app.signed_in_as("CAT100", MembershipRole::User).await;
    let pkce = pkce();
    let code = code_for(&app, "partner", &pkce, &user).await;
    let (status, tokens, _) = crate::oidc::token_request(
        &app,
        Some(("partner", &secret)),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &pkce.verifier),
        ],
    )
    .await;
    assert_eq!(status, 200, "{tokens}");

    // Who may use it changes at once: a user is no longer admitted.
    let mut admins_only = entry("partner");
    admins_only["allowed_roles"] = json!(["admin"]);
    let (status, saved) = call(
        &app,
        Method::PUT,
        &format!("{base}/partner"),
        &admin,
        Some(admins_only.clone()),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(
        saved["client_secret"],
        Value::Null,
        "an update shows no secret"
    );
    let handle = crate::oidc::accepted(&app, "partner", &pkce, &[]).await;
    let (_, next) = crate::oidc::continue_with(&app, &handle, Some(&user)).await;
    assert_eq!(
        crate::oidc::param(next["location"].as_str().unwrap_or_default(), "error").as_deref(),
        Some("access_denied")
    );

    // Disabled: its tokens stop working.
    admins_only["client"]["disabled"] = json!(true);
    let (status, _) = call(
        &app,
        Method::PUT,
        &format!("{base}/partner"),
        &admin,
        Some(admins_only.clone()),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = userinfo(&app, tokens["access_token"].as_str().unwrap_or_default()).await;
    assert_eq!(status, 401);
    admins_only["client"]["disabled"] = json!(false);
    call(
        &app,
        Method::PUT,
        &format!("{base}/partner"),
        &admin,
        Some(admins_only),
    )
    .await;

    // A new secret: the old one stops at once.
    let (status, rotated) = call(
        &app,
        Method::POST,
        &format!("{base}/partner/secret"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, 200, "{rotated}");
    let fresh = rotated["client_secret"].as_str().unwrap_or_default();
    assert!(!fresh.is_empty() && fresh != secret);
    let (status, body, _) = crate::oidc::token_request(
        &app,
        Some(("partner", &secret)),
        &[("grant_type", "refresh_token"), ("refresh_token", "x")],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );

    let (status, _) = call(
        &app,
        Method::PUT,
        &format!("{base}/missing"),
        &admin,
        Some(entry("missing")),
    )
    .await;
    assert_eq!(status, 404);
    let created = app.audit_events("application_created");
    assert_eq!(created.len(), 1);
    assert_eq!(app.audit_events("application_updated").len(), 3);
    assert_eq!(app.audit_events("oidc_client_secret_rotated").len(), 1);
    app.stop().await;
}

/// The actor of the newest audit event of `event_type`.
fn newest_actor(app: &TestApp, event_type: &str) -> Option<String> {
    use diesel::prelude::*;
    use iam_api::db::schema::audit_events;
    app.with_conn(|conn| {
        audit_events::table
            .filter(audit_events::event_type.eq(event_type))
            .order(audit_events::id.desc())
            .select(audit_events::actor_id)
            .first::<Option<String>>(conn)
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

#[tokio::test]
async fn a_disabled_client_keeps_nothing_a_secret_follows_the_method_and_changes_are_audited() {
    let (app, _db) = spawn_app().await;
    create_org(&app, "CAT200");
    let (admin, admin_id) = app.signed_in_as("CAT200", MembershipRole::Admin).await;
    let base = "/api/v1/admin/applications";
    let path = format!("{base}/partner");

    // What the URL parser would quietly rewrite is refused as typed: a line
    // break (stored one URI per line), a backslash, an id that is a path
    // step, a launch address a browser reads as another site.
    for (field, value) in [
        (
            "/client/redirect_uris",
            json!(["https://partner.example/cb\nhttp://evil.example/cb"]),
        ),
        (
            "/client/redirect_uris",
            json!(["https://partner.example\\evil.example/"]),
        ),
        ("/id", json!("..")),
        ("/launch_url", json!("/\\evil.example")),
    ] {
        let mut bad = entry("partner");
        *bad.pointer_mut(field).unwrap_or_else(|| panic!("{field}")) = value;
        let (status, problem) = call(&app, Method::POST, base, &admin, Some(bad)).await;
        assert_eq!(status, 422, "{field}: {problem}");
    }

    let (status, saved) = call(&app, Method::POST, base, &admin, Some(entry("partner"))).await;
    assert_eq!(status, 201, "{saved}");
    let secret = saved["client_secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        newest_actor(&app, "oidc_client_created"),
        Some(admin_id.clone())
    );
    let (user, _) = app.signed_in_as("CAT200", MembershipRole::User).await;
    let pkce = pkce();
    let code = code_for(&app, "partner", &pkce, &user).await;
    let (status, tokens, _) = crate::oidc::token_request(
        &app,
        Some(("partner", &secret)),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &pkce.verifier),
        ],
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    let refresh = tokens["refresh_token"].as_str().unwrap_or_default();

    // Disabled and enabled again: what it held before stays revoked.
    let mut settings = entry("partner");
    settings["client"]["disabled"] = json!(true);
    let (status, _) = call(&app, Method::PUT, &path, &admin, Some(settings.clone())).await;
    assert_eq!(status, 200);
    settings["client"]["disabled"] = json!(false);
    let (status, _) = call(&app, Method::PUT, &path, &admin, Some(settings.clone())).await;
    assert_eq!(status, 200);
    let (status, body, _) = crate::oidc::token_request(
        &app,
        Some(("partner", &secret)),
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
    let (_, detail) = app
        .audit_events("application_updated")
        .pop()
        .unwrap_or_default();
    assert_eq!(
        detail["changed"]["client.disabled"],
        json!({"from": true, "to": false}),
        "{detail}"
    );
    assert_eq!(
        newest_actor(&app, "application_updated"),
        Some(admin_id.clone())
    );

    // A public client has no secret; made confidential again, it gets a
    // new one and the old one is worthless.
    settings["client"]["client_type"] = json!("public");
    settings["client"]["auth_method"] = json!("none");
    let (status, saved) = call(&app, Method::PUT, &path, &admin, Some(settings.clone())).await;
    assert_eq!(
        (status, &saved["client_secret"]),
        (200, &Value::Null),
        "{saved}"
    );
    settings["client"]["client_type"] = json!("confidential");
    settings["client"]["auth_method"] = json!("client_secret_post");
    let (status, saved) = call(&app, Method::PUT, &path, &admin, Some(settings)).await;
    assert_eq!(status, 200, "{saved}");
    let fresh = saved["client_secret"].as_str().unwrap_or_default();
    assert!(fresh.len() >= 32 && fresh != secret, "{saved}");
    assert_eq!(
        newest_actor(&app, "oidc_client_secret_rotated"),
        Some(admin_id)
    );
    let (status, body, _) = crate::oidc::token_request(
        &app,
        None,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
            ("client_id", "partner"),
            ("client_secret", &secret),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client")),
        "{body}"
    );

    // A NUL in the path is a plain "not found", on either database.
    let (status, _) = call(&app, Method::DELETE, "/api/v1/consents/%00", &user, None).await;
    assert_eq!(status, 404);
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("{base}/%00/secret"),
        &admin,
        None,
    )
    .await;
    assert_eq!(status, 404);
    app.stop().await;
}
