//! Sign-in transactions: one row per sign-in in progress (docs/product.md §3).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::signin_transactions;
use super::DbConn;
use crate::domain::signin::TransactionKind;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = signin_transactions)]
pub struct SigninTransactionRow {
    pub id_hash: String,
    /// The door it came through, or the flow it serves.
    pub door: TransactionKind,
    pub user_id: Option<String>,
    pub throttle_key: Option<String>,
    pub organization_id: Option<String>,
    pub keep_signed_in: bool,
    pub masked_email: String,
    pub password_verified_at: Option<NaiveDateTime>,
    pub email_verified_at: Option<NaiveDateTime>,
    pub agreed_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    /// The e-mailed link (a one-time token) this transaction was opened from.
    pub link_token_id: Option<String>,
    /// The second factor proved with an authenticator app's code.
    pub app_code_verified_at: Option<NaiveDateTime>,
    /// Both factors proved with a passkey (user verification required).
    pub passkey_verified_at: Option<NaiveDateTime>,
    /// That passkey is synced between devices (`swk`, not `hwk`).
    pub passkey_synced: bool,
    /// What was typed, for an internal address no account has yet (the
    /// directory searches it).
    pub directory_identifier: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = signin_transactions)]
pub struct NewSigninTransaction<'a> {
    pub id_hash: &'a str,
    pub door: TransactionKind,
    pub user_id: Option<&'a str>,
    pub throttle_key: Option<&'a str>,
    pub organization_id: Option<&'a str>,
    pub keep_signed_in: bool,
    pub masked_email: &'a str,
    pub password_verified_at: Option<NaiveDateTime>,
    pub email_verified_at: Option<NaiveDateTime>,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub link_token_id: Option<&'a str>,
    pub directory_identifier: Option<&'a str>,
}

pub fn create(conn: &mut DbConn, row: &NewSigninTransaction<'_>) -> QueryResult<()> {
    diesel::insert_into(signin_transactions::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn find(conn: &mut DbConn, id_hash: &str) -> QueryResult<Option<SigninTransactionRow>> {
    signin_transactions::table
        .find(id_hash)
        .select(SigninTransactionRow::as_select())
        .first(conn)
        .optional()
}

/// A directory account created at this sign-in's password step: the
/// sign-in is now its (the typed identifier is no longer needed).
pub fn attach_user(
    conn: &mut DbConn,
    id_hash: &str,
    user_id: &str,
    masked_email: &str,
) -> QueryResult<()> {
    diesel::update(signin_transactions::table.find(id_hash))
        .set((
            signin_transactions::user_id.eq(user_id),
            signin_transactions::throttle_key.eq(None::<String>),
            signin_transactions::directory_identifier.eq(None::<String>),
            signin_transactions::masked_email.eq(masked_email),
        ))
        .execute(conn)
        .map(drop)
}

/// The password factor is done.
pub fn mark_password_verified(
    conn: &mut DbConn,
    id_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(signin_transactions::table.find(id_hash))
        .set(signin_transactions::password_verified_at.eq(now))
        .execute(conn)
        .map(drop)
}

/// Drop transactions that can no longer be continued (housekeeping).
pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(signin_transactions::table.filter(signin_transactions::expires_at.le(now)))
        .execute(conn)
}

/// End the account's sign-ins on their way that proved a factor (both
/// doors; not a recovery or an activation): they proved the password or
/// mailbox as it was, and must not outlive a reset, a revocation or a
/// report. One that proved nothing is left alone: a stranger's sign-in
/// for the username must not tell, by ending, that the account exists.
pub fn end_pending_for_user(
    conn: &mut DbConn,
    user_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        signin_transactions::table
            .filter(signin_transactions::user_id.eq(user_id))
            .filter(signin_transactions::completed_at.is_null())
            .filter(signin_transactions::expires_at.gt(now))
            .filter(
                signin_transactions::password_verified_at
                    .is_not_null()
                    .or(signin_transactions::email_verified_at.is_not_null())
                    .or(signin_transactions::app_code_verified_at.is_not_null())
                    .or(signin_transactions::passkey_verified_at.is_not_null()),
            )
            .filter(signin_transactions::door.eq_any([
                TransactionKind::IamOnline.as_str(),
                TransactionKind::ImmTrac2.as_str(),
            ])),
    )
    .set(signin_transactions::expires_at.eq(now))
    .execute(conn)
}

/// Take the transaction's row lock until the database transaction ends (a
/// no-op write), so concurrent requests on one sign-in run one at a time.
pub fn lock_row(conn: &mut DbConn, id_hash: &str) -> QueryResult<()> {
    diesel::update(signin_transactions::table.find(id_hash))
        .set(signin_transactions::expires_at.eq(signin_transactions::expires_at))
        .execute(conn)
        .map(drop)
}

/// The e-mail code factor is done.
pub fn mark_email_verified(
    conn: &mut DbConn,
    id_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(signin_transactions::table.find(id_hash))
        .set(signin_transactions::email_verified_at.eq(now))
        .execute(conn)
        .map(drop)
}

/// The second factor is done with an authenticator app's code.
pub fn mark_app_code_verified(
    conn: &mut DbConn,
    id_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(signin_transactions::table.find(id_hash))
        .set(signin_transactions::app_code_verified_at.eq(now))
        .execute(conn)
        .map(drop)
}

/// Both factors are done with a passkey.
pub fn mark_passkey_verified(
    conn: &mut DbConn,
    id_hash: &str,
    synced: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(signin_transactions::table.find(id_hash))
        .set((
            signin_transactions::passkey_verified_at.eq(now),
            signin_transactions::passkey_synced.eq(synced),
        ))
        .execute(conn)
        .map(drop)
}

/// The Confidentiality Statement was accepted and the session issued: the
/// transaction is spent. `false` if it already was (a replay lost the race).
pub fn complete(conn: &mut DbConn, id_hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        signin_transactions::table
            .find(id_hash)
            .filter(signin_transactions::completed_at.is_null()),
    )
    .set((
        signin_transactions::agreed_at.eq(now),
        signin_transactions::completed_at.eq(now),
    ))
    .execute(conn)
    .map(|rows| rows == 1)
}
