//! The use cases of the sign-in: each door's steps, from the first screen
//! to the Confidentiality Statement that opens the session.

use iam_shared::dto::session::ReauthenticatedResponse;
use iam_shared::dto::signin::{
    EmailCodeSentResponse, EmailCodeVerifyRequest, LoginRequest, PasswordStepRequest,
    SigninStartRequest, SigninStepResponse,
};
use iam_shared::i18n::problems;
use iam_shared::rules::mask_email;
use iam_shared::types::AccountStatus;
use iam_shared::{ErrorCode, NextStep};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use super::app_code::at_step_of_user;
use super::email_code::{send_code, verify_email_code_in};
use super::password::{confirm_password, locked_error, verify_password, Attempt};
use super::transaction::{
    at_step, audit, create_transaction, masked_email, open_transaction, out_of_order, progress,
    resolve_subject, step_of, step_of_tx, subject_of, CodeUse, Scope, Subject, TransactionStart,
};
use crate::db::sessions::SessionRow;
use crate::db::{self, DbConn};
use crate::domain::ladder::Door;
use crate::domain::signin::TransactionKind;
use crate::domain::signin::{Progress, SecondFactor};
use crate::error::{AppError, AppResult};
use crate::services::devices;
use crate::services::sessions::{self, Channel, IssuedTokens, SessionStart};
use crate::services::RequestMeta;
use crate::state::AppState;

/// IAMOnline door, screen 1: start a transaction for whatever was typed.
/// Known or not, the answer is the same "choose a method".
pub async fn start(
    state: &AppState,
    request: SigninStartRequest,
    meta: RequestMeta,
) -> AppResult<SigninStepResponse> {
    let scope = Scope::new(state, Door::IamOnline, meta);
    let identifier_key = state.keys.identifier_key;
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let subject = resolve_subject(conn, &identifier_key, &request.username)?;
                let masked = masked_email(&scope, &subject, &request.username);
                let transaction_id = create_transaction(
                    conn,
                    &scope,
                    &TransactionStart {
                        door: TransactionKind::signin_at(scope.door),
                        subject: &subject,
                        typed_identifier: &request.username,
                        organization_id: None,
                        keep_signed_in: request.keep_signed_in,
                        password_verified: false,
                        email_verified: false,
                        link_token_id: None,
                    },
                )?;
                Ok(SigninStepResponse {
                    masked_email: Some(masked),
                    ..at_step(transaction_id, NextStep::ChooseMethod)
                })
            })
        })
        .await
}

/// ImmTrac2 door: org code, username and password at once. A success opens
/// a transaction already past the password step.
pub async fn login(
    state: &AppState,
    request: LoginRequest,
    meta: RequestMeta,
) -> AppResult<SigninStepResponse> {
    let org_code = request.org_code.clone();
    let identifier_key = state.keys.identifier_key;
    let username = request.username.clone();
    let (subject, organization_id) = state
        .db
        .run(move |conn| {
            let subject = resolve_subject(conn, &identifier_key, &username)?;
            let organization_id = match &subject {
                Subject::Account(user) => organization_of(conn, &user.id, &org_code)?,
                Subject::Unknown { .. } => None,
            };
            Ok::<_, AppError>((subject, organization_id))
        })
        .await?;
    let attempt = Attempt {
        subject,
        typed: request.username.clone(),
        credential_matches: organization_id.is_some(),
        org_code: Some(request.org_code.clone()),
        password: SecretString::from(request.password.into_inner()),
        captcha: request.captcha,
        signed_in: false,
    };
    let scope = Scope::new(state, Door::ImmTrac2, meta);
    let keep = request.keep_signed_in;
    let typed_username = request.username;
    let opening = scope.clone();
    // The new transaction commits with the recorded success.
    let org_code = request.org_code;
    verify_password(state, attempt, scope, move |conn, user, _| {
        let scope = opening;
        let user_id = user.id.clone();
        // Again: a directory sign-in may just have granted the membership.
        let organization_id = organization_of(conn, &user_id, &org_code)?;
        let subject = Subject::Account(Box::new(user));
        let transaction_id = create_transaction(
            conn,
            &scope,
            &TransactionStart {
                door: TransactionKind::signin_at(scope.door),
                subject: &subject,
                typed_identifier: &typed_username,
                organization_id: organization_id.as_deref(),
                keep_signed_in: keep,
                password_verified: true,
                email_verified: false,
                link_token_id: None,
            },
        )?;
        let step = step_of(
            conn,
            &scope.settings,
            Some(&user_id),
            Progress {
                password_verified: true,
                ..Progress::default()
            },
        )?;
        let masked = masked_email(&scope, &subject, &typed_username);
        Ok(SigninStepResponse {
            masked_email: Some(masked),
            ..at_step_of_user(conn, &scope.settings, transaction_id, step, &user_id)?
        })
    })
    .await
}

