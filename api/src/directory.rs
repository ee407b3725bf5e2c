//! The agency directory (LDAP / Active Directory) for central office
//! (docs/directory.md): find the person with the service account, bind as
//! them with their password, read their groups. The portal never stores
//! that password. What the answers mean is `domain::directory`'s.
//!
//! Connections bound as the service account wait in a small pool; a
//! person's bind borrows one and binds it back before returning it. Every
//! operation has a deadline; the URLs are tried in order.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ldap3::controls::RawControl;
use ldap3::{ldap_escape, Ldap, LdapConnAsync, LdapConnSettings, Scope, SearchEntry, SearchResult};
use secrecy::{ExposeSecret, SecretString};

use crate::config::Settings;
use crate::domain::directory::{bind_outcome, user_filter, DirectoryRefusal, PPOLICY_OID};

/// The attributes read from a person's entry.
const PERSON_ATTRS: &[&str] = &[
    "mail",
    "userPrincipalName",
    "givenName",
    "sn",
    "cn",
    "telephoneNumber",
    "userAccountControl",
    "pwdAccountLockedTime",
    "entryUUID",
    "objectGUID",
];

/// The result code of a search whose base does not exist.
const NO_SUCH_OBJECT: u32 = 32;

/// AD's `userAccountControl` flag of a disabled account.
const ACCOUNT_DISABLE: u32 = 0x2;

/// A person as the directory describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryPerson {
    pub dn: String,
    pub email: String,
    pub given_name: String,
    pub surname: String,
    pub phone: Option<String>,
    /// The DN of each group the person is a member of.
    pub groups: Vec<String>,
    /// The entry's permanent id: OpenLDAP's `entryUUID`, or AD's
    /// `objectGUID` in hex; `None` if the directory does not show it.
    pub entry_id: Option<String>,
}

/// Whose password is checked: what they typed (their e-mail address or
/// user principal name), or the entry an account is linked to.
#[derive(Debug, Clone, Copy)]
pub enum Who<'a> {
    Identifier(&'a str),
    Entry(&'a str),
}

impl<'a> Who<'a> {
    /// What the person typed, if they were looked up by it.
    fn typed(self) -> &'a str {
        match self {
            Self::Identifier(typed) => typed,
            Self::Entry(_) => "",
        }
    }
}

/// The directory's answer to a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authentication {
    Verified(DirectoryPerson),
    Refused(DirectoryRefusal),
}

/// The directory did not answer in time, or not at all.
#[derive(Debug, thiserror::Error)]
#[error("the directory did not answer: {0}")]
pub struct Unavailable(String);

/// An operation that failed part-way; `password_sent`: a person's bind
/// had gone out (the operation must not be repeated).
struct Failed {
    error: ldap3::LdapError,
    password_sent: bool,
}

impl From<ldap3::LdapError> for Failed {
    fn from(error: ldap3::LdapError) -> Self {
        Self {
            error,
            password_sent: false,
        }
    }
}

/// After a person's bind was sent, every failure is final.
fn sent(error: ldap3::LdapError) -> Failed {
    Failed {
        error,
        password_sent: true,
    }
}

impl From<ldap3::LdapError> for Unavailable {
    fn from(error: ldap3::LdapError) -> Self {
        Self(error.to_string())
    }
}

/// The directory client (one per process; `None` in `AppState` when no
/// `ldap_url` is set).
pub struct Directory {
    urls: Vec<String>,
    bind_dn: String,
    bind_password: SecretString,
    base_dn: String,
    user_filter: String,
    group_base_dn: String,
    group_filter: String,
    starttls: bool,
    tls: Option<Arc<rustls::ClientConfig>>,
    connect_timeout: Duration,
    timeout: Duration,
    pool_size: usize,
    idle: Mutex<Vec<Ldap>>,
}

impl std::fmt::Debug for Directory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Directory")
            .field("urls", &self.urls)
            .field("base_dn", &self.base_dn)
            .finish_non_exhaustive()
    }
}

