//! The server's half of the password policy (docs/product.md §4): the shared rules of
//! `iam_shared::password`, plus "not a commonly used or breached password",
//! judged by the zxcvbn estimator with its bundled dictionaries of common
//! passwords, names and words, fed the owner's own names and username.

use iam_shared::i18n::{problems, Lang, Msg};
use iam_shared::password::{check, failures, PasswordOwner, RuleCheck, Verdict};
use iam_shared::rules::PASSWORD_MAX_CHARS;
use zxcvbn::feedback::{Suggestion, Warning};

/// Names of this service, guessed first by anyone targeting it (ASVS
/// 6.2.11, context-specific words): a password that contains one is
/// "commonly used". zxcvbn alone rates "ImmTrac2-IAMOnline-2026!" 4 of 4.
pub const SERVICE_WORDS: &[&str] = &["immtrac", "iamonline", "dshs", "hhsc", "password"];

/// Shortest organization code or name looked for in a password.
const ORGANIZATION_WORD_MIN_CHARS: usize = 3;
/// Shorter codes and names count only as a whole word of the password.
const ORGANIZATION_SEARCH_ANYWHERE_CHARS: usize = 5;

/// The lowest zxcvbn score a new password may have (0–4; 3 = "safely
/// unguessable: moderate protection from offline slow-hash scenario").
pub const MIN_STRENGTH: u8 = 3;

/// Every rule's verdict and the strength.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub checks: Vec<RuleCheck>,
    pub strength: u8,
    /// What would make the password stronger, most useful first.
    pub feedback: Vec<Msg>,
}

impl Evaluation {
    /// The feedback as one paragraph in `lang`; `None` when there is none.
    pub fn feedback_in(&self, lang: Lang) -> Option<String> {
        let parts: Vec<&str> = self.feedback.iter().map(|msg| lang.text(*msg)).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// The rules that failed (`not_recent` stays unchecked until the history is read).
    pub fn failed(&self) -> Vec<&'static str> {
        failures(&self.checks)
    }
}

/// The owner's organizations as a password check sees them: each code and
/// name lowercased, letters and digits only ("ACME-01" → "acme01"). Long
/// ones are searched anywhere in the password's letters and digits; short
/// ones ("ACE", "123") only as a whole word of it, or "Grace" and every
/// "123" would fail. The name's words also feed the estimator.
#[derive(Debug, Default)]
struct OrganizationWords {
    anywhere: Vec<String>,
    whole_word: Vec<String>,
    estimator_inputs: Vec<String>,
}

fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

