//! All configuration, in one place.
//!
//! Sources, later ones winning: the defaults below, an optional TOML file
//! named by `IAM_CONFIG_FILE` (same keys, lower case, without the `IAM_`
//! prefix), then environment variables `IAM_<KEY>` (and `DATABASE_URL`).
//! `config.example.toml` and the README table list every key.

use std::net::SocketAddr;
use std::path::PathBuf;

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

pub use local::{LocalTexts, TranslatedTexts};
use texts::{AUA_POLICY, CONFIDENTIALITY_STATEMENT, SYSTEM_USE_NOTIFICATION};

mod local;
mod texts;

/// How outgoing mail leaves the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransportKind {
    /// A real SMTP relay (`smtp_url`). The only choice outside dev mode.
    Smtp,
    /// `.eml` files in `mail_dir`, listed at `/dev/mail` (dev mode only).
    File,
}

/// Every setting of the server. Field names are the TOML keys; the
/// environment variable is `IAM_` + the key in upper case.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    // --- server -------------------------------------------------------------
    /// Address and port to listen on.
    pub bind: String,
    /// `sqlite://path` (default) or `postgres://…`. Env: `DATABASE_URL`.
    pub database_url: SecretString,
    /// Folder for the SQLite file, the JWT key and dev mail.
    pub data_dir: PathBuf,
    /// Base URL used in every link the server sends (never the Host header).
    pub public_url: String,
    /// Folder of the built browser app served at `/`.
    pub web_dir: PathBuf,
    /// Development conveniences (`/dev/mail`, file mail). Never in production.
    pub dev_mode: bool,
    /// Accept a database or SMTP relay on another host without verified
    /// TLS (a private network the operator vouches for). Off: such a URL
    /// stops the server at start.
    pub allow_plaintext_backends: bool,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// How long an API request may take, body upload included, in
    /// milliseconds; a client that sends its body slower is answered 408.
    pub request_timeout_ms: u64,
    /// Database connections in the pool.
    pub db_pool_size: u32,
    /// How long a request waits for a database connection, in milliseconds.
    pub db_timeout_ms: u64,
    /// Threads for password hashing (0 = one per CPU core).
    pub hash_threads: usize,
    /// Password checks that may wait for a hashing thread; beyond that a
    /// request is answered 503 `busy` (0 = 32 per hashing thread).
    pub hash_queue_limit: usize,
    /// POST requests to the public API one IP address may make per minute
    /// (0 = no limit). Shared by every instance on the same database.
    pub rate_limit_per_minute: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed: comma-separated
    /// CIDRs of the proxies only (`127.0.0.1/32,10.20.0.11/32`), never a
    /// range that also holds clients. Empty: the TCP peer is the client.
    pub trusted_proxies: String,
    /// Where `/metrics` is served, off the public port (`host:port`; empty
    /// turns metrics off). Keep it on loopback or a management network.
    pub metrics_bind: String,

    // --- mail ---------------------------------------------------------------
    pub mail_transport: MailTransportKind,
    /// `smtp://host:port` (plain), `smtp://host:port?tls=required` (STARTTLS)
    /// or `smtps://host:port` (TLS); credentials as `smtp://user:pass@host`.
    pub smtp_url: SecretString,
    /// The From header of every message.
    pub mail_from: String,
    /// Where the file transport writes `.eml` files (default `<data_dir>/mail`).
    pub mail_dir: Option<PathBuf>,
    /// How often the outbox sender looks for due mail, in milliseconds.
    pub outbox_poll_ms: u64,
    /// First retry delay after a failed delivery; doubles each time.
    pub outbox_retry_base_ms: u64,
    /// Longest retry delay.
    pub outbox_retry_max_ms: u64,
    /// Deliveries tried before a message is marked `failed`.
    pub outbox_max_attempts: i32,
    /// Days a delivered or failed message's row (recipient, subject, state;
    /// its bodies are erased at once) is kept for support, then deleted.
    pub outbox_retention_days: u64,
    /// Public requests that queue an e-mail only when an account matches
    /// (a recovery code, a reset link) answer no sooner than this many
    /// milliseconds after they arrive, whether or not one did: the queued
    /// mail must not show in the response time. 0 turns it off.
    pub mail_answer_floor_ms: u64,

    // --- branding and contacts (docs/product.md §1) --------------------------------------
    pub app_name: String,
    pub portal_name: String,
    pub customer_support_phone: String,
    pub customer_support_email: String,
    pub customer_support_hours: String,
    pub help_desk_phone: String,
    pub help_desk_hours: String,
    /// Who signs the e-mails ("Thank you, IAM Team").
    pub mail_sign_off: String,
    /// The languages the portal offers (docs/i18n.md); English always.
    pub languages: Vec<iam_shared::i18n::Lang>,
    /// The Spanish of the texts above and of the System Use Notification
    /// (`config/local.rs`): a table, each value optional.
    pub spanish: local::TranslatedTexts,
    pub system_use_notification: String,
    pub confidentiality_statement: String,
    /// The Acceptable Use Policy the AUA signs. Its SHA-256 names the
    /// version: changing the text publishes a new version, which everyone
    /// is asked to sign again (so is a new Confidentiality Statement).
    pub aua_policy: String,
    /// Domains whose addresses are central office usernames.
    pub internal_email_domains: Vec<String>,
    /// Where "Forgot Password? (HHS/DSHS Emails Only)" sends people.
    pub internal_password_reset_url: String,

    // --- the agency directory (docs/directory.md) -------------------------------
    /// Directory URLs, tried in order (space or comma separated): `ldaps://`,
    /// or `ldap://` with `ldap_starttls`; plain `ldap://` in dev mode only.
    /// Empty: no directory, central office keeps local passwords.
    pub ldap_url: String,
    /// The service account that finds people and reads their groups.
    pub ldap_bind_dn: String,
    pub ldap_bind_password: SecretString,
    /// A file holding the service account's password (wins over the above).
    pub ldap_bind_password_file: String,
    /// Where people are searched.
    pub ldap_base_dn: String,
    /// The search for a person; `{identifier}` is what they typed, escaped
    /// per RFC 4515.
    pub ldap_user_filter: String,
    /// Where groups are searched (default: `ldap_base_dn`).
    pub ldap_group_base_dn: String,
    /// The search for a person's groups; `{dn}` is their entry's DN.
    pub ldap_group_filter: String,
    /// Groups (by full DN) → portal roles: `group-DN=ORG:role;…`.
    pub ldap_group_roles: String,
    /// PEM file of the CAs the directory's certificate is checked against
    /// (default: the system's).
    pub ldap_ca_file: String,
    /// StartTLS on `ldap://` URLs.
    pub ldap_starttls: bool,
    pub ldap_connect_timeout_ms: u64,
    /// The deadline of each directory operation.
    pub ldap_timeout_ms: u64,
    /// Idle connections kept, bound as the service account.
    pub ldap_pool_size: usize,
    /// How long a directory account's sessions are refreshed while the
    /// directory cannot be asked about it (since its last check); after
    /// that, refreshes wait for the directory. 0: no limit.
    pub ldap_max_unchecked_secs: u64,

    // --- lifetimes, in seconds --------------------------------------------------
    pub access_token_ttl_secs: u64,
    pub refresh_token_ttl_secs: u64,
    pub keep_signed_in_ttl_secs: u64,
    pub idle_timeout_secs: u64,
    /// A spent browser refresh token presented again within this many
    /// seconds of its rotation is answered once more instead of ending the
    /// session: a page left while its refresh was in flight never got the
    /// new cookie (Okta's "grace period for token rotation"). Later, again,
    /// or from an API client, reuse means theft. 0 turns it off; at most 60.
    pub refresh_reuse_grace_secs: u64,
    pub signin_transaction_ttl_secs: u64,
    pub email_code_ttl_secs: u64,
    pub reset_link_ttl_secs: u64,
    pub recovery_code_ttl_secs: u64,
    pub activation_ttl_secs: u64,
    pub aua_validity_days: u64,
    /// A CAPTCHA image can be answered for this long.
    pub captcha_ttl_secs: u64,
    /// Failures under an identifier that matches no account are forgotten
    /// after this long without another failure.
    pub unknown_identifier_ttl_secs: u64,

    // --- ladders (docs/product.md §3.1, §5) ---------------------------------------------------
    /// Failed passwords after which the recall step (CAPTCHA) begins.
    pub recall_after_failures: u32,
    /// Failed passwords that lock the account.
    pub lock_after_failures: u32,
    /// Failed ImmTrac2 reset attempts that disable the account.
    pub reset_disable_after_failures: u32,
    /// Require the e-mail code after the password on both doors.
    pub mfa_required: bool,
    /// Who must verify with what (docs/authenticators.md, "Policy"): the
    /// assurance everyone needs (`any`, `mfa`, `phishing_resistant`) ...
    pub authenticator_policy_default: String,
    /// ... what a role requires (`role=assurance,…`) ...
    pub authenticator_policy_roles: String,
    /// ... and what an organization requires (`org_code=assurance,…`).
    pub authenticator_policy_organizations: String,

    // --- password hashing (OWASP argon2id defaults) -------------------------------
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub argon2_parallelism: u32,

    // --- tokens ------------------------------------------------------------------
    /// PKCS#8 PEM Ed25519 key; generated on first start when absent
    /// (default `<data_dir>/jwt-ed25519.pem`).
    pub jwt_key_file: Option<PathBuf>,
    /// Key of queued mail bodies at rest (32 bytes, base64); generated on
    /// first start when absent (default `<data_dir>/mail-key`). Every
    /// instance needs the same file.
    pub mail_key_file: Option<PathBuf>,
    /// Key of authenticator-app secrets at rest (32 bytes, base64);
    /// generated on first start when absent (default
    /// `<data_dir>/authenticator-key`). Every instance needs the same file,
    /// and losing it means every user sets up their app again.
    pub authenticator_key_file: Option<PathBuf>,
    /// The `aud` claim of access tokens.
    pub jwt_audience: String,

    // --- OpenID Connect provider (docs/oidc.md) ----------------------------------
    /// Folder of the keys that sign ID tokens and applications' access
    /// tokens (default `<data_dir>/oidc-keys`); every instance needs the same.
    pub oidc_keys_dir: Option<PathBuf>,
    /// How long a replaced key stays published (longer than any token it
    /// signed lives).
    pub oidc_key_retention_secs: u64,
    /// How long a pending authorization request waits for the user to sign in.
    pub oidc_request_ttl_secs: u64,
    /// Lifetime of an authorization code (single use).
    pub oidc_code_ttl_secs: u64,
    /// Lifetime of an ID token.
    pub oidc_id_token_ttl_secs: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            database_url: SecretString::from("sqlite://data/iam.db"),
            data_dir: PathBuf::from("data"),
            public_url: "http://127.0.0.1:8080".into(),
            web_dir: PathBuf::from("web/dist"),
            dev_mode: false,
            allow_plaintext_backends: false,
            max_body_bytes: 16 * 1024,
            request_timeout_ms: 30_000,
            db_pool_size: 10,
            db_timeout_ms: 5_000,
            hash_threads: 0,
            hash_queue_limit: 0,
            rate_limit_per_minute: 120,
            trusted_proxies: String::new(),
            metrics_bind: "127.0.0.1:9464".into(),
            mail_transport: MailTransportKind::Smtp,
            smtp_url: SecretString::from("smtp://127.0.0.1:25"),
            mail_from: "ImmTrac2 <ImmTrac2@dshs.texas.gov>".into(),
            mail_dir: None,
            outbox_poll_ms: 1_000,
            outbox_retry_base_ms: 2_000,
            outbox_retry_max_ms: 300_000,
            outbox_max_attempts: 100,
            outbox_retention_days: 30,
            mail_answer_floor_ms: 25,
            app_name: "ImmTrac2".into(),
            portal_name: "IAMOnline".into(),
            customer_support_phone: "1-800-348-9158".into(),
            customer_support_email: "ImmTrac2@dshs.texas.gov".into(),
            customer_support_hours: "8:00 a.m. to 4:30 p.m., Monday through Friday".into(),
            help_desk_phone: "512-438-4720 or 855-435-7181 (toll-free)".into(),
            help_desk_hours: "7:00 a.m. to 7:00 p.m. Central Time (CT), Monday through Friday"
                .into(),
            mail_sign_off: "IAM Team".into(),
            // Spanish joins the default once every screen has it (issue 21).
            languages: iam_shared::i18n::Lang::ALL.to_vec(),
            spanish: local::TranslatedTexts::default(),
            system_use_notification: SYSTEM_USE_NOTIFICATION.into(),
            confidentiality_statement: CONFIDENTIALITY_STATEMENT.into(),
            aua_policy: AUA_POLICY.into(),
            internal_email_domains: vec![
                "dshs.texas.gov".into(),
                "hhs.texas.gov".into(),
                "hhsc.state.tx.us".into(),
            ],
            internal_password_reset_url:
                "https://iamonline.hhs.state.tx.us/forgot-password-internal".into(),
            ldap_url: String::new(),
            ldap_bind_dn: String::new(),
            ldap_bind_password: SecretString::from(""),
            ldap_bind_password_file: String::new(),
            ldap_base_dn: String::new(),
            ldap_user_filter: "(|(mail={identifier})(userPrincipalName={identifier}))".into(),
            ldap_group_base_dn: String::new(),
            ldap_group_filter:
                "(|(&(objectClass=groupOfNames)(member={dn}))(&(objectClass=group)(member={dn})))"
                    .into(),
            ldap_group_roles: String::new(),
            ldap_ca_file: String::new(),
            ldap_starttls: false,
            ldap_connect_timeout_ms: 3000,
            ldap_timeout_ms: 5000,
            ldap_pool_size: 4,
            ldap_max_unchecked_secs: 8 * 3600,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 12 * 3600,
            keep_signed_in_ttl_secs: 30 * 24 * 3600,
            idle_timeout_secs: 30 * 60,
            refresh_reuse_grace_secs: 10,
            signin_transaction_ttl_secs: 10 * 60,
            email_code_ttl_secs: 5 * 60,
            reset_link_ttl_secs: 24 * 3600,
            recovery_code_ttl_secs: 5 * 60,
            activation_ttl_secs: 7 * 24 * 3600,
            aua_validity_days: 365,
            captcha_ttl_secs: 5 * 60,
            unknown_identifier_ttl_secs: 30 * 24 * 3600,
            recall_after_failures: 3,
            lock_after_failures: 6,
            reset_disable_after_failures: 3,
            mfa_required: true,
            authenticator_policy_default: "any".into(),
            // Staff hold the keys to every account: a passkey.
            authenticator_policy_roles: "support=phishing_resistant,admin=phishing_resistant"
                .into(),
            authenticator_policy_organizations: String::new(),
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
            argon2_parallelism: 1,
            jwt_key_file: None,
            mail_key_file: None,
            authenticator_key_file: None,
            jwt_audience: "iamonline".into(),
            oidc_keys_dir: None,
            oidc_key_retention_secs: 24 * 3600,
            oidc_request_ttl_secs: 30 * 60,
            oidc_code_ttl_secs: 60,
            oidc_id_token_ttl_secs: 5 * 60,
        }
    }
}

