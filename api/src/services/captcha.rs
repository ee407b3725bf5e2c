//! The self-hosted image CAPTCHA of the password recall step (docs/product.md §3.1):
//! images from the `captcha` crate, answers kept only as digests, each
//! challenge single use and short-lived. No third-party service.

use base64::Engine as _;
use captcha::filters::{Dots, Noise, Wave};
use chrono::{DateTime, SecondsFormat, Utc};
use iam_shared::dto::signin::{CaptchaAnswer, CaptchaResponse};
use iam_shared::i18n::problems;
use iam_shared::rules::{CAPTCHA_ALPHABET, CAPTCHA_LENGTH};

use crate::config::Settings;
use crate::crypto;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use iam_shared::ErrorCode;

/// A challenge just stored, with its answer for the test hook only.
pub struct IssuedCaptcha {
    pub response: CaptchaResponse,
    /// Never sent to clients; exposed to tests by the `test-hooks` build.
    pub answer: String,
}

/// The stored digest of an answer, bound to its challenge so one digest
/// cannot be replayed for another id.
pub(crate) fn answer_digest(captcha_id: &str, answer: &str) -> String {
    crypto::token_digest(&format!("{captcha_id}:{}", answer.trim().to_uppercase()))
}

/// Draw a new image: `CAPTCHA_LENGTH` characters from the look-alike-free
/// alphabet, with waves, noise and dots against simple OCR.
fn render() -> anyhow::Result<(String, Vec<u8>)> {
    let alphabet: Vec<char> = CAPTCHA_ALPHABET.chars().collect();
    let length = u32::try_from(CAPTCHA_LENGTH)?;
    let mut image = captcha::Captcha::new();
    image
        .set_chars(&alphabet)
        .add_chars(length)
        .apply_filter(Noise::new(0.2))
        .apply_filter(Wave::new(2.0, 12.0).horizontal())
        .apply_filter(Wave::new(2.0, 8.0).vertical())
        .view(240, 90)
        .apply_filter(Dots::new(12));
    image
        .as_tuple()
        .ok_or_else(|| anyhow::anyhow!("the CAPTCHA image could not be encoded"))
}

/// Store and return a new challenge.
pub fn issue(
    conn: &mut DbConn,
    settings: &Settings,
    now: DateTime<Utc>,
) -> AppResult<IssuedCaptcha> {
    let (answer, png) = render()?;
    let id = db::new_id();
    let expires_at = db::to_db_time(now + crate::clock::seconds(settings.captcha_ttl_secs));
    db::captchas::create(
        conn,
        &id,
        &answer_digest(&id, &answer),
        db::to_db_time(now),
        expires_at,
    )?;
    Ok(IssuedCaptcha {
        response: CaptchaResponse {
            captcha_id: id,
            image_png_base64: base64::engine::general_purpose::STANDARD.encode(png),
            expires_at: expires_at
                .and_utc()
                .to_rfc3339_opts(SecondsFormat::Secs, true),
        },
        answer,
    })
}

/// The stored digest of an e-mailed code: bound to its challenge and to
/// whom it was mailed for (an account's id, or an unknown name's throttle
/// key), so it answers only a form that names that same account.
pub(crate) fn emailed_digest(captcha_id: &str, named: &str, code: &str) -> String {
    crypto::token_digest(&format!(
        "{captcha_id}:mailed:{named}:{}",
        code.trim().to_uppercase()
    ))
}

/// Challenge ids are UUIDs; anything else names no challenge (and never
/// reaches the database).
pub(crate) fn is_challenge_id(id: &str) -> bool {
    uuid::Uuid::parse_str(id).is_ok()
}

