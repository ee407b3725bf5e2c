//! Rules that must give the same answer in the browser and on the server.
//! Plain functions and constants, no dependencies: they ship in the WASM bundle.

use crate::i18n::{account, fill, Msg};

/// Longest accepted first or last name, in characters.
pub const NAME_MAX_CHARS: usize = 64;
/// Longest accepted organization name, in characters.
pub const ORGANIZATION_NAME_MAX_CHARS: usize = 100;
/// Longest accepted e-mail address (RFC 5321 path limit), in characters.
pub const EMAIL_MAX_CHARS: usize = 254;
/// Longest accepted username (central office users sign in with an e-mail).
pub const USERNAME_MAX_CHARS: usize = EMAIL_MAX_CHARS;
/// Longest accepted organization code.
pub const ORG_CODE_MAX_CHARS: usize = 32;
/// Shortest password the policy accepts (docs/product.md §4).
pub const PASSWORD_MIN_CHARS: usize = 15;
/// Longest password the policy accepts (docs/product.md §4); never truncated.
pub const PASSWORD_MAX_CHARS: usize = 128;
/// How many previous passwords may not be reused (docs/product.md §4).
pub const PASSWORD_HISTORY_DEPTH: usize = 24;
/// Digits in an e-mail verification code (docs/product.md §3.2).
pub const EMAIL_CODE_DIGITS: usize = 6;

/// The rules of the password policy, in the order the screens list them.
/// `id` is stable (the SPA and `POST /password/evaluate` key on it); the
/// description is a catalogue text (`GET /config` renders it in the
/// request's language, the SPA in the page's).
pub const PASSWORD_RULES: &[(&str, Msg)] = &[
    ("min_length", account::RULE_MIN_LENGTH),
    ("lowercase", account::RULE_LOWERCASE),
    ("uppercase", account::RULE_UPPERCASE),
    ("number", account::RULE_NUMBER),
    ("symbol", account::RULE_SYMBOL),
    ("no_username", account::RULE_NO_USERNAME),
    ("not_first_name", account::RULE_NOT_FIRST_NAME),
    ("not_last_name", account::RULE_NOT_LAST_NAME),
    ("not_recent", account::RULE_NOT_RECENT),
    ("max_length", account::RULE_MAX_LENGTH),
    ("not_common", account::RULE_NOT_COMMON),
];

/// Is `s` an external user's "2-4-2" username: two letters, four digits, two
/// letters (docs/product.md §2), in any case?
pub fn is_external_username(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[2..6].iter().all(u8::is_ascii_digit)
        && b[6..].iter().all(u8::is_ascii_alphabetic)
}