/// Every key of [`Settings`]. Only `IAM_<KEY>` variables for these keys are
/// read from the environment, so unrelated `IAM_*` variables (test tooling,
/// `IAM_LOG_FORMAT`) never stop the server; the TOML file still refuses
/// unknown keys, which catches typos.
pub const SETTINGS_KEYS: &[&str] = &[
    "bind",
    "database_url",
    "data_dir",
    "public_url",
    "web_dir",
    "dev_mode",
    "allow_plaintext_backends",
    "max_body_bytes",
    "request_timeout_ms",
    "db_pool_size",
    "db_timeout_ms",
    "hash_threads",
    "hash_queue_limit",
    "rate_limit_per_minute",
    "trusted_proxies",
    "metrics_bind",
    "mail_transport",
    "smtp_url",
    "mail_from",
    "mail_dir",
    "outbox_poll_ms",
    "outbox_retry_base_ms",
    "outbox_retry_max_ms",
    "outbox_max_attempts",
    "outbox_retention_days",
    "mail_answer_floor_ms",
    "app_name",
    "portal_name",
    "customer_support_phone",
    "customer_support_email",
    "customer_support_hours",
    "help_desk_phone",
    "help_desk_hours",
    "mail_sign_off",
    "languages",
    "spanish",
    "system_use_notification",
    "confidentiality_statement",
    "aua_policy",
    "internal_email_domains",
    "internal_password_reset_url",
    "ldap_url",
    "ldap_bind_dn",
    "ldap_bind_password",
    "ldap_bind_password_file",
    "ldap_base_dn",
    "ldap_user_filter",
    "ldap_group_base_dn",
    "ldap_group_filter",
    "ldap_group_roles",
    "ldap_ca_file",
    "ldap_starttls",
    "ldap_connect_timeout_ms",
    "ldap_timeout_ms",
    "ldap_pool_size",
    "ldap_max_unchecked_secs",
    "access_token_ttl_secs",
    "refresh_token_ttl_secs",
    "keep_signed_in_ttl_secs",
    "idle_timeout_secs",
    "refresh_reuse_grace_secs",
    "signin_transaction_ttl_secs",
    "email_code_ttl_secs",
    "reset_link_ttl_secs",
    "recovery_code_ttl_secs",
    "activation_ttl_secs",
    "aua_validity_days",
    "captcha_ttl_secs",
    "unknown_identifier_ttl_secs",
    "recall_after_failures",
    "lock_after_failures",
    "reset_disable_after_failures",
    "mfa_required",
    "authenticator_policy_default",
    "authenticator_policy_roles",
    "authenticator_policy_organizations",
    "argon2_memory_kib",
    "argon2_iterations",
    "argon2_parallelism",
    "jwt_key_file",
    "mail_key_file",
    "authenticator_key_file",
    "jwt_audience",
    "oidc_keys_dir",
    "oidc_key_retention_secs",
    "oidc_request_ttl_secs",
    "oidc_code_ttl_secs",
    "oidc_id_token_ttl_secs",
];

