//! Failure counters for sign-in identifiers that match no account, keyed by
//! an HMAC of what was typed, so an unknown username walks the same ladder
//! as a real one (docs/product.md §3.1). Rows expire; an expired row counts from zero.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::throttle_counters;
use super::DbConn;

/// The failures counted under `key` (0 when absent or expired).
pub fn current(conn: &mut DbConn, key: &str, now: NaiveDateTime) -> QueryResult<i32> {
    throttle_counters::table
        .find(key)
        .filter(throttle_counters::expires_at.gt(now))
        .select(throttle_counters::count)
        .first(conn)
        .optional()
        .map(Option::unwrap_or_default)
}

/// Make sure the row for `key` exists (an expired one starts again at
/// zero), take its row lock until the transaction ends, and return its
/// count. Concurrent callers then see the count one at a time.
pub fn lock_current(
    conn: &mut DbConn,
    key: &str,
    scope: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<i32> {
    let row = (
        throttle_counters::key_hash.eq(key),
        throttle_counters::scope.eq(scope),
        throttle_counters::count.eq(0),
        throttle_counters::updated_at.eq(now),
        throttle_counters::expires_at.eq(expires_at),
    );
    // `MultiConnection` has no upsert: each backend gets its own statement.
    match conn {
        DbConn::Sqlite(c) => diesel::insert_or_ignore_into(throttle_counters::table)
            .values(row)
            .execute(c)?,
        DbConn::Postgresql(c) => diesel::insert_into(throttle_counters::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    diesel::update(
        throttle_counters::table
            .find(key)
            .filter(throttle_counters::expires_at.le(now)),
    )
    .set((
        throttle_counters::count.eq(0),
        throttle_counters::expires_at.eq(expires_at),
    ))
    .execute(conn)?;
    diesel::update(throttle_counters::table.find(key))
        .set(throttle_counters::count.eq(throttle_counters::count))
        .returning(throttle_counters::count)
        .get_result(conn)
}

/// Count one more failure under `key` unless `limit` is already reached;
/// returns the new count, or `None` at the limit. Call inside a
/// transaction: the row is created if missing, restarted if expired, then
/// incremented with one conditional `UPDATE … RETURNING`, so concurrent
/// callers are all counted and none passes the limit.
pub fn reserve(
    conn: &mut DbConn,
    key: &str,
    scope: &str,
    limit: i32,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<Option<i32>> {
    lock_current(conn, key, scope, now, expires_at)?;
    diesel::update(
        throttle_counters::table
            .find(key)
            .filter(throttle_counters::count.lt(limit)),
    )
    .set((
        throttle_counters::count.eq(throttle_counters::count + 1),
        throttle_counters::updated_at.eq(now),
        throttle_counters::expires_at.eq(expires_at),
    ))
    .returning(throttle_counters::count)
    .get_result(conn)
    .optional()
}

/// Give back one count reserved by [`reserve`] that was never used.
pub fn release(conn: &mut DbConn, key: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        throttle_counters::table
            .find(key)
            .filter(throttle_counters::count.gt(0)),
    )
    .set((
        throttle_counters::count.eq(throttle_counters::count - 1),
        throttle_counters::updated_at.eq(now),
    ))
    .execute(conn)
    .map(drop)
}

/// When the row for `key` expires (the end of a rate-limit window).
pub fn expires_at(conn: &mut DbConn, key: &str) -> QueryResult<Option<NaiveDateTime>> {
    throttle_counters::table
        .find(key)
        .select(throttle_counters::expires_at)
        .first(conn)
        .optional()
}

/// Drop expired rows (housekeeping).
pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(throttle_counters::table.filter(throttle_counters::expires_at.le(now)))
        .execute(conn)
}

/// Drop the row for `key`: its count starts again from zero (a password
/// reset, or support clearing a block).
pub fn clear(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    diesel::delete(throttle_counters::table.find(key))
        .execute(conn)
        .map(drop)
}
