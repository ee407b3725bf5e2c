//! Legacy migration (docs/product.md §7): accounts arrive as CSV or JSON with their
//! existing username and password hash (argon2, bcrypt, PBKDF2-SHA256).
//! A file imports whole or not at all: every line is checked first, and
//! every bad line is reported with its number, field and rule. The users
//! sign in with their old password and are re-hashed to argon2id then.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use iam_shared::dto::admin::{ImportRecord, ImportResponse};
use iam_shared::i18n::{problems, Msg};
use iam_shared::types::{AccountStatus, MembershipRole, UserType};
use iam_shared::{rules, ErrorCode, LineError, Problem};
use serde_json::json;

use super::RequestMeta;
use crate::crypto::legacy_formats;
use crate::db::models::{NewMembership, NewUser};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

/// The largest file one import takes, in rows.
pub const MAX_ROWS: usize = 200_000;
/// How many bad lines a refusal lists (the count is always complete).
const MAX_REPORTED: usize = 1_000;
/// The CSV header's columns; `user_type` may be left out.
const CSV_COLUMNS: [&str; 7] = [
    "username",
    "first_name",
    "last_name",
    "email",
    "organizations",
    "password_hash",
    "user_type",
];

/// How the file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Csv,
    Json,
}

impl ImportFormat {
    /// From a media type (`text/csv`, `application/json`) or a file name.
    pub fn from_hint(hint: &str) -> Option<Self> {
        let hint = hint.to_ascii_lowercase();
        if hint.contains("csv") {
            Some(Self::Csv)
        } else if hint.contains("json") {
            Some(Self::Json)
        } else {
            None
        }
    }
}

/// A record and the line it came from.
struct Numbered {
    line: u64,
    record: ImportRecord,
}

fn line_error(line: u64, field: &str, code: &str) -> LineError {
    LineError {
        line,
        field: field.to_owned(),
        code: code.to_owned(),
    }
}

/// `detail` ends "Nothing was imported; {total} line(s) need fixing."
fn refused(detail: Msg, mut errors: Vec<LineError>, total: usize) -> AppError {
    errors.truncate(MAX_REPORTED);
    let total = total.to_string();
    let mut problem = Problem::localized(
        ErrorCode::ValidationFailed,
        detail,
        &[("total", total.as_str())],
    );
    problem.line_errors = Some(errors);
    AppError::Problem(Box::new(problem))
}

fn whole_file_error(code: &str, detail: Msg) -> AppError {
    refused(detail, vec![line_error(1, "file", code)], 1)
}

/// Line numbers from byte offsets (the csv crate's own count skips blank
/// lines), counted forwards once.
struct LineCounter<'a> {
    data: &'a [u8],
    offset: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn line_at(&mut self, position: Option<&csv::Position>) -> u64 {
        let mut target = position
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(self.offset)
            .clamp(self.offset, self.data.len());
        // A record's position is where reading began, before the blank
        // lines the reader skips.
        while matches!(self.data.get(target), Some(b'\r' | b'\n')) {
            target += 1;
        }
        let newlines = self.data[self.offset..target]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.line += u64::try_from(newlines).unwrap_or(0);
        self.offset = target;
        self.line
    }
}

