//! Signing in with a passkey (docs/authenticators.md): after the password,
//! in place of the e-mail code ("Verify with something else"), or without
//! a username at all ("Sign in with a passkey"). A passkey with user
//! verification proves both factors; the Confidentiality Statement still
//! comes last. A refused passkey does not count on the password ladder: it
//! guesses nothing, and each try needs a fresh challenge.

use crate::config::Settings;
use iam_shared::dto::authenticators::{
    PasskeyCeremony, PasskeyCredentialRequest, PasskeyRegistrationRequest, PasskeySigninRequest,
};
use iam_shared::dto::signin::SigninStepResponse;
use iam_shared::i18n::problems;
use iam_shared::types::AccountStatus;
use iam_shared::{ErrorCode, NextStep};
use serde_json::json;
use std::sync::Arc;
use webauthn_rs::Webauthn;

use super::password::locked_error;
use super::transaction::{
    at_step, audit, create_transaction, open_transaction, out_of_order, step_of_tx, subject_of,
    Scope, Subject, TransactionStart,
};
use crate::crypto::token_digest;
use crate::db::models::UserRow;
use crate::db::signin::SigninTransactionRow;
use crate::db::{self, DbConn};
use crate::domain::ladder::Door;
use crate::domain::signin::TransactionKind;
use crate::error::{AppError, AppResult, CommitThenRefuse};
use crate::services::authenticators::passkeys;
use crate::services::RequestMeta;
use crate::state::AppState;

fn refused() -> AppError {
    AppError::text(ErrorCode::InvalidCredentials, problems::PASSKEY_REFUSED)
}

fn relying_party(state: &AppState) -> AppResult<Arc<Webauthn>> {
    passkeys::require(&state.webauthn)
}

/// The account behind a transaction at its second factor: the password
/// done, the second factor not yet.
fn at_second_factor(
    conn: &mut DbConn,
    scope: &Scope,
    tx: &SigninTransactionRow,
) -> AppResult<Box<UserRow>> {
    let step = step_of_tx(conn, &scope.settings, tx)?;
    if tx.password_verified_at.is_none() || step != NextStep::EmailCode {
        return Err(out_of_order(step));
    }
    match subject_of(conn, tx)? {
        Subject::Account(user) => Ok(user),
        Subject::Unknown { .. } => Err(out_of_order(step)),
    }
}

/// Locked and disabled accounts sign in with nothing.
fn require_usable(settings: &Settings, user: &UserRow) -> AppResult<()> {
    match user.status {
        AccountStatus::Active => Ok(()),
        AccountStatus::Locked => Err(locked_error()),
        _ => Err(crate::services::disabled_error(settings)),
    }
}

/// `POST /signin/{id}/passkey/options`: the challenge for the user's
/// passkeys, after the password.
pub async fn passkey_options(
    state: &AppState,
    transaction_id: String,
    meta: RequestMeta,
) -> AppResult<PasskeyCeremony> {
    let webauthn = relying_party(state)?;
    let scope = Scope::new(state, Door::IamOnline, meta);
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let tx = open_transaction(conn, &transaction_id, scope.now)?;
                let scope = scope.at_door_of(&tx);
                let user = at_second_factor(conn, &scope, &tx)?;
                passkeys::begin_for_user(conn, &webauthn, &user.id, &tx.id_hash, scope.now)?
                    .ok_or_else(|| {
                        AppError::text(ErrorCode::Conflict, problems::NO_PASSKEY_SET_UP)
                            .with_next_step(NextStep::EmailCode)
                    })
            })
        })
        .await
}

/// `POST /signin/{id}/passkey/verify`: the browser's answer to that
/// challenge.
pub async fn verify_passkey(
    state: &AppState,
    transaction_id: String,
    request: PasskeyCredentialRequest,
    meta: RequestMeta,
) -> AppResult<SigninStepResponse> {
    let webauthn = relying_party(state)?;
    let scope = Scope::new(state, Door::IamOnline, meta);
    state
        .db
        .run(move |conn| {
            // The challenge is spent even when the answer is refused.
            db::transaction(conn, |conn| -> CommitThenRefuse<SigninStepResponse> {
                let tx = open_transaction(conn, &transaction_id, scope.now)?;
                let scope = scope.at_door_of(&tx);
                let user = at_second_factor(conn, &scope, &tx)?;
                db::users::lock_row(conn, &user.id)?;
                let subject = Subject::Account(user.clone());
                let verified = passkeys::verify_for_user(
                    conn,
                    &webauthn,
                    &user.id,
                    &tx.id_hash,
                    request.credential,
                    scope.now,
                )?;
                let verified = match verified {
                    Ok(verified) => verified,
                    Err(refusal) => {
                        audit_clone(conn, &scope, &refusal)?;
                        audit(conn, &scope, "signin_passkey_failed", &subject, json!({}))?;
                        return Ok(Err(refused()));
                    }
                };
                let fresh =
                    db::users::find_by_id(conn, &user.id)?.ok_or_else(AppError::not_found)?;
                if let Err(refusal) = require_usable(&scope.settings, &fresh) {
                    audit(conn, &scope, "signin_refused_locked", &subject, json!({}))?;
                    return Ok(Err(refusal));
                }
                db::signin::mark_passkey_verified(conn, &tx.id_hash, verified.synced, scope.at())?;
                audit(
                    conn,
                    &scope,
                    "signin_passkey_verified",
                    &subject,
                    json!({"authenticator_id": verified.authenticator_id}),
                )?;
                let mut done = tx.clone();
                done.passkey_verified_at = Some(scope.at());
                let step = step_of_tx(conn, &scope.settings, &done)?;
                Ok(Ok(at_step(transaction_id, step)))
            })
        })
        .await?
}

