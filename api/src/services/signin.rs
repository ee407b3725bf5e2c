//! Sign-in (SPEC §3): one state machine behind the IAMOnline door
//! (identifier first) and the ImmTrac2 door (org code, username, password),
//! and one failed-password ladder per account across both.
//!
//! A password attempt runs in three phases so that argon2 never runs inside
//! a database transaction and concurrent guesses cannot outrun the lock:
//! 1. *gate* (one transaction): refuse a locked subject; demand and use up
//!    the CAPTCHA on the recall step; reserve the attempt by counting it as
//!    a failure in advance — once the lock threshold is reserved, every
//!    further attempt is refused without verifying anything;
//! 2. *verify* on the bounded hashing pool (a dummy hash for unknown
//!    identifiers, so they cost the same time);
//! 3. *record* (one transaction): a success clears the counter; a failure
//!    keeps it, locks the account at the threshold and queues the lock
//!    e-mail; both are audited.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use iam_shared::dto::password::ResetVariant;
use iam_shared::dto::signin::{
    CaptchaAnswer, EmailCodeSentResponse, EmailCodeVerifyRequest, LoginRequest,
    PasswordStepRequest, SigninMethod, SigninStartRequest, SigninStepResponse,
};
use iam_shared::rules;
use iam_shared::types::AccountStatus;
use iam_shared::{ErrorCode, NextStep, Problem};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use super::devices::{self, Ladder, UnknownDeviceBlock};
use super::sessions::{self, Channel, IssuedTokens, SessionStart};
use super::{captcha, RequestMeta};
use crate::clock::seconds;
use crate::config::Settings;
use crate::crypto;
use crate::db::models::{NewOneTimeToken, UserRow};
use crate::db::signin::{NewSigninTransaction, SigninTransactionRow};
use crate::db::{self, DbConn};
use crate::domain::ladder::{Door, LadderPolicy, LOCKED_MESSAGE};
use crate::domain::signin::{fake_masked_email, next_step, Progress};
use crate::error::{AppError, AppResult};
use crate::mail::{outbox, templates};
use crate::state::AppState;

/// Purpose of password reset links in `one_time_tokens`.
pub const RESET_PURPOSE: &str = "password_reset";

/// Shown when the recall step's CAPTCHA answer is missing or wrong.
pub const CAPTCHA_MESSAGE: &str =
    "The characters you entered did not match the image. Please try again with the new image.";

/// Purpose of sign-in e-mail codes in `one_time_tokens`.
pub const EMAIL_CODE_PURPOSE: &str = "signin_email_code";
/// "Send again" at most once per 30 s (per sign-in) and 5 times an hour
/// (per account) (SPEC §3.2).
const RESEND_SPACING_SECS: i64 = 30;
const EMAIL_CODES_PER_HOUR: i32 = 5;
/// Wrong entries that void a code.
const EMAIL_CODE_MAX_WRONG: i32 = 5;

const CODE_WRONG_MESSAGE: &str =
    "The code you entered is not valid. Please check the e-mail and try again.";
const CODE_GONE_MESSAGE: &str =
    "This code can no longer be used. Select Send again to get a new code.";
const CODE_EXPIRED_MESSAGE: &str = "This code has expired. Select Send again to get a new code.";

const EXPIRED_MESSAGE: &str = "This sign-in has expired. Please sign in again.";
const USED_MESSAGE: &str = "This sign-in is already complete. Please sign in again.";
const DISABLED_MESSAGE: &str =
    "Your account is disabled. Please contact Customer Support to re-enable it.";

/// Whose failures an attempt counts against.
#[derive(Debug, Clone)]
pub(super) enum Subject {
    Account(Box<UserRow>),
    /// An identifier matching no account: counted under its keyed hash.
    Unknown {
        throttle_key: String,
    },
}

impl Subject {
    fn user_id(&self) -> Option<&str> {
        match self {
            Self::Account(user) => Some(&user.id),
            Self::Unknown { .. } => None,
        }
    }
}

/// Where and when a step happens: what every phase needs besides the
/// subject. Cheap to clone into a blocking task.
#[derive(Clone)]
pub(super) struct Scope {
    pub(super) settings: Arc<Settings>,
    door: Door,
    pub(super) meta: RequestMeta,
    pub(super) now: DateTime<Utc>,
    mask_domains: Arc<super::mask_domains::MaskDomains>,
    pub(super) sealer: Arc<crate::mail::seal::MailSealer>,
}

impl Scope {
    pub(super) fn new(state: &AppState, door: Door, meta: RequestMeta) -> Self {
        Self {
            settings: state.settings.clone(),
            door,
            meta,
            now: state.clock.now(),
            mask_domains: Arc::clone(&state.mask_domains),
            sealer: Arc::clone(&state.mail_sealer),
        }
    }

    pub(super) fn at(&self) -> NaiveDateTime {
        db::to_db_time(self.now)
    }

    /// The same scope, at the door the transaction came through.
    fn at_door_of(&self, tx: &SigninTransactionRow) -> Self {
        let door = if tx.door == Door::ImmTrac2.as_str() {
            Door::ImmTrac2
        } else {
            Door::IamOnline
        };
        Self {
            door,
            ..self.clone()
        }
    }

