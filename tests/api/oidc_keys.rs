//! Rotating the keys that sign for applications, through the running
//! server: a key staged ahead is published before it signs, takes over at
//! its activation, and its predecessor stays published until what it
//! signed has expired.

use iam_api::auth::oidc_keys::{add_key, OidcKeyRing};
use iam_api::domain::oauth::IdTokenAlg;
use iam_shared::types::MembershipRole;
use serde_json::Value;

use crate::helpers::{create_org, spawn_with_clock, TestApp};
use crate::oidc::{id_token_for, register, verified_id_token};

async fn published_kids(app: &TestApp) -> Vec<String> {
    let jwks: Value = app
        .get("/.well-known/jwks.json")
        .await
        .json()
        .await
        .unwrap_or_default();
    jwks["keys"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|k| k["alg"] == "RS256")
        .filter_map(|k| k["kid"].as_str().map(str::to_owned))
        .collect()
}

fn kid_of(token: &str) -> String {
    jsonwebtoken::decode_header(token)
        .ok()
        .and_then(|h| h.kid)
        .unwrap_or_default()
}

#[tokio::test]
async fn a_staged_key_is_published_first_signs_at_its_activation_and_outlives_nothing() {
    let dir = std::env::temp_dir().join(format!("iam-tests-rotation-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let now = chrono::Utc::now();
    let retention = chrono::Duration::hours(24);
    OidcKeyRing::load_or_generate(&dir, retention, now).unwrap_or_else(|e| panic!("{e}"));
    // What `iam-api rotate-keys --in 1` does.
    add_key(&dir, IdTokenAlg::Rs256, now + chrono::Duration::hours(1))
        .unwrap_or_else(|e| panic!("{e}"));
    let keys_dir = dir.clone();
    let (app, _db, clock) = spawn_with_clock(move |s| {
        s.oidc_keys_dir = Some(keys_dir);
        s.oidc_key_retention_secs = 24 * 3600;
    })
    .await;
    create_org(&app, "ROTATE");
    register(&app, "vaos", |c| c.refresh_token_ttl_secs = 3 * 24 * 3600);
    let (portal_token, _) = app.signed_in_as("ROTATE", MembershipRole::User).await;

    let kids = published_kids(&app).await;
    assert_eq!(
        kids.len(),
        2,
        "the staged key is published already: {kids:?}"
    );
    let before = id_token_for(&app, "vaos", &portal_token).await;
    let old_kid = kid_of(&before);
    assert!(kids.contains(&old_kid));

    clock.advance(chrono::Duration::hours(2));
    // (A new sign-in: the portal's own access token has expired meanwhile.)
    let (portal_token, _) = app.signed_in_as("ROTATE", MembershipRole::User).await;
    let after = id_token_for(&app, "vaos", &portal_token).await;
    let new_kid = kid_of(&after);
    assert_ne!(new_kid, old_kid, "the staged key signs once active");
    assert!(kids.contains(&new_kid));
    // What the old key signed still verifies with the published keys.
    verified_id_token(&app, &before, "vaos").await;
    verified_id_token(&app, &after, "vaos").await;

    clock.advance(chrono::Duration::hours(24));
    assert_eq!(
        published_kids(&app).await,
        vec![new_kid],
        "the replaced key leaves the JWKS once its tokens have expired"
    );
    app.stop().await;
    std::fs::remove_dir_all(&dir).ok();
}
