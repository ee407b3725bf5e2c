//! Setting a new password with a reset link (docs/product.md §5): the link of the lock
//! e-mail, and the recovery flows' links. One transaction stores the new
//! hash, consumes the token, unlocks, revokes sessions when asked and
//! queues the notification (docs/product.md §10).

use crate::db::tokens::TokenPurpose;
use std::collections::BTreeMap;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use iam_shared::dto::password::{
    PasswordChangeRequest, PasswordResetRequest, PasswordResetResponse, ResetInspectResponse,
    ResetVariant,
};
use iam_shared::dto::SecretText;
use iam_shared::i18n::problems;
use iam_shared::password::PasswordOwner;
use iam_shared::rules::PASSWORD_HISTORY_DEPTH;
use iam_shared::types::AccountStatus;
use iam_shared::ErrorCode;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use super::reset_links::{variant_of, variant_subject};
use super::signin::{signin_at_statement, Scope};
use super::RequestMeta;
use crate::config::Settings;

use crate::crypto::seal::Sealer;
use crate::db::models::UserRow;
use crate::db::sessions::SessionRow;
use crate::db::tokens::OneTimeTokenRow;
use crate::db::{self, DbConn};
use crate::domain::ladder::Door;
use crate::domain::password::evaluate;
use crate::error::{AppError, AppResult};
use crate::mail::{outbox, templates};
use crate::state::AppState;

fn field_errors(field: &str, codes: Vec<String>) -> AppError {
    AppError::validation(BTreeMap::from([(field.to_owned(), codes)]))
}

const LINK: super::LinkTexts = super::LinkTexts {
    unknown: problems::RESET_LINK_UNKNOWN,
    used: problems::RESET_LINK_USED,
    expired: problems::RESET_LINK_EXPIRED,
};

/// The token's row and its user, if the link can still be used (and the
/// account is not disabled).
fn usable_link(
    conn: &mut DbConn,
    settings: &Settings,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<(OneTimeTokenRow, UserRow)> {
    let (row, user) = super::usable_link(
        conn,
        TokenPurpose::PasswordReset,
        token,
        db::to_db_time(now),
        &LINK,
    )?;
    if user.status == AccountStatus::Disabled {
        return Err(super::disabled_error(settings));
    }
    if user.is_directory_account() {
        return Err(super::directory::password_elsewhere());
    }
    Ok((row, user))
}

/// Is this link still good, and for whom? Opening a link consumes nothing.
pub async fn inspect(state: &AppState, token: String) -> AppResult<ResetInspectResponse> {
    let now = state.clock.now();
    let settings = state.settings.clone();
    state
        .db
        .run(move |conn| {
            let (row, user) = usable_link(conn, &settings, &token, now)?;
            Ok(ResetInspectResponse {
                username: user.username,
                first_name: user.first_name,
                last_name: user.last_name,
                expires_at: row
                    .expires_at
                    .and_utc()
                    .to_rfc3339_opts(SecondsFormat::Secs, true),
                variant: variant_of(&row),
            })
        })
        .await
}

/// Set the new password. An IAMOnline link continues as a sign-in at the
/// Confidentiality Statement, whose acceptance opens the session: that
/// session is the one "Sign me out of all other devices" keeps.
pub async fn reset(
    state: &AppState,
    request: PasswordResetRequest,
    meta: RequestMeta,
) -> AppResult<PasswordResetResponse> {
    if request.new_password.expose() != request.confirm_password.expose() {
        return Err(field_errors("confirm_password", vec!["mismatch".into()]));
    }
    let now = state.clock.now();
    let token = request.token.expose().to_owned();
    let settings = state.settings.clone();
    let (link, user) = state
        .db
        .run(move |conn| usable_link(conn, &settings, &token, now))
        .await?;
    let agreed = request.confidentiality_accepted;
    if variant_of(&link) == ResetVariant::Immtrac2 && !agreed {
        // Before the (dear) hashing too; checked again below, under the lock.
        return Err(statement_required());
    }
    let hash = vet_and_hash(state, &user, request.new_password).await?;
    let (settings, sealer) = (state.settings.clone(), state.mail_sealer.clone());
    let token = request.token.into_inner();
    let sign_out = request.sign_out_other_devices;
    let message = meta.reply(problems::PASSWORD_UPDATED_MESSAGE, &[]);
    let scope = Scope::new(state, Door::IamOnline, meta.clone());
    let signin = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let (row, user) = usable_link(conn, &settings, &token, now)?;
                let variant = variant_of(&row);
                // The ImmTrac2 link's statement is a gate, not a page the
                // browser may skip; nothing is spent without it.
                if variant == ResetVariant::Immtrac2 && !agreed {
                    return Err(statement_required());
                }
                let at = db::to_db_time(now);
                if !db::tokens::consume(conn, &row.id, at)? {
                    return Err(AppError::text(
                        ErrorCode::TokenUsed,
                        problems::RESET_LINK_USED,
                    ));
                }
                db::tokens::consume_all_for_user(conn, &user.id, TokenPurpose::PasswordReset, at)?;
                let revoked = if sign_out {
                    // Signed out everywhere else: no other browser stays familiar.
                    db::devices::forget_all_except(conn, &user.id, meta.device.as_deref())?;
                    db::sessions::revoke_all_for_user_except(
                        conn,
                        &user.id,
                        None,
                        "password_reset",
                        at,
                    )?
                } else {
                    0
                };
                let detail = json!({
                    "was_locked": user.status == AccountStatus::Locked,
                    "sessions_revoked": revoked,
                    "variant": variant_subject(variant),
                });
                store(conn, &settings, &sealer, &user, &hash, now)?;
                // The reset link was mailed to the account's address.
                db::users::mark_email_verified(conn, &user.id, at)?;
                audit(
                    conn,
                    "password_reset_completed",
                    &user.id,
                    &meta,
                    at,
                    detail,
                )?;
                match variant {
                    ResetVariant::Iamonline => signin_at_statement(conn, &scope, &user).map(Some),
                    ResetVariant::Immtrac2 => {
                        record_statement_accepted(conn, &scope, &user)?;
                        Ok(None)
                    }
                }
            })
        })
        .await?;
    Ok(PasswordResetResponse {
        message,
        next_step: signin.as_ref().map(|step| step.next_step),
        transaction_id: signin.map(|step| step.transaction_id),
    })
}

