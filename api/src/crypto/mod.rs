//! Secrets: random tokens and their digests, argon2id password hashing, and
//! the legacy hash formats an import may bring.

mod hashing;
pub mod legacy_formats;
mod tokens;

pub use hashing::{HashError, PasswordHasher};
pub use tokens::{constant_time_eq, keyed_digest, random_digits, random_token, token_digest};
