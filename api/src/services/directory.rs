//! Central office accounts as the agency directory describes them
//! (docs/directory.md): created at a person's first directory sign-in
//! (just in time), refreshed at each one, their memberships following the
//! directory's groups, and ended when the directory no longer has them.

use chrono::NaiveDateTime;
use iam_shared::i18n::problems;
use iam_shared::rules;
use iam_shared::types::{AccountStatus, MembershipRole, UserType};
use serde_json::json;

use crate::config::Settings;
use crate::db::models::{NewUser, UserRow};
use crate::db::users::DirectorySync;
use crate::db::{self, DbConn};
use crate::directory::DirectoryPerson;
use crate::error::{AppError, AppResult, CommitThenRefuse};
use crate::services::RequestMeta;

/// The answer to setting or resetting the password of a directory account.
pub fn password_elsewhere() -> AppError {
    AppError::text(
        iam_shared::ErrorCode::DirectoryAccount,
        problems::PASSWORD_ELSEWHERE,
    )
}

/// The answer when the directory does not answer.
pub fn unavailable() -> AppError {
    AppError::text(
        iam_shared::ErrorCode::DirectoryUnavailable,
        problems::DIRECTORY_UNAVAILABLE,
    )
}

/// Whether `groups` make their holder support staff or an administrator
/// anywhere (`ldap_group_roles`).
pub fn grants_staff(settings: &Settings, groups: &[String]) -> bool {
    settings
        .ldap_group_roles()
        .memberships(groups)
        .iter()
        .any(|(_, role)| matches!(role, MembershipRole::Support | MembershipRole::Admin))
}

/// Support links `user`, an account of the portal's own, to `person`'s
/// entry: from now on it signs in with the network password (its portal
/// password is dropped), and its names, address and memberships follow the
/// directory. The entry must carry the account's own address, and be
/// nobody else's. Everything that signed in as the account before (its
/// sessions, sign-ins in progress, familiar browsers, passkeys and apps)
/// ends: it may belong to whoever held the address before. Answers the
/// counts, for the audit trail.
pub fn link(
    conn: &mut DbConn,
    settings: &Settings,
    user: &UserRow,
    person: &DirectoryPerson,
    meta: &RequestMeta,
    at: NaiveDateTime,
) -> AppResult<serde_json::Value> {
    if rules::email_key(&person.email) != user.email_key {
        return Err(AppError::text(
            iam_shared::ErrorCode::Conflict,
            problems::DIRECTORY_OTHER_ADDRESS,
        ));
    }
    match db::users::find_by_directory_dn(conn, &person.dn)? {
        Some(holder) if !same_entry(&holder, person) => retire_replaced(conn, &holder, meta, at)?,
        Some(_) => {
            return Err(AppError::text(
                iam_shared::ErrorCode::Conflict,
                problems::DIRECTORY_ENTRY_TAKEN,
            ))
        }
        None => {}
    }
    db::users::set_directory_dn(conn, &user.id, &person.dn)?;
    let sessions =
        db::sessions::revoke_all_for_user_except(conn, &user.id, None, "directory_linked", at)?;
    let devices = db::devices::forget_all_except(conn, &user.id, None)?;
    let methods = crate::services::authenticators::remove_all(conn, &user.id)?;
    db::users::set_security_stamp(conn, &user.id, &db::new_id())?;
    if user.status == AccountStatus::PendingActivation {
        // The directory vouches for the person: nothing is left to activate.
        db::users::reactivate(conn, &user.id, AccountStatus::Active, at)?;
    }
    // All or nothing: a refusal here undoes the link.
    sync_account(conn, settings, person, meta, at)??;
    Ok(json!({
        "sessions_revoked": sessions,
        "devices_forgotten": devices,
        "authenticators_removed": methods,
    }))
}

/// The longest address kept from the directory.
const EMAIL_MAX_CHARS: usize = 254;

/// The longest name kept from the directory.
const NAME_MAX_CHARS: usize = 100;