    fn ladder(&self) -> LadderPolicy {
        LadderPolicy {
            recall_after: self.settings.recall_after_failures,
            lock_after: self.settings.lock_after_failures,
        }
    }
}

impl Door {
    fn as_str(self) -> &'static str {
        match self {
            Door::ImmTrac2 => "immtrac2",
            Door::IamOnline => "iamonline",
        }
    }
}

fn limit(threshold: u32) -> i32 {
    i32::try_from(threshold).unwrap_or(i32::MAX)
}

/// The failure counter is one per username, on both doors: a real account
/// counts on its row; a username that matches none counts under an HMAC of
/// the username, so both walk the same ladder (SPEC §3.1). The org code is
/// part of the credential, not of the counter's key: a wrong org code for a
/// real username counts against that account, exactly as a wrong password.
fn resolve_subject(
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

fn subject_of(conn: &mut DbConn, tx: &SigninTransactionRow) -> AppResult<Subject> {
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
fn masked_email(scope: &Scope, subject: &Subject, typed_username: &str) -> String {
    match subject {
        Subject::Account(user) => rules::mask_email(&user.email.to_lowercase()),
        Subject::Unknown { throttle_key } => fake_masked_email(
            typed_username,
            &hex::decode(throttle_key).unwrap_or_default(),
            &scope.mask_domains.current(),
        ),
    }
}

fn progress(tx: &SigninTransactionRow) -> Progress {
    Progress {
        password_verified: tx.password_verified_at.is_some(),
        email_verified: tx.email_verified_at.is_some(),
        agreed: tx.agreed_at.is_some(),
        completed: tx.completed_at.is_some(),
    }
}

/// The answer of a successful step that is not the last.
fn at_step(transaction_id: String, step: NextStep) -> SigninStepResponse {
    let methods = if step == NextStep::ChooseMethod {
        vec![SigninMethod::Password, SigninMethod::Email]
    } else {
        Vec::new()
    };
    SigninStepResponse::step(transaction_id, step, methods)
}

fn locked_error() -> AppError {
    let mut problem = Problem::new(ErrorCode::AccountLocked, LOCKED_MESSAGE);
    problem.next_step = Some(NextStep::Locked);
    problem.attempts_remaining = Some(0);
    AppError::Problem(Box::new(problem))
}

fn captcha_error() -> AppError {
    let mut problem = Problem::new(ErrorCode::CaptchaInvalid, CAPTCHA_MESSAGE);
    problem.next_step = Some(NextStep::Recall);
    problem.captcha_required = Some(true);
    AppError::Problem(Box::new(problem))
}

/// Load an open sign-in transaction by the id the client holds.
fn open_transaction(
    conn: &mut DbConn,
    transaction_id: &str,
    now: DateTime<Utc>,
) -> AppResult<SigninTransactionRow> {
    open_of(conn, transaction_id, now, CodeUse::SignIn)
}

/// Load an open transaction of one kind: a recovery's id is no sign-in's,
/// nor the reverse.
pub(super) fn open_of(
    conn: &mut DbConn,
    transaction_id: &str,
    now: DateTime<Utc>,
    kind: CodeUse,
) -> AppResult<SigninTransactionRow> {
    let tx = db::signin::find(conn, &crypto::token_digest(transaction_id))?
        .filter(|tx| match kind {
            CodeUse::SignIn => tx.door != RECOVERY_DOOR && tx.door != ACTIVATION_DOOR,
            CodeUse::Recovery => tx.door == RECOVERY_DOOR,
            CodeUse::Activation => tx.door == ACTIVATION_DOOR,
        })
        .ok_or_else(AppError::not_found)?;
    if tx.completed_at.is_some() {
        return Err(AppError::new(ErrorCode::TokenUsed, USED_MESSAGE));
    }
    if tx.expires_at <= db::to_db_time(now) {
        return Err(AppError::new(ErrorCode::TokenExpired, EXPIRED_MESSAGE));
    }
    if let Some(link) = &tx.link_token_id {
        if !db::tokens::is_open(conn, link, db::to_db_time(now))? {
            return Err(AppError::new(
                ErrorCode::TokenExpired,
                LINK_REPLACED_MESSAGE,
            ));
        }
    }
    Ok(tx)
}

/// A transaction whose e-mailed link was voided (a newer one was sent) or
/// has expired.
const LINK_REPLACED_MESSAGE: &str = "This link is no longer valid: a newer one may have been sent. Open the link in your most recent e-mail.";

/// The `door` of IAMOnline Forgot Password's transactions.
pub(super) const RECOVERY_DOOR: &str = "recovery";
/// The `door` of account activations' transactions.
pub(super) const ACTIVATION_DOOR: &str = "activation";

/// What an e-mail code proves: a sign-in's factor, (IAMOnline Forgot
/// Password) the right to set a new password, or (activation) that the
/// new account's address is the person's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CodeUse {
    SignIn,
    Recovery,
    Activation,
}

impl CodeUse {
    /// How long a code (and, for a recovery, its e-mail's link) lives.
    pub(super) fn ttl_secs(self, settings: &Settings) -> u64 {
        match self {
            Self::Recovery => settings.recovery_code_ttl_secs,
            Self::SignIn | Self::Activation => settings.email_code_ttl_secs,
        }
    }

    /// The audit events of a code sent, refused and accepted.
    fn events(self) -> [&'static str; 3] {
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
pub(super) struct TransactionStart<'a> {
    pub(super) door: &'a str,
    pub(super) subject: &'a Subject,
    /// What the person typed: the seed of a made-up masked address.
    pub(super) typed_identifier: &'a str,
    pub(super) organization_id: Option<&'a str>,
    pub(super) keep_signed_in: bool,
    pub(super) password_verified: bool,
    pub(super) email_verified: bool,
    /// The e-mailed link the transaction is opened from: it lives only as
    /// long as that link does (a resend voids both).
    pub(super) link_token_id: Option<&'a str>,
}

/// After an IAMOnline reset or an activation: a sign-in with both factors
/// done (the e-mail proven by a link or a code, the password just set),
/// waiting at the Confidentiality Statement. Returns its id.
pub(super) fn signin_at_statement(
    conn: &mut DbConn,
    scope: &Scope,
    user: &UserRow,
) -> AppResult<String> {
    create_transaction(
        conn,
        scope,
        &TransactionStart {
            door: Door::IamOnline.as_str(),
            subject: &Subject::Account(Box::new(user.clone())),
            typed_identifier: &user.username,
            organization_id: None,
            keep_signed_in: false,
            password_verified: true,
            email_verified: true,
            link_token_id: None,
        },
    )
}

/// A new transaction; returns the id the client holds (only its digest is stored).
pub(super) fn create_transaction(
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
        },
    )?;
    Ok(id.expose_secret().to_owned())
}

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
                let transaction_id = create_transaction(
                    conn,
                    &scope,
                    &TransactionStart {
                        door: scope.door.as_str(),
                        subject: &subject,
                        typed_identifier: &request.username,
                        organization_id: None,
                        keep_signed_in: request.keep_signed_in,
                        password_verified: false,
                        email_verified: false,
                        link_token_id: None,
                    },
                )?;
                Ok(at_step(transaction_id, NextStep::ChooseMethod))
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
        credential_matches: organization_id.is_some(),
        password: SecretString::from(request.password.into_inner()),
        captcha: request.captcha,
        signed_in: false,
    };
    let user = verify_password(
        state,
        attempt,
        Scope::new(state, Door::ImmTrac2, meta.clone()),
    )
    .await?;
    let scope = Scope::new(state, Door::ImmTrac2, meta);
    let keep = request.keep_signed_in;
    let typed_username = request.username;
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let subject = Subject::Account(Box::new(user));
                let transaction_id = create_transaction(
                    conn,
                    &scope,
                    &TransactionStart {
                        door: scope.door.as_str(),
                        subject: &subject,
                        typed_identifier: &typed_username,
                        organization_id: organization_id.as_deref(),
                        keep_signed_in: keep,
                        password_verified: true,
                        email_verified: false,
                        link_token_id: None,
                    },
                )?;
                let step = next_step(
                    Progress {
                        password_verified: true,
                        ..Progress::default()
                    },
                    scope.settings.mfa_required,
                );
                Ok(at_step(transaction_id, step))
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
    let mfa_required = state.settings.mfa_required;
    if tx.password_verified_at.is_some() {
        // Already done: answer where the sign-in stands, verify nothing.
        let step = next_step(progress(&tx), mfa_required);
        return Ok(at_step(transaction_id, step));
    }
    let attempt = Attempt {
        subject,
        credential_matches: true,
        password: SecretString::from(request.password.into_inner()),
        captcha: request.captcha,
        signed_in: false,
    };
    verify_password(state, attempt, Scope::new(state, Door::IamOnline, meta)).await?;
    let at = db::to_db_time(state.clock.now());
    let id_hash = tx.id_hash.clone();
    state
        .db
        .run(move |conn| {
            db::signin::mark_password_verified(conn, &id_hash, at).map_err(AppError::from)
        })
        .await?;
    let step = next_step(
        Progress {
            password_verified: true,
            ..progress(&tx)
        },
        mfa_required,
    );
    Ok(at_step(transaction_id, step))
}

