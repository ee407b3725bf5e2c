//! Use cases. One public function is one use case and runs in one database
//! transaction; mail goes to the outbox inside that transaction.

pub mod access_requests;
pub mod accounts;
pub mod activation;
pub mod admin;
pub mod aua;
pub mod authenticators;
pub mod bulk_seed;
pub mod captcha;
pub mod dashboard;
pub mod demo;
pub mod dev_mail;
pub mod devices;
pub mod directory;
pub mod housekeeping;
pub mod import;
pub mod mask_domains;
pub mod oidc;
pub mod password_forgot;
pub mod password_recovery;
pub mod password_reset;
pub mod reset_links;
pub mod sessions;
pub mod signin;
pub mod username_recovery;

/// The staff member acting in the support console, as the services see
/// them (the routes' `auth::Staff` extractor makes one): the actor of the
/// audit trail, and whether an administrator.
#[derive(Debug, Clone)]
pub struct StaffMember {
    pub user_id: String,
    pub is_admin: bool,
}

/// Who made a request, for the audit trail.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The digest naming the browser's device cookie, when it carries a
    /// valid one (`device_cookie`); API clients have none.
    pub device: Option<String>,
    /// The language the request asks for (`Accept-Language`), when it
    /// names one the portal offers.
    pub lang: Option<iam_shared::i18n::Lang>,
}

/// The language of an e-mail to `user`: the account's own (that of its
/// last sign-in, or of the request it was made from) while the portal
/// still offers it, else English. Never the language of the request that
/// causes the mail: strangers can cause most of them (a lock, a code, a
/// reset), and must not choose what the owner reads.
pub(crate) fn mail_language(
    settings: &crate::config::Settings,
    user: &crate::db::models::UserRow,
) -> iam_shared::i18n::Lang {
    user.language
        .as_deref()
        .and_then(iam_shared::i18n::Lang::from_tag)
        .filter(|lang| settings.languages.contains(lang))
        .unwrap_or_default()
}

impl RequestMeta {
    /// The language the answer is written in: the one asked for, else English.
    pub fn reply_lang(&self) -> iam_shared::i18n::Lang {
        self.lang.unwrap_or_default()
    }

    /// A catalogue text for the answer, in the language asked for.
    pub fn reply(&self, msg: iam_shared::i18n::Msg, args: &[(&str, &str)]) -> String {
        msg.fill(self.reply_lang(), args)
    }

    /// Append an audit event by this caller; call inside the transaction of
    /// the action it records.
    pub(crate) fn audit(
        &self,
        conn: &mut crate::db::DbConn,
        event_type: &str,
        user_id: Option<&str>,
        at: chrono::NaiveDateTime,
        detail: serde_json::Value,
    ) -> crate::error::AppResult<()> {
        self.audit_as(conn, event_type, user_id, None, at, detail)
    }

    /// Append an audit event of an action `actor` (a staff member, say)
    /// took on `user_id`'s account.
    pub(crate) fn audit_as(
        &self,
        conn: &mut crate::db::DbConn,
        event_type: &str,
        user_id: Option<&str>,
        actor_id: Option<&str>,
        at: chrono::NaiveDateTime,
        detail: serde_json::Value,
    ) -> crate::error::AppResult<()> {
        crate::db::audit::create(
            conn,
            &crate::db::audit::AuditEvent {
                event_type,
                user_id,
                actor_id,
                ip: self.ip.as_deref(),
                user_agent: self.user_agent.as_deref(),
                detail,
            },
            at,
        )?;
        Ok(())
    }
}

/// Hold a public answer that queued an e-mail only if an account matched
/// until `Settings::mail_answer_floor_ms` after `started`, so the work of
/// queueing it does not show in the response time (checklist B8, C6;
/// measured by `make bench`, figures 6). Wall-clock time, not the
/// injectable clock: this is about what a stopwatch sees.
pub(crate) async fn answer_no_sooner(started: std::time::Instant, floor_ms: u64) {
    let due = started + std::time::Duration::from_millis(floor_ms);
    tokio::time::sleep_until(tokio::time::Instant::from_std(due)).await;
}

