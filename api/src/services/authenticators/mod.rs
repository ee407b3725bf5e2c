//! Security methods (docs/authenticators.md): the authenticator apps and
//! passkeys a user sets up, names and removes, and the check of an app's
//! code at sign-in (passkeys: `passkeys`). A secret is sealed at rest and
//! never shown again after the set-up.

pub mod passkeys;

use chrono::{DateTime, Duration, Utc};
use iam_shared::dto::authenticators::{
    AuthenticatorListResponse, AuthenticatorView, TotpSetupResponse,
};
use iam_shared::i18n::problems;
use iam_shared::types::AuthenticatorKind;
use iam_shared::ErrorCode;
use rand::RngCore as _;
use secrecy::ExposeSecret as _;
use serde_json::json;

use crate::clock::rfc3339;
use crate::config::Settings;
use crate::crypto::seal::Sealer;
use crate::db::authenticators::AuthenticatorRow;
use crate::db::sessions::SessionRow;
use crate::db::{self, DbConn};
use crate::domain::policy::Assurance;
use crate::domain::totp::{TotpKey, SECRET_BYTES};
use crate::error::{AppError, AppResult};
use crate::mail::{outbox, templates};
use crate::services::sessions::require_fresh_sign_in;
use crate::services::RequestMeta;

/// How long a set-up waits for the app's first code.
pub const SETUP_TTL_SECS: i64 = 10 * 60;
/// Most authenticators one account may hold (set-ups included).
pub const MAX_PER_USER: usize = 10;

fn view(row: &AuthenticatorRow) -> AuthenticatorView {
    AuthenticatorView {
        id: row.id.clone(),
        kind: row.kind,
        name: row.name.clone(),
        phishing_resistant: row.kind == AuthenticatorKind::Passkey,
        created_at: rfc3339(row.created_at),
        last_used_at: row.last_used_at.map(rfc3339),
    }
}

fn too_many() -> AppError {
    AppError::text_with(
        ErrorCode::Conflict,
        problems::TOO_MANY_METHODS,
        &[("max", MAX_PER_USER.to_string().as_str())],
    )
}

fn not_found() -> AppError {
    AppError::text(ErrorCode::NotFound, problems::NO_SUCH_METHOD)
}

/// The key of an app's row, its secret opened.
fn key_of(
    row: &AuthenticatorRow,
    sealer: &Sealer,
    settings: &Settings,
    account: &str,
) -> AppResult<TotpKey> {
    let sealed = row
        .secret_sealed
        .as_deref()
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("an app without a secret")))?;
    let secret = sealer
        .open(sealed)
        .map_err(|e| AppError::Unexpected(e.into()))?;
    let bytes = hex::decode(secret).map_err(|e| AppError::Unexpected(e.into()))?;
    TotpKey::new(bytes, &settings.portal_name, account).map_err(|e| AppError::Unexpected(e.into()))
}

/// An account protected by an app or a passkey changes its methods only
/// from a sign-in that used one: with the e-mail code alone, whoever holds
/// the mailbox and the password could plant their own or take the owner's
/// away.
fn require_sign_in_as_strong_as_methods(conn: &mut DbConn, session: &SessionRow) -> AppResult<()> {
    let protected = db::authenticators::of_user(conn, &session.user_id)?
        .iter()
        .any(|row| row.confirmed_at.is_some());
    if protected && !session.amr.split_whitespace().any(|m| m == "mfa") {
        return Err(AppError::text(
            ErrorCode::ReauthenticationRequired,
            problems::SIGN_IN_WITH_STRONG_METHOD,
        ));
    }
    Ok(())
}

/// The methods a user set up (set-ups in progress are not listed).
pub fn views_of(conn: &mut DbConn, user_id: &str) -> AppResult<Vec<AuthenticatorView>> {
    Ok(db::authenticators::of_user(conn, user_id)?
        .iter()
        .filter(|row| row.confirmed_at.is_some())
        .map(view)
        .collect())
}

