//! Finding accounts, what the console shows of one, and creating one.

use chrono::{DateTime, Utc};
use iam_shared::dto::admin::{
    AdminMembership, AdminSession, AdminUserDetail, CreateUserRequest, CreatedUserResponse,
    UserListResponse, UserSearchQuery,
};
use iam_shared::i18n::problems;
use iam_shared::types::{MembershipRole, UserType};
use iam_shared::ErrorCode;
use serde_json::json;

use super::{delivery, event_view, find_user, summary, TIMELINE_ITEMS};
use crate::clock::rfc3339;
use crate::config::Settings;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::accounts::{self, NewAccount};
use crate::services::RequestMeta;
use crate::services::StaffMember;

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

/// `GET /admin/users/{id}`: the account and its timeline.
pub(super) fn user_detail(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    now: DateTime<Utc>,
) -> AppResult<AdminUserDetail> {
    let user = find_user(conn, user_id)?;
    let (unknown_signin, unknown_reset) =
        crate::services::devices::counts(conn, settings, &user.id, db::to_db_time(now))?;
    let memberships = db::organizations::find_memberships_of_user(conn, &user.id)?
        .into_iter()
        .map(|(org, membership)| AdminMembership {
            org_code: org.org_code,
            organization_name: org.name,
            role: membership.role,
        })
        .collect();
    let sessions = db::sessions::list_active_for_user(conn, &user.id, db::to_db_time(now))?
        .into_iter()
        .map(|s| AdminSession {
            id: s.id,
            channel: s.channel.as_str().to_owned(),
            door: s.door.as_str().to_owned(),
            ip: s.ip,
            user_agent: s.user_agent,
            created_at: rfc3339(s.created_at),
            last_seen_at: rfc3339(s.last_seen_at),
            expires_at: rfc3339(s.expires_at),
            amr: s.amr,
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
        directory_link_available: !settings.ldap_urls().is_empty()
            && crate::services::directory::link_refusal(&user).is_none(),
        directory_synced_at: user.directory_synced_at.map(rfc3339),
        security_question: user.security_question.clone(),
        memberships,
        sessions,
        authenticators: crate::services::authenticators::views_of(conn, &user.id)?,
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
    sealer: &crate::crypto::seal::Sealer,
    staff: &StaffMember,
    request: &CreateUserRequest,
    lang: iam_shared::i18n::Lang,
    now: DateTime<Utc>,
) -> AppResult<CreatedUserResponse> {
    let grants_staff = request
        .organizations
        .iter()
        .any(|g| matches!(g.role, MembershipRole::Support | MembershipRole::Admin));
    if grants_staff && !staff.is_admin {
        return Err(AppError::text(
            ErrorCode::Forbidden,
            problems::ADMIN_ONLY_GRANTS_STAFF,
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
            language: None,
        },
        Some(staff.user_id.as_str()),
        now,
    )?;
    Ok(CreatedUserResponse {
        message: iam_shared::i18n::problems::ACCOUNT_CREATED
            .fill(lang, &[("username", &created.username)]),
        user_id: created.user_id,
        username: created.username,
    })
}
