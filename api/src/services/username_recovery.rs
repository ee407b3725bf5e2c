//! Forgot Username (docs/product.md §6).

use chrono::{DateTime, Duration, Utc};
use iam_shared::dto::username::UsernameRecoveryRequest;
use iam_shared::rules;

use super::RequestMeta;
use crate::config::Settings;
use crate::crypto;
use crate::db::{self, audit::AuditEvent, DbConn};
use crate::error::AppResult;
use crate::mail::{outbox, templates};

/// Requests per e-mail address per hour; beyond, nothing is sent (the
/// answer stays the same, so the limit reveals nothing either).
pub const REQUESTS_PER_ADDRESS_PER_HOUR: i32 = 3;

/// Queue the username reminder when first name, last name and e-mail match
/// (case-insensitive, trimmed), at most 3 an hour per address. Matching or
/// not, the caller answers the same.
pub fn recover_username(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &crate::crypto::seal::Sealer,
    identifier_key: &[u8; 32],
    request: &UsernameRecoveryRequest,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let first = request.first_name.trim().to_lowercase();
    let last = request.last_name.trim().to_lowercase();
    db::transaction(conn, |conn| {
        let at = db::to_db_time(now);
        // Every request counts against the address, matching or not.
        let key = crypto::keyed_digest(
            identifier_key,
            &format!("username-recovery\0{}", rules::email_key(&request.email)),
        );
        let within_limit = db::throttle::reserve(
            conn,
            &key,
            "username_recovery",
            REQUESTS_PER_ADDRESS_PER_HOUR,
            at,
            at + Duration::hours(1),
        )?
        .is_some();
        let matches: Vec<_> = db::users::find_by_email(conn, &request.email)?
            .into_iter()
            .filter(|u| u.first_name.to_lowercase() == first && u.last_name.to_lowercase() == last)
            .collect();
        if let Some(owner) = matches.first().filter(|_| within_limit) {
            let usernames: Vec<String> = matches.iter().map(|u| u.username.clone()).collect();
            let message = templates::username_reminder(
                settings,
                super::mail_language(settings, owner),
                &owner.email,
                &owner.first_name,
                &usernames,
            );
            outbox::enqueue(
                conn,
                sealer,
                "username_reminder",
                Some(&owner.id),
                &message,
                now,
            )?;
        }
        db::audit::create(
            conn,
            &AuditEvent {
                event_type: "username_recovery_requested",
                user_id: matches.first().map(|u| u.id.as_str()),
                ip: meta.ip.as_deref(),
                user_agent: meta.user_agent.as_deref(),
                detail: serde_json::json!({"matched_accounts": matches.len(), "throttled": !within_limit}),
                ..Default::default()
            },
            at,
        )?;
        Ok(())
    })
}
