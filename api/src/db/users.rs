//! User accounts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::models::{NewUser, UserRow};
use super::schema::users;
use super::DbConn;
use iam_shared::types::AccountStatus;

pub fn create(conn: &mut DbConn, user: &NewUser<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(user)
        .execute(conn)
        .map(drop)
}

/// Create `user` unless a row already holds its username; `false` then.
/// On PostgreSQL a concurrent insert of the same username is waited for,
/// and this one gives way instead of failing the transaction. Any other
/// constraint still fails.
pub fn create_unless_taken(conn: &mut DbConn, user: &NewUser<'_>) -> QueryResult<bool> {
    // `MultiConnection` has no upsert: each backend gets its own statement.
    let inserted = match conn {
        DbConn::Sqlite(c) => diesel::insert_into(users::table)
            .values(user)
            .on_conflict(users::username_key)
            .do_nothing()
            .execute(c)?,
        DbConn::Postgresql(c) => diesel::insert_into(users::table)
            .values(user)
            .on_conflict(users::username_key)
            .do_nothing()
            .execute(c)?,
    };
    Ok(inserted == 1)
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

/// Take the row lock of a user until the transaction ends (a no-op write):
/// on PostgreSQL, concurrent sign-in gates then read the failure count one
/// at a time, so none decides "no CAPTCHA needed" on a stale count. SQLite's
/// `BEGIN IMMEDIATE` serialises them already.
pub fn lock_row(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::failed_login_count.eq(users::failed_login_count))
        .execute(conn)
        .map(drop)
}

/// Count one more failed sign-in *before* the password is verified, unless
/// the account is locked or `limit` is reached; returns the new count, or
/// `None` when no attempt may be made. Reserving first is what keeps a
/// burst of concurrent guesses from verifying more than `limit` passwords:
/// one conditional `UPDATE … RETURNING`, atomic on both backends.
pub fn reserve_failed_login(
    conn: &mut DbConn,
    id: &str,
    limit: i32,
    now: NaiveDateTime,
) -> QueryResult<Option<i32>> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::failed_login_count.lt(limit))
            .filter(users::status.ne(AccountStatus::Locked)),
    )
    .set((
        users::failed_login_count.eq(users::failed_login_count + 1),
        users::updated_at.eq(now),
    ))
    .returning(users::failed_login_count)
    .get_result(conn)
    .optional()
}

/// Give back an attempt reserved by [`reserve_failed_login`] that was never
/// checked (the server was too busy to hash it).
pub fn release_failed_login(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::failed_login_count.gt(0)),
    )
    .set((
        users::failed_login_count.eq(users::failed_login_count - 1),
        users::updated_at.eq(now),
    ))
    .execute(conn)
    .map(drop)
}

/// A password was right: the failed-sign-in counter starts again.
pub fn record_successful_password(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::failed_login_count.eq(0), users::updated_at.eq(now)))
        .execute(conn)
        .map(drop)
}

/// Lock an active account; `false` when it was not active (already locked,
/// disabled or pending).
pub fn lock(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::status.eq(AccountStatus::Active)),
    )
    .set((
        users::status.eq(AccountStatus::Locked),
        users::locked_at.eq(now),
        users::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|rows| rows == 1)
}

/// A new password after a reset: both failure counters start again, a
/// `locked` account is unlocked (a `disabled` one stays disabled), and the
/// security stamp changes.
pub fn set_password_after_reset(
    conn: &mut DbConn,
    id: &str,
    hash: &str,
    security_stamp: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::failed_login_count.eq(0),
            users::failed_reset_count.eq(0),
            users::security_stamp.eq(security_stamp),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(
        users::table
            .find(id)
            .filter(users::status.eq(AccountStatus::Locked)),
    )
    .set((
        users::status.eq(AccountStatus::Active),
        users::locked_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
    .map(drop)
}

/// What activation sets up (docs/product.md §7).
pub struct Activation<'a> {
    pub password_hash: &'a str,
    pub phone: &'a str,
    pub security_question: &'a str,
    pub security_answer_hash: &'a str,
    pub security_stamp: &'a str,
}

/// Activate a `pending_activation` account; `false` if it was not pending.
pub fn activate(
    conn: &mut DbConn,
    id: &str,
    activation: &Activation<'_>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::status.eq(AccountStatus::PendingActivation)),
    )
    .set((
        users::status.eq(AccountStatus::Active),
        users::password_hash.eq(activation.password_hash),
        users::phone.eq(activation.phone),
        users::security_question.eq(activation.security_question),
        users::security_answer_hash.eq(activation.security_answer_hash),
        users::security_stamp.eq(activation.security_stamp),
        users::updated_at.eq(now),
        // The activation link reached this address.
        users::email_verified_at.eq(now),
    ))
    .execute(conn)
    .map(|rows| rows == 1)
}

