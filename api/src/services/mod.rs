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
