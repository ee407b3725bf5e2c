//! Which step a sign-in shows next (SPEC §3): the factors done so far
//! decide it, whichever door and whichever order they came in.

use iam_shared::NextStep;

/// What a sign-in transaction has done so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub password_verified: bool,
    pub email_verified: bool,
    pub agreed: bool,
    pub completed: bool,
}

/// The step after `progress`. With `mfa_required` both the password and
/// the e-mail code are needed, in either order; without it the password
/// alone. The Confidentiality Statement always comes last.
pub fn next_step(progress: Progress, mfa_required: bool) -> NextStep {
    match progress {
        Progress {
            completed: true, ..
        } => NextStep::Done,
        Progress {
            password_verified: false,
            email_verified: false,
            ..
        } => NextStep::ChooseMethod,
        Progress {
            password_verified: false,
            ..
        } => NextStep::Password,
        Progress {
            email_verified: false,
            ..
        } if mfa_required => NextStep::EmailCode,
        Progress { agreed: false, .. } => NextStep::Confidentiality,
        Progress { agreed: true, .. } => NextStep::Done,
    }
}

/// Mail domains a fake mask picks from: the common ones, so a fake looks
/// like most real masks.
const FAKE_MASK_DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "aol.com",
];

/// The masked address shown for an identifier that matches no account
/// (SPEC §3.2): plausible and stable, derived from `seed` (a keyed hash of
/// the identifier). An identifier that is itself an address is masked as
/// it is — exactly what an account signing in with that address would show.
pub fn fake_masked_email(identifier: &str, seed: &[u8]) -> String {
    let identifier = identifier.trim();
    if iam_shared::rules::is_plausible_email(identifier) {
        return iam_shared::rules::mask_email(&identifier.to_lowercase());
    }
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    const LAST: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let byte = |i: usize| usize::from(seed.get(i).copied().unwrap_or(0));
    format!(
        "{}***{}@{}",
        char::from(LETTERS[byte(0) % LETTERS.len()]),
        char::from(LAST[byte(1) % LAST.len()]),
        FAKE_MASK_DOMAINS[byte(2) % FAKE_MASK_DOMAINS.len()]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fake_masks_are_stable_plausible_and_mask_typed_addresses_as_they_are() {
        let a = fake_masked_email("NO0000NE", &[1, 2, 3]);
        assert_eq!(a, fake_masked_email("NO0000NE", &[1, 2, 3]), "stable");
        assert_ne!(a, fake_masked_email("NO0000NE", &[9, 8, 7]), "seeded");
        assert!(
            a.len() > 8 && a[1..4].eq("***") && a.ends_with(".com"),
            "{a}"
        );
        assert_eq!(
            fake_masked_email("Jane.Doe@dshs.texas.gov", &[0]),
            "j***e@dshs.texas.gov"
        );
    }

    fn progress(password: bool, email: bool, agreed: bool) -> Progress {
        Progress {
            password_verified: password,
            email_verified: email,
            agreed,
            completed: false,
        }
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
