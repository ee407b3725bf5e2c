//! Requests for accounts and organizations, and support's decisions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use iam_shared::dto::access::{AccessRequestKind, AccessRequestStatus};

use super::schema::{access_requests, organizations, users};
use super::DbConn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = access_requests)]
pub struct AccessRequestRow {
    pub id: String,
    pub kind: AccessRequestKind,
    pub requested_by: Option<String>,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub justification: Option<String>,
    pub status: AccessRequestStatus,
    pub decided_by: Option<String>,
    pub decision_reason: Option<String>,
    pub created_user_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    /// The language the request was sent in: its e-mails, and the account's.
    pub language: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = access_requests)]
pub struct NewAccessRequest<'a> {
    pub id: &'a str,
    pub kind: AccessRequestKind,
    pub requested_by: Option<&'a str>,
    pub organization_id: Option<&'a str>,
    pub organization_name: Option<&'a str>,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    pub phone: Option<&'a str>,
    pub justification: Option<&'a str>,
    pub status: AccessRequestStatus,
    pub created_at: NaiveDateTime,
    pub language: Option<&'a str>,
}

/// A request with the names support and the POC read beside it: the
/// organization's code, the requester's and the created account's usernames.
#[derive(Debug, Clone)]
pub struct AccessRequestListed {
    pub row: AccessRequestRow,
    pub org_code: Option<String>,
    pub requested_by_username: Option<String>,
    pub created_username: Option<String>,
}

pub fn create(conn: &mut DbConn, request: &NewAccessRequest<'_>) -> QueryResult<()> {
    diesel::insert_into(access_requests::table)
        .values(request)
        .execute(conn)
        .map(drop)
}

/// Lock the row for a decision (PostgreSQL; SQLite's write transaction
/// already serialises) and read it.
pub fn find_for_update(conn: &mut DbConn, id: &str) -> QueryResult<Option<AccessRequestRow>> {
    diesel::update(access_requests::table.find(id))
        .set(access_requests::id.eq(access_requests::id))
        .execute(conn)?;
    access_requests::table
        .find(id)
        .select(AccessRequestRow::as_select())
        .first(conn)
        .optional()
}

/// Filters of a list.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter<'a> {
    pub status: Option<AccessRequestStatus>,
    pub kind: Option<AccessRequestKind>,
    /// Only these organizations' requests (a POC's view).
    pub organization_ids: Option<&'a [String]>,
    pub id: Option<&'a str>,
}

/// A request row with the org code and the two usernames beside it.
type ListedRow = (
    AccessRequestRow,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Requests, newest first, at most `limit`.
pub fn list(
    conn: &mut DbConn,
    filter: &RequestFilter<'_>,
    limit: i64,
) -> QueryResult<Vec<AccessRequestListed>> {
    let (requesters, created) = diesel::alias!(users as requesters, users as created);
    let mut query = access_requests::table
        .left_join(
            organizations::table.on(organizations::id
                .nullable()
                .eq(access_requests::organization_id)),
        )
        .left_join(
            requesters.on(requesters
                .field(users::id)
                .nullable()
                .eq(access_requests::requested_by)),
        )
        .left_join(
            created.on(created
                .field(users::id)
                .nullable()
                .eq(access_requests::created_user_id)),
        )
        .into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(access_requests::status.eq(status));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(access_requests::kind.eq(kind));
    }
    if let Some(ids) = filter.organization_ids {
        query = query.filter(access_requests::organization_id.eq_any(ids));
    }
    if let Some(id) = filter.id {
        query = query.filter(access_requests::id.eq(id));
    }
    // Waiting requests are a queue, oldest first; decided ones newest first.
    query = if filter.status == Some(AccessRequestStatus::Pending) {
        query.order((access_requests::created_at.asc(), access_requests::id.asc()))
    } else {
        query.order((
            access_requests::created_at.desc(),
            access_requests::id.asc(),
        ))
    };
    let rows: Vec<ListedRow> = query
        .limit(limit)
        .select((
            AccessRequestRow::as_select(),
            organizations::org_code.nullable(),
            requesters.field(users::username).nullable(),
            created.field(users::username).nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(row, org_code, requested_by_username, created_username)| AccessRequestListed {
                row,
                org_code,
                requested_by_username,
                created_username,
            },
        )
        .collect())
}

/// Support's decision on a request.
#[derive(Debug, Clone)]
pub struct Decision<'a> {
    /// Approved or rejected.
    pub status: AccessRequestStatus,
    pub decided_by: &'a str,
    pub reason: Option<&'a str>,
    pub created_user_id: Option<&'a str>,
    /// The organization the approval used (created, or chosen by support).
    pub organization_id: Option<&'a str>,
}

/// Record a decision on a pending request; false when it was decided already.
pub fn decide(
    conn: &mut DbConn,
    id: &str,
    decision: &Decision<'_>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        access_requests::table
            .find(id)
            .filter(access_requests::status.eq(AccessRequestStatus::Pending)),
    )
    .set((
        access_requests::status.eq(decision.status),
        access_requests::decided_by.eq(decision.decided_by),
        access_requests::decision_reason.eq(decision.reason),
        access_requests::created_user_id.eq(decision.created_user_id),
        access_requests::organization_id.eq(decision.organization_id),
        access_requests::decided_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}
