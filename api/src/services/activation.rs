//! Account activation (docs/product.md §7): the Welcome e-mail's 7-day link opens an
//! activation (a transaction of door `activation`, with the e-mail code's
//! rules) → the e-mail code → password, phone and security question → a
//! sign-in waiting at the Confidentiality Statement. Opening the link uses
//! nothing up; only completing the set-up consumes it.

use crate::db::tokens::TokenPurpose;
use crate::domain::signin::TransactionKind;
use iam_shared::dto::activation::{ActivationCompleteRequest, ActivationResponse, ActivationStep};
use iam_shared::dto::signin::{EmailCodeSentResponse, EmailCodeVerifyRequest, SigninStepResponse};
use iam_shared::i18n::problems;
use iam_shared::rules::{self, PASSWORD_HISTORY_DEPTH};
use iam_shared::types::AccountStatus;
use iam_shared::{ErrorCode, NextStep};
use secrecy::SecretString;
use serde_json::json;

use super::signin::{
    self, check_code, create_transaction, open_of, optional_setup, signin_at_statement, CodeUse,
    Scope, Subject, TransactionStart,
};
use super::RequestMeta;
use crate::db::models::UserRow;
use crate::db::{self, DbConn};
use crate::domain::ladder::Door;
use crate::error::{AppError, AppResult, CommitThenRefuse};
use crate::state::AppState;

const LINK: super::LinkTexts = super::LinkTexts {
    unknown: problems::ACTIVATION_LINK_UNKNOWN,
    used: problems::ACTIVATION_LINK_USED,
    expired: problems::ACTIVATION_LINK_EXPIRED,
};

/// The link's account, if the link can still be used and the account
/// still waits for activation.
fn usable_link(
    conn: &mut DbConn,
    token: &str,
    now: chrono::NaiveDateTime,
) -> AppResult<(db::tokens::OneTimeTokenRow, UserRow)> {
    let (link, user) = super::usable_link(conn, TokenPurpose::Activation, token, now, &LINK)?;
    if user.status != AccountStatus::PendingActivation {
        return Err(AppError::text(
            ErrorCode::TokenUsed,
            problems::ACTIVATION_LINK_USED,
        ));
    }
    Ok((link, user))
}

/// The account of an open activation.
fn account_of(conn: &mut DbConn, user_id: Option<&str>) -> AppResult<UserRow> {
    user_id
        .map(|id| db::users::find_by_id(conn, id))
        .transpose()?
        .flatten()
        .ok_or_else(AppError::not_found)
}

/// Open an activation from the link's token.
pub async fn start(
    state: &AppState,
    token: String,
    meta: RequestMeta,
) -> AppResult<ActivationResponse> {
    let scope = Scope::new(state, Door::IamOnline, meta);
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let (link, user) = usable_link(conn, &token, scope.at())?;
                let activation_id = create_transaction(
                    conn,
                    &scope,
                    &TransactionStart {
                        door: TransactionKind::Activation,
                        subject: &Subject::Account(Box::new(user.clone())),
                        typed_identifier: &user.username,
                        organization_id: None,
                        keep_signed_in: false,
                        password_verified: false,
                        email_verified: false,
                        link_token_id: Some(&link.id),
                    },
                )?;
                Ok(ActivationResponse {
                    activation_id,
                    masked_email: rules::mask_email(&user.email.to_lowercase()),
                    username: user.username,
                    first_name: user.first_name,
                    last_name: user.last_name,
                    next_step: ActivationStep::EmailCode,
                })
            })
        })
        .await
}

/// Send (or send again) the code to the account's address.
pub async fn send_code(
    state: &AppState,
    activation_id: String,
    meta: RequestMeta,
) -> AppResult<EmailCodeSentResponse> {
    signin::send_code(state, activation_id, meta, CodeUse::Activation).await
}

