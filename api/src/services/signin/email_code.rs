//! The e-mail code (docs/product.md §3.2): send it (the 30-second spacing
//! and the hourly budgets), check it (five wrong entries void it).

use crate::db::tokens::TokenPurpose;
use chrono::Duration;
use iam_shared::dto::password::ResetVariant;
use iam_shared::dto::signin::{
    CaptchaEmailRequest, EmailCodeSentResponse, EmailCodeVerifyRequest, SigninStepResponse,
};
use iam_shared::dto::MessageResponse;
use iam_shared::i18n::{problems, Msg};
use iam_shared::rules;
use iam_shared::types::AccountStatus;
use iam_shared::{ErrorCode, NextStep};
use secrecy::ExposeSecret;
use serde_json::json;

use super::app_code::at_step_of_user;
use super::transaction::{
    audit, open_of, open_transaction, out_of_order, resolve_subject, step_of_tx, subject_of,
    CodeUse, Scope, Subject,
};
use crate::clock::seconds;
use crate::crypto;
use crate::db::models::NewOneTimeToken;
use crate::db::signin::SigninTransactionRow;
use crate::db::{self, DbConn};
use crate::domain::ladder::Door;
use crate::domain::policy::Assurance;
use crate::error::{AppError, AppResult, CommitThenRefuse};
use crate::mail::{outbox, templates};
use crate::services::authenticators::requirement_of;
use crate::services::devices::{self, Ladder};
use crate::services::reset_links;
use crate::services::RequestMeta;
use crate::services::{access_requests, captcha};
use crate::state::AppState;

/// "Send again" at most once per 30 s (per sign-in) and 5 times an hour
/// (per account) (docs/product.md §3.2).
const RESEND_SPACING_SECS: i64 = 30;
const EMAIL_CODES_PER_HOUR: i32 = 5;
/// Wrong entries that void a code.
const EMAIL_CODE_MAX_WRONG: i32 = 5;

/// Send (or send again) the code of a sign-in or of a recovery.
pub(in crate::services) async fn send_code(
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
    // Unknown names get no e-mail; the answer must not be quicker for it.
    crate::services::answer_no_sooner(started, state.settings.mail_answer_floor_ms).await;
    outcome?
}

