//! The support console (docs/product.md §9): find and inspect accounts, act on them,
//! read the audit trail and export acceptance evidence. Callers are staff
//! ([`super::StaffMember`]); every action is audited with the staff member
//! as its actor, in the transaction of the action.

mod actions;
mod evidence;
mod security_answer;
mod users;

pub use actions::{act, link_to_directory, AdminAction};
pub use evidence::{audit_page, evidence_csv};
pub use security_answer::verify_security_answer;
pub use users::{create_user, search_users, view_user};

use iam_shared::dto::admin::{AdminUserSummary, AuditEventView, DeliveryState, MailDelivery};
use iam_shared::i18n::problems;
use iam_shared::types::MembershipRole;
use iam_shared::ErrorCode;

use crate::clock::rfc3339;
use crate::db::models::{AuditEventRow, OutboxRow, UserRow};
use crate::db::outbox::OutboxStatus;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

/// How many events and e-mails a user's timeline shows.
const TIMELINE_ITEMS: i64 = 50;

fn summary(user: &UserRow) -> AdminUserSummary {
    AdminUserSummary {
        id: user.id.clone(),
        username: user.username.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        email: user.email.clone(),
        user_type: user.user_type,
        status: user.status,
        last_login_at: user.last_login_at.map(rfc3339),
        directory_account: user.is_directory_account(),
    }
}

fn event_view(row: AuditEventRow) -> AuditEventView {
    AuditEventView {
        id: row.id,
        occurred_at: rfc3339(row.occurred_at),
        event_type: row.event_type,
        user_id: row.user_id,
        actor_id: row.actor_id,
        ip: row.ip,
        user_agent: row.user_agent,
        detail: serde_json::from_str(&row.detail).unwrap_or(serde_json::Value::Null),
    }
}

/// The outbox's states in the words of the timeline: a message being
/// sent for the first time is still queued; after a failed attempt it is
/// retrying until it is sent or given up.
fn delivery_state(row: &OutboxRow) -> DeliveryState {
    match row.status {
        OutboxStatus::Sent => DeliveryState::Sent,
        OutboxStatus::Failed => DeliveryState::Failed,
        OutboxStatus::Retrying => DeliveryState::Retrying,
        OutboxStatus::Queued | OutboxStatus::Sending if row.attempts > 0 => DeliveryState::Retrying,
        OutboxStatus::Queued | OutboxStatus::Sending => DeliveryState::Queued,
    }
}

fn delivery(row: OutboxRow) -> MailDelivery {
    MailDelivery {
        state: delivery_state(&row),
        id: row.id,
        kind: row.kind,
        subject: row.subject,
        recipient: row.recipient,
        attempts: row.attempts,
        created_at: rfc3339(row.created_at),
        sent_at: row.sent_at.map(rfc3339),
        last_error: row.last_error,
    }
}

fn no_such_account() -> AppError {
    AppError::text(ErrorCode::NotFound, problems::NO_SUCH_ACCOUNT)
}

/// Ids are UUIDs; anything else never reaches SQL (a NUL byte would).
fn checked_user_id(user_id: &str) -> AppResult<&str> {
    uuid::Uuid::parse_str(user_id)
        .map(|_| user_id)
        .map_err(|_| no_such_account())
}

fn find_user(conn: &mut DbConn, user_id: &str) -> AppResult<UserRow> {
    db::users::find_by_id(conn, checked_user_id(user_id)?)?.ok_or_else(no_such_account)
}

fn is_staff_account(conn: &mut DbConn, user_id: &str) -> AppResult<bool> {
    Ok(db::organizations::roles_of_user(conn, user_id)?
        .iter()
        .any(|r| matches!(r, MembershipRole::Support | MembershipRole::Admin)))
}
