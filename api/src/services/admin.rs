//! The support console (docs/product.md §9): find and inspect accounts, act on them,
//! read the audit trail and export acceptance evidence. Callers are staff
//! ([`crate::auth::Staff`]); every action is audited with the staff member
//! as its actor, in the transaction of the action.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use iam_shared::dto::admin::{
    AdminMembership, AdminSession, AdminUserDetail, AdminUserSummary, AuditEventView,
    AuditPageResponse, AuditQuery, CreateUserRequest, CreatedUserResponse, DeliveryState,
    MailDelivery, UserListResponse, UserSearchQuery, VerifySecurityAnswerResponse,
};
use iam_shared::types::{AccountStatus, MembershipRole, UserType};
use iam_shared::{rules, ErrorCode};
use secrecy::SecretString;
use serde_json::json;

use super::accounts::{self, NewAccount};
use super::RequestMeta;
use crate::auth::Staff;
use crate::clock::rfc3339;
use crate::config::Settings;
use crate::db::models::{AuditEventRow, OutboxRow, UserRow};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// How often one account's security answer may be checked in an hour.
const ANSWER_CHECKS_PER_HOUR: i32 = 5;

/// How many events and e-mails a user's timeline shows.
const TIMELINE_ITEMS: i64 = 50;

fn summary(user: &UserRow) -> AdminUserSummary {
    AdminUserSummary {
        id: user.id.clone(),
        username: user.username.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        email: user.email.clone(),
        user_type: UserType::parse(&user.user_type).unwrap_or(UserType::External),
        status: status_of(user),
        last_login_at: user.last_login_at.map(rfc3339),
    }
}

fn status_of(user: &UserRow) -> AccountStatus {
    AccountStatus::parse(&user.status).unwrap_or(AccountStatus::Disabled)
}

fn event_view(row: AuditEventRow) -> AuditEventView {
    AuditEventView {
        id: row.id,
        occurred_at: rfc3339(row.occurred_at),
        event_type: row.event_type,
        user_id: row.user_id,
        actor_id: row.actor_id,
        ip: row.ip,
        user_agent: row.user_agent,
        detail: serde_json::from_str(&row.detail).unwrap_or(serde_json::Value::Null),
    }
}

/// The outbox's states in the words of the timeline: a message being
/// sent for the first time is still queued; after a failed attempt it is
/// retrying until it is sent or given up.
fn delivery_state(row: &OutboxRow) -> DeliveryState {
    match row.status.as_str() {
        "sent" => DeliveryState::Sent,
        "failed" => DeliveryState::Failed,
        "retrying" => DeliveryState::Retrying,
        _ if row.attempts > 0 => DeliveryState::Retrying,
        _ => DeliveryState::Queued,
    }
}

fn delivery(row: OutboxRow) -> MailDelivery {
    MailDelivery {
        state: delivery_state(&row),
        id: row.id,
        kind: row.kind,
        subject: row.subject,
        recipient: row.recipient,
        attempts: row.attempts,
        created_at: rfc3339(row.created_at),
        sent_at: row.sent_at.map(rfc3339),
        last_error: row.last_error,
    }
}

/// `GET /admin/users`.
pub fn search_users(conn: &mut DbConn, query: &UserSearchQuery) -> AppResult<UserListResponse> {
    let limit = query.limit.unwrap_or(25).clamp(1, 100);
    let offset = query.offset.unwrap_or(0);
    let (rows, total) = db::users::search(
        conn,
        query.q.as_deref().unwrap_or(""),
        query.status,
        i64::from(limit),
        i64::from(offset),
    )?;
    Ok(UserListResponse {
        users: rows.iter().map(summary).collect(),
        total: u64::try_from(total).unwrap_or(0),
        limit,
        offset,
    })
}

fn no_such_account() -> AppError {
    AppError::new(ErrorCode::NotFound, "There is no such account.")
}

