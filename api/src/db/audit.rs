//! The append-only, hash-chained audit trail.
//!
//! Each event stores the hash of its predecessor and its own hash over both,
//! so editing or deleting a past event breaks the chain ([`verify_chain`]).
//! Appends are serialised by updating the single `audit_chain_head` row
//! first, which takes a row lock on PostgreSQL and the write lock on SQLite.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::models::{AuditEventRow, NewAuditEventRow};
use super::schema::{audit_chain_head, audit_events};
use super::DbConn;

/// An event to record.
#[derive(Debug, Clone, Default)]
pub struct AuditEvent<'a> {
    pub event_type: &'a str,
    pub user_id: Option<&'a str>,
    pub actor_id: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    /// JSON object with event details; never a secret.
    pub detail: serde_json::Value,
}

fn event_hash(prev_hash: &str, at: NaiveDateTime, e: &NewAuditEventRow<'_>) -> String {
    let mut h = Sha256::new();
    for part in [
        prev_hash,
        &at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
        e.event_type,
        e.user_id.unwrap_or(""),
        e.actor_id.unwrap_or(""),
        e.ip.unwrap_or(""),
        e.user_agent.unwrap_or(""),
        e.detail,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Append an event; call inside the transaction of the action it records.
pub fn create(conn: &mut DbConn, event: &AuditEvent<'_>, now: NaiveDateTime) -> QueryResult<()> {
    // Lock the head first (a write), then read the previous hash.
    diesel::update(audit_chain_head::table.find(1))
        .set(audit_chain_head::last_hash.eq(audit_chain_head::last_hash))
        .execute(conn)?;
    let prev_hash: String = audit_chain_head::table
        .find(1)
        .select(audit_chain_head::last_hash)
        .first(conn)?;
    let detail = event.detail.to_string();
    let mut row = NewAuditEventRow {
        occurred_at: now,
        event_type: event.event_type,
        user_id: event.user_id,
        actor_id: event.actor_id,
        ip: event.ip,
        user_agent: event.user_agent,
        detail: &detail,
        prev_hash: &prev_hash,
        hash: "",
    };
    let hash = event_hash(&prev_hash, now, &row);
    row.hash = &hash;
    diesel::insert_into(audit_events::table)
        .values(&row)
        .execute(conn)?;
    diesel::update(audit_chain_head::table.find(1))
        .set(audit_chain_head::last_hash.eq(&hash))
        .execute(conn)?;
    Ok(())
}

/// Where the chain is broken, if it is.
#[derive(Debug, PartialEq, Eq)]
pub struct ChainBreak {
    pub event_id: i64,
    pub reason: &'static str,
}

/// Walk the whole chain; `Ok(n)` when all `n` events link up.
pub fn verify_chain(conn: &mut DbConn) -> QueryResult<Result<u64, ChainBreak>> {
    let mut expected_prev = "0".repeat(64);
    let mut checked = 0u64;
    let mut after = 0i64;
    loop {
        let batch: Vec<AuditEventRow> = audit_events::table
            .filter(audit_events::id.gt(after))
            .order(audit_events::id.asc())
            .limit(1000)
            .select(AuditEventRow::as_select())
            .load(conn)?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for e in &batch {
            if e.prev_hash != expected_prev {
                return Ok(Err(ChainBreak {
                    event_id: e.id,
                    reason: "previous hash does not match",
                }));
            }
            let row = NewAuditEventRow {
                occurred_at: e.occurred_at,
                event_type: &e.event_type,
                user_id: e.user_id.as_deref(),
                actor_id: e.actor_id.as_deref(),
                ip: e.ip.as_deref(),
                user_agent: e.user_agent.as_deref(),
                detail: &e.detail,
                prev_hash: &e.prev_hash,
                hash: &e.hash,
            };
            if event_hash(&e.prev_hash, e.occurred_at, &row) != e.hash {
                return Ok(Err(ChainBreak {
                    event_id: e.id,
                    reason: "event content does not match its hash",
                }));
            }
            expected_prev = e.hash.clone();
            checked += 1;
        }
    }
    let head: String = audit_chain_head::table
        .find(1)
        .select(audit_chain_head::last_hash)
        .first(conn)?;
    if head != expected_prev {
        return Ok(Err(ChainBreak {
            event_id: after,
            reason: "the newest events were removed",
        }));
    }
    Ok(Ok(checked))
}

/// The newest events of one user, newest first.
pub fn find_by_user(
    conn: &mut DbConn,
    user_id: &str,
    limit: i64,
) -> QueryResult<Vec<AuditEventRow>> {
    audit_events::table
        .filter(audit_events::user_id.eq(user_id))
        .order(audit_events::id.desc())
        .limit(limit)
        .select(AuditEventRow::as_select())
        .load(conn)
}

/// Filters of one page of the trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter<'a> {
    pub user_id: Option<&'a str>,
    pub event_type: Option<&'a str>,
    pub since: Option<NaiveDateTime>,
    /// Only events older than this id (keyset pagination).
    pub before_id: Option<i64>,
}

/// One page of the trail, newest first.
pub fn page(
    conn: &mut DbConn,
    filter: &AuditFilter<'_>,
    limit: i64,
) -> QueryResult<Vec<AuditEventRow>> {
    let mut query = audit_events::table.into_boxed();
    if let Some(user_id) = filter.user_id {
        query = query.filter(audit_events::user_id.eq(user_id));
    }
    if let Some(event_type) = filter.event_type {
        query = query.filter(audit_events::event_type.eq(event_type));
    }
    if let Some(since) = filter.since {
        query = query.filter(audit_events::occurred_at.ge(since));
    }
    if let Some(before) = filter.before_id {
        query = query.filter(audit_events::id.lt(before));
    }
    query
        .order(audit_events::id.desc())
        .limit(limit)
        .select(AuditEventRow::as_select())
        .load(conn)
}