/// A disabled account's refusal at either door (seed 000): only Customer
/// Support re-enables it, so the text says how to reach them.
pub(crate) fn disabled_error(settings: &crate::config::Settings) -> crate::error::AppError {
    crate::error::AppError::text_with(
        iam_shared::ErrorCode::AccountDisabled,
        iam_shared::i18n::problems::ACCOUNT_DISABLED,
        &[
            ("app", settings.app_name.as_str()),
            ("phone", settings.customer_support_phone.as_str()),
            ("email", settings.customer_support_email.as_str()),
        ],
    )
}

/// What a refused one-time link says, in its flow's words.
pub(crate) struct LinkTexts {
    pub unknown: iam_shared::i18n::Msg,
    pub used: iam_shared::i18n::Msg,
    pub expired: iam_shared::i18n::Msg,
}

/// The row and account of a one-time link's token of `purpose`, if the link
/// can still be used; otherwise the refusal (404, or 410 `token_used` /
/// `token_expired`) in the link's own words.
pub(crate) fn usable_link(
    conn: &mut crate::db::DbConn,
    purpose: crate::db::tokens::TokenPurpose,
    token: &str,
    now: chrono::NaiveDateTime,
    texts: &LinkTexts,
) -> crate::error::AppResult<(
    crate::db::tokens::OneTimeTokenRow,
    crate::db::models::UserRow,
)> {
    use crate::error::AppError;
    use iam_shared::ErrorCode;
    let unknown = || AppError::text(ErrorCode::NotFound, texts.unknown);
    let row = crate::db::tokens::find_by_hash(conn, purpose, &crate::crypto::token_digest(token))?
        .ok_or_else(unknown)?;
    if row.consumed_at.is_some() {
        return Err(AppError::text(ErrorCode::TokenUsed, texts.used));
    }
    if row.expires_at <= now {
        return Err(AppError::text(ErrorCode::TokenExpired, texts.expired));
    }
    let user = row
        .user_id
        .as_deref()
        .map(|id| crate::db::users::find_by_id(conn, id))
        .transpose()?
        .flatten()
        .ok_or_else(unknown)?;
    Ok((row, user))
}

/// A new one-time token of `purpose` for the user, valid `ttl_secs`: older
/// unused tokens of that purpose are voided (the newest request wins) and
/// only the digest of the new one is stored. `subject` says which flow it
/// belongs to, where a purpose has several. Returns the token, to be
/// mailed once.
/// A one-time Report Suspicious Activity link's token for a notice of a
/// change to the account (a new password, a security method added or
/// removed), valid 7 days. Earlier notices' links keep working: each
/// e-mail can report its own change.
pub(crate) fn issue_report_link(
    conn: &mut crate::db::DbConn,
    user_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::error::AppResult<secrecy::SecretString> {
    use secrecy::ExposeSecret;
    let at = crate::db::to_db_time(now);
    let token = crate::crypto::random_token();
    crate::db::tokens::create(
        conn,
        &crate::db::models::NewOneTimeToken {
            id: &crate::db::new_id(),
            user_id: Some(user_id),
            purpose: crate::db::tokens::TokenPurpose::ReportSuspicious,
            token_hash: &crate::crypto::token_digest(token.expose_secret()),
            subject: None,
            created_at: at,
            expires_at: crate::db::to_db_time(now + chrono::Duration::days(7)),
        },
    )?;
    Ok(token)
}

pub(crate) fn issue_one_time_token(
    conn: &mut crate::db::DbConn,
    user_id: &str,
    purpose: crate::db::tokens::TokenPurpose,
    subject: Option<&str>,
    ttl_secs: u64,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::error::AppResult<secrecy::SecretString> {
    use secrecy::ExposeSecret;
    let at = crate::db::to_db_time(now);
    let token = crate::crypto::random_token();
    crate::db::tokens::consume_all_for_user(conn, user_id, purpose, at)?;
    crate::db::tokens::create(
        conn,
        &crate::db::models::NewOneTimeToken {
            id: &crate::db::new_id(),
            user_id: Some(user_id),
            purpose,
            token_hash: &crate::crypto::token_digest(token.expose_secret()),
            subject,
            created_at: at,
            expires_at: crate::db::to_db_time(now + crate::clock::seconds(ttl_secs)),
        },
    )?;
    Ok(token)
}
