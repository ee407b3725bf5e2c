//! The browser app's part of an OpenID Connect authorization request
//! (docs/oidc.md): the provider keeps the request and hands the app a
//! handle; the app signs the user in with the portal's own screens and
//! asks the provider to continue.

use serde::{Deserialize, Serialize};

use crate::i18n::{fill, portal, Msg};

/// `POST /authorize/continue`: carry on with a pending request, signed in
/// (bearer) or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
pub struct AuthorizeContinueRequest {
    /// The handle from the `request` query parameter of the page the
    /// authorization endpoint sent the browser to.
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 100)))]
    pub request: String,
    /// The user's answer on the consent screen (`next: consent`): `true`
    /// allows what the application asked for, `false` refuses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<bool>,
}

/// What an application's sign-in request needs next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthorizeNext {
    /// Go to `location`: the application, with a code or an OAuth error.
    Redirect,
    /// Sign in (again, when `reauthenticate`), then continue.
    SignIn,
    /// The application needs a valid Acceptable Use Agreement: sign it,
    /// then continue.
    Aua,
    /// A third-party application asks for `scopes`: ask the user, then
    /// continue with `consent`.
    Consent,
}

/// What the browser does next (the shape of the sign-in steps' answers: a
/// `next` and the fields it needs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorizeContinueResponse {
    pub next: AuthorizeNext,
    /// `redirect`: where to send the browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `sign_in`, `aua`: the application's name, to say where the user is going.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    /// `sign_in`: the username the application suggested, to prefill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_hint: Option<String>,
    /// `sign_in`: the application asks for a fresh sign-in although a
    /// session is live.
    #[serde(default)]
    pub reauthenticate: bool,
    /// `consent`: the scopes the application asks for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
}

impl AuthorizeContinueResponse {
    pub fn redirect(location: String) -> Self {
        Self {
            next: AuthorizeNext::Redirect,
            location: Some(location),
            application: None,
            login_hint: None,
            reauthenticate: false,
            scopes: Vec::new(),
        }
    }

    pub fn sign_in(application: String, login_hint: Option<String>, reauthenticate: bool) -> Self {
        Self {
            next: AuthorizeNext::SignIn,
            location: None,
            application: Some(application),
            login_hint,
            reauthenticate,
            scopes: Vec::new(),
        }
    }

    pub fn aua(application: String) -> Self {
        Self {
            next: AuthorizeNext::Aua,
            location: None,
            application: Some(application),
            login_hint: None,
            reauthenticate: false,
            scopes: Vec::new(),
        }
    }
}

impl AuthorizeContinueResponse {
    pub fn consent(application: String, scopes: Vec<String>) -> Self {
        Self {
            next: AuthorizeNext::Consent,
            location: None,
            application: Some(application),
            login_hint: None,
            reauthenticate: false,
            scopes,
        }
    }
}

/// An application the user allowed (the consent screen), as "Manage My
/// Access" lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentView {
    pub client_id: String,
    pub application: String,
    /// The scopes allowed.
    pub scopes: Vec<String>,
    /// RFC 3339.
    pub granted_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentListResponse {
    pub consents: Vec<ConsentView>,
}

/// What a scope lets an application see or do, in the user's words (the
/// consent screen and "Manage My Access"), in the language of `text`: the
/// browser passes its `t`, the server `|msg| lang.text(msg)`. A scope
/// without a description shows as it is.
pub fn scope_description(scope: &str, text: impl Fn(Msg) -> &'static str) -> String {
    let msg = match scope {
        "openid" => portal::SCOPE_OPENID,
        "profile" => portal::SCOPE_PROFILE,
        "email" => portal::SCOPE_EMAIL,
        "organizations" => portal::SCOPE_ORGANIZATIONS,
        "offline_access" => portal::SCOPE_OFFLINE_ACCESS,
        other => {
            return match other.strip_prefix("api:") {
                Some(api) => fill(text(portal::SCOPE_API), &[("api", api)]),
                None => other.to_owned(),
            }
        }
    };
    text(msg).to_owned()
}

/// `POST /logout/continue`: carry on with an application's logout request
/// (RP-initiated logout), signed in (bearer) or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
pub struct LogoutContinueRequest {
    /// The handle from the `request` query parameter of the sign-out page.
    #[cfg_attr(feature = "validate", validate(length(min = 1, max = 100)))]
    pub request: String,
    /// The user confirmed "Sign out" (needed when the application did not
    /// name this session).
    #[serde(default)]
    pub confirm: bool,
}

/// What a logout request needs next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LogoutNext {
    /// Ask the user whether to sign out, then call again with `confirm`.
    Confirm,
    /// Signed out (or was not signed in): go to `location` when there is one.
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogoutContinueResponse {
    pub next: LogoutNext,
    /// The application that asked, when it is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    /// `done`: the application's registered page to return to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}
