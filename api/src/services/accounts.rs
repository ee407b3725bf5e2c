//! Organizations and accounts created by support (CLI now; admin API later).

use crate::db::tokens::TokenPurpose;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use iam_shared::i18n::problems;
use iam_shared::rules;
use iam_shared::types::{AccountStatus, MembershipRole, UserType};
use iam_shared::ErrorCode;
use rand::Rng;
use secrecy::ExposeSecret;

use crate::config::Settings;
use crate::crypto::seal::Sealer;
use crate::db::{self, audit::AuditEvent, models::NewUser, DbConn};
use crate::domain::username::external_username;
use crate::error::{AppError, AppResult};
use crate::mail::{outbox, templates};

/// What support types to create an account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub user_type: UserType,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// Organizations by org code, with the role in each.
    pub memberships: Vec<(String, MembershipRole)>,
    /// An initial password (demo data and imports); `None` sends the
    /// Welcome e-mail with an activation link instead.
    pub password_hash: Option<String>,
    /// A fixed username (demo data); external users otherwise get a generated one.
    pub username: Option<String>,
    /// The language of the request the account comes from: its Welcome
    /// e-mail's, until the owner signs in with one.
    pub language: Option<iam_shared::i18n::Lang>,
}

/// The created account.
#[derive(Debug, Clone)]
pub struct CreatedAccount {
    pub user_id: String,
    pub username: String,
}

fn field_error(field: &str, code: &str) -> AppError {
    AppError::validation(BTreeMap::from([(field.to_owned(), vec![code.to_owned()])]))
}

/// Create an organization with a unique org code (stored upper case).
pub fn create_organization(
    conn: &mut DbConn,
    org_code: &str,
    name: &str,
    actor: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let code = org_code.trim().to_uppercase();
    if !rules::is_valid_org_code(&code) {
        return Err(field_error("org_code", "invalid_org_code"));
    }
    if !rules::is_valid_organization_name(name) {
        return Err(field_error("name", "invalid_name"));
    }
    db::transaction(conn, |conn| {
        insert_organization(conn, &code, name, actor, now)
    })
}