/// A passkey refused as a possible clone is recorded against its owner:
/// the support console's history shows it, whoever presented it.
fn audit_clone(
    conn: &mut DbConn,
    scope: &Scope,
    refusal: &passkeys::PasskeyRefused,
) -> AppResult<()> {
    if let passkeys::PasskeyRefused::PossibleClone {
        user_id,
        authenticator_id,
    } = refusal
    {
        scope.meta.audit(
            conn,
            "passkey_clone_suspected",
            Some(user_id),
            scope.at(),
            json!({"authenticator_id": authenticator_id}),
        )?;
    }
    Ok(())
}

/// `POST /signin/passkey/options`: a username-less sign-in, begun.
pub async fn passkey_signin_options(state: &AppState) -> AppResult<PasskeyCeremony> {
    let webauthn = relying_party(state)?;
    let now = state.clock.now();
    state
        .db
        .run(move |conn| passkeys::begin_passwordless(conn, &webauthn, now))
        .await
}

/// `POST /signin/passkey/verify`: the passkey names the account and
/// proves both factors; the answer is a sign-in transaction at its next
/// step (the Confidentiality Statement).
pub async fn passkey_signin(
    state: &AppState,
    request: PasskeySigninRequest,
    meta: RequestMeta,
) -> AppResult<SigninStepResponse> {
    let webauthn = relying_party(state)?;
    let scope = Scope::new(state, Door::IamOnline, meta.clone());
    let (response, user) = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| -> CommitThenRefuse<(SigninStepResponse, UserRow)> {
                let verified = passkeys::verify_passwordless(
                    conn,
                    &webauthn,
                    &request.ceremony_id,
                    request.credential,
                    scope.now,
                )?;
                let verified = match verified {
                    Ok(verified) => verified,
                    Err(refusal) => {
                        audit_clone(conn, &scope, &refusal)?;
                        scope.meta.audit(
                            conn,
                            "signin_passkey_failed",
                            None,
                            scope.at(),
                            json!({"door": "iamonline", "passwordless": true}),
                        )?;
                        return Ok(Err(refused()));
                    }
                };
                db::users::lock_row(conn, &verified.user_id)?;
                let user = db::users::find_by_id(conn, &verified.user_id)?
                    .ok_or_else(AppError::not_found)?;
                let subject = Subject::Account(Box::new(user.clone()));
                if let Err(refusal) = require_usable(&scope.settings, &user) {
                    audit(conn, &scope, "signin_refused_locked", &subject, json!({}))?;
                    return Ok(Err(refusal));
                }
                let transaction_id = create_transaction(
                    conn,
                    &scope,
                    &TransactionStart {
                        door: TransactionKind::IamOnline,
                        subject: &subject,
                        typed_identifier: &user.username,
                        organization_id: None,
                        keep_signed_in: request.keep_signed_in,
                        password_verified: false,
                        email_verified: false,
                        link_token_id: None,
                    },
                )?;
                let id_hash = token_digest(&transaction_id);
                db::signin::mark_passkey_verified(conn, &id_hash, verified.synced, scope.at())?;
                audit(
                    conn,
                    &scope,
                    "signin_passkey_verified",
                    &subject,
                    json!({"authenticator_id": verified.authenticator_id, "passwordless": true}),
                )?;
                let tx = db::signin::find(conn, &id_hash)?.ok_or_else(AppError::not_found)?;
                let step = step_of_tx(conn, &scope.settings, &tx)?;
                Ok(Ok((at_step(transaction_id, step), user)))
            })
        })
        .await??;
    // The passkey proved the person; the directory says whether a directory
    // account may still sign in (the password step would have asked it).
    crate::services::directory::recheck_before_signin(state, &user, &meta).await?;
    Ok(response)
}

/// Why a sign-in sets up a security method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SetUp {
    /// "Set up required": the method counts as this sign-in's second factor.
    Required,
    /// "Set up optional" (at the statement, for a user who holds neither a
    /// passkey nor an app): the sign-in already has what it needs.
    Optional,
}

/// The factor a method set up at sign-in proves.
#[derive(Debug, Clone, Copy)]
pub(super) enum SetUpFactor {
    App,
    Passkey { synced: bool },
}