/// An ImmTrac2 link's reset without "I Agree" to the statement.
fn statement_required() -> AppError {
    field_errors("confidentiality_accepted", vec!["required".into()])
}

/// Evidence of the Confidentiality Statement agreed to on an ImmTrac2
/// link, as a sign-in records it (docs/product.md §8): which version,
/// when, from where.
fn record_statement_accepted(conn: &mut DbConn, scope: &Scope, user: &UserRow) -> AppResult<()> {
    let version = super::aua::record_statement_accepted(
        conn,
        &scope.settings,
        &super::aua::StatementAcceptance {
            user_id: &user.id,
            organization_id: None,
            channel: "reset_link",
            ip: scope.meta.ip.as_deref(),
        },
        scope.at(),
    )?;
    audit(
        conn,
        "confidentiality_accepted",
        &user.id,
        &scope.meta,
        scope.at(),
        json!({
            "document_version": version,
            "via": "reset_link",
            "language": crate::services::aua::statement_language(&scope.settings, &scope.meta),
        }),
    )
}

/// A signed-in user changes the password; the current one is required
/// (it is also the recent sign-in that ending other sessions needs).
/// Other sessions stay unless asked otherwise; this one always does.
pub async fn change(
    state: &AppState,
    session: &SessionRow,
    request: PasswordChangeRequest,
    meta: RequestMeta,
) -> AppResult<()> {
    if request.new_password.expose() != request.confirm_password.expose() {
        return Err(field_errors("confirm_password", vec!["mismatch".into()]));
    }
    let (user_id, session_id) = (session.user_id.clone(), session.id.clone());
    let sign_out = request.sign_out_other_devices;
    let user = state
        .db
        .run(move |conn| {
            db::users::find_by_id(conn, &user_id)?
                .ok_or_else(|| AppError::text(ErrorCode::Unauthenticated, problems::PLEASE_SIGN_IN))
        })
        .await?;
    if user.is_directory_account() {
        return Err(super::directory::password_elsewhere());
    }
    // On the ladder like a sign-in: a borrowed session cannot guess it.
    let user = super::signin::confirm_password(
        state,
        user,
        SecretString::from(request.current_password.into_inner()),
        meta.clone(),
        "current_password",
    )
    .await?;
    let hash = vet_and_hash(state, &user, request.new_password).await?;
    let (settings, now, sealer) = (
        state.settings.clone(),
        state.clock.now(),
        state.mail_sealer.clone(),
    );
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let at = db::to_db_time(now);
                let revoked = if sign_out {
                    db::devices::forget_all_except(conn, &user.id, meta.device.as_deref())?;
                    db::sessions::revoke_all_for_user_except(
                        conn,
                        &user.id,
                        Some(&session_id),
                        "password_changed",
                        at,
                    )?
                } else {
                    0
                };
                store(conn, &settings, &sealer, &user, &hash, now)?;
                audit(
                    conn,
                    "password_changed",
                    &user.id,
                    &meta,
                    at,
                    json!({"sessions_revoked": revoked}),
                )
            })
        })
        .await?;
    Ok(())
}