/// `GET /authenticators`.
pub fn list(conn: &mut DbConn, session: &SessionRow) -> AppResult<AuthenticatorListResponse> {
    Ok(AuthenticatorListResponse {
        authenticators: views_of(conn, &session.user_id)?,
    })
}

/// Support's reset (the owner lost their phone): every method goes, the
/// count of wrong codes starts again, and the owner is told by e-mail.
/// Returns how many were removed; call inside the action's transaction.
pub(crate) fn reset_all(
    conn: &mut DbConn,
    settings: &Settings,
    mail_sealer: &Sealer,
    user: &crate::db::models::UserRow,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let names: Vec<String> = db::authenticators::of_user(conn, &user.id)?
        .into_iter()
        .filter(|row| row.confirmed_at.is_some())
        .map(|row| row.name)
        .collect();
    let removed = remove_all(conn, &user.id)?;
    if !names.is_empty() {
        tell_owner(
            conn,
            settings,
            mail_sealer,
            user,
            &names.join(", "),
            false,
            now,
        )?;
    }
    Ok(removed)
}

/// Remove every method of a user and the count of their wrong app codes;
/// how many went. Support's reset and a report of suspicious activity.
pub(crate) fn remove_all(conn: &mut DbConn, user_id: &str) -> AppResult<usize> {
    let removed = db::authenticators::delete_all_of_user(conn, user_id)?;
    db::throttle::clear(conn, &crate::services::devices::app_code_key(user_id))?;
    Ok(removed)
}

