//! The password step of central office through the agency directory
//! (docs/directory.md): the same gate, ladder, CAPTCHA and familiar-device
//! rule as a local password, with the directory's bind instead of the
//! portal's hash. The password is passed on and never kept.

use chrono::NaiveDateTime;
use iam_shared::ErrorCode;
use serde_json::json;

use super::password::{record, Attempt, Counter, Outcome};
use super::transaction::{audit, Scope, Subject};
use crate::config::Settings;
use crate::db::models::UserRow;
use crate::db::{self, DbConn};
use crate::directory::{Authentication, Unavailable, Who};
use crate::domain::directory::DirectoryRefusal;
use crate::error::{AppError, AppResult, CommitThenRefuse};
use crate::services::directory::sync_account;
use crate::state::AppState;
use iam_shared::types::AccountStatus;

/// Whose password the directory checks, if anyone's: an account linked to
/// a directory entry (by that entry); an identifier no account has, in an
/// internal domain (found by what was typed, for its first sign-in). An
/// account not linked keeps its portal password until support links it:
/// its address alone proves nothing about who holds it now.
pub(super) fn who<'a>(
    settings: &Settings,
    subject: &'a Subject,
    typed: &'a str,
) -> Option<Who<'a>> {
    match subject {
        Subject::Account(user) => user.directory_dn.as_deref().map(Who::Entry),
        Subject::Unknown { .. } if settings.is_internal_email(typed) => {
            Some(Who::Identifier(typed.trim()))
        }
        Subject::Unknown { .. } => None,
    }
}

/// The answer of a password attempt the directory checked (phases 2 and 3
/// of `password::verify_password`; the gate has reserved the attempt).
pub(super) async fn finish<T, F>(
    state: &AppState,
    attempt: Attempt,
    scope: Scope,
    (failures, counter): (i32, Counter),
    answer: Result<Authentication, Unavailable>,
    then: F,
) -> AppResult<T>
where
    F: FnOnce(&mut DbConn, UserRow, NaiveDateTime) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let subject = attempt.subject;
    let answer = match answer {
        Ok(answer) => answer,
        Err(unavailable) => {
            tracing::warn!(error = %unavailable, "a directory sign-in could not be checked");
            // Reserved but never checked: the attempt is given back.
            let at = db::to_db_time(state.clock.now());
            state
                .db
                .run(move |conn| counter.release(conn, &subject, at))
                .await?;
            return Err(crate::services::directory::unavailable());
        }
    };
    let scope = Scope {
        now: state.clock.now(),
        ..scope
    };
    let (signed_in, org_code) = (attempt.signed_in, attempt.org_code);
    let outcome = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| -> CommitThenRefuse<T> {
                let outcome = |verified| Outcome {
                    verified,
                    failures,
                    counter: &counter,
                    rehashed: None,
                    signed_in,
                };
                let refusal = match answer {
                    Authentication::Verified(person) => {
                        let user = match sync_account(
                            conn,
                            &scope.settings,
                            &person,
                            &scope.meta,
                            scope.at(),
                        )? {
                            Ok(user) => user,
                            // What it audited (and retired) stays.
                            Err(refusal) => return Ok(Err(refusal)),
                        };
                        // The account the sign-in names, if it named one,
                        // and no other.
                        let same = subject.user_id().is_none_or(|id| id == user.id);
                        let member = same
                            && match &org_code {
                                None => true,
                                Some(code) => is_member(conn, &user.id, code)?,
                            };
                        // A wrong org code counts against what was typed,
                        // as it would for a local password.
                        let (subject, verified) = if member {
                            (Subject::Account(Box::new(user)), true)
                        } else {
                            (subject, false)
                        };
                        let recorded = record(conn, &scope, subject, &outcome(verified))?;
                        return Ok(match recorded {
                            Ok(user) if user.status == AccountStatus::Disabled => {
                                Err(crate::services::disabled_error(&scope.settings))
                            }
                            Ok(user) => Ok(then(conn, user, scope.at())?),
                            Err(refusal) => Err(refusal),
                        });
                    }
                    Authentication::Refused(refusal) => refusal,
                };
                // Told only what the right password may learn; a directory
                // lockout (which comes whatever the password) only at a
                // device the account has signed in from before.
                let familiar = matches!(
                    (&counter, &subject),
                    (Counter::Account, Subject::Account(_))
                );
                let told = refusal.password_was_right()
                    || (refusal == DirectoryRefusal::Locked && familiar);
                if refusal != DirectoryRefusal::InvalidCredentials {
                    audit(
                        conn,
                        &scope,
                        refusal.event(),
                        &subject,
                        json!({"told": told}),
                    )?;
                }
                if told {
                    // Not a guess: the ladder does not count it.
                    counter.release(conn, &subject, scope.at())?;
                    return Ok(Err(AppError::text(refusal.code(), refusal.message())));
                }
                Ok(match record(conn, &scope, subject, &outcome(false))? {
                    Ok(_) => Err(AppError::text(
                        ErrorCode::InvalidCredentials,
                        DirectoryRefusal::InvalidCredentials.message(),
                    )),
                    Err(refusal) => Err(refusal),
                })
            })
        })
        .await;
    outcome?
}

/// Is the account a member of the organization `org_code`?
fn is_member(conn: &mut DbConn, user_id: &str, org_code: &str) -> AppResult<bool> {
    let Some(org) = db::organizations::find_by_code(conn, org_code)? else {
        return Ok(false);
    };
    Ok(db::organizations::find_memberships_of_user(conn, user_id)?
        .iter()
        .any(|(o, _)| o.id == org.id))
}
