//! The back-channel logout sender: like the mail outbox, it works from the
//! database (so any instance may send, and a restart loses nothing),
//! claims each delivery before sending, and retries with growing pauses
//! while an application is down.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt as _;
use tokio::sync::watch;

use super::logout::{logout_token, sweep_ended_sessions};
use crate::auth::oidc_keys::SharedKeyRing;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::oauth::{self as store, DeliveryRow};
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};

/// How long one attempt may take before another sender may take the
/// delivery over.
const LEASE_SECS: i64 = 30;

/// Deliveries sent at the same time.
const PARALLEL_DELIVERIES: usize = 8;

/// Sweep and send every `outbox_poll_ms` until shutdown.
pub async fn run(
    db: Db,
    settings: Arc<Settings>,
    keys: SharedKeyRing,
    clock: Arc<dyn Clock>,
    mut shutdown: watch::Receiver<bool>,
) {
    let http = match reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(http) => http,
        Err(error) => {
            tracing::error!(%error, "back-channel logout disabled: no HTTP client");
            return;
        }
    };
    let poll = Duration::from_millis(settings.outbox_poll_ms.max(50));
    loop {
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = shutdown.changed() => return,
        }
        let now = clock.now();
        if let Err(error) = db.run(move |conn| sweep_ended_sessions(conn, now)).await {
            tracing::warn!(%error, "back-channel logout sweep failed");
        }
        let due = db
            .run(move |conn| {
                Ok::<_, AppError>(store::due_deliveries(conn, db::to_db_time(now), 20)?)
            })
            .await;
        // A few at once: one application that swallows requests must not
        // hold back the logout of all the others.
        futures_util::stream::iter(due.unwrap_or_default())
            .for_each_concurrent(PARALLEL_DELIVERIES, |delivery| {
                let (db, settings, keys, http, clock) = (&db, &settings, &keys, &http, &clock);
                async move {
                    if let Err(error) = deliver(db, settings, keys, http, clock, delivery).await {
                        tracing::warn!(%error, "back-channel logout delivery failed");
                    }
                }
            })
            .await;
    }
}

async fn deliver(
    db: &Db,
    settings: &Arc<Settings>,
    keys: &SharedKeyRing,
    http: &reqwest::Client,
    clock: &Arc<dyn Clock>,
    delivery: DeliveryRow,
) -> AppResult<()> {
    let now = clock.now();
    let (id, at) = (delivery.id.clone(), db::to_db_time(now));
    let lease = db::to_db_time(now + chrono::Duration::seconds(LEASE_SECS));
    let client_id = delivery.client_id.clone();
    let claimed = db
        .run(move |conn| -> AppResult<_> {
            if !store::claim_delivery(conn, &id, at, lease)? {
                return Ok(None);
            }
            Ok(store::find_client(conn, &client_id)?.map(|(client, _)| client.id_token_alg))
        })
        .await?;
    let Some(alg) = claimed else { return Ok(()) };
    let token = { logout_token(&keys.current(), settings, alg, &delivery.claims, now)? };
    let sent = http
        .post(&delivery.uri)
        .header(reqwest::header::CACHE_CONTROL, "no-store")
        .form(&[("logout_token", token.as_str())])
        .send()
        .await;
    let outcome = match sent {
        Ok(response) if response.status().is_success() => Ok(()),
        Ok(response) => Err(format!("the application answered {}", response.status())),
        Err(error) => Err(format!("could not reach the application: {error}")),
    };
    let attempts = u32::try_from(delivery.attempts + 1).unwrap_or(u32::MAX);
    let finished = clock.now();
    let retry_at = next_attempt(settings, attempts, finished);
    let (id, recorded) = (delivery.id.clone(), outcome.clone());
    db.run(move |conn| -> AppResult<()> {
        let at = db::to_db_time(finished);
        match &recorded {
            Ok(()) => store::finish_delivery(conn, &id, Ok(at))?,
            Err(error) => store::finish_delivery(
                conn,
                &id,
                Err((error.as_str(), retry_at.map(db::to_db_time))),
            )?,
        }
        Ok(())
    })
    .await?;
    match (&outcome, retry_at) {
        (Ok(()), _) => {
            tracing::info!(client_id = %delivery.client_id, "back-channel logout delivered")
        }
        (Err(error), Some(_)) => {
            tracing::info!(client_id = %delivery.client_id, %error, attempts, "back-channel logout will be retried")
        }
        (Err(error), None) => {
            tracing::warn!(client_id = %delivery.client_id, %error, attempts, "back-channel logout given up")
        }
    }
    Ok(())
}

/// When to try again after `attempts` failures (`None`: give up), with the
/// outbox's pauses: doubling from `outbox_retry_base_ms` up to
/// `outbox_retry_max_ms`, at most `outbox_max_attempts` attempts.
fn next_attempt(settings: &Settings, attempts: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if i64::from(attempts) >= i64::from(settings.outbox_max_attempts) {
        return None;
    }
    let pause = settings
        .outbox_retry_base_ms
        .saturating_mul(1u64 << attempts.saturating_sub(1).min(20))
        .min(settings.outbox_retry_max_ms);
    Some(now + chrono::Duration::milliseconds(i64::try_from(pause).unwrap_or(i64::MAX)))
}
