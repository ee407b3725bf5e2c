//! Familiar devices (issue 15, point 9; docs/security.md, "Lockout that
//! strangers cannot abuse"). A browser that completed a sign-in to an
//! account is familiar to that account. Failures from a familiar browser
//! walk the seed's ladders on the account's own counters (6 passwords lock
//! the account, 3 ImmTrac2 reset mismatches disable it); failures from any
//! other browser or API client walk a second pair of ladders, kept in
//! `throttle_counters`, whose end only blocks unknown devices. A stranger
//! can therefore never lock the owner out of their own browser.

use chrono::{DateTime, NaiveDateTime, Utc};
use iam_shared::dto::session::FamiliarDeviceSummary;
use iam_shared::i18n::problems;
use iam_shared::ErrorCode;
use secrecy::SecretString;

use super::RequestMeta;
use crate::clock::rfc3339;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// `throttle_counters` scope of failed passwords from unknown devices.
pub(crate) const SIGNIN_SCOPE: &str = "signin_unknown_device";
/// `throttle_counters` scope of ImmTrac2 reset mismatches from unknown devices.
pub(crate) const RESET_SCOPE: &str = "reset_unknown_device";

/// How long three reset mismatches from unknown devices block resets from
/// unknown devices (the same for a username that matches no account).
pub(crate) const RESET_BLOCK_HOURS: i64 = 24;

/// Which ladder a failure from this request walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ladder {
    /// The account's own counter: the browser signed in to it before.
    Familiar,
    /// The counter of every other browser and API client.
    UnknownDevices,
}

/// The counter key of failed passwords from unknown devices.
pub(crate) fn signin_key(user_id: &str) -> String {
    format!("{SIGNIN_SCOPE}:{user_id}")
}

/// The counter scope of wrong authenticator-app codes.
pub(crate) const APP_CODE_SCOPE: &str = "app_code";

/// The counter key of an account's wrong authenticator-app codes, from any
/// device. The password does not reset it (someone who knows the password
/// could otherwise guess codes for ever between two sign-ins); a right code,
/// a password reset or support's unlock does.
pub(crate) fn app_code_key(user_id: &str) -> String {
    format!("{APP_CODE_SCOPE}:{user_id}")
}

/// The one-shot marker that a ladder's block was mailed to the owner: it
/// lives as long as the block and goes when the block is cleared.
pub(crate) fn blocked_mail_marker(key: &str) -> String {
    format!("{key}:mailed")
}

/// The counter key of reset mismatches from unknown devices.
pub(crate) fn reset_key(user_id: &str) -> String {
    format!("{RESET_SCOPE}:{user_id}")
}

/// The ladder this request walks for `user_id`.
pub(crate) fn ladder_of(conn: &mut DbConn, user_id: &str, meta: &RequestMeta) -> AppResult<Ladder> {
    let familiar = match &meta.device {
        Some(device) => db::devices::is_familiar(conn, user_id, device)?,
        None => false,
    };
    Ok(if familiar {
        Ladder::Familiar
    } else {
        Ladder::UnknownDevices
    })
}

/// Both unknown-device ladders start again (a new password makes the
/// guesses moot; support cleared them).
pub(crate) fn clear_blocks(conn: &mut DbConn, user_id: &str) -> AppResult<()> {
    for key in [signin_key(user_id), reset_key(user_id)] {
        db::throttle::clear(conn, &blocked_mail_marker(&key))?;
        db::throttle::clear(conn, &key)?;
    }
    db::throttle::clear(conn, &app_code_key(user_id))?;
    Ok(())
}

pub(crate) use crate::mail::templates::UnknownDeviceBlockKind as UnknownDeviceBlock;

