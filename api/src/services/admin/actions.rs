//! The actions on one account (unlock, enable, disable, end sessions, …).

use chrono::{DateTime, Utc};
use iam_shared::dto::admin::AdminUserDetail;
use iam_shared::i18n::{problems, Msg};
use iam_shared::types::AccountStatus;
use iam_shared::ErrorCode;
use serde_json::json;

use super::users::user_detail;
use super::{checked_user_id, find_user, is_staff_account};
use crate::config::Settings;
use crate::db::models::UserRow;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::accounts::{self};
use crate::services::{RequestMeta, StaffMember};

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
    /// The owner lost their authenticator app: every security method goes
    /// (the owner is told by e-mail) and they sign in with the e-mail code.
    ResetAuthenticators,
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
            Self::ResetAuthenticators => "admin_authenticators_reset",
            Self::RequirePasswordChange => "admin_password_change_required",
        }
    }

    /// Why the account's state refuses the action, if it does.
    fn refusal(self, status: AccountStatus, own_account: bool) -> Option<Msg> {
        use AccountStatus::{Active, Disabled, Locked, PendingActivation};
        match (self, status) {
            (Self::Disable | Self::RevokeSessions | Self::RequirePasswordChange, _)
                if own_account =>
            {
                Some(problems::NOT_TO_OWN_ACCOUNT)
            }
            (Self::Unlock, Locked) | (Self::Enable, Disabled) => None,
            (Self::Unlock, _) => Some(problems::NOT_LOCKED),
            (Self::Enable, _) => Some(problems::NOT_DISABLED),
            (Self::Disable, Disabled) => Some(problems::ALREADY_DISABLED),
            (Self::Disable | Self::RevokeSessions, _) => None,
            (Self::ResendActivation, PendingActivation) => None,
            (Self::ResendActivation, Active | Locked | Disabled) => {
                Some(problems::ALREADY_ACTIVATED)
            }
            (Self::ClearDeviceBlocks | Self::ResetAuthenticators, _) => None,
            (Self::RequirePasswordChange, Active | Locked) => None,
            (Self::RequirePasswordChange, PendingActivation) => Some(problems::NO_PASSWORD_YET),
            (Self::RequirePasswordChange, Disabled) => Some(problems::ENABLE_FIRST),
        }
    }
}