/// Why the configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("could not read configuration: {0}")]
    Load(#[from] Box<figment::Error>),
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

/// Which database the URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Settings {
    /// Defaults, then `IAM_CONFIG_FILE`, then the environment; validated.
    pub fn load() -> Result<Self, ConfigError> {
        let mut figment = Figment::new();
        if let Ok(path) = std::env::var("IAM_CONFIG_FILE") {
            figment = figment.merge(Toml::file_exact(path));
        }
        let settings: Settings = figment
            .merge(Env::prefixed("IAM_").filter(|key| {
                SETTINGS_KEYS
                    .iter()
                    .any(|k| key.as_str().eq_ignore_ascii_case(k))
            }))
            .merge(Env::raw().only(&["DATABASE_URL"]))
            .extract()
            .map_err(|e| ConfigError::Load(Box::new(e)))?;
        settings.validate()?;
        Ok(settings)
    }

    /// Refuse settings that are unsafe or cannot work (STYLE §6).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |msg: &str| Err(ConfigError::Invalid(msg.to_owned()));
        if !self.languages.contains(&iam_shared::i18n::Lang::En) {
            return invalid("languages must include en: English is every text's fallback");
        }
        if (1..self.languages.len()).any(|i| self.languages[..i].contains(&self.languages[i])) {
            return invalid("languages lists a language twice");
        }
        if self.bind.parse::<SocketAddr>().is_err() {
            return invalid("bind must be host:port with a numeric host, e.g. 127.0.0.1:8080");
        }
        if !self.metrics_bind.is_empty() && self.metrics_bind.parse::<SocketAddr>().is_err() {
            return invalid("metrics_bind must be host:port with a numeric host, or empty");
        }
        crate::client_address::TrustedProxies::parse(&self.trusted_proxies)
            .map_err(ConfigError::Invalid)?;
        self.backend()?;
        if !self.dev_mode && self.mail_transport != MailTransportKind::Smtp {
            return invalid("mail_transport = \"file\" is only allowed with dev_mode = true");
        }
        if !self.dev_mode && !self.allow_plaintext_backends {
            if let Some(why) = plaintext_backend(
                self.database_url.expose_secret(),
                self.smtp_url.expose_secret(),
            ) {
                return invalid(why);
            }
        }
        if !(self.public_url.starts_with("https://") || self.public_url.starts_with("http://")) {
            return invalid("public_url must be an absolute http(s) URL");
        }
        let lifetimes = [
            self.access_token_ttl_secs,
            self.refresh_token_ttl_secs,
            self.keep_signed_in_ttl_secs,
            self.idle_timeout_secs,
            self.signin_transaction_ttl_secs,
            self.email_code_ttl_secs,
            self.reset_link_ttl_secs,
            self.recovery_code_ttl_secs,
            self.activation_ttl_secs,
            self.aua_validity_days,
            self.captcha_ttl_secs,
            self.unknown_identifier_ttl_secs,
            self.oidc_request_ttl_secs,
            self.oidc_code_ttl_secs,
            self.oidc_id_token_ttl_secs,
        ];
        if lifetimes.contains(&0) || self.outbox_retention_days == 0 {
            return invalid("token lifetimes must be greater than zero");
        }
        if self.recall_after_failures == 0 || self.lock_after_failures <= self.recall_after_failures
        {
            return invalid("need 0 < recall_after_failures < lock_after_failures");
        }
        if self.refresh_reuse_grace_secs > 60 {
            return invalid("refresh_reuse_grace_secs may be 0 (off) to 60");
        }
        if let Err(why) = self.try_authenticator_policy() {
            return Err(ConfigError::Invalid(format!("authenticator_policy: {why}")));
        }
        if let Err(why) = self.validate_directory() {
            return Err(ConfigError::Invalid(format!("ldap: {why}")));
        }
        if self.reset_disable_after_failures == 0 {
            return invalid("reset_disable_after_failures must be greater than zero");
        }
        if self.argon2_iterations == 0
            || self.argon2_parallelism == 0
            || self.argon2_memory_kib < 8 * self.argon2_parallelism
        {
            return invalid("argon2 parameters out of range");
        }
        if self.max_body_bytes < 1024 || self.db_pool_size == 0 || self.outbox_max_attempts <= 0 {
            return invalid(
                "max_body_bytes >= 1024, db_pool_size > 0 and outbox_max_attempts > 0 are required",
            );
        }
        Ok(())
    }

    /// The backend named by the URL scheme; a URL without a scheme is refused.
    pub fn backend(&self) -> Result<Backend, ConfigError> {
        let url = self.database_url.expose_secret();
        if url.starts_with("sqlite://") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(ConfigError::Invalid(
                "DATABASE_URL must start with sqlite:// or postgres://".into(),
            ))
        }
    }

    /// The folder the file mail transport writes to.
    pub fn mail_dir(&self) -> PathBuf {
        self.mail_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("mail"))
    }

    /// The JWT signing key file.
    pub fn jwt_key_file(&self) -> PathBuf {
        self.jwt_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("jwt-ed25519.pem"))
    }

    /// The folder of the OpenID Connect signing keys.
    pub fn oidc_keys_dir(&self) -> PathBuf {
        self.oidc_keys_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("oidc-keys"))
    }

    /// The key file of mail bodies at rest.
    pub fn mail_key_file(&self) -> PathBuf {
        self.mail_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("mail-key"))
    }

    /// The key file of authenticator-app secrets at rest.
    pub fn authenticator_key_file(&self) -> PathBuf {
        self.authenticator_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("authenticator-key"))
    }

    /// Is the server bound to a loopback address (a precondition of `/dev/mail`)?
    pub fn is_loopback_bind(&self) -> bool {
        self.bind
            .parse::<SocketAddr>()
            .is_ok_and(|a| a.ip().is_loopback())
    }

    /// Is `email` an address of a central-office domain
    /// (`internal_email_domains`, their subdomains included)?
    pub fn is_internal_email(&self, email: &str) -> bool {
        let domain = email.trim().rsplit_once('@').map(|(_, d)| d.to_lowercase());
        domain.is_some_and(|d| {
            self.internal_email_domains.iter().any(|internal| {
                let internal = internal.to_lowercase();
                d == internal || d.ends_with(&format!(".{internal}"))
            })
        })
    }

    /// The directory URLs, in the order they are tried.
    pub fn ldap_urls(&self) -> Vec<String> {
        self.ldap_url
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|url| !url.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The service account's password: the file's first line, if one is
    /// named.
    pub fn ldap_bind_password(&self) -> Result<SecretString, String> {
        if self.ldap_bind_password_file.is_empty() {
            return Ok(self.ldap_bind_password.clone());
        }
        let text = std::fs::read_to_string(&self.ldap_bind_password_file).map_err(|e| {
            format!(
                "ldap_bind_password_file {}: {e}",
                self.ldap_bind_password_file
            )
        })?;
        Ok(SecretString::from(
            text.lines().next().unwrap_or_default().to_owned(),
        ))
    }

    /// The directory's groups → portal memberships (validated at startup).
    pub fn ldap_group_roles(&self) -> crate::domain::directory::GroupRoles {
        crate::domain::directory::GroupRoles::parse(&self.ldap_group_roles).unwrap_or_default()
    }

    fn validate_directory(&self) -> Result<(), String> {
        crate::domain::directory::GroupRoles::parse(&self.ldap_group_roles)?;
        let urls = self.ldap_urls();
        if urls.is_empty() {
            return Ok(());
        }
        for url in &urls {
            let secure =
                url.starts_with("ldaps://") || (url.starts_with("ldap://") && self.ldap_starttls);
            if !(url.starts_with("ldaps://") || url.starts_with("ldap://")) {
                return Err(format!("`{url}` is not an ldap:// or ldaps:// URL"));
            }
            if !secure && !self.dev_mode {
                return Err(format!(
                    "`{url}` would send passwords in the clear: use ldaps:// or ldap_starttls (plain LDAP only with dev_mode)"
                ));
            }
        }
        if self.ldap_bind_dn.is_empty() || self.ldap_base_dn.is_empty() {
            return Err("ldap_bind_dn and ldap_base_dn are required with ldap_url".into());
        }
        if !self.ldap_user_filter.contains("{identifier}")
            || !self.ldap_group_filter.contains("{dn}")
        {
            return Err("ldap_user_filter needs {identifier} and ldap_group_filter {dn}".into());
        }
        if self.ldap_connect_timeout_ms == 0
            || self.ldap_timeout_ms == 0
            || self.ldap_pool_size == 0
        {
            return Err("ldap timeouts and pool size must be greater than zero".into());
        }
        self.ldap_bind_password().map(drop)
    }

    fn try_authenticator_policy(
        &self,
    ) -> Result<crate::domain::policy::AuthenticatorPolicy, String> {
        crate::domain::policy::AuthenticatorPolicy::parse(
            &self.authenticator_policy_default,
            &self.authenticator_policy_roles,
            &self.authenticator_policy_organizations,
        )
    }

    /// Who must verify with what. Validated at startup; were it ever not to
    /// parse, everyone would need a passkey (fail closed).
    pub fn authenticator_policy(&self) -> crate::domain::policy::AuthenticatorPolicy {
        self.try_authenticator_policy().unwrap_or_else(|_| {
            crate::domain::policy::AuthenticatorPolicy {
                default: crate::domain::policy::Assurance::PhishingResistant,
                roles: Vec::new(),
                organizations: std::collections::BTreeMap::new(),
            }
        })
    }

    /// `public_url` without a trailing slash, for building links.
    pub fn public_base(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }
}

