//! What the agency directory's answers mean (docs/directory.md), with no
//! network: a bind's result code, Active Directory's sub-code in the
//! diagnostic text and OpenLDAP's password-policy control become one
//! [`DirectoryRefusal`]; directory groups become portal memberships.

use iam_shared::i18n::{problems, Msg};
use iam_shared::types::MembershipRole;
use iam_shared::ErrorCode;

/// Why the directory did not let the person in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectoryRefusal {
    /// A wrong password, or nobody by that name: never told apart.
    InvalidCredentials,
    /// Locked out in the directory (too many failures, or an administrator).
    Locked,
    /// The password is older than the directory allows.
    PasswordExpired,
    /// An administrator set the password: the person must choose a new one.
    MustChangePassword,
    /// The account is disabled in the directory.
    Disabled,
    /// The account's end date has passed.
    AccountExpired,
    /// Not allowed to sign in at this time or from here (AD 530, 531).
    Restricted,
}

impl DirectoryRefusal {
    /// Does the directory give this answer only to the right password?
    /// Only then may the person be told: anyone else learns nothing more
    /// than "incorrect" (an AD lockout, 775, comes whatever the password).
    pub const fn password_was_right(self) -> bool {
        !matches!(self, Self::InvalidCredentials | Self::Locked)
    }

    /// The audit event of this refusal.
    pub const fn event(self) -> &'static str {
        match self {
            Self::InvalidCredentials => "directory_signin_failed",
            Self::Locked => "directory_account_locked",
            Self::PasswordExpired => "directory_password_expired",
            Self::MustChangePassword => "directory_password_must_change",
            Self::Disabled => "directory_account_disabled",
            Self::AccountExpired => "directory_account_expired",
            Self::Restricted => "directory_signin_restricted",
        }
    }

    /// The problem's code when the person is told.
    pub const fn code(self) -> ErrorCode {
        match self {
            Self::InvalidCredentials => ErrorCode::InvalidCredentials,
            Self::Locked => ErrorCode::DirectoryLocked,
            Self::PasswordExpired => ErrorCode::DirectoryPasswordExpired,
            Self::MustChangePassword => ErrorCode::DirectoryPasswordChangeRequired,
            Self::Disabled => ErrorCode::DirectoryAccountDisabled,
            Self::AccountExpired => ErrorCode::DirectoryAccountExpired,
            Self::Restricted => ErrorCode::DirectorySigninRestricted,
        }
    }

    /// What the person is told (the help desk runs the directory).
    pub const fn message(self) -> Msg {
        match self {
            Self::InvalidCredentials => problems::DIRECTORY_INVALID_CREDENTIALS,
            Self::Locked => problems::DIRECTORY_LOCKED,
            Self::PasswordExpired => problems::DIRECTORY_PASSWORD_EXPIRED,
            Self::MustChangePassword => problems::DIRECTORY_MUST_CHANGE_PASSWORD,
            Self::Disabled => problems::DIRECTORY_DISABLED,
            Self::AccountExpired => problems::DIRECTORY_ACCOUNT_EXPIRED,
            Self::Restricted => problems::DIRECTORY_RESTRICTED,
        }
    }
}

/// OID of the password-policy request and response control
/// (draft-behera-ldap-password-policy), which OpenLDAP's ppolicy answers.
pub const PPOLICY_OID: &str = "1.3.6.1.4.1.42.2.27.8.5.1";

/// `invalidCredentials`.
const RC_INVALID_CREDENTIALS: u32 = 49;

/// The meaning of a bind's answer: `rc`, the diagnostic `text` and the
/// value of the password-policy response control, if any. `Ok`: the
/// person is in.
pub fn bind_outcome(rc: u32, text: &str, ppolicy: Option<&[u8]>) -> Result<(), DirectoryRefusal> {
    let policy_error = ppolicy.and_then(ppolicy_error);
    match (rc, policy_error) {
        // The right password, but the policy still says no.
        (_, Some(PolicyError::ChangeAfterReset)) => Err(DirectoryRefusal::MustChangePassword),
        (0, _) => Ok(()),
        (_, Some(PolicyError::PasswordExpired)) => Err(DirectoryRefusal::PasswordExpired),
        (_, Some(PolicyError::AccountLocked)) => Err(DirectoryRefusal::Locked),
        (RC_INVALID_CREDENTIALS, _) => Err(active_directory_refusal(text)),
        _ => Err(DirectoryRefusal::InvalidCredentials),
    }
}