/// Carry out an admin action; answers the account as it is afterwards.
#[expect(clippy::too_many_arguments, reason = "who acts, on whom, how, when")]
pub fn act(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &crate::crypto::seal::Sealer,
    staff: &StaffMember,
    user_id: &str,
    action: AdminAction,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<AdminUserDetail> {
    let at = db::to_db_time(now);
    let staff_id = staff.user_id.as_str();
    db::transaction(conn, |conn| {
        // Lock first, then read: concurrent actions see each other's result.
        db::users::lock_row(conn, checked_user_id(user_id)?)?;
        let user = find_user(conn, user_id)?;
        let own_account = user.id == staff_id;
        if !staff.is_admin && !own_account && is_staff_account(conn, &user.id)? {
            return Err(AppError::text(
                ErrorCode::Forbidden,
                problems::ADMIN_ONLY_FOR_STAFF,
            ));
        }
        let status = user.status;
        if let Some(reason) = action.refusal(status, own_account) {
            return Err(AppError::text(ErrorCode::Conflict, reason));
        }
        if action == AdminAction::RequirePasswordChange && user.is_directory_account() {
            return Err(crate::services::directory::password_elsewhere());
        }
        let mut detail = json!({"previous_status": status.as_str()});
        match action {
            AdminAction::Unlock | AdminAction::Enable => {
                // An account disabled before it was activated goes back to
                // waiting for its activation, not to `active`.
                let to = if user.password_hash.is_some() || user.is_directory_account() {
                    AccountStatus::Active
                } else {
                    AccountStatus::PendingActivation
                };
                db::users::reactivate(conn, &user.id, to, at)?;
                crate::services::devices::clear_blocks(conn, &user.id)?;
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
                let token = crate::services::reset_links::issue(
                    conn,
                    &user.id,
                    iam_shared::dto::password::ResetVariant::Iamonline,
                    settings.reset_link_ttl_secs,
                    now,
                )?;
                // Support's own language is not the owner's.
                let lang = crate::services::mail_language(settings, &user);
                let message = crate::mail::templates::password_change_required(
                    settings,
                    lang,
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
            AdminAction::ResetAuthenticators => {
                let removed =
                    crate::services::authenticators::reset_all(conn, settings, sealer, &user, now)?;
                if removed == 0 {
                    return Err(AppError::text(
                        ErrorCode::Conflict,
                        problems::NO_METHODS_TO_RESET,
                    ));
                }
                detail["authenticators_removed"] = json!(removed);
            }
            AdminAction::ClearDeviceBlocks => {
                let (signin, reset) =
                    crate::services::devices::counts(conn, settings, &user.id, at)?;
                if signin.failures == 0 && reset.failures == 0 {
                    return Err(AppError::text(
                        ErrorCode::Conflict,
                        problems::NO_DEVICE_FAILURES,
                    ));
                }
                detail["unknown_device_failed_logins"] = json!(signin.failures);
                detail["unknown_device_failed_resets"] = json!(reset.failures);
                crate::services::devices::clear_blocks(conn, &user.id)?;
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
                crate::services::mail_language(settings, &user),
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

/// Support links a central-office account of the portal's own to its
/// owner's entry in the agency directory, found by the account's address
/// with the service account (docs/directory.md). Accounts are never linked
/// by address at sign-in; this is the deliberate act that does it.
pub async fn link_to_directory(
    state: &crate::state::AppState,
    staff: StaffMember,
    user_id: String,
    meta: RequestMeta,
) -> AppResult<AdminUserDetail> {
    let directory = state
        .directory
        .clone()
        .ok_or_else(|| AppError::text(ErrorCode::Conflict, problems::NO_DIRECTORY))?;
    let (checker, id) = (staff.clone(), user_id.clone());
    let user = state
        .db
        .run(move |conn| linkable(conn, &checker, &id))
        .await?;
    let person = directory
        .find(&user.email)
        .await
        .map_err(|unavailable| {
            tracing::warn!(error = %unavailable, "a directory link could not be looked up");
            crate::services::directory::unavailable()
        })?
        .ok_or_else(|| AppError::text(ErrorCode::Conflict, problems::NO_DIRECTORY_ENTRY))?;
    // Support cannot make staff: the directory's groups would.
    if !staff.is_admin && crate::services::directory::grants_staff(&state.settings, &person.groups)
    {
        return Err(AppError::text(
            ErrorCode::Forbidden,
            problems::DIRECTORY_MAKES_STAFF,
        ));
    }
    let (settings, now, searched) = (state.settings.clone(), state.clock.now(), user.email_key);
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                db::users::lock_row(conn, checked_user_id(&user_id)?)?;
                // Again under the lock: another request may have got here
                // first, or changed the address the directory was searched for.
                let user = linkable(conn, &staff, &user_id)?;
                if user.email_key != searched {
                    return Err(AppError::text(
                        ErrorCode::Conflict,
                        problems::ADDRESS_CHANGED_MEANWHILE,
                    ));
                }
                let at = db::to_db_time(now);
                let mut detail =
                    crate::services::directory::link(conn, &settings, &user, &person, &meta, at)?;
                detail["dn"] = json!(person.dn);
                detail["previous_status"] = json!(user.status.as_str());
                detail["previous_name"] = json!(format!("{} {}", user.first_name, user.last_name));
                meta.audit_as(
                    conn,
                    "admin_directory_linked",
                    Some(&user.id),
                    Some(&staff.user_id),
                    at,
                    detail,
                )?;
                user_detail(conn, &settings, &user.id, now)
            })
        })
        .await
}

/// The account `user_id`, if `staff` may link it to the directory.
fn linkable(conn: &mut DbConn, staff: &StaffMember, user_id: &str) -> AppResult<UserRow> {
    let user = find_user(conn, user_id)?;
    if !staff.is_admin && is_staff_account(conn, &user.id)? {
        return Err(AppError::text(
            ErrorCode::Forbidden,
            problems::ADMIN_ONLY_FOR_STAFF,
        ));
    }
    let refusal = if user.id == staff.user_id {
        Some(problems::NOT_TO_OWN_ACCOUNT)
    } else {
        crate::services::directory::link_refusal(&user)
    };
    match refusal {
        Some(reason) => Err(AppError::text(ErrorCode::Conflict, reason)),
        None => Ok(user),
    }
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
}
