//! Secrets at rest, sealed (XChaCha20-Poly1305, a random 192-bit nonce
//! each) under a key file in the data folder, beside the JWT key, so that
//! a copy of the database alone yields nothing usable. Two keys, two uses:
//! mail bodies (a queued e-mail holds a live reset link, activation link
//! or sign-in code until it is delivered; erased once delivered or failed
//! for good), and authenticator-app secrets.

use std::path::Path;

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

/// The prefix of a sealed body: the format, so a future key or cipher can
/// sit beside this one.
const VERSION: &str = "v1:";
const NONCE_BYTES: usize = 24;

/// Why a stored body could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the stored secret is not in a known sealed format")]
    Format,
    #[error("the stored secret does not open with this key (another key, or tampered)")]
    Key,
}

/// Seals and opens secrets with one key.
pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(..)")
    }
}

impl Sealer {
    /// Read the key at `path` (32 bytes, base64), or create it (0600) if
    /// absent. Every instance must share the file, like the JWT key.
    pub fn load_or_generate(path: &Path) -> anyhow::Result<Self> {
        if !path.exists() {
            let key = XChaCha20Poly1305::generate_key(&mut OsRng);
            let encoded = base64::engine::general_purpose::STANDARD.encode(key);
            if crate::auth::keys::write_new_secret(path, encoded.as_bytes())? {
                tracing::info!(path = %path.display(), "generated a new sealing key");
            }
        }
        let encoded = std::fs::read_to_string(path)?;
        let key = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|e| anyhow::anyhow!("reading the sealing key {}: {e}", path.display()))?;
        Self::from_key(&key)
    }

    /// A sealer with this 32-byte key.
    pub fn from_key(key: &[u8]) -> anyhow::Result<Self> {
        let cipher = XChaCha20Poly1305::new_from_slice(key)
            .map_err(|_| anyhow::anyhow!("a sealing key must be 32 bytes"))?;
        Ok(Self { cipher })
    }

    /// The stored form of `body`.
    pub fn seal(&self, body: &str) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        // Encryption of a bounded in-memory buffer cannot fail.
        let sealed = self
            .cipher
            .encrypt(&nonce, body.as_bytes())
            .unwrap_or_default();
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!(
            "{VERSION}{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }

    /// The body of a stored form made by [`Self::seal`].
    pub fn open(&self, stored: &str) -> Result<String, SealError> {
        let encoded = stored.strip_prefix(VERSION).ok_or(SealError::Format)?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|_| SealError::Format)?;
        if bytes.len() < NONCE_BYTES {
            return Err(SealError::Format);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| SealError::Format)?;
        let plain = self
            .cipher
            .decrypt(&XNonce::from(nonce), sealed)
            .map_err(|_| SealError::Key)?;
        String::from_utf8(plain).map_err(|_| SealError::Format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_round_trip_and_hide_their_secrets() {
        let sealer = Sealer::from_key(&[7u8; 32]).unwrap_or_else(|e| panic!("{e}"));
        let body = "Enter this code: 482913";
        let sealed = sealer.seal(body);
        assert!(sealed.starts_with("v1:") && !sealed.contains("482913"));
        assert_ne!(sealed, sealer.seal(body), "a fresh nonce each time");
        assert_eq!(sealer.open(&sealed).ok().as_deref(), Some(body));
        let other = Sealer::from_key(&[8u8; 32]).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(other.open(&sealed), Err(SealError::Key)));
        assert!(matches!(sealer.open(body), Err(SealError::Format)));
        let mut tampered = sealed.into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap_or_default();
        assert!(sealer.open(&tampered).is_err(), "authenticated");
    }

    #[test]
    fn the_key_file_is_made_once_with_mode_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("iam-seal-{}", uuid::Uuid::new_v4()));
        let path = dir.join("mail-key");
        let first = Sealer::load_or_generate(&path).unwrap_or_else(|e| panic!("{e}"));
        let again = Sealer::load_or_generate(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.open(&first.seal("x")).ok().as_deref(), Some("x"));
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600));
        let _ = std::fs::remove_dir_all(dir);
    }
}
