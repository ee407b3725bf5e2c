//! The password attempt, on either door and signed in.
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

use chrono::NaiveDateTime;
use iam_shared::dto::password::ResetVariant;
use iam_shared::dto::signin::CaptchaAnswer;
use iam_shared::i18n::problems;
use iam_shared::types::AccountStatus;
use iam_shared::{ErrorCode, NextStep, Problem};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use super::transaction::{audit, Scope, Subject};
use crate::clock::seconds;
use crate::db::models::UserRow;
use crate::db::{self, DbConn};
use crate::domain::ladder::{Door, LOCKED_MESSAGE};
use crate::error::{AppError, AppResult, CommitThenRefuse};
use crate::mail::{outbox, templates};
use crate::services::devices::{self, Ladder, UnknownDeviceBlock};
use crate::services::reset_links;
use crate::services::{captcha, RequestMeta};
use crate::state::AppState;

pub(super) fn limit(threshold: u32) -> i32 {
    i32::try_from(threshold).unwrap_or(i32::MAX)
}

pub(super) fn locked_error() -> AppError {
    let mut problem = Problem::localized(ErrorCode::AccountLocked, LOCKED_MESSAGE, &[]);
    problem.next_step = Some(NextStep::Locked);
    problem.attempts_remaining = Some(0);
    AppError::Problem(Box::new(problem))
}

fn captcha_error() -> AppError {
    let mut problem = Problem::localized(ErrorCode::CaptchaInvalid, problems::CAPTCHA_INVALID, &[]);
    problem.next_step = Some(NextStep::Recall);
    problem.captcha_required = Some(true);
    AppError::Problem(Box::new(problem))
}

/// One password attempt, on either door.
pub(super) struct Attempt {
    pub(super) subject: Subject,
    /// What the person typed as their username (the directory searches it).
    pub(super) typed: String,
    /// The rest of the credential (the ImmTrac2 org code) matches.
    pub(super) credential_matches: bool,
    /// The ImmTrac2 org code typed, checked again after a directory sign-in
    /// (its groups may just have granted or withdrawn the membership).
    pub(super) org_code: Option<String>,
    pub(super) password: SecretString,
    pub(super) captcha: Option<CaptchaAnswer>,
    /// A signed-in person typing their password again (to change it, or
    /// before a sensitive action): counted on the ladder, but no CAPTCHA is
    /// shown in the portal, so none is asked for.
    pub(super) signed_in: bool,
}

/// Where a password attempt is counted.
#[derive(Debug, Clone)]
pub(super) enum Counter {
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
    pub(super) fn of(
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
    pub(super) fn release(
        &self,
        conn: &mut DbConn,
        subject: &Subject,
        at: NaiveDateTime,
    ) -> AppResult<()> {
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

/// Run the three phases of a password attempt. On success `then` runs in
/// the transaction that records it (the step it unlocks commits with the
/// success, or neither does), and its value is returned; otherwise the
/// ladder's answer is the error. Two transactions in all: gate and record.
pub(super) async fn verify_password<T, F>(
    state: &AppState,
    attempt: Attempt,
    scope: Scope,
    then: F,
) -> AppResult<T>
where
    F: FnOnce(&mut DbConn, UserRow, NaiveDateTime) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
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

    // 2. verify: the directory for central office where there is one ...
    if let Some(directory) = state.directory.clone() {
        if let Some(who) = super::directory::who(&state.settings, &attempt.subject, &attempt.typed)
        {
            let answer = directory.authenticate(who, &attempt.password).await;
            return super::directory::finish(
                state,
                attempt,
                scope,
                (failures, counter),
                answer,
                then,
            )
            .await;
        }
    }
    // ... else the portal's hash (always, so every reserved attempt costs
    // one argon2 run)
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
    // today's parameters now that the password is known (docs/product.md §7).
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
            db::transaction(conn, |conn| -> CommitThenRefuse<T> {
                let recorded = record(
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
                )?;
                Ok(match recorded {
                    Ok(user) if user.status == AccountStatus::Disabled => {
                        Err(crate::services::disabled_error(&scope.settings))
                    }
                    Ok(user) => Ok(then(conn, user, scope.at())?),
                    Err(refusal) => Err(refusal),
                })
            })
        })
        .await;
    // The failure's answer is returned only after its transaction
    // committed: the audit event, the lock and its e-mail must stay.
    outcome?
}

/// A signed-in person proves again that they know the password: before
/// changing it, or before an action that needs a recent sign-in. A wrong
/// password counts on the account's ladder (and can lock it) exactly as at
/// the door, so a borrowed session cannot be used to guess it; it is
/// answered as a field error of `field`, never 401, which would read as
/// "signed out".
pub(in crate::services) async fn confirm_password(
    state: &AppState,
    user: UserRow,
    password: SecretString,
    meta: RequestMeta,
    field: &str,
) -> AppResult<UserRow> {
    let attempt = Attempt {
        typed: user.username.clone(),
        subject: Subject::Account(Box::new(user)),
        credential_matches: true,
        org_code: None,
        password,
        captcha: None,
        signed_in: true,
    };
    let scope = Scope::new(state, Door::IamOnline, meta);
    match verify_password(state, attempt, scope, |_, user, _| Ok(user)).await {
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
            if fresh.status == AccountStatus::Locked {
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
        && !captcha::check(conn, captcha_answer, Some(subject.captcha_key()), scope.now)?
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
pub(super) struct Outcome<'a> {
    pub(super) verified: bool,
    /// The count on `counter` if the attempt failed.
    pub(super) failures: i32,
    pub(super) counter: &'a Counter,
    pub(super) rehashed: Option<&'a (String, String)>,
    pub(super) signed_in: bool,
}

pub(super) fn record(
    conn: &mut DbConn,
    scope: &Scope,
    subject: Subject,
    outcome: &Outcome<'_>,
) -> CommitThenRefuse<UserRow> {
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
    let mut problem = Problem::localized(ErrorCode::InvalidCredentials, answer.message, &[]);
    problem.next_step = Some(answer.next_step);
    problem.attempts_remaining = Some(answer.attempts_remaining);
    problem.captcha_required = Some(answer.captcha_required);
    Ok(Err(AppError::Problem(Box::new(problem))))
}

/// The owner of a newly locked account gets a reset link that unlocks it;
/// the link continues in the flow of the door the lock happened at. A
/// directory account gets no link (the directory holds its password): the
/// help desk unlocks it.
pub(super) fn queue_lock_mail(conn: &mut DbConn, scope: &Scope, user: &UserRow) -> AppResult<()> {
    let (settings, now) = (&scope.settings, scope.now);
    let lang = crate::services::mail_language(&scope.settings, user);
    let message = if user.is_directory_account() {
        templates::directory_account_locked(settings, lang, &user.email, &user.first_name)
    } else {
        let variant = match scope.door {
            Door::ImmTrac2 => ResetVariant::Immtrac2,
            Door::IamOnline => ResetVariant::Iamonline,
        };
        let token = reset_links::issue(conn, &user.id, variant, settings.reset_link_ttl_secs, now)?;
        let hours = settings.reset_link_ttl_secs.div_ceil(3600);
        templates::account_locked(
            settings,
            lang,
            &user.email,
            &user.first_name,
            token.expose_secret(),
            hours,
        )
    };
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
