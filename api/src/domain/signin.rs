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

#[cfg(test)]
mod tests {
    use super::*;

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