/// An unknown-device ladder reached its end: the owner gets one e-mail
/// (the reservation that reaches the end is the only one that calls this).
pub(crate) fn queue_blocked_mail(
    conn: &mut DbConn,
    settings: &crate::config::Settings,
    sealer: &crate::crypto::seal::Sealer,
    user: &crate::db::models::UserRow,
    block: UnknownDeviceBlock,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let message = crate::mail::templates::unknown_devices_blocked(
        settings,
        super::mail_language(settings, user),
        &user.email,
        &user.first_name,
        block,
    );
    crate::mail::outbox::enqueue(
        conn,
        sealer,
        "unknown_devices_blocked",
        Some(&user.id),
        &message,
        now,
    )?;
    Ok(())
}

/// One unknown-device ladder as the support console shows it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct UnknownDeviceCount {
    pub failures: i32,
    /// Set while the ladder's end blocks unknown devices.
    pub blocked_until: Option<NaiveDateTime>,
}

fn count(
    conn: &mut DbConn,
    key: &str,
    limit: u32,
    now: NaiveDateTime,
) -> AppResult<UnknownDeviceCount> {
    let failures = db::throttle::current(conn, key, now)?;
    let blocked = u32::try_from(failures).unwrap_or(0) >= limit;
    let blocked_until = if blocked {
        db::throttle::expires_at(conn, key)?
    } else {
        None
    };
    Ok(UnknownDeviceCount {
        failures,
        blocked_until,
    })
}

/// The sign-in and reset ladders of unknown devices for one account.
pub(crate) fn counts(
    conn: &mut DbConn,
    settings: &crate::config::Settings,
    user_id: &str,
    now: NaiveDateTime,
) -> AppResult<(UnknownDeviceCount, UnknownDeviceCount)> {
    Ok((
        count(
            conn,
            &signin_key(user_id),
            settings.lock_after_failures,
            now,
        )?,
        count(
            conn,
            &reset_key(user_id),
            settings.reset_disable_after_failures,
            now,
        )?,
    ))
}

/// A session was issued to a browser: its device becomes (or stays)
/// familiar to the account. Returns the browser's new device cookie: the
/// secret is renewed at every sign-in (its rows for other accounts follow
/// it), so a browser in use never ages out, and a cookie planted before the
/// sign-in is worthless after it.
pub(crate) fn remember_signin(
    conn: &mut DbConn,
    identifier_key: &[u8; 32],
    user_id: &str,
    meta: &RequestMeta,
    at: NaiveDateTime,
) -> AppResult<SecretString> {
    let (cookie, device) = crate::device_cookie::issue(identifier_key);
    if let Some(old) = &meta.device {
        db::devices::rekey(conn, old, &device)?;
    }
    db::devices::remember(
        conn,
        &db::devices::Sighting {
            user_id,
            device_hash: &device,
            ip: meta.ip.as_deref(),
            user_agent: meta.user_agent.as_deref(),
            at,
        },
    )?;
    Ok(cookie)
}

/// The signed-in user's familiar devices (listed with their sessions).
pub(crate) fn list(
    conn: &mut DbConn,
    user_id: &str,
    meta: &RequestMeta,
) -> AppResult<Vec<FamiliarDeviceSummary>> {
    Ok(db::devices::list_for_user(conn, user_id)?
        .into_iter()
        .map(|row| FamiliarDeviceSummary {
            current: meta.device.as_deref() == Some(row.device_hash.as_str()),
            id: row.id,
            ip: row.ip,
            user_agent: row.user_agent,
            created_at: rfc3339(row.created_at),
            last_seen_at: rfc3339(row.last_seen_at),
        })
        .collect())
}

/// `DELETE /devices/{id}`: the device is no longer familiar to the account
/// (its failures walk the unknown-device ladder from now on).
pub async fn forget(
    state: &AppState,
    user_id: String,
    device_id: String,
    meta: RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<()> {
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                if !db::devices::forget(conn, &user_id, &device_id)? {
                    return Err(AppError::text(
                        ErrorCode::NotFound,
                        problems::NO_SUCH_DEVICE,
                    ));
                }
                meta.audit(
                    conn,
                    "device_forgotten",
                    Some(&user_id),
                    db::to_db_time(now),
                    serde_json::json!({"device_id": device_id}),
                )
            })
        })
        .await
}
