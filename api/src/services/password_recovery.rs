//! IAMOnline Forgot Password (docs/product.md §5): e-mail address or username → the
//! masked address → one e-mail with a Reset Password link and a 6-digit
//! code, both valid 5 minutes → either one opens the reset, which signs the
//! person in.
//!
//! A recovery is a transaction of the sign-in machinery (door `recovery`),
//! so it shares the e-mail code's rules: hashed, single use, 5 wrong entries
//! void it, "send again" after 30 s, at most 5 codes an hour per account
//! (sign-in and recovery codes together).

use crate::domain::signin::TransactionKind;
use iam_shared::dto::password::{PasswordRecoveryResponse, RecoveryVerifyResponse, ResetVariant};
use iam_shared::dto::signin::{EmailCodeSentResponse, EmailCodeVerifyRequest};
use iam_shared::i18n::problems;
use iam_shared::rules;
use iam_shared::types::AccountStatus;
use iam_shared::ErrorCode;
use secrecy::ExposeSecret;

use super::signin::{
    self, check_code, create_transaction, open_of, CodeUse, Scope, Subject, TransactionStart,
};
use super::RequestMeta;
use crate::crypto;
use crate::db::{self, DbConn};
use crate::domain::ladder::Door;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A username, or an e-mail address that belongs to exactly one account
/// (several accounts may share an address: then only the username tells
/// which one is meant, and the address behaves as unknown).
fn resolve(conn: &mut DbConn, identifier_key: &[u8; 32], identifier: &str) -> AppResult<Subject> {
    if let Some(user) = db::users::find_by_username(conn, identifier)? {
        return Ok(Subject::Account(Box::new(user)));
    }
    if identifier.contains('@') {
        let mut owners = db::users::find_by_email(conn, identifier.trim())?;
        if owners.len() == 1 {
            if let Some(only) = owners.pop() {
                return Ok(Subject::Account(Box::new(only)));
            }
        }
    }
    Ok(Subject::Unknown {
        throttle_key: crypto::keyed_digest(
            identifier_key,
            &format!("recovery\0{}", rules::username_key(identifier)),
        ),
    })
}

/// Screen 1: whatever was typed gets a recovery and a masked address.
pub async fn start(
    state: &AppState,
    identifier: String,
    meta: RequestMeta,
) -> AppResult<PasswordRecoveryResponse> {
    let scope = Scope::new(state, Door::IamOnline, meta);
    let identifier_key = state.keys.identifier_key;
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let subject = resolve(conn, &identifier_key, &identifier)?;
                let recovery_id = create_transaction(
                    conn,
                    &scope,
                    &TransactionStart {
                        door: TransactionKind::Recovery,
                        subject: &subject,
                        typed_identifier: &identifier,
                        organization_id: None,
                        keep_signed_in: false,
                        password_verified: false,
                        email_verified: false,
                        link_token_id: None,
                    },
                )?;
                let tx = open_of(conn, &recovery_id, scope.now, CodeUse::Recovery)?;
                Ok(PasswordRecoveryResponse {
                    recovery_id,
                    masked_email: tx.masked_email,
                })
            })
        })
        .await
}

/// "Send me an email" (and "send again").
pub async fn send(
    state: &AppState,
    recovery_id: String,
    meta: RequestMeta,
) -> AppResult<EmailCodeSentResponse> {
    signin::send_code(state, recovery_id, meta, CodeUse::Recovery).await
}

/// The code of the e-mail, traded for a reset token (what the link carries).
pub async fn verify(
    state: &AppState,
    recovery_id: String,
    request: EmailCodeVerifyRequest,
    meta: RequestMeta,
) -> AppResult<RecoveryVerifyResponse> {
    let scope = Scope::new(state, Door::IamOnline, meta);
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let tx = open_of(conn, &recovery_id, scope.now, CodeUse::Recovery)?;
                let user = match check_code(conn, &scope, &tx, &request, CodeUse::Recovery)? {
                    Err(refusal) => return Ok(Err(refusal)),
                    Ok(Subject::Account(user)) => user,
                    Ok(Subject::Unknown { .. }) => {
                        return Err(AppError::text(ErrorCode::InvalidCode, problems::CODE_GONE))
                    }
                };
                if user.status == AccountStatus::Disabled {
                    return Err(AppError::text(ErrorCode::InvalidCode, problems::CODE_GONE));
                }
                db::signin::complete(conn, &tx.id_hash, scope.at())?;
                let token = super::reset_links::issue(
                    conn,
                    &user.id,
                    ResetVariant::Iamonline,
                    CodeUse::Recovery.ttl_secs(&scope.settings),
                    scope.now,
                )?;
                Ok(Ok(RecoveryVerifyResponse {
                    reset_token: token.expose_secret().to_owned(),
                }))
            })
        })
        .await?
}
