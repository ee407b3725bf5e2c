//! A user's authenticators besides the password and the e-mail code
//! (docs/authenticators.md): one row each, its secret sealed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::authenticators;
use super::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = authenticators)]
pub struct AuthenticatorRow {
    pub id: String,
    pub user_id: String,
    pub kind: iam_shared::types::AuthenticatorKind,
    pub name: String,
    pub secret_sealed: Option<String>,
    pub last_used_step: Option<i64>,
    pub created_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    /// A passkey's credential id (base64url).
    pub credential_id: Option<String>,
    /// A passkey's credential as webauthn-rs serialises it.
    pub credential: Option<String>,
}

pub fn insert(conn: &mut DbConn, row: &AuthenticatorRow) -> QueryResult<()> {
    diesel::insert_into(authenticators::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// The user's authenticators, oldest first (set-ups not finished included).
pub fn of_user(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<AuthenticatorRow>> {
    authenticators::table
        .filter(authenticators::user_id.eq(user_id))
        .order(authenticators::created_at.asc())
        .select(AuthenticatorRow::as_select())
        .load(conn)
}

/// One of the user's authenticators: another user's id finds nothing.
pub fn find_of_user(
    conn: &mut DbConn,
    user_id: &str,
    id: &str,
) -> QueryResult<Option<AuthenticatorRow>> {
    if !super::plausible_key(id) {
        return Ok(None);
    }
    authenticators::table
        .filter(authenticators::id.eq(id))
        .filter(authenticators::user_id.eq(user_id))
        .select(AuthenticatorRow::as_select())
        .first(conn)
        .optional()
}

/// Finish a set-up: the first code from the app was right.
pub fn confirm(conn: &mut DbConn, id: &str, step: i64, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        authenticators::table
            .filter(authenticators::id.eq(id))
            .filter(authenticators::confirmed_at.is_null()),
    )
    .set((
        authenticators::confirmed_at.eq(Some(now)),
        authenticators::last_used_step.eq(Some(step)),
        authenticators::last_used_at.eq(Some(now)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Record an accepted code's step, only if it is later than the last one
/// recorded: of two requests with one code, one wins.
pub fn use_step(conn: &mut DbConn, id: &str, step: i64, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        authenticators::table
            .filter(authenticators::id.eq(id))
            .filter(
                authenticators::last_used_step
                    .is_null()
                    .or(authenticators::last_used_step.lt(step)),
            ),
    )
    .set((
        authenticators::last_used_step.eq(Some(step)),
        authenticators::last_used_at.eq(Some(now)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// The passkey with this credential id, whoever owns it.
pub fn find_by_credential_id(
    conn: &mut DbConn,
    credential_id: &str,
) -> QueryResult<Option<AuthenticatorRow>> {
    authenticators::table
        .filter(authenticators::credential_id.eq(credential_id))
        .filter(authenticators::confirmed_at.is_not_null())
        .select(AuthenticatorRow::as_select())
        .first(conn)
        .optional()
}

/// A passkey was used: its credential (sign counter, backup state) as it
/// is now.
pub fn use_passkey(
    conn: &mut DbConn,
    id: &str,
    credential: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    match credential {
        Some(credential) => diesel::update(authenticators::table.find(id))
            .set((
                authenticators::credential.eq(credential),
                authenticators::last_used_at.eq(Some(now)),
            ))
            .execute(conn),
        None => diesel::update(authenticators::table.find(id))
            .set(authenticators::last_used_at.eq(Some(now)))
            .execute(conn),
    }
    .map(drop)
}

pub fn rename(conn: &mut DbConn, id: &str, name: &str) -> QueryResult<()> {
    diesel::update(authenticators::table.find(id))
        .set(authenticators::name.eq(name))
        .execute(conn)
        .map(drop)
}

pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::delete(authenticators::table.find(id))
        .execute(conn)
        .map(|n| n == 1)
}

/// Every authenticator of a user (support's reset); how many went.
pub fn delete_all_of_user(conn: &mut DbConn, user_id: &str) -> QueryResult<usize> {
    diesel::delete(authenticators::table.filter(authenticators::user_id.eq(user_id))).execute(conn)
}

/// Set-ups never finished, begun before `before`: nobody can finish them.
pub fn purge_unconfirmed(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        authenticators::table
            .filter(authenticators::confirmed_at.is_null())
            .filter(authenticators::created_at.lt(before)),
    )
    .execute(conn)
}
