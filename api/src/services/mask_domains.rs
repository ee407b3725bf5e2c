//! The mail domains of the accounts, weighted by how many use each: what a
//! fake masked address for an unknown identifier draws its domain from
//! (`domain::signin::fake_masked_email`). Read from the database at start
//! and then by housekeeping every few minutes; rare domains are left out,
//! so a fake never shows the domain of a handful of real people.

use std::sync::{Arc, RwLock};

use crate::db::{self, DbConn};
use crate::domain::signin::DomainWeight;
use crate::error::AppResult;

/// Domains used by fewer accounts are never shown.
const MIN_ACCOUNTS: i64 = 5;
/// The most common domains only.
const TOP: i64 = 50;

/// The cached reading, shared by the request threads of one instance.
/// Requests only read it; the housekeeping task (and start-up) refresh it,
/// so a sign-in never waits for the query, and the time of an answer does
/// not depend on whether the name exists.
#[derive(Default)]
pub struct MaskDomains {
    reading: RwLock<Arc<Vec<DomainWeight>>>,
}

impl MaskDomains {
    /// The weights of the last refresh (none before the first: fakes then
    /// use the common domains).
    pub fn current(&self) -> Arc<Vec<DomainWeight>> {
        self.reading
            .read()
            .map(|weights| Arc::clone(&weights))
            .unwrap_or_default()
    }

    /// Read the weights again from the database.
    pub fn refresh(&self, conn: &mut DbConn) -> AppResult<()> {
        let weights: Vec<DomainWeight> = db::users::domain_weights(conn, MIN_ACCOUNTS, TOP)?
            .into_iter()
            .map(|(domain, count)| (domain, u64::try_from(count).unwrap_or(0)))
            .collect();
        if let Ok(mut reading) = self.reading.write() {
            *reading = Arc::new(weights);
        }
        Ok(())
    }
}
