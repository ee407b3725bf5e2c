//! Which step a sign-in shows next (docs/product.md §3): the factors done so far
//! decide it, whichever door and whichever order they came in.

use iam_shared::NextStep;

use super::ladder::Door;
use super::policy::Assurance;

iam_shared::wire_enum! {
    /// What a sign-in transaction serves: a sign-in at one of the two doors,
    /// or one of the flows that reuse its machinery (stored as `door`).
    TransactionKind {
        ImmTrac2 = "immtrac2",
        IamOnline = "iamonline",
        /// IAMOnline Forgot Password: the e-mail code, then a new password.
        Recovery = "recovery",
        /// A new account's activation: the e-mail code, then a password.
        Activation = "activation",
    }
}

impl TransactionKind {
    /// The sign-in at this door.
    pub const fn signin_at(door: Door) -> Self {
        match door {
            Door::ImmTrac2 => Self::ImmTrac2,
            Door::IamOnline => Self::IamOnline,
        }
    }

    /// The door whose texts and ladder apply: recovery and activation are
    /// IAMOnline screens.
    pub const fn door(self) -> Door {
        match self {
            Self::ImmTrac2 => Door::ImmTrac2,
            Self::IamOnline | Self::Recovery | Self::Activation => Door::IamOnline,
        }
    }

    /// Is this a sign-in (at either door), rather than a recovery or an activation?
    pub const fn is_signin(self) -> bool {
        matches!(self, Self::ImmTrac2 | Self::IamOnline)
    }
}

/// What a sign-in transaction has done so far, and what the user's policy
/// asks of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub password_verified: bool,
    /// What the second factor proved, if one was given: the e-mail code
    /// (`any`), an app's code (`mfa`) or a passkey (`phishing_resistant`).
    pub second_factor: Option<Assurance>,
    /// What the user's policy requires of the second factor.
    pub required: Assurance,
    /// The user has a method that meets `required` (else: set one up).
    pub has_required_method: bool,
    pub agreed: bool,
    pub completed: bool,
}

impl Default for Progress {
    fn default() -> Self {
        Self {
            password_verified: false,
            second_factor: None,
            required: Assurance::Any,
            has_required_method: true,
            agreed: false,
            completed: false,
        }
    }
}

/// What proved the second factor of a sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    /// The password alone (`mfa_required` off).
    None,
    /// The e-mail code: it proves the address, not a second authenticator
    /// (NIST SP 800-63B), so the sign-in is not multi-factor.
    EmailCode,
    /// An authenticator app's code: something the user has.
    AppCode,
    /// A passkey with user verification: both factors on its own, and
    /// phishing-resistant. `synced` passkeys (backup eligible) are software
    /// keys (`swk`), device-bound ones hardware keys (`hwk`); `with_password`
    /// when the password came first.
    Passkey { synced: bool, with_password: bool },
}

impl SecondFactor {
    /// The session's authentication methods (RFC 8176), space-separated:
    /// `mfa` only when a second authenticator was used.
    pub const fn amr(self) -> &'static str {
        match self {
            Self::None => "pwd",
            Self::EmailCode => "pwd otp",
            Self::AppCode => "pwd otp mfa",
            Self::Passkey {
                synced: false,
                with_password: true,
            } => "pwd hwk user mfa",
            Self::Passkey {
                synced: true,
                with_password: true,
            } => "pwd swk user mfa",
            Self::Passkey {
                synced: false,
                with_password: false,
            } => "hwk user mfa",
            Self::Passkey {
                synced: true,
                with_password: false,
            } => "swk user mfa",
        }
    }
}