impl Directory {
    /// The client `settings` describe, or `None` without `ldap_url`.
    pub fn from_settings(settings: &Settings) -> Result<Option<Self>, String> {
        let urls = settings.ldap_urls();
        if urls.is_empty() {
            return Ok(None);
        }
        let tls = if settings.ldap_ca_file.is_empty() {
            None
        } else {
            Some(Arc::new(tls_config(Path::new(&settings.ldap_ca_file))?))
        };
        Ok(Some(Self {
            urls,
            bind_dn: settings.ldap_bind_dn.clone(),
            bind_password: settings.ldap_bind_password()?,
            base_dn: settings.ldap_base_dn.clone(),
            user_filter: settings.ldap_user_filter.clone(),
            group_base_dn: if settings.ldap_group_base_dn.is_empty() {
                settings.ldap_base_dn.clone()
            } else {
                settings.ldap_group_base_dn.clone()
            },
            group_filter: settings.ldap_group_filter.clone(),
            starttls: settings.ldap_starttls,
            tls,
            connect_timeout: Duration::from_millis(settings.ldap_connect_timeout_ms),
            timeout: Duration::from_millis(settings.ldap_timeout_ms),
            pool_size: settings.ldap_pool_size,
            idle: Mutex::new(Vec::new()),
        }))
    }

    /// Check `password` for `who`.
    pub async fn authenticate(
        &self,
        who: Who<'_>,
        password: &SecretString,
    ) -> Result<Authentication, Unavailable> {
        // An empty password is an "unauthenticated bind", which Active
        // Directory answers with success.
        if password.expose_secret().is_empty() {
            return Ok(Authentication::Refused(
                DirectoryRefusal::InvalidCredentials,
            ));
        }
        self.with_connection(|ldap| self.authenticate_on(ldap, who, password))
            .await
    }

    /// The person at `dn` as the directory has them now: `None` when they
    /// were removed, disabled (AD) or locked (OpenLDAP's password policy).
    pub async fn person(&self, dn: &str) -> Result<Option<DirectoryPerson>, Unavailable> {
        self.with_connection(|ldap| self.person_on(ldap, Who::Entry(dn)))
            .await
    }

    /// The one usable entry `identifier` names, read with the service
    /// account alone (no one's password): support linking an account.
    pub async fn find(&self, identifier: &str) -> Result<Option<DirectoryPerson>, Unavailable> {
        self.with_connection(|ldap| self.person_on(ldap, Who::Identifier(identifier)))
            .await
    }

    /// Run `op` on a connection bound as the service account (a handle to
    /// it: the clone shares the connection): a pooled one first, and once
    /// more on a fresh one if that fails before anything was sent for a
    /// person (a pooled connection may have gone stale; a password is
    /// never tried twice, which the directory would count twice). The
    /// connection is pooled again after a success.
    async fn with_connection<T, F, Fut>(&self, op: F) -> Result<T, Unavailable>
    where
        F: Fn(Ldap) -> Fut,
        Fut: std::future::Future<Output = Result<T, Failed>>,
    {
        let mut pooled = self.idle.lock().ok().and_then(|mut idle| {
            idle.retain_mut(|ldap| !ldap.is_closed());
            idle.pop()
        });
        loop {
            let fresh = pooled.is_none();
            let mut ldap = match pooled.take() {
                Some(ldap) => ldap,
                None => self.connect().await?,
            };
            match op(ldap.clone()).await {
                Ok(value) => {
                    self.give_back(ldap);
                    return Ok(value);
                }
                Err(failed) => {
                    let _ = ldap.unbind().await;
                    if fresh || failed.password_sent {
                        return Err(failed.error.into());
                    }
                }
            }
        }
    }