fn parse_csv(data: &[u8]) -> AppResult<Vec<Numbered>> {
    let mut lines = LineCounter {
        data,
        offset: 0,
        line: 1,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(data);
    let header: Vec<String> = reader
        .headers()
        .map_err(|_| whole_file_error("invalid_csv", problems::IMPORT_NOT_CSV))?
        .iter()
        .map(str::to_ascii_lowercase)
        .collect();
    let mut errors = Vec::new();
    for (position, name) in (1..).zip(&header) {
        if !CSV_COLUMNS.contains(&name.as_str()) {
            // By position: a file without a header line would otherwise
            // echo its first account (hash and all) back.
            errors.push(line_error(
                1,
                &format!("column_{position}"),
                "unknown_column",
            ));
        }
    }
    for required in &CSV_COLUMNS[..6] {
        if !header.iter().any(|h| h == required) {
            errors.push(line_error(1, required, "missing_column"));
        }
    }
    if !errors.is_empty() {
        let n = errors.len();
        return Err(refused(problems::IMPORT_BAD_HEADER, errors, n));
    }
    let column = |name: &str| header.iter().position(|h| h == name);
    let at = |record: &csv::StringRecord, name: &str| {
        column(name)
            .and_then(|i| record.get(i))
            .unwrap_or_default()
            .to_owned()
    };
    let mut rows = Vec::new();
    for result in reader.records() {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                let line = lines.line_at(e.position());
                // Argon2 and PBKDF2 hashes hold commas: such fields must be quoted.
                let code = match e.kind() {
                    csv::ErrorKind::UnequalLengths { .. } => "wrong_field_count",
                    csv::ErrorKind::Utf8 { .. } => "invalid_utf8",
                    _ => "invalid_csv",
                };
                errors.push(line_error(line, "file", code));
                continue;
            }
        };
        let line = lines.line_at(record.position());
        let user_type = at(&record, "user_type");
        let parsed_type = match user_type.as_str() {
            "" => None,
            other => match UserType::parse(other) {
                Some(t) => Some(t),
                None => {
                    errors.push(line_error(line, "user_type", "invalid_user_type"));
                    None
                }
            },
        };
        rows.push(Numbered {
            line,
            record: ImportRecord {
                username: at(&record, "username"),
                first_name: at(&record, "first_name"),
                last_name: at(&record, "last_name"),
                email: at(&record, "email"),
                organizations: at(&record, "organizations")
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
                password_hash: at(&record, "password_hash"),
                user_type: parsed_type,
            },
        });
        if rows.len() > MAX_ROWS {
            return Err(whole_file_error(
                "too_many_rows",
                problems::IMPORT_TOO_MANY_ROWS,
            ));
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        let n = errors.len();
        Err(refused(problems::IMPORT_UNREADABLE_LINES, errors, n))
    }
}

fn parse_json(data: &[u8]) -> AppResult<Vec<Numbered>> {
    let values: Vec<serde_json::Value> = serde_json::from_slice(data)
        .map_err(|_| whole_file_error("invalid_json", problems::IMPORT_NOT_JSON_ARRAY))?;
    if values.len() > MAX_ROWS {
        return Err(whole_file_error(
            "too_many_rows",
            problems::IMPORT_TOO_MANY_ROWS,
        ));
    }
    let mut rows = Vec::with_capacity(values.len());
    let mut errors = Vec::new();
    for (value, line) in values.into_iter().zip(1u64..) {
        match serde_json::from_value::<ImportRecord>(value) {
            Ok(record) => rows.push(Numbered { line, record }),
            // serde names the field, never the value (it may be a hash).
            Err(_) => errors.push(line_error(line, "record", "invalid_record")),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        let n = errors.len();
        Err(refused(problems::IMPORT_UNREADABLE_RECORDS, errors, n))
    }
}

/// A checked row, ready to insert.
struct Prepared {
    id: String,
    username: String,
    username_key: String,
    user_type: UserType,
    first_name: String,
    last_name: String,
    email: String,
    email_key: String,
    password_hash: String,
    stamp: String,
    memberships: Vec<(String, MembershipRole)>,
}

/// The rules of one row that need no database.
fn check_row(row: &Numbered, errors: &mut Vec<LineError>) {
    let (line, r) = (row.line, &row.record);
    if !rules::is_valid_identifier(&r.username) {
        errors.push(line_error(line, "username", "invalid_username"));
    }
    for (field, value) in [("first_name", &r.first_name), ("last_name", &r.last_name)] {
        if !rules::is_valid_legacy_name(value) {
            errors.push(line_error(line, field, "invalid_name"));
        }
    }
    if !rules::is_plausible_email(r.email.trim()) {
        errors.push(line_error(line, "email", "invalid_email"));
    }
    if legacy_formats::recognise(r.password_hash.trim()).is_none() {
        errors.push(line_error(line, "password_hash", "unsupported_hash"));
    }
    if r.user_type.unwrap_or(UserType::External) == UserType::External && r.organizations.is_empty()
    {
        errors.push(line_error(line, "organizations", "required"));
    }
}

/// `CODE` or `CODE:role`; imports grant `user` or `poc` only.
fn membership(entry: &str) -> Result<(String, MembershipRole), &'static str> {
    let (code, role) = match entry.split_once(':') {
        Some((code, role)) => (code, role.trim()),
        None => (entry, "user"),
    };
    let role = match MembershipRole::parse(role) {
        Some(r @ (MembershipRole::User | MembershipRole::Poc)) => r,
        Some(_) => return Err("role_not_importable"),
        None => return Err("invalid_role"),
    };
    Ok((code.trim().to_uppercase(), role))
}

