//! What each user allowed third-party applications (the consent screen;
//! "Manage My Access"), one row per user and client.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{applications, oauth_clients, oauth_consents, oauth_grants};
use super::DbConn;

/// The scopes (space-separated) the user allowed the client, if any.
pub fn find(conn: &mut DbConn, user_id: &str, client_id: &str) -> QueryResult<Option<String>> {
    oauth_consents::table
        .find((user_id, client_id))
        .select(oauth_consents::scope)
        .first(conn)
        .optional()
}

/// Remember that the user allowed `scope` (replacing what was allowed).
/// Two "Allow" answers at once must not collide on the key: the update
/// finds a row already there, or the insert ignores the other's row.
pub fn save(
    conn: &mut DbConn,
    user_id: &str,
    client_id: &str,
    scope: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let updated = diesel::update(oauth_consents::table.find((user_id, client_id)))
        .set((
            oauth_consents::scope.eq(scope),
            oauth_consents::granted_at.eq(now),
        ))
        .execute(conn)?;
    if updated > 0 {
        return Ok(());
    }
    let row = (
        oauth_consents::user_id.eq(user_id),
        oauth_consents::client_id.eq(client_id),
        oauth_consents::scope.eq(scope),
        oauth_consents::granted_at.eq(now),
    );
    match conn {
        DbConn::Sqlite(c) => diesel::insert_or_ignore_into(oauth_consents::table)
            .values(row)
            .execute(c)?,
        DbConn::Postgresql(c) => diesel::insert_into(oauth_consents::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(())
}

/// A consent as listed: (client id, application or client name, scope,
/// granted at).
pub type ConsentRow = (String, String, String, NaiveDateTime);

pub fn list_of_user(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<ConsentRow>> {
    let rows: Vec<(String, String, Option<String>, String, NaiveDateTime)> = oauth_consents::table
        .inner_join(oauth_clients::table.left_join(applications::table))
        .filter(oauth_consents::user_id.eq(user_id))
        .order(oauth_consents::granted_at.desc())
        .select((
            oauth_consents::client_id,
            oauth_clients::name,
            applications::name.nullable(),
            oauth_consents::scope,
            oauth_consents::granted_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(client, name, app, scope, at)| (client, app.unwrap_or(name), scope, at))
        .collect())
}

/// Withdraw a consent and end what the client holds of the user: its
/// grants (and so their codes, refresh and access tokens). `false` if
/// there was no consent.
pub fn withdraw(
    conn: &mut DbConn,
    user_id: &str,
    client_id: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    if !super::plausible_key(client_id) {
        return Ok(false);
    }
    let removed = diesel::delete(oauth_consents::table.find((user_id, client_id))).execute(conn)?;
    diesel::update(
        oauth_grants::table
            .filter(oauth_grants::user_id.eq(user_id))
            .filter(oauth_grants::client_id.eq(client_id))
            .filter(oauth_grants::revoked_at.is_null()),
    )
    .set((
        oauth_grants::revoked_at.eq(Some(now)),
        oauth_grants::revoked_reason.eq(Some("consent_withdrawn")),
    ))
    .execute(conn)?;
    Ok(removed == 1)
}
