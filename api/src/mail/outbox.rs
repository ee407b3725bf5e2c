//! The outbox sender: delivers queued mail with retries and backoff.
//!
//! Messages are rows of `mail_outbox`, written in the same transaction as
//! the event that caused them ([`enqueue`]). This task claims due rows (a
//! conditional UPDATE, so several API instances never send one row twice at
//! once), sends them and records the outcome. An SMTP outage only delays
//! mail; a crash mid-send leaves a `sending` row whose lease expires, and it
//! is sent again (at-least-once).

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::watch;

use super::{EmailMessage, Mailer};
use crate::clock::Clock;
use crate::crypto::seal::Sealer;
use crate::db::{self, models::NewOutboxMessage, Db, DbConn, DbError};

/// How long a claimed message stays reserved for its sender.
const LEASE: Duration = Duration::from_secs(120);
/// Messages taken per poll.
const BATCH: i64 = 50;

/// Queue a message in the caller's transaction; its bodies are stored
/// sealed (`seal`), never in clear.
pub fn enqueue(
    conn: &mut DbConn,
    sealer: &Sealer,
    kind: &str,
    user_id: Option<&str>,
    message: &EmailMessage,
    now: chrono::DateTime<Utc>,
) -> diesel::QueryResult<()> {
    let at = db::to_db_time(now);
    let html = message.html.as_deref().map(|html| sealer.seal(html));
    db::outbox::create(
        conn,
        &NewOutboxMessage {
            id: &db::new_id(),
            kind,
            user_id,
            recipient: &message.to,
            subject: &message.subject,
            body_text: &sealer.seal(&message.text),
            body_html: html.as_deref(),
            status: crate::db::outbox::OutboxStatus::Queued,
            created_at: at,
            next_attempt_at: at,
        },
    )
}

/// Retry delay after `attempts` failed deliveries: exponential, capped.
pub fn backoff(attempts: i32, base: Duration, max: Duration) -> Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    base.saturating_mul(2u32.saturating_pow(exponent)).min(max)
}

/// Settings of the sender.
#[derive(Debug, Clone)]
pub struct OutboxConfig {
    pub poll: Duration,
    pub retry_base: Duration,
    pub retry_max: Duration,
    pub max_attempts: i32,
    /// Erase a message's bodies once delivered or failed for good. Off only
    /// for the dev-mode file transport, whose `.eml` files hold the bodies
    /// anyway and whose `/dev/mail` page shows them.
    pub erase_when_done: bool,
}

/// Run until `shutdown` turns true. `Db::mail_queued` cuts the poll wait
/// short when a request has just queued something.
pub async fn run(
    db: Db,
    mailer: Arc<dyn Mailer>,
    sealer: Arc<Sealer>,
    clock: Arc<dyn Clock>,
    config: OutboxConfig,
    backlog: prometheus::IntGauge,
    mut shutdown: watch::Receiver<bool>,
) {
    let wake = db.mail_queued();
    loop {
        match deliver_due(&db, mailer.as_ref(), &sealer, clock.as_ref(), &config).await {
            Ok(_) => {}
            Err(error) => tracing::warn!(error = %error, "outbox: could not read due mail"),
        }
        if let Ok(pending) = db
            .run(|conn| db::outbox::count_pending(conn).map_err(DbError::from))
            .await
        {
            backlog.set(pending);
        }
        tokio::select! {
            _ = tokio::time::sleep(config.poll) => {}
            _ = wake.notified() => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            break;
        }
    }
}

/// Send every message due now; returns how many were delivered. Up to
/// [`PARALLEL_SENDS`] recipients are served at once, so one slow SMTP
/// exchange does not hold back the sign-in codes queued behind it; one
/// recipient's messages still go in order (a resent code arrives after the
/// one it replaces).
pub async fn deliver_due(
    db: &Db,
    mailer: &dyn Mailer,
    sealer: &Sealer,
    clock: &dyn Clock,
    config: &OutboxConfig,
) -> Result<usize, DbError> {
    use futures_util::StreamExt as _;
    let now = clock.now();
    let due = db
        .run(move |conn| {
            db::outbox::find_due(conn, db::to_db_time(now), BATCH).map_err(DbError::from)
        })
        .await?;
    let mut by_recipient: Vec<Vec<crate::db::models::OutboxRow>> = Vec::new();
    for row in due {
        match by_recipient.iter_mut().find(|group| {
            group
                .first()
                .is_some_and(|first| first.recipient == row.recipient)
        }) {
            Some(group) => group.push(row),
            None => by_recipient.push(vec![row]),
        }
    }
    let outcomes: Vec<Result<usize, DbError>> = futures_util::stream::iter(by_recipient)
        .map(|group| async move {
            let mut delivered = 0;
            for row in group {
                delivered +=
                    usize::from(deliver_one(db, mailer, sealer, clock, config, row).await?);
            }
            Ok(delivered)
        })
        .buffer_unordered(PARALLEL_SENDS)
        .collect()
        .await;
    outcomes.into_iter().sum()
}

