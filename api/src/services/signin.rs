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
use iam_shared::dto::signin::{
    CaptchaAnswer, LoginRequest, PasswordStepRequest, SigninMethod, SigninStartRequest,
    SigninStepResponse,
};
use iam_shared::rules;
use iam_shared::types::AccountStatus;
use iam_shared::{ErrorCode, NextStep, Problem};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use super::{captcha, RequestMeta};
use crate::config::Settings;
use crate::crypto;
use crate::db::models::{NewOneTimeToken, UserRow};
use crate::db::signin::{NewSigninTransaction, SigninTransactionRow};
use crate::db::{self, audit::AuditEvent, DbConn};
use crate::domain::ladder::{Door, LadderPolicy, LOCKED_MESSAGE};
use crate::domain::signin::{next_step, Progress};
use crate::error::{AppError, AppResult};
use crate::mail::{outbox, templates};
use crate::state::AppState;

/// Purpose of password reset links in `one_time_tokens`.
pub const RESET_PURPOSE: &str = "password_reset";

/// Shown when the recall step's CAPTCHA answer is missing or wrong.
pub const CAPTCHA_MESSAGE: &str =
    "The characters you entered did not match the image. Please try again with the new image.";

const EXPIRED_MESSAGE: &str = "This sign-in has expired. Please sign in again.";
const USED_MESSAGE: &str = "This sign-in is already complete. Please sign in again.";
const DISABLED_MESSAGE: &str =
    "Your account is disabled. Please contact Customer Support to re-enable it.";

/// Whose failures an attempt counts against.
#[derive(Debug, Clone)]
enum Subject {
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
struct Scope {
    settings: Arc<Settings>,
    door: Door,
    meta: RequestMeta,
    now: DateTime<Utc>,
}

impl Scope {
    fn new(state: &AppState, door: Door, meta: RequestMeta) -> Self {
        Self {
            settings: state.settings.clone(),
            door,
            meta,
            now: state.clock.now(),
        }
    }

