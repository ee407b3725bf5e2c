//! Passkeys and security keys (WebAuthn, docs/authenticators.md): adding
//! one to an account, and checking one at sign-in. `webauthn-rs` runs the
//! ceremonies; their state waits in `webauthn_challenges` between the two
//! requests (any instance may get the second), and is taken once.

use std::sync::Arc;

use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use iam_shared::dto::authenticators::{AuthenticatorView, PasskeyCeremony};
use iam_shared::i18n::problems;
use iam_shared::types::AuthenticatorKind;
use iam_shared::ErrorCode;
use secrecy::ExposeSecret as _;
use serde_json::json;
use webauthn_rs::prelude::{
    AuthenticationResult, Credential, DiscoverableAuthentication, Passkey, PasskeyAuthentication,
    PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential, Url, Uuid, Webauthn,
    WebauthnBuilder, WebauthnError,
};

use super::{not_found, tell_owner, view, MAX_PER_USER};
use crate::config::Settings;
use crate::crypto::seal::Sealer;
use crate::crypto::{random_token, token_digest};
use crate::db::authenticators::AuthenticatorRow;
use crate::db::models::UserRow;
use crate::db::sessions::SessionRow;
use crate::db::webauthn_challenges::{CeremonyPurpose, NewChallenge};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult, CommitThenRefuse};
use crate::services::sessions::require_fresh_sign_in;
use crate::services::RequestMeta;

/// How long a ceremony waits for the browser's answer.
pub const CEREMONY_TTL_SECS: i64 = 5 * 60;

/// The relying party: its id is the host of `IAM_PUBLIC_URL`, the only
/// origin accepted is that URL's. `None` when the host is an IP address,
/// which WebAuthn refuses as a relying-party id (passkeys are then off).
pub fn relying_party(settings: &Settings) -> Option<Webauthn> {
    let Some((origin, rp_id)) = origin_and_id(settings) else {
        tracing::warn!(public_url = %settings.public_base(), "passkeys are off: WebAuthn needs a host name, not an IP address, in IAM_PUBLIC_URL");
        return None;
    };
    WebauthnBuilder::new(&rp_id, &origin)
        .and_then(|builder| builder.rp_name(&settings.portal_name).build())
        .map_err(|e| tracing::warn!(error = %e, "passkeys are off: the relying party could not be set up"))
        .ok()
}

/// The public URL's origin and host name, the relying party's id (`None`
/// for an IP address).
fn origin_and_id(settings: &Settings) -> Option<(Url, String)> {
    let url = Url::parse(settings.public_base()).ok()?;
    let origin = Url::parse(&url.origin().ascii_serialization()).ok()?;
    let rp_id = origin.domain()?.to_owned();
    Some((origin, rp_id))
}

/// Can this server offer passkeys at all (a host name, not an IP address,
/// in `IAM_PUBLIC_URL`)?
pub fn available(settings: &Settings) -> bool {
    origin_and_id(settings).is_some()
}

/// Passkeys need a relying party (a host name in `IAM_PUBLIC_URL`): the
/// server's, to move into a blocking task.
pub fn require(webauthn: &Option<Arc<Webauthn>>) -> AppResult<Arc<Webauthn>> {
    webauthn
        .clone()
        .ok_or_else(|| AppError::text(ErrorCode::Conflict, problems::PASSKEYS_OFF))
}

fn unexpected(e: impl std::fmt::Display) -> AppError {
    AppError::Unexpected(anyhow::anyhow!("passkey: {e}"))
}

/// The credential the browser sent could not be read or was refused.
fn credential_refused() -> AppError {
    AppError::validation(std::collections::BTreeMap::from([(
        "credential".to_owned(),
        vec!["not_accepted".to_owned()],
    )]))
}