/// A step was posted out of order: answer where the sign-in stands.
fn out_of_order(step: NextStep) -> AppError {
    AppError::new(
        ErrorCode::Conflict,
        "This step is not due yet. Continue with the step shown.",
    )
    .with_next_step(step)
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

/// Send (or send again) the code of a sign-in or of a recovery.
pub(super) async fn send_code(
    state: &AppState,
    transaction_id: String,
    meta: RequestMeta,
    kind: CodeUse,
) -> AppResult<EmailCodeSentResponse> {
    let started = std::time::Instant::now();
    let scope = Scope::new(state, Door::IamOnline, meta);
    let outcome = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                send_email_code_in(conn, &scope, &transaction_id, kind)
            })
        })
        .await;
    state.outbox_wake.notify_one();
    // Unknown names get no e-mail; the answer must not be quicker for it.
    super::answer_no_sooner(started, state.settings.mail_answer_floor_ms).await;
    outcome?
}

fn send_email_code_in(
    conn: &mut DbConn,
    scope: &Scope,
    transaction_id: &str,
    kind: CodeUse,
) -> AppResult<AppResult<EmailCodeSentResponse>> {
    let tx = open_of(conn, transaction_id, scope.now, kind)?;
    let scope = &scope.at_door_of(&tx);
    let step = next_step(progress(&tx), scope.settings.mfa_required);
    if kind == CodeUse::SignIn && !matches!(step, NextStep::ChooseMethod | NextStep::EmailCode) {
        return Err(out_of_order(step));
    }
    let at = scope.at();
    // "Send again" waits 30 s within a sign-in; across sign-ins an account
    // (or an unknown identifier, alike) gets at most 5 codes an hour, counted
    // on a row of its own that outlives the sign-ins.
    db::signin::lock_row(conn, &tx.id_hash)?;
    let spacing = Duration::seconds(RESEND_SPACING_SECS);
    let here = db::tokens::created_since(
        conn,
        EMAIL_CODE_PURPOSE,
        std::slice::from_ref(&tx.id_hash),
        at - spacing,
    )?;
    if let Some(last) = here.first() {
        return Ok(Err(AppError::RateLimited {
            retry_after_secs: whole_seconds(*last + spacing - at),
        }));
    }
    // A familiar device has a budget of its own, so strangers spending the
    // unknown devices' budget cannot keep codes from the owner.
    let budget = match tx.user_id.as_deref() {
        Some(user_id) => match devices::ladder_of(conn, user_id, &scope.meta)? {
            Ladder::Familiar => "email-code-familiar",
            Ladder::UnknownDevices => "email-code",
        },
        None => "email-code",
    };
    let hourly_key = format!(
        "{budget}:{}",
        tx.user_id
            .as_deref()
            .or(tx.throttle_key.as_deref())
            .unwrap_or(&tx.id_hash)
    );
    let hour_later = at + Duration::hours(1);
    if db::throttle::reserve(
        conn,
        &hourly_key,
        "email_code",
        EMAIL_CODES_PER_HOUR,
        at,
        hour_later,
    )?
    .is_none()
    {
        let until = db::throttle::expires_at(conn, &hourly_key)?.unwrap_or(hour_later);
        return Ok(Err(AppError::RateLimited {
            retry_after_secs: whole_seconds(until - at),
        }));
    }
    db::tokens::consume_all_for_subject(conn, EMAIL_CODE_PURPOSE, &tx.id_hash, at)?;
    let code = crypto::random_digits(rules::EMAIL_CODE_DIGITS);
    let expires_at = scope.now + seconds(kind.ttl_secs(&scope.settings));
    db::tokens::create(
        conn,
        &NewOneTimeToken {
            id: &db::new_id(),
            user_id: tx.user_id.as_deref(),
            purpose: EMAIL_CODE_PURPOSE,
            token_hash: &code_digest(&tx.id_hash, code.expose_secret()),
            subject: Some(&tx.id_hash),
            created_at: at,
            expires_at: db::to_db_time(expires_at),
        },
    )?;
    let subject = subject_of(conn, &tx)?;
    if let Subject::Account(user) = &subject {
        let minutes = kind.ttl_secs(&scope.settings).div_ceil(60);
        let status = user.status.as_str();
        match kind {
            CodeUse::SignIn if status == AccountStatus::Active.as_str() => {
                let message = templates::signin_code(
                    &scope.settings,
                    &user.email,
                    &user.first_name,
                    code.expose_secret(),
                    minutes,
                );
                outbox::enqueue(
                    conn,
                    &scope.sealer,
                    "signin_code",
                    Some(&user.id),
                    &message,
                    scope.now,
                )?;
            }
            // A locked account may recover (a reset unlocks it); a disabled one may not.
            CodeUse::Recovery
                if status == AccountStatus::Active.as_str()
                    || status == AccountStatus::Locked.as_str() =>
            {
                // The link and the code are alternatives with one lifetime.
                let link = super::issue_one_time_token(
                    conn,
                    &user.id,
                    RESET_PURPOSE,
                    Some(super::password_reset::variant_subject(
                        ResetVariant::Iamonline,
                    )),
                    kind.ttl_secs(&scope.settings),
                    scope.now,
                )?;
                let message = templates::recovery_code(
                    &scope.settings,
                    &user.email,
                    &user.first_name,
                    code.expose_secret(),
                    link.expose_secret(),
                    minutes,
                );
                outbox::enqueue(
                    conn,
                    &scope.sealer,
                    "password_recovery",
                    Some(&user.id),
                    &message,
                    scope.now,
                )?;
            }
            CodeUse::Activation if status == AccountStatus::PendingActivation.as_str() => {
                let message = templates::activation_code(
                    &scope.settings,
                    &user.email,
                    &user.first_name,
                    code.expose_secret(),
                    minutes,
                );
                outbox::enqueue(
                    conn,
                    &scope.sealer,
                    "activation_code",
                    Some(&user.id),
                    &message,
                    scope.now,
                )?;
            }
            _ => {}
        }
    }
    audit(conn, scope, kind.events()[0], &subject, json!({}))?;
    Ok(Ok(EmailCodeSentResponse {
        masked_email: tx.masked_email,
        expires_at: db::to_db_time(expires_at)
            .and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        resend_after: RESEND_SPACING_SECS.unsigned_abs(),
    }))
}