/// Create an organization inside the caller's transaction (`code` checked,
/// upper case).
pub(crate) fn insert_organization(
    conn: &mut DbConn,
    code: &str,
    name: &str,
    actor: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<String> {
    if db::organizations::find_by_code(conn, code)?.is_some() {
        return Err(AppError::text_with(
            ErrorCode::Conflict,
            problems::ORG_CODE_TAKEN,
            &[("code", code)],
        ));
    }
    let id = db::new_id();
    let at = db::to_db_time(now);
    db::organizations::create(conn, &id, code, name.trim(), at)?;
    db::audit::create(
        conn,
        &AuditEvent {
            event_type: "organization_created",
            actor_id: actor,
            detail: serde_json::json!({"org_code": code}),
            ..Default::default()
        },
        at,
    )?;
    Ok(id)
}

/// Pick a free 2-4-2 username.
fn free_external_username(conn: &mut DbConn, first: &str, last: &str) -> AppResult<String> {
    let mut rng = rand::thread_rng();
    for _ in 0..100 {
        let candidate = external_username(first, last, rng.gen_range(0..10_000));
        if !db::users::is_username_taken(conn, &candidate)? {
            return Ok(candidate);
        }
    }
    Err(AppError::text(
        ErrorCode::Conflict,
        problems::NO_FREE_USERNAME,
    ))
}

/// Create an account. Without a password it is `pending_activation` and a
/// "Welcome to IAMOnline" e-mail with a 7-day activation link is queued in
/// the same transaction, so a mail outage never loses it.
pub fn create_account(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    account: &NewAccount,
    actor: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<CreatedAccount> {
    let email = account.email.trim();
    let mut errors = BTreeMap::new();
    if !rules::is_valid_name(&account.first_name) {
        errors.insert("first_name".to_owned(), vec!["invalid_name".to_owned()]);
    }
    if !rules::is_valid_name(&account.last_name) {
        errors.insert("last_name".to_owned(), vec!["invalid_name".to_owned()]);
    }
    if !rules::is_plausible_email(email) {
        errors.insert("email".to_owned(), vec!["invalid_email".to_owned()]);
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    db::transaction(conn, |conn| {
        insert_account(conn, settings, sealer, account, actor, now)
    })
}

/// Create a checked account inside the caller's transaction (an approval
/// creates it with the decision).
pub(crate) fn insert_account(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    account: &NewAccount,
    actor: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<CreatedAccount> {
    let email = account.email.trim();
    let (first, last) = (account.first_name.trim(), account.last_name.trim());
    let mut organizations = Vec::new();
    for (code, role) in &account.memberships {
        match db::organizations::find_by_code(conn, code)? {
            Some(org) => organizations.push((org.id, *role)),
            None => return Err(field_error("organizations", "unknown_org_code")),
        }
    }
    let username = match (&account.username, account.user_type) {
        (Some(fixed), _) => fixed.trim().to_owned(),
        (None, UserType::External) => free_external_username(conn, first, last)?,
        (None, UserType::CentralOffice | UserType::Citizen) => email.to_owned(),
    };
    if db::users::is_username_taken(conn, &username)? {
        return Err(AppError::text(
            ErrorCode::Conflict,
            problems::USERNAME_TAKEN,
        ));
    }

    let id = db::new_id();
    let at = db::to_db_time(now);
    let status = if account.password_hash.is_some() {
        AccountStatus::Active
    } else {
        AccountStatus::PendingActivation
    };
    let stamp = db::new_id();
    db::users::create(
        conn,
        &NewUser {
            id: &id,
            username: &username,
            username_key: &rules::username_key(&username),
            user_type: account.user_type,
            first_name: first,
            last_name: last,
            email,
            email_key: &rules::email_key(email),
            phone: None,
            status,
            password_hash: account.password_hash.as_deref(),
            security_stamp: &stamp,
            created_at: at,
            updated_at: at,
            language: account.language.map(|l| l.tag()),
        },
    )?;
    for (org_id, role) in &organizations {
        db::organizations::add_member(conn, &id, org_id, *role, at)?;
    }
    if account.password_hash.is_none() {
        // A citizen typed their own name, or a stranger typed it for someone
        // else's address: the Welcome e-mail does not repeat it.
        let greeted = if account.user_type == UserType::Citizen {
            ""
        } else {
            first
        };
        let lang = account.language.unwrap_or_default();
        queue_activation(
            conn, settings, sealer, &id, email, greeted, &username, lang, now,
        )?;
    }
    db::audit::create(
        conn,
        &AuditEvent {
            event_type: "account_created",
            user_id: Some(&id),
            actor_id: actor,
            detail: serde_json::json!({"user_type": account.user_type.as_str(), "organizations": account.memberships.len()}),
            ..Default::default()
        },
        at,
    )?;
    Ok(CreatedAccount {
        user_id: id,
        username,
    })
}

/// Void older activation links, store a new one (hashed) and queue the Welcome e-mail.
#[expect(
    clippy::too_many_arguments,
    reason = "the Welcome e-mail's parts; a struct would only rename them"
)]
pub(crate) fn queue_activation(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    user_id: &str,
    email: &str,
    first_name: &str,
    username: &str,
    lang: iam_shared::i18n::Lang,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let token = super::issue_one_time_token(
        conn,
        user_id,
        TokenPurpose::Activation,
        None,
        settings.activation_ttl_secs,
        now,
    )?;
    let days = settings.activation_ttl_secs.div_ceil(86_400);
    let message = templates::welcome(
        settings,
        lang,
        email,
        first_name,
        username,
        token.expose_secret(),
        days,
    );
    outbox::enqueue(conn, sealer, "welcome", Some(user_id), &message, now)?;
    Ok(())
}