fn encode_id(raw: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

/// The user handle the authenticator keeps: the account's id (a random
/// UUID, nothing personal), so a username-less sign-in names the account.
fn user_handle(user: &UserRow) -> AppResult<Uuid> {
    Uuid::parse_str(&user.id).map_err(unexpected)
}

fn passkey_of(row: &AuthenticatorRow) -> AppResult<Passkey> {
    let stored = row
        .credential
        .as_deref()
        .ok_or_else(|| unexpected("a passkey without its credential"))?;
    serde_json::from_str(stored).map_err(unexpected)
}

fn passkeys_of(conn: &mut DbConn, user_id: &str) -> AppResult<Vec<(AuthenticatorRow, Passkey)>> {
    db::authenticators::of_user(conn, user_id)?
        .into_iter()
        .filter(|row| row.kind == AuthenticatorKind::Passkey && row.confirmed_at.is_some())
        .map(|row| passkey_of(&row).map(|key| (row, key)))
        .collect()
}

fn store_challenge(
    conn: &mut DbConn,
    id_hash: &str,
    purpose: CeremonyPurpose,
    user_id: Option<&str>,
    state: &impl serde::Serialize,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let state = serde_json::to_string(state).map_err(unexpected)?;
    db::webauthn_challenges::put(
        conn,
        &NewChallenge {
            id_hash,
            purpose,
            user_id,
            state: &state,
            expires_at: db::to_db_time(now + Duration::seconds(CEREMONY_TTL_SECS)),
        },
    )?;
    Ok(())
}

fn options_json(options: &impl serde::Serialize) -> AppResult<serde_json::Value> {
    serde_json::to_value(options).map_err(unexpected)
}

/// `POST /authenticators/passkey`: begin adding a passkey. Needs a whole
/// sign-in in the last five minutes, as an app does.
pub fn begin_registration(
    conn: &mut DbConn,
    webauthn: &Webauthn,
    session: &SessionRow,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<PasskeyCeremony> {
    let at = db::to_db_time(now);
    require_fresh_sign_in(session, at)?;
    super::require_sign_in_as_strong_as_methods(conn, session)?;
    let user = db::users::find_by_id(conn, &session.user_id)?.ok_or_else(not_found)?;
    let id = random_token();
    let options = db::transaction(conn, |conn| {
        begin_registration_for(
            conn,
            webauthn,
            &user,
            &token_digest(id.expose_secret()),
            meta,
            now,
        )
    })?;
    Ok(PasskeyCeremony {
        id: Some(id.expose_secret().to_owned()),
        options,
    })
}

/// A registration for `user`, its state kept under `key_hash`: the
/// creation options. Call inside a transaction.
pub(crate) fn begin_registration_for(
    conn: &mut DbConn,
    webauthn: &Webauthn,
    user: &UserRow,
    key_hash: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<serde_json::Value> {
    db::users::lock_row(conn, &user.id)?;
    if db::authenticators::of_user(conn, &user.id)?.len() >= MAX_PER_USER {
        return Err(super::too_many());
    }
    // The browser refuses to make a second passkey on an authenticator
    // that already holds one for this account.
    let exclude = passkeys_of(conn, &user.id)?
        .into_iter()
        .map(|(_, key)| key.cred_id().clone())
        .collect();
    let display_name = format!("{} {}", user.first_name, user.last_name);
    let (creation, registration) = webauthn
        .start_passkey_registration(
            user_handle(user)?,
            &user.username,
            display_name.trim(),
            Some(exclude),
        )
        .map_err(unexpected)?;
    let mut options = options_json(&creation)?;
    // A username-less sign-in needs the passkey kept on the
    // authenticator (a discoverable credential).
    if let Some(selection) = options.pointer_mut("/publicKey/authenticatorSelection") {
        selection["residentKey"] = json!("required");
        selection["requireResidentKey"] = json!(true);
    }
    store_challenge(
        conn,
        key_hash,
        CeremonyPurpose::Registration,
        Some(&user.id),
        &registration,
        now,
    )?;
    meta.audit(
        conn,
        "authenticator_setup_started",
        Some(&user.id),
        db::to_db_time(now),
        json!({"kind": "passkey"}),
    )?;
    Ok(options)
}

/// `POST /authenticators/passkey/{id}/confirm`: the browser made the
/// passkey; keep it under the name the user chose and tell the owner.
#[allow(clippy::too_many_arguments)]
pub fn finish_registration(
    conn: &mut DbConn,
    webauthn: &Webauthn,
    settings: &Settings,
    mail_sealer: &Sealer,
    session: &SessionRow,
    (ceremony_id, name, credential): (&str, &str, serde_json::Value),
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<AuthenticatorView> {
    require_fresh_sign_in(session, db::to_db_time(now))?;
    let user = db::users::find_by_id(conn, &session.user_id)?.ok_or_else(not_found)?;
    let credential = registration_credential(credential)?;
    // A refused answer spends the ceremony too (committed, then refused).
    let added = db::transaction(conn, |conn| {
        let ceremony = (token_digest(ceremony_id), name, &credential);
        finish_registration_for(
            conn,
            webauthn,
            (settings, mail_sealer),
            &user,
            ceremony,
            meta,
            now,
        )
    })??;
    Ok(added.0)
}

/// Finish `user`'s registration kept under `key_hash` with the browser's
/// credential: the passkey is kept, audited and announced to the owner.
/// Returns it and whether it is synced. Call inside a transaction; `Ok(Err)`
/// is a refusal after which the ceremony is spent.
pub(crate) fn finish_registration_for(
    conn: &mut DbConn,
    webauthn: &Webauthn,
    (settings, mail_sealer): (&Settings, &Sealer),
    user: &UserRow,
    (key_hash, name, credential): (String, &str, &RegisterPublicKeyCredential),
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> CommitThenRefuse<(AuthenticatorView, bool)> {
    let at = db::to_db_time(now);
    db::users::lock_row(conn, &user.id)?;
    let gone = || AppError::text(ErrorCode::TokenExpired, problems::PASSKEY_SETUP_GONE);
    let (owner, state) =
        db::webauthn_challenges::take(conn, &key_hash, CeremonyPurpose::Registration, at)?
            .ok_or_else(gone)?;
    // Another account's ceremony is no ceremony of this one.
    if owner.as_deref() != Some(user.id.as_str()) {
        return Err(gone());
    }
    let registration: PasskeyRegistration = serde_json::from_str(&state).map_err(unexpected)?;
    let passkey = match webauthn.finish_passkey_registration(credential, &registration) {
        Ok(passkey) => passkey,
        Err(e) => {
            tracing::info!(error = %e, "a passkey registration was refused");
            return Ok(Err(credential_refused()));
        }
    };
    let credential_id = encode_id(passkey.cred_id());
    if db::authenticators::find_by_credential_id(conn, &credential_id)?.is_some() {
        return Err(AppError::text(
            ErrorCode::Conflict,
            problems::PASSKEY_ALREADY_SET_UP,
        ));
    }
    if db::authenticators::of_user(conn, &user.id)?.len() >= MAX_PER_USER {
        return Err(super::too_many());
    }
    let synced = Credential::from(passkey.clone()).backup_eligible;
    let row = AuthenticatorRow {
        id: db::new_id(),
        user_id: user.id.clone(),
        kind: AuthenticatorKind::Passkey,
        name: name.trim().to_owned(),
        secret_sealed: None,
        last_used_step: None,
        created_at: at,
        confirmed_at: Some(at),
        last_used_at: None,
        credential_id: Some(credential_id),
        credential: Some(serde_json::to_string(&passkey).map_err(unexpected)?),
    };
    db::authenticators::insert(conn, &row)?;
    meta.audit(
        conn,
        "authenticator_added",
        Some(&user.id),
        at,
        json!({"authenticator_id": row.id, "kind": "passkey"}),
    )?;
    tell_owner(conn, settings, mail_sealer, user, &row.name, true, now)?;
    Ok(Ok((view(&row), synced)))
}

/// Read the browser's new credential (a 422 when it is not one).
pub(crate) fn registration_credential(
    credential: serde_json::Value,
) -> AppResult<RegisterPublicKeyCredential> {
    serde_json::from_value(credential).map_err(|_| credential_refused())
}

/// A passkey checked at sign-in: whose, and how it is kept.
pub struct VerifiedPasskey {
    pub user_id: String,
    pub authenticator_id: String,
    /// Backup eligible: synced between devices (`swk` rather than `hwk`).
    pub synced: bool,
}

/// Why an assertion was refused. The caller answers both the same way;
/// only the audit trail tells them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasskeyRefused {
    /// An unknown passkey, a bad signature, another origin.
    Refused,
    /// The account's passkey answered with a sign counter that did not go
    /// up: it may have been cloned.
    PossibleClone {
        user_id: String,
        authenticator_id: String,
    },
}

/// The refusal of an assertion webauthn-rs turned down; `presented`: the
/// stored passkey the answer named, if any.
fn refusal(error: &WebauthnError, presented: Option<&AuthenticatorRow>) -> PasskeyRefused {
    match (error, presented) {
        (WebauthnError::CredentialPossibleCompromise, Some(row)) => possible_clone(row),
        _ => {
            tracing::info!(%error, "a passkey assertion was refused");
            PasskeyRefused::Refused
        }
    }
}

fn possible_clone(row: &AuthenticatorRow) -> PasskeyRefused {
    tracing::warn!(authenticator_id = %row.id, "a passkey's sign counter went back: refused as a possible clone");
    PasskeyRefused::PossibleClone {
        user_id: row.user_id.clone(),
        authenticator_id: row.id.clone(),
    }
}

/// A sign counter that did not go up since the stored one (both counted):
/// the key may have been cloned. Checked against the row as it is now, not
/// the copy the challenge was made from.
fn counter_went_back(stored: &Passkey, result: &AuthenticationResult) -> bool {
    let stored = Credential::from(stored.clone()).counter;
    (result.counter() > 0 || stored > 0) && result.counter() <= stored
}

/// Keep what an assertion changed (sign counter, backup state) and when
/// the passkey was last used.
fn record_use(
    conn: &mut DbConn,
    row: &AuthenticatorRow,
    mut passkey: Passkey,
    result: &AuthenticationResult,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let changed = passkey.update_credential(result).unwrap_or(false);
    let stored = if changed {
        Some(serde_json::to_string(&passkey).map_err(unexpected)?)
    } else {
        None
    };
    db::authenticators::use_passkey(conn, &row.id, stored.as_deref(), db::to_db_time(now))?;
    Ok(())
}

/// A sign-in's passkey step, begun for a known user: the challenge lists
/// the user's passkeys and is kept under `id_hash` (the transaction's).
pub(crate) fn begin_for_user(
    conn: &mut DbConn,
    webauthn: &Webauthn,
    user_id: &str,
    id_hash: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<PasskeyCeremony>> {
    let keys: Vec<Passkey> = passkeys_of(conn, user_id)?
        .into_iter()
        .map(|(_, key)| key)
        .collect();
    if keys.is_empty() {
        return Ok(None);
    }
    let (request, authentication) = webauthn
        .start_passkey_authentication(&keys)
        .map_err(unexpected)?;
    store_challenge(
        conn,
        id_hash,
        CeremonyPurpose::SecondFactor,
        Some(user_id),
        &authentication,
        now,
    )?;
    Ok(Some(PasskeyCeremony {
        id: None,
        options: options_json(&request)?,
    }))
}

/// Check the answer to `begin_for_user`'s challenge. `Ok(Err(_))`: the
/// passkey was refused (the challenge is spent either way).
pub(crate) fn verify_for_user(
    conn: &mut DbConn,
    webauthn: &Webauthn,
    user_id: &str,
    id_hash: &str,
    credential: serde_json::Value,
    now: DateTime<Utc>,
) -> AppResult<Result<VerifiedPasskey, PasskeyRefused>> {
    let (_, state) = db::webauthn_challenges::take(
        conn,
        id_hash,
        CeremonyPurpose::SecondFactor,
        db::to_db_time(now),
    )?
    .ok_or_else(challenge_gone)?;
    let Ok(credential) = serde_json::from_value::<PublicKeyCredential>(credential) else {
        return Err(credential_refused());
    };
    let authentication: PasskeyAuthentication = serde_json::from_str(&state).map_err(unexpected)?;
    let passkeys = passkeys_of(conn, user_id)?;
    let result = match webauthn.finish_passkey_authentication(&credential, &authentication) {
        Ok(result) => result,
        Err(e) => {
            let presented = passkeys
                .iter()
                .find(|(_, key)| key.cred_id().as_slice() == credential.raw_id.as_slice());
            return Ok(Err(refusal(&e, presented.map(|(row, _)| row))));
        }
    };
    let Some((row, passkey)) = passkeys
        .into_iter()
        .find(|(_, key)| key.cred_id() == result.cred_id())
    else {
        return Ok(Err(PasskeyRefused::Refused));
    };
    if counter_went_back(&passkey, &result) {
        return Ok(Err(possible_clone(&row)));
    }
    record_use(conn, &row, passkey, &result, now)?;
    Ok(Ok(VerifiedPasskey {
        user_id: user_id.to_owned(),
        authenticator_id: row.id,
        synced: result.backup_eligible(),
    }))
}

/// The sign-in's passkey challenge is spent, expired or was never asked for.
pub fn challenge_gone() -> AppError {
    AppError::text(ErrorCode::TokenExpired, problems::PASSKEY_REQUEST_GONE)
}

/// `POST /signin/passkey/options`: a username-less sign-in, begun. The
/// challenge names no account: the browser offers the passkeys it holds.
pub fn begin_passwordless(
    conn: &mut DbConn,
    webauthn: &Webauthn,
    now: DateTime<Utc>,
) -> AppResult<PasskeyCeremony> {
    let (request, authentication) = webauthn
        .start_discoverable_authentication()
        .map_err(unexpected)?;
    let id = random_token();
    store_challenge(
        conn,
        &token_digest(id.expose_secret()),
        CeremonyPurpose::Passwordless,
        None,
        &authentication,
        now,
    )?;
    let mut options = options_json(&request)?;
    // The portal's button asks at once; a page that wants the browser's
    // autofill instead sets `mediation: "conditional"` itself.
    if let Some(object) = options.as_object_mut() {
        object.remove("mediation");
    }
    Ok(PasskeyCeremony {
        id: Some(id.expose_secret().to_owned()),
        options,
    })
}

/// Check a username-less sign-in's answer: the passkey names its account.
/// `Ok(Err(_))`: refused (an unknown passkey, one of a removed account, a
/// bad signature, a possible clone); the caller tells none of these apart.
pub fn verify_passwordless(
    conn: &mut DbConn,
    webauthn: &Webauthn,
    ceremony_id: &str,
    credential: serde_json::Value,
    now: DateTime<Utc>,
) -> AppResult<Result<VerifiedPasskey, PasskeyRefused>> {
    let (_, state) = db::webauthn_challenges::take(
        conn,
        &token_digest(ceremony_id),
        CeremonyPurpose::Passwordless,
        db::to_db_time(now),
    )?
    .ok_or_else(challenge_gone)?;
    let Ok(credential) = serde_json::from_value::<PublicKeyCredential>(credential) else {
        return Err(credential_refused());
    };
    let authentication: DiscoverableAuthentication =
        serde_json::from_str(&state).map_err(unexpected)?;
    let Ok((handle, raw_id)) = webauthn.identify_discoverable_authentication(&credential) else {
        return Ok(Err(PasskeyRefused::Refused));
    };
    // The account first (the lock order of every sign-in path): two uses
    // of one passkey at once then read and write its counter in turn.
    db::users::lock_row(conn, &handle.to_string())?;
    let Some(row) = db::authenticators::find_by_credential_id(conn, &encode_id(raw_id))? else {
        return Ok(Err(PasskeyRefused::Refused));
    };
    // The passkey must be the account's its user handle names.
    if row.kind != AuthenticatorKind::Passkey || row.user_id != handle.to_string() {
        return Ok(Err(PasskeyRefused::Refused));
    }
    let passkey = passkey_of(&row)?;
    let result =
        match webauthn.finish_discoverable_authentication_v2(&credential, authentication, &passkey)
        {
            Ok(result) => result,
            Err(e) => return Ok(Err(refusal(&e, Some(&row)))),
        };
    record_use(conn, &row, passkey, &result, now)?;
    Ok(Ok(VerifiedPasskey {
        user_id: row.user_id.clone(),
        authenticator_id: row.id,
        synced: result.backup_eligible(),
    }))
}
