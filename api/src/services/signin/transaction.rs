//! The sign-in transaction: who it is for (the subject), where it happens
//! (the scope), creating and loading it, and its audit trail.

use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};
use iam_shared::dto::signin::{SigninMethod, SigninStepResponse};
use iam_shared::i18n::problems;
use iam_shared::rules;
use iam_shared::{ErrorCode, NextStep};
use secrecy::{ExposeSecret, SecretString};

use crate::clock::seconds;
use crate::config::Settings;
use crate::crypto;
use crate::db::models::UserRow;
use crate::db::signin::{NewSigninTransaction, SigninTransactionRow};
use crate::db::{self, DbConn};
use crate::domain::ladder::{Door, LadderPolicy};
use crate::domain::policy::Assurance;
use crate::domain::signin::{fake_masked_email, next_step, Progress, TransactionKind};
use crate::error::{AppError, AppResult};
use crate::services::authenticators::requirement_of;
use crate::services::RequestMeta;
use crate::state::AppState;

/// Whose failures an attempt counts against.
#[derive(Debug, Clone)]
pub(in crate::services) enum Subject {
    Account(Box<UserRow>),
    /// An identifier matching no account: counted under its keyed hash.
    Unknown {
        throttle_key: String,
    },
}

impl Subject {
    pub(super) fn user_id(&self) -> Option<&str> {
        match self {
            Self::Account(user) => Some(&user.id),
            Self::Unknown { .. } => None,
        }
    }

    /// Whom an e-mailed CAPTCHA code is bound to: the account, or the
    /// unknown name's throttle key.
    pub(super) fn captcha_key(&self) -> &str {
        match self {
            Self::Account(user) => &user.id,
            Self::Unknown { throttle_key } => throttle_key,
        }
    }
}

/// Where and when a step happens: what every phase needs besides the
/// subject. Cheap to clone into a blocking task.
#[derive(Clone)]
pub(in crate::services) struct Scope {
    pub(in crate::services) settings: Arc<Settings>,
    pub(super) door: Door,
    pub(in crate::services) meta: RequestMeta,
    pub(in crate::services) now: DateTime<Utc>,
    pub(super) mask_domains: Arc<crate::services::mask_domains::MaskDomains>,
    pub(in crate::services) sealer: Arc<crate::crypto::seal::Sealer>,
}

impl Scope {
    pub(in crate::services) fn new(state: &AppState, door: Door, meta: RequestMeta) -> Self {
        Self {
            settings: state.settings.clone(),
            door,
            meta,
            now: state.clock.now(),
            mask_domains: Arc::clone(&state.mask_domains),
            sealer: Arc::clone(&state.mail_sealer),
        }
    }

    pub(in crate::services) fn at(&self) -> NaiveDateTime {
        db::to_db_time(self.now)
    }

    /// The same scope, at the door the transaction came through.
    pub(super) fn at_door_of(&self, tx: &SigninTransactionRow) -> Self {
        Self {
            door: tx.door.door(),
            ..self.clone()
        }
    }

    pub(super) fn ladder(&self) -> LadderPolicy {
        LadderPolicy {
            recall_after: self.settings.recall_after_failures,
            lock_after: self.settings.lock_after_failures,
        }
    }
}

/// The failure counter is one per username, on both doors: a real account
/// counts on its row; a username that matches none counts under an HMAC of
/// the username, so both walk the same ladder (docs/product.md §3.1). The org code is
/// part of the credential, not of the counter's key: a wrong org code for a
/// real username counts against that account, exactly as a wrong password.
pub(super) fn resolve_subject(
    conn: &mut DbConn,
    identifier_key: &[u8; 32],
    username: &str,
) -> AppResult<Subject> {
    Ok(match db::users::find_by_username(conn, username)? {
        Some(user) => Subject::Account(Box::new(user)),
        None => Subject::Unknown {
            throttle_key: crypto::keyed_digest(
                identifier_key,
                &format!("signin\0{}", rules::username_key(username)),
            ),
        },
    })
}

pub(super) fn subject_of(conn: &mut DbConn, tx: &SigninTransactionRow) -> AppResult<Subject> {
    match (&tx.user_id, &tx.throttle_key) {
        (Some(user_id), _) => db::users::find_by_id(conn, user_id)?
            .map(|user| Subject::Account(Box::new(user)))
            .ok_or_else(AppError::not_found),
        (None, Some(key)) => Ok(Subject::Unknown {
            throttle_key: key.clone(),
        }),
        (None, None) => Err(AppError::not_found()),
    }
}

