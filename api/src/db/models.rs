//! Row types (read) and `New*` types (insert), kept apart.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use iam_shared::types::{AccountStatus, MembershipRole, UserType};

use super::outbox::OutboxStatus;
use super::schema::*;
use super::tokens::TokenPurpose;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub struct OrganizationRow {
    pub id: String,
    pub org_code: String,
    pub name: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = organizations)]
pub struct NewOrganization<'a> {
    pub id: &'a str,
    pub org_code: &'a str,
    pub name: &'a str,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub username_key: String,
    pub user_type: UserType,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub email_key: String,
    pub phone: Option<String>,
    pub status: AccountStatus,
    pub password_hash: Option<String>,
    pub failed_login_count: i32,
    pub failed_reset_count: i32,
    pub security_stamp: String,
    pub security_question: Option<String>,
    pub security_answer_hash: Option<String>,
    pub locked_at: Option<NaiveDateTime>,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub email_verified_at: Option<NaiveDateTime>,
    /// Set: a directory account (docs/directory.md), no local password.
    pub directory_dn: Option<String>,
    pub directory_synced_at: Option<NaiveDateTime>,
    /// The entry's permanent id (entryUUID / objectGUID), once read.
    pub directory_entry_id: Option<String>,
    /// The language of the last sign-in (`en`, `es`): e-mails use it.
    pub language: Option<String>,
}

impl UserRow {
    /// Does the agency directory hold this account's password?
    pub fn is_directory_account(&self) -> bool {
        self.directory_dn.is_some()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: &'a str,
    pub username: &'a str,
    pub username_key: &'a str,
    pub user_type: UserType,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    pub email_key: &'a str,
    pub phone: Option<&'a str>,
    pub status: AccountStatus,
    pub password_hash: Option<&'a str>,
    pub security_stamp: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub language: Option<&'a str>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = memberships)]
pub struct MembershipRow {
    pub user_id: String,
    pub organization_id: String,
    pub role: MembershipRole,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = memberships)]
pub struct NewMembership<'a> {
    pub user_id: &'a str,
    pub organization_id: &'a str,
    pub role: MembershipRole,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxRow {
    pub id: String,
    pub kind: String,
    pub user_id: Option<String>,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = mail_outbox)]
pub struct NewOutboxMessage<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub user_id: Option<&'a str>,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: Option<&'a str>,
    pub status: OutboxStatus,
    pub created_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditEventRow {
    pub id: i64,
    pub occurred_at: NaiveDateTime,
    pub event_type: String,
    pub user_id: Option<String>,
    pub actor_id: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = audit_events)]
pub struct NewAuditEventRow<'a> {
    pub occurred_at: NaiveDateTime,
    pub event_type: &'a str,
    pub user_id: Option<&'a str>,
    pub actor_id: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub detail: &'a str,
    pub prev_hash: &'a str,
    pub hash: &'a str,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = one_time_tokens)]
pub struct NewOneTimeToken<'a> {
    pub id: &'a str,
    pub user_id: Option<&'a str>,
    pub purpose: TokenPurpose,
    pub token_hash: &'a str,
    pub subject: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = applications)]
pub struct ApplicationRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub url: String,
    pub default_group: String,
    pub position: i32,
    pub requires_aua: bool,
    /// Who may use it (docs/oidc.md), space-separated; empty: everyone.
    pub allowed_user_types: String,
    pub allowed_roles: String,
    pub allowed_org_codes: String,
}
