//! Sessions and their rotating refresh tokens (docs/product.md §3.3). Only digests of
//! refresh tokens are stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{refresh_tokens, sessions};
use super::DbConn;
use crate::domain::ladder::Door;
use crate::services::sessions::Channel;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub active_organization_id: Option<String>,
    pub keep_signed_in: bool,
    pub channel: Channel,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_reason: Option<String>,
    pub door: Door,
    /// When the person last proved who they are in this session (the
    /// sign-in, or the password typed again).
    pub authenticated_at: Option<NaiveDateTime>,
    /// Access tokens of another generation are refused: re-authentication
    /// moves it on.
    pub token_generation: i32,
    /// How the sign-in proved who the user is (RFC 8176, space-separated).
    pub amr: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub active_organization_id: Option<&'a str>,
    pub keep_signed_in: bool,
    pub channel: Channel,
    pub door: Door,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub authenticated_at: Option<NaiveDateTime>,
    pub amr: &'a str,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: String,
    pub session_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub rotated_at: Option<NaiveDateTime>,
    pub grace_used_at: Option<NaiveDateTime>,
}

pub fn create(conn: &mut DbConn, session: &NewSession<'_>) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values(session)
        .execute(conn)
        .map(drop)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<SessionRow>> {
    sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
}

/// A session and its account, in one query: the check every signed-in
/// request makes.
pub fn find_with_user(
    conn: &mut DbConn,
    id: &str,
) -> QueryResult<Option<(SessionRow, super::models::UserRow)>> {
    sessions::table
        .inner_join(super::schema::users::table)
        .filter(sessions::id.eq(id))
        .select((SessionRow::as_select(), super::models::UserRow::as_select()))
        .first(conn)
        .optional()
}

/// The user's sessions that are neither revoked nor expired, newest first.
pub fn list_active_for_user(
    conn: &mut DbConn,
    user_id: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .order(sessions::created_at.desc())
        .select(SessionRow::as_select())
        .load(conn)
}

/// The person proved who they are again (their password, typed again): the
/// session counts as recently signed in and its token generation moves on.
/// Returns the new generation, or `None` when the session was revoked or
/// another confirmation moved the generation on first.
pub fn reauthenticated(
    conn: &mut DbConn,
    session: &SessionRow,
    now: NaiveDateTime,
) -> QueryResult<Option<i32>> {
    diesel::update(
        sessions::table
            .find(&session.id)
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::token_generation.eq(session.token_generation)),
    )
    .set((
        sessions::authenticated_at.eq(now),
        sessions::token_generation.eq(sessions::token_generation + 1),
    ))
    .returning(sessions::token_generation)
    .get_result(conn)
    .optional()
}

/// Note activity (the idle timeout counts from here).
pub fn touch(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(sessions::table.find(id))
        .set(sessions::last_seen_at.eq(now))
        .execute(conn)
        .map(drop)
}

pub fn set_active_organization(
    conn: &mut DbConn,
    id: &str,
    organization_id: &str,
) -> QueryResult<()> {
    diesel::update(sessions::table.find(id))
        .set(sessions::active_organization_id.eq(organization_id))
        .execute(conn)
        .map(drop)
}

/// Revoke one session (if not already); `true` if this call revoked it.
pub fn revoke(conn: &mut DbConn, id: &str, reason: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(now),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)
    .map(|rows| rows == 1)
}

/// Revoke every live session of the user except `keep`; returns how many.
pub fn revoke_all_for_user_except(
    conn: &mut DbConn,
    user_id: &str,
    keep: Option<&str>,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    // Sign-ins on their way would otherwise become sessions afterwards.
    super::signin::end_pending_for_user(conn, user_id, now)?;
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::id.ne(keep.unwrap_or(""))),
    )
    .set((
        sessions::revoked_at.eq(now),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)
}

pub fn create_refresh_token(
    conn: &mut DbConn,
    id: &str,
    session_id: &str,
    token_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(id),
            refresh_tokens::session_id.eq(session_id),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(drop)
}

/// Use a spent token's one grace answer; `false` if it was used already.
pub fn use_refresh_grace(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::grace_used_at.is_null()),
    )
    .set(refresh_tokens::grace_used_at.eq(now))
    .execute(conn)
    .map(|rows| rows == 1)
}

/// Spend every unspent refresh token of a session: the newest answer wins.
pub fn spend_refresh_tokens(
    conn: &mut DbConn,
    session_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::session_id.eq(session_id))
            .filter(refresh_tokens::rotated_at.is_null()),
    )
    .set(refresh_tokens::rotated_at.eq(now))
    .execute(conn)
}

pub fn find_refresh_token(
    conn: &mut DbConn,
    token_hash: &str,
) -> QueryResult<Option<RefreshTokenRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()
}

/// Mark a refresh token spent; `false` if it already was (a concurrent
/// rotation, a page left mid-refresh, or a replay: the caller decides).
pub fn rotate_refresh_token(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::rotated_at.is_null()),
    )
    .set(refresh_tokens::rotated_at.eq(now))
    .execute(conn)
    .map(|rows| rows == 1)
}
