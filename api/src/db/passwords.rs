//! Password history: the argon2 hashes of a user's recent passwords.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::password_history;
use super::DbConn;

/// The newest `n` stored hashes of the user, newest first.
pub fn recent_hashes(conn: &mut DbConn, user_id: &str, n: i64) -> QueryResult<Vec<String>> {
    password_history::table
        .filter(password_history::user_id.eq(user_id))
        .order(password_history::created_at.desc())
        .limit(n)
        .select(password_history::password_hash)
        .load(conn)
}

/// Remember a password just set, keeping only the newest `keep`.
pub fn record(
    conn: &mut DbConn,
    id: &str,
    user_id: &str,
    hash: &str,
    keep: usize,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(password_history::table)
        .values((
            password_history::id.eq(id),
            password_history::user_id.eq(user_id),
            password_history::password_hash.eq(hash),
            password_history::created_at.eq(now),
        ))
        .execute(conn)?;
    let stale: Vec<String> = password_history::table
        .filter(password_history::user_id.eq(user_id))
        .order(password_history::created_at.desc())
        .select(password_history::id)
        .load::<String>(conn)?
        .into_iter()
        .skip(keep)
        .collect();
    if !stale.is_empty() {
        diesel::delete(password_history::table.filter(password_history::id.eq_any(stale)))
            .execute(conn)?;
    }
    Ok(())
}
