//! One-time tokens and codes (activation, reset, e-mail codes). Only the
//! SHA-256 digest of a token is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::models::NewOneTimeToken;
use super::schema::one_time_tokens;
use super::DbConn;

pub fn create(conn: &mut DbConn, token: &NewOneTimeToken<'_>) -> QueryResult<()> {
    diesel::insert_into(one_time_tokens::table)
        .values(token)
        .execute(conn)
        .map(drop)
}

/// Void every unconsumed token of this purpose for the user: the newest
/// request wins (SPEC §5).
pub fn consume_all_for_user(
    conn: &mut DbConn,
    user_id: &str,
    purpose: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        one_time_tokens::table
            .filter(one_time_tokens::user_id.eq(user_id))
            .filter(one_time_tokens::purpose.eq(purpose))
            .filter(one_time_tokens::consumed_at.is_null()),
    )
    .set(one_time_tokens::consumed_at.eq(now))
    .execute(conn)
}