/// `POST /authenticators/totp`: begin setting up an app. Needs a whole
/// sign-in in the last five minutes: a borrowed session, even with the
/// password, must not plant its own second factor.
pub fn begin_totp(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    session: &SessionRow,
    name: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<TotpSetupResponse> {
    require_fresh_sign_in(session, db::to_db_time(now))?;
    require_sign_in_as_strong_as_methods(conn, session)?;
    let user = db::users::find_by_id(conn, &session.user_id)?.ok_or_else(not_found)?;
    db::transaction(conn, |conn| {
        begin_totp_for(conn, settings, sealer, &user, name, meta, now)
    })
}

/// Begin setting up an app for `user` (from Security methods, or at "Set
/// up required" during a sign-in). Call inside a transaction.
pub(crate) fn begin_totp_for(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    user: &crate::db::models::UserRow,
    name: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<TotpSetupResponse> {
    let at = db::to_db_time(now);
    // Two set-ups at once count one after the other.
    db::users::lock_row(conn, &user.id)?;
    db::authenticators::purge_unconfirmed(conn, at - Duration::seconds(SETUP_TTL_SECS))?;
    if db::authenticators::of_user(conn, &user.id)?.len() >= MAX_PER_USER {
        return Err(too_many());
    }
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let sealed = sealer.seal(&hex::encode(&secret));
    let key = TotpKey::new(secret, &settings.portal_name, &user.username)
        .map_err(|e| AppError::Unexpected(e.into()))?;
    let id = db::new_id();
    db::authenticators::insert(
        conn,
        &AuthenticatorRow {
            id: id.clone(),
            user_id: user.id.clone(),
            kind: AuthenticatorKind::Totp,
            name: name.trim().to_owned(),
            secret_sealed: Some(sealed),
            last_used_step: None,
            created_at: at,
            confirmed_at: None,
            last_used_at: None,
            credential_id: None,
            credential: None,
        },
    )?;
    meta.audit(
        conn,
        "authenticator_setup_started",
        Some(&user.id),
        at,
        json!({"authenticator_id": id, "kind": "totp"}),
    )?;
    let uri = key.otpauth_uri();
    Ok(TotpSetupResponse {
        id,
        secret: key.secret_base32(),
        qr_svg: qr_svg(&uri)?,
        otpauth_uri: uri,
    })
}

/// The QR code of `text`, as an SVG document (drawn here, so the browser
/// bundle carries no encoder).
fn qr_svg(text: &str) -> AppResult<String> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| AppError::Unexpected(e.into()))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

/// `POST /authenticators/{id}/confirm`: the app's first code finishes the
/// set-up; the owner is told by e-mail.
#[allow(clippy::too_many_arguments)]
pub fn confirm_totp(
    conn: &mut DbConn,
    settings: &Settings,
    sealers: (&Sealer, &Sealer),
    session: &SessionRow,
    id: &str,
    code: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<AuthenticatorView> {
    let user = db::users::find_by_id(conn, &session.user_id)?.ok_or_else(not_found)?;
    db::transaction(conn, |conn| {
        confirm_totp_for(conn, settings, sealers, &user, (id, code), meta, now)
    })
}

/// Finish `user`'s app set-up `id` with its first code. Call inside a
/// transaction.
pub(crate) fn confirm_totp_for(
    conn: &mut DbConn,
    settings: &Settings,
    (authenticator_sealer, mail_sealer): (&Sealer, &Sealer),
    user: &crate::db::models::UserRow,
    (id, code): (&str, &str),
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<AuthenticatorView> {
    let at = db::to_db_time(now);
    let row = db::authenticators::find_of_user(conn, &user.id, id)?
        .filter(|row| row.confirmed_at.is_none())
        .filter(|row| at - row.created_at <= Duration::seconds(SETUP_TTL_SECS))
        .ok_or_else(|| AppError::text(ErrorCode::TokenExpired, problems::APP_SETUP_GONE))?;
    let key = key_of(&row, authenticator_sealer, settings, &user.username)?;
    let unix = u64::try_from(now.timestamp()).unwrap_or(0);
    // A field error, never 401: that would read as "signed out".
    let Some(step) = key.accept(code, unix, None) else {
        return Err(AppError::validation(std::collections::BTreeMap::from([(
            "code".to_owned(),
            vec!["incorrect".to_owned()],
        )])));
    };
    if !db::authenticators::confirm(conn, &row.id, step, at)? {
        return Err(AppError::text(
            ErrorCode::TokenExpired,
            problems::APP_SETUP_GONE,
        ));
    }
    meta.audit(
        conn,
        "authenticator_added",
        Some(&user.id),
        at,
        json!({"authenticator_id": row.id, "kind": "totp"}),
    )?;
    tell_owner(conn, settings, mail_sealer, user, &row.name, true, now)?;
    let confirmed =
        db::authenticators::find_of_user(conn, &user.id, &row.id)?.ok_or_else(not_found)?;
    Ok(view(&confirmed))
}

/// Mail the owner that a security method was added or removed, with a
/// one-time Report Suspicious Activity link.
fn tell_owner(
    conn: &mut DbConn,
    settings: &Settings,
    mail_sealer: &Sealer,
    user: &crate::db::models::UserRow,
    method: &str,
    added: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let report = super::issue_report_link(conn, &user.id, now)?;
    // The owner is signed in: the account holds their language.
    let lang = crate::services::mail_language(settings, user);
    let message = templates::security_method_changed(
        settings,
        lang,
        &user.email,
        &user.first_name,
        method,
        added,
        report.expose_secret(),
    );
    let kind = if added {
        "security_method_added"
    } else {
        "security_method_removed"
    };
    outbox::enqueue(conn, mail_sealer, kind, Some(&user.id), &message, now)?;
    Ok(())
}

/// `PATCH /authenticators/{id}`: a new name.
pub fn rename(
    conn: &mut DbConn,
    session: &SessionRow,
    id: &str,
    name: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<AuthenticatorView> {
    let at = db::to_db_time(now);
    db::transaction(conn, |conn| {
        let row = db::authenticators::find_of_user(conn, &session.user_id, id)?
            .filter(|row| row.confirmed_at.is_some())
            .ok_or_else(not_found)?;
        db::authenticators::rename(conn, &row.id, name.trim())?;
        meta.audit(
            conn,
            "authenticator_renamed",
            Some(&session.user_id),
            at,
            json!({"authenticator_id": row.id}),
        )?;
        Ok(view(&AuthenticatorRow {
            name: name.trim().to_owned(),
            ..row
        }))
    })
}

/// `DELETE /authenticators/{id}`: needs a whole sign-in in the last five
/// minutes, with an app or a passkey, and must leave the user able to
/// meet their policy; the owner is told by e-mail.
pub fn remove(
    conn: &mut DbConn,
    settings: &Settings,
    mail_sealer: &Sealer,
    session: &SessionRow,
    id: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let at = db::to_db_time(now);
    let user = db::users::find_by_id(conn, &session.user_id)?.ok_or_else(not_found)?;
    db::transaction(conn, |conn| {
        let row = db::authenticators::find_of_user(conn, &user.id, id)?
            .filter(|row| row.confirmed_at.is_some())
            .ok_or_else(not_found)?;
        require_fresh_sign_in(session, at)?;
        require_sign_in_as_strong_as_methods(conn, session)?;
        if !db::authenticators::delete(conn, &row.id)? {
            return Err(not_found());
        }
        // The user must still be able to meet their policy (the
        // transaction rolls the removal back otherwise).
        let (required, held) = requirement_of(conn, settings, &user.id)?;
        if !held.meet(required) {
            return Err(AppError::text(
                ErrorCode::Conflict,
                problems::METHOD_STILL_NEEDED,
            ));
        }
        meta.audit(
            conn,
            "authenticator_removed",
            Some(&user.id),
            at,
            json!({"authenticator_id": row.id, "kind": row.kind.as_str()}),
        )?;
        tell_owner(conn, settings, mail_sealer, &user, &row.name, false, now)?;
        Ok(())
    })
}

/// The methods a user holds that a policy can ask for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MethodsHeld {
    pub app: bool,
    pub passkey: bool,
}

impl MethodsHeld {
    /// Can the user meet `required` with what they hold (the e-mail code
    /// being everyone's)?
    pub const fn meet(self, required: Assurance) -> bool {
        match required {
            Assurance::Any => true,
            Assurance::Mfa => self.app || self.passkey,
            Assurance::PhishingResistant => self.passkey,
        }
    }
}

/// What the user's policy requires of a second factor (their roles' and
/// organizations'), and the methods they hold.
pub fn requirement_of(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
) -> AppResult<(Assurance, MethodsHeld)> {
    let memberships: Vec<(String, iam_shared::types::MembershipRole)> =
        db::organizations::find_memberships_of_user(conn, user_id)?
            .into_iter()
            .map(|(org, membership)| (org.org_code, membership.role))
            .collect();
    let required = settings.authenticator_policy().required(&memberships);
    let mut held = MethodsHeld::default();
    for row in db::authenticators::of_user(conn, user_id)? {
        if row.confirmed_at.is_some() {
            match row.kind {
                AuthenticatorKind::Totp => held.app = true,
                AuthenticatorKind::Passkey => held.passkey = true,
            }
        }
    }
    Ok((required, held))
}

/// Check an app's code at sign-in against the user's apps: `true` when one
/// of them shows it now, for a step none has accepted before (recorded, so
/// the code cannot be used again).
pub(crate) fn accept_app_code(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    user: &crate::db::models::UserRow,
    code: &str,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let unix = u64::try_from(now.timestamp()).unwrap_or(0);
    let at = db::to_db_time(now);
    for row in db::authenticators::of_user(conn, &user.id)? {
        if row.kind != AuthenticatorKind::Totp || row.confirmed_at.is_none() {
            continue;
        }
        // A secret that no longer opens (a lost or replaced key) fails this
        // app alone, never the sign-in with another.
        let key = match key_of(&row, sealer, settings, &user.username) {
            Ok(key) => key,
            Err(failure) => {
                tracing::error!(authenticator_id = %row.id, error = %failure, "an authenticator app's secret does not open");
                continue;
            }
        };
        if let Some(step) = key.accept(code, unix, row.last_used_step) {
            // Of two requests with one code, one records the step.
            if db::authenticators::use_step(conn, &row.id, step, at)? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}
