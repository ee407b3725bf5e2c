//! Sessions (docs/product.md §3.3): issue at the end of a sign-in, rotate refresh
//! tokens with reuse detection, check every protected request against the
//! stored session, log out, list and revoke devices, choose the organization.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use iam_shared::dto::session::ReauthenticatedResponse;
use iam_shared::i18n::problems;
use iam_shared::types::AccountStatus;
use iam_shared::ErrorCode;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

use super::RequestMeta;
use crate::auth::access_token::{self, AccessClaims, TokenSubject};
use crate::auth::keys::SigningKeys;
use crate::clock::{rfc3339, seconds};
use crate::config::Settings;
use crate::crypto;
use crate::db::models::UserRow;
use crate::db::sessions::{NewSession, RefreshTokenRow, SessionRow};
use crate::db::{self, DbConn};
use crate::domain::ladder::Door;
use crate::error::{AppError, AppResult, CommitThenRefuse};

mod manage;

pub use manage::{
    choose_language, choose_organization, describe, list, organizations_of, revoke_one,
    revoke_others, user_summary,
};

iam_shared::wire_enum! {
    /// How the client holds its refresh token.
    Channel {
        /// The browser app: an HttpOnly cookie, and the idle timeout applies
        /// unless the person chose "Keep me signed in".
        Web = "web",
        /// API clients: the token travels in JSON bodies.
        Api = "api",
    }
}

/// Tokens handed to the client.
#[derive(Debug)]
pub struct IssuedTokens {
    pub session_id: String,
    pub access_token: String,
    pub expires_in: u64,
    pub refresh_token: SecretString,
    pub channel: Channel,
    /// A persistent cookie ("Keep me signed in") or a browser-session one.
    pub keep_signed_in: bool,
    pub refresh_expires_at: DateTime<Utc>,
}

/// What a new session is for.
#[derive(Debug, Clone)]
pub struct SessionStart<'a> {
    pub user_id: &'a str,
    pub organization_id: Option<&'a str>,
    pub keep_signed_in: bool,
    pub channel: Channel,
    /// The door the sign-in came through.
    pub door: Door,
    /// What proved the second factor, if anything: the session's `amr`.
    pub second_factor: crate::domain::signin::SecondFactor,
}

fn unauthenticated() -> AppError {
    AppError::text(ErrorCode::Unauthenticated, problems::SESSION_ENDED)
}

/// Start a session; call inside the transaction that completes the sign-in.
pub fn create(
    conn: &mut DbConn,
    settings: &Settings,
    keys: &SigningKeys,
    start: &SessionStart<'_>,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<IssuedTokens> {
    let id = db::new_id();
    let at = db::to_db_time(now);
    let lifetime = if start.keep_signed_in {
        settings.keep_signed_in_ttl_secs
    } else {
        settings.refresh_token_ttl_secs
    };
    let expires_at = now + seconds(lifetime);
    db::sessions::create(
        conn,
        &NewSession {
            id: &id,
            user_id: start.user_id,
            active_organization_id: start.organization_id,
            keep_signed_in: start.keep_signed_in,
            channel: start.channel,
            door: start.door,
            ip: meta.ip.as_deref(),
            user_agent: meta.user_agent.as_deref(),
            created_at: at,
            last_seen_at: at,
            expires_at: db::to_db_time(expires_at),
            authenticated_at: Some(at),
            amr: start.second_factor.amr(),
        },
    )?;
    let refresh_token = new_refresh_token(conn, &id, at, db::to_db_time(expires_at))?;
    db::users::record_sign_in(conn, start.user_id, at, meta.lang.map(|l| l.tag()))?;
    audit(
        conn,
        "session_started",
        start.user_id,
        &id,
        meta,
        at,
        json!({"door": start.door.as_str(), "channel": start.channel.as_str(), "keep_signed_in": start.keep_signed_in}),
    )?;
    Ok(IssuedTokens {
        access_token: access_token::issue(
            keys,
            settings,
            TokenSubject {
                user_id: start.user_id,
                session_id: &id,
                generation: 0,
                amr: start.second_factor.amr(),
            },
            super::aua::valid_until(conn, settings, start.user_id, now)?,
            now,
        )
        .map_err(anyhow::Error::from)?,
        session_id: id,
        expires_in: settings.access_token_ttl_secs,
        refresh_token,
        channel: start.channel,
        keep_signed_in: start.keep_signed_in,
        refresh_expires_at: expires_at,
    })
}

