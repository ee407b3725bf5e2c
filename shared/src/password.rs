//! The password policy of docs/product.md §4, once, for the server (which enforces it)
//! and the browser (which ticks each requirement as the user types).
//!
//! Two rules need what only the server has — the stored password history
//! and the strength estimator's dictionaries — so here they are
//! [`Verdict::Unchecked`]; the server fills them in.

use crate::rules::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, PASSWORD_RULES};

/// Whose password it is: the rules forbid their own names.
#[derive(Debug, Clone, Copy, Default)]
pub struct PasswordOwner<'a> {
    pub username: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
}

/// One rule's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    Failed,
    /// Only the server can tell (history, common passwords).
    Unchecked,
}

/// A rule id of [`PASSWORD_RULES`] with its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleCheck {
    pub rule: &'static str,
    pub verdict: Verdict,
}

/// Shortest run of the username that may not appear in the password.
const USERNAME_RUN: usize = 3;
/// Names shorter than this are not searched for ("Al" is in "personal").
const NAME_MIN_CHARS: usize = 3;

fn verdict(passed: bool) -> Verdict {
    if passed {
        Verdict::Passed
    } else {
        Verdict::Failed
    }
}

/// Does `password` contain any run of [`USERNAME_RUN`] or more characters
/// of `username`, ignoring case?
fn contains_username_run(password: &str, username: &str) -> bool {
    let username: Vec<char> = username.trim().to_lowercase().chars().collect();
    if username.len() < USERNAME_RUN {
        return false;
    }
    username
        .windows(USERNAME_RUN)
        .any(|run| password.contains(&run.iter().collect::<String>()))
}

/// Does `password` contain the name, ignoring case?
fn contains_name(password: &str, name: &str) -> bool {
    let name = name.trim().to_lowercase();
    name.chars().count() >= NAME_MIN_CHARS && password.contains(&name)
}

/// A symbol: anything printable that is neither a letter, a digit nor a
/// blank (punctuation, signs, emoji).
fn is_symbol(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace() && !c.is_control()
}

/// Check `password` against every rule, in the order of [`PASSWORD_RULES`].
/// Lengths count Unicode characters; nothing is trimmed or truncated.
pub fn check(password: &str, owner: &PasswordOwner<'_>) -> Vec<RuleCheck> {
    let length = password.chars().count();
    let lower = password.to_lowercase();
    PASSWORD_RULES
        .iter()
        .map(|(rule, _)| RuleCheck {
            rule,
            verdict: match *rule {
                "min_length" => verdict(length >= PASSWORD_MIN_CHARS),
                "lowercase" => verdict(password.chars().any(char::is_lowercase)),
                "uppercase" => verdict(password.chars().any(char::is_uppercase)),
                "number" => verdict(password.chars().any(char::is_numeric)),
                "symbol" => verdict(password.chars().any(is_symbol)),
                "no_username" => verdict(!contains_username_run(&lower, owner.username)),
                "not_first_name" => verdict(!contains_name(&lower, owner.first_name)),
                "not_last_name" => verdict(!contains_name(&lower, owner.last_name)),
                "max_length" => verdict(length <= PASSWORD_MAX_CHARS),
                _ => Verdict::Unchecked,
            },
        })
        .collect()
}

/// The ids of the failed rules among `checks` (unchecked ones are not failures).
pub fn failures(checks: &[RuleCheck]) -> Vec<&'static str> {
    checks
        .iter()
        .filter(|c| c.verdict == Verdict::Failed)
        .map(|c| c.rule)
        .collect()
}