/// Check every row against the rules and the database; the rows to insert,
/// or every error.
fn prepare(
    conn: &mut DbConn,
    rows: Vec<Numbered>,
) -> AppResult<(Vec<Prepared>, HashMap<String, String>)> {
    let mut errors = Vec::new();
    for row in &rows {
        check_row(row, &mut errors);
    }
    let org_ids = db::organizations::ids_by_code(conn)?;
    let keys: Vec<String> = rows
        .iter()
        .map(|r| rules::username_key(r.record.username.trim()))
        .collect();
    let taken: HashSet<String> = db::users::taken_username_keys(conn, &keys)?
        .into_iter()
        .collect();
    let mut seen: HashMap<&str, u64> = HashMap::new();
    let mut prepared = Vec::with_capacity(rows.len());
    for (row, key) in rows.iter().zip(&keys) {
        let line = row.line;
        if taken.contains(key) {
            errors.push(line_error(line, "username", "username_taken"));
        }
        if let Some(first) = seen.insert(key, line) {
            errors.push(line_error(
                line,
                "username",
                &format!("duplicate_of_line_{first}"),
            ));
        }
        let mut memberships: Vec<(String, MembershipRole)> = Vec::new();
        for entry in &row.record.organizations {
            match membership(entry) {
                Ok((code, _)) if !org_ids.contains_key(&code) => {
                    errors.push(line_error(line, "organizations", "unknown_org_code"));
                }
                Ok((code, _)) if memberships.iter().any(|(c, _)| *c == code) => {
                    errors.push(line_error(line, "organizations", "duplicate_org_code"));
                }
                Ok(grant) => memberships.push(grant),
                Err(code) => errors.push(line_error(line, "organizations", code)),
            }
        }
        let r = &row.record;
        let email = r.email.trim();
        prepared.push(Prepared {
            id: db::new_id(),
            username: r.username.trim().to_owned(),
            username_key: key.clone(),
            user_type: r.user_type.unwrap_or(UserType::External),
            first_name: r.first_name.trim().to_owned(),
            last_name: r.last_name.trim().to_owned(),
            email: email.to_owned(),
            email_key: rules::email_key(email),
            password_hash: r.password_hash.trim().to_owned(),
            stamp: db::new_id(),
            memberships,
        });
    }
    if errors.is_empty() {
        Ok((prepared, org_ids))
    } else {
        let lines: HashSet<u64> = errors.iter().map(|e| e.line).collect();
        let n = lines.len();
        errors.sort_by_key(|e| e.line);
        Err(refused(problems::IMPORT_INVALID_LINES, errors, n))
    }
}