fn new_refresh_token(
    conn: &mut DbConn,
    session_id: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> AppResult<SecretString> {
    let token = crypto::random_token();
    db::sessions::create_refresh_token(
        conn,
        &db::new_id(),
        session_id,
        &crypto::token_digest(token.expose_secret()),
        now,
        expires_at,
    )?;
    Ok(token)
}

/// Whether the session still admits its holder at `now` (see
/// `live_problem`); an idle one is left to the portal's own refresh to
/// record.
pub fn is_live(settings: &Settings, session: &SessionRow, now: NaiveDateTime) -> bool {
    live_problem(settings, session, now).is_none()
}

/// Is the session live at `now`: not revoked, not past its end, and (for
/// the browser without "Keep me signed in") used within the idle timeout?
/// With KMSI the person asked to stay signed in on this device: idleness is
/// bounded only by the session's own 30-day end.
fn live_problem(
    settings: &Settings,
    session: &SessionRow,
    now: NaiveDateTime,
) -> Option<SessionEnd> {
    if session.revoked_at.is_some() {
        return Some(SessionEnd::Revoked);
    }
    if session.expires_at <= now {
        return Some(SessionEnd::Expired);
    }
    let idle = now - session.last_seen_at;
    let idle_applies = session.channel == Channel::Web && !session.keep_signed_in;
    if idle_applies && idle > seconds(settings.idle_timeout_secs) {
        return Some(SessionEnd::IdleTimeout);
    }
    None
}

/// Why a stored session no longer admits its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SessionEnd {
    Revoked,
    Expired,
    /// Found idle now: recorded as revoked, so a later use is refused
    /// even if the clock or the settings change.
    IdleTimeout,
}

/// A disabled account's sessions end at once. A locked one's go on: the
/// lock stops guessing at the door, and the owner may be the one signed in.
fn account_admits_sessions(user: &UserRow) -> bool {
    matches!(user.status, AccountStatus::Active | AccountStatus::Locked)
}

