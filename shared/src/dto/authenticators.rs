//! "Security methods": the authenticators a user has set up, adding an
//! authenticator app, naming and removing one (docs/authenticators.md).

use serde::{Deserialize, Serialize};

use super::SecretText;
use crate::types::AuthenticatorKind;

/// An authenticator as its owner (or support) sees it: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthenticatorView {
    pub id: String,
    pub kind: AuthenticatorKind,
    /// What the user called it.
    pub name: String,
    /// Resists phishing (a passkey); an app's codes can be typed into a
    /// look-alike site, so they do not.
    pub phishing_resistant: bool,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; absent until first used to sign in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthenticatorListResponse {
    /// Set-ups not finished are not listed.
    pub authenticators: Vec<AuthenticatorView>,
}

/// A name for an authenticator ("Work phone").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct AuthenticatorNameRequest {
    /// Validation: 1 to 60 characters, no control characters.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::authenticator_name"))
    )]
    #[cfg_attr(feature = "openapi", schema(example = "Work phone"))]
    pub name: String,
}

/// An authenticator app's set-up, begun: the key to put into the app, as a
/// QR code and as text. It counts once the app's first code is confirmed
/// (`POST /authenticators/{id}/confirm`), within 10 minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpSetupResponse {
    pub id: String,
    /// The key in base32, to type into the app by hand.
    pub secret: String,
    /// The `otpauth://totp/…` URI the QR code holds.
    pub otpauth_uri: String,
    /// The QR code: an SVG document.
    pub qr_svg: String,
}

/// A code from the authenticator app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct TotpCodeRequest {
    /// Validation: exactly 6 digits.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::email_code"))
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "492039"))]
    pub code: SecretText,
}

/// A WebAuthn ceremony, begun: the options to pass to
/// `navigator.credentials.create()` or `.get()` (the `publicKey` member, with
/// binary fields in base64url, as WebAuthn Level 3's JSON forms), and the
/// id to post the answer under. It lasts 5 minutes and answers once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyCeremony {
    /// Absent for a sign-in's second step (the transaction id serves).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `{"publicKey": {...}}` (and `mediation` for a username-less sign-in).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub options: serde_json::Value,
}

/// The browser's answer to a ceremony: the `PublicKeyCredential` as JSON
/// (`toJSON()`, binary fields in base64url).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasskeyCredentialRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: serde_json::Value,
}

/// A new passkey, created by the browser: its name and the credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct PasskeyRegistrationRequest {
    /// Validation: 1 to 60 characters, no control characters.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::authenticator_name"))
    )]
    #[cfg_attr(feature = "openapi", schema(example = "This laptop"))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: serde_json::Value,
}

/// A username-less sign-in's answer: the ceremony it answers and the
/// credential the browser chose (which names the account).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasskeySigninRequest {
    /// `id` of `POST /signin/passkey/options`.
    pub ceremony_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: serde_json::Value,
    /// As `keep_signed_in` of `POST /signin`.
    #[serde(default)]
    pub keep_signed_in: bool,
}
