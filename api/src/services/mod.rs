//! Use cases. One public function is one use case and runs in one database
//! transaction; mail goes to the outbox inside that transaction.

pub mod accounts;
pub mod captcha;
pub mod demo;
pub mod housekeeping;
pub mod password_forgot;
pub mod password_reset;
pub mod sessions;
pub mod signin;
pub mod username_recovery;

/// Who made a request, for the audit trail.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl RequestMeta {
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
        crate::db::audit::create(
            conn,
            &crate::db::audit::AuditEvent {
                event_type,
                user_id,
                ip: self.ip.as_deref(),
                user_agent: self.user_agent.as_deref(),
                detail,
                ..Default::default()
            },
            at,
        )?;
        Ok(())
    }
}
