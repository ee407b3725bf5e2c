//! Deletes rows that can no longer be used: expired throttle counters,
//! CAPTCHA challenges and sign-in transactions. Safe to run on every
//! instance at once (plain conditional deletes).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::clock::Clock;
use crate::db::{self, Db, DbError};

/// How often expired rows are purged.
const INTERVAL: Duration = Duration::from_secs(300);

/// Purge once; returns how many rows went.
pub fn purge_expired(
    conn: &mut db::DbConn,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, DbError> {
    let at = db::to_db_time(now);
    Ok(db::throttle::purge_expired(conn, at)?
        + db::captchas::purge_expired(conn, at)?
        + db::signin::purge_expired(conn, at)?)
}

/// Purge every [`INTERVAL`] until shutdown.
pub async fn run(db: Db, clock: Arc<dyn Clock>, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(INTERVAL) => {}
            _ = shutdown.changed() => return,
        }
        let now = clock.now();
        match db.run(move |conn| purge_expired(conn, now)).await {
            Ok(0) => {}
            Ok(rows) => tracing::debug!(rows, "purged expired rows"),
            Err(error) => tracing::warn!(%error, "housekeeping failed"),
        }
    }
}