    fn give_back(&self, ldap: Ldap) {
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < self.pool_size {
                idle.push(ldap);
            }
        }
    }

    /// A new connection, bound as the service account: each URL in turn.
    async fn connect(&self) -> Result<Ldap, Unavailable> {
        let mut last = String::from("no directory URL");
        for url in &self.urls {
            let mut settings = LdapConnSettings::new()
                .set_conn_timeout(self.connect_timeout)
                .set_starttls(self.starttls && url.starts_with("ldap://"));
            if let Some(tls) = &self.tls {
                settings = settings.set_config(Arc::clone(tls));
            }
            let opened = tokio::time::timeout(
                self.connect_timeout,
                LdapConnAsync::with_settings(settings, url),
            )
            .await;
            let mut ldap = match opened {
                Ok(Ok((conn, ldap))) => {
                    ldap3::drive!(conn);
                    ldap
                }
                Ok(Err(error)) => {
                    tracing::warn!(%url, %error, "the directory could not be reached");
                    last = error.to_string();
                    continue;
                }
                Err(_) => {
                    tracing::warn!(%url, "the directory did not answer in time");
                    last = format!("{url}: connection timed out");
                    continue;
                }
            };
            match self.bind_service(&mut ldap).await {
                Ok(()) => return Ok(ldap),
                Err(error) => {
                    tracing::warn!(%url, %error, "the directory refused the service account");
                    last = error.to_string();
                }
            }
        }
        Err(Unavailable(last))
    }

    async fn bind_service(&self, ldap: &mut Ldap) -> Result<(), ldap3::LdapError> {
        ldap.with_timeout(self.timeout)
            .simple_bind(&self.bind_dn, self.bind_password.expose_secret())
            .await?
            .success()
            .map(drop)
    }

    async fn authenticate_on(
        &self,
        mut ldap: Ldap,
        who: Who<'_>,
        password: &SecretString,
    ) -> Result<Authentication, Failed> {
        let Some(entry) = self.find_on(&mut ldap, who).await? else {
            // Nobody by that name: a bind that cannot succeed, so that the
            // answer takes about as long as a wrong password's.
            let nobody = format!("cn=nobody,{}", self.base_dn);
            let _ = ldap
                .with_timeout(self.timeout)
                .simple_bind(&nobody, password.expose_secret())
                .await
                .map_err(sent)?;
            self.bind_service(&mut ldap).await.map_err(sent)?;
            return Ok(Authentication::Refused(
                DirectoryRefusal::InvalidCredentials,
            ));
        };
        let bind = ldap
            .with_timeout(self.timeout)
            .with_controls(RawControl {
                ctype: PPOLICY_OID.to_owned(),
                crit: false,
                val: None,
            })
            .simple_bind(&entry.dn, password.expose_secret())
            .await
            .map_err(sent)?;
        let policy = bind
            .ctrls
            .iter()
            .find(|control| control.1.ctype == PPOLICY_OID)
            .and_then(|control| control.1.val.clone());
        let outcome = bind_outcome(bind.rc, &bind.text, policy.as_deref());
        // Back to the service account: the groups are read with it (a
        // person who must change their password may read nothing).
        self.bind_service(&mut ldap).await.map_err(sent)?;
        if let Err(refusal) = outcome {
            return Ok(Authentication::Refused(refusal));
        }
        let groups = self.groups_on(&mut ldap, &entry.dn).await.map_err(sent)?;
        Ok(Authentication::Verified(person_of(
            entry,
            groups,
            who.typed(),
        )))
    }

    /// The one entry `who` names, found with the service account.
    async fn find_on(
        &self,
        ldap: &mut Ldap,
        who: Who<'_>,
    ) -> Result<Option<SearchEntry>, ldap3::LdapError> {
        let (base, scope, filter) = match who {
            Who::Identifier(typed) => (
                self.base_dn.as_str(),
                Scope::Subtree,
                user_filter(&self.user_filter, typed, |s| ldap_escape(s).into_owned()),
            ),
            Who::Entry(dn) => (dn, Scope::Base, "(objectClass=*)".to_owned()),
        };
        let SearchResult(entries, result) = ldap
            .with_timeout(self.timeout)
            .search(base, scope, &filter, PERSON_ATTRS)
            .await?;
        if result.rc == NO_SUCH_OBJECT {
            return Ok(None);
        }
        result.success()?;
        let mut people: Vec<SearchEntry> =
            entries.into_iter().map(SearchEntry::construct).collect();
        if people.len() > 1 {
            tracing::warn!(
                count = people.len(),
                "several directory entries match one identifier: refused"
            );
            return Ok(None);
        }
        Ok(people.pop())
    }

    /// The usable entry `who` names, with its groups.
    async fn person_on(
        &self,
        mut ldap: Ldap,
        who: Who<'_>,
    ) -> Result<Option<DirectoryPerson>, Failed> {
        let Some(entry) = self.find_on(&mut ldap, who).await? else {
            return Ok(None);
        };
        if !usable(&entry) {
            return Ok(None);
        }
        let groups = self.groups_on(&mut ldap, &entry.dn).await?;
        Ok(Some(person_of(entry, groups, who.typed())))
    }

    async fn groups_on(&self, ldap: &mut Ldap, dn: &str) -> Result<Vec<String>, ldap3::LdapError> {
        let filter = self.group_filter.replace("{dn}", &ldap_escape(dn));
        let (entries, _) = ldap
            .with_timeout(self.timeout)
            .search(&self.group_base_dn, Scope::Subtree, &filter, ["1.1"])
            .await?
            .success()?;
        let mut groups: Vec<String> = entries
            .into_iter()
            .map(SearchEntry::construct)
            .map(|group| group.dn)
            .collect();
        groups.sort();
        Ok(groups)
    }
}