/// The policy, then the history (the last 24 passwords, the current one
/// included, may not come back); returns the new argon2 hash.
pub(super) async fn vet_and_hash(
    state: &AppState,
    user: &UserRow,
    password: SecretText,
) -> AppResult<String> {
    let typed = password.expose().to_owned();
    let owner_user = user.clone();
    let user_id = user.id.clone();
    let organizations = state
        .db
        .run(move |conn| {
            db::organizations::find_memberships_of_user(conn, &user_id).map_err(AppError::from)
        })
        .await?;
    let evaluation = tokio::task::spawn_blocking(move || {
        let owner = PasswordOwner {
            username: &owner_user.username,
            first_name: &owner_user.first_name,
            last_name: &owner_user.last_name,
        };
        let organizations: Vec<(&str, &str)> = organizations
            .iter()
            .map(|(org, _)| (org.org_code.as_str(), org.name.as_str()))
            .collect();
        evaluate(&typed, &owner, &organizations)
    })
    .await
    .map_err(|e| AppError::Unexpected(e.into()))?;
    let failed = evaluation.failed();
    if !failed.is_empty() {
        return Err(field_errors(
            "new_password",
            failed.into_iter().map(str::to_owned).collect(),
        ));
    }
    let user_id = user.id.clone();
    let depth = i64::try_from(PASSWORD_HISTORY_DEPTH).unwrap_or(24);
    let mut previous = state
        .db
        .run(move |conn| {
            db::passwords::recent_hashes(conn, &user_id, depth).map_err(AppError::from)
        })
        .await?;
    previous.extend(user.password_hash.clone());
    previous.dedup();
    for hash in previous.into_iter().take(PASSWORD_HISTORY_DEPTH) {
        let reused = state
            .hasher
            .verify(SecretString::from(password.expose().to_owned()), Some(hash))
            .await?;
        if reused {
            return Err(field_errors("new_password", vec!["not_recent".into()]));
        }
    }
    Ok(state
        .hasher
        .hash(SecretString::from(password.into_inner()))
        .await?)
}

/// Store a vetted hash: the user row (counters reset, a lock lifted), the
/// history, and the "password changed" e-mail with its report link.
fn store(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    user: &UserRow,
    hash: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let at = db::to_db_time(now);
    db::users::set_password_after_reset(conn, &user.id, hash, &db::new_id(), at)?;
    // Sign-ins that proved the old password end with it.
    db::signin::end_pending_for_user(conn, &user.id, at)?;
    // The unknown-device blocks end too: the guesses were at the old password.
    super::devices::clear_blocks(conn, &user.id)?;
    // The password being replaced joins the history first, if an import or
    // the demo data set it without a history row.
    if let Some(current) = user.password_hash.as_deref() {
        let newest = db::passwords::recent_hashes(conn, &user.id, 1)?;
        if newest.first().map(String::as_str) != Some(current) {
            let before = at - Duration::microseconds(1);
            db::passwords::record(
                conn,
                &db::new_id(),
                &user.id,
                current,
                PASSWORD_HISTORY_DEPTH,
                before,
            )?;
        }
    }
    db::passwords::record(
        conn,
        &db::new_id(),
        &user.id,
        hash,
        PASSWORD_HISTORY_DEPTH,
        at,
    )?;
    let report = super::issue_report_link(conn, &user.id, now)?;
    let message = templates::password_changed(
        settings,
        super::mail_language(settings, user),
        &user.email,
        &user.first_name,
        report.expose_secret(),
    );
    outbox::enqueue(
        conn,
        sealer,
        "password_changed",
        Some(&user.id),
        &message,
        now,
    )?;
    Ok(())
}

fn audit(
    conn: &mut DbConn,
    event_type: &str,
    user_id: &str,
    meta: &RequestMeta,
    at: chrono::NaiveDateTime,
    detail: serde_json::Value,
) -> AppResult<()> {
    meta.audit(conn, event_type, Some(user_id), at, detail)
}

/// Report Suspicious Activity (docs/product.md §5): the one-time link of the "password
/// changed" (or "security method added") e-mail revokes every session,
/// removes every passkey and app (one planted by whoever it was would
/// otherwise outlive the reset that unlocks the account), locks the
/// account and leaves an audit event for support.
pub async fn report_suspicious(
    state: &AppState,
    token: String,
    meta: RequestMeta,
) -> AppResult<()> {
    let now = state.clock.now();
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let at = db::to_db_time(now);
                let (row, user) =
                    super::usable_link(conn, TokenPurpose::ReportSuspicious, &token, at, &LINK)?;
                let user_id = user.id;
                if !db::tokens::consume(conn, &row.id, at)? {
                    return Err(AppError::text(ErrorCode::TokenUsed, problems::RESET_LINK_USED));
                }
                let revoked = db::sessions::revoke_all_for_user_except(
                    conn,
                    &user_id,
                    None,
                    "suspicious_activity",
                    at,
                )?;
                // Whoever it was may hold a familiar browser: none stays familiar.
                db::devices::forget_all_except(conn, &user_id, None)?;
                let removed = crate::services::authenticators::remove_all(conn, &user_id)?;
                let locked = db::users::lock(conn, &user_id, at)?;
                audit(
                    conn,
                    "suspicious_activity_reported",
                    &user_id,
                    &meta,
                    at,
                    json!({"sessions_revoked": revoked, "authenticators_removed": removed, "locked": locked}),
                )
            })
        })
        .await
}
