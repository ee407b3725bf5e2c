//! Who must verify with what (docs/authenticators.md, "Policy"): an
//! assurance per role and per organization, the strongest of a user's
//! memberships winning. Staff (support, admin) default to a
//! phishing-resistant method (a passkey); everyone else may use the
//! e-mail code, an app or a passkey.

use std::collections::BTreeMap;

use iam_shared::types::MembershipRole;

use super::signin::SecondFactor;

iam_shared::wire_enum! {
    /// What a sign-in's second factor must prove, weakest first.
    Assurance {
        /// The e-mail code, an authenticator app or a passkey.
        Any = "any",
        /// An authenticator app or a passkey: multi-factor.
        Mfa = "mfa",
        /// A passkey: multi-factor that a look-alike site cannot relay.
        PhishingResistant = "phishing_resistant",
    }
}

impl Assurance {
    const fn rank(self) -> u8 {
        match self {
            Self::Any => 0,
            Self::Mfa => 1,
            Self::PhishingResistant => 2,
        }
    }

    /// The stronger of two.
    pub const fn max(self, other: Self) -> Self {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }

    /// Does `self` meet `required`?
    pub const fn meets(self, required: Self) -> bool {
        self.rank() >= required.rank()
    }

    /// What a second factor proves (`None`: there was none).
    pub const fn of(factor: SecondFactor) -> Option<Self> {
        match factor {
            SecondFactor::None => None,
            SecondFactor::EmailCode => Some(Self::Any),
            SecondFactor::AppCode => Some(Self::Mfa),
            SecondFactor::Passkey { .. } => Some(Self::PhishingResistant),
        }
    }
}

/// The policy: a default, and what a role or an organization (by org code)
/// requires of its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatorPolicy {
    pub default: Assurance,
    pub roles: Vec<(MembershipRole, Assurance)>,
    pub organizations: BTreeMap<String, Assurance>,
}

/// `key=value,key=value` (blank: none).
fn pairs(text: &str) -> Result<Vec<(&str, Assurance)>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("`{pair}` is not key=assurance"))?;
            let assurance = Assurance::parse(value.trim()).ok_or_else(|| {
                format!("`{}` is not any, mfa or phishing_resistant", value.trim())
            })?;
            Ok((key.trim(), assurance))
        })
        .collect()
}

impl AuthenticatorPolicy {
    /// From the settings' three texts: the default assurance, and
    /// `role=assurance,…`, `org_code=assurance,…`.
    pub fn parse(default: &str, roles: &str, organizations: &str) -> Result<Self, String> {
        let default = Assurance::parse(default.trim())
            .ok_or_else(|| format!("`{default}` is not any, mfa or phishing_resistant"))?;
        let roles = pairs(roles)?
            .into_iter()
            .map(|(role, assurance)| {
                MembershipRole::parse(role)
                    .map(|role| (role, assurance))
                    .ok_or_else(|| format!("`{role}` is not a role (user, poc, support, admin)"))
            })
            .collect::<Result<_, String>>()?;
        let organizations = pairs(organizations)?
            .into_iter()
            .map(|(org, assurance)| (org.to_owned(), assurance))
            .collect();
        Ok(Self {
            default,
            roles,
            organizations,
        })
    }

    /// What a user with these memberships (org code, role) must use: the
    /// strongest of the default, their roles' and their organizations'.
    pub fn required(&self, memberships: &[(String, MembershipRole)]) -> Assurance {
        memberships
            .iter()
            .fold(self.default, |required, (org_code, role)| {
                let by_role = self
                    .roles
                    .iter()
                    .find(|(r, _)| r == role)
                    .map_or(Assurance::Any, |(_, a)| *a);
                let by_org = self
                    .organizations
                    .get(org_code)
                    .copied()
                    .unwrap_or(Assurance::Any);
                required.max(by_role).max(by_org)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> AuthenticatorPolicy {
        AuthenticatorPolicy::parse(
            "any",
            "support=phishing_resistant, admin=phishing_resistant",
            "12345=mfa",
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_strongest_membership_decides() {
        let p = policy();
        let member = |org: &str, role| (org.to_owned(), role);
        assert_eq!(p.required(&[]), Assurance::Any);
        assert_eq!(
            p.required(&[member("67890", MembershipRole::User)]),
            Assurance::Any
        );
        assert_eq!(
            p.required(&[member("12345", MembershipRole::User)]),
            Assurance::Mfa
        );
        assert_eq!(
            p.required(&[
                member("12345", MembershipRole::Poc),
                member("99999", MembershipRole::Support)
            ]),
            Assurance::PhishingResistant
        );
    }

    #[test]
    fn only_a_passkey_meets_phishing_resistance_and_the_email_code_only_any() {
        let passkey = SecondFactor::Passkey {
            synced: true,
            with_password: false,
        };
        let met = |factor, required| Assurance::of(factor).is_some_and(|a| a.meets(required));
        assert!(met(passkey, Assurance::PhishingResistant));
        assert!(met(SecondFactor::AppCode, Assurance::Mfa));
        assert!(!met(SecondFactor::AppCode, Assurance::PhishingResistant));
        assert!(met(SecondFactor::EmailCode, Assurance::Any));
        assert!(!met(SecondFactor::EmailCode, Assurance::Mfa));
        assert!(!met(SecondFactor::None, Assurance::Any));
    }

    #[test]
    fn a_policy_that_does_not_parse_says_why() {
        assert!(AuthenticatorPolicy::parse("strong", "", "").is_err());
        assert!(AuthenticatorPolicy::parse("any", "boss=mfa", "").is_err());
        assert!(AuthenticatorPolicy::parse("any", "admin", "").is_err());
        assert!(AuthenticatorPolicy::parse("any", "", "12345=very").is_err());
        assert_eq!(
            AuthenticatorPolicy::parse("mfa", " ", "").map(|p| p.required(&[])),
            Ok(Assurance::Mfa)
        );
    }
}
