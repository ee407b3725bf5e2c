//! What a signed-in user sees of their sessions and manages: the session
//! itself (`GET /session`), the list of live sessions and browsers, ending
//! other sessions, and the organization the session acts for.

use chrono::{DateTime, Utc};
use iam_shared::dto::session::{
    OrganizationSummary, SessionListResponse, SessionResponse, SessionSummary, UserSummary,
};
use iam_shared::i18n::problems;
use iam_shared::ErrorCode;
use serde_json::json;

use super::{audit, live_problem, recently_authenticated, unauthenticated};
use crate::clock::rfc3339;
use crate::config::Settings;
use crate::db::models::UserRow;
use crate::db::sessions::SessionRow;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::RequestMeta;

/// End one of the user's other sessions (`DELETE /sessions/{id}`): needs a
/// recent sign-in, as ending all of them does. The current session signs
/// out with `DELETE /session`; another user's session is "not found".
pub fn revoke_one(
    conn: &mut DbConn,
    session: &SessionRow,
    target_id: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let at = db::to_db_time(now);
    let not_found = || AppError::text(ErrorCode::NotFound, problems::NO_SUCH_SESSION);
    if target_id == session.id {
        return Err(AppError::text(
            ErrorCode::Conflict,
            problems::CURRENT_SESSION,
        ));
    }
    db::transaction(conn, |conn| {
        let target = db::sessions::find(conn, target_id)?
            .filter(|t| t.user_id == session.user_id && t.revoked_at.is_none())
            .ok_or_else(not_found)?;
        if !recently_authenticated(session, at) {
            return Err(AppError::text(
                ErrorCode::ReauthenticationRequired,
                problems::REAUTHENTICATE,
            ));
        }
        if !db::sessions::revoke(conn, &target.id, "signed_out_elsewhere", at)? {
            return Err(not_found());
        }
        audit(
            conn,
            "session_revoked",
            &session.user_id,
            &session.id,
            meta,
            at,
            json!({"revoked_session_id": target.id}),
        )
    })
}

/// "Sign me out of all other devices": needs a recent sign-in, so that a
/// borrowed or stolen session cannot shut its owner out everywhere else.
pub fn revoke_others(
    conn: &mut DbConn,
    session: &SessionRow,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let at = db::to_db_time(now);
    if !recently_authenticated(session, at) {
        return Err(AppError::text(
            ErrorCode::ReauthenticationRequired,
            problems::REAUTHENTICATE,
        ));
    }
    db::transaction(conn, |conn| {
        let revoked = db::sessions::revoke_all_for_user_except(
            conn,
            &session.user_id,
            Some(&session.id),
            "signed_out_elsewhere",
            at,
        )?;
        audit(
            conn,
            "sessions_revoked",
            &session.user_id,
            &session.id,
            meta,
            at,
            json!({"revoked": revoked}),
        )?;
        Ok(revoked)
    })
}

/// The user's live sessions.
pub fn list(
    conn: &mut DbConn,
    settings: &Settings,
    session: &SessionRow,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<SessionListResponse> {
    let at = db::to_db_time(now);
    let sessions = db::sessions::list_active_for_user(conn, &session.user_id, at)?
        .into_iter()
        .filter(|s| live_problem(settings, s, at).is_none())
        .map(|s| SessionSummary {
            current: s.id == session.id,
            channel: s.channel.as_str().to_owned(),
            ip: s.ip.clone(),
            user_agent: s.user_agent.clone(),
            created_at: rfc3339(s.created_at),
            last_seen_at: rfc3339(s.last_seen_at),
            id: s.id,
        })
        .collect();
    let devices = crate::services::devices::list(conn, &session.user_id, meta)?;
    Ok(SessionListResponse { sessions, devices })
}

/// The portal view's choice: the session's active organization becomes
/// `org_code`'s (one the user belongs to). Answers the session as it now is.
pub fn choose_organization(
    conn: &mut DbConn,
    settings: &Settings,
    session: &SessionRow,
    org_code: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<SessionResponse> {
    let at = db::to_db_time(now);
    // The membership is read in the transaction that records the choice
    // (serialised with a withdrawal on SQLite; on PostgreSQL a withdrawal
    // committed in between can slip through, and `describe` then shows no
    // active organization, as it filters by the current memberships).
    db::transaction(conn, |conn| {
        let organization = organizations_of(conn, &session.user_id)?
            .into_iter()
            .find(|(_, summary)| summary.org_code.eq_ignore_ascii_case(org_code.trim()))
            .ok_or_else(|| AppError::text(ErrorCode::Forbidden, problems::NOT_A_MEMBER))?;
        db::sessions::set_active_organization(conn, &session.id, &organization.0)?;
        audit(
            conn,
            "organization_chosen",
            &session.user_id,
            &session.id,
            meta,
            at,
            json!({"org_code": organization.1.org_code}),
        )
    })?;
    let (session, user) =
        db::sessions::find_with_user(conn, &session.id)?.ok_or_else(unauthenticated)?;
    describe(conn, settings, &session, &user, now)
}

/// The account's language: its e-mails are written in it (a sign-in
/// records the one it asks for too). Refused unless the portal offers it.
pub fn choose_language(
    conn: &mut DbConn,
    settings: &Settings,
    session: &SessionRow,
    language: iam_shared::i18n::Lang,
) -> AppResult<()> {
    if !settings.languages.contains(&language) {
        return Err(AppError::validation(
            [("language".to_owned(), vec!["not_offered".to_owned()])].into(),
        ));
    }
    db::users::set_language(conn, &session.user_id, language.tag())?;
    Ok(())
}

/// A user's organizations: (organization id, summary), by org code.
pub fn organizations_of(
    conn: &mut DbConn,
    user_id: &str,
) -> AppResult<Vec<(String, OrganizationSummary)>> {
    Ok(db::organizations::find_memberships_of_user(conn, user_id)?
        .into_iter()
        .map(|(org, membership)| {
            (
                org.id,
                OrganizationSummary {
                    org_code: org.org_code,
                    name: org.name,
                    role: membership.role,
                },
            )
        })
        .collect())
}

pub fn user_summary(user: &UserRow) -> UserSummary {
    UserSummary {
        id: user.id.clone(),
        username: user.username.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        user_type: user.user_type,
        directory_account: user.is_directory_account(),
    }
}

/// `GET /session`.
pub fn describe(
    conn: &mut DbConn,
    settings: &Settings,
    session: &SessionRow,
    user: &UserRow,
    now: DateTime<Utc>,
) -> AppResult<SessionResponse> {
    let organizations = organizations_of(conn, &user.id)?;
    let active_organization = session
        .active_organization_id
        .as_ref()
        .and_then(|active| organizations.iter().find(|(id, _)| id == active))
        .map(|(_, summary)| summary.clone());
    Ok(SessionResponse {
        user: user_summary(user),
        organizations: organizations
            .into_iter()
            .map(|(_, summary)| summary)
            .collect(),
        active_organization,
        aua_status: crate::services::aua::status(conn, settings, &user.id, now)?.0,
        door: session.door.as_str().to_owned(),
        expires_at: rfc3339(session.expires_at),
    })
}
