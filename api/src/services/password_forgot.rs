//! ImmTrac2 Forgot Password (docs/product.md §5): org code, username, e-mail and a
//! CAPTCHA. A match mails a 24-hour reset link; mismatches from a familiar
//! device walk a 3-strike ladder that ends with the account `disabled`;
//! from unknown devices, one that blocks unknown devices for 24 hours
//! (`devices`). Usernames that match no
//! account walk the same ladder under a keyed hash, with the same texts.

use chrono::{DateTime, Duration, Utc};
use iam_shared::dto::password::{ForgotPasswordRequest, ResetVariant};
use iam_shared::i18n::{problems, Lang};
use iam_shared::rules;
use iam_shared::types::AccountStatus;
use iam_shared::{ErrorCode, NextStep, Problem};
use secrecy::ExposeSecret;
use serde_json::json;

use super::devices::{self, Ladder};
use super::reset_links;
use super::{captcha, RequestMeta};
use crate::config::Settings;
use crate::crypto;
use crate::crypto::seal::Sealer;
use crate::db::models::UserRow;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult, CommitThenRefuse};
use crate::mail::{outbox, templates};
use crate::state::AppState;

/// Reset links one account is mailed per hour through this form.
pub const LINKS_PER_ACCOUNT_PER_HOUR: i32 = 3;

/// The answer to a match (seed 000), with the link's lifetime as set.
pub fn link_sent(settings: &Settings, lang: Lang) -> String {
    problems::RESET_LINK_SENT.fill(lang, &[("hours", &link_hours(settings).to_string())])
}

/// The ImmTrac2 link's lifetime in whole hours, as the e-mail and the answer say it.
fn link_hours(settings: &Settings) -> u64 {
    settings.reset_link_ttl_secs.div_ceil(3600)
}

fn exceeded(settings: &Settings) -> AppError {
    AppError::text_with(
        ErrorCode::AccountDisabled,
        problems::RESET_ATTEMPTS_EXCEEDED,
        &[
            ("app", settings.app_name.as_str()),
            ("phone", settings.customer_support_phone.as_str()),
            ("email", settings.customer_support_email.as_str()),
        ],
    )
}

fn mismatch(failures: i32, limit: i32) -> AppError {
    let text = if failures + 1 >= limit {
        problems::ONE_MORE_ATTEMPT
    } else {
        problems::NO_MATCH
    };
    let mut problem = Problem::localized(ErrorCode::InvalidCredentials, text, &[]);
    problem.attempts_remaining = u32::try_from(limit - failures).ok();
    AppError::Problem(Box::new(problem))
}

/// Handle one request; `Ok(Err)` for refusals whose counting must commit.
pub async fn forgot(
    state: &AppState,
    request: ForgotPasswordRequest,
    meta: RequestMeta,
) -> AppResult<String> {
    let started = std::time::Instant::now();
    let lang = meta.reply_lang();
    let (settings, now, key, sealer) = (
        state.settings.clone(),
        state.clock.now(),
        state.keys.identifier_key,
        state.mail_sealer.clone(),
    );
    let outcome = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                forgot_in(conn, &settings, &sealer, &key, &request, &meta, now)
            })
        })
        .await;
    super::answer_no_sooner(started, state.settings.mail_answer_floor_ms).await;
    outcome?.map(|()| link_sent(&state.settings, lang))
}

