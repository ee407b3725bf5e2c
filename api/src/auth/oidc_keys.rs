//! The keys that sign what applications receive (ID tokens, their access
//! tokens, logout tokens): one RS256 and one EdDSA key active at a time,
//! kept in a folder so they can be rotated without a gap (docs/oidc.md,
//! "Key rotation").
//!
//! Each key is a file `<activation>-<alg>.pem`, `<activation>` in seconds
//! since the epoch. The key of an algorithm that signs is the newest one
//! already active; a key whose activation is still ahead is published but
//! not used yet, so every instance and every application's JWKS cache
//! knows it before the first token it signs; a replaced key stays
//! published for `retention` after its successor took over, while tokens
//! it signed may still be checked. The folder is read again every minute,
//! so instances sharing it rotate together.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use ed25519_dalek::pkcs8::{spki::der::pem::LineEnding, DecodePrivateKey, EncodePrivateKey};
use iam_shared::dto::keys::{Jwk, JwkEntry, RsaJwk};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use rand::RngCore;
use rsa::traits::PublicKeyParts;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::keys::write_new_secret;
use crate::domain::oauth::IdTokenAlg;

/// RSA modulus size of new keys.
const RSA_BITS: usize = 2048;

/// One key of the ring.
pub struct OidcKey {
    pub alg: IdTokenAlg,
    /// RFC 7638 thumbprint, base64url: stable, and the same on every instance.
    pub kid: String,
    pub activation: DateTime<Utc>,
    pub encoding: EncodingKey,
    pub decoding: DecodingKey,
    /// The public JWK.
    pub public_jwk: JwkEntry,
}

impl OidcKey {
    pub fn algorithm(&self) -> Algorithm {
        match self.alg {
            IdTokenAlg::Rs256 => Algorithm::RS256,
            IdTokenAlg::EdDsa => Algorithm::EdDSA,
        }
    }
}

/// Every key in the folder, oldest first.
pub struct OidcKeyRing {
    keys: Vec<OidcKey>,
    retention: chrono::Duration,
}

fn alg_suffix(alg: IdTokenAlg) -> &'static str {
    match alg {
        IdTokenAlg::Rs256 => "rs256",
        IdTokenAlg::EdDsa => "ed25519",
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// RFC 7638: SHA-256 over the required members in lexicographic order.
fn thumbprint(required_members: &Value) -> String {
    b64(&Sha256::digest(required_members.to_string().as_bytes()))
}

fn read_key(path: &Path, alg: IdTokenAlg, activation: DateTime<Utc>) -> anyhow::Result<OidcKey> {
    let pem = std::fs::read_to_string(path)?;
    let sig = || "sig".to_owned();
    let (encoding, decoding, public_jwk) = match alg {
        IdTokenAlg::Rs256 => {
            let private = rsa::RsaPrivateKey::from_pkcs8_pem(&pem)
                .map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
            let (n, e) = (
                b64(&private.n().to_bytes_be()),
                b64(&private.e().to_bytes_be()),
            );
            let kid = thumbprint(&json!({"e": e, "kty": "RSA", "n": n}));
            (
                EncodingKey::from_rsa_pem(pem.as_bytes())?,
                DecodingKey::from_rsa_components(&n, &e)?,
                JwkEntry::Rsa(RsaJwk {
                    kty: "RSA".into(),
                    n,
                    e,
                    kid,
                    alg: "RS256".into(),
                    key_use: sig(),
                }),
            )
        }
        IdTokenAlg::EdDsa => {
            let signing = ed25519_dalek::SigningKey::from_pkcs8_pem(&pem)
                .map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
            let x = b64(&signing.verifying_key().to_bytes());
            let kid = thumbprint(&json!({"crv": "Ed25519", "kty": "OKP", "x": x}));
            (
                EncodingKey::from_ed_pem(pem.as_bytes())?,
                DecodingKey::from_ed_components(&x)?,
                JwkEntry::Okp(Jwk {
                    kty: "OKP".into(),
                    crv: "Ed25519".into(),
                    x,
                    kid,
                    alg: "EdDSA".into(),
                    key_use: sig(),
                }),
            )
        }
    };
    let kid = match &public_jwk {
        JwkEntry::Okp(jwk) => jwk.kid.clone(),
        JwkEntry::Rsa(jwk) => jwk.kid.clone(),
    };
    Ok(OidcKey {
        alg,
        kid,
        activation,
        encoding,
        decoding,
        public_jwk,
    })
}

fn new_private_pem(alg: IdTokenAlg) -> anyhow::Result<String> {
    Ok(match alg {
        IdTokenAlg::Rs256 => {
            use rsa::pkcs8::EncodePrivateKey as _;
            rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, RSA_BITS)?
                .to_pkcs8_pem(LineEnding::LF)?
                .to_string()
        }
        IdTokenAlg::EdDsa => {
            let mut seed = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut seed);
            ed25519_dalek::SigningKey::from_bytes(&seed)
                .to_pkcs8_pem(LineEnding::LF)
                .map_err(|e| anyhow::anyhow!("encoding a key: {e}"))?
                .to_string()
        }
    })
}