/// IAMOnline door: the password step (the recall step when a CAPTCHA is due).
pub async fn password_step(
    state: &AppState,
    transaction_id: String,
    request: PasswordStepRequest,
    meta: RequestMeta,
) -> AppResult<SigninStepResponse> {
    let now = state.clock.now();
    let id = transaction_id.clone();
    let (tx, subject) = state
        .db
        .run(move |conn| {
            let tx = open_transaction(conn, &id, now)?;
            let subject = subject_of(conn, &tx)?;
            Ok::<_, AppError>((tx, subject))
        })
        .await?;
    let settings = state.settings.clone();
    if tx.password_verified_at.is_some() {
        // Already done: answer where the sign-in stands, verify nothing.
        let user_id = tx.user_id.clone().unwrap_or_default();
        return state
            .db
            .run(move |conn| {
                let step = step_of_tx(conn, &settings, &tx)?;
                at_step_of_user(conn, &settings, transaction_id, step, &user_id)
            })
            .await;
    }
    let attempt = Attempt {
        subject,
        typed: tx.directory_identifier.clone().unwrap_or_default(),
        credential_matches: true,
        org_code: None,
        password: SecretString::from(request.password.into_inner()),
        captcha: request.captcha,
        signed_in: false,
    };
    let id_hash = tx.id_hash.clone();
    let mut done = tx.clone();
    // The step is marked in the transaction that records the success.
    verify_password(
        state,
        attempt,
        Scope::new(state, Door::IamOnline, meta),
        move |conn, user, at| {
            // A directory account created just now: the sign-in is its.
            if done.user_id.is_none() {
                db::signin::attach_user(
                    conn,
                    &id_hash,
                    &user.id,
                    &mask_email(&user.email.to_lowercase()),
                )?;
                done.user_id = Some(user.id.clone());
            }
            db::signin::mark_password_verified(conn, &id_hash, at)?;
            done.password_verified_at = Some(at);
            let step = step_of(conn, &settings, Some(&user.id), progress(&done))?;
            at_step_of_user(conn, &settings, transaction_id, step, &user.id)
        },
    )
    .await
}

/// Send (or send again) the e-mail code. The answer is the same for an
/// identifier that matches no account, which is sent nothing.
pub async fn send_email_code(
    state: &AppState,
    transaction_id: String,
    meta: RequestMeta,
) -> AppResult<EmailCodeSentResponse> {
    send_code(state, transaction_id, meta, CodeUse::SignIn).await
}

/// Check the e-mail code. Five wrong entries void it.
pub async fn verify_email_code(
    state: &AppState,
    transaction_id: String,
    request: EmailCodeVerifyRequest,
    meta: RequestMeta,
) -> AppResult<SigninStepResponse> {
    let scope = Scope::new(state, Door::IamOnline, meta);
    let outcome = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                verify_email_code_in(conn, &scope, transaction_id, &request)
            })
        })
        .await;
    outcome?
}

