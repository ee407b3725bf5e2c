//! Stored password hashes this system accepts from a legacy import
//! (docs/product.md §7): argon2 in PHC form, bcrypt (`$2a$`/`$2b$`/`$2y$`), and
//! PBKDF2-SHA256 in PHC form (`$pbkdf2-sha256$i=N,l=32$salt$hash`, standard
//! base64) or modular-crypt form (`$pbkdf2-sha256$N$salt$hash`, passlib's
//! adapted base64). Imported users keep signing in with their password;
//! the first successful sign-in re-hashes it to argon2id.

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine as _;

/// A recognised stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashFormat {
    Argon2,
    Bcrypt,
    Pbkdf2Sha256,
}

/// Bounds that keep a hostile import from making each sign-in a
/// denial of service (or from storing a hash too weak to mean anything).
const PBKDF2_ITERATIONS: std::ops::RangeInclusive<u32> = 1_000..=2_000_000;
const BCRYPT_COST: std::ops::RangeInclusive<u32> = 4..=14;
/// argon2 verifies with the parameters stored in the hash: without a cap,
/// one imported `m=4294967295` would make a sign-in allocate 4 TiB.
const ARGON2_MAX_MEMORY_KIB: u32 = 256 * 1024;
const ARGON2_MAX_ITERATIONS: u32 = 10;
const ARGON2_MAX_LANES: u32 = 8;
/// bcrypt's base64 alphabet.
const BCRYPT_ALPHABET: &[u8] = b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Parsed PBKDF2-SHA256 parameters.
struct Pbkdf2 {
    iterations: u32,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

/// passlib's "adapted base64": standard base64 with `.` for `+`, no padding.
fn ab64_decode(s: &str) -> Option<Vec<u8>> {
    STANDARD_NO_PAD.decode(s.replace('.', "+")).ok()
}

fn parse_pbkdf2(stored: &str) -> Option<Pbkdf2> {
    let rest = stored.strip_prefix("$pbkdf2-sha256$")?;
    let mut parts = rest.split('$');
    let (params, salt, hash) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (iterations, salt, hash) = if params.starts_with("i=") {
        // PHC: `i=N[,l=LEN]`, standard base64 without padding.
        let mut iterations = None;
        let mut length = None;
        for pair in params.split(',') {
            match pair.split_once('=')? {
                ("i", n) => iterations = n.parse::<u32>().ok(),
                ("l", n) => length = n.parse::<usize>().ok(),
                _ => return None,
            }
        }
        let hash = STANDARD_NO_PAD.decode(hash).ok()?;
        if length.is_some_and(|l| l != hash.len()) {
            return None;
        }
        (iterations?, STANDARD_NO_PAD.decode(salt).ok()?, hash)
    } else {
        (
            params.parse::<u32>().ok()?,
            ab64_decode(salt)?,
            ab64_decode(hash)?,
        )
    };
    let sane = PBKDF2_ITERATIONS.contains(&iterations)
        && salt.len() >= 8
        && (16..=64).contains(&hash.len());
    sane.then_some(Pbkdf2 {
        iterations,
        salt,
        hash,
    })
}

fn bcrypt_cost(stored: &str) -> Option<u32> {
    // `$2b$NN$` then 22 characters of salt and 31 of hash.
    let tail = stored.get(7..)?;
    if tail.len() != 53 || !tail.bytes().all(|b| BCRYPT_ALPHABET.contains(&b)) {
        return None;
    }
    let parts: bcrypt::HashParts = stored.parse().ok()?;
    Some(parts.get_cost()).filter(|c| BCRYPT_COST.contains(c))
}

fn sane_argon2(hash: &argon2::PasswordHash<'_>) -> bool {
    let Ok(params) = argon2::Params::try_from(hash) else {
        return false;
    };
    argon2::Algorithm::new(hash.algorithm).is_ok()
        && hash.salt.is_some()
        && hash.hash.is_some()
        && params.m_cost() <= ARGON2_MAX_MEMORY_KIB
        && params.t_cost() <= ARGON2_MAX_ITERATIONS
        && params.p_cost() <= ARGON2_MAX_LANES
}

/// The format of a stored hash, if it is one this system can verify with
/// sane parameters.
pub fn recognise(stored: &str) -> Option<HashFormat> {
    if stored.starts_with("$argon2") {
        argon2::PasswordHash::new(stored)
            .ok()
            .filter(sane_argon2)
            .map(|_| HashFormat::Argon2)
    } else if stored.starts_with("$2a$") || stored.starts_with("$2b$") || stored.starts_with("$2y$")
    {
        bcrypt_cost(stored).map(|_| HashFormat::Bcrypt)
    } else {
        parse_pbkdf2(stored).map(|_| HashFormat::Pbkdf2Sha256)
    }
}

/// Verify a password against a bcrypt or PBKDF2 hash (argon2 is the
/// [`crate::crypto::PasswordHasher`]'s own). Blocking: call off the
/// request threads.
pub fn verify_legacy(password: &[u8], stored: &str) -> bool {
    match recognise(stored) {
        Some(HashFormat::Bcrypt) => bcrypt::verify(password, stored).unwrap_or(false),
        Some(HashFormat::Pbkdf2Sha256) => parse_pbkdf2(stored).is_some_and(|p| {
            let mut derived = vec![0u8; p.hash.len()];
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, &p.salt, p.iterations, &mut derived);
            subtle::ConstantTimeEq::ct_eq(derived.as_slice(), p.hash.as_slice()).into()
        }),
        Some(HashFormat::Argon2) | None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Made with Python's hashlib.pbkdf2_hmac("sha256", b"correct horse",
    // b"saltysaltsalt", 1000), an implementation independent of ours; the
    // hash holds a `+`, which the modular-crypt form writes as `.`.
    const PBKDF2_PHC: &str =
        "$pbkdf2-sha256$i=1000,l=32$c2FsdHlzYWx0c2FsdA$KstZVQh5cSa4saPTifX8A+ivS115wi5KfVsJmnXM0R8";
    const PBKDF2_MCF: &str =
        "$pbkdf2-sha256$1000$c2FsdHlzYWx0c2FsdA$KstZVQh5cSa4saPTifX8A.ivS115wi5KfVsJmnXM0R8";

    #[test]
    fn bcrypt_vectors_verify() {
        // The OpenBSD / John the Ripper test vector for "U*U".
        let stored = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
        assert_eq!(recognise(stored), Some(HashFormat::Bcrypt));
        assert!(verify_legacy(b"U*U", stored));
        assert!(!verify_legacy(b"U*V", stored));
        // Right length, characters outside bcrypt's alphabet.
        assert_eq!(
            recognise("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe\u{0}"),
            None
        );
        assert_eq!(recognise("$2a$05$short"), None);
    }

    #[test]
    fn pbkdf2_in_both_forms_verifies_and_absurd_parameters_are_refused() {
        for stored in [PBKDF2_PHC, PBKDF2_MCF] {
            assert_eq!(
                recognise(stored),
                Some(HashFormat::Pbkdf2Sha256),
                "{stored}"
            );
            assert!(verify_legacy(b"correct horse", stored));
            assert!(!verify_legacy(b"correct horsf", stored));
        }
        assert_eq!(
            recognise("$pbkdf2-sha256$999999999$c2FsdHlzYWx0$AAAA"),
            None
        );
        assert_eq!(
            recognise("$pbkdf2-sha256$i=1000,l=16$c2FsdHlzYWx0c2FsdA$KstZVQh5cSa4saPTifX8A+ivS115wi5KfVsJmnXM0R8"),
            None
        );
        assert_eq!(recognise("md5$abc"), None);
        assert_eq!(
            recognise("$2b$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
            None
        );
    }

    #[test]
    fn argon2_phc_is_recognised_but_verified_elsewhere() {
        let stored = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1pVQhztcWvhBqYkFaoXvBGuyKRszhV6oIBnZ0qGMhLU";
        assert_eq!(recognise(stored), Some(HashFormat::Argon2));
        assert!(!verify_legacy(b"x", stored));
        assert_eq!(recognise("$argon2id$garbage"), None);
        let huge = "$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$1pVQhztcWvhBqYkFaoXvBGuyKRszhV6oIBnZ0qGMhLU";
        assert_eq!(recognise(huge), None, "absurd memory is refused");
        let slow = "$argon2id$v=19$m=19456,t=1000,p=1$c29tZXNhbHRzb21lc2FsdA$1pVQhztcWvhBqYkFaoXvBGuyKRszhV6oIBnZ0qGMhLU";
        assert_eq!(recognise(slow), None, "absurd iterations are refused");
    }
}
