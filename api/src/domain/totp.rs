//! Authenticator-app codes (RFC 6238): SHA-1, 6 digits, 30-second steps,
//! which Google Authenticator, Microsoft Authenticator and Okta Verify's
//! code mode all read from an `otpauth://` URI. A code is accepted one step
//! either side of now (clock drift, a code typed as it turned over), and
//! only for a step later than the last one accepted: a code works once.

use totp_rs::{Algorithm, TOTP};

pub const DIGITS: usize = 6;
pub const STEP_SECS: u64 = 30;
/// 160 bits, the HMAC-SHA-1 block the RFC recommends.
pub const SECRET_BYTES: usize = 20;
/// Steps either side of now whose code is accepted.
const SKEW_STEPS: i64 = 1;

/// Why a key cannot be made (a secret too short, a `:` in a name).
#[derive(Debug, thiserror::Error)]
#[error("authenticator-app key: {0}")]
pub struct TotpError(String);

/// One user's authenticator-app key.
pub struct TotpKey(TOTP);

impl TotpKey {
    /// The key of `secret`, labelled `issuer` and `account` in the app.
    pub fn new(secret: Vec<u8>, issuer: &str, account: &str) -> Result<Self, TotpError> {
        // The app shows "issuer (account)"; a colon would split the label.
        let clean = |s: &str| s.replace(':', " ");
        TOTP::new(
            Algorithm::SHA1,
            DIGITS,
            0,
            STEP_SECS,
            secret,
            Some(clean(issuer)),
            clean(account),
        )
        .map(Self)
        .map_err(|e| TotpError(e.to_string()))
    }

    /// The `otpauth://totp/…` URI an app scans from the QR code.
    pub fn otpauth_uri(&self) -> String {
        self.0.get_url()
    }

    /// The secret as an app takes it typed in: base32, no padding.
    pub fn secret_base32(&self) -> String {
        self.0.get_secret_base32()
    }

    /// The code of the step holding `unix_secs`.
    pub fn code_at(&self, unix_secs: u64) -> String {
        self.0.generate(unix_secs)
    }

    /// The time step `code` belongs to, if it is the code of a step within
    /// one of now and later than `last_used_step`; `None` otherwise.
    pub fn accept(&self, code: &str, unix_secs: u64, last_used_step: Option<i64>) -> Option<i64> {
        let code = code.trim();
        if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let now_step = i64::try_from(unix_secs / STEP_SECS).ok()?;
        let mut accepted = None;
        // Every candidate is compared (in constant time), whatever matched.
        for step in (now_step - SKEW_STEPS)..=(now_step + SKEW_STEPS) {
            let Ok(at) = u64::try_from(step) else {
                continue;
            };
            let expected = self.0.generate(at * STEP_SECS);
            if crate::crypto::constant_time_eq(&expected, code)
                && last_used_step.is_none_or(|last| step > last)
            {
                accepted = Some(step);
            }
        }
        accepted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 key.
    fn rfc_key() -> TotpKey {
        TotpKey::new(
            b"12345678901234567890".to_vec(),
            "IAMOnline",
            "pat@example.org",
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn codes_are_those_of_rfc_6238_appendix_b_in_six_digits() {
        let key = rfc_key();
        // 94287082, 07081804, 14050471 in eight digits.
        assert_eq!(key.code_at(59), "287082");
        assert_eq!(key.code_at(1_111_111_109), "081804");
        assert_eq!(key.code_at(1_111_111_111), "050471");
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_only_once() {
        let key = rfc_key();
        let now = 1_111_111_111;
        let step = i64::try_from(now / STEP_SECS).unwrap_or_default();
        let current = key.code_at(now);
        assert_eq!(key.accept(&current, now, None), Some(step));
        assert_eq!(key.accept(&format!(" {current} "), now, None), Some(step));
        // Replay: the same step again, or an older one.
        assert_eq!(key.accept(&current, now, Some(step)), None);
        let previous = key.code_at(now - STEP_SECS);
        assert_eq!(key.accept(&previous, now, None), Some(step - 1));
        assert_eq!(key.accept(&previous, now, Some(step - 1)), None);
        let next = key.code_at(now + STEP_SECS);
        assert_eq!(key.accept(&next, now, Some(step)), Some(step + 1));
        // Two steps away is too far.
        let old = key.code_at(now - 2 * STEP_SECS);
        assert_ne!(old, current);
        assert_eq!(key.accept(&old, now, None), None);
    }

    #[test]
    fn malformed_codes_are_refused() {
        let key = rfc_key();
        for bad in ["", "12345", "1234567", "12a456", "١٢٣٤٥٦"] {
            assert_eq!(key.accept(bad, 59, None), None, "{bad}");
        }
    }

    #[test]
    fn the_uri_names_the_issuer_and_account_and_carries_the_secret() {
        let key = TotpKey::new(vec![7; SECRET_BYTES], "Texas DSHS: IAMOnline", "a:b")
            .unwrap_or_else(|e| panic!("{e}"));
        let uri = key.otpauth_uri();
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(
            uri.contains(&format!("secret={}", key.secret_base32())),
            "{uri}"
        );
        assert!(!uri.contains("digits=8"), "{uri}");
        assert!(
            TotpKey::new(vec![1; 8], "x", "y").is_err(),
            "64 bits is too short"
        );
    }
}