/// Import a file: all its accounts in one transaction, or none. `source`
/// (`api` or `cli`) and the actor go into the one audit event.
pub fn import_users(
    conn: &mut DbConn,
    data: &[u8],
    format: ImportFormat,
    actor: Option<&str>,
    source: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<ImportResponse> {
    let rows = match format {
        ImportFormat::Csv => parse_csv(data)?,
        ImportFormat::Json => parse_json(data)?,
    };
    import_rows(conn, rows, actor, source, meta, now)
}

/// Import records that are already parsed (the bulk seeder's batches),
/// numbered from 1, with the same checks and in one transaction.
pub fn import_records(
    conn: &mut DbConn,
    records: Vec<ImportRecord>,
    actor: Option<&str>,
    source: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<ImportResponse> {
    let rows = records
        .into_iter()
        .zip(1u64..)
        .map(|(record, line)| Numbered { line, record })
        .collect();
    import_rows(conn, rows, actor, source, meta, now)
}

fn import_rows(
    conn: &mut DbConn,
    rows: Vec<Numbered>,
    actor: Option<&str>,
    source: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<ImportResponse> {
    if rows.is_empty() {
        return Err(whole_file_error("empty", problems::IMPORT_EMPTY));
    }
    let at = db::to_db_time(now);
    db::transaction(conn, |conn| {
        let (prepared, org_ids) = prepare(conn, rows)?;
        let users: Vec<NewUser<'_>> = prepared
            .iter()
            .map(|p| NewUser {
                id: &p.id,
                username: &p.username,
                username_key: &p.username_key,
                user_type: p.user_type,
                first_name: &p.first_name,
                last_name: &p.last_name,
                email: &p.email,
                email_key: &p.email_key,
                phone: None,
                status: AccountStatus::Active,
                password_hash: Some(&p.password_hash),
                security_stamp: &p.stamp,
                created_at: at,
                updated_at: at,
                language: None,
            })
            .collect();
        db::users::create_many(conn, &users)?;
        let memberships: Vec<NewMembership<'_>> = prepared
            .iter()
            .flat_map(|p| {
                p.memberships.iter().filter_map(|(code, role)| {
                    org_ids.get(code).map(|org_id| NewMembership {
                        user_id: &p.id,
                        organization_id: org_id,
                        role: *role,
                        created_at: at,
                    })
                })
            })
            .collect();
        db::organizations::add_many(conn, &memberships)?;
        let imported = u64::try_from(prepared.len()).unwrap_or(u64::MAX);
        meta.audit_as(
            conn,
            "users_imported",
            None,
            actor,
            at,
            json!({"count": imported, "source": source}),
        )?;
        Ok(ImportResponse {
            imported,
            message: meta.reply(
                problems::ACCOUNTS_IMPORTED,
                &[("count", &imported.to_string())],
            ),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memberships_default_to_user_and_never_grant_staff_roles() {
        assert_eq!(
            membership("abc1"),
            Ok(("ABC1".into(), MembershipRole::User))
        );
        assert_eq!(
            membership("ABC1:poc"),
            Ok(("ABC1".into(), MembershipRole::Poc))
        );
        assert_eq!(membership("ABC1:admin"), Err("role_not_importable"));
        assert_eq!(membership("ABC1:boss"), Err("invalid_role"));
    }

    #[test]
    fn csv_rows_keep_their_line_numbers_and_bad_headers_are_named() {
        let csv = "username,first_name,last_name,email,organizations,password_hash\n\
                   JO1234SM,John,Smith,john@example.org,ORG1;ORG2:poc,$2a$05$x\n\
                   \n\
                   \"MA5678LE\",\"Mary, Ann\",Lee,mary@example.org,ORG1,$2a$05$y\n";
        let rows = parse_csv(csv.as_bytes()).unwrap_or_default();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].record.organizations, ["ORG1", "ORG2:poc"]);
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].record.first_name, "Mary, Ann");

        let Err(AppError::Problem(problem)) = parse_csv(b"username,nickname\nx,y\n") else {
            panic!("a bad header is refused");
        };
        let errors = problem.line_errors.unwrap_or_default();
        assert!(errors
            .iter()
            .any(|e| e.field == "column_2" && e.code == "unknown_column"));
        assert!(errors
            .iter()
            .any(|e| e.field == "password_hash" && e.code == "missing_column"));
    }
}
