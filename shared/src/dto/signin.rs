//! Sign-in (docs/product.md §3): one state machine behind two doors, and the CAPTCHA of
//! the password recall step. `POST /api/v1/signin`, `/login`,
//! `/signin/{transaction_id}/…` and `POST /api/v1/captcha`.

use serde::{Deserialize, Serialize};
// The derive of a struct with a `nested` field calls the trait method.
#[cfg(feature = "validate")]
use validator::Validate;

use super::session::{OrganizationSummary, UserSummary};
use super::SecretText;
use crate::NextStep;

/// IAMOnline door, screen 1: the identifier only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct SigninStartRequest {
    /// A 2-4-2 username or, for central office staff and citizens, an
    /// e-mail address; matched case-insensitively.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::identifier"))
    )]
    #[cfg_attr(feature = "openapi", schema(max_length = 254, example = "JO1234SM"))]
    pub username: String,
    /// "Keep me signed in": a 30-day refresh token instead of 12 hours.
    #[serde(default)]
    pub keep_signed_in: bool,
}

/// "Email me a code instead" (`POST /captcha/{captcha_id}/email`): for a
/// person who cannot read the image, a mailed code answers that challenge
/// instead of its characters. Exactly one of the two fields: `username` on
/// a form that names an account (the code goes to its address), `email` on
/// a public request form (the code goes to the address typed there).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CaptchaEmailRequest {
    /// The username typed on the form (a 2-4-2 username or an e-mail
    /// address, as at sign-in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::identifier"))
    )]
    #[cfg_attr(feature = "openapi", schema(max_length = 254, example = "JO1234SM"))]
    pub username: Option<String>,
    /// The e-mail address typed on a public request form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::email"))
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 254, example = "pat.doe@example.org")
    )]
    pub email: Option<String>,
}

/// ImmTrac2 door: Org Code, Username and Password at once. On the password
/// recall step (`captcha_required`) the CAPTCHA answer comes along.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// Validation: 1–32 letters or digits.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::org_code"))
    )]
    #[cfg_attr(feature = "openapi", schema(max_length = 32, example = "12345"))]
    pub org_code: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::identifier"))
    )]
    #[cfg_attr(feature = "openapi", schema(max_length = 254, example = "JO1234SM"))]
    pub username: String,
    /// Validation: present, at most 128 characters.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::signin_password"))
    )]
    pub password: SecretText,
    #[serde(default)]
    pub keep_signed_in: bool,
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(nested))]
    pub captcha: Option<CaptchaAnswer>,
}

/// IAMOnline door: the password step (and the recall step, with a CAPTCHA).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct PasswordStepRequest {
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::signin_password"))
    )]
    pub password: SecretText,
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(nested))]
    pub captcha: Option<CaptchaAnswer>,
}

/// The answer to a CAPTCHA image, wherever one is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CaptchaAnswer {
    /// From `POST /api/v1/captcha`.
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 64)))]
    pub captcha_id: String,
    /// The characters shown, in any case.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::captcha_answer"))
    )]
    #[cfg_attr(feature = "openapi", schema(example = "K7RXA"))]
    pub answer: String,
}

/// A fresh CAPTCHA image. Each image answers once; ask for a new one after
/// any attempt, right or wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaptchaResponse {
    pub captcha_id: String,
    /// The PNG image, base64 (standard alphabet, padded).
    pub image_png_base64: String,
    /// RFC 3339 UTC time after which the answer is refused.
    pub expires_at: String,
}

/// A way to verify "it's you" on the IAMOnline door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SigninMethod {
    Password,
    Email,
    /// An authenticator app's code: a second factor, after the password.
    Totp,
    /// A passkey or security key (`POST /signin/{id}/passkey/options`).
    Passkey,
}

/// Where a sign-in stands after a successful step: what the client shows
/// next, and the transaction id every later step is posted to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SigninStepResponse {
    /// Opaque; valid for 10 minutes and until the sign-in is done.
    pub transaction_id: String,
    pub next_step: NextStep,
    /// The security methods still open: at `choose_method`, the first
    /// factors; at `email_code`, the second factors the user has (`email`,
    /// and `totp` with an authenticator app set up: "Verify with something
    /// else").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<SigninMethod>,
    /// At `confidentiality` after an activation: the security methods the
    /// user may set up now ("Set up optional"), through the same calls as
    /// `setup_required`'s. Skipping them is fine: the statement is next.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub setup_optional: Vec<SigninMethod>,
    /// After the username (`choose_method`) and after the ImmTrac2 login's
    /// password: where "Send me an email" sends the code, masked
    /// ("p***k@dshs.texas.gov"). A username that matches no account gets a
    /// stable made-up address: the answer never tells whether one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked_email: Option<String>,
    /// `done` only: the short-lived access token (a JWT; verify it with
    /// `/.well-known/jwks.json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// `done` only: always `Bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// `done` only: seconds until the access token expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<u64>,
    /// `done` only, for API clients: the refresh token. The browser app gets
    /// it as an HttpOnly cookie instead, never in a body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// `done` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserSummary>,
    /// `done` only: the user's organizations (several: show the portal view).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<OrganizationSummary>,
}

impl SigninStepResponse {
    /// A step that is not the last one.
    pub fn step(transaction_id: String, next_step: NextStep, methods: Vec<SigninMethod>) -> Self {
        Self {
            transaction_id,
            next_step,
            methods,
            setup_optional: Vec::new(),
            masked_email: None,
            access_token: None,
            token_type: None,
            expires_in: None,
            refresh_token: None,
            user: None,
            organizations: Vec::new(),
        }
    }
}

/// The e-mail code was sent (or, for an identifier that matches no
/// account, would have been: the answer is the same).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailCodeSentResponse {
    /// "S***0@gmail.com": first and last character of the local part.
    pub masked_email: String,
    /// RFC 3339 UTC time after which the code is refused.
    pub expires_at: String,
    /// Seconds until "Send again" may be used.
    pub resend_after: u64,
}

/// The code from the e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct EmailCodeVerifyRequest {
    /// Validation: exactly 6 digits.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::email_code"))
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "042917"))]
    pub code: SecretText,
}