fn words_of(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

impl OrganizationWords {
    fn of(organizations: &[(&str, &str)]) -> Self {
        let mut words = Self::default();
        for (code, name) in organizations {
            for whole in [compact(code), compact(name)] {
                match whole.chars().count() {
                    n if n >= ORGANIZATION_SEARCH_ANYWHERE_CHARS => words.anywhere.push(whole),
                    n if n >= ORGANIZATION_WORD_MIN_CHARS => words.whole_word.push(whole),
                    _ => {}
                }
            }
            words.estimator_inputs.extend(
                words_of(name).filter(|w| w.chars().count() >= ORGANIZATION_WORD_MIN_CHARS),
            );
        }
        words
            .estimator_inputs
            .extend(words.anywhere.iter().cloned());
        words
            .estimator_inputs
            .extend(words.whole_word.iter().cloned());
        words
    }

    fn found_in(&self, password: &str) -> bool {
        let compacted = compact(password);
        self.anywhere.iter().any(|w| compacted.contains(w.as_str()))
            || words_of(password).any(|word| self.whole_word.contains(&word))
    }
}

/// Judge `password` for `owner`, who belongs to `organizations` (code,
/// name). CPU-heavy for long inputs: call it off the request threads.
pub fn evaluate(
    password: &str,
    owner: &PasswordOwner<'_>,
    organizations: &[(&str, &str)],
) -> Evaluation {
    // zxcvbn's work grows quickly with length; past the policy's cap the
    // password fails `max_length` anyway, so only the allowed part is rated.
    let rated: String = password.chars().take(PASSWORD_MAX_CHARS).collect();
    let organization_words = OrganizationWords::of(organizations);
    let inputs: Vec<&str> = [owner.username, owner.first_name, owner.last_name]
        .into_iter()
        .chain(
            organization_words
                .estimator_inputs
                .iter()
                .map(String::as_str),
        )
        .filter(|s| !s.trim().is_empty())
        .collect();
    let entropy = zxcvbn::zxcvbn(&rated, &inputs);
    let strength = u8::from(entropy.score());
    let lower = rated.to_lowercase();
    let names_the_service = SERVICE_WORDS.iter().any(|word| lower.contains(word));
    let names_an_organization = organization_words.found_in(&rated);
    let mut feedback: Vec<Msg> = [
        (names_the_service, problems::FEEDBACK_SERVICE_WORDS),
        (names_an_organization, problems::FEEDBACK_ORGANIZATION_WORDS),
    ]
    .into_iter()
    .filter_map(|(applies, msg)| applies.then_some(msg))
    .collect();
    if let Some(estimated) = entropy.feedback() {
        feedback.extend(estimated.warning().map(warning_text));
        feedback.extend(estimated.suggestions().iter().map(|s| suggestion_text(*s)));
    }
    let guessable = names_the_service || names_an_organization;
    let checks = check(password, owner)
        .into_iter()
        .map(|c| match c.rule {
            "not_common" => RuleCheck {
                verdict: if strength >= MIN_STRENGTH && !rated.is_empty() && !guessable {
                    Verdict::Passed
                } else {
                    Verdict::Failed
                },
                ..c
            },
            _ => c,
        })
        .collect();
    Evaluation {
        checks,
        strength,
        feedback,
    }
}

/// The estimator's warning, from the catalogue (its own text is English only).
fn warning_text(warning: Warning) -> Msg {
    match warning {
        Warning::StraightRowsOfKeysAreEasyToGuess => problems::FEEDBACK_STRAIGHT_ROWS,
        Warning::ShortKeyboardPatternsAreEasyToGuess => problems::FEEDBACK_SHORT_KEYBOARD_PATTERNS,
        Warning::RepeatsLikeAaaAreEasyToGuess => problems::FEEDBACK_REPEATS_AAA,
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => problems::FEEDBACK_REPEATS_ABCABC,
        Warning::ThisIsATop10Password => problems::FEEDBACK_TOP10,
        Warning::ThisIsATop100Password => problems::FEEDBACK_TOP100,
        Warning::ThisIsACommonPassword => problems::FEEDBACK_COMMON,
        Warning::ThisIsSimilarToACommonlyUsedPassword => problems::FEEDBACK_SIMILAR_COMMON,
        Warning::SequencesLikeAbcAreEasyToGuess => problems::FEEDBACK_SEQUENCES,
        Warning::RecentYearsAreEasyToGuess => problems::FEEDBACK_RECENT_YEARS,
        Warning::AWordByItselfIsEasyToGuess => problems::FEEDBACK_SINGLE_WORD,
        Warning::DatesAreOftenEasyToGuess => problems::FEEDBACK_DATES,
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => problems::FEEDBACK_NAMES_ALONE,
        Warning::CommonNamesAndSurnamesAreEasyToGuess => problems::FEEDBACK_COMMON_NAMES,
    }
}

/// The estimator's suggestion, from the catalogue.
fn suggestion_text(suggestion: Suggestion) -> Msg {
    match suggestion {
        Suggestion::UseAFewWordsAvoidCommonPhrases => problems::FEEDBACK_USE_A_FEW_WORDS,
        Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => {
            problems::FEEDBACK_NO_NEED_FOR_SYMBOLS
        }
        Suggestion::AddAnotherWordOrTwo => problems::FEEDBACK_ADD_A_WORD,
        Suggestion::CapitalizationDoesntHelpVeryMuch => problems::FEEDBACK_CAPITALIZATION,
        Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => {
            problems::FEEDBACK_ALL_UPPERCASE
        }
        Suggestion::ReversedWordsArentMuchHarderToGuess => problems::FEEDBACK_REVERSED_WORDS,
        Suggestion::PredictableSubstitutionsDontHelpVeryMuch => problems::FEEDBACK_SUBSTITUTIONS,
        Suggestion::UseALongerKeyboardPatternWithMoreTurns => {
            problems::FEEDBACK_LONGER_KEYBOARD_PATTERN
        }
        Suggestion::AvoidRepeatedWordsAndCharacters => problems::FEEDBACK_AVOID_REPEATS,
        Suggestion::AvoidSequences => problems::FEEDBACK_AVOID_SEQUENCES,
        Suggestion::AvoidRecentYears => problems::FEEDBACK_AVOID_RECENT_YEARS,
        Suggestion::AvoidYearsThatAreAssociatedWithYou => problems::FEEDBACK_AVOID_YOUR_YEARS,
        Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => {
            problems::FEEDBACK_AVOID_YOUR_DATES
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWNER: PasswordOwner<'static> = PasswordOwner {
        username: "JO1234SM",
        first_name: "John",
        last_name: "Smith",
    };

    fn verdict(evaluation: &Evaluation, rule: &str) -> Option<Verdict> {
        evaluation
            .checks
            .iter()
            .find(|c| c.rule == rule)
            .map(|c| c.verdict)
    }

    #[test]
    fn common_passwords_fail_even_when_they_tick_the_character_rules() {
        let evaluation = evaluate("Password12345!!", &OWNER, &[]);
        assert_eq!(verdict(&evaluation, "min_length"), Some(Verdict::Passed));
        assert_eq!(verdict(&evaluation, "not_common"), Some(Verdict::Failed));
        assert!(evaluation.strength < MIN_STRENGTH);
        assert!(!evaluation.feedback.is_empty());
    }

    #[test]
    fn a_long_random_passphrase_passes_everything_but_the_history() {
        let evaluation = evaluate("Violet-Tundra-Gazebo-Quill-82", &OWNER, &[]);
        assert_eq!(evaluation.failed(), Vec::<&str>::new());
        assert!(evaluation.strength >= MIN_STRENGTH);
        assert_eq!(verdict(&evaluation, "not_recent"), Some(Verdict::Unchecked));
    }

    #[test]
    fn the_owners_names_count_as_guessable() {
        let plain = evaluate("Harrington-1987!", &PasswordOwner::default(), &[]);
        let owned = evaluate(
            "Harrington-1987!",
            &PasswordOwner {
                last_name: "Harrington",
                ..OWNER
            },
            &[],
        );
        assert!(owned.strength <= plain.strength);
        assert!(owned.failed().contains(&"not_last_name"));
    }

    #[test]
    fn very_long_inputs_are_rated_only_up_to_the_cap() {
        let evaluation = evaluate(&"Ab1!".repeat(300), &OWNER, &[]);
        assert!(evaluation.failed().contains(&"max_length"));
    }

    #[test]
    fn the_services_own_words_count_as_guessable() {
        for built_from_the_service in [
            "ImmTrac2-Violet-Tundra-26!",
            "Gazebo-iamonline-Quill-9!",
            "My-Password-Is-Long-42!",
        ] {
            let evaluation = evaluate(built_from_the_service, &OWNER, &[]);
            assert!(
                evaluation.failed().contains(&"not_common"),
                "{built_from_the_service}: strength {}",
                evaluation.strength
            );
        }
        let unrelated = evaluate("Violet-Tundra-Gazebo-Quill-82", &OWNER, &[]);
        assert!(!unrelated.failed().contains(&"not_common"));
        let evaluation = evaluate("ImmTrac2-Violet-Tundra-26!", &OWNER, &[]);
        assert!(evaluation
            .feedback_in(Lang::En)
            .is_some_and(|f| f.contains("names of this service")));
        assert!(evaluation
            .feedback_in(Lang::Es)
            .is_some_and(|f| f.contains("nombres de este servicio")));
    }

    /// The checklist's case (ASVS 6.2.11): user jsmith of org ACME.
    #[test]
    fn the_owners_organizations_count_as_guessable() {
        let jsmith = PasswordOwner {
            username: "jsmith",
            first_name: "Jo",
            last_name: "Smith",
        };
        let acme = [("ACME", "Acme Pediatrics of Travis County")];
        let evaluation = evaluate("acme-jsmith-2025!", &jsmith, &acme);
        assert!(evaluation.failed().contains(&"not_common"));
        for built_from_the_organization in [
            "Violet-Tundra-aCmE-Quill-82",
            "Violet-Tundra-Acme-Pediatrics-8",
        ] {
            let with = evaluate(built_from_the_organization, &OWNER, &acme);
            let without = evaluate(built_from_the_organization, &OWNER, &[]);
            assert!(
                with.failed().contains(&"not_common") && !without.failed().contains(&"not_common"),
                "{built_from_the_organization}"
            );
            assert!(with
                .feedback_in(Lang::En)
                .is_some_and(|f| f.contains("your organizations")));
        }
        let numeric = [("40512", "Hill Country Clinic")];
        assert!(evaluate("Violet-Tundra-40512-Quill", &OWNER, &numeric)
            .failed()
            .contains(&"not_common"));
        // Short codes count as whole words only: "ACE" is not refused in "Grace".
        let short = [("ACE", "Ace Clínica San José")];
        assert!(evaluate("Violet-Tundra-ace-Quill-82", &OWNER, &short)
            .failed()
            .contains(&"not_common"));
        assert_eq!(
            evaluate("Violet-Tundra-Grace-Quill-82", &OWNER, &short).failed(),
            Vec::<&str>::new()
        );
        assert!(evaluate("Violet-AceClínicaSanJosé-8", &OWNER, &short)
            .failed()
            .contains(&"not_common"));
        let unrelated = evaluate("Violet-Tundra-Gazebo-Quill-82", &OWNER, &acme);
        assert_eq!(unrelated.failed(), Vec::<&str>::new());
    }
}