/// The Confidentiality Statement, accepted: the last step. Issues the
/// session (the transaction cannot be used again).
pub async fn agree(
    state: &AppState,
    transaction_id: String,
    channel: Channel,
    meta: RequestMeta,
) -> AppResult<(SigninStepResponse, IssuedTokens, Option<SecretString>)> {
    let scope = Scope::new(state, Door::IamOnline, meta);
    let keys = state.keys.clone();
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let tx = open_transaction(conn, &transaction_id, scope.now)?;
                let scope = scope.at_door_of(&tx);
                let step = step_of_tx(conn, &scope.settings, &tx)?;
                if step != NextStep::Confidentiality {
                    return Err(out_of_order(step));
                }
                let Subject::Account(user) = subject_of(conn, &tx)? else {
                    return Err(out_of_order(step));
                };
                if user.status == AccountStatus::Locked {
                    return Err(locked_error());
                }
                if user.status != AccountStatus::Active {
                    return Err(crate::services::disabled_error(&scope.settings));
                }
                if !db::signin::complete(conn, &tx.id_hash, scope.at())? {
                    return Err(AppError::text(ErrorCode::TokenUsed, problems::SIGNIN_USED));
                }
                let organizations = sessions::organizations_of(conn, &user.id)?;
                // One organization: it is the active one; several: the portal view asks.
                let organization_id =
                    tx.organization_id
                        .clone()
                        .or_else(|| match organizations.as_slice() {
                            [(only, _)] => Some(only.clone()),
                            _ => None,
                        });
                let tokens = sessions::create(
                    conn,
                    &scope.settings,
                    &keys,
                    &SessionStart {
                        user_id: &user.id,
                        organization_id: organization_id.as_deref(),
                        keep_signed_in: tx.keep_signed_in,
                        channel,
                        door: scope.door,
                        second_factor: if tx.passkey_verified_at.is_some() {
                            SecondFactor::Passkey {
                                synced: tx.passkey_synced,
                                with_password: tx.password_verified_at.is_some(),
                            }
                        } else if tx.app_code_verified_at.is_some() {
                            SecondFactor::AppCode
                        } else if tx.email_verified_at.is_some() {
                            SecondFactor::EmailCode
                        } else {
                            SecondFactor::None
                        },
                    },
                    &scope.meta,
                    scope.now,
                )?;
                let version = crate::services::aua::record_statement_accepted(
                    conn,
                    &scope.settings,
                    &crate::services::aua::StatementAcceptance {
                        user_id: &user.id,
                        organization_id: organization_id.as_deref(),
                        channel: channel.as_str(),
                        ip: scope.meta.ip.as_deref(),
                    },
                    scope.at(),
                )?;
                audit(
                    conn,
                    &scope,
                    "confidentiality_accepted",
                    &Subject::Account(user.clone()),
                    json!({
                        "document_version": version,
                        "language": crate::services::aua::statement_language(&scope.settings, &scope.meta),
                    }),
                )?;
                // The browser that finished a sign-in is familiar to the
                // account from now on; API clients never are.
                let device_cookie = if channel == Channel::Web {
                    Some(devices::remember_signin(
                        conn,
                        &keys.identifier_key,
                        &user.id,
                        &scope.meta,
                        scope.at(),
                    )?)
                } else {
                    None
                };
                let mut response = at_step(transaction_id, NextStep::Done);
                response.access_token = Some(tokens.access_token.clone());
                response.token_type = Some("Bearer".into());
                response.expires_in = Some(tokens.expires_in);
                response.refresh_token = (channel == Channel::Api)
                    .then(|| tokens.refresh_token.expose_secret().to_owned());
                response.user = Some(sessions::user_summary(&user));
                response.organizations = organizations
                    .into_iter()
                    .map(|(_, summary)| summary)
                    .collect();
                Ok((response, tokens, device_cookie))
            })
        })
        .await
}

/// The organization `org_code` names, if the user belongs to it.
fn organization_of(conn: &mut DbConn, user_id: &str, org_code: &str) -> AppResult<Option<String>> {
    let Some(org) = db::organizations::find_by_code(conn, org_code)? else {
        return Ok(None);
    };
    Ok(db::organizations::find_memberships_of_user(conn, user_id)?
        .into_iter()
        .any(|(o, _)| o.id == org.id)
        .then_some(org.id))
}

/// `POST /session/reauthenticate`: the password again, on the account's
/// ladder; when right, the session counts as recently signed in and the
/// answer carries its new access token (`sessions::reauthenticated`).
pub async fn reauthenticate(
    state: &AppState,
    session: SessionRow,
    password: SecretString,
    meta: RequestMeta,
) -> AppResult<ReauthenticatedResponse> {
    let user_id = session.user_id.clone();
    let user = state
        .db
        .run(move |conn| {
            db::users::find_by_id(conn, &user_id)?
                .ok_or_else(|| AppError::text(ErrorCode::Unauthenticated, problems::SESSION_ENDED))
        })
        .await?;
    let confirmed = confirm_password(state, user, password, meta.clone(), "password").await;
    confirmed?;
    let (settings, keys, now) = (
        state.settings.clone(),
        state.keys.clone(),
        state.clock.now(),
    );
    state
        .db
        .run(move |conn| sessions::reauthenticated(conn, &settings, &keys, &session, &meta, now))
        .await
}
