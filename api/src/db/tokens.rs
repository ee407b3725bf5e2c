//! One-time tokens and codes (activation, reset, e-mail codes). Only the
//! SHA-256 digest of a token is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::models::NewOneTimeToken;
use super::schema::one_time_tokens;
use super::DbConn;

iam_shared::wire_enum! {
    /// What a one-time token is for: a token of one purpose never serves another.
    TokenPurpose {
        /// A password reset link (docs/product.md §5).
        PasswordReset = "password_reset",
        /// The "I did not ask for this" link in a reset e-mail.
        ReportSuspicious = "report_suspicious",
        /// The e-mailed code of a sign-in, a recovery or an activation.
        SigninEmailCode = "signin_email_code",
        /// A Welcome e-mail's activation link.
        Activation = "activation",
    }
}

pub fn create(conn: &mut DbConn, token: &NewOneTimeToken<'_>) -> QueryResult<()> {
    diesel::insert_into(one_time_tokens::table)
        .values(token)
        .execute(conn)
        .map(drop)
}

/// Void every unconsumed token of this purpose for the user: the newest
/// request wins (docs/product.md §5).
pub fn consume_all_for_user(
    conn: &mut DbConn,
    user_id: &str,
    purpose: TokenPurpose,
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

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = one_time_tokens)]
pub struct OneTimeTokenRow {
    pub id: String,
    pub user_id: Option<String>,
    pub purpose: TokenPurpose,
    pub token_hash: String,
    pub subject: Option<String>,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub consumed_at: Option<NaiveDateTime>,
}

/// Does the user hold a token of `purpose`, used or not, that expires
/// after `after`?
pub fn any_expiring_after(
    conn: &mut DbConn,
    user_id: &str,
    purpose: TokenPurpose,
    after: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        one_time_tokens::table
            .filter(one_time_tokens::user_id.eq(user_id))
            .filter(one_time_tokens::purpose.eq(purpose))
            .filter(one_time_tokens::expires_at.gt(after)),
    ))
    .get_result(conn)
}

/// Is the token with this id unconsumed and unexpired at `now`?
pub fn is_open(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        one_time_tokens::table
            .find(id)
            .filter(one_time_tokens::consumed_at.is_null())
            .filter(one_time_tokens::expires_at.gt(now)),
    ))
    .get_result(conn)
}

/// The newest unconsumed token of this purpose bound to `subject`.
pub fn latest_open_for_subject(
    conn: &mut DbConn,
    purpose: TokenPurpose,
    subject: &str,
) -> QueryResult<Option<OneTimeTokenRow>> {
    one_time_tokens::table
        .filter(one_time_tokens::purpose.eq(purpose))
        .filter(one_time_tokens::subject.eq(subject))
        .filter(one_time_tokens::consumed_at.is_null())
        .order(one_time_tokens::created_at.desc())
        .select(OneTimeTokenRow::as_select())
        .first(conn)
        .optional()
}

/// When tokens of this purpose bound to any of `subjects` were created
/// since `since`, newest first (send throttling).
pub fn created_since(
    conn: &mut DbConn,
    purpose: TokenPurpose,
    subjects: &[String],
    since: NaiveDateTime,
) -> QueryResult<Vec<NaiveDateTime>> {
    one_time_tokens::table
        .filter(one_time_tokens::purpose.eq(purpose))
        .filter(one_time_tokens::subject.eq_any(subjects))
        .filter(one_time_tokens::created_at.gt(since))
        .order(one_time_tokens::created_at.desc())
        .select(one_time_tokens::created_at)
        .load(conn)
}

/// Void every unconsumed token of this purpose bound to `subject`.
pub fn consume_all_for_subject(
    conn: &mut DbConn,
    purpose: TokenPurpose,
    subject: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        one_time_tokens::table
            .filter(one_time_tokens::purpose.eq(purpose))
            .filter(one_time_tokens::subject.eq(subject))
            .filter(one_time_tokens::consumed_at.is_null()),
    )
    .set(one_time_tokens::consumed_at.eq(now))
    .execute(conn)
}

/// Use a token up; `false` if it was already used (a concurrent request won).
pub fn consume(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        one_time_tokens::table
            .find(id)
            .filter(one_time_tokens::consumed_at.is_null()),
    )
    .set(one_time_tokens::consumed_at.eq(now))
    .execute(conn)
    .map(|rows| rows == 1)
}

/// Reserve one entry of a code before it is compared: counts it, unless
/// the code is used up or has had `max` entries already (`None`). The
/// conditional `UPDATE` takes the row's lock, so concurrent entries on
/// PostgreSQL queue and re-check the count: at most `max` are ever compared.
pub fn reserve_entry(conn: &mut DbConn, id: &str, max: i32) -> QueryResult<Option<i32>> {
    diesel::update(
        one_time_tokens::table
            .find(id)
            .filter(one_time_tokens::consumed_at.is_null())
            .filter(one_time_tokens::attempts.lt(max)),
    )
    .set(one_time_tokens::attempts.eq(one_time_tokens::attempts + 1))
    .returning(one_time_tokens::attempts)
    .get_result(conn)
    .optional()
}

/// The token of this purpose with this digest, used or not.
pub fn find_by_hash(
    conn: &mut DbConn,
    purpose: TokenPurpose,
    token_hash: &str,
) -> QueryResult<Option<OneTimeTokenRow>> {
    one_time_tokens::table
        .filter(one_time_tokens::purpose.eq(purpose))
        .filter(one_time_tokens::token_hash.eq(token_hash))
        .select(OneTimeTokenRow::as_select())
        .first(conn)
        .optional()
}
