//! Access tokens (docs/product.md §3.3): short-lived EdDSA JWTs with `kid`, explicit
//! `typ`, `iss` and `aud`, checked with one fixed algorithm (never `none`,
//! never the token's own choice), `exp` and `nbf` required, 5 s of leeway.
//! Claims carry ids only, no personal data, and never `amr: mfa`: the
//! e-mail code verifies an address, it is not a second factor (NIST).

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::auth::keys::SigningKeys;
use crate::config::Settings;

/// The JOSE `typ` of access tokens (RFC 9068). Other tokens of this system
/// are opaque random strings, so none can stand in for an access token.
pub const ACCESS_TOKEN_TYP: &str = "at+jwt";

/// Seconds of clock skew tolerated (the library default is 60).
const LEEWAY_SECS: u64 = 5;

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// The user id.
    pub sub: String,
    /// The session id: every request checks the session is still live.
    pub sid: String,
    /// The session's token generation when this token was issued: a token
    /// of an older generation (issued before the password was typed again)
    /// is refused.
    #[serde(default)]
    pub sgen: i32,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
    /// When the user's Acceptable Use Agreement lapses (seconds since the
    /// epoch), present only while it is valid: applications that verify
    /// tokens offline refuse a token without it, or past it (the AUA gate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aua_exp: Option<i64>,
    /// How the session's sign-in was verified (RFC 8176: `pwd`, `otp`,
    /// `hwk`/`swk`, `user`, `mfa`), so an API can demand a second factor
    /// without asking the portal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amr: Vec<String>,
}

/// Whose session a token is for: the user, the session and its token
/// generation, and the session's `amr` (space-separated).
#[derive(Debug, Clone, Copy)]
pub struct TokenSubject<'a> {
    pub user_id: &'a str,
    pub session_id: &'a str,
    pub generation: i32,
    pub amr: &'a str,
}

/// Why a token was refused (logged, never shown: clients get a plain 401).
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("malformed or wrongly signed token: {0}")]
    Invalid(#[from] jsonwebtoken::errors::Error),
    #[error("unexpected token type or key id")]
    WrongHeader,
    #[error("expired or not yet valid")]
    OutOfTime,
}