fn whole_seconds(d: Duration) -> u64 {
    u64::try_from(d.num_seconds().max(1)).unwrap_or(1)
}

/// The stored form of a code: bound to its transaction, so equal codes of
/// two sign-ins never share a digest.
fn code_digest(transaction_hash: &str, code: &str) -> String {
    crypto::token_digest(&format!("{transaction_hash}:{}", code.trim()))
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
    // A fifth wrong code may have queued a warning to the owner.
    state.outbox_wake.notify_one();
    outcome?
}

fn verify_email_code_in(
    conn: &mut DbConn,
    scope: &Scope,
    transaction_id: String,
    request: &EmailCodeVerifyRequest,
) -> AppResult<AppResult<SigninStepResponse>> {
    let tx = open_transaction(conn, &transaction_id, scope.now)?;
    let scope = &scope.at_door_of(&tx);
    if tx.email_verified_at.is_some() {
        return Ok(Ok(at_step(
            transaction_id,
            next_step(progress(&tx), scope.settings.mfa_required),
        )));
    }
    if let Err(refusal) = check_code(conn, scope, &tx, request, CodeUse::SignIn)? {
        return Ok(Err(refusal));
    }
    let step = next_step(
        Progress {
            email_verified: true,
            ..progress(&tx)
        },
        scope.settings.mfa_required,
    );
    Ok(Ok(at_step(transaction_id, step)))
}