/// The portal account of a person the directory just verified: the one
/// linked to their entry, else a new one (just in time). An account that
/// already holds their address but is not linked is never taken over: an
/// address can be reused for someone else, so support links it. The
/// account's attributes and memberships are the directory's from now on.
/// A refusal (the inner error) comes after what it audited is written:
/// the caller commits, then refuses.
pub fn sync_account(
    conn: &mut DbConn,
    settings: &Settings,
    person: &DirectoryPerson,
    meta: &RequestMeta,
    at: NaiveDateTime,
) -> CommitThenRefuse<UserRow> {
    if !rules::is_plausible_email(&person.email) || person.email.chars().count() > EMAIL_MAX_CHARS {
        tracing::warn!(dn = %person.dn, "a directory entry without a usable e-mail address");
        return Ok(Err(AppError::text(
            iam_shared::ErrorCode::Conflict,
            problems::DIRECTORY_NO_ADDRESS,
        )));
    }
    let (first_name, last_name) = names(person);
    let phone = person
        .phone
        .as_deref()
        .filter(|phone| rules::is_valid_phone(phone));
    let sync = DirectorySync {
        entry_id: person.entry_id.as_deref(),
        dn: &person.dn,
        first_name: &first_name,
        last_name: &last_name,
        email: &person.email,
        phone,
    };
    let linked = match db::users::find_by_directory_dn(conn, &person.dn)? {
        Some(user) if !same_entry(&user, person) => {
            retire_replaced(conn, &user, meta, at)?;
            None
        }
        linked => linked,
    };
    let id = match linked {
        Some(user) => user.id,
        None => match create_account(conn, person, &sync, meta, at)? {
            Some(id) => id,
            // Another sign-in of the same person created it a moment ago
            // (its transaction committed before this insert gave way).
            None => match db::users::find_by_directory_dn(conn, &person.dn)? {
                Some(user) => user.id,
                None => return Ok(Err(link_required(conn, person, meta, at)?)),
            },
        },
    };
    db::users::lock_row(conn, &id)?;
    db::users::sync_from_directory(conn, &id, &sync, at)?;
    // The directory vouches for the address.
    db::users::mark_email_verified(conn, &id, at)?;
    sync_memberships(conn, settings, &id, &person.groups, meta, at)?;
    Ok(Ok(
        db::users::find_by_id(conn, &id)?.ok_or_else(AppError::not_found)?
    ))
}

/// Whether `person` is the entry `user` was linked to: the DN can be the
/// same for someone else (deleted, then made again), the entry's id not.
/// An account from before entry ids were kept, or a directory that does
/// not show them, is taken at its DN.
fn same_entry(user: &UserRow, person: &DirectoryPerson) -> bool {
    match (&user.directory_entry_id, &person.entry_id) {
        (Some(linked), Some(now)) => linked == now,
        _ => true,
    }
}

/// The account of an entry that was deleted (its DN now names someone
/// else) lets go of the DN and is disabled; its sessions end. Audited.
fn retire_replaced(
    conn: &mut DbConn,
    user: &UserRow,
    meta: &RequestMeta,
    at: NaiveDateTime,
) -> AppResult<()> {
    db::users::lock_row(conn, &user.id)?;
    db::users::detach_from_directory(conn, &user.id, at)?;
    let ended = db::sessions::revoke_all_for_user_except(
        conn,
        &user.id,
        None,
        "directory_entry_replaced",
        at,
    )?;
    meta.audit(
        conn,
        "directory_entry_replaced",
        Some(&user.id),
        at,
        json!({"dn": user.directory_dn, "sessions_revoked": ended}),
    )
}

/// A new account for a person the portal does not know yet; `None` when an
/// account already holds their address as its username (one being created
/// by a concurrent sign-in of theirs included: the insert gives way, it
/// does not fail).
fn create_account(
    conn: &mut DbConn,
    person: &DirectoryPerson,
    sync: &DirectorySync<'_>,
    meta: &RequestMeta,
    at: NaiveDateTime,
) -> AppResult<Option<String>> {
    if db::users::is_username_taken(conn, &person.email)? {
        return Ok(None);
    }
    let id = db::new_id();
    let created = db::users::create_unless_taken(
        conn,
        &NewUser {
            id: &id,
            username: &person.email,
            username_key: &rules::username_key(&person.email),
            user_type: UserType::CentralOffice,
            first_name: sync.first_name,
            last_name: sync.last_name,
            email: &person.email,
            email_key: &rules::email_key(&person.email),
            phone: sync.phone,
            status: AccountStatus::Active,
            password_hash: None,
            security_stamp: &db::new_id(),
            created_at: at,
            updated_at: at,
            language: None,
        },
    )?;
    if !created {
        return Ok(None);
    }
    meta.audit(
        conn,
        "directory_account_created",
        Some(&id),
        at,
        json!({"groups": person.groups}),
    )?;
    Ok(Some(id))
}