/// Write a new key of `alg` that becomes active at `activation`.
pub fn add_key(dir: &Path, alg: IdTokenAlg, activation: DateTime<Utc>) -> anyhow::Result<PathBuf> {
    let path = dir.join(format!(
        "{}-{}.pem",
        activation.timestamp(),
        alg_suffix(alg)
    ));
    write_new_secret(&path, new_private_pem(alg)?.as_bytes())?;
    Ok(path)
}

impl OidcKeyRing {
    /// Read the folder, first creating a key of each algorithm that has
    /// none (active at once: there is nothing to replace).
    pub fn load_or_generate(
        dir: &Path,
        retention: chrono::Duration,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Self> {
        let ring = Self::load(dir, retention)?;
        let mut created = false;
        for alg in [IdTokenAlg::Rs256, IdTokenAlg::EdDsa] {
            if !ring.keys.iter().any(|k| k.alg == alg) {
                add_key(dir, alg, now)?;
                tracing::info!(dir = %dir.display(), alg = alg_suffix(alg), "generated an OpenID Connect signing key");
                created = true;
            }
        }
        if created {
            Self::load(dir, retention)
        } else {
            Ok(ring)
        }
    }

    /// Read every `<activation>-<alg>.pem` in `dir` (other files are ignored).
    pub fn load(dir: &Path, retention: chrono::Duration) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let mut keys = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some((stamp, rest)) = name.split_once('-') else {
                continue;
            };
            let alg = match rest {
                "rs256.pem" => IdTokenAlg::Rs256,
                "ed25519.pem" => IdTokenAlg::EdDsa,
                _ => continue,
            };
            let Some(activation) = stamp
                .parse::<i64>()
                .ok()
                .and_then(|s| DateTime::from_timestamp(s, 0))
            else {
                continue;
            };
            keys.push(read_key(&path, alg, activation)?);
        }
        keys.sort_by_key(|k| (k.activation, k.kid.clone()));
        Ok(Self { keys, retention })
    }

    /// The key that signs with `alg` now: the newest already active.
    pub fn signing(&self, alg: IdTokenAlg, now: DateTime<Utc>) -> Option<&OidcKey> {
        self.keys
            .iter()
            .rfind(|k| k.alg == alg && k.activation <= now)
    }

    /// The key named `kid`, while it is published.
    pub fn by_kid(&self, kid: &str, now: DateTime<Utc>) -> Option<&OidcKey> {
        self.keys
            .iter()
            .find(|k| k.kid == kid && self.published(k, now))
    }

    /// A key is published from its creation until `retention` after the
    /// next key of its algorithm became active.
    fn published(&self, key: &OidcKey, now: DateTime<Utc>) -> bool {
        let successor = self
            .keys
            .iter()
            .filter(|k| k.alg == key.alg && k.activation > key.activation && k.activation <= now)
            .map(|k| k.activation)
            .min();
        successor.is_none_or(|took_over| now < took_over + self.retention)
    }

    /// The public JWKs to publish now.
    pub fn public_jwks(&self, now: DateTime<Utc>) -> Vec<JwkEntry> {
        self.keys
            .iter()
            .filter(|k| self.published(k, now))
            .map(|k| k.public_jwk.clone())
            .collect()
    }
}

