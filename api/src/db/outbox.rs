//! The durable mail outbox. Messages are inserted in the transaction of the
//! event that causes them and delivered later by `mail::outbox`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::models::{NewOutboxMessage, OutboxRow};
use super::schema::mail_outbox;
use super::DbConn;

iam_shared::wire_enum! {
    /// Where a message stands in the outbox.
    OutboxStatus {
        /// Waiting for its first attempt.
        Queued = "queued",
        /// Claimed by a sender, under a lease.
        Sending = "sending",
        /// A failed attempt; tried again at `next_attempt_at`.
        Retrying = "retrying",
        Sent = "sent",
        /// Given up after the last attempt.
        Failed = "failed",
    }
}

/// Statuses of a message that still has to go out.
const PENDING: [OutboxStatus; 3] = [
    OutboxStatus::Queued,
    OutboxStatus::Retrying,
    OutboxStatus::Sending,
];

thread_local! {
    /// Set when this thread queues a message, so that [`crate::db::Db::run`]
    /// wakes the sender once the work that queued it has ended (and its
    /// transaction committed): the one place the wake-up happens.
    static QUEUED_ON_THIS_THREAD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

pub fn create(conn: &mut DbConn, message: &NewOutboxMessage<'_>) -> QueryResult<()> {
    diesel::insert_into(mail_outbox::table)
        .values(message)
        .execute(conn)
        .map(|_| QUEUED_ON_THIS_THREAD.set(true))
}

/// Did this thread queue a message since the last call? Forgets it.
pub(super) fn take_queued_on_this_thread() -> bool {
    QUEUED_ON_THIS_THREAD.replace(false)
}

/// Messages due for delivery, oldest first. A `sending` row whose lease has
/// run out (its sender died) is due again.
pub fn find_due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<OutboxRow>> {
    mail_outbox::table
        .filter(mail_outbox::status.eq_any(PENDING))
        .filter(mail_outbox::next_attempt_at.le(now))
        .order((
            mail_outbox::next_attempt_at.asc(),
            mail_outbox::created_at.asc(),
        ))
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)
}

/// Claim a due message for one delivery attempt: mark it `sending` with a
/// lease until `lease_until`. Returns false when another sender (another API
/// instance) claimed it first.
pub fn claim(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
) -> QueryResult<bool> {
    let claimed = diesel::update(
        mail_outbox::table
            .find(id)
            .filter(mail_outbox::status.eq_any(PENDING))
            .filter(mail_outbox::next_attempt_at.le(now)),
    )
    .set((
        mail_outbox::status.eq(OutboxStatus::Sending),
        mail_outbox::attempts.eq(mail_outbox::attempts + 1),
        mail_outbox::next_attempt_at.eq(lease_until),
    ))
    .execute(conn)?;
    Ok(claimed == 1)
}

/// Delivered; with `erase`, the bodies (and any link or code in them) go,
/// in the same statement. Only this claim's row is touched (`sending`, at
/// the attempt this sender claimed): a sender whose lease ran out must not
/// overwrite the outcome of the one that claimed the message after it.
/// False when the row was no longer ours.
pub fn update_sent(
    conn: &mut DbConn,
    id: &str,
    claimed_attempt: i32,
    now: NaiveDateTime,
    erase: bool,
) -> QueryResult<bool> {
    let target = mail_outbox::table
        .find(id)
        .filter(mail_outbox::status.eq(OutboxStatus::Sending))
        .filter(mail_outbox::attempts.eq(claimed_attempt));
    let sent = (
        mail_outbox::status.eq(OutboxStatus::Sent),
        mail_outbox::sent_at.eq(now),
        mail_outbox::last_error.eq(None::<String>),
    );
    if erase {
        diesel::update(target)
            .set((
                sent,
                mail_outbox::body_text.eq(""),
                mail_outbox::body_html.eq(None::<String>),
            ))
            .execute(conn)
    } else {
        diesel::update(target).set(sent).execute(conn)
    }
    .map(|n| n == 1)
}

/// Delivered or failed for good before `before`: gone (housekeeping).
pub fn purge_done_before(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        mail_outbox::table
            .filter(mail_outbox::status.eq_any([OutboxStatus::Sent, OutboxStatus::Failed]))
            .filter(mail_outbox::created_at.lt(before)),
    )
    .execute(conn)
}

/// Record a failed attempt: `retrying` at `next_attempt_at`, or `failed`
/// for good (then, with `erase`, without its bodies). As [`update_sent`],
/// only this claim's row; false when it was no longer ours.
pub fn update_failed(
    conn: &mut DbConn,
    id: &str,
    claimed_attempt: i32,
    error: &str,
    next_attempt_at: Option<NaiveDateTime>,
    erase: bool,
) -> QueryResult<bool> {
    let target = mail_outbox::table
        .find(id)
        .filter(mail_outbox::status.eq(OutboxStatus::Sending))
        .filter(mail_outbox::attempts.eq(claimed_attempt));
    let updated = match next_attempt_at {
        Some(at) => diesel::update(target)
            .set((
                mail_outbox::status.eq(OutboxStatus::Retrying),
                mail_outbox::next_attempt_at.eq(at),
                mail_outbox::last_error.eq(error),
            ))
            .execute(conn)?,
        None if erase => diesel::update(target)
            .set((
                mail_outbox::status.eq(OutboxStatus::Failed),
                mail_outbox::last_error.eq(error),
                mail_outbox::body_text.eq(""),
                mail_outbox::body_html.eq(None::<String>),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                mail_outbox::status.eq(OutboxStatus::Failed),
                mail_outbox::last_error.eq(error),
            ))
            .execute(conn)?,
    };
    Ok(updated == 1)
}

/// How many messages wait for delivery (the `/metrics` backlog gauge).
pub fn count_pending(conn: &mut DbConn) -> QueryResult<i64> {
    mail_outbox::table
        .filter(mail_outbox::status.eq_any(PENDING))
        .count()
        .get_result(conn)
}

pub fn find_by_recipient(conn: &mut DbConn, recipient: &str) -> QueryResult<Vec<OutboxRow>> {
    mail_outbox::table
        .filter(mail_outbox::recipient.eq(recipient))
        .order(mail_outbox::created_at.asc())
        .select(OutboxRow::as_select())
        .load(conn)
}

/// The newest messages, newest first (the dev mail page).
pub fn find_recent(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<OutboxRow>> {
    mail_outbox::table
        .order(mail_outbox::created_at.desc())
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)
}

/// The newest messages queued for one user, newest first (their timeline).
pub fn find_by_user(conn: &mut DbConn, user_id: &str, limit: i64) -> QueryResult<Vec<OutboxRow>> {
    mail_outbox::table
        .filter(mail_outbox::user_id.eq(user_id))
        .order(mail_outbox::created_at.desc())
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)
}