    fn at(&self) -> NaiveDateTime {
        db::to_db_time(self.now)
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

fn seconds(secs: u64) -> Duration {
    Duration::seconds(i64::try_from(secs).unwrap_or(i64::MAX / 2))
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

fn progress(tx: &SigninTransactionRow) -> Progress {
    Progress {
        password_verified: tx.password_verified_at.is_some(),
        email_verified: tx.email_verified_at.is_some(),
        agreed: tx.agreed_at.is_some(),
        completed: tx.completed_at.is_some(),
    }
}

fn methods_for(step: NextStep) -> Vec<SigninMethod> {
    if step == NextStep::ChooseMethod {
        vec![SigninMethod::Password, SigninMethod::Email]
    } else {
        Vec::new()
    }
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

/// Load an open transaction by the id the client holds.
fn open_transaction(
    conn: &mut DbConn,
    transaction_id: &str,
    now: DateTime<Utc>,
) -> AppResult<SigninTransactionRow> {
    let tx = db::signin::find(conn, &crypto::token_digest(transaction_id))?
        .ok_or_else(AppError::not_found)?;
    if tx.completed_at.is_some() {
        return Err(AppError::new(ErrorCode::TokenUsed, USED_MESSAGE));
    }
    if tx.expires_at <= db::to_db_time(now) {
        return Err(AppError::new(ErrorCode::TokenExpired, EXPIRED_MESSAGE));
    }
    Ok(tx)
}

/// A new transaction; returns the id the client holds (only its digest is stored).
fn create_transaction(
    conn: &mut DbConn,
    scope: &Scope,
    subject: &Subject,
    organization_id: Option<&str>,
    keep_signed_in: bool,
    password_verified: bool,
) -> AppResult<String> {
    let id: SecretString = crypto::random_token();
    let at = scope.at();
    db::signin::create(
        conn,
        &NewSigninTransaction {
            id_hash: &crypto::token_digest(id.expose_secret()),
            door: scope.door.as_str(),
            user_id: subject.user_id(),
            throttle_key: match subject {
                Subject::Unknown { throttle_key } => Some(throttle_key),
                Subject::Account(_) => None,
            },
            organization_id,
            keep_signed_in,
            password_verified_at: password_verified.then_some(at),
            ip: scope.meta.ip.as_deref(),
            user_agent: scope.meta.user_agent.as_deref(),
            created_at: at,
            expires_at: db::to_db_time(
                scope.now + seconds(scope.settings.signin_transaction_ttl_secs),
            ),
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
                    &subject,
                    None,
                    request.keep_signed_in,
                    false,
                )?;
                Ok(SigninStepResponse {
                    transaction_id,
                    next_step: NextStep::ChooseMethod,
                    methods: methods_for(NextStep::ChooseMethod),
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
        credential_matches: organization_id.is_some(),
        password: SecretString::from(request.password.into_inner()),
        captcha: request.captcha,
    };
    let user = verify_password(
        state,
        attempt,
        Scope::new(state, Door::ImmTrac2, meta.clone()),
    )
    .await?;
    let scope = Scope::new(state, Door::ImmTrac2, meta);
    let keep = request.keep_signed_in;
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let subject = Subject::Account(Box::new(user));
                let transaction_id = create_transaction(
                    conn,
                    &scope,
                    &subject,
                    organization_id.as_deref(),
                    keep,
                    true,
                )?;
                let step = next_step(
                    Progress {
                        password_verified: true,
                        ..Progress::default()
                    },
                    scope.settings.mfa_required,
                );
                Ok(SigninStepResponse {
                    transaction_id,
                    next_step: step,
                    methods: methods_for(step),
                })
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
        return Ok(SigninStepResponse {
            transaction_id,
            next_step: step,
            methods: methods_for(step),
        });
    }
    let attempt = Attempt {
        subject,
        credential_matches: true,
        password: SecretString::from(request.password.into_inner()),
        captcha: request.captcha,
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
    Ok(SigninStepResponse {
        transaction_id,
        next_step: step,
        methods: methods_for(step),
    })
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
}

/// The gate's decision.
enum Gate {
    Locked,
    CaptchaRejected,
    /// The attempt is reserved: `failures` is the count if it fails.
    Proceed {
        failures: i32,
    },
}

/// Run the three phases of a password attempt; returns the account on
/// success, or the ladder's answer as the error.
async fn verify_password(state: &AppState, attempt: Attempt, scope: Scope) -> AppResult<UserRow> {
    // 1. gate
    let subject = attempt.subject.clone();
    let captcha_answer = attempt.captcha.clone();
    let gate_scope = scope.clone();
    let gate = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                gate(conn, &gate_scope, &subject, captcha_answer.as_ref())
            })
        })
        .await?;
    let failures = match gate {
        Gate::Locked => return Err(locked_error()),
        Gate::CaptchaRejected => return Err(captcha_error()),
        Gate::Proceed { failures } => failures,
    };

    // 2. verify (always, so every reserved attempt costs one argon2 run)
    let stored = match &attempt.subject {
        Subject::Account(user) => user.password_hash.clone(),
        Subject::Unknown { .. } => None,
    };
    let password_ok = state
        .hasher
        .verify(attempt.password, stored)
        .await
        .map_err(anyhow::Error::from)?;
    let verified = password_ok && attempt.credential_matches;

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
                record(conn, &scope, subject, verified, failures)
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

fn gate(
    conn: &mut DbConn,
    scope: &Scope,
    subject: &Subject,
    captcha_answer: Option<&CaptchaAnswer>,
) -> AppResult<Gate> {
    let at = scope.at();
    let policy = scope.ladder();
    let lock_after = limit(policy.lock_after);
    let current = match subject {
        Subject::Account(user) => {
            let fresh = db::users::find_by_id(conn, &user.id)?.ok_or_else(AppError::not_found)?;
            if fresh.status == AccountStatus::Locked.as_str() {
                audit(conn, scope, "signin_refused_locked", subject, json!({}))?;
                return Ok(Gate::Locked);
            }
            fresh.failed_login_count
        }
        Subject::Unknown { throttle_key } => db::throttle::current(conn, throttle_key, at)?,
    };
    if current >= lock_after {
        audit(conn, scope, "signin_refused_locked", subject, json!({}))?;
        return Ok(Gate::Locked);
    }
    if policy.is_captcha_required(u32::try_from(current).unwrap_or(0))
        && !captcha::check(conn, captcha_answer, scope.now)?
    {
        audit(conn, scope, "signin_captcha_failed", subject, json!({}))?;
        return Ok(Gate::CaptchaRejected);
    }
    let reserved = match subject {
        Subject::Account(user) => db::users::reserve_failed_login(conn, &user.id, lock_after, at)?,
        Subject::Unknown { throttle_key } => db::throttle::reserve(
            conn,
            throttle_key,
            "signin",
            lock_after,
            at,
            db::to_db_time(scope.now + seconds(scope.settings.unknown_identifier_ttl_secs)),
        )?,
    };
    match reserved {
        Some(failures) => Ok(Gate::Proceed { failures }),
        None => {
            audit(conn, scope, "signin_refused_locked", subject, json!({}))?;
            Ok(Gate::Locked)
        }
    }
}

fn record(
    conn: &mut DbConn,
    scope: &Scope,
    subject: Subject,
    verified: bool,
    failures: i32,
) -> AppResult<Result<UserRow, AppError>> {
    if let (true, Subject::Account(user)) = (verified, &subject) {
        db::users::record_successful_password(conn, &user.id, scope.at())?;
        audit(conn, scope, "signin_password_verified", &subject, json!({}))?;
        let user = db::users::find_by_id(conn, &user.id)?.ok_or_else(AppError::not_found)?;
        return Ok(Ok(user));
    }
    let failures = u32::try_from(failures).unwrap_or(0);
    let answer = scope.ladder().after_failure(failures, scope.door);
    let detail = json!({"failures": failures, "known_account": subject.user_id().is_some()});
    audit(conn, scope, "signin_password_failed", &subject, detail)?;
    if answer.locked {
        if let Subject::Account(user) = &subject {
            if db::users::lock(conn, &user.id, scope.at())? {
                audit(
                    conn,
                    scope,
                    "account_locked",
                    &subject,
                    json!({"failures": failures}),
                )?;
                queue_lock_mail(conn, &scope.settings, user, scope.now)?;
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

/// The owner of a newly locked account gets a reset link that unlocks it.
fn queue_lock_mail(
    conn: &mut DbConn,
    settings: &Settings,
    user: &UserRow,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let at = db::to_db_time(now);
    let token = crypto::random_token();
    db::tokens::consume_all_for_user(conn, &user.id, RESET_PURPOSE, at)?;
    db::tokens::create(
        conn,
        &NewOneTimeToken {
            id: &db::new_id(),
            user_id: Some(&user.id),
            purpose: RESET_PURPOSE,
            token_hash: &crypto::token_digest(token.expose_secret()),
            subject: None,
            created_at: at,
            expires_at: db::to_db_time(now + seconds(settings.reset_link_ttl_secs)),
        },
    )?;
    let hours = settings.reset_link_ttl_secs.div_ceil(3600);
    let message = templates::account_locked(
        settings,
        &user.email,
        &user.first_name,
        token.expose_secret(),
        hours,
    );
    outbox::enqueue(conn, "account_locked", Some(&user.id), &message, now)?;
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
    db::audit::create(
        conn,
        &AuditEvent {
            event_type,
            user_id: subject.user_id(),
            ip: scope.meta.ip.as_deref(),
            user_agent: scope.meta.user_agent.as_deref(),
            detail,
            ..Default::default()
        },
        scope.at(),
    )?;
    Ok(())
}