/// Is this the right answer to an unused, unexpired challenge? The
/// challenge is used up either way. `named` is whom the form names (an
/// account's id, or an unknown name's throttle key): an e-mailed code
/// counts only for them, and never on a form that names nobody.
pub fn check(
    conn: &mut DbConn,
    answer: Option<&CaptchaAnswer>,
    named: Option<&str>,
    now: DateTime<Utc>,
) -> diesel::QueryResult<bool> {
    let Some(answer) = answer.filter(|a| is_challenge_id(&a.captcha_id)) else {
        return Ok(false);
    };
    let stored = db::captchas::consume(conn, &answer.captcha_id, db::to_db_time(now))?;
    let given = answer_digest(&answer.captcha_id, &answer.answer);
    let mailed = named.map(|n| emailed_digest(&answer.captcha_id, n, &answer.answer));
    Ok(stored.is_some_and(|(image, emailed)| {
        // Both compared, so the time taken does not tell which one matched.
        let by_image = crypto::constant_time_eq(&image, &given);
        let by_mail =
            matches!((&emailed, &mailed), (Some(e), Some(m)) if crypto::constant_time_eq(e, m));
        by_image | by_mail
    }))
}

/// Refused alike whoever is named: the challenge's state does not depend
/// on it.
fn gone() -> AppError {
    AppError::text(ErrorCode::TokenUsed, problems::CAPTCHA_GONE)
}

/// Draw the code to mail instead of `captcha_id`'s image and attach it,
/// bound to `named` (see [`emailed_digest`]); one code per image, lasting
/// from now. A used, expired or made-up challenge is refused first, so it
/// spends nobody's mail budget.
pub(crate) fn attach_emailed_code(
    conn: &mut DbConn,
    settings: &Settings,
    captcha_id: &str,
    named: &str,
    now: DateTime<Utc>,
) -> AppResult<secrecy::SecretString> {
    use secrecy::ExposeSecret as _;
    if !is_challenge_id(captcha_id) {
        return Err(gone());
    }
    let code = random_answer();
    let expires_at = now + crate::clock::seconds(settings.captcha_ttl_secs);
    if db::captchas::attach_emailed_answer(
        conn,
        captcha_id,
        &emailed_digest(captcha_id, named, code.expose_secret()),
        db::to_db_time(now),
        db::to_db_time(expires_at),
    )? {
        Ok(code)
    } else {
        Err(gone())
    }
}

/// A code for "Email me a code instead": the image's length and alphabet,
/// so it goes in the same field and passes the same checks.
fn random_answer() -> secrecy::SecretString {
    use rand::Rng as _;
    let alphabet: Vec<char> = CAPTCHA_ALPHABET.chars().collect();
    let mut rng = rand::rngs::OsRng;
    let code: String = (0..CAPTCHA_LENGTH)
        .map(|_| alphabet[rng.gen_range(0..alphabet.len())])
        .collect();
    secrecy::SecretString::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_pngs_showing_only_the_alphabet() {
        let (answer, png) = render().unwrap_or_default();
        assert_eq!(answer.chars().count(), CAPTCHA_LENGTH);
        assert!(
            answer.chars().all(|c| CAPTCHA_ALPHABET.contains(c)),
            "{answer}"
        );
        assert!(png.starts_with(b"\x89PNG"), "a PNG image");
    }

    #[test]
    fn answers_match_in_any_case_but_only_for_their_own_challenge() {
        assert_eq!(answer_digest("a", "K7RXA"), answer_digest("a", " k7rxa "));
        assert_ne!(answer_digest("a", "K7RXA"), answer_digest("b", "K7RXA"));
    }

    #[test]
    fn an_emailed_code_is_bound_to_its_challenge_and_to_whom_it_was_mailed_for() {
        assert_eq!(
            emailed_digest("a", "u1", "k7rxa"),
            emailed_digest("a", "u1", " K7RXA ")
        );
        assert_ne!(
            emailed_digest("a", "u1", "K7RXA"),
            emailed_digest("a", "u2", "K7RXA")
        );
        assert_ne!(
            emailed_digest("a", "u1", "K7RXA"),
            emailed_digest("b", "u1", "K7RXA")
        );
        assert_ne!(
            emailed_digest("a", "u1", "K7RXA"),
            answer_digest("a", "K7RXA")
        );
    }
}
