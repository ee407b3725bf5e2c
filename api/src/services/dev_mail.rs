//! The development mail page (dev mode only): what the file transport wrote.

use crate::db::models::OutboxRow;
use crate::db::{self, DbConn};
use crate::error::AppResult;

/// How many messages the page lists.
const LISTED: i64 = 50;

/// The newest messages, newest first.
pub fn recent(conn: &mut DbConn) -> AppResult<Vec<OutboxRow>> {
    Ok(db::outbox::find_recent(conn, LISTED)?)
}