/// Ids are UUIDs; anything else never reaches SQL (a NUL byte would).
fn checked_user_id(user_id: &str) -> AppResult<&str> {
    uuid::Uuid::parse_str(user_id)
        .map(|_| user_id)
        .map_err(|_| no_such_account())
}

fn find_user(conn: &mut DbConn, user_id: &str) -> AppResult<UserRow> {
    db::users::find_by_id(conn, checked_user_id(user_id)?)?.ok_or_else(no_such_account)
}

/// `GET /admin/users/{id}`: the account and its timeline.
pub fn user_detail(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    now: DateTime<Utc>,
) -> AppResult<AdminUserDetail> {
    let user = find_user(conn, user_id)?;
    let (unknown_signin, unknown_reset) =
        super::devices::counts(conn, settings, &user.id, db::to_db_time(now))?;
    let memberships = db::organizations::find_memberships_of_user(conn, &user.id)?
        .into_iter()
        .map(|(org, membership)| AdminMembership {
            org_code: org.org_code,
            organization_name: org.name,
            role: MembershipRole::parse(&membership.role).unwrap_or(MembershipRole::User),
        })
        .collect();
    let sessions = db::sessions::list_active_for_user(conn, &user.id, db::to_db_time(now))?
        .into_iter()
        .map(|s| AdminSession {
            id: s.id,
            channel: s.channel,
            door: s.door,
            ip: s.ip,
            user_agent: s.user_agent,
            created_at: rfc3339(s.created_at),
            last_seen_at: rfc3339(s.last_seen_at),
            expires_at: rfc3339(s.expires_at),
        })
        .collect();
    let recent_events = db::audit::find_by_user(conn, &user.id, TIMELINE_ITEMS)?
        .into_iter()
        .map(event_view)
        .collect();
    let emails = db::outbox::find_by_user(conn, &user.id, TIMELINE_ITEMS)?
        .into_iter()
        .map(delivery)
        .collect();
    Ok(AdminUserDetail {
        user: summary(&user),
        phone: user.phone.clone(),
        failed_login_count: user.failed_login_count,
        failed_reset_count: user.failed_reset_count,
        locked_at: user.locked_at.map(rfc3339),
        unknown_device_failed_login_count: unknown_signin.failures,
        unknown_devices_blocked_until: unknown_signin.blocked_until.map(rfc3339),
        unknown_device_failed_reset_count: unknown_reset.failures,
        unknown_device_resets_blocked_until: unknown_reset.blocked_until.map(rfc3339),
        created_at: rfc3339(user.created_at),
        security_question: user.security_question.clone(),
        memberships,
        sessions,
        recent_events,
        emails,
    })
}

/// `GET /admin/users/{id}` by a staff member: the detail, and an audit
/// event that they looked (it shows personal data and sessions).
pub fn view_user(
    conn: &mut DbConn,
    settings: &Settings,
    staff_id: &str,
    user_id: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<AdminUserDetail> {
    db::transaction(conn, |conn| {
        let detail = user_detail(conn, settings, user_id, now)?;
        meta.audit_as(
            conn,
            "admin_user_viewed",
            Some(&detail.user.id),
            Some(staff_id),
            db::to_db_time(now),
            json!({}),
        )?;
        Ok(detail)
    })
}

/// `POST /admin/users`: create an account whose owner gets the Welcome
/// e-mail. Only an admin may grant `support` or `admin`.
pub fn create_user(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &crate::mail::seal::MailSealer,
    staff: &Staff,
    request: &CreateUserRequest,
    now: DateTime<Utc>,
) -> AppResult<CreatedUserResponse> {
    let grants_staff = request
        .organizations
        .iter()
        .any(|g| matches!(g.role, MembershipRole::Support | MembershipRole::Admin));
    if grants_staff && !staff.is_admin {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Only an administrator can grant the support or admin role.",
        ));
    }
    let mut codes: Vec<String> = request
        .organizations
        .iter()
        .map(|g| g.org_code.trim().to_uppercase())
        .collect();
    codes.sort();
    codes.dedup();
    if codes.len() != request.organizations.len() {
        return Err(AppError::validation(
            [(
                "organizations".to_owned(),
                vec!["duplicate_org_code".to_owned()],
            )]
            .into(),
        ));
    }
    if request.user_type == UserType::External && request.organizations.is_empty() {
        return Err(AppError::validation(
            [("organizations".to_owned(), vec!["required".to_owned()])].into(),
        ));
    }
    let created = accounts::create_account(
        conn,
        settings,
        sealer,
        &NewAccount {
            user_type: request.user_type,
            first_name: request.first_name.clone(),
            last_name: request.last_name.clone(),
            email: request.email.clone(),
            memberships: request
                .organizations
                .iter()
                .map(|g| (g.org_code.trim().to_uppercase(), g.role))
                .collect(),
            password_hash: None,
            username: None,
        },
        Some(staff.user_id()),
        now,
    )?;
    Ok(CreatedUserResponse {
        message: format!(
            "The account {} was created and the Welcome e-mail is on its way.",
            created.username
        ),
        user_id: created.user_id,
        username: created.username,
    })
}

