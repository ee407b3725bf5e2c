//! Versioned documents (the AUA's policy, the Confidentiality Statement),
//! their acceptances as evidence, and AUA submissions (docs/product.md §8).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{aua_submissions, document_acceptances, documents};
use super::DbConn;

/// The version of a document: the start of its text's SHA-256.
pub fn version_of(content: &str) -> String {
    crate::crypto::token_digest(content)[..16].to_owned()
}

/// The id and version of the document of `kind` with this text, stored the
/// first time it is needed. The server publishes the configured texts at
/// start-up ([`publish`]), so requests only read.
pub fn current(
    conn: &mut DbConn,
    kind: &str,
    content: &str,
    now: NaiveDateTime,
) -> QueryResult<(String, String)> {
    let version = version_of(content);
    let found: Option<String> = documents::table
        .filter(documents::kind.eq(kind))
        .filter(documents::version.eq(&version))
        .select(documents::id)
        .first(conn)
        .optional()?;
    if let Some(id) = found {
        return Ok((id, version));
    }
    let id = super::new_id();
    diesel::insert_into(documents::table)
        .values((
            documents::id.eq(&id),
            documents::kind.eq(kind),
            documents::version.eq(&version),
            documents::content.eq(content),
            documents::content_hash.eq(crate::crypto::token_digest(content)),
            documents::published_at.eq(now),
        ))
        .execute(conn)?;
    Ok((id, version))
}

/// Publish the configured text of `kind` (at start-up, outside any
/// transaction): two instances starting at once may race, and the loser's
/// unique violation only means the row is there.
pub fn publish(
    conn: &mut DbConn,
    kind: &str,
    content: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    use diesel::result::{DatabaseErrorKind, Error};
    match current(conn, kind, content, now) {
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(()),
        other => other.map(drop),
    }
}

/// Evidence that a user accepted a document.
pub struct Acceptance<'a> {
    pub user_id: &'a str,
    pub organization_id: Option<&'a str>,
    pub document_id: &'a str,
    pub channel: &'a str,
    pub ip: Option<&'a str>,
}

pub fn record_acceptance(
    conn: &mut DbConn,
    acceptance: &Acceptance<'_>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(document_acceptances::table)
        .values((
            document_acceptances::id.eq(super::new_id()),
            document_acceptances::user_id.eq(acceptance.user_id),
            document_acceptances::organization_id.eq(acceptance.organization_id),
            document_acceptances::document_id.eq(acceptance.document_id),
            document_acceptances::channel.eq(acceptance.channel),
            document_acceptances::ip.eq(acceptance.ip),
            document_acceptances::accepted_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// A signed AUA form.
#[derive(Debug, Insertable)]
#[diesel(table_name = aua_submissions)]
pub struct NewAuaSubmission<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub organization_id: Option<&'a str>,
    pub document_id: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub work_email: &'a str,
    pub work_phone: Option<&'a str>,
    pub affiliation: &'a str,
    pub explanation: Option<&'a str>,
    pub comments: Option<&'a str>,
    pub employee_id: Option<&'a str>,
    pub signed_on: &'a str,
    pub ip: Option<&'a str>,
    pub submitted_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn record_aua(conn: &mut DbConn, submission: &NewAuaSubmission<'_>) -> QueryResult<()> {
    diesel::insert_into(aua_submissions::table)
        .values(submission)
        .execute(conn)
        .map(drop)
}

/// When the user's newest signature of this AUA document lapses, if ever signed.
pub fn aua_expiry(
    conn: &mut DbConn,
    user_id: &str,
    document_id: &str,
) -> QueryResult<Option<NaiveDateTime>> {
    aua_submissions::table
        .filter(aua_submissions::user_id.eq(user_id))
        .filter(aua_submissions::document_id.eq(document_id))
        .select(diesel::dsl::max(aua_submissions::expires_at))
        .first(conn)
}

/// One acceptance as evidence: when, which document version (and its
/// hash), who, in which organization, over which channel, from where.
#[derive(Debug, Clone, Queryable)]
pub struct EvidenceRow {
    pub accepted_at: NaiveDateTime,
    pub kind: String,
    pub version: String,
    pub content_hash: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub org_code: Option<String>,
    pub channel: String,
    pub ip: Option<String>,
}

/// Every acceptance of documents of `kind` (all kinds when `None`), oldest first.
pub fn evidence(conn: &mut DbConn, kind: Option<&str>) -> QueryResult<Vec<EvidenceRow>> {
    use super::schema::{organizations, users};
    let mut query = document_acceptances::table
        .inner_join(documents::table.on(documents::id.eq(document_acceptances::document_id)))
        .inner_join(users::table.on(users::id.eq(document_acceptances::user_id)))
        .left_join(
            organizations::table.on(organizations::id
                .nullable()
                .eq(document_acceptances::organization_id)),
        )
        .into_boxed();
    if let Some(kind) = kind {
        query = query.filter(documents::kind.eq(kind));
    }
    query
        .order((
            document_acceptances::accepted_at.asc(),
            document_acceptances::id.asc(),
        ))
        .select((
            document_acceptances::accepted_at,
            documents::kind,
            documents::version,
            documents::content_hash,
            users::username,
            users::first_name,
            users::last_name,
            organizations::org_code.nullable(),
            document_acceptances::channel,
            document_acceptances::ip,
        ))
        .load(conn)
}