/// Sign an access token for a session.
pub fn issue(
    keys: &SigningKeys,
    settings: &Settings,
    subject: TokenSubject<'_>,
    aua_expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<String, TokenError> {
    let mut header = Header::new(Algorithm::EdDSA);
    header.typ = Some(ACCESS_TOKEN_TYP.into());
    header.kid = Some(keys.kid.clone());
    let iat = now.timestamp();
    let ttl = i64::try_from(settings.access_token_ttl_secs).unwrap_or(900);
    let claims = AccessClaims {
        iss: settings.public_base().to_owned(),
        aud: settings.jwt_audience.clone(),
        sub: subject.user_id.to_owned(),
        sid: subject.session_id.to_owned(),
        sgen: subject.generation,
        iat,
        nbf: iat,
        exp: iat + ttl,
        jti: uuid::Uuid::new_v4().to_string(),
        aua_exp: aua_expires_at.map(|at| at.timestamp()),
        amr: subject.amr.split_whitespace().map(str::to_owned).collect(),
    };
    Ok(jsonwebtoken::encode(&header, &claims, &keys.encoding)?)
}

/// Check signature, algorithm, header, issuer, audience and times. The
/// times are checked against the server's clock (`now`), not the library's
/// reading of the system time, so one injectable clock rules every expiry.
pub fn verify(
    keys: &SigningKeys,
    settings: &Settings,
    token: &str,
    now: DateTime<Utc>,
) -> Result<AccessClaims, TokenError> {
    let header = jsonwebtoken::decode_header(token)?;
    if header.typ.as_deref() != Some(ACCESS_TOKEN_TYP) || header.kid.as_deref() != Some(&keys.kid) {
        return Err(TokenError::WrongHeader);
    }
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.set_issuer(&[settings.public_base()]);
    validation.set_audience(&[&settings.jwt_audience]);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
    let claims = jsonwebtoken::decode::<AccessClaims>(token, &keys.decoding, &validation)?.claims;
    let (now, leeway) = (now.timestamp(), i64::try_from(LEEWAY_SECS).unwrap_or(5));
    if now + leeway < claims.nbf || now - leeway >= claims.exp {
        return Err(TokenError::OutOfTime);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    use super::*;

    fn keys() -> SigningKeys {
        let dir = std::env::temp_dir().join(format!("iam-at-{}", uuid::Uuid::new_v4()));
        SigningKeys::load_or_generate(&dir.join("k.pem")).unwrap_or_else(|e| panic!("{e}"))
    }

    fn b64(value: &serde_json::Value) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
    }

    fn subject<'a>(user_id: &'a str, session_id: &'a str, generation: i32) -> TokenSubject<'a> {
        TokenSubject {
            user_id,
            session_id,
            generation,
            amr: "pwd otp",
        }
    }

    #[test]
    fn a_fresh_token_verifies_and_carries_no_personal_data() {
        let (keys, settings) = (keys(), Settings::default());
        let token = issue(
            &keys,
            &settings,
            subject("user-1", "session-1", 0),
            None,
            Utc::now(),
        )
        .unwrap_or_default();
        let claims = verify(&keys, &settings, &token, Utc::now()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (claims.sub.as_str(), claims.sid.as_str()),
            ("user-1", "session-1")
        );
        assert_eq!(claims.exp - claims.iat, 900);
        let payload = token.split('.').nth(1).unwrap_or_default();
        let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap_or_default();
        let text = String::from_utf8(json).unwrap_or_default();
        assert!(!text.contains('@'), "{text}");
        // How the sign-in was verified (RFC 8176), not who signed in.
        assert_eq!(claims.amr, ["pwd", "otp"]);
    }

    #[test]
    fn expired_tampered_unsigned_and_foreign_tokens_are_refused() {
        let (keys, settings) = (keys(), Settings::default());
        let long_ago = Utc::now() - chrono::Duration::hours(1);
        let expired =
            issue(&keys, &settings, subject("u", "s", 0), None, long_ago).unwrap_or_default();
        assert!(
            verify(&keys, &settings, &expired, Utc::now()).is_err(),
            "expired"
        );

        let good =
            issue(&keys, &settings, subject("u", "s", 0), None, Utc::now()).unwrap_or_default();
        let parts: Vec<&str> = good.split('.').collect();
        let forged_claims = b64(
            &serde_json::json!({"iss": settings.public_base(), "aud": "iamonline", "sub": "admin", "sid": "s", "iat": 0, "nbf": 0, "exp": 4_000_000_000u64, "jti": "x"}),
        );
        let tampered = format!("{}.{}.{}", parts[0], forged_claims, parts[2]);
        assert!(
            verify(&keys, &settings, &tampered, Utc::now()).is_err(),
            "tampered"
        );

        let none_header =
            b64(&serde_json::json!({"alg": "none", "typ": ACCESS_TOKEN_TYP, "kid": keys.kid}));
        let unsigned = format!("{none_header}.{forged_claims}.");
        assert!(
            verify(&keys, &settings, &unsigned, Utc::now()).is_err(),
            "alg none"
        );

        let other = self::keys();
        let foreign =
            issue(&other, &settings, subject("u", "s", 0), None, Utc::now()).unwrap_or_default();
        assert!(
            verify(&keys, &settings, &foreign, Utc::now()).is_err(),
            "another key"
        );

        let other_audience = Settings {
            jwt_audience: "someone-else".into(),
            ..Settings::default()
        };
        assert!(
            verify(&keys, &other_audience, &good, Utc::now()).is_err(),
            "another audience"
        );
    }

    /// A token of ours with these claims and header changes.
    fn signed(
        keys: &SigningKeys,
        claims: &serde_json::Value,
        edit: impl FnOnce(&mut Header),
    ) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.typ = Some(ACCESS_TOKEN_TYP.into());
        header.kid = Some(keys.kid.clone());
        edit(&mut header);
        jsonwebtoken::encode(&header, claims, &keys.encoding).unwrap_or_default()
    }

    fn claims(settings: &Settings, nbf: i64, exp: i64) -> serde_json::Value {
        serde_json::json!({"iss": settings.public_base(), "aud": settings.jwt_audience, "sub": "u",
                           "sid": "s", "iat": nbf, "nbf": nbf, "exp": exp, "jti": "j"})
    }

    #[test]
    fn the_public_key_as_an_hmac_secret_and_hostile_headers_are_refused() {
        let (keys, settings) = (keys(), Settings::default());
        let now = Utc::now().timestamp();
        let body = claims(&settings, now, now + 600);
        // Algorithm confusion: HS256 keyed with what the JWKS publishes.
        let published = match &keys.jwks().keys[0] {
            iam_shared::dto::keys::JwkEntry::Okp(jwk) => jwk.x.clone(),
            other => panic!("the portal's key is Ed25519: {other:?}"),
        };
        for secret in [
            published.clone().into_bytes(),
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(&published)
                .unwrap_or_default(),
        ] {
            let mut header = Header::new(Algorithm::HS256);
            header.typ = Some(ACCESS_TOKEN_TYP.into());
            header.kid = Some(keys.kid.clone());
            let forged = jsonwebtoken::encode(
                &header,
                &body,
                &jsonwebtoken::EncodingKey::from_secret(&secret),
            )
            .unwrap_or_default();
            assert!(
                verify(&keys, &settings, &forged, Utc::now()).is_err(),
                "HS256"
            );
        }
        // A key named by the token itself (`jku`, `x5u`) is never fetched:
        // another key's signature fails under our `kid`.
        let other = self::keys();
        let pointed = signed(&other, &body, |h| {
            h.kid = Some(keys.kid.clone());
            h.jku = Some("https://attacker.example/jwks.json".into());
            h.x5u = Some("https://attacker.example/cert.pem".into());
        });
        assert!(
            verify(&keys, &settings, &pointed, Utc::now()).is_err(),
            "jku"
        );
        // `kid` only selects: path-like or SQL-like values are just unknown.
        for kid in [
            "../../../../dev/null",
            "' OR '1'='1",
            "",
            &keys.kid.to_uppercase(),
        ] {
            let hostile = signed(&keys, &body, |h| h.kid = Some(kid.to_owned()));
            assert!(
                matches!(
                    verify(&keys, &settings, &hostile, Utc::now()),
                    Err(TokenError::WrongHeader)
                ),
                "kid {kid:?}"
            );
        }
        let untyped = signed(&keys, &body, |h| h.typ = Some("JWT".into()));
        assert!(
            verify(&keys, &settings, &untyped, Utc::now()).is_err(),
            "typ"
        );
    }

    #[test]
    fn nbf_and_exp_hold_with_five_seconds_of_leeway_and_are_required() {
        let (keys, settings) = (keys(), Settings::default());
        let now = Utc::now();
        let t = now.timestamp();
        let verdict = |nbf: i64, exp: i64| {
            verify(
                &keys,
                &settings,
                &signed(&keys, &claims(&settings, nbf, exp), |_| {}),
                now,
            )
            .is_ok()
        };
        assert!(verdict(t + 4, t + 600), "a clock 4 s ahead is tolerated");
        assert!(!verdict(t + 60, t + 600), "not valid for another minute");
        assert!(
            verdict(t - 600, t - 4),
            "expired 4 s ago: within the leeway"
        );
        assert!(!verdict(t - 600, t - 6), "expired 6 s ago");
        for missing in ["exp", "nbf", "iss", "aud", "sub"] {
            let mut body = claims(&settings, t, t + 600);
            if let Some(map) = body.as_object_mut() {
                map.remove(missing);
            }
            let token = signed(&keys, &body, |_| {});
            assert!(
                verify(&keys, &settings, &token, now).is_err(),
                "without {missing}"
            );
        }
    }
}