/// The admin actions on one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminAction {
    /// A locked account becomes active (the owner could also reset the password).
    Unlock,
    /// A disabled account becomes active; only support can do this.
    Enable,
    /// The account is disabled and its sessions end.
    Disable,
    /// A pending account gets a new Welcome e-mail; older links stop working.
    ResendActivation,
    /// Every session of the account ends.
    RevokeSessions,
    /// The unknown-device ladders start again (the block is lifted).
    ClearDeviceBlocks,
    /// The password may be known to someone else: the account is locked
    /// until its owner sets a new one from the e-mailed link; its sessions
    /// end and no browser stays familiar.
    RequirePasswordChange,
}

impl AdminAction {
    fn event_type(self) -> &'static str {
        match self {
            Self::Unlock => "admin_unlocked",
            Self::Enable => "admin_enabled",
            Self::Disable => "admin_disabled",
            Self::ResendActivation => "admin_activation_resent",
            Self::RevokeSessions => "admin_sessions_revoked",
            Self::ClearDeviceBlocks => "admin_device_blocks_cleared",
            Self::RequirePasswordChange => "admin_password_change_required",
        }
    }

    /// Why the account's state refuses the action, if it does.
    fn refusal(self, status: AccountStatus, own_account: bool) -> Option<&'static str> {
        use AccountStatus::{Active, Disabled, Locked, PendingActivation};
        match (self, status) {
            (Self::Disable | Self::RevokeSessions | Self::RequirePasswordChange, _)
                if own_account =>
            {
                Some("You cannot do this to your own account.")
            }
            (Self::Unlock, Locked) | (Self::Enable, Disabled) => None,
            (Self::Unlock, _) => Some("This account is not locked."),
            (Self::Enable, _) => Some("This account is not disabled."),
            (Self::Disable, Disabled) => Some("This account is already disabled."),
            (Self::Disable | Self::RevokeSessions, _) => None,
            (Self::ResendActivation, PendingActivation) => None,
            (Self::ResendActivation, Active | Locked | Disabled) => {
                Some("This account is already activated.")
            }
            (Self::ClearDeviceBlocks, _) => None,
            (Self::RequirePasswordChange, Active | Locked) => None,
            (Self::RequirePasswordChange, PendingActivation) => {
                Some("This account has no password yet.")
            }
            (Self::RequirePasswordChange, Disabled) => {
                Some("This account is disabled: enable it first.")
            }
        }
    }
}

