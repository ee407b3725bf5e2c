//! "Manage My Access": the third-party applications a user allowed, and
//! taking that back (which ends what the application holds of the user).

use chrono::{DateTime, SecondsFormat, Utc};
use iam_shared::dto::authorize::{ConsentListResponse, ConsentView};
use serde_json::json;

use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::RequestMeta;

pub fn list(conn: &mut DbConn, user_id: &str) -> AppResult<ConsentListResponse> {
    let consents = db::consents::list_of_user(conn, user_id)?
        .into_iter()
        .map(|(client_id, application, scope, granted_at)| ConsentView {
            client_id,
            application,
            scopes: in_catalogue_order(&scope),
            granted_at: granted_at
                .and_utc()
                .to_rfc3339_opts(SecondsFormat::Secs, true),
        })
        .collect();
    Ok(ConsentListResponse { consents })
}

/// The scopes as the consent screen lists them: the provider's own in
/// their usual order, then API scopes.
fn in_catalogue_order(scope: &str) -> Vec<String> {
    let mut scopes: Vec<String> = scope.split_whitespace().map(str::to_owned).collect();
    scopes.sort_by_key(|s| {
        crate::domain::oauth::SCOPES
            .iter()
            .position(|known| known == s)
            .unwrap_or(usize::MAX)
    });
    scopes
}

/// Withdraw the user's consent to `client_id`: the application's grants
/// end with it (its refresh and access tokens stop working), and its next
/// sign-in asks again.
pub fn withdraw(
    conn: &mut DbConn,
    user_id: &str,
    client_id: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let at = db::to_db_time(now);
    db::transaction(conn, |conn| {
        if !db::consents::withdraw(conn, user_id, client_id, at)? {
            return Err(AppError::not_found());
        }
        meta.audit(
            conn,
            "oidc_consent_withdrawn",
            Some(user_id),
            at,
            json!({"client_id": client_id}),
        )?;
        Ok(())
    })
}