/// Active Directory's reason, the hex sub-code after "data " in the
/// diagnostic text ("80090308: LdapErr: DSID-0C09042A, comment:
/// AcceptSecurityContext error, data 775, v4563").
fn active_directory_refusal(text: &str) -> DirectoryRefusal {
    let code = text
        .split(", ")
        .find_map(|part| part.trim().strip_prefix("data "))
        .map(|code| code.trim().to_ascii_lowercase());
    match code.as_deref() {
        Some("530" | "531") => DirectoryRefusal::Restricted,
        Some("532") => DirectoryRefusal::PasswordExpired,
        Some("533") => DirectoryRefusal::Disabled,
        Some("701") => DirectoryRefusal::AccountExpired,
        Some("773") => DirectoryRefusal::MustChangePassword,
        Some("775") => DirectoryRefusal::Locked,
        // 525 (no such user), 52e (wrong password) and anything unknown.
        _ => DirectoryRefusal::InvalidCredentials,
    }
}

/// The password-policy control's errors the portal acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PolicyError {
    PasswordExpired,
    AccountLocked,
    ChangeAfterReset,
}

/// The `error [1] ENUMERATED` of a PasswordPolicyResponseValue:
/// `SEQUENCE { warning [0] CHOICE {…} OPTIONAL, error [1] ENUMERATED
/// OPTIONAL }`, in BER with definite lengths. Anything malformed reads as
/// "no error": the bind's result code still refuses.
fn ppolicy_error(value: &[u8]) -> Option<PolicyError> {
    let (tag, body, _) = ber_element(value)?;
    if tag != 0x30 {
        return None;
    }
    let mut rest = body;
    while !rest.is_empty() {
        let (tag, content, after) = ber_element(rest)?;
        if tag == 0x81 {
            return match content {
                [0] => Some(PolicyError::PasswordExpired),
                [1] => Some(PolicyError::AccountLocked),
                [2] => Some(PolicyError::ChangeAfterReset),
                _ => None,
            };
        }
        rest = after;
    }
    None
}

/// One BER element: (tag, content, what follows). Short and long definite
/// lengths only.
fn ber_element(bytes: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = bytes.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first & 0x80 == 0 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let (digits, rest) = rest.split_at(count);
        let len = digits
            .iter()
            .fold(0usize, |len, digit| (len << 8) | usize::from(*digit));
        (len, rest)
    };
    if rest.len() < len {
        return None;
    }
    let (content, after) = rest.split_at(len);
    Some((tag, content, after))
}

/// `IAM_LDAP_GROUP_ROLES`: directory groups, by their full DN (a name
/// alone could be anyone's group), → a role in a portal organization,
/// `;`-separated: `cn=iam-support,ou=groups,dc=hhs,dc=example=DSHS01:support`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupRoles(Vec<(String, String, MembershipRole)>);

/// A DN as compared: lower case, no blanks around `,` and `=`.
fn normal_dn(dn: &str) -> String {
    dn.split(',')
        .map(|rdn| rdn.split('=').map(str::trim).collect::<Vec<_>>().join("="))
        .collect::<Vec<_>>()
        .join(",")
        .to_lowercase()
}

