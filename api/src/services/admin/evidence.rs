//! The audit trail, page by page, and the acceptance evidence as CSV.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use iam_shared::dto::admin::{AuditPageResponse, AuditQuery};
use serde_json::json;

use super::event_view;
use crate::clock::rfc3339;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::RequestMeta;

/// `since` as a time: RFC 3339, or a date meaning its start (UTC).
pub(super) fn parse_since(since: &str) -> AppResult<NaiveDateTime> {
    DateTime::parse_from_rfc3339(since)
        .map(|t| t.naive_utc())
        .or_else(|_| {
            NaiveDate::parse_from_str(since, "%Y-%m-%d").map(|d| d.and_time(Default::default()))
        })
        .ok()
        // Both databases store years 1970–9999 without surprises.
        .filter(|t| (1970..=9999).contains(&chrono::Datelike::year(t)))
        .ok_or_else(|| {
            AppError::validation([("since".to_owned(), vec!["invalid_date".to_owned()])].into())
        })
}

/// `GET /admin/audit`: one page, newest first.
pub fn audit_page(conn: &mut DbConn, query: &AuditQuery) -> AppResult<AuditPageResponse> {
    let limit = query.limit.unwrap_or(50).clamp(1, 100);
    let since = query.since.as_deref().map(parse_since).transpose()?;
    let filter = db::audit::AuditFilter {
        user_id: query.user_id.as_deref().filter(|s| !s.is_empty()),
        event_type: query.event_type.as_deref().filter(|s| !s.is_empty()),
        since,
        before_id: query.before_id,
    };
    // One more than asked tells whether an older page exists.
    let mut rows = db::audit::page(conn, &filter, i64::from(limit) + 1)?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_before_id = if more {
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(AuditPageResponse {
        events: rows.into_iter().map(event_view).collect(),
        next_before_id,
    })
}

/// A CSV field: quoted, with inner quotes doubled, and a leading `'` on
/// text a spreadsheet would run as a formula (OWASP "CSV injection").
pub(super) fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// `GET /admin/evidence`: every acceptance of the AUA and/or the
/// Confidentiality Statement as CSV, oldest first, audited.
pub fn evidence_csv(
    conn: &mut DbConn,
    staff_id: &str,
    kind: Option<&str>,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<String> {
    if let Some(kind) = kind {
        if ![
            crate::services::aua::AUA_KIND,
            crate::services::aua::CONFIDENTIALITY_KIND,
        ]
        .contains(&kind)
        {
            return Err(AppError::validation(
                [("document".to_owned(), vec!["unknown_document".to_owned()])].into(),
            ));
        }
    }
    let rows = db::documents::evidence(conn, kind)?;
    let mut csv = String::from(
        "accepted_at,document,version,content_sha256,username,first_name,last_name,org_code,channel,ip\r\n",
    );
    for row in &rows {
        let fields = [
            rfc3339(row.accepted_at),
            row.kind.clone(),
            row.version.clone(),
            row.content_hash.clone(),
            row.username.clone(),
            row.first_name.clone(),
            row.last_name.clone(),
            row.org_code.clone().unwrap_or_default(),
            row.channel.clone(),
            row.ip.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    db::transaction(conn, |conn| {
        meta.audit_as(
            conn,
            "admin_evidence_exported",
            None,
            Some(staff_id),
            db::to_db_time(now),
            json!({"document": kind.unwrap_or("all"), "rows": rows.len()}),
        )
    })?;
    Ok(csv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "\"plain\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        assert_eq!(csv_field("-1+1"), "\"'-1+1\"");
    }

    #[test]
    fn since_takes_a_date_or_a_time() {
        assert!(parse_since("2026-11-30").is_ok());
        assert!(parse_since("2026-11-30T10:00:00Z").is_ok());
        assert!(parse_since("yesterday").is_err());
        assert!(parse_since("-10000-01-01").is_err());
    }
}