/// Check the code; next comes the set-up.
pub async fn verify_code(
    state: &AppState,
    activation_id: String,
    request: EmailCodeVerifyRequest,
    meta: RequestMeta,
) -> AppResult<ActivationResponse> {
    let scope = Scope::new(state, Door::IamOnline, meta);
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| -> CommitThenRefuse<ActivationResponse> {
                let tx = open_of(conn, &activation_id, scope.now, CodeUse::Activation)?;
                if tx.email_verified_at.is_none() {
                    if let Err(refusal) =
                        check_code(conn, &scope, &tx, &request, CodeUse::Activation)?
                    {
                        return Ok(Err(refusal));
                    }
                }
                let user = account_of(conn, tx.user_id.as_deref())?;
                Ok(Ok(ActivationResponse {
                    activation_id,
                    username: user.username,
                    first_name: user.first_name,
                    last_name: user.last_name,
                    masked_email: tx.masked_email,
                    next_step: ActivationStep::SetUp,
                }))
            })
        })
        .await?
}

/// Set up the password, phone and security question; the account becomes
/// active and a sign-in opens at the Confidentiality Statement.
pub async fn complete(
    state: &AppState,
    activation_id: String,
    request: ActivationCompleteRequest,
    meta: RequestMeta,
) -> AppResult<SigninStepResponse> {
    if request.new_password.expose() != request.confirm_password.expose() {
        return Err(AppError::validation(std::collections::BTreeMap::from([(
            "confirm_password".to_owned(),
            vec!["mismatch".to_owned()],
        )])));
    }
    let scope = Scope::new(state, Door::IamOnline, meta);
    let (id, now) = (activation_id.clone(), scope.now);
    let user = state
        .db
        .run(move |conn| {
            let tx = open_of(conn, &id, now, CodeUse::Activation)?;
            if tx.email_verified_at.is_none() {
                return Err(AppError::text(
                    ErrorCode::Conflict,
                    problems::VERIFY_EMAIL_FIRST,
                ));
            }
            account_of(conn, tx.user_id.as_deref())
        })
        .await?;
    let password_hash =
        super::password_reset::vet_and_hash(state, &user, request.new_password).await?;
    let answer_hash = state
        .hasher
        .hash(SecretString::from(rules::security_answer_key(
            request.security_answer.expose(),
        )))
        .await?;
    let (phone, question) = (
        request.phone.trim().to_owned(),
        request.security_question.trim().to_owned(),
    );
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let at = scope.at();
                let tx = open_of(conn, &activation_id, scope.now, CodeUse::Activation)?;
                db::signin::lock_row(conn, &tx.id_hash)?;
                let user = account_of(conn, tx.user_id.as_deref())?;
                // Use up the very link this activation was opened from, with
                // a conditional update: a resend that committed a moment ago
                // (and voided it) wins.
                if let Some(link) = &tx.link_token_id {
                    if !db::tokens::consume(conn, link, at)? {
                        return Err(AppError::text(
                            ErrorCode::TokenExpired,
                            problems::ACTIVATION_LINK_EXPIRED,
                        ));
                    }
                }
                let activated = db::users::activate(
                    conn,
                    &user.id,
                    &db::users::Activation {
                        password_hash: &password_hash,
                        phone: &phone,
                        security_question: &question,
                        security_answer_hash: &answer_hash,
                        security_stamp: &db::new_id(),
                    },
                    at,
                )?;
                if !activated || !db::signin::complete(conn, &tx.id_hash, at)? {
                    return Err(AppError::text(
                        ErrorCode::TokenUsed,
                        problems::ACTIVATION_LINK_USED,
                    ));
                }
                db::tokens::consume_all_for_user(conn, &user.id, TokenPurpose::Activation, at)?;
                db::passwords::record(
                    conn,
                    &db::new_id(),
                    &user.id,
                    &password_hash,
                    PASSWORD_HISTORY_DEPTH,
                    at,
                )?;
                scope
                    .meta
                    .audit(conn, "account_activated", Some(&user.id), at, json!({}))?;
                // The account's first sign-in: "Set up optional" as well.
                let mut step = signin_at_statement(conn, &scope, &user)?;
                if step.next_step == NextStep::Confidentiality {
                    step.setup_optional = optional_setup(conn, &scope.settings, &user.id)?;
                }
                Ok(step)
            })
        })
        .await
}