fn send_email_code_in(
    conn: &mut DbConn,
    scope: &Scope,
    transaction_id: &str,
    kind: CodeUse,
) -> CommitThenRefuse<EmailCodeSentResponse> {
    let tx = open_of(conn, transaction_id, scope.now, kind)?;
    let scope = &scope.at_door_of(&tx);
    let step = step_of_tx(conn, &scope.settings, &tx)?;
    if kind == CodeUse::SignIn && !matches!(step, NextStep::ChooseMethod | NextStep::EmailCode) {
        return Err(out_of_order(step));
    }
    if kind == CodeUse::SignIn {
        refuse_email_code_where_the_policy_wants_more(conn, scope, &tx)?;
    }
    let at = scope.at();
    // "Send again" waits 30 s within a sign-in; across sign-ins an account
    // (or an unknown identifier, alike) gets at most 5 codes an hour, counted
    // on a row of its own that outlives the sign-ins.
    db::signin::lock_row(conn, &tx.id_hash)?;
    let spacing = Duration::seconds(RESEND_SPACING_SECS);
    let here = db::tokens::created_since(
        conn,
        TokenPurpose::SigninEmailCode,
        std::slice::from_ref(&tx.id_hash),
        at - spacing,
    )?;
    if let Some(last) = here.first() {
        return Ok(Err(AppError::RateLimited {
            retry_after_secs: whole_seconds(*last + spacing - at),
        }));
    }
    let owner = tx
        .user_id
        .as_deref()
        .or(tx.throttle_key.as_deref())
        .unwrap_or(&tx.id_hash);
    if let Err(refusal) = spend_code_budget(conn, scope, tx.user_id.as_deref(), owner)? {
        return Ok(Err(refusal));
    }
    db::tokens::consume_all_for_subject(conn, TokenPurpose::SigninEmailCode, &tx.id_hash, at)?;
    let code = crypto::random_digits(rules::EMAIL_CODE_DIGITS);
    let expires_at = scope.now + seconds(kind.ttl_secs(&scope.settings));
    db::tokens::create(
        conn,
        &NewOneTimeToken {
            id: &db::new_id(),
            user_id: tx.user_id.as_deref(),
            purpose: TokenPurpose::SigninEmailCode,
            token_hash: &code_digest(&tx.id_hash, code.expose_secret()),
            subject: Some(&tx.id_hash),
            created_at: at,
            expires_at: db::to_db_time(expires_at),
        },
    )?;
    let subject = subject_of(conn, &tx)?;
    if let Subject::Account(user) = &subject {
        let minutes = kind.ttl_secs(&scope.settings).div_ceil(60);
        let status = user.status;
        match kind {
            CodeUse::SignIn if status == AccountStatus::Active => {
                let message = templates::signin_code(
                    &scope.settings,
                    crate::services::mail_language(&scope.settings, user),
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
                if matches!(status, AccountStatus::Active | AccountStatus::Locked) =>
            {
                // The link and the code are alternatives with one lifetime.
                let link = reset_links::issue(
                    conn,
                    &user.id,
                    ResetVariant::Iamonline,
                    kind.ttl_secs(&scope.settings),
                    scope.now,
                )?;
                let message = templates::recovery_code(
                    &scope.settings,
                    crate::services::mail_language(&scope.settings, user),
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
            CodeUse::Activation if status == AccountStatus::PendingActivation => {
                let message = templates::activation_code(
                    &scope.settings,
                    crate::services::mail_language(&scope.settings, user),
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

/// Spend one of the hourly e-mailed codes of `owner` (an account's id, or
/// an unknown name's throttle key: unknown names alike, so a 429 tells
/// nothing). A familiar device of the account has a budget of its own, so
/// strangers spending the unknown devices' budget cannot keep codes from
/// the owner. `Err` inside is the 429 to answer.
fn spend_code_budget(
    conn: &mut DbConn,
    scope: &Scope,
    user_id: Option<&str>,
    owner: &str,
) -> AppResult<Result<(), AppError>> {
    let at = scope.at();
    let budget = match user_id {
        Some(user_id) => match devices::ladder_of(conn, user_id, &scope.meta)? {
            Ladder::Familiar => "email-code-familiar",
            Ladder::UnknownDevices => "email-code",
        },
        None => "email-code",
    };
    let hourly_key = format!("{budget}:{owner}");
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
    Ok(Ok(()))
}

fn whole_seconds(d: Duration) -> u64 {
    u64::try_from(d.num_seconds().max(1)).unwrap_or(1)
}

/// The stored form of a code: bound to its transaction, so equal codes of
/// two sign-ins never share a digest.
fn code_digest(transaction_hash: &str, code: &str) -> String {
    crypto::token_digest(&format!("{transaction_hash}:{}", code.trim()))
}

pub(super) fn verify_email_code_in(
    conn: &mut DbConn,
    scope: &Scope,
    transaction_id: String,
    request: &EmailCodeVerifyRequest,
) -> CommitThenRefuse<SigninStepResponse> {
    let tx = open_transaction(conn, &transaction_id, scope.now)?;
    let scope = &scope.at_door_of(&tx);
    if tx.email_verified_at.is_some() {
        let step = step_of_tx(conn, &scope.settings, &tx)?;
        let user_id = tx.user_id.clone().unwrap_or_default();
        return Ok(Ok(at_step_of_user(
            conn,
            &scope.settings,
            transaction_id,
            step,
            &user_id,
        )?));
    }
    refuse_email_code_where_the_policy_wants_more(conn, scope, &tx)?;
    if let Err(refusal) = check_code(conn, scope, &tx, request, CodeUse::SignIn)? {
        return Ok(Err(refusal));
    }
    let mut done = tx.clone();
    done.email_verified_at = Some(scope.at());
    let step = step_of_tx(conn, &scope.settings, &done)?;
    let user_id = tx.user_id.clone().unwrap_or_default();
    Ok(Ok(at_step_of_user(
        conn,
        &scope.settings,
        transaction_id,
        step,
        &user_id,
    )?))
}

/// A user whose policy asks for more than the e-mail code, and who has a
/// method that would do, uses that method: the code is neither sent nor
/// taken (the server's gate; the screens do not offer it either).
fn refuse_email_code_where_the_policy_wants_more(
    conn: &mut DbConn,
    scope: &Scope,
    tx: &crate::db::signin::SigninTransactionRow,
) -> AppResult<()> {
    let Some(user_id) = tx.user_id.as_deref() else {
        return Ok(());
    };
    let (required, held) = requirement_of(conn, &scope.settings, user_id)?;
    if required != Assurance::Any && held.meet(required) {
        return Err(
            AppError::text(ErrorCode::Conflict, problems::EMAIL_CODE_NOT_ENOUGH)
                .with_next_step(NextStep::EmailCode),
        );
    }
    Ok(())
}

/// Check the code typed for a transaction and, when right, use it up and
/// mark the e-mail verified. `Ok(Err)` is a refusal whose counting of a
/// wrong entry must commit.
pub(in crate::services) fn check_code(
    conn: &mut DbConn,
    scope: &Scope,
    tx: &SigninTransactionRow,
    request: &EmailCodeVerifyRequest,
    kind: CodeUse,
) -> CommitThenRefuse<Subject> {
    let [_, failed_event, verified_event] = kind.events();
    let subject = subject_of(conn, tx)?;
    let at = scope.at();
    let Some(code) =
        db::tokens::latest_open_for_subject(conn, TokenPurpose::SigninEmailCode, &tx.id_hash)?
    else {
        return Ok(Err(AppError::text(
            ErrorCode::InvalidCode,
            problems::CODE_GONE,
        )
        .with_next_step(NextStep::EmailCode)));
    };
    if code.expires_at <= at {
        return Ok(Err(AppError::text(
            ErrorCode::TokenExpired,
            problems::CODE_EXPIRED,
        )
        .with_next_step(NextStep::EmailCode)));
    }
    // Counted before it is compared, as password attempts are: parallel
    // guesses cannot all be compared against one code.
    let Some(entries) = db::tokens::reserve_entry(conn, &code.id, EMAIL_CODE_MAX_WRONG)? else {
        return Ok(Err(AppError::text(
            ErrorCode::InvalidCode,
            problems::CODE_GONE,
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
                    crate::services::mail_language(&scope.settings, user),
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
            problems::CODE_GONE
        } else {
            problems::EMAIL_CODE_WRONG
        };
        return Ok(Err(
            AppError::text(ErrorCode::InvalidCode, message).with_next_step(NextStep::EmailCode)
        ));
    }
    if !db::tokens::consume(conn, &code.id, at)? {
        return Ok(Err(AppError::text(
            ErrorCode::InvalidCode,
            problems::CODE_GONE,
        )
        .with_next_step(NextStep::EmailCode)));
    }
    db::signin::mark_email_verified(conn, &tx.id_hash, at)?;
    if let Subject::Account(user) = &subject {
        db::users::mark_email_verified(conn, &user.id, at)?;
    }
    audit(conn, scope, verified_event, &subject, json!({}))?;
    Ok(Ok(subject))
}

/// "Email me a code instead" of the CAPTCHA image (WCAG 1.1.1): a code
/// mailed to the named account answers the challenge too, but only on a
/// form that names that same account (the code is bound to it), so a code
/// from one's own mailbox is no way around anyone else's image. The answer
/// is the same for any username, and comes no sooner for one with no
/// account. It spends the account's hourly budget of e-mailed codes, like a
/// sign-in code, and only once the challenge has taken the code. On a
/// public request form, which names nobody yet, the code goes to the
/// address typed there instead (`access_requests`).
pub async fn email_captcha_code(
    state: &AppState,
    captcha_id: String,
    request: CaptchaEmailRequest,
    meta: RequestMeta,
) -> AppResult<MessageResponse> {
    let recipient = CodeRecipient::of(request, &state.settings)?;
    let started = std::time::Instant::now();
    let lang = meta.reply_lang();
    let scope = Scope::new(state, Door::IamOnline, meta);
    let identifier_key = state.keys.identifier_key;
    let outcome: AppResult<Msg> = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| match &recipient {
                CodeRecipient::Account(username) => {
                    email_captcha_code_to_account(
                        conn,
                        &scope,
                        &identifier_key,
                        &captcha_id,
                        username,
                    )?;
                    // The same answer whoever the username names.
                    Ok(problems::CAPTCHA_EMAIL_SENT)
                }
                CodeRecipient::Address(email) => {
                    access_requests::email_captcha_code_to_address(
                        conn,
                        &scope.settings,
                        &scope.sealer,
                        &identifier_key,
                        &captcha_id,
                        email,
                        &scope.meta,
                        scope.now,
                    )?;
                    Ok(problems::FORM_CAPTCHA_EMAIL_SENT)
                }
            })
        })
        .await;
    crate::services::answer_no_sooner(started, state.settings.mail_answer_floor_ms).await;
    Ok(MessageResponse {
        message: lang.text(outcome?).to_owned(),
    })
}

/// Whom "Email me a code instead" mails: the account a form names, or
/// the address a public form gives.
enum CodeRecipient {
    Account(String),
    Address(String),
}

impl CodeRecipient {
    /// Exactly one of the two fields (422 `username`: `username_or_email`
    /// otherwise); never a central office address, as on the forms.
    fn of(request: CaptchaEmailRequest, settings: &crate::config::Settings) -> AppResult<Self> {
        match (request.username, request.email) {
            (Some(username), None) => Ok(Self::Account(username)),
            (None, Some(email)) => {
                access_requests::refuse_internal(settings, &email)?;
                Ok(Self::Address(email))
            }
            _ => Err(AppError::validation(
                [("username".to_owned(), vec!["username_or_email".to_owned()])].into(),
            )),
        }
    }
}

fn email_captcha_code_to_account(
    conn: &mut DbConn,
    scope: &Scope,
    identifier_key: &[u8; 32],
    captcha_id: &str,
    username: &str,
) -> AppResult<()> {
    let subject = resolve_subject(conn, identifier_key, username)?;
    let code = captcha::attach_emailed_code(
        conn,
        &scope.settings,
        captcha_id,
        subject.captcha_key(),
        scope.now,
    )?;
    let user = match &subject {
        Subject::Account(user)
            if matches!(user.status, AccountStatus::Active | AccountStatus::Locked) =>
        {
            Some(user)
        }
        _ => None,
    };
    // The sign-in codes' budget. Refused: the whole request rolls back,
    // and the challenge keeps no code.
    spend_code_budget(
        conn,
        scope,
        user.map(|u| u.id.as_str()),
        subject.captcha_key(),
    )??;
    if let Some(user) = user {
        let minutes = scope.settings.captcha_ttl_secs.div_ceil(60);
        let message = templates::captcha_code(
            &scope.settings,
            crate::services::mail_language(&scope.settings, user),
            &user.email,
            &user.first_name,
            code.expose_secret(),
            minutes,
        );
        outbox::enqueue(
            conn,
            &scope.sealer,
            "captcha_code",
            Some(&user.id),
            &message,
            scope.now,
        )?;
    }
    audit(conn, scope, "captcha_code_requested", &subject, json!({}))?;
    Ok(())
}
