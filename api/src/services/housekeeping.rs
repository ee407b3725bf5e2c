//! Deletes rows that can no longer be used: expired throttle counters,
//! CAPTCHA challenges and sign-in transactions, e-mails done longer ago
//! than the retention, and citizen sign-ups never activated. Safe to run on every instance at once (plain conditional
//! deletes).

use crate::db::tokens::TokenPurpose;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::mask_domains::MaskDomains;
use super::RequestMeta;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};

/// How often expired rows are purged.
const INTERVAL: Duration = Duration::from_secs(300);

/// How long after its activation link lapsed a citizen sign-up that was
/// never activated is kept (for support to find, resend or explain).
const ABANDONED_SIGNUP_GRACE_DAYS: i64 = 7;

/// Purge once; returns how many rows went.
pub fn purge_expired(
    conn: &mut db::DbConn,
    settings: &Settings,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<usize> {
    let at = db::to_db_time(now);
    Ok(db::throttle::purge_expired(conn, at)?
        + db::captchas::purge_expired(conn, at)?
        + db::signin::purge_expired(conn, at)?
        + db::oauth::purge_expired(
            conn,
            at,
            at - chrono::Duration::days(
                i64::try_from(settings.outbox_retention_days).unwrap_or(30),
            ),
        )?
        + db::outbox::purge_done_before(
            conn,
            at - chrono::Duration::days(
                i64::try_from(settings.outbox_retention_days).unwrap_or(30),
            ),
        )?
        + db::devices::purge_unseen_since(
            conn,
            at - chrono::Duration::days(crate::device_cookie::LIFETIME_DAYS),
        )?
        // Authenticator-app set-ups nobody finished: their sealed secrets go.
        + db::authenticators::purge_unconfirmed(
            conn,
            at - chrono::Duration::seconds(crate::services::authenticators::SETUP_TTL_SECS),
        )?
        // Passkey ceremonies nobody answered.
        + db::webauthn_challenges::purge_expired(conn, at)?
        + purge_abandoned_signups(conn, settings, now)?)
}

/// Citizen accounts that anyone can create with anyone's address: those
/// never activated go once their link has been dead for a week, so a
/// stranger's sign-up does not reserve the address for ever. Each purge is
/// audited.
fn purge_abandoned_signups(
    conn: &mut db::DbConn,
    settings: &Settings,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<usize> {
    let grace = chrono::Duration::days(ABANDONED_SIGNUP_GRACE_DAYS);
    let lifetime = crate::clock::seconds(settings.activation_ttl_secs);
    let created_before = db::to_db_time(now - lifetime - grace);
    let link_alive_after = db::to_db_time(now - grace);
    let mut purged = 0;
    for user_id in db::users::unactivated_citizens(conn, created_before)? {
        let gone = db::transaction(conn, |conn| {
            // A link sent again lately keeps the account.
            if db::tokens::any_expiring_after(
                conn,
                &user_id,
                TokenPurpose::Activation,
                link_alive_after,
            )? || !db::users::delete_if_pending(conn, &user_id)?
            {
                return Ok::<_, AppError>(false);
            }
            RequestMeta::default().audit(
                conn,
                "unactivated_signup_purged",
                Some(&user_id),
                db::to_db_time(now),
                serde_json::json!({}),
            )?;
            Ok(true)
        })?;
        purged += usize::from(gone);
    }
    Ok(purged)
}

/// Purge every [`INTERVAL`] until shutdown.
pub async fn run(
    db: Db,
    settings: Arc<Settings>,
    mask_domains: Arc<MaskDomains>,
    clock: Arc<dyn Clock>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(INTERVAL) => {}
            _ = shutdown.changed() => return,
        }
        let domains = Arc::clone(&mask_domains);
        if let Err(error) = db.run(move |conn| domains.refresh(conn)).await {
            tracing::warn!(%error, "reading the mail domains of fake masks failed");
        }
        let now = clock.now();
        let settings = Arc::clone(&settings);
        match db
            .run(move |conn| purge_expired(conn, &settings, now))
            .await
        {
            Ok(0) => {}
            Ok(rows) => tracing::debug!(rows, "purged expired rows"),
            Err(error) => tracing::warn!(%error, "housekeeping failed"),
        }
    }
}
