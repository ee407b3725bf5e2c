//! The second factor with an authenticator app (docs/authenticators.md):
//! after the password, a code from the user's app instead of the e-mail
//! code. Wrong codes count on a counter of their own that the password does
//! not reset (or someone who knows it could guess between two sign-ins for
//! ever): at the limit the account is locked and its owner gets the lock
//! e-mail, whose reset link unlocks it and clears the counter.

use chrono::Duration;
use iam_shared::dto::authenticators::{TotpCodeRequest, TotpSetupResponse};
use iam_shared::dto::signin::{SigninMethod, SigninStepResponse};
use iam_shared::i18n::problems;
use iam_shared::types::AccountStatus;
use iam_shared::{ErrorCode, NextStep, Problem};
use serde_json::json;

use super::password::{locked_error, queue_lock_mail};
use super::transaction::{
    at_step, audit, open_transaction, out_of_order, step_of_tx, subject_of, Scope, Subject,
};
use crate::config::Settings;
use crate::db::{self, DbConn};
use crate::domain::ladder::Door;
use crate::domain::policy::Assurance;
use crate::error::{AppError, AppResult, CommitThenRefuse};
use crate::services::authenticators::requirement_of;
use crate::services::authenticators::{accept_app_code, begin_totp_for, confirm_totp_for};
use crate::services::devices::{app_code_key, APP_CODE_SCOPE};
use crate::services::RequestMeta;
use crate::state::AppState;

/// Wrong app codes, in all, before the account locks.
pub const APP_CODE_LIMIT: i32 = 5;
/// How long the count of wrong codes is kept without a right one.
const APP_CODE_COUNT_DAYS: i64 = 30;

/// The answer of a step, with the second factors the user has listed when
/// the next step is the second factor ("Verify with something else").
pub(super) fn at_step_of_user(
    conn: &mut DbConn,
    settings: &Settings,
    transaction_id: String,
    step: NextStep,
    user_id: &str,
) -> AppResult<SigninStepResponse> {
    let mut response = at_step(transaction_id, step);
    if !matches!(step, NextStep::EmailCode | NextStep::SetupRequired) || user_id.is_empty() {
        if step == NextStep::EmailCode {
            response.methods = vec![SigninMethod::Email];
        }
        return Ok(response);
    }
    let (required, held) = requirement_of(conn, settings, user_id)?;
    response.methods = if step == NextStep::SetupRequired {
        // What can be set up during a sign-in: a passkey (it meets any
        // policy; where the server can offer one, or nothing else would
        // do), and an app where the policy takes one.
        let mut methods = Vec::new();
        let app = Assurance::Mfa.meets(required);
        if crate::services::authenticators::passkeys::available(settings) || !app {
            methods.push(SigninMethod::Passkey);
        }
        if app {
            methods.push(SigninMethod::Totp);
        }
        methods
    } else {
        // The methods that meet the policy; the e-mail code also when the
        // user has none (then "Set up required" follows it).
        let mut methods = Vec::new();
        if required == Assurance::Any || !held.meet(required) {
            methods.push(SigninMethod::Email);
        }
        if held.app && Assurance::Mfa.meets(required) {
            methods.push(SigninMethod::Totp);
        }
        if held.passkey {
            methods.push(SigninMethod::Passkey);
        }
        methods
    };
    Ok(response)
}

/// "Set up optional": what a user at the statement who holds neither a
/// passkey nor an app may set up there — a passkey where the server can
/// offer one, and an app. Nothing for anyone else (their methods are
/// managed from Manage My Access).
pub(in crate::services) fn optional_setup(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
) -> AppResult<Vec<SigninMethod>> {
    let (_, held) = requirement_of(conn, settings, user_id)?;
    if held.app || held.passkey {
        return Ok(Vec::new());
    }
    let mut methods = Vec::new();
    if crate::services::authenticators::passkeys::available(settings) {
        methods.push(SigninMethod::Passkey);
    }
    methods.push(SigninMethod::Totp);
    Ok(methods)
}