/// Check the code typed for a transaction and, when right, use it up and
/// mark the e-mail verified. `Ok(Err)` is a refusal whose counting of a
/// wrong entry must commit.
pub(super) fn check_code(
    conn: &mut DbConn,
    scope: &Scope,
    tx: &SigninTransactionRow,
    request: &EmailCodeVerifyRequest,
    kind: CodeUse,
) -> AppResult<AppResult<Subject>> {
    let [_, failed_event, verified_event] = kind.events();
    let subject = subject_of(conn, tx)?;
    let at = scope.at();
    let Some(code) = db::tokens::latest_open_for_subject(conn, EMAIL_CODE_PURPOSE, &tx.id_hash)?
    else {
        return Ok(Err(AppError::new(
            ErrorCode::InvalidCode,
            CODE_GONE_MESSAGE,
        )
        .with_next_step(NextStep::EmailCode)));
    };
    if code.expires_at <= at {
        return Ok(Err(AppError::new(
            ErrorCode::TokenExpired,
            CODE_EXPIRED_MESSAGE,
        )
        .with_next_step(NextStep::EmailCode)));
    }
    // Counted before it is compared, as password attempts are: parallel
    // guesses cannot all be compared against one code.
    let Some(entries) = db::tokens::reserve_entry(conn, &code.id, EMAIL_CODE_MAX_WRONG)? else {
        return Ok(Err(AppError::new(
            ErrorCode::InvalidCode,
            CODE_GONE_MESSAGE,
        )
        .with_next_step(NextStep::EmailCode)));
    };
    let typed = code_digest(&tx.id_hash, request.code.expose());
    if !crypto::constant_time_eq(&typed, &code.token_hash) {
        let wrong = entries;
        if wrong >= EMAIL_CODE_MAX_WRONG {
            db::tokens::consume(conn, &code.id, at)?;
            // The password was right but the code never was: the owner
            // should know someone may have the password. Only someone who
            // typed it can cause this mail, at most once per code.
            if let (CodeUse::SignIn, true, Subject::Account(user)) =
                (kind, tx.password_verified_at.is_some(), &subject)
            {
                let message = templates::password_without_code(
                    &scope.settings,
                    &user.email,
                    &user.first_name,
                );
                outbox::enqueue(
                    conn,
                    &scope.sealer,
                    "password_without_code",
                    Some(&user.id),
                    &message,
                    scope.now,
                )?;
                audit(conn, scope, "signin_code_exhausted", &subject, json!({}))?;
            }
        }
        audit(
            conn,
            scope,
            failed_event,
            &subject,
            json!({"wrong_entries": wrong}),
        )?;
        let message = if wrong >= EMAIL_CODE_MAX_WRONG {
            CODE_GONE_MESSAGE
        } else {
            CODE_WRONG_MESSAGE
        };
        return Ok(Err(
            AppError::new(ErrorCode::InvalidCode, message).with_next_step(NextStep::EmailCode)
        ));
    }
    if !db::tokens::consume(conn, &code.id, at)? {
        return Ok(Err(AppError::new(
            ErrorCode::InvalidCode,
            CODE_GONE_MESSAGE,
        )
        .with_next_step(NextStep::EmailCode)));
    }
    db::signin::mark_email_verified(conn, &tx.id_hash, at)?;
    audit(conn, scope, verified_event, &subject, json!({}))?;
    Ok(Ok(subject))
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
                let step = next_step(progress(&tx), scope.settings.mfa_required);
                if step != NextStep::Confidentiality {
                    return Err(out_of_order(step));
                }
                let Subject::Account(user) = subject_of(conn, &tx)? else {
                    return Err(out_of_order(step));
                };
                if user.status == AccountStatus::Locked.as_str() {
                    return Err(locked_error());
                }
                if user.status != AccountStatus::Active.as_str() {
                    return Err(AppError::new(ErrorCode::AccountDisabled, DISABLED_MESSAGE));
                }
                if !db::signin::complete(conn, &tx.id_hash, scope.at())? {
                    return Err(AppError::new(ErrorCode::TokenUsed, USED_MESSAGE));
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
                        door: scope.door.as_str(),
                    },
                    &scope.meta,
                    scope.now,
                )?;
                // Evidence of which version was accepted (SPEC §8).
                let (document_id, version) = db::documents::current(
                    conn,
                    super::aua::CONFIDENTIALITY_KIND,
                    &scope.settings.confidentiality_statement,
                    scope.at(),
                )?;
                db::documents::record_acceptance(
                    conn,
                    &db::documents::Acceptance {
                        user_id: &user.id,
                        organization_id: organization_id.as_deref(),
                        document_id: &document_id,
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
                    json!({"document_version": version}),
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

/// One password attempt, on either door.
struct Attempt {
    subject: Subject,
    /// The rest of the credential (the ImmTrac2 org code) matches.
    credential_matches: bool,
    password: SecretString,
    captcha: Option<CaptchaAnswer>,
    /// A signed-in person typing their password again (to change it, or
    /// before a sensitive action): counted on the ladder, but no CAPTCHA is
    /// shown in the portal, so none is asked for.
    signed_in: bool,
}

/// Where a password attempt is counted.
#[derive(Debug, Clone)]
enum Counter {
    /// The account's own counter (the attempt comes from a familiar
    /// device): its end locks the account, as the seed says.
    Account,
    /// A row of `throttle_counters`: the unknown-device ladder of an
    /// account (its end blocks only unknown devices), or the ladder of an
    /// identifier that matches no account.
    Throttle { key: String, scope: &'static str },
}

impl Counter {
    /// A signed-in check of the password counts on the account's own
    /// ladder whatever the device: only someone who signed in fully can
    /// make one, and strangers' blocks must not stop the owner's session
    /// from changing the password.
    fn of(
        conn: &mut DbConn,
        meta: &RequestMeta,
        subject: &Subject,
        signed_in: bool,
    ) -> AppResult<Self> {
        Ok(match subject {
            Subject::Account(_) if signed_in => Self::Account,
            Subject::Account(user) => match devices::ladder_of(conn, &user.id, meta)? {
                Ladder::Familiar => Self::Account,
                Ladder::UnknownDevices => Self::Throttle {
                    key: devices::signin_key(&user.id),
                    scope: devices::SIGNIN_SCOPE,
                },
            },
            Subject::Unknown { throttle_key } => Self::Throttle {
                key: throttle_key.clone(),
                scope: "signin",
            },
        })
    }

    /// Give back an attempt reserved but never checked.
    fn release(&self, conn: &mut DbConn, subject: &Subject, at: NaiveDateTime) -> AppResult<()> {
        match (self, subject) {
            (Self::Account, Subject::Account(user)) => {
                db::users::release_failed_login(conn, &user.id, at)?;
            }
            (Self::Throttle { key, .. }, _) => db::throttle::release(conn, key, at)?,
            (Self::Account, Subject::Unknown { .. }) => {}
        }
        Ok(())
    }
}

/// The gate's decision.
enum Gate {
    Locked,
    CaptchaRejected,
    /// The attempt is reserved: `failures` is the count on `counter` if it fails.
    Proceed {
        failures: i32,
        counter: Counter,
    },
}

/// Run the three phases of a password attempt; returns the account on
/// success, or the ladder's answer as the error.
async fn verify_password(state: &AppState, attempt: Attempt, scope: Scope) -> AppResult<UserRow> {
    // 1. gate
    let subject = attempt.subject.clone();
    let captcha_answer = attempt.captcha.clone();
    let gate_scope = scope.clone();
    let signed_in = attempt.signed_in;
    let gate = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                gate(
                    conn,
                    &gate_scope,
                    &subject,
                    captcha_answer.as_ref(),
                    signed_in,
                )
            })
        })
        .await?;
    let (failures, counter) = match gate {
        Gate::Locked => return Err(locked_error()),
        Gate::CaptchaRejected => return Err(captcha_error()),
        Gate::Proceed { failures, counter } => (failures, counter),
    };

    // 2. verify (always, so every reserved attempt costs one argon2 run)
    let stored = match &attempt.subject {
        Subject::Account(user) => user.password_hash.clone(),
        Subject::Unknown { .. } => None,
    };
    let outdated = stored
        .clone()
        .filter(|hash| state.hasher.needs_rehash(hash));
    let password = attempt.password.clone();
    let password_ok = match state.hasher.verify(attempt.password, stored).await {
        Ok(matched) => matched,
        Err(crate::crypto::HashError::Busy) => {
            // Reserved but never checked: give the attempt back, so a flood
            // that fills the hashing queue cannot walk anyone's ladder.
            let (subject, at) = (attempt.subject.clone(), db::to_db_time(state.clock.now()));
            state
                .db
                .run(move |conn| counter.release(conn, &subject, at))
                .await?;
            return Err(crate::crypto::HashError::Busy.into());
        }
        Err(failed) => return Err(failed.into()),
    };
    let verified = password_ok && attempt.credential_matches;
    // An imported (bcrypt, PBKDF2) or outdated hash becomes argon2id with
    // today's parameters now that the password is known (SPEC §7).
    let rehashed = match outdated {
        Some(old) if verified => {
            let new = state.hasher.hash(password).await?;
            Some((old, new))
        }
        _ => None,
    };

    // 3. record
    let scope = Scope {
        now: state.clock.now(),
        ..scope
    };
    let subject = attempt.subject;
    let outcome = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                record(
                    conn,
                    &scope,
                    subject,
                    &Outcome {
                        verified,
                        failures,
                        counter: &counter,
                        rehashed: rehashed.as_ref(),
                        signed_in,
                    },
                )
            })
        })
        .await;
    state.outbox_wake.notify_one();
    // The failure's answer is returned only after its transaction
    // committed: the audit event, the lock and its e-mail must stay.
    let user = outcome??;
    if user.status == AccountStatus::Disabled.as_str() {
        return Err(AppError::new(ErrorCode::AccountDisabled, DISABLED_MESSAGE));
    }
    Ok(user)
}