/// The step after `progress`. With `mfa_required` (or a policy above
/// `any`) both the password and a second factor are needed: the e-mail
/// code in either order, or an app's code or a passkey after the password
/// (the `email_code` step lists the user's methods); without it the
/// password alone. A second factor weaker than the policy asks for leads
/// back to the `email_code` step (now listing only what would do) when
/// the user has such a method, and to "Set up required" when not. The
/// Confidentiality Statement always comes last.
pub fn next_step(progress: Progress, mfa_required: bool) -> NextStep {
    let second_needed = mfa_required || progress.required != Assurance::Any;
    match progress {
        Progress {
            completed: true, ..
        } => NextStep::Done,
        Progress {
            password_verified: false,
            second_factor: None,
            ..
        } => NextStep::ChooseMethod,
        Progress {
            password_verified: false,
            ..
        } => NextStep::Password,
        Progress {
            second_factor: None,
            ..
        } if second_needed => NextStep::EmailCode,
        Progress {
            second_factor: Some(proved),
            required,
            has_required_method,
            ..
        } if !proved.meets(required) => {
            if has_required_method {
                NextStep::EmailCode
            } else {
                NextStep::SetupRequired
            }
        }
        Progress { agreed: false, .. } => NextStep::Confidentiality,
        Progress { agreed: true, .. } => NextStep::Done,
    }
}

/// Mail domains a fake mask picks from while the portal has too few
/// accounts to draw from its own: the common ones.
const FAKE_MASK_DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "aol.com",
];

/// A mail domain of the accounts, and how many accounts use it.
pub type DomainWeight = (String, u64);

/// The masked address shown for an identifier that matches no account
/// (docs/product.md §3.2): plausible and stable, derived from `seed` (a keyed hash of
/// the identifier). Its domain is drawn from `domains` (the domains of the
/// accounts, weighted by how many use them), so fakes look like the real
/// masks a stranger has seen. An identifier that is itself an address is
/// masked as it is — exactly what an account signing in with that address
/// would show. Everything is lower case, as real masks are.
pub fn fake_masked_email(identifier: &str, seed: &[u8], domains: &[DomainWeight]) -> String {
    let identifier = identifier.trim();
    if iam_shared::rules::is_plausible_email(identifier) {
        return iam_shared::rules::mask_email(&identifier.to_lowercase());
    }
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    const LAST: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let byte = |i: usize| usize::from(seed.get(i).copied().unwrap_or(0));
    let domain =
        pick_domain(seed, domains).unwrap_or(FAKE_MASK_DOMAINS[byte(2) % FAKE_MASK_DOMAINS.len()]);
    format!(
        "{}***{}@{}",
        char::from(LETTERS[byte(0) % LETTERS.len()]),
        char::from(LAST[byte(1) % LAST.len()]),
        domain.to_lowercase()
    )
}