/// The address the e-mail code screen shows: the account's, masked, or a
/// stable fake for an identifier that matches none, drawn from the
/// accounts' own domains. Both lower case: nothing tells them apart.
pub(super) fn masked_email(scope: &Scope, subject: &Subject, typed_username: &str) -> String {
    match subject {
        Subject::Account(user) => rules::mask_email(&user.email.to_lowercase()),
        Subject::Unknown { throttle_key } => fake_masked_email(
            typed_username,
            &hex::decode(throttle_key).unwrap_or_default(),
            &scope.mask_domains.current(),
        ),
    }
}

pub(super) fn progress(tx: &SigninTransactionRow) -> Progress {
    // The strongest second factor given.
    let second_factor = if tx.passkey_verified_at.is_some() {
        Some(Assurance::PhishingResistant)
    } else if tx.app_code_verified_at.is_some() {
        Some(Assurance::Mfa)
    } else {
        tx.email_verified_at.map(|_| Assurance::Any)
    };
    Progress {
        // A passkey verifies the user as well: both factors at once.
        password_verified: tx.password_verified_at.is_some() || tx.passkey_verified_at.is_some(),
        second_factor,
        agreed: tx.agreed_at.is_some(),
        completed: tx.completed_at.is_some(),
        ..Progress::default()
    }
}

/// The step after `progress` for the account `user_id` (if the sign-in
/// names one), under its policy (docs/authenticators.md, "Policy").
pub(in crate::services) fn step_of(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: Option<&str>,
    mut progress: Progress,
) -> AppResult<NextStep> {
    if let Some(user_id) = user_id {
        let (required, held) = requirement_of(conn, settings, user_id)?;
        progress.required = required;
        progress.has_required_method = held.meet(required);
    }
    Ok(next_step(progress, settings.mfa_required))
}

/// The step of a transaction as it stands.
pub(super) fn step_of_tx(
    conn: &mut DbConn,
    settings: &Settings,
    tx: &SigninTransactionRow,
) -> AppResult<NextStep> {
    step_of(conn, settings, tx.user_id.as_deref(), progress(tx))
}

/// The answer of a successful step that is not the last.
pub(super) fn at_step(transaction_id: String, step: NextStep) -> SigninStepResponse {
    let methods = if step == NextStep::ChooseMethod {
        vec![SigninMethod::Password, SigninMethod::Email]
    } else {
        Vec::new()
    };
    SigninStepResponse::step(transaction_id, step, methods)
}

/// Load an open sign-in transaction by the id the client holds.
pub(super) fn open_transaction(
    conn: &mut DbConn,
    transaction_id: &str,
    now: DateTime<Utc>,
) -> AppResult<SigninTransactionRow> {
    open_of(conn, transaction_id, now, CodeUse::SignIn)
}

/// Load an open transaction of one kind: a recovery's id is no sign-in's,
/// nor the reverse.
pub(in crate::services) fn open_of(
    conn: &mut DbConn,
    transaction_id: &str,
    now: DateTime<Utc>,
    kind: CodeUse,
) -> AppResult<SigninTransactionRow> {
    let tx = db::signin::find(conn, &crypto::token_digest(transaction_id))?
        .filter(|tx| match kind {
            CodeUse::SignIn => tx.door.is_signin(),
            CodeUse::Recovery => tx.door == TransactionKind::Recovery,
            CodeUse::Activation => tx.door == TransactionKind::Activation,
        })
        .ok_or_else(AppError::not_found)?;
    if tx.completed_at.is_some() {
        return Err(AppError::text(ErrorCode::TokenUsed, problems::SIGNIN_USED));
    }
    if tx.expires_at <= db::to_db_time(now) {
        return Err(AppError::text(
            ErrorCode::TokenExpired,
            problems::SIGNIN_EXPIRED,
        ));
    }
    if let Some(link) = &tx.link_token_id {
        if !db::tokens::is_open(conn, link, db::to_db_time(now))? {
            return Err(AppError::text(
                ErrorCode::TokenExpired,
                problems::LINK_REPLACED,
            ));
        }
    }
    Ok(tx)
}

/// What an e-mail code proves: a sign-in's factor, (IAMOnline Forgot
/// Password) the right to set a new password, or (activation) that the
/// new account's address is the person's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::services) enum CodeUse {
    SignIn,
    Recovery,
    Activation,
}

impl CodeUse {
    /// How long a code (and, for a recovery, its e-mail's link) lives.
    pub(in crate::services) fn ttl_secs(self, settings: &Settings) -> u64 {
        match self {
            Self::Recovery => settings.recovery_code_ttl_secs,
            Self::SignIn | Self::Activation => settings.email_code_ttl_secs,
        }
    }