/// Trade a refresh token for new tokens, in one transaction. The presented
/// token is spent; presenting a spent token again (after the grace period)
/// revokes the whole session (it was stolen, or the thief already used
/// it). Returns `Ok(Err)` for refusals so the revocation commits.
pub fn refresh(
    conn: &mut DbConn,
    settings: &Settings,
    keys: &SigningKeys,
    token: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> CommitThenRefuse<IssuedTokens> {
    db::transaction(conn, |conn| {
        refresh_in(conn, settings, keys, token, meta, now)
    })
}

fn refresh_in(
    conn: &mut DbConn,
    settings: &Settings,
    keys: &SigningKeys,
    token: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> CommitThenRefuse<IssuedTokens> {
    let at = db::to_db_time(now);
    let Some(stored) = db::sessions::find_refresh_token(conn, &crypto::token_digest(token))? else {
        return Ok(Err(unauthenticated()));
    };
    let Some((session, user)) = db::sessions::find_with_user(conn, &stored.session_id)? else {
        return Ok(Err(unauthenticated()));
    };
    let rotated_here =
        stored.rotated_at.is_none() && db::sessions::rotate_refresh_token(conn, &stored.id, at)?;
    // No `rotated_at` in our copy: a concurrent request rotated it just now.
    let since_rotation = at - stored.rotated_at.unwrap_or(at);
    let graced =
        !rotated_here && within_grace(conn, settings, &stored, &session, since_rotation, at)?;
    if !rotated_here && !graced {
        if db::sessions::revoke(conn, &session.id, "refresh_token_reuse", at)? {
            audit(
                conn,
                "session_refresh_reuse",
                &session.user_id,
                &session.id,
                meta,
                at,
                json!({}),
            )?;
        }
        return Ok(Err(unauthenticated()));
    }
    if let Some(reason) = live_problem(settings, &session, at) {
        if reason == SessionEnd::IdleTimeout {
            db::sessions::revoke(conn, &session.id, "idle_timeout", at)?;
        }
        return Ok(Err(unauthenticated()));
    }
    if !account_admits_sessions(&user) {
        return Ok(Err(unauthenticated()));
    }
    if graced {
        // The successor it was traded for never arrived: it is spent, so
        // one chain of tokens lives on.
        let spent = db::sessions::spend_refresh_tokens(conn, &session.id, at)?;
        audit(
            conn,
            "session_refresh_grace",
            &session.user_id,
            &session.id,
            meta,
            at,
            json!({"refresh_token_id": stored.id, "seconds_since_rotation": since_rotation.num_seconds(), "successors_spent": spent}),
        )?;
    }
    db::sessions::touch(conn, &session.id, at)?;
    let refresh_token = new_refresh_token(conn, &session.id, at, session.expires_at)?;
    let channel = session.channel;
    Ok(Ok(IssuedTokens {
        access_token: access_token::issue(
            keys,
            settings,
            TokenSubject {
                user_id: &session.user_id,
                session_id: &session.id,
                generation: session.token_generation,
                amr: &session.amr,
            },
            super::aua::valid_until(conn, settings, &session.user_id, now)?,
            now,
        )
        .map_err(anyhow::Error::from)?,
        expires_in: settings.access_token_ttl_secs,
        refresh_token,
        channel,
        keep_signed_in: session.keep_signed_in,
        refresh_expires_at: session.expires_at.and_utc(),
        session_id: session.id,
    }))
}

/// A spent refresh token presented again: is it the browser's own race (a
/// page left while its refresh was in flight never got the new cookie)
/// rather than a replay? Only for the browser app, only within
/// `refresh_reuse_grace_secs` of the rotation, and only once per token;
/// anything else is reuse.
fn within_grace(
    conn: &mut DbConn,
    settings: &Settings,
    stored: &RefreshTokenRow,
    session: &SessionRow,
    since_rotation: Duration,
    at: NaiveDateTime,
) -> AppResult<bool> {
    let grace = seconds(settings.refresh_reuse_grace_secs);
    let eligible = settings.refresh_reuse_grace_secs > 0
        && session.channel == Channel::Web
        && since_rotation <= grace;
    Ok(eligible && db::sessions::use_refresh_grace(conn, &stored.id, at)?)
}

/// The check every protected request makes after the token's signature:
/// its session must still be live in the database, so a logout or a
/// revocation takes effect on the next request, not at token expiry.
///
/// Returns the session and its account, read together.
pub fn authenticate(
    conn: &mut DbConn,
    settings: &Settings,
    claims: &AccessClaims,
    now: DateTime<Utc>,
) -> AppResult<(SessionRow, UserRow)> {
    let at = db::to_db_time(now);
    let (session, user) = db::sessions::find_with_user(conn, &claims.sid)?
        .filter(|(s, _)| s.user_id == claims.sub && s.token_generation == claims.sgen)
        .ok_or_else(unauthenticated)?;
    if live_problem(settings, &session, at).is_some() || !account_admits_sessions(&user) {
        return Err(unauthenticated());
    }
    // One write a minute at most keeps the idle clock without a write per request.
    if at - session.last_seen_at > Duration::seconds(60) {
        db::sessions::touch(conn, &session.id, at)?;
    }
    Ok((session, user))
}

/// Log out: revoke this session.
pub fn logout(
    conn: &mut DbConn,
    session: &SessionRow,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<()> {
    db::transaction(conn, |conn| logout_within(conn, session, meta, now))
}

/// [`logout`] inside the caller's transaction (an application's sign-out
/// request, which is answered in the same one).
pub(crate) fn logout_within(
    conn: &mut DbConn,
    session: &SessionRow,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let at = db::to_db_time(now);
    db::sessions::revoke(conn, &session.id, "logout", at)?;
    audit(
        conn,
        "logout",
        &session.user_id,
        &session.id,
        meta,
        at,
        json!({}),
    )
}

/// How long a sign-in (or the password typed again) counts as recent for
/// actions that need one: ending other sessions.
pub const RECENT_AUTHENTICATION_SECS: u64 = 5 * 60;

/// Did the person prove who they are in this session within the last five
/// minutes?
fn recently_authenticated(session: &SessionRow, now: NaiveDateTime) -> bool {
    let proved = session.authenticated_at.unwrap_or(session.created_at);
    now - proved <= seconds(RECENT_AUTHENTICATION_SECS)
}

/// Refuse an action that needs the whole sign-in (password and second
/// factor) in the last five minutes: typing the password again is not
/// enough, or a stolen access token and the password could plant a second
/// factor of their own.
pub fn require_fresh_sign_in(session: &SessionRow, now: NaiveDateTime) -> AppResult<()> {
    if now - session.created_at <= seconds(RECENT_AUTHENTICATION_SECS) {
        Ok(())
    } else {
        Err(AppError::text(
            ErrorCode::ReauthenticationRequired,
            problems::SIGN_IN_AGAIN,
        ))
    }
}

/// The password was confirmed again (`signin::confirm_password`): the
/// session counts as recently signed in for five minutes and its token
/// generation moves on, so every access token issued before (a copy
/// included) stops working; the caller gets a new one (ASVS V7.2.4). The
/// refresh token is not renewed here: minting one would turn a stolen
/// access token and the password into a whole session without the e-mail
/// code.
fn mark_reauthenticated(
    conn: &mut DbConn,
    settings: &Settings,
    keys: &SigningKeys,
    session: &SessionRow,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let at = db::to_db_time(now);
    db::transaction(conn, |conn| {
        // Of two confirmations at once, one wins; the other's token is dead.
        let generation =
            db::sessions::reauthenticated(conn, session, at)?.ok_or_else(unauthenticated)?;
        audit(
            conn,
            "session_reauthenticated",
            &session.user_id,
            &session.id,
            meta,
            at,
            json!({"token_generation": generation}),
        )?;
        Ok(access_token::issue(
            keys,
            settings,
            TokenSubject {
                user_id: &session.user_id,
                session_id: &session.id,
                generation,
                amr: &session.amr,
            },
            super::aua::valid_until(conn, settings, &session.user_id, now)?,
            now,
        )
        .map_err(anyhow::Error::from)?)
    })
}

/// `POST /session/reauthenticate`, once the password was confirmed
/// (`signin::reauthenticate`): the session counts as recently signed in and
/// the answer carries its new access token.
pub(crate) fn reauthenticated(
    conn: &mut DbConn,
    settings: &Settings,
    keys: &SigningKeys,
    session: &SessionRow,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<ReauthenticatedResponse> {
    Ok(ReauthenticatedResponse {
        access_token: mark_reauthenticated(conn, settings, keys, session, meta, now)?,
        recent_until: rfc3339(db::to_db_time(now + seconds(RECENT_AUTHENTICATION_SECS))),
        token_type: "Bearer".into(),
        expires_in: settings.access_token_ttl_secs,
    })
}

fn audit(
    conn: &mut DbConn,
    event_type: &str,
    user_id: &str,
    session_id: &str,
    meta: &RequestMeta,
    at: NaiveDateTime,
    mut detail: serde_json::Value,
) -> AppResult<()> {
    if let Some(map) = detail.as_object_mut() {
        map.insert("session_id".into(), session_id.into());
    }
    meta.audit(conn, event_type, Some(user_id), at, detail)
}