/// `POST /signin/{id}/totp/verify`: the app's code as the second factor.
pub async fn verify_app_code(
    state: &AppState,
    transaction_id: String,
    request: TotpCodeRequest,
    meta: RequestMeta,
) -> AppResult<SigninStepResponse> {
    let scope = Scope::new(state, Door::IamOnline, meta);
    let sealer = std::sync::Arc::clone(&state.authenticator_sealer);
    let outcome = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| -> CommitThenRefuse<SigninStepResponse> {
                let tx = open_transaction(conn, &transaction_id, scope.now)?;
                let scope = scope.at_door_of(&tx);
                let step = step_of_tx(conn, &scope.settings, &tx)?;
                // The app is a second factor: the password comes first.
                if tx.password_verified_at.is_none() || step != NextStep::EmailCode {
                    return Err(out_of_order(step));
                }
                let subject = subject_of(conn, &tx)?;
                let Subject::Account(user) = &subject else {
                    return Err(out_of_order(step));
                };
                let (required, held) = requirement_of(conn, &scope.settings, &user.id)?;
                if !Assurance::Mfa.meets(required) {
                    return Err(AppError::text(
                        ErrorCode::Conflict,
                        problems::PASSKEY_REQUIRED_VERIFY,
                    )
                    .with_next_step(NextStep::EmailCode));
                }
                if !held.app {
                    return Err(AppError::text(ErrorCode::Conflict, problems::NO_APP_SET_UP)
                        .with_next_step(NextStep::EmailCode));
                }
                // The user row first (the lock order of every sign-in path),
                // then the counter: parallel guesses are counted one by one.
                db::users::lock_row(conn, &user.id)?;
                let fresh =
                    db::users::find_by_id(conn, &user.id)?.ok_or_else(AppError::not_found)?;
                if fresh.status == AccountStatus::Locked {
                    audit(conn, &scope, "signin_refused_locked", &subject, json!({}))?;
                    return Ok(Err(locked_error()));
                }
                let key = app_code_key(&user.id);
                let until = db::to_db_time(scope.now + Duration::days(APP_CODE_COUNT_DAYS));
                let reserved = db::throttle::reserve(
                    conn,
                    &key,
                    APP_CODE_SCOPE,
                    APP_CODE_LIMIT,
                    scope.at(),
                    until,
                )?;
                let Some(failures) = reserved else {
                    return Ok(Err(locked_error()));
                };
                let code = request.code.expose();
                if accept_app_code(conn, &scope.settings, &sealer, user, code, scope.now)? {
                    db::throttle::clear(conn, &key)?;
                    db::signin::mark_app_code_verified(conn, &tx.id_hash, scope.at())?;
                    audit(
                        conn,
                        &scope,
                        "signin_app_code_verified",
                        &subject,
                        json!({}),
                    )?;
                    let mut done = tx.clone();
                    done.app_code_verified_at = Some(scope.at());
                    let step = step_of_tx(conn, &scope.settings, &done)?;
                    return Ok(Ok(at_step_of_user(
                        conn,
                        &scope.settings,
                        transaction_id,
                        step,
                        &user.id,
                    )?));
                }
                audit(
                    conn,
                    &scope,
                    "signin_app_code_failed",
                    &subject,
                    json!({"failures": failures}),
                )?;
                if failures >= APP_CODE_LIMIT {
                    if db::users::lock(conn, &user.id, scope.at())? {
                        audit(
                            conn,
                            &scope,
                            "account_locked",
                            &subject,
                            json!({"app_code_failures": failures}),
                        )?;
                        queue_lock_mail(conn, &scope, user)?;
                    }
                    return Ok(Err(locked_error()));
                }
                let mut problem =
                    Problem::localized(ErrorCode::InvalidCode, problems::APP_CODE_WRONG, &[]);
                problem.next_step = Some(NextStep::EmailCode);
                problem.attempts_remaining = u32::try_from(APP_CODE_LIMIT - failures).ok();
                Ok(Err(AppError::Problem(Box::new(problem))))
            })
        })
        .await;
    outcome?
}

/// "Set up required" where the policy takes an app: the set-up begun.
fn app_allowed(conn: &mut DbConn, scope: &Scope, user_id: &str) -> AppResult<()> {
    let (required, _) = requirement_of(conn, &scope.settings, user_id)?;
    if Assurance::Mfa.meets(required) {
        Ok(())
    } else {
        Err(
            AppError::text(ErrorCode::Conflict, problems::PASSKEY_REQUIRED_SET_UP)
                .with_next_step(NextStep::SetupRequired),
        )
    }
}

/// `POST /signin/{id}/totp/setup`: at "Set up required", begin setting up
/// an authenticator app (its key, shown once).
pub async fn app_setup_begin(
    state: &AppState,
    transaction_id: String,
    name: String,
    meta: RequestMeta,
) -> AppResult<TotpSetupResponse> {
    let scope = Scope::new(state, Door::IamOnline, meta);
    let sealer = std::sync::Arc::clone(&state.authenticator_sealer);
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let tx = open_transaction(conn, &transaction_id, scope.now)?;
                let scope = scope.at_door_of(&tx);
                let (user, _) = super::passkey::at_setup(conn, &scope, &tx)?;
                app_allowed(conn, &scope, &user.id)?;
                begin_totp_for(
                    conn,
                    &scope.settings,
                    &sealer,
                    &user,
                    &name,
                    &scope.meta,
                    scope.now,
                )
            })
        })
        .await
}

/// `POST /signin/{id}/totp/setup/{authenticator_id}/confirm`: the app's
/// first code finishes the set-up and counts as this sign-in's second
/// factor.
pub async fn app_setup_confirm(
    state: &AppState,
    transaction_id: String,
    authenticator_id: String,
    request: TotpCodeRequest,
    meta: RequestMeta,
) -> AppResult<SigninStepResponse> {
    let scope = Scope::new(state, Door::IamOnline, meta);
    let sealers = (
        std::sync::Arc::clone(&state.authenticator_sealer),
        std::sync::Arc::clone(&state.mail_sealer),
    );
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let tx = open_transaction(conn, &transaction_id, scope.now)?;
                let scope = scope.at_door_of(&tx);
                let (user, set_up) = super::passkey::at_setup(conn, &scope, &tx)?;
                app_allowed(conn, &scope, &user.id)?;
                let added = confirm_totp_for(
                    conn,
                    &scope.settings,
                    (&sealers.0, &sealers.1),
                    &user,
                    (&authenticator_id, request.code.expose()),
                    &scope.meta,
                    scope.now,
                )?;
                let set_up_as = (set_up, super::passkey::SetUpFactor::App);
                super::passkey::after_set_up(
                    conn,
                    &scope,
                    (&tx, transaction_id),
                    user,
                    set_up_as,
                    &added.id,
                )
            })
        })
        .await
}
