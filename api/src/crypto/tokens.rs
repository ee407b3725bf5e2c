//! Random tokens and codes, and their stored digests: what e-mailed links,
//! codes and unknown identifiers become in the database.

use base64::Engine as _;
use rand::RngCore;
use secrecy::SecretString;
use sha2::{Digest, Sha256};

/// A fresh random token: 32 bytes from the OS, base64url. Shown once (in an
/// e-mail link); only its [`token_digest`] is stored.
pub fn random_token() -> SecretString {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    SecretString::from(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// A numeric code of `digits` digits, uniformly random from the OS (the
/// e-mail verification code).
pub fn random_digits(digits: usize) -> SecretString {
    use rand::Rng as _;
    let code: String = (0..digits)
        .map(|_| char::from(b'0' + rand::rngs::OsRng.gen_range(0..10u8)))
        .collect();
    SecretString::from(code)
}

/// The stored form of a token: hex SHA-256. Tokens carry 256 bits of entropy,
/// so a fast hash suffices (no dictionary to attack).
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compare two digests without leaking, through timing, where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq as _;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// HMAC-SHA-256 of `message` under `key`, hex: the stored form of what a
/// user typed when it must be recognisable again but not readable (the
/// throttle key of an unknown username, say).
pub fn keyed_digest(key: &[u8; 32], message: &str) -> String {
    use hmac::Mac as _;
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn tokens_are_random_and_only_digests_are_kept() {
        let a = random_token();
        let b = random_token();
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert_eq!(
            a.expose_secret().len(),
            43,
            "32 bytes base64url without padding"
        );
        assert_eq!(token_digest("abc").len(), 64);
        assert_ne!(
            token_digest(a.expose_secret()),
            a.expose_secret().to_owned()
        );
    }

    #[test]
    fn e_mail_codes_are_six_uniform_digits() {
        // 20,000 codes: every digit position is uniform (chi-square with 9
        // degrees of freedom stays under 45, p < 0.000001) and no code
        // repeats more than chance allows.
        const CODES: usize = 20_000;
        let mut counts = [[0u32; 10]; 6];
        let mut seen = std::collections::HashSet::new();
        for _ in 0..CODES {
            let code = random_digits(6);
            let code = code.expose_secret();
            assert_eq!(code.len(), 6);
            for (position, digit) in code.bytes().enumerate() {
                assert!(digit.is_ascii_digit(), "{code}");
                counts[position][usize::from(digit - b'0')] += 1;
            }
            seen.insert(code.to_owned());
        }
        let expected = f64::from(u32::try_from(CODES).unwrap_or(0)) / 10.0;
        for (position, row) in counts.iter().enumerate() {
            let chi2: f64 = row
                .iter()
                .map(|&n| (f64::from(n) - expected).powi(2) / expected)
                .sum();
            assert!(chi2 < 45.0, "position {position}: {row:?} (chi2 {chi2:.1})");
        }
        assert!(seen.len() > CODES - 1_000, "{} distinct", seen.len());
    }

    #[test]
    fn keyed_digests_depend_on_the_key_and_compare_in_constant_time() {
        let (k1, k2) = ([1u8; 32], [2u8; 32]);
        assert_eq!(keyed_digest(&k1, "jo1234sm"), keyed_digest(&k1, "jo1234sm"));
        assert_ne!(keyed_digest(&k1, "jo1234sm"), keyed_digest(&k2, "jo1234sm"));
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }
}
