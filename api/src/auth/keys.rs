//! The access-token signing key: Ed25519, generated on first start into the
//! data folder (mode 0600) unless a key file is configured, and published as
//! a JWKS so applications can verify tokens offline (docs/product.md §3.3).

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use base64::Engine as _;
use ed25519_dalek::pkcs8::{spki::der::pem::LineEnding, DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::SigningKey;
use iam_shared::dto::keys::{Jwk, JwkEntry, JwkSetResponse};
use jsonwebtoken::{DecodingKey, EncodingKey};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Create the secret file `path` (mode 0600, parent folders as needed)
/// holding `contents`; `false` if it exists already. The file is written
/// under a temporary name and linked into place, so two instances starting
/// at once on a shared folder never overwrite each other's key, and none
/// ever reads a half-written one.
pub(crate) fn write_new_secret(path: &Path, contents: &[u8]) -> std::io::Result<bool> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let staging = parent.join(format!(".{}.tmp", uuid::Uuid::new_v4()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&staging)
        .and_then(|mut file| {
            file.write_all(contents)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::hard_link(&staging, path));
    let _ = std::fs::remove_file(&staging);
    match written {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// The server's signing key and what is derived from it.
pub struct SigningKeys {
    /// Key id: the first 16 hex digits of the SHA-256 of the public key.
    pub kid: String,
    pub encoding: EncodingKey,
    pub decoding: DecodingKey,
    /// The public key, base64url (the JWK `x`).
    public_x: String,
    /// Key of the keyed hashes of typed identifiers (throttle rows, stable
    /// fake masks), derived from the private key so every instance sharing
    /// the key file agrees on it without another secret to distribute.
    pub identifier_key: [u8; 32],
}

impl SigningKeys {
    /// Read the PKCS#8 PEM key at `path`, or create it (0600) if absent.
    /// Creation uses `create_new`, so two instances starting at once on a
    /// shared folder cannot overwrite each other's key.
    pub fn load_or_generate(path: &Path) -> anyhow::Result<Self> {
        if !path.exists() {
            let mut seed = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut seed);
            let pem = SigningKey::from_bytes(&seed)
                .to_pkcs8_pem(LineEnding::LF)
                .map_err(|e| anyhow::anyhow!("encoding the signing key: {e}"))?;
            if write_new_secret(path, pem.as_bytes())? {
                tracing::info!(path = %path.display(), "generated a new JWT signing key");
            }
        }
        let pem = std::fs::read_to_string(path)?;
        Self::from_pem(&pem)
    }

    fn from_pem(pem: &str) -> anyhow::Result<Self> {
        let signing = SigningKey::from_pkcs8_pem(pem)
            .map_err(|e| anyhow::anyhow!("reading the signing key: {e}"))?;
        let public = signing.verifying_key().to_bytes();
        let public_x = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(public);
        Ok(Self {
            kid: hex::encode(&Sha256::digest(public)[..8]),
            encoding: EncodingKey::from_ed_pem(pem.as_bytes())?,
            decoding: DecodingKey::from_ed_components(&public_x)?,
            public_x,
            identifier_key: Sha256::new()
                .chain_update(b"iamonline identifier key v1\0")
                .chain_update(signing.to_bytes())
                .finalize()
                .into(),
        })
    }

    /// The public key set served at `/.well-known/jwks.json`.
    pub fn jwks(&self) -> JwkSetResponse {
        JwkSetResponse {
            keys: vec![JwkEntry::Okp(Jwk {
                kty: "OKP".into(),
                crv: "Ed25519".into(),
                x: self.public_x.clone(),
                kid: self.kid.clone(),
                alg: "EdDSA".into(),
                key_use: "sig".into(),
            })],
        }
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use jsonwebtoken::{Algorithm, Header, Validation};

    use super::*;

    #[test]
    fn the_key_is_generated_once_with_mode_0600_and_signs_verifiable_tokens() {
        let dir = std::env::temp_dir().join(format!("iam-keys-{}", uuid::Uuid::new_v4()));
        let path = dir.join("jwt.pem");
        let first = SigningKeys::load_or_generate(&path).unwrap_or_else(|e| panic!("{e}"));
        let mode = std::fs::metadata(&path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o600, "key file must be private");
        let again = SigningKeys::load_or_generate(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first.kid, again.kid, "a restart keeps the key");

        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(first.kid.clone());
        let claims = serde_json::json!({"sub": "x", "exp": 4_000_000_000u64});
        let token = jsonwebtoken::encode(&header, &claims, &first.encoding).unwrap_or_default();
        let decoded = jsonwebtoken::decode::<serde_json::Value>(
            &token,
            &again.decoding,
            &Validation::new(Algorithm::EdDSA),
        );
        assert!(decoded.is_ok(), "{decoded:?}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
