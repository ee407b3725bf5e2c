//! User accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::models::{NewUser, UserRow};
use super::schema::users;
use super::DbConn;

pub fn create(conn: &mut DbConn, user: &NewUser<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(user)
        .execute(conn)
        .map(drop)
}

pub fn find_by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Usernames match case-insensitively: look up by the stored key.
pub fn find_by_username(conn: &mut DbConn, username: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::username_key.eq(iam_shared::rules::username_key(username)))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn is_username_taken(conn: &mut DbConn, username: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(users::table.filter(
        users::username_key.eq(iam_shared::rules::username_key(username)),
    )))
    .get_result(conn)
}

/// Accounts registered to an e-mail address (case-insensitive).
pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Vec<UserRow>> {
    users::table
        .filter(users::email_key.eq(iam_shared::rules::email_key(email)))
        .order(users::username_key.asc())
        .select(UserRow::as_select())
        .load(conn)
}

/// Count one more failed sign-in and return the new total. A single
/// `UPDATE … RETURNING` so concurrent failures are all counted on both
/// backends (no read-modify-write race).
pub fn increment_failed_logins(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::update(users::table.find(id))
        .set((
            users::failed_login_count.eq(users::failed_login_count + 1),
            users::updated_at.eq(now),
        ))
        .returning(users::failed_login_count)
        .get_result(conn)
}

pub fn update_password_hash(
    conn: &mut DbConn,
    id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
        .execute(conn)
        .map(drop)
}

pub fn update_status(
    conn: &mut DbConn,
    id: &str,
    status: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::status.eq(status), users::updated_at.eq(now)))
        .execute(conn)
        .map(drop)
}
