//! The failed-password ladder (docs/product.md §3.1): what the answer to a failed
//! sign-in says and what the client must show next, by the number of
//! failures so far. One counter per account serves both doors; unknown
//! identifiers walk the same ladder under a keyed hash, so the answers never
//! reveal whether an account exists.

use iam_shared::i18n::{problems, Msg};
use iam_shared::NextStep;

iam_shared::wire_enum! {
    /// Which front door the attempt came through; texts differ only in naming
    /// the Org Code, which the IAMOnline door does not ask for.
    Door {
        /// ImmTrac2 login: Org Code, Username, Password.
        ImmTrac2 = "immtrac2",
        /// IAMOnline sign-in: identifier first.
        IamOnline = "iamonline",
    }
}

/// The thresholds of the ladder (configuration; 3 and 6 by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LadderPolicy {
    /// Failures after which the password recall step (with CAPTCHA) begins.
    pub recall_after: u32,
    /// Failures that lock the account.
    pub lock_after: u32,
}

/// The answer to one failed attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureAnswer {
    /// The text to show, verbatim from docs/product.md §3.1.
    pub message: Msg,
    pub next_step: NextStep,
    /// Must the next attempt carry a CAPTCHA answer?
    pub captcha_required: bool,
    /// Attempts left before the lock (0 once locked).
    pub attempts_remaining: u32,
    /// Did this failure lock the account?
    pub locked: bool,
}

/// Shown when the account is locked, also to the right password afterwards.
pub const LOCKED_MESSAGE: Msg = problems::LOGIN_ATTEMPTS_EXCEEDED;

const ONE_MORE_ATTEMPT: Msg = problems::ONE_MORE_ATTEMPT;

fn invalid_combination(door: Door) -> Msg {
    match door {
        Door::ImmTrac2 => problems::INVALID_COMBINATION_ORG_CODE,
        Door::IamOnline => problems::INVALID_COMBINATION,
    }
}

fn reenter(door: Door) -> Msg {
    match door {
        Door::ImmTrac2 => problems::REENTER_ORG_CODE,
        Door::IamOnline => problems::REENTER,
    }
}

impl LadderPolicy {
    /// Is a CAPTCHA required with the next attempt after `failures` failures?
    pub fn is_captcha_required(&self, failures: u32) -> bool {
        failures >= self.recall_after
    }

    /// The answer after `failures` failures in total, this one included.
    pub fn after_failure(&self, failures: u32, door: Door) -> FailureAnswer {
        let attempts_remaining = self.lock_after.saturating_sub(failures);
        if failures >= self.lock_after {
            return FailureAnswer {
                message: LOCKED_MESSAGE,
                next_step: NextStep::Locked,
                captcha_required: false,
                attempts_remaining: 0,
                locked: true,
            };
        }
        let (message, next_step) = if failures < self.recall_after {
            // Back to the password entry (the ImmTrac2 login screen or the
            // IAMOnline password step).
            (invalid_combination(door), NextStep::Password)
        } else if failures == self.recall_after {
            (invalid_combination(door), NextStep::Recall)
        } else if attempts_remaining == 1 {
            (ONE_MORE_ATTEMPT, NextStep::Recall)
        } else {
            (reenter(door), NextStep::Recall)
        };
        FailureAnswer {
            message,
            next_step,
            captcha_required: self.is_captcha_required(failures),
            attempts_remaining,
            locked: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: LadderPolicy = LadderPolicy {
        recall_after: 3,
        lock_after: 6,
    };

    #[test]
    fn the_first_two_failures_say_the_combination_is_invalid_and_stay_on_the_login_screen() {
        for failures in [1, 2] {
            let answer = SPEC.after_failure(failures, Door::ImmTrac2);
            assert_eq!(
                answer.message.en, "The Org Code, Username and Password combination is invalid.",
                "failure {failures}"
            );
            assert_eq!(answer.next_step, NextStep::Password, "failure {failures}");
            assert!(
                !answer.captcha_required,
                "no CAPTCHA before the recall step (failure {failures})"
            );
            assert!(!answer.locked);
        }
    }

    #[test]
    fn the_third_failure_moves_to_the_recall_step_with_a_captcha() {
        let answer = SPEC.after_failure(3, Door::ImmTrac2);
        assert_eq!(
            answer.message.en,
            "The Org Code, Username and Password combination is invalid."
        );
        assert_eq!(answer.next_step, NextStep::Recall);
        assert!(answer.captcha_required);
        assert_eq!(answer.attempts_remaining, 3);
    }

    #[test]
    fn the_fourth_failure_asks_to_re_enter_the_information() {
        let answer = SPEC.after_failure(4, Door::ImmTrac2);
        assert_eq!(
            answer.message.en,
            "The Org Code, Username, or password entered is invalid. Please re-enter your user information."
        );
        assert_eq!(answer.next_step, NextStep::Recall);
        assert!(answer.captcha_required);
    }

    #[test]
    fn the_fifth_failure_warns_of_the_last_attempt() {
        let answer = SPEC.after_failure(5, Door::ImmTrac2);
        assert_eq!(
            answer.message.en,
            "You have one more attempt to enter correct user information before your account will be locked."
        );
        assert_eq!(answer.attempts_remaining, 1);
        assert!(!answer.locked);
    }

    #[test]
    fn the_sixth_failure_locks_the_account() {
        for failures in [6, 7, 100] {
            let answer = SPEC.after_failure(failures, Door::ImmTrac2);
            assert!(answer.locked, "failure {failures}");
            assert_eq!(answer.message, LOCKED_MESSAGE);
            assert_eq!(answer.next_step, NextStep::Locked);
            assert_eq!(answer.attempts_remaining, 0);
        }
    }

    #[test]
    fn the_iamonline_door_drops_the_org_code_from_the_texts() {
        for failures in 1..=5 {
            let answer = SPEC.after_failure(failures, Door::IamOnline);
            assert!(
                !answer.message.en.contains("Org Code"),
                "failure {failures}: {}",
                answer.message.en
            );
            let immtrac2 = SPEC.after_failure(failures, Door::ImmTrac2);
            assert_eq!(
                answer.next_step, immtrac2.next_step,
                "same ladder on both doors (failure {failures})"
            );
            assert_eq!(answer.captcha_required, immtrac2.captcha_required);
        }
    }

    #[test]
    fn configured_thresholds_move_every_rung() {
        let strict = LadderPolicy {
            recall_after: 2,
            lock_after: 4,
        };
        assert_eq!(
            strict.after_failure(1, Door::ImmTrac2).next_step,
            NextStep::Password
        );
        assert_eq!(
            strict.after_failure(2, Door::ImmTrac2).next_step,
            NextStep::Recall
        );
        assert_eq!(
            strict.after_failure(3, Door::ImmTrac2).message,
            ONE_MORE_ATTEMPT
        );
        assert!(strict.after_failure(4, Door::ImmTrac2).locked);
    }
}