/// The owner proved the account's address (an e-mailed code or link was
/// used); the first proof's time is kept.
pub fn mark_email_verified(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::email_verified_at.is_null()),
    )
    .set(users::email_verified_at.eq(now))
    .execute(conn)
    .map(drop)
}

/// Count one more failed ImmTrac2 reset attempt; returns the new count.
/// Call with the row locked ([`lock_row`]).
pub fn increment_failed_resets(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::update(users::table.find(id))
        .set((
            users::failed_reset_count.eq(users::failed_reset_count + 1),
            users::updated_at.eq(now),
        ))
        .returning(users::failed_reset_count)
        .get_result(conn)
}

/// The reset ladder ended: only support can re-enable the account.
pub fn disable(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::status.eq(AccountStatus::Disabled),
            users::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// A matching reset request starts the reset ladder again.
pub fn clear_failed_resets(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((users::failed_reset_count.eq(0), users::updated_at.eq(now)))
        .execute(conn)
        .map(drop)
}

diesel::define_sql_function! {
    /// SQL `lower()`, the same on SQLite and PostgreSQL for ASCII.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// `%` and `_` in what support typed are literal characters, not wildcards.
fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Support's user search: `q` matches the start of the username or the
/// e-mail address, or any part of "first last"; newest accounts first.
/// Returns one page and the number of matches in all.
pub fn search(
    conn: &mut DbConn,
    q: &str,
    status: Option<AccountStatus>,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<UserRow>, i64)> {
    let needle = like_escaped(&q.trim().to_lowercase());
    let filtered = || {
        let mut query = users::table.into_boxed();
        if !needle.is_empty() {
            let prefix = format!("{needle}%");
            let anywhere = format!("%{needle}%");
            query = query.filter(
                users::username_key
                    .like(prefix.clone())
                    .escape('\\')
                    .or(users::email_key.like(prefix).escape('\\'))
                    .or(
                        lower(users::first_name.concat(" ").concat(users::last_name))
                            .like(anywhere)
                            .escape('\\'),
                    ),
            );
        }
        if let Some(status) = status {
            query = query.filter(users::status.eq(status.as_str()));
        }
        query
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order((users::created_at.desc(), users::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(UserRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Support unlocked or re-enabled the account: `status` (active, or
/// pending activation for one never activated), counters cleared.
pub fn reactivate(
    conn: &mut DbConn,
    id: &str,
    status: AccountStatus,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::status.eq(status.as_str()),
            users::failed_login_count.eq(0),
            users::failed_reset_count.eq(0),
            users::locked_at.eq(None::<NaiveDateTime>),
            users::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Swap the stored hash for a stronger one of the same password, unless it
/// changed since it was read; true when swapped.
pub fn replace_password_hash(
    conn: &mut DbConn,
    id: &str,
    old: &str,
    new: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(users::table.find(id).filter(users::password_hash.eq(old)))
        .set((users::password_hash.eq(new), users::updated_at.eq(now)))
        .execute(conn)
        .map(|rows| rows == 1)
}

/// Insert many accounts at once (an import), in the caller's transaction.
pub fn create_many(conn: &mut DbConn, rows: &[NewUser<'_>]) -> QueryResult<()> {
    // Below SQLite's limit of 32 766 bound parameters per statement.
    // PostgreSQL takes multi-row INSERTs on its own connection (diesel's
    // MultiConnection builds single-row ones only). SQLite gets one row per
    // statement: diesel would wrap its row-by-row batch in a transaction of
    // its own, inside ours; in one transaction they are fast anyway.
    match conn {
        DbConn::Postgresql(pg) => {
            for chunk in rows.chunks(1_000) {
                diesel::insert_into(users::table)
                    .values(chunk)
                    .execute(pg)?;
            }
        }
        DbConn::Sqlite(_) => {
            for row in rows {
                diesel::insert_into(users::table)
                    .values(row)
                    .execute(conn)?;
            }
        }
    }
    Ok(())
}

/// Which of these username keys are taken.
pub fn taken_username_keys(conn: &mut DbConn, keys: &[String]) -> QueryResult<Vec<String>> {
    let mut taken = Vec::new();
    for chunk in keys.chunks(1_000) {
        taken.extend(
            users::table
                .filter(users::username_key.eq_any(chunk))
                .select(users::username_key)
                .load::<String>(conn)?,
        );
    }
    Ok(taken)
}

/// Citizen accounts still waiting for activation that were created before
/// `created_before` (candidates for the purge of abandoned sign-ups).
pub fn unactivated_citizens(
    conn: &mut DbConn,
    created_before: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    users::table
        .filter(users::user_type.eq(iam_shared::types::UserType::Citizen))
        .filter(users::status.eq(AccountStatus::PendingActivation))
        .filter(users::created_at.lt(created_before))
        .select(users::id)
        .load(conn)
}

/// Delete an account that never became active; `false` if it did meanwhile.
pub fn delete_if_pending(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::delete(
        users::table
            .find(id)
            .filter(users::status.eq(AccountStatus::PendingActivation)),
    )
    .execute(conn)
    .map(|rows| rows == 1)
}

#[derive(QueryableByName)]
struct DomainCount {
    #[diesel(sql_type = diesel::sql_types::Text)]
    domain: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    accounts: i64,
}

/// The mail domains of the accounts (lower case) used by at least
/// `min_accounts` accounts, most used first, at most `limit` of them.
pub fn domain_weights(
    conn: &mut DbConn,
    min_accounts: i64,
    limit: i64,
) -> QueryResult<Vec<(String, i64)>> {
    use diesel::sql_types::BigInt;
    // The one query of the code base that needs each backend's string
    // functions (SQLite `instr`, PostgreSQL `split_part`).
    let rows: Vec<DomainCount> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(
            "SELECT lower(substr(email, instr(email, '@') + 1)) AS domain, count(*) AS accounts \
             FROM users GROUP BY 1 HAVING count(*) >= ? ORDER BY 2 DESC, 1 LIMIT ?",
        )
        .bind::<BigInt, _>(min_accounts)
        .bind::<BigInt, _>(limit)
        .load(c)?,
        DbConn::Postgresql(c) => diesel::sql_query(
            "SELECT lower(split_part(email, '@', 2)) AS domain, count(*) AS accounts \
             FROM users GROUP BY 1 HAVING count(*) >= $1 ORDER BY 2 DESC, 1 LIMIT $2",
        )
        .bind::<BigInt, _>(min_accounts)
        .bind::<BigInt, _>(limit)
        .load(c)?,
    };
    Ok(rows
        .into_iter()
        .filter(|row| !row.domain.is_empty())
        .map(|row| (row.domain, row.accounts))
        .collect())
}

/// A session began: the account's last sign-in is now, and its language
/// the one the sign-in asked for, if it named one.
pub fn record_sign_in(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
    language: Option<&str>,
) -> QueryResult<()> {
    let row = users::table.find(id);
    match language {
        Some(language) => diesel::update(row)
            .set((users::last_login_at.eq(now), users::language.eq(language)))
            .execute(conn),
        None => diesel::update(row)
            .set(users::last_login_at.eq(now))
            .execute(conn),
    }
    .map(drop)
}

/// The account's language (`en`, `es`): its e-mails are written in it.
pub fn set_language(conn: &mut DbConn, id: &str, language: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::language.eq(language))
        .execute(conn)
        .map(drop)
}

/// The account linked to the directory entry `dn` (DNs compare as stored:
/// the directory gives them back the same way each time).
pub fn find_by_directory_dn(conn: &mut DbConn, dn: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::directory_dn.eq(dn))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// What the directory says of a person, written to their account.
pub struct DirectorySync<'a> {
    pub dn: &'a str,
    pub entry_id: Option<&'a str>,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    pub phone: Option<&'a str>,
}

/// Link the account to its directory entry and take the directory's
/// attributes. Its local password goes: the directory holds it now.
pub fn sync_from_directory(
    conn: &mut DbConn,
    id: &str,
    sync: &DirectorySync<'_>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::directory_dn.eq(sync.dn),
            users::directory_synced_at.eq(now),
            users::first_name.eq(sync.first_name),
            users::last_name.eq(sync.last_name),
            users::email.eq(sync.email),
            users::email_key.eq(iam_shared::rules::email_key(sync.email)),
            users::phone.eq(sync.phone),
            users::password_hash.eq(None::<String>),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    // Kept when the directory does not show it (a missing read permission
    // must not erase what an earlier sign-in learnt).
    if let Some(entry_id) = sync.entry_id {
        diesel::update(users::table.find(id))
            .set(users::directory_entry_id.eq(entry_id))
            .execute(conn)?;
    }
    Ok(())
}

/// The entry was deleted and another made at its DN: the account lets go
/// of it (and is disabled: its owner is no longer in the directory).
pub fn detach_from_directory(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::directory_dn.eq(None::<String>),
            users::status.eq(AccountStatus::Disabled),
            users::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Support linked the account to a directory entry (the sync that follows
/// brings the rest).
pub fn set_directory_dn(conn: &mut DbConn, id: &str, dn: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::directory_dn.eq(dn))
        .execute(conn)
        .map(drop)
}

/// A new security stamp: links and tokens made under the old one stop working.
pub fn set_security_stamp(conn: &mut DbConn, id: &str, stamp: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::security_stamp.eq(stamp))
        .execute(conn)
        .map(drop)
}

/// The directory confirmed the account is still there (a refresh).
pub fn touch_directory_sync(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::directory_synced_at.eq(now))
        .execute(conn)
        .map(drop)
}
