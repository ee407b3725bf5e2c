//! Password reset links (docs/product.md §5): one-time tokens of purpose
//! `password_reset`, each recording the flow it belongs to, since an
//! IAMOnline reset signs the person in and an ImmTrac2 one does not. Every
//! flow that mails one (the lock e-mail, both Forgot Password variants,
//! support's "Require a new password") issues it here.

use crate::db::tokens::TokenPurpose;
use iam_shared::dto::password::ResetVariant;
use secrecy::SecretString;

use crate::db::tokens::OneTimeTokenRow;
use crate::db::DbConn;
use crate::error::AppResult;

/// How a reset token records its flow (`one_time_tokens.subject`).
pub fn variant_subject(variant: ResetVariant) -> &'static str {
    match variant {
        ResetVariant::Immtrac2 => "immtrac2",
        ResetVariant::Iamonline => "iamonline",
    }
}

/// The flow of a reset token; tokens without one are ImmTrac2's (they do
/// not sign anyone in).
pub fn variant_of(row: &OneTimeTokenRow) -> ResetVariant {
    if row.subject.as_deref() == Some(variant_subject(ResetVariant::Iamonline)) {
        ResetVariant::Iamonline
    } else {
        ResetVariant::Immtrac2
    }
}

/// A new reset link's token for the user, valid `ttl_secs`; older links of
/// the account stop working (the newest request wins). Mail it once.
pub(crate) fn issue(
    conn: &mut DbConn,
    user_id: &str,
    variant: ResetVariant,
    ttl_secs: u64,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<SecretString> {
    super::issue_one_time_token(
        conn,
        user_id,
        TokenPurpose::PasswordReset,
        Some(variant_subject(variant)),
        ttl_secs,
        now,
    )
}