/// A signed-in person proves again that they know the password: before
/// changing it, or before an action that needs a recent sign-in. A wrong
/// password counts on the account's ladder (and can lock it) exactly as at
/// the door, so a borrowed session cannot be used to guess it; it is
/// answered as a field error of `field`, never 401, which would read as
/// "signed out".
pub(super) async fn confirm_password(
    state: &AppState,
    user: UserRow,
    password: SecretString,
    meta: RequestMeta,
    field: &str,
) -> AppResult<UserRow> {
    let attempt = Attempt {
        subject: Subject::Account(Box::new(user)),
        credential_matches: true,
        password,
        captcha: None,
        signed_in: true,
    };
    let scope = Scope::new(state, Door::IamOnline, meta);
    match verify_password(state, attempt, scope).await {
        Err(AppError::Problem(problem)) if problem.code == ErrorCode::InvalidCredentials => {
            let mut refusal = AppError::validation(std::collections::BTreeMap::from([(
                field.to_owned(),
                vec!["incorrect".to_owned()],
            )]));
            if let AppError::Problem(answer) = &mut refusal {
                answer.attempts_remaining = problem.attempts_remaining;
            }
            Err(refusal)
        }
        other => other,
    }
}

fn gate(
    conn: &mut DbConn,
    scope: &Scope,
    subject: &Subject,
    captcha_answer: Option<&CaptchaAnswer>,
    signed_in: bool,
) -> AppResult<Gate> {
    let at = scope.at();
    let policy = scope.ladder();
    let lock_after = limit(policy.lock_after);
    let throttle_expiry =
        db::to_db_time(scope.now + seconds(scope.settings.unknown_identifier_ttl_secs));
    // Row lock first, then read: concurrent attempts see the count in turn.
    // A locked account is refused from every device.
    let account_count = match subject {
        Subject::Account(user) => {
            db::users::lock_row(conn, &user.id)?;
            let fresh = db::users::find_by_id(conn, &user.id)?.ok_or_else(AppError::not_found)?;
            if fresh.status == AccountStatus::Locked.as_str() {
                audit(conn, scope, "signin_refused_locked", subject, json!({}))?;
                return Ok(Gate::Locked);
            }
            fresh.failed_login_count
        }
        Subject::Unknown { .. } => 0,
    };
    let counter = Counter::of(conn, &scope.meta, subject, signed_in)?;
    let current = match &counter {
        Counter::Account => account_count,
        Counter::Throttle { key, scope: kind } => {
            db::throttle::lock_current(conn, key, kind, at, throttle_expiry)?
        }
    };
    let unknown_device = matches!(
        (&counter, subject),
        (Counter::Throttle { .. }, Subject::Account(_))
    );
    let refusal_detail = json!({"unknown_device": unknown_device});
    if current >= lock_after {
        audit(
            conn,
            scope,
            "signin_refused_locked",
            subject,
            refusal_detail,
        )?;
        return Ok(Gate::Locked);
    }
    if !signed_in
        && policy.is_captcha_required(u32::try_from(current).unwrap_or(0))
        && !captcha::check(conn, captcha_answer, scope.now)?
    {
        audit(conn, scope, "signin_captcha_failed", subject, json!({}))?;
        return Ok(Gate::CaptchaRejected);
    }
    let reserved = match (&counter, subject) {
        (Counter::Account, Subject::Account(user)) => {
            db::users::reserve_failed_login(conn, &user.id, lock_after, at)?
        }
        (Counter::Throttle { key, scope: kind }, _) => {
            db::throttle::reserve(conn, key, kind, lock_after, at, throttle_expiry)?
        }
        (Counter::Account, Subject::Unknown { .. }) => None,
    };
    match reserved {
        Some(failures) => Ok(Gate::Proceed { failures, counter }),
        None => {
            audit(
                conn,
                scope,
                "signin_refused_locked",
                subject,
                refusal_detail,
            )?;
            Ok(Gate::Locked)
        }
    }
}