/// An account of the portal's own holds the person's address: it is never
/// taken over by address (support links it), so the sign-in is refused and
/// the clash audited.
fn link_required(
    conn: &mut DbConn,
    person: &DirectoryPerson,
    meta: &RequestMeta,
    at: NaiveDateTime,
) -> AppResult<AppError> {
    meta.audit(
        conn,
        "directory_link_required",
        None,
        at,
        json!({"dn": person.dn}),
    )?;
    Ok(AppError::text(
        iam_shared::ErrorCode::Conflict,
        problems::DIRECTORY_LINK_REQUIRED,
    ))
}

/// Memberships in the organizations `ldap_group_roles` manages follow the
/// groups: granted, changed or withdrawn. Others are support's to keep.
fn sync_memberships(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    groups: &[String],
    meta: &RequestMeta,
    at: NaiveDateTime,
) -> AppResult<()> {
    let mapping = settings.ldap_group_roles();
    let granted = mapping.memberships(groups);
    let held = db::organizations::find_memberships_of_user(conn, user_id)?;
    let mut changes = Vec::new();
    for code in mapping.organizations() {
        let Some(org) = db::organizations::find_by_code(conn, &code)? else {
            tracing::warn!(org_code = %code, "ldap_group_roles names an organization that does not exist");
            continue;
        };
        let now_held = held
            .iter()
            .find(|(o, _)| o.id == org.id)
            .map(|(_, m)| m.role);
        let wanted = granted.iter().find(|(c, _)| *c == code).map(|(_, r)| *r);
        match (now_held, wanted) {
            (held, Some(role)) if held != Some(role) => {
                db::organizations::set_member_role(conn, user_id, &org.id, role, at)?;
                changes.push(json!({"org_code": code, "role": role.as_str()}));
            }
            (Some(_), None) => {
                db::organizations::remove_member(conn, user_id, &org.id)?;
                changes.push(json!({"org_code": code, "role": null}));
            }
            _ => {}
        }
    }
    if !changes.is_empty() {
        meta.audit(
            conn,
            "directory_roles_synced",
            Some(user_id),
            at,
            json!({"changes": changes}),
        )?;
    }
    Ok(())
}

/// The person's names as the portal keeps them: the directory's, within
/// the portal's length, or the address's local part if it has none.
fn names(person: &DirectoryPerson) -> (String, String) {
    let clip = |name: &str| name.trim().chars().take(NAME_MAX_CHARS).collect::<String>();
    let local = person.email.split('@').next().unwrap_or_default();
    let first = Some(clip(&person.given_name))
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| clip(local));
    let last = Some(clip(&person.surname))
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "-".to_owned());
    (first, last)
}

/// A sign-in of a directory account that did not go through the directory
/// (a passkey alone): the directory is asked now. Gone from it (removed,
/// disabled, locked), or unasked for longer than `ldap_max_unchecked_secs`
/// while it does not answer, the sign-in is refused.
pub async fn recheck_before_signin(
    state: &crate::state::AppState,
    user: &UserRow,
    meta: &RequestMeta,
) -> AppResult<()> {
    let (Some(directory), Some(dn)) = (state.directory.clone(), user.directory_dn.clone()) else {
        return Ok(());
    };
    let refusal = match directory.person(&dn).await {
        Ok(Some(person)) if same_entry(user, &person) => return Ok(()),
        // Gone, or its DN now names someone else.
        Ok(_) => {
            let refusal = crate::domain::directory::DirectoryRefusal::Disabled;
            AppError::text(refusal.code(), refusal.message())
        }
        Err(error) => {
            if !unchecked_too_long(&state.settings, user, state.clock.now()) {
                tracing::warn!(%error, "a directory account signed in with a passkey, unchecked");
                return Ok(());
            }
            unavailable()
        }
    };
    let (user_id, meta, at) = (
        user.id.clone(),
        meta.clone(),
        db::to_db_time(state.clock.now()),
    );
    let gone = refusal.code() == iam_shared::ErrorCode::DirectoryAccountDisabled;
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                // The sign-in that got this far ends here.
                db::signin::end_pending_for_user(conn, &user_id, at)?;
                if gone {
                    meta.audit(
                        conn,
                        "directory_account_gone",
                        Some(&user_id),
                        at,
                        json!({"at": "passkey_signin"}),
                    )?;
                }
                Ok::<_, AppError>(())
            })
        })
        .await?;
    Err(refusal)
}