/// The answer after a method was set up at sign-in: "Set up optional"
/// leaves the sign-in at the statement; "Set up required" credits the
/// method as its second factor (audited) and answers the step after it.
pub(super) fn after_set_up(
    conn: &mut DbConn,
    scope: &Scope,
    (tx, transaction_id): (&SigninTransactionRow, String),
    user: Box<UserRow>,
    (set_up, factor): (SetUp, SetUpFactor),
    authenticator_id: &str,
) -> AppResult<SigninStepResponse> {
    if set_up == SetUp::Optional {
        return Ok(at_step(transaction_id, NextStep::Confidentiality));
    }
    let mut done = tx.clone();
    let event = match factor {
        SetUpFactor::App => {
            db::signin::mark_app_code_verified(conn, &tx.id_hash, scope.at())?;
            done.app_code_verified_at = Some(scope.at());
            "signin_app_code_verified"
        }
        SetUpFactor::Passkey { synced } => {
            db::signin::mark_passkey_verified(conn, &tx.id_hash, synced, scope.at())?;
            done.passkey_verified_at = Some(scope.at());
            "signin_passkey_verified"
        }
    };
    audit(
        conn,
        scope,
        event,
        &Subject::Account(user),
        json!({"authenticator_id": authenticator_id, "set_up": true}),
    )?;
    let step = step_of_tx(conn, &scope.settings, &done)?;
    Ok(at_step(transaction_id, step))
}

/// The account behind a transaction at "Set up required", or at the
/// statement with a "Set up optional" offer open to it.
pub(super) fn at_setup(
    conn: &mut DbConn,
    scope: &Scope,
    tx: &SigninTransactionRow,
) -> AppResult<(Box<UserRow>, SetUp)> {
    let step = step_of_tx(conn, &scope.settings, tx)?;
    let user = match subject_of(conn, tx)? {
        Subject::Account(user) => user,
        Subject::Unknown { .. } => return Err(out_of_order(step)),
    };
    // One set-up at a time per account (the check of what it holds below
    // must still hold when the method is added), and none on an account
    // that was locked or disabled meanwhile.
    db::users::lock_row(conn, &user.id)?;
    let user = db::users::find_by_id(conn, &user.id)?.ok_or_else(AppError::not_found)?;
    require_usable(&scope.settings, &user)?;
    let user = Box::new(user);
    match step {
        NextStep::SetupRequired => Ok((user, SetUp::Required)),
        NextStep::Confidentiality
            if !super::app_code::optional_setup(conn, &scope.settings, &user.id)?.is_empty() =>
        {
            Ok((user, SetUp::Optional))
        }
        _ => Err(out_of_order(step)),
    }
}

/// `POST /signin/{id}/passkey/setup`: "Set up required" — the creation
/// options of the passkey the user's policy asks for.
pub async fn passkey_setup_options(
    state: &AppState,
    transaction_id: String,
    meta: RequestMeta,
) -> AppResult<PasskeyCeremony> {
    let webauthn = relying_party(state)?;
    let scope = Scope::new(state, Door::IamOnline, meta);
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let tx = open_transaction(conn, &transaction_id, scope.now)?;
                let scope = scope.at_door_of(&tx);
                let (user, _) = at_setup(conn, &scope, &tx)?;
                let options = passkeys::begin_registration_for(
                    conn,
                    &webauthn,
                    &user,
                    &tx.id_hash,
                    &scope.meta,
                    scope.now,
                )?;
                Ok(PasskeyCeremony { id: None, options })
            })
        })
        .await
}

/// `POST /signin/{id}/passkey/setup/verify`: the passkey the browser made.
/// It is kept (audited, the owner told) and, made with user verification
/// just now, counts as this sign-in's second factor.
pub async fn passkey_setup_verify(
    state: &AppState,
    transaction_id: String,
    request: PasskeyRegistrationRequest,
    meta: RequestMeta,
) -> AppResult<SigninStepResponse> {
    let webauthn = relying_party(state)?;
    let scope = Scope::new(state, Door::IamOnline, meta);
    let credential = passkeys::registration_credential(request.credential)?;
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| -> CommitThenRefuse<SigninStepResponse> {
                let tx = open_transaction(conn, &transaction_id, scope.now)?;
                let scope = scope.at_door_of(&tx);
                let (user, set_up) = at_setup(conn, &scope, &tx)?;
                let added = passkeys::finish_registration_for(
                    conn,
                    &webauthn,
                    (&scope.settings, &scope.sealer),
                    &user,
                    (tx.id_hash.clone(), &request.name, &credential),
                    &scope.meta,
                    scope.now,
                )?;
                let (view, synced) = match added {
                    Ok(added) => added,
                    Err(refusal) => return Ok(Err(refusal)),
                };
                let set_up_as = (set_up, SetUpFactor::Passkey { synced });
                after_set_up(
                    conn,
                    &scope,
                    (&tx, transaction_id),
                    user,
                    set_up_as,
                    &view.id,
                )
                .map(Ok)
            })
        })
        .await?
}
