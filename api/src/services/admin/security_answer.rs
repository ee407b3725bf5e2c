//! Checking a caller's security answer by phone: compared, never shown,
//! at most five checks an hour per account.

use iam_shared::dto::admin::VerifySecurityAnswerResponse;
use iam_shared::i18n::problems;
use iam_shared::{rules, ErrorCode};
use secrecy::SecretString;
use serde_json::json;

use super::find_user;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::services::RequestMeta;
use crate::state::AppState;

/// How often one account's security answer may be checked in an hour.
pub(super) const ANSWER_CHECKS_PER_HOUR: i32 = 5;

/// The stored answer of `user_id`, or why there is none to compare.
pub(super) fn stored_answer(conn: &mut DbConn, user_id: &str) -> AppResult<String> {
    find_user(conn, user_id)?
        .security_answer_hash
        .ok_or_else(|| AppError::text(ErrorCode::Conflict, problems::NO_SECURITY_ANSWER))
}

/// `POST /admin/users/{id}/verify-security-answer`: compare what a caller
/// said with the stored answer (argon2id, off the request threads). The
/// answer itself never leaves the server; each check is audited, matched
/// or not, so guessing through support leaves a trail.
pub async fn verify_security_answer(
    state: &AppState,
    staff_id: String,
    user_id: String,
    answer: SecretString,
    meta: RequestMeta,
) -> AppResult<VerifySecurityAnswerResponse> {
    let lookup = user_id.clone();
    let lang = meta.reply_lang();
    let now = db::to_db_time(state.clock.now());
    let stored = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                let stored = stored_answer(conn, &lookup)?;
                // Each account's answer can be checked a few times an hour,
                // by all staff together: support is no guessing oracle.
                let key = format!("security-answer:{lookup}");
                let window_end = now + chrono::Duration::hours(1);
                match db::throttle::reserve(
                    conn,
                    &key,
                    "security_answer",
                    ANSWER_CHECKS_PER_HOUR,
                    now,
                    window_end,
                )? {
                    Some(_) => Ok(stored),
                    None => {
                        let ends = db::throttle::expires_at(conn, &key)?.unwrap_or(window_end);
                        Err(AppError::RateLimited {
                            retry_after_secs: u64::try_from((ends - now).num_seconds().max(1))
                                .unwrap_or(3600),
                        })
                    }
                }
            })
        })
        .await?;
    let key = SecretString::from(rules::security_answer_key(
        secrecy::ExposeSecret::expose_secret(&answer),
    ));
    let matched = state.hasher.verify(key, Some(stored)).await?;
    let at = db::to_db_time(state.clock.now());
    state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| {
                meta.audit_as(
                    conn,
                    "admin_security_answer_checked",
                    Some(&user_id),
                    Some(&staff_id),
                    at,
                    json!({"matched": matched}),
                )
            })
        })
        .await?;
    Ok(VerifySecurityAnswerResponse {
        matched,
        message: lang
            .text(if matched {
                problems::SECURITY_ANSWER_MATCHES
            } else {
                problems::SECURITY_ANSWER_DIFFERS
            })
            .to_owned(),
    })
}