impl GroupRoles {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut entries = Vec::new();
        for entry in text.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            let expected = || format!("`{entry}`: expected group-DN=ORG:role");
            let (group, grant) = entry.rsplit_once('=').ok_or_else(expected)?;
            let (org, role) = grant.split_once(':').ok_or_else(expected)?;
            let role = MembershipRole::parse(role.trim())
                .ok_or_else(|| format!("`{entry}`: unknown role `{}`", role.trim()))?;
            let (group, org) = (group.trim(), org.trim());
            if !group.contains('=') || org.is_empty() {
                return Err(expected());
            }
            entries.push((normal_dn(group), org.to_uppercase(), role));
        }
        Ok(Self(entries))
    }

    /// The organizations the mapping manages: memberships in them follow
    /// the directory; others are support's to grant.
    pub fn organizations(&self) -> Vec<String> {
        let mut orgs: Vec<String> = self.0.iter().map(|(_, org, _)| org.clone()).collect();
        orgs.sort();
        orgs.dedup();
        orgs
    }

    /// The memberships of a person in the groups `dns`: one per
    /// organization, the strongest role where several groups grant one.
    pub fn memberships(&self, dns: &[String]) -> Vec<(String, MembershipRole)> {
        let held: Vec<String> = dns.iter().map(|dn| normal_dn(dn)).collect();
        let mut granted: Vec<(String, MembershipRole)> = Vec::new();
        for (group, org, role) in &self.0 {
            if !held.contains(group) {
                continue;
            }
            match granted.iter_mut().find(|(o, _)| o == org) {
                Some((_, best)) if rank(*role) > rank(*best) => *best = *role,
                Some(_) => {}
                None => granted.push((org.clone(), *role)),
            }
        }
        granted.sort_by(|a, b| a.0.cmp(&b.0));
        granted
    }
}

const fn rank(role: MembershipRole) -> u8 {
    match role {
        MembershipRole::User => 0,
        MembershipRole::Poc => 1,
        MembershipRole::Support => 2,
        MembershipRole::Admin => 3,
    }
}

