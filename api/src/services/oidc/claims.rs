//! What applications learn about a user, decided by the granted scopes
//! (OIDC Core §5.4): the same claims in the ID token and from UserInfo.

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use crate::config::Settings;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::sessions::organizations_of;

/// The claims of `user_id` that `scope` (space-separated) releases, besides
/// `sub`. `active_organization_id` is the session's choice, if any.
pub fn user_claims(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    active_organization_id: Option<&str>,
    scope: &str,
    now: DateTime<Utc>,
) -> AppResult<Map<String, Value>> {
    let scopes: Vec<&str> = scope.split_whitespace().collect();
    let user = db::users::find_by_id(conn, user_id)?.ok_or_else(AppError::not_found)?;
    let mut claims = Map::new();
    claims.insert("sub".into(), json!(user.id));
    if scopes.contains(&"profile") {
        claims.insert(
            "name".into(),
            json!(format!("{} {}", user.first_name, user.last_name)),
        );
        claims.insert("given_name".into(), json!(user.first_name));
        claims.insert("family_name".into(), json!(user.last_name));
        claims.insert("preferred_username".into(), json!(user.username));
    }
    if scopes.contains(&"email") {
        claims.insert("email".into(), json!(user.email));
        claims.insert(
            "email_verified".into(),
            json!(user.email_verified_at.is_some()),
        );
    }
    if scopes.contains(&"organizations") {
        let organizations = organizations_of(conn, user_id)?;
        let active = active_organization_id.and_then(|active| {
            organizations
                .iter()
                .find(|(id, _)| id == active)
                .map(|(_, org)| org.org_code.clone())
        });
        claims.insert(
            "organizations".into(),
            Value::Array(
                organizations
                    .iter()
                    .map(|(_, org)| json!({"org_code": org.org_code, "name": org.name, "role": org.role}))
                    .collect(),
            ),
        );
        claims.insert("active_organization".into(), json!(active));
        claims.insert("user_type".into(), json!(user.user_type));
        let aua_exp = crate::services::aua::valid_until(conn, settings, user_id, now)?;
        claims.insert("aua_exp".into(), json!(aua_exp.map(|at| at.timestamp())));
    }
    Ok(claims)
}
