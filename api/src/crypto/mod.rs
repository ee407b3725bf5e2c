//! Secrets: random tokens and their digests, argon2id password hashing,
//! the legacy hash formats an import may bring, and secrets sealed at rest.

mod hashing;
pub mod legacy_formats;
pub mod seal;
mod tokens;

pub use hashing::{HashError, PasswordHasher};
pub use tokens::{constant_time_eq, keyed_digest, random_digits, random_token, token_digest};
