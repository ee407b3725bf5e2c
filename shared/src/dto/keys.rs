//! `GET /.well-known/jwks.json`: public keys that verify the portal's access
//! tokens and what it signs for applications (ID tokens, their access
//! tokens). Pick a key by `kid` and skip key types you do not know
//! (RFC 7517 §5): the set grows when keys rotate.

use serde::{Deserialize, Serialize};

/// A JSON Web Key Set (RFC 7517).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JwkSetResponse {
    pub keys: Vec<JwkEntry>,
}

/// One key of the set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum JwkEntry {
    Okp(Jwk),
    Rsa(RsaJwk),
}

/// An RSA public key (RFC 7518 §6.3), for RS256 ID tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsaJwk {
    /// Always `RSA`.
    pub kty: String,
    /// The modulus, base64url without padding.
    pub n: String,
    /// The exponent, base64url without padding.
    pub e: String,
    pub kid: String,
    /// Always `RS256`.
    pub alg: String,
    /// Always `sig`.
    #[serde(rename = "use")]
    pub key_use: String,
}

/// An Ed25519 public key (RFC 8037 `OKP`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Jwk {
    /// Always `OKP`.
    pub kty: String,
    /// Always `Ed25519`.
    pub crv: String,
    /// The public key, base64url without padding.
    pub x: String,
    /// Key id; tokens name it in their header.
    pub kid: String,
    /// Always `EdDSA`.
    pub alg: String,
    /// Always `sig`.
    #[serde(rename = "use")]
    pub key_use: String,
}