/// Recipients served at once (the SMTP pool keeps up to ten connections).
const PARALLEL_SENDS: usize = 4;

/// Claim one due message, send it and record the outcome; true when it
/// was delivered.
async fn deliver_one(
    db: &Db,
    mailer: &dyn Mailer,
    sealer: &Sealer,
    clock: &dyn Clock,
    config: &OutboxConfig,
    row: crate::db::models::OutboxRow,
) -> Result<bool, DbError> {
    // The lease runs from this claim, not from the batch's start: a batch
    // of slow sends must not hand out leases that have already run out.
    let now = clock.now();
    let id = row.id.clone();
    let lease_until = db::to_db_time(now + LEASE);
    let claimed = db
        .run(move |conn| {
            db::outbox::claim(conn, &id, db::to_db_time(now), lease_until).map_err(DbError::from)
        })
        .await?;
    if !claimed {
        return Ok(false);
    }
    let attempts = row.attempts + 1;
    let erase = config.erase_when_done;
    let opened = sealer.open(&row.body_text).and_then(|text| {
        let html = row
            .body_html
            .as_deref()
            .map(|h| sealer.open(h))
            .transpose()?;
        Ok((text, html))
    });
    let (text, html) = match opened {
        Ok(bodies) => bodies,
        Err(error) => {
            // Another instance's key, or a damaged row: no retry helps.
            tracing::error!(outbox.id = %row.id, mail.kind = %row.kind, error = %error, "outbox: cannot open the message");
            let (id, message) = (row.id, error.to_string());
            db.run(move |conn| {
                db::outbox::update_failed(conn, &id, attempts, &message, None, erase)
                    .map_err(DbError::from)
            })
            .await?;
            return Ok(false);
        }
    };
    let message = EmailMessage {
        to: row.recipient,
        subject: row.subject,
        text,
        html,
    };
    let outcome = mailer.send(&message).await;
    let id = row.id;
    let sent_at = db::to_db_time(clock.now());
    match outcome {
        Ok(()) => {
            tracing::info!(outbox.id = %id, mail.kind = %row.kind, attempts, "outbox: delivered");
            let recorded = db
                .run(move |conn| {
                    db::outbox::update_sent(conn, &id, attempts, sent_at, erase)
                        .map_err(DbError::from)
                })
                .await?;
            if !recorded {
                // Our lease ran out mid-send and another sender claimed the
                // message: it may arrive twice (at-least-once), never lost.
                tracing::warn!(mail.kind = %row.kind, attempts, "outbox: sent after the lease ran out");
            }
            Ok(true)
        }
        Err(error) => {
            let next = (attempts < config.max_attempts).then(|| {
                db::to_db_time(clock.now() + backoff(attempts, config.retry_base, config.retry_max))
            });
            tracing::warn!(outbox.id = %id, mail.kind = %row.kind, attempts, error = %error, final_failure = next.is_none(), "outbox: delivery failed");
            let message = error.to_string();
            db.run(move |conn| {
                db::outbox::update_failed(conn, &id, attempts, &message, next, erase)
                    .map_err(DbError::from)
            })
            .await?;
            Ok(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_secs(2);
        let max = Duration::from_secs(300);
        assert_eq!(backoff(1, base, max), Duration::from_secs(2));
        assert_eq!(backoff(2, base, max), Duration::from_secs(4));
        assert_eq!(backoff(5, base, max), Duration::from_secs(32));
        assert_eq!(backoff(30, base, max), max);
        assert_eq!(backoff(i32::MAX, base, max), max);
    }
}