fn forgot_in(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    identifier_key: &[u8; 32],
    request: &ForgotPasswordRequest,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> CommitThenRefuse<()> {
    let at = db::to_db_time(now);
    let named = db::users::find_by_username(conn, &request.username)?;
    // An e-mailed code answers only for the account it was mailed for.
    let named_id = named.as_ref().map(|u| u.id.as_str());
    if !captcha::check(conn, Some(&request.captcha), named_id, now)? {
        let mut problem =
            Problem::localized(ErrorCode::CaptchaInvalid, problems::CAPTCHA_INVALID, &[]);
        problem.captcha_required = Some(true);
        problem.next_step = Some(NextStep::Recall);
        return Ok(Err(AppError::Problem(Box::new(problem))));
    }
    let limit = i32::try_from(settings.reset_disable_after_failures).unwrap_or(3);
    // A disabled account never matches, and walks the same ladder on the
    // same kind of counter as a name that matches no account: its answers
    // (the first one too, whatever strikes disabled it) cannot tell a
    // stranger that the username exists.
    let user = match named {
        Some(found) => {
            db::users::lock_row(conn, &found.id)?;
            db::users::find_by_id(conn, &found.id)?
        }
        None => None,
    };
    let user = match user {
        Some(user) if user.status != AccountStatus::Disabled => user,
        disabled => {
            let key = crypto::keyed_digest(
                identifier_key,
                &format!("reset\0{}", rules::username_key(&request.username)),
            );
            // The same window as an account's unknown-device ladder, so
            // waiting it out tells a real name from a made-up one no better.
            let expires = at + Duration::hours(devices::RESET_BLOCK_HOURS);
            let counted = db::throttle::reserve(conn, &key, "password_reset", limit, at, expires)?;
            audit(
                conn,
                "password_reset_failed",
                disabled.as_ref().map(|u| u.id.as_str()),
                meta,
                at,
                json!({"known_account": disabled.is_some()}),
            )?;
            return Ok(Err(match counted {
                Some(failures) if failures < limit => mismatch(failures, limit),
                _ => exceeded(settings),
            }));
        }
    };
    let ladder = devices::ladder_of(conn, &user.id, meta)?;
    if ladder == Ladder::UnknownDevices
        && db::throttle::current(conn, &devices::reset_key(&user.id), at)? >= limit
    {
        // Blocked for unknown devices: answered as a name at the end of its
        // ladder is. The right details still mail the owner a link (under
        // the hourly cap), so a stranger's block cannot keep the owner at a
        // new device from resetting; the answer does not say so.
        let mailed = matches(conn, &user, request)?
            && mail_link_capped(conn, settings, sealer, identifier_key, &user, now)?;
        audit(
            conn,
            "password_reset_failed",
            Some(&user.id),
            meta,
            at,
            json!({"unknown_device": true, "blocked": true, "mailed": mailed}),
        )?;
        return Ok(Err(exceeded(settings)));
    }
    if matches(conn, &user, request)? {
        db::users::clear_failed_resets(conn, &user.id, at)?;
        db::throttle::clear(conn, &devices::reset_key(&user.id))?;
        let mailed = mail_link_capped(conn, settings, sealer, identifier_key, &user, now)?;
        audit(
            conn,
            "password_reset_requested",
            Some(&user.id),
            meta,
            at,
            json!({"variant": "immtrac2", "mailed": mailed}),
        )?;
        return Ok(Ok(()));
    }
    if ladder == Ladder::UnknownDevices {
        return unknown_device_mismatch(conn, settings, sealer, &user, meta, now);
    }
    let failures = db::users::increment_failed_resets(conn, &user.id, at)?;
    audit(
        conn,
        "password_reset_failed",
        Some(&user.id),
        meta,
        at,
        json!({"failures": failures}),
    )?;
    if failures < limit {
        return Ok(Err(mismatch(failures, limit)));
    }
    db::users::disable(conn, &user.id, at)?;
    db::sessions::revoke_all_for_user_except(conn, &user.id, None, "account_disabled", at)?;
    audit(
        conn,
        "account_disabled",
        Some(&user.id),
        meta,
        at,
        json!({"reason": "reset_attempts"}),
    )?;
    Ok(Err(exceeded(settings)))
}

/// Whoever knows the details may ask again and again; the owner's mailbox
/// gets at most three links an hour (the answer stays the same). True when
/// a link was queued.
fn mail_link_capped(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    identifier_key: &[u8; 32],
    user: &UserRow,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let at = db::to_db_time(now);
    let key = crypto::keyed_digest(identifier_key, &format!("reset-link\0{}", user.id));
    let allowed = db::throttle::reserve(
        conn,
        &key,
        "reset_link",
        LINKS_PER_ACCOUNT_PER_HOUR,
        at,
        at + Duration::hours(1),
    )?
    .is_some();
    if allowed {
        queue_reset_link(conn, settings, sealer, user, now)?;
    }
    Ok(allowed)
}

/// A mismatch from a device the account never signed in from: counted on
/// the account's unknown-device ladder, whose end blocks resets from
/// unknown devices for 24 hours instead of disabling the account. The
/// answers are the familiar ladder's, word for word.
fn unknown_device_mismatch(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    user: &UserRow,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> CommitThenRefuse<()> {
    let at = db::to_db_time(now);
    let limit = i32::try_from(settings.reset_disable_after_failures).unwrap_or(3);
    let counted = db::throttle::reserve(
        conn,
        &devices::reset_key(&user.id),
        devices::RESET_SCOPE,
        limit,
        at,
        at + Duration::hours(devices::RESET_BLOCK_HOURS),
    )?;
    audit(
        conn,
        "password_reset_failed",
        Some(&user.id),
        meta,
        at,
        json!({"failures": counted, "unknown_device": true}),
    )?;
    match counted {
        Some(failures) if failures < limit => Ok(Err(mismatch(failures, limit))),
        Some(failures) => {
            audit(
                conn,
                "unknown_devices_blocked",
                Some(&user.id),
                meta,
                at,
                json!({"failures": failures, "ladder": "reset"}),
            )?;
            devices::queue_blocked_mail(
                conn,
                settings,
                sealer,
                user,
                devices::UnknownDeviceBlock::Reset,
                now,
            )?;
            Ok(Err(exceeded(settings)))
        }
        None => Ok(Err(exceeded(settings))),
    }
}

/// Org code (a membership), username and e-mail all belong together, and
/// the account can have a password.
fn matches(conn: &mut DbConn, user: &UserRow, request: &ForgotPasswordRequest) -> AppResult<bool> {
    let usable = user.status == AccountStatus::Active || user.status == AccountStatus::Locked;
    let same_email = user.email_key == rules::email_key(&request.email);
    let member = db::organizations::find_memberships_of_user(conn, &user.id)?
        .iter()
        .any(|(org, _)| org.org_code.eq_ignore_ascii_case(request.org_code.trim()));
    Ok(usable && same_email && member)
}

fn queue_reset_link(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    user: &UserRow,
    now: DateTime<Utc>,
) -> AppResult<()> {
    // The newest request wins: older links stop working.
    let token = reset_links::issue(
        conn,
        &user.id,
        ResetVariant::Immtrac2,
        settings.reset_link_ttl_secs,
        now,
    )?;
    let message = templates::immtrac2_reset_link(
        settings,
        super::mail_language(settings, user),
        &user.email,
        token.expose_secret(),
        link_hours(settings),
    );
    outbox::enqueue(
        conn,
        sealer,
        "password_reset",
        Some(&user.id),
        &message,
        now,
    )?;
    Ok(())
}

fn audit(
    conn: &mut DbConn,
    event_type: &str,
    user_id: Option<&str>,
    meta: &RequestMeta,
    at: chrono::NaiveDateTime,
    detail: serde_json::Value,
) -> AppResult<()> {
    meta.audit(conn, event_type, user_id, at, detail)
}