/// Carry out an admin action; answers the account as it is afterwards.
#[expect(clippy::too_many_arguments, reason = "who acts, on whom, how, when")]
pub fn act(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &crate::mail::seal::MailSealer,
    staff: &Staff,
    user_id: &str,
    action: AdminAction,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<AdminUserDetail> {
    let at = db::to_db_time(now);
    let staff_id = staff.user_id();
    db::transaction(conn, |conn| {
        // Lock first, then read: concurrent actions see each other's result.
        db::users::lock_row(conn, checked_user_id(user_id)?)?;
        let user = find_user(conn, user_id)?;
        let own_account = user.id == staff_id;
        if !staff.is_admin && !own_account && is_staff_account(conn, &user.id)? {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "Only an administrator can act on the account of support staff.",
            ));
        }
        let status = status_of(&user);
        if let Some(reason) = action.refusal(status, own_account) {
            return Err(AppError::new(ErrorCode::Conflict, reason));
        }
        let mut detail = json!({"previous_status": status.as_str()});
        match action {
            AdminAction::Unlock | AdminAction::Enable => {
                // An account disabled before it was activated goes back to
                // waiting for its activation, not to `active`.
                let to = if user.password_hash.is_some() {
                    AccountStatus::Active
                } else {
                    AccountStatus::PendingActivation
                };
                db::users::reactivate(conn, &user.id, to, at)?;
                super::devices::clear_blocks(conn, &user.id)?;
            }
            AdminAction::RequirePasswordChange => {
                db::users::lock(conn, &user.id, at)?;
                detail["sessions_revoked"] = json!(db::sessions::revoke_all_for_user_except(
                    conn,
                    &user.id,
                    None,
                    "password_change_required",
                    at,
                )?);
                detail["devices_forgotten"] =
                    json!(db::devices::forget_all_except(conn, &user.id, None)?);
                let token = super::reset_links::issue(
                    conn,
                    &user.id,
                    iam_shared::dto::password::ResetVariant::Iamonline,
                    settings.reset_link_ttl_secs,
                    now,
                )?;
                let message = crate::mail::templates::password_change_required(
                    settings,
                    &user.email,
                    &user.first_name,
                    secrecy::ExposeSecret::expose_secret(&token),
                    settings.reset_link_ttl_secs.div_ceil(3600),
                );
                crate::mail::outbox::enqueue(
                    conn,
                    sealer,
                    "password_change_required",
                    Some(&user.id),
                    &message,
                    now,
                )?;
            }
            AdminAction::ClearDeviceBlocks => {
                let (signin, reset) = super::devices::counts(conn, settings, &user.id, at)?;
                if signin.failures == 0 && reset.failures == 0 {
                    return Err(AppError::new(
                        ErrorCode::Conflict,
                        "There are no failures from unknown devices to clear.",
                    ));
                }
                detail["unknown_device_failed_logins"] = json!(signin.failures);
                detail["unknown_device_failed_resets"] = json!(reset.failures);
                super::devices::clear_blocks(conn, &user.id)?;
            }
            AdminAction::Disable => {
                db::users::disable(conn, &user.id, at)?;
                detail["devices_forgotten"] =
                    json!(db::devices::forget_all_except(conn, &user.id, None)?);
                let ended = db::sessions::revoke_all_for_user_except(
                    conn,
                    &user.id,
                    None,
                    "admin_disabled",
                    at,
                )?;
                detail["sessions_revoked"] = json!(ended);
            }
            AdminAction::RevokeSessions => {
                // Support ends sessions when an account may be in the wrong
                // hands: its browsers are no longer familiar either.
                detail["devices_forgotten"] =
                    json!(db::devices::forget_all_except(conn, &user.id, None)?);
                let ended = db::sessions::revoke_all_for_user_except(
                    conn,
                    &user.id,
                    None,
                    "admin_revoked",
                    at,
                )?;
                detail["sessions_revoked"] = json!(ended);
            }
            AdminAction::ResendActivation => accounts::queue_activation(
                conn,
                settings,
                sealer,
                &user.id,
                &user.email,
                &user.first_name,
                &user.username,
                now,
            )?,
        }
        meta.audit_as(
            conn,
            action.event_type(),
            Some(&user.id),
            Some(staff_id),
            at,
            detail,
        )?;
        user_detail(conn, settings, &user.id, now)
    })
}

