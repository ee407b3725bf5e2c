//! The device cookie: how a browser that signed in before is recognised
//! (issue 15, point 9). Its value is a random secret and a MAC of it under
//! a server key, so a forged or altered cookie is an unknown device without
//! a database lookup; the database keeps only a digest of the secret.

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::HttpRequest;
use secrecy::{ExposeSecret, SecretString};

use crate::crypto;

/// `__Host-`: this origin only, HTTPS, path `/` (as the refresh cookie).
pub const NAME: &str = "__Host-iam_device";

/// How long a device stays familiar without signing in (the cookie's
/// lifetime; browsers cap cookies at 400 days).
pub const LIFETIME_DAYS: i64 = 365;

/// Hex digits of the MAC kept in the cookie (128 bits).
const MAC_HEX: usize = 32;

fn mac(key: &[u8; 32], secret: &str) -> String {
    let mut full = crypto::keyed_digest(key, &format!("device-cookie\0{secret}"));
    full.truncate(MAC_HEX);
    full
}

/// A new device: the cookie's value (to send once) and the digest to store.
pub fn issue(key: &[u8; 32]) -> (SecretString, String) {
    let secret = crypto::random_token();
    let value = format!(
        "{}.{}",
        secret.expose_secret(),
        mac(key, secret.expose_secret())
    );
    (
        SecretString::from(value),
        crypto::token_digest(secret.expose_secret()),
    )
}

/// The stored digest of the device a cookie value names, if its MAC holds.
pub fn verify(key: &[u8; 32], value: &str) -> Option<String> {
    let (secret, tag) = value.split_once('.')?;
    if secret.is_empty() || secret.len() > 64 {
        return None;
    }
    crypto::constant_time_eq(&mac(key, secret), tag).then(|| crypto::token_digest(secret))
}

/// The device the request comes from, if it carries a valid device cookie.
pub fn of(req: &HttpRequest, key: &[u8; 32]) -> Option<String> {
    verify(key, req.cookie(NAME)?.value())
}

/// The `Set-Cookie` for a device: HttpOnly, Secure, SameSite=Strict,
/// persistent.
pub fn cookie(value: &SecretString) -> Cookie<'static> {
    Cookie::build(NAME, value.expose_secret().to_owned())
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::days(LIFETIME_DAYS))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [7; 32];

    #[test]
    fn an_issued_cookie_verifies_to_the_stored_digest() {
        let (value, digest) = issue(&KEY);
        assert_eq!(verify(&KEY, value.expose_secret()), Some(digest.clone()));
        assert!(
            !value.expose_secret().contains(&digest),
            "the cookie does not carry what is stored"
        );
    }

    #[test]
    fn an_altered_or_foreign_cookie_is_no_device() {
        let (value, _) = issue(&KEY);
        let value = value.expose_secret();
        let Some((secret, tag)) = value.split_once('.') else {
            panic!("an issued value holds a MAC");
        };
        assert_eq!(verify(&[8; 32], value), None, "another server's key");
        assert_eq!(verify(&KEY, &format!("{secret}x.{tag}")), None);
        assert_eq!(verify(&KEY, secret), None, "no MAC");
        assert_eq!(verify(&KEY, &format!(".{tag}")), None);
        assert_eq!(verify(&KEY, ""), None);
    }

    #[test]
    fn the_cookie_is_host_only_http_only_and_strict() {
        let (value, _) = issue(&KEY);
        let c = cookie(&value);
        assert!(c.name().starts_with("__Host-"));
        assert_eq!(c.path(), Some("/"));
        assert_eq!(c.secure(), Some(true));
        assert_eq!(c.http_only(), Some(true));
        assert_eq!(c.same_site(), Some(SameSite::Strict));
        assert!(c.max_age().is_some(), "outlives the browser session");
    }
}