/// The ring every handler and task reads. A reader takes a snapshot (an
/// `Arc` clone under a moment's lock), so no lock is held across database
/// work or a delivery, and a reload swaps in a whole new ring.
#[derive(Clone)]
pub struct SharedKeyRing(std::sync::Arc<std::sync::RwLock<std::sync::Arc<OidcKeyRing>>>);

impl SharedKeyRing {
    pub fn new(ring: OidcKeyRing) -> Self {
        Self(std::sync::Arc::new(std::sync::RwLock::new(
            std::sync::Arc::new(ring),
        )))
    }

    pub fn current(&self) -> std::sync::Arc<OidcKeyRing> {
        // A poisoned lock still holds a whole ring: only a swap writes.
        let guard = self
            .0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        std::sync::Arc::clone(&guard)
    }

    fn replace(&self, ring: OidcKeyRing) {
        let mut guard = self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *guard = std::sync::Arc::new(ring);
    }
}

/// Read the folder again every minute until shutdown, so a key staged by
/// `iam-api rotate-keys` (or on another instance) is published and, once
/// active, used.
pub async fn keep_fresh(
    ring: SharedKeyRing,
    dir: PathBuf,
    retention: chrono::Duration,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(60)) => {}
            _ = shutdown.changed() => return,
        }
        let dir = dir.clone();
        match tokio::task::spawn_blocking(move || OidcKeyRing::load(&dir, retention)).await {
            Ok(Ok(fresh)) if fresh.keys.iter().any(|k| k.alg == IdTokenAlg::Rs256) => {
                ring.replace(fresh);
            }
            Ok(Ok(_)) => tracing::warn!(
                "the OpenID Connect key folder lost its keys; keeping the loaded ones"
            ),
            Ok(Err(error)) => {
                tracing::warn!(%error, "reading the OpenID Connect keys failed; keeping the loaded ones")
            }
            Err(error) => tracing::warn!(%error, "reading the OpenID Connect keys failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn temp_dir() -> PathBuf {
        std::env::temp_dir().join(format!("iam-oidc-keys-{}", uuid::Uuid::new_v4()))
    }

    #[test]
    fn a_rotation_publishes_the_next_key_first_and_the_old_one_until_its_tokens_expire() {
        let dir = temp_dir();
        let t0 = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let retention = Duration::hours(1);
        let ring =
            OidcKeyRing::load_or_generate(&dir, retention, t0).unwrap_or_else(|e| panic!("{e}"));
        let first = ring
            .signing(IdTokenAlg::EdDsa, t0)
            .map(|k| k.kid.clone())
            .unwrap_or_default();
        assert!(ring.signing(IdTokenAlg::Rs256, t0).is_some());
        assert_eq!(ring.public_jwks(t0).len(), 2);

        // Staged a day ahead: published at once, used from its activation.
        let next_at = t0 + Duration::days(1);
        add_key(&dir, IdTokenAlg::EdDsa, next_at).unwrap_or_else(|e| panic!("{e}"));
        let ring = OidcKeyRing::load(&dir, retention).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ring.public_jwks(t0).len(), 3);
        assert_eq!(
            ring.signing(IdTokenAlg::EdDsa, t0).map(|k| k.kid.clone()),
            Some(first.clone())
        );
        let second = ring
            .signing(IdTokenAlg::EdDsa, next_at)
            .map(|k| k.kid.clone())
            .unwrap_or_default();
        assert_ne!(first, second);

        // The old key still verifies during the retention, then it is gone.
        assert!(ring
            .by_kid(&first, next_at + Duration::minutes(59))
            .is_some());
        assert!(ring
            .by_kid(&first, next_at + Duration::minutes(61))
            .is_none());
        assert_eq!(ring.public_jwks(next_at + Duration::minutes(61)).len(), 2);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn kids_are_rfc_7638_thumbprints() {
        // RFC 7638 §3.1's example key and thumbprint.
        let members = json!({
            "e": "AQAB",
            "kty": "RSA",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
        });
        assert_eq!(
            thumbprint(&members),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }
}