fn is_staff_account(conn: &mut DbConn, user_id: &str) -> AppResult<bool> {
    Ok(db::organizations::roles_of_user(conn, user_id)?
        .iter()
        .any(|r| r == MembershipRole::Support.as_str() || r == MembershipRole::Admin.as_str()))
}

/// The stored answer of `user_id`, or why there is none to compare.
fn stored_answer(conn: &mut DbConn, user_id: &str) -> AppResult<String> {
    find_user(conn, user_id)?
        .security_answer_hash
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::Conflict,
                "This account has no security answer on file (it was never activated).",
            )
        })
}

/// `POST /admin/users/{id}/verify-security-answer`: compare what a caller
/// said with the stored answer (argon2id, off the request threads). The
/// answer itself never leaves the server; each check is audited, matched
/// or not, so guessing through support leaves a trail.
pub async fn verify_security_answer(
    state: &AppState,
    staff_id: String,
    user_id: String,
    answer: SecretString,
    meta: RequestMeta,
) -> AppResult<VerifySecurityAnswerResponse> {
    let lookup = user_id.clone();
    let now = db::to_db_time(state.clock.now());
    let stored = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let stored = stored_answer(conn, &lookup)?;
                // Each account's answer can be checked a few times an hour,
                // by all staff together: support is no guessing oracle.
                let key = format!("security-answer:{lookup}");
                let window_end = now + chrono::Duration::hours(1);
                match db::throttle::reserve(
                    conn,
                    &key,
                    "security_answer",
                    ANSWER_CHECKS_PER_HOUR,
                    now,
                    window_end,
                )? {
                    Some(_) => Ok(stored),
                    None => {
                        let ends = db::throttle::expires_at(conn, &key)?.unwrap_or(window_end);
                        Err(AppError::RateLimited {
                            retry_after_secs: u64::try_from((ends - now).num_seconds().max(1))
                                .unwrap_or(3600),
                        })
                    }
                }
            })
        })
        .await?;
    let key = SecretString::from(rules::security_answer_key(
        secrecy::ExposeSecret::expose_secret(&answer),
    ));
    let matched = state.hasher.verify(key, Some(stored)).await?;
    let at = db::to_db_time(state.clock.now());
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                meta.audit_as(
                    conn,
                    "admin_security_answer_checked",
                    Some(&user_id),
                    Some(&staff_id),
                    at,
                    json!({"matched": matched}),
                )
            })
        })
        .await?;
    Ok(VerifySecurityAnswerResponse {
        matched,
        message: if matched {
            "The answer matches the one on file.".into()
        } else {
            "The answer does not match the one on file.".into()
        },
    })
}

/// `since` as a time: RFC 3339, or a date meaning its start (UTC).
fn parse_since(since: &str) -> AppResult<NaiveDateTime> {
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
fn csv_field(value: &str) -> String {
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
        if ![super::aua::AUA_KIND, super::aua::CONFIDENTIALITY_KIND].contains(&kind) {
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
    fn actions_refuse_accounts_in_the_wrong_state() {
        use AccountStatus::*;
        assert_eq!(AdminAction::Unlock.refusal(Locked, false), None);
        assert!(AdminAction::Unlock.refusal(Active, false).is_some());
        assert_eq!(AdminAction::Enable.refusal(Disabled, false), None);
        assert!(AdminAction::Enable.refusal(Locked, false).is_some());
        assert!(AdminAction::Disable.refusal(Disabled, false).is_some());
        assert!(AdminAction::Disable.refusal(Active, true).is_some());
        assert_eq!(AdminAction::Disable.refusal(Locked, false), None);
        assert_eq!(
            AdminAction::ResendActivation.refusal(PendingActivation, false),
            None
        );
        assert!(AdminAction::ResendActivation
            .refusal(Active, false)
            .is_some());
        assert!(AdminAction::RevokeSessions.refusal(Active, true).is_some());
    }

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