/// The key under which a username is stored and matched: usernames are
/// case-insensitive (docs/product.md §2), and surrounding blanks are never meaningful.
pub fn username_key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The key under which an e-mail address is matched (trimmed, lower case).
pub fn email_key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// A deliberately simple shape check for e-mail addresses: one `@`, a
/// non-empty local part, a dotted domain, no blanks or control characters,
/// within the length limit. Deliverability is proven by the code we send,
/// not by a regex.
pub fn is_plausible_email(s: &str) -> bool {
    if s.chars().count() > EMAIL_MAX_CHARS || s.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// Is `s` a usable organization code: 1–32 ASCII letters or digits?
pub fn is_valid_org_code(s: &str) -> bool {
    !s.is_empty() && s.len() <= ORG_CODE_MAX_CHARS && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A sign-in identifier (a 2-4-2 username or an e-mail address): not blank,
/// within the limit, no control characters. Whether it names an account is
/// never told apart (docs/product.md §3.1).
pub fn is_valid_identifier(s: &str) -> bool {
    let trimmed = s.trim();
    !trimmed.is_empty()
        && trimmed.chars().count() <= USERNAME_MAX_CHARS
        && !trimmed.chars().any(char::is_control)
}

/// A password as typed at sign-in: present and within the policy's limit.
/// Counted in characters; never trimmed (blanks are part of a password).
pub fn is_valid_signin_password(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= PASSWORD_MAX_CHARS
}

/// Characters a CAPTCHA image shows: upper case, without look-alikes
/// (0/O, 1/I/L, 8/B, 2/Z, 5/S), typed in any case.
pub const CAPTCHA_ALPHABET: &str = "34679ACDEFHJKMNPRTUVWXY";
/// Characters in one CAPTCHA.
pub const CAPTCHA_LENGTH: usize = 5;

/// A CAPTCHA answer as typed: the right length, letters and digits only.
/// Whether it is right is the server's business.
pub fn is_valid_captcha_answer(s: &str) -> bool {
    let trimmed = s.trim();
    trimmed.chars().count() == CAPTCHA_LENGTH && trimmed.chars().all(|c| c.is_ascii_alphanumeric())
}

/// An e-mail verification code as typed: exactly six ASCII digits.
pub fn is_valid_email_code(s: &str) -> bool {
    s.trim().len() == EMAIL_CODE_DIGITS && s.trim().bytes().all(|b| b.is_ascii_digit())
}

/// Longest name a user gives an authenticator.
pub const AUTHENTICATOR_NAME_MAX_CHARS: usize = 60;

/// An authenticator's name ("Work phone"): not blank, at most 60
/// characters, no control characters and no invisible or direction-changing
/// ones (the name is repeated in e-mails to the owner, where a reversed
/// name could mislead).
pub fn is_valid_authenticator_name(s: &str) -> bool {
    let invisible = |c: char| matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}');
    !s.trim().is_empty()
        && s.chars().count() <= AUTHENTICATOR_NAME_MAX_CHARS
        && !s.chars().any(|c| c.is_control() || invisible(c))
}

/// A required name field: not blank, within the limit, no control characters.
pub fn is_valid_name(s: &str) -> bool {
    let trimmed = s.trim();
    trimmed.chars().any(char::is_alphabetic)
        && trimmed.chars().count() <= NAME_MAX_CHARS
        && trimmed
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '\u{2019}'))
}

/// An organization's name: any printable text (digits, `&`, periods), not
/// blank, at most 100 characters. It is shown to support, never mailed.
pub fn is_valid_organization_name(s: &str) -> bool {
    is_printable_line(s, ORGANIZATION_NAME_MAX_CHARS)
}

/// A person's name as an older system stored it (the legacy import, an
/// administrator's file): printable, not blank, at most 100 characters.
/// Names typed into this portal follow [`is_valid_name`].
pub fn is_valid_legacy_name(s: &str) -> bool {
    is_printable_line(s, ORGANIZATION_NAME_MAX_CHARS)
}

fn is_printable_line(s: &str, max_chars: usize) -> bool {
    let trimmed = s.trim();
    !trimmed.is_empty()
        && trimmed.chars().count() <= max_chars
        && !trimmed.chars().any(char::is_control)
}

/// A phone number as people type it: 10 to 15 digits, with the usual
/// separators (`+`, spaces, dots, dashes, parentheses) and nothing else.
pub fn is_valid_phone(s: &str) -> bool {
    let trimmed = s.trim();
    let digits = trimmed.chars().filter(char::is_ascii_digit).count();
    (10..=15).contains(&digits)
        && trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '.' | '-' | '(' | ')'))
}

/// Limits of the security question and answer support uses to verify a
/// caller (docs/product.md §7).
pub const SECURITY_QUESTION_MAX_CHARS: usize = 200;
pub const SECURITY_ANSWER_MIN_CHARS: usize = 3;
pub const SECURITY_ANSWER_MAX_CHARS: usize = 100;

/// A security question: 5 to 200 characters, no control characters.
pub fn is_valid_security_question(s: &str) -> bool {
    let n = s.trim().chars().count();
    (5..=SECURITY_QUESTION_MAX_CHARS).contains(&n) && !s.chars().any(char::is_control)
}

/// A security answer: 3 to 100 characters once trimmed.
pub fn is_valid_security_answer(s: &str) -> bool {
    let n = s.trim().chars().count();
    (SECURITY_ANSWER_MIN_CHARS..=SECURITY_ANSWER_MAX_CHARS).contains(&n)
        && !s.chars().any(char::is_control)
}