/// A user filter with the typed identifier put in place of
/// `{identifier}`, escaped by `escape` (RFC 4515) so that `*`, `(`, `)`,
/// `\` and NUL match themselves and nothing else.
pub fn user_filter(template: &str, identifier: &str, escape: impl Fn(&str) -> String) -> String {
    template.replace("{identifier}", &escape(identifier))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openldap_password_policy_controls_are_read() {
        // As slapd 2.5 sends them (ldapwhoami -e ppolicy).
        let locked = [0x30, 0x03, 0x81, 0x01, 0x01];
        let expired = [0x30, 0x03, 0x81, 0x01, 0x00];
        let reset = [0x30, 0x03, 0x81, 0x01, 0x02];
        let warning = [0x30, 0x07, 0xa0, 0x05, 0x80, 0x03, 0x01, 0x51, 0x67];
        let grace_then_error = [0x30, 0x08, 0xa0, 0x03, 0x81, 0x01, 0x01, 0x81, 0x01, 0x00];
        assert_eq!(
            bind_outcome(49, "", Some(&locked)),
            Err(DirectoryRefusal::Locked)
        );
        assert_eq!(
            bind_outcome(49, "", Some(&expired)),
            Err(DirectoryRefusal::PasswordExpired)
        );
        assert_eq!(
            bind_outcome(0, "", Some(&reset)),
            Err(DirectoryRefusal::MustChangePassword)
        );
        assert_eq!(bind_outcome(0, "", Some(&warning)), Ok(()));
        assert_eq!(bind_outcome(0, "", Some(&[0x30, 0x00])), Ok(()));
        assert_eq!(
            bind_outcome(49, "", Some(&grace_then_error)),
            Err(DirectoryRefusal::PasswordExpired)
        );
        assert_eq!(
            bind_outcome(49, "", None),
            Err(DirectoryRefusal::InvalidCredentials)
        );
    }

    #[test]
    fn malformed_controls_leave_the_result_code_in_charge() {
        for junk in [
            &[][..],
            &[0x30],
            &[0x30, 0x05, 0x81, 0x01],
            &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff],
            &[0x04, 0x03, 0x81, 0x01, 0x01],
            &[0x30, 0x03, 0x81, 0x01, 0x09],
        ] {
            assert_eq!(
                bind_outcome(49, "", Some(junk)),
                Err(DirectoryRefusal::InvalidCredentials),
                "{junk:?}"
            );
            assert_eq!(bind_outcome(0, "", Some(junk)), Ok(()), "{junk:?}");
        }
    }

    #[test]
    fn active_directory_sub_codes_are_understood() {
        let ad = |code: &str| {
            format!("80090308: LdapErr: DSID-0C09042A, comment: AcceptSecurityContext error, data {code}, v4563\u{0}")
        };
        for (code, refusal) in [
            ("525", DirectoryRefusal::InvalidCredentials),
            ("52e", DirectoryRefusal::InvalidCredentials),
            ("52E", DirectoryRefusal::InvalidCredentials),
            ("530", DirectoryRefusal::Restricted),
            ("531", DirectoryRefusal::Restricted),
            ("532", DirectoryRefusal::PasswordExpired),
            ("533", DirectoryRefusal::Disabled),
            ("701", DirectoryRefusal::AccountExpired),
            ("773", DirectoryRefusal::MustChangePassword),
            ("775", DirectoryRefusal::Locked),
            ("999", DirectoryRefusal::InvalidCredentials),
        ] {
            assert_eq!(bind_outcome(49, &ad(code), None), Err(refusal), "{code}");
        }
        assert_eq!(
            bind_outcome(49, "some other text", None),
            Err(DirectoryRefusal::InvalidCredentials)
        );
        // Another result code (busy, unwilling) is a plain refusal.
        assert_eq!(
            bind_outcome(53, &ad("775"), None),
            Err(DirectoryRefusal::InvalidCredentials)
        );
    }

    #[test]
    fn only_answers_to_the_right_password_are_told() {
        assert!(!DirectoryRefusal::InvalidCredentials.password_was_right());
        assert!(!DirectoryRefusal::Locked.password_was_right());
        for told in [
            DirectoryRefusal::PasswordExpired,
            DirectoryRefusal::MustChangePassword,
            DirectoryRefusal::Disabled,
            DirectoryRefusal::AccountExpired,
            DirectoryRefusal::Restricted,
        ] {
            assert!(told.password_was_right(), "{told:?}");
        }
    }

    #[test]
    fn groups_map_to_the_strongest_role_per_organization() {
        let roles = GroupRoles::parse(
            " CN=IAM-Support, OU=Groups,DC=hhs,DC=test=dshs01:support; cn=iam-users,ou=groups,dc=hhs,dc=test=DSHS01:user ;cn=iam-admins,ou=groups,dc=hhs,dc=test=DSHS01:admin;cn=auditors,ou=groups,dc=hhs,dc=test=HHSC02:user",
        )
        .unwrap_or_default();
        assert_eq!(roles.organizations(), ["DSHS01", "HHSC02"]);
        let dn = |cn: &str| format!("cn={cn},ou=groups,dc=hhs,dc=test");
        assert_eq!(
            roles.memberships(&[dn("iam-users"), dn("iam-support")]),
            [("DSHS01".to_owned(), MembershipRole::Support)]
        );
        assert_eq!(
            roles.memberships(&[
                "CN=Auditors,OU=Groups,DC=hhs,DC=test".into(),
                dn("IAM-USERS")
            ]),
            [
                ("DSHS01".to_owned(), MembershipRole::User),
                ("HHSC02".to_owned(), MembershipRole::User)
            ]
        );
        // The same name elsewhere in the tree grants nothing.
        assert!(roles
            .memberships(&["cn=iam-admins,ou=anyone,dc=hhs,dc=test".into()])
            .is_empty());
        assert_eq!(GroupRoles::parse(""), Ok(GroupRoles::default()));
        for bad in [
            "iam-support=DSHS01:user",
            "cn=x,dc=y",
            "cn=x,dc=y=DSHS01",
            "cn=x=DSHS01:boss",
            "cn=x=:user",
        ] {
            assert!(GroupRoles::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_identifier_is_escaped_into_the_filter() {
        let escape = |s: &str| s.replace('*', "\\2a");
        assert_eq!(
            user_filter("(|(mail={identifier})(uid={identifier}))", "a*", escape),
            "(|(mail=a\\2a)(uid=a\\2a))"
        );
    }
}