/// What the verify phase found, for the record phase.
struct Outcome<'a> {
    verified: bool,
    /// The count on `counter` if the attempt failed.
    failures: i32,
    counter: &'a Counter,
    rehashed: Option<&'a (String, String)>,
    signed_in: bool,
}

fn record(
    conn: &mut DbConn,
    scope: &Scope,
    subject: Subject,
    outcome: &Outcome<'_>,
) -> AppResult<Result<UserRow, AppError>> {
    let (verified_event, failed_event) = if outcome.signed_in {
        ("password_confirmed", "password_confirmation_failed")
    } else {
        ("signin_password_verified", "signin_password_failed")
    };
    let unknown_device = matches!(
        (outcome.counter, &subject),
        (Counter::Throttle { .. }, Subject::Account(_))
    );
    if let (true, Subject::Account(user)) = (outcome.verified, &subject) {
        // The user row first, as in the gate: one lock order on every path.
        db::users::lock_row(conn, &user.id)?;
        match outcome.counter {
            Counter::Account => db::users::record_successful_password(conn, &user.id, scope.at())?,
            Counter::Throttle { key, .. } => db::throttle::clear(conn, key)?,
        }
        audit(
            conn,
            scope,
            verified_event,
            &subject,
            json!({"unknown_device": unknown_device}),
        )?;
        // Only if the hash is still the one verified: a reset that landed
        // meanwhile must not be undone.
        if let Some((old, new)) = outcome.rehashed {
            if db::users::replace_password_hash(conn, &user.id, old, new, scope.at())? {
                audit(conn, scope, "password_rehashed", &subject, json!({}))?;
            }
        }
        let user = db::users::find_by_id(conn, &user.id)?.ok_or_else(AppError::not_found)?;
        return Ok(Ok(user));
    }
    let failures = u32::try_from(outcome.failures).unwrap_or(0);
    let answer = scope.ladder().after_failure(failures, scope.door);
    // The user row before the audit chain's head, as on success: the same
    // lock order on every path, so PostgreSQL never deadlocks the two.
    let newly_locked = match (&subject, outcome.counter, answer.locked) {
        (Subject::Account(user), Counter::Account, true) => {
            db::users::lock(conn, &user.id, scope.at())?
        }
        // One block, one e-mail: a marker that lives as long as the block
        // is taken once (a reservation given back on a full hashing queue
        // can make the limit be reached twice).
        (Subject::Account(_), Counter::Throttle { key, scope: kind }, true) => {
            let until =
                db::to_db_time(scope.now + seconds(scope.settings.unknown_identifier_ttl_secs));
            db::throttle::reserve(
                conn,
                &devices::blocked_mail_marker(key),
                kind,
                1,
                scope.at(),
                until,
            )?
            .is_some()
        }
        _ => false,
    };
    let detail = json!({
        "failures": failures,
        "known_account": subject.user_id().is_some(),
        "unknown_device": unknown_device,
    });
    audit(conn, scope, failed_event, &subject, detail)?;
    if answer.next_step == NextStep::Recall && failures == scope.settings.recall_after_failures {
        audit(conn, scope, "signin_recall_required", &subject, json!({}))?;
    }
    if answer.locked {
        if let (Subject::Account(user), true) = (&subject, newly_locked) {
            if unknown_device {
                audit(
                    conn,
                    scope,
                    "unknown_devices_blocked",
                    &subject,
                    json!({"failures": failures, "ladder": "signin"}),
                )?;
                devices::queue_blocked_mail(
                    conn,
                    &scope.settings,
                    &scope.sealer,
                    user,
                    UnknownDeviceBlock::SignIn,
                    scope.now,
                )?;
            } else {
                audit(
                    conn,
                    scope,
                    "account_locked",
                    &subject,
                    json!({"failures": failures}),
                )?;
                queue_lock_mail(conn, scope, user)?;
            }
        }
        return Ok(Err(locked_error()));
    }
    let mut problem = Problem::new(ErrorCode::InvalidCredentials, answer.message);
    problem.next_step = Some(answer.next_step);
    problem.attempts_remaining = Some(answer.attempts_remaining);
    problem.captcha_required = Some(answer.captcha_required);
    Ok(Err(AppError::Problem(Box::new(problem))))
}

/// The owner of a newly locked account gets a reset link that unlocks it;
/// the link continues in the flow of the door the lock happened at.
fn queue_lock_mail(conn: &mut DbConn, scope: &Scope, user: &UserRow) -> AppResult<()> {
    let (settings, now) = (&scope.settings, scope.now);
    let variant = match scope.door {
        Door::ImmTrac2 => ResetVariant::Immtrac2,
        Door::IamOnline => ResetVariant::Iamonline,
    };
    let token = super::issue_one_time_token(
        conn,
        &user.id,
        RESET_PURPOSE,
        Some(super::password_reset::variant_subject(variant)),
        settings.reset_link_ttl_secs,
        now,
    )?;
    let hours = settings.reset_link_ttl_secs.div_ceil(3600);
    let message = templates::account_locked(
        settings,
        &user.email,
        &user.first_name,
        token.expose_secret(),
        hours,
    );
    outbox::enqueue(
        conn,
        &scope.sealer,
        "account_locked",
        Some(&user.id),
        &message,
        now,
    )?;
    Ok(())
}

fn audit(
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