fn first(entry: &SearchEntry, attr: &str) -> Option<String> {
    entry
        .attrs
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(attr))
        .and_then(|(_, values)| values.first())
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// Not disabled (AD) and not locked (OpenLDAP's password policy).
fn usable(entry: &SearchEntry) -> bool {
    let disabled = first(entry, "userAccountControl")
        .and_then(|flags| flags.parse::<u32>().ok())
        .is_some_and(|flags| flags & ACCOUNT_DISABLE != 0);
    !disabled && first(entry, "pwdAccountLockedTime").is_none()
}

fn person_of(entry: SearchEntry, groups: Vec<String>, identifier: &str) -> DirectoryPerson {
    let email = first(&entry, "mail")
        .or_else(|| first(&entry, "userPrincipalName"))
        .unwrap_or_else(|| identifier.trim().to_owned())
        .to_lowercase();
    let common = first(&entry, "cn").unwrap_or_default();
    let (cn_given, cn_surname) = common.split_once(' ').unwrap_or((&common, ""));
    DirectoryPerson {
        given_name: first(&entry, "givenName").unwrap_or_else(|| cn_given.to_owned()),
        surname: first(&entry, "sn").unwrap_or_else(|| cn_surname.to_owned()),
        phone: first(&entry, "telephoneNumber"),
        entry_id: entry_id(&entry),
        email,
        groups,
        dn: entry.dn,
    }
}

/// The entry's permanent id. AD's `objectGUID` is 16 bytes, which ldap3
/// files under the binary attributes unless they happen to be UTF-8.
fn entry_id(entry: &SearchEntry) -> Option<String> {
    if let Some(uuid) = first(entry, "entryUUID") {
        return Some(uuid.to_lowercase());
    }
    let is_guid = |name: &String| name.eq_ignore_ascii_case("objectGUID");
    let guid: Vec<u8> = entry
        .bin_attrs
        .iter()
        .find(|(name, _)| is_guid(name))
        .and_then(|(_, values)| values.first().cloned())
        .or_else(|| {
            entry
                .attrs
                .iter()
                .find(|(name, _)| is_guid(name))
                .and_then(|(_, values)| values.first())
                .map(|value| value.as_bytes().to_vec())
        })?;
    (guid.len() == 16).then(|| guid.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// TLS that trusts the CAs in `ca_file` (PEM) only.
fn tls_config(ca_file: &Path) -> Result<rustls::ClientConfig, String> {
    use rustls::pki_types::{pem::PemObject, CertificateDer};
    let mut roots = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(ca_file)
        .map_err(|e| format!("ldap_ca_file {}: {e}", ca_file.display()))?;
    for cert in certs {
        let cert = cert.map_err(|e| format!("ldap_ca_file {}: {e}", ca_file.display()))?;
        roots
            .add(cert)
            .map_err(|e| format!("ldap_ca_file {}: {e}", ca_file.display()))?;
    }
    if roots.is_empty() {
        return Err(format!(
            "ldap_ca_file {}: no certificate",
            ca_file.display()
        ));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth())
}