    /// The audit events of a code sent, refused and accepted.
    pub(super) fn events(self) -> [&'static str; 3] {
        match self {
            Self::SignIn => [
                "signin_code_sent",
                "signin_code_failed",
                "signin_code_verified",
            ],
            Self::Recovery => [
                "password_recovery_code_sent",
                "password_recovery_code_failed",
                "password_recovery_code_verified",
            ],
            Self::Activation => [
                "activation_code_sent",
                "activation_code_failed",
                "activation_code_verified",
            ],
        }
    }
}

/// What a new transaction starts with.
pub(in crate::services) struct TransactionStart<'a> {
    pub(in crate::services) door: TransactionKind,
    pub(in crate::services) subject: &'a Subject,
    /// What the person typed: the seed of a made-up masked address.
    pub(in crate::services) typed_identifier: &'a str,
    pub(in crate::services) organization_id: Option<&'a str>,
    pub(in crate::services) keep_signed_in: bool,
    pub(in crate::services) password_verified: bool,
    pub(in crate::services) email_verified: bool,
    /// The e-mailed link the transaction is opened from: it lives only as
    /// long as that link does (a resend voids both).
    pub(in crate::services) link_token_id: Option<&'a str>,
}

/// After an IAMOnline reset or an activation: a sign-in with both factors
/// done (the e-mail proven by a link or a code, the password just set),
/// waiting at the Confidentiality Statement — or, when the user's policy
/// asks for more than the e-mail, at their passkey or app ("Verify with
/// something else") or at "Set up required".
pub(in crate::services) fn signin_at_statement(
    conn: &mut DbConn,
    scope: &Scope,
    user: &UserRow,
) -> AppResult<SigninStepResponse> {
    let transaction_id = create_transaction(
        conn,
        scope,
        &TransactionStart {
            door: TransactionKind::IamOnline,
            subject: &Subject::Account(Box::new(user.clone())),
            typed_identifier: &user.username,
            organization_id: None,
            keep_signed_in: false,
            password_verified: true,
            email_verified: true,
            link_token_id: None,
        },
    )?;
    let tx = db::signin::find(conn, &crypto::token_digest(&transaction_id))?
        .ok_or_else(AppError::not_found)?;
    let step = step_of_tx(conn, &scope.settings, &tx)?;
    super::app_code::at_step_of_user(conn, &scope.settings, transaction_id, step, &user.id)
}

/// A new transaction; returns the id the client holds (only its digest is stored).
pub(in crate::services) fn create_transaction(
    conn: &mut DbConn,
    scope: &Scope,
    start: &TransactionStart<'_>,
) -> AppResult<String> {
    let id: SecretString = crypto::random_token();
    let at = scope.at();
    let subject = start.subject;
    let masked = masked_email(scope, subject, start.typed_identifier);
    db::signin::create(
        conn,
        &NewSigninTransaction {
            id_hash: &crypto::token_digest(id.expose_secret()),
            door: start.door,
            user_id: subject.user_id(),
            throttle_key: match subject {
                Subject::Unknown { throttle_key } => Some(throttle_key),
                Subject::Account(_) => None,
            },
            organization_id: start.organization_id,
            keep_signed_in: start.keep_signed_in,
            masked_email: &masked,
            password_verified_at: start.password_verified.then_some(at),
            email_verified_at: start.email_verified.then_some(at),
            ip: scope.meta.ip.as_deref(),
            user_agent: scope.meta.user_agent.as_deref(),
            created_at: at,
            expires_at: db::to_db_time(
                scope.now + seconds(scope.settings.signin_transaction_ttl_secs),
            ),
            link_token_id: start.link_token_id,
            directory_identifier: match subject {
                Subject::Unknown { .. }
                    if scope.settings.is_internal_email(start.typed_identifier) =>
                {
                    Some(start.typed_identifier.trim())
                }
                _ => None,
            },
        },
    )?;
    Ok(id.expose_secret().to_owned())
}

/// A step was posted out of order: answer where the sign-in stands.
pub(super) fn out_of_order(step: NextStep) -> AppError {
    AppError::text(ErrorCode::Conflict, problems::OUT_OF_ORDER).with_next_step(step)
}

pub(super) fn audit(
    conn: &mut DbConn,
    scope: &Scope,
    event_type: &str,
    subject: &Subject,
    mut detail: serde_json::Value,
) -> AppResult<()> {
    if let Some(map) = detail.as_object_mut() {
        map.insert("door".into(), scope.door.as_str().into());
    }
    scope
        .meta
        .audit(conn, event_type, subject.user_id(), scope.at(), detail)
}