/// The host of a `scheme://[user[:pass]@]host[:port][/path][?query]` URL
/// (brackets of an IPv6 literal removed), and its query.
fn host_and_query(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let authority = before_query.split('/').next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    (host, query)
}

/// Is a connection to `host` local to this machine (loopback, or a Unix
/// socket), never crossing a network?
fn is_local(host: &str, query: &str) -> bool {
    let socket = query
        .split('&')
        .any(|pair| pair.starts_with("host=/") || pair.starts_with("host=%2F"));
    socket
        || host.is_empty()
        || host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Why the database or SMTP URL would carry credentials and personal data
/// across a network in clear text or to an unchecked certificate (ASVS
/// 12.3): PostgreSQL elsewhere needs `sslmode=verify-full` (or
/// `verify-ca`); an SMTP relay elsewhere needs `smtps://` or
/// `?tls=required` (lettre checks the certificate).
pub fn plaintext_backend(database_url: &str, smtp_url: &str) -> Option<&'static str> {
    if database_url.starts_with("postgres") {
        let (host, query) = host_and_query(database_url);
        let verified = query
            .split('&')
            .any(|pair| pair == "sslmode=verify-full" || pair == "sslmode=verify-ca");
        if !is_local(host, query) && !verified {
            return Some("DATABASE_URL names another host without sslmode=verify-full (set allow_plaintext_backends = true only on a network you vouch for)");
        }
    }
    let (host, query) = host_and_query(smtp_url);
    let tls =
        smtp_url.starts_with("smtps://") || query.split('&').any(|pair| pair == "tls=required");
    if !is_local(host, query) && !tls {
        return Some("smtp_url names another host without TLS: use smtps:// or ?tls=required (set allow_plaintext_backends = true only on a network you vouch for)");
    }
    None
}

#[cfg(test)]
mod tests;
