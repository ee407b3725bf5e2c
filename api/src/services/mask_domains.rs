//! The mail domains of the accounts, weighted by how many use each: what a
//! fake masked address for an unknown identifier draws its domain from
//! (`domain::signin::fake_masked_email`). Read from the database at most
//! every few minutes per instance; rare domains are left out, so a fake
//! never shows the domain of a handful of real people.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::db::{self, DbConn};
use crate::domain::signin::DomainWeight;
use crate::error::AppResult;

/// How long a reading is used before the next.
const REFRESH: Duration = Duration::from_secs(300);
/// Domains used by fewer accounts are never shown.
const MIN_ACCOUNTS: i64 = 5;
/// The most common domains only.
const TOP: i64 = 50;

/// The cached reading, shared by the request threads of one instance.
#[derive(Default)]
pub struct MaskDomains {
    reading: Mutex<Option<(Instant, Arc<Vec<DomainWeight>>)>>,
}

impl MaskDomains {
    /// The current weights, read again when the cached ones are stale.
    pub fn current(&self, conn: &mut DbConn) -> AppResult<Arc<Vec<DomainWeight>>> {
        if let Ok(guard) = self.reading.lock() {
            if let Some((at, weights)) = guard.as_ref() {
                if at.elapsed() < REFRESH {
                    return Ok(Arc::clone(weights));
                }
            }
        }
        let weights: Vec<DomainWeight> = db::users::domain_weights(conn, MIN_ACCOUNTS, TOP)?
            .into_iter()
            .map(|(domain, count)| (domain, u64::try_from(count).unwrap_or(0)))
            .collect();
        let weights = Arc::new(weights);
        if let Ok(mut guard) = self.reading.lock() {
            *guard = Some((Instant::now(), Arc::clone(&weights)));
        }
        Ok(weights)
    }
}