/// The ids of the rules `password` fails.
pub fn failed_rules(password: &str, owner: &PasswordOwner<'_>) -> Vec<&'static str> {
    failures(&check(password, owner))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWNER: PasswordOwner<'static> = PasswordOwner {
        username: "JO1234SM",
        first_name: "John",
        last_name: "Smith",
    };

    fn outcome(password: &str, rule: &str) -> Verdict {
        check(password, &OWNER)
            .into_iter()
            .find(|c| c.rule == rule)
            .map(|c| c.verdict)
            .unwrap_or(Verdict::Unchecked)
    }

    #[test]
    fn a_strong_password_passes_every_rule_the_browser_can_check() {
        assert_eq!(
            failed_rules("Correct-Horse-Battery-9", &OWNER),
            Vec::<&str>::new()
        );
        let server_only: Vec<_> = check("Correct-Horse-Battery-9", &OWNER)
            .into_iter()
            .filter(|c| c.verdict == Verdict::Unchecked)
            .map(|c| c.rule)
            .collect();
        assert_eq!(server_only, ["not_recent", "not_common"]);
    }

    #[test]
    fn fifteen_characters_pass_and_fourteen_fail_counting_characters_not_bytes() {
        assert_eq!(outcome("Aa1!aaaaaaaaaaa", "min_length"), Verdict::Passed);
        assert_eq!(outcome("Aa1!aaaaaaaaaa", "min_length"), Verdict::Failed);
        let fifteen = format!("Ä1!{}", "ä".repeat(12));
        assert!(fifteen.len() > 15, "more bytes than characters");
        assert_eq!(outcome(&fifteen, "min_length"), Verdict::Passed);
        assert_eq!(outcome(&"é".repeat(14), "min_length"), Verdict::Failed);
    }

    #[test]
    fn the_cap_is_128_characters_and_nothing_is_truncated() {
        let at_cap = format!("Aa1!{}", "x".repeat(124));
        assert_eq!(outcome(&at_cap, "max_length"), Verdict::Passed);
        assert_eq!(
            outcome(&format!("{at_cap}y"), "max_length"),
            Verdict::Failed
        );
        assert_eq!(
            outcome(&"🔒".repeat(128), "max_length"),
            Verdict::Passed,
            "emoji count once each"
        );
    }

    #[test]
    fn each_character_class_is_recognised_in_any_script() {
        assert_eq!(outcome("ÉCOLE", "lowercase"), Verdict::Failed);
        assert_eq!(outcome("école", "lowercase"), Verdict::Passed);
        assert_eq!(outcome("école", "uppercase"), Verdict::Failed);
        assert_eq!(outcome("Ωmega", "uppercase"), Verdict::Passed);
        assert_eq!(outcome("no digits", "number"), Verdict::Failed);
        assert_eq!(outcome("route 66", "number"), Verdict::Passed);
        assert_eq!(
            outcome("spaces only here", "symbol"),
            Verdict::Failed,
            "a blank is not a symbol"
        );
        assert_eq!(outcome("lock 🔒 emoji", "symbol"), Verdict::Passed);
        assert_eq!(outcome("a-b", "symbol"), Verdict::Passed);
    }

    #[test]
    fn no_run_of_three_username_characters_in_any_case() {
        assert_eq!(outcome("Correct-jo1-Horse", "no_username"), Verdict::Failed);
        assert_eq!(outcome("Correct-4SM-Horse", "no_username"), Verdict::Failed);
        assert_eq!(
            outcome("Correct-J0-1-Horse", "no_username"),
            Verdict::Passed,
            "two characters are fine"
        );
        let short = PasswordOwner {
            username: "ab",
            ..OWNER
        };
        assert!(!failed_rules("xxabxx", &short).contains(&"no_username"));
    }

    #[test]
    fn the_names_are_refused_in_any_case_but_very_short_names_are_not_searched() {
        assert_eq!(
            outcome("I-am-JOHN-2024!x", "not_first_name"),
            Verdict::Failed
        );
        assert_eq!(
            outcome("smithereens-2024!", "not_last_name"),
            Verdict::Failed
        );
        assert_eq!(
            outcome("Correct-Horse-Battery-9", "not_first_name"),
            Verdict::Passed
        );
        let al = PasswordOwner {
            first_name: "Al",
            ..OWNER
        };
        assert!(!failed_rules("Personal-Battery-9", &al).contains(&"not_first_name"));
    }

    #[test]
    fn every_rule_of_the_list_is_checked_in_order() {
        let rules: Vec<_> = check("x", &OWNER).into_iter().map(|c| c.rule).collect();
        let listed: Vec<_> = PASSWORD_RULES.iter().map(|(rule, _)| *rule).collect();
        assert_eq!(rules, listed);
    }
}