/// The form of a security answer that is hashed and compared: trimmed,
/// inner blanks collapsed, lower case, so support's typing need not match
/// the caller's exactly.
pub fn security_answer_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The masked form of an address shown on verification screens (docs/product.md §3.2):
/// first character, stars, last character of the local part, full domain —
/// `s.ahmed0@gmail.com` → `s***0@gmail.com`.
pub fn mask_email(email: &str) -> String {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return "***".to_owned();
    };
    let mut chars = local.chars();
    match (chars.next(), chars.next_back()) {
        (Some(first), Some(last)) => format!("{first}***{last}@{domain}"),
        (Some(first), None) => format!("{first}***@{domain}"),
        _ => format!("***@{domain}"),
    }
}

/// A device as people name it ("Chrome on Windows") from its browser's
/// User-Agent; `unknown_browser` when it says nothing recognisable (an API
/// client names itself). The texts are a language's
/// (`account::BROWSER_ON_SYSTEM`, `account::UNKNOWN_BROWSER`):
/// `browser_on_system` has the placeholders `{browser}` and `{system}`.
pub fn describe_user_agent(
    user_agent: &str,
    browser_on_system: &str,
    unknown_browser: &str,
) -> String {
    // Order matters: Edge and Opera also say "Chrome", Chrome also says
    // "Safari", and every Android phone also says "Linux".
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map(|(_, name)| *name);
    let system = [
        ("Windows", "Windows"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Mac OS X", "macOS"),
        ("Android", "Android"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map(|(_, name)| *name);
    match (browser, system) {
        (Some(browser), Some(system)) => fill(
            browser_on_system,
            &[("browser", browser), ("system", system)],
        ),
        (Some(browser), None) => browser.to_owned(),
        (None, _) if user_agent.trim().is_empty() => unknown_browser.to_owned(),
        (None, _) => user_agent.chars().take(40).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_have_10_to_15_digits_and_common_separators() {
        assert!(is_valid_phone("(512) 776-7111"));
        assert!(is_valid_phone("+1 512.776.7111"));
        assert!(!is_valid_phone("776-7111"), "too few digits");
        assert!(!is_valid_phone("512 776 7111 ext 4"), "letters");
        assert!(!is_valid_phone("+1234567890123456"), "too many digits");
    }

    #[test]
    fn security_answers_are_3_to_100_characters_compared_loosely() {
        assert!(is_valid_security_question("First pet's name?"));
        assert!(!is_valid_security_question("Pet?"));
        assert!(is_valid_security_answer("Rex"));
        assert!(!is_valid_security_answer("  Ab "));
        assert!(!is_valid_security_answer(&"x".repeat(101)));
        assert_eq!(security_answer_key("  Mr.  Whiskers "), "mr. whiskers");
    }

    #[test]
    fn external_usernames_are_two_letters_four_digits_two_letters() {
        assert!(is_external_username("JO1234SM"));
        assert!(is_external_username("pa1234sp"), "case does not matter");
        assert!(!is_external_username("JO123SM"), "three digits");
        assert!(!is_external_username("J01234SM"), "digit in the first pair");
        assert!(!is_external_username("JO1234SMX"), "too long");
        assert!(!is_external_username("ÉO1234SM"), "non-ASCII letter");
    }

    #[test]
    fn masked_email_keeps_first_and_last_character_of_the_local_part() {
        assert_eq!(mask_email("s.ahmed0@gmail.com"), "s***0@gmail.com");
        assert_eq!(mask_email("a@x.org"), "a***@x.org");
        assert_eq!(mask_email("not-an-address"), "***");
    }

    #[test]
    fn plausible_emails_need_a_local_part_and_a_dotted_domain() {
        assert!(is_plausible_email("john.smith@dshs.texas.gov"));
        assert!(!is_plausible_email("john smith@dshs.texas.gov"));
        assert!(!is_plausible_email("@dshs.texas.gov"));
        assert!(!is_plausible_email("john@localhost"));
        assert!(!is_plausible_email("john@@x.org"));
        assert!(!is_plausible_email("john@x..org"));
        assert!(!is_plausible_email(&format!("{}@x.org", "a".repeat(250))));
    }

    #[test]
    fn org_codes_are_short_and_alphanumeric() {
        assert!(is_valid_org_code("12345"));
        assert!(is_valid_org_code("TX001A"));
        assert!(!is_valid_org_code(""));
        assert!(!is_valid_org_code("12 45"));
        assert!(!is_valid_org_code(&"1".repeat(33)));
    }

    #[test]
    fn names_are_letters_spaces_hyphens_and_apostrophes_only() {
        for name in [
            "Ana María",
            "O'Brien",
            "Jean-Luc",
            "D\u{2019}Angelo",
            "Nguyễn",
            "Zoë",
        ] {
            assert!(is_valid_name(name), "{name}");
        }
        // First-contact e-mails greet by name: nothing else may ride along.
        for text in [
            "Win $500",
            "see http://x.example",
            "Pat2",
            "Pat.",
            "a<b>",
            "Hi!",
            "'-'",
        ] {
            assert!(!is_valid_name(text), "{text}");
        }
        assert!(is_valid_organization_name("St. David's Clinic #3 & Co."));
        assert!(!is_valid_organization_name(" "));
        assert!(!is_valid_organization_name(
            &"x".repeat(ORGANIZATION_NAME_MAX_CHARS + 1)
        ));
    }

    #[test]
    fn names_must_not_be_blank_or_too_long() {
        assert!(is_valid_name("Ana María"));
        assert!(!is_valid_name("   "));
        assert!(!is_valid_name(&"x".repeat(NAME_MAX_CHARS + 1)));
        assert!(
            is_valid_name(&"é".repeat(NAME_MAX_CHARS)),
            "limit counts characters, not bytes"
        );
    }

    #[test]
    fn authenticator_names_are_short_visible_text() {
        assert!(is_valid_authenticator_name("Work phone"));
        assert!(is_valid_authenticator_name("Teléfono del trabajo"));
        for bad in [
            "",
            "  ",
            "a\nb",
            "evil\u{202E}enohp",
            "zero\u{200B}width",
            &"x".repeat(61),
        ] {
            assert!(!is_valid_authenticator_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn identifiers_and_signin_passwords_are_bounded_but_not_reshaped() {
        assert!(is_valid_identifier("JO1234SM"));
        assert!(is_valid_identifier("john.smith@dshs.texas.gov"));
        assert!(!is_valid_identifier("  "));
        assert!(!is_valid_identifier("JO\u{0}1234SM"));
        assert!(is_valid_signin_password(" leading and trailing blanks "));
        assert!(!is_valid_signin_password(""));
        assert!(is_valid_signin_password(&"🔒".repeat(PASSWORD_MAX_CHARS)));
        assert!(!is_valid_signin_password(
            &"a".repeat(PASSWORD_MAX_CHARS + 1)
        ));
    }

    #[test]
    fn captcha_answers_have_the_image_length_and_no_look_alikes_are_shown() {
        assert!(is_valid_captcha_answer("AC4dx"));
        assert!(!is_valid_captcha_answer("AC4D"));
        assert!(!is_valid_captcha_answer("AC 4D"));
        for look_alike in ['0', 'O', '1', 'I', 'L', '8', 'B', '2', 'Z', '5', 'S'] {
            assert!(!CAPTCHA_ALPHABET.contains(look_alike), "{look_alike}");
        }
    }

    #[test]
    fn email_codes_are_six_digits() {
        assert!(is_valid_email_code("042917"));
        assert!(is_valid_email_code(" 042917 "), "pasted with blanks");
        assert!(!is_valid_email_code("42917"));
        assert!(!is_valid_email_code("04291a"));
        assert!(!is_valid_email_code("٠٤٢٩١٧"), "ASCII digits only");
    }

    #[test]
    fn keys_are_trimmed_and_lower_case() {
        assert_eq!(username_key("  JO1234SM "), "jo1234sm");
        assert_eq!(email_key(" John@X.org"), "john@x.org");
    }

    #[test]
    fn a_user_agent_reads_as_browser_on_system() {
        let cases = [
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Linux"),
            ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iPhone"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on macOS"),
            ("", "Unknown browser"),
            ("python-httpx/0.27", "python-httpx/0.27"),
        ];
        for (agent, expected) in cases {
            let named = describe_user_agent(
                agent,
                account::BROWSER_ON_SYSTEM.en,
                account::UNKNOWN_BROWSER.en,
            );
            assert_eq!(named, expected, "{agent}");
        }
    }
}