/// Weighted rendezvous hashing: every domain scores `-ln(u) / weight`, with
/// `u` in (0, 1] hashed from the seed and the domain, and the lowest score
/// wins. Domains win in proportion to their weight, and a seed keeps its
/// domain while the weights drift (accounts come and go), unlike a
/// modulo over a list.
fn pick_domain<'a>(seed: &[u8], domains: &'a [DomainWeight]) -> Option<&'a str> {
    use sha2::{Digest, Sha256};
    domains
        .iter()
        .filter(|(_, weight)| *weight > 0)
        .map(|(domain, weight)| {
            let digest = Sha256::new()
                .chain_update(seed)
                .chain_update([0])
                .chain_update(domain.as_bytes())
                .finalize();
            let mut first = [0u8; 8];
            first.copy_from_slice(&digest[..8]);
            // Precision loss is irrelevant here: u only ranks domains.
            #[allow(clippy::cast_precision_loss)]
            let (u, weight) = (
                (u64::from_be_bytes(first) as f64 + 1.0) / (u64::MAX as f64 + 2.0),
                *weight as f64,
            );
            (-u.ln() / weight, domain.as_str())
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, domain)| domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fake_masks_are_stable_plausible_and_mask_typed_addresses_as_they_are() {
        let a = fake_masked_email("NO0000NE", &[1, 2, 3], &[]);
        assert_eq!(a, fake_masked_email("NO0000NE", &[1, 2, 3], &[]), "stable");
        assert_ne!(a, fake_masked_email("NO0000NE", &[9, 8, 7], &[]), "seeded");
        assert!(
            a.len() > 8 && a[1..4].eq("***") && a.ends_with(".com"),
            "{a}"
        );
        assert_eq!(
            fake_masked_email("Jane.Doe@dshs.texas.gov", &[0], &[]),
            "j***e@dshs.texas.gov"
        );
    }

    #[test]
    fn fake_domains_come_from_the_accounts_in_proportion_and_stay_put() {
        let domains = vec![
            ("clinic.example".to_owned(), 800),
            ("Mail.Example".to_owned(), 200),
        ];
        let mut clinic = 0;
        for i in 0u32..4000 {
            let seed = i.to_be_bytes();
            let mask = fake_masked_email("NO0000NE", &seed, &domains);
            assert!(
                mask.ends_with("@clinic.example") || mask.ends_with("@mail.example"),
                "{mask}"
            );
            clinic += usize::from(mask.ends_with("@clinic.example"));
        }
        assert!(
            (3040..=3360).contains(&clinic),
            "about 80 %: {clinic} of 4000"
        );
        // A few more accounts hardly move anyone's fake domain.
        let stable = (0u32..1000)
            .filter(|i| {
                let seed = i.to_be_bytes();
                let drifted = vec![
                    ("clinic.example".to_owned(), 805),
                    ("Mail.Example".to_owned(), 201),
                ];
                fake_masked_email("X", &seed, &domains) == fake_masked_email("X", &seed, &drifted)
            })
            .count();
        assert!(stable >= 990, "{stable} of 1000 keep their domain");
    }

    fn progress(password: bool, email: bool, agreed: bool) -> Progress {
        Progress {
            password_verified: password,
            second_factor: email.then_some(Assurance::Any),
            agreed,
            ..Progress::default()
        }
    }

    #[test]
    fn a_policy_above_the_email_code_asks_for_the_method_or_its_set_up() {
        let staff = |proved, has| Progress {
            password_verified: true,
            second_factor: proved,
            required: Assurance::PhishingResistant,
            has_required_method: has,
            ..Progress::default()
        };
        // Even with mfa_required off, the policy asks for a second factor.
        assert_eq!(next_step(staff(None, true), false), NextStep::EmailCode);
        // The e-mail code does not do: the passkey is asked for ...
        assert_eq!(
            next_step(staff(Some(Assurance::Any), true), true),
            NextStep::EmailCode
        );
        assert_eq!(
            next_step(staff(Some(Assurance::Mfa), true), true),
            NextStep::EmailCode
        );
        // ... or, for someone without one, set up before the statement.
        assert_eq!(
            next_step(staff(Some(Assurance::Any), false), true),
            NextStep::SetupRequired
        );
        assert_eq!(
            next_step(staff(Some(Assurance::PhishingResistant), true), true),
            NextStep::Confidentiality
        );
    }

    #[test]
    fn only_an_authenticator_app_makes_a_sign_in_multi_factor() {
        assert_eq!(SecondFactor::None.amr(), "pwd");
        assert_eq!(SecondFactor::EmailCode.amr(), "pwd otp");
        assert!(!SecondFactor::EmailCode.amr().contains("mfa"));
        assert_eq!(SecondFactor::AppCode.amr(), "pwd otp mfa");
    }

    #[test]
    fn password_first_then_the_email_code_then_the_statement() {
        assert_eq!(
            next_step(progress(false, false, false), true),
            NextStep::ChooseMethod
        );
        assert_eq!(
            next_step(progress(true, false, false), true),
            NextStep::EmailCode
        );
        assert_eq!(
            next_step(progress(true, true, false), true),
            NextStep::Confidentiality
        );
        assert_eq!(next_step(progress(true, true, true), true), NextStep::Done);
    }

    #[test]
    fn email_first_then_the_password_no_factor_is_skipped() {
        assert_eq!(
            next_step(progress(false, true, false), true),
            NextStep::Password
        );
        assert_eq!(
            next_step(progress(false, true, true), true),
            NextStep::Password,
            "agreeing never stands in for the password"
        );
    }

    #[test]
    fn without_mfa_the_password_alone_leads_to_the_statement() {
        assert_eq!(
            next_step(progress(true, false, false), false),
            NextStep::Confidentiality
        );
        assert_eq!(
            next_step(progress(false, true, false), false),
            NextStep::Password,
            "the e-mail code never replaces the password"
        );
    }

    #[test]
    fn a_completed_sign_in_is_done() {
        let done = Progress {
            completed: true,
            ..Progress::default()
        };
        assert_eq!(next_step(done, true), NextStep::Done);
    }
}