/// Whether `user`, a directory account, was last checked by the directory
/// too long ago to be let in unchecked (`ldap_max_unchecked_secs`).
fn unchecked_too_long(
    settings: &Settings,
    user: &UserRow,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    let limit = settings.ldap_max_unchecked_secs;
    let last_checked = user.directory_synced_at.unwrap_or(user.created_at);
    limit > 0 && db::to_db_time(now) - last_checked > crate::clock::seconds(limit)
}

/// Why support cannot link `user` to the directory, if it cannot (whoever
/// asks): already linked, not central office, or disabled.
pub fn link_refusal(user: &UserRow) -> Option<iam_shared::i18n::Msg> {
    if user.is_directory_account() {
        Some(problems::ALREADY_LINKED)
    } else if user.user_type != UserType::CentralOffice {
        Some(problems::NOT_CENTRAL_OFFICE)
    } else if user.status == AccountStatus::Disabled {
        Some(problems::ENABLE_FIRST)
    } else {
        None
    }
}

/// Before a session's tokens are refreshed (every few minutes): the
/// directory is asked about a directory account. Gone from it (removed,
/// disabled, locked), the account's sessions end, so the refresh that
/// follows is refused; still there, its attributes and memberships are
/// refreshed. A directory that does not answer changes nothing for
/// `ldap_max_unchecked_secs` after the last check (an outage must not sign
/// everyone out); after that the refresh is refused until it answers.
pub async fn recheck_before_refresh(
    state: &crate::state::AppState,
    refresh_token: &str,
    meta: &RequestMeta,
) -> AppResult<()> {
    let Some(directory) = state.directory.clone() else {
        return Ok(());
    };
    let digest = crate::crypto::token_digest(refresh_token);
    let account = state
        .db
        .run(move |conn| {
            let Some(stored) = db::sessions::find_refresh_token(conn, &digest)? else {
                return Ok::<_, AppError>(None);
            };
            Ok(db::sessions::find_with_user(conn, &stored.session_id)?
                .map(|(_, user)| user)
                .filter(UserRow::is_directory_account))
        })
        .await?;
    let Some(user) = account else {
        return Ok(());
    };
    let dn = user.directory_dn.clone().unwrap_or_default();
    let person = match directory.person(&dn).await {
        Ok(person) => person.filter(|person| same_entry(&user, person)),
        Err(error) => {
            if unchecked_too_long(&state.settings, &user, state.clock.now()) {
                // Someone removed during a long outage must not keep access
                // for its length: the refresh waits for the directory (the
                // session itself stays, for when it answers).
                tracing::warn!(%error, "a directory account's session waits for the directory");
                return Err(unavailable());
            }
            tracing::warn!(%error, "a directory account's session was refreshed unchecked");
            return Ok(());
        }
    };
    let (settings, meta, at) = (
        state.settings.clone(),
        meta.clone(),
        db::to_db_time(state.clock.now()),
    );
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| match person {
                Some(person) => sync_account(conn, &settings, &person, &meta, at)?.map(drop),
                None => {
                    let ended = db::sessions::revoke_all_for_user_except(
                        conn,
                        &user.id,
                        None,
                        "directory_account_gone",
                        at,
                    )?;
                    meta.audit(
                        conn,
                        "directory_account_gone",
                        Some(&user.id),
                        at,
                        json!({"sessions_revoked": ended}),
                    )
                }
            })
        })
        .await
}
