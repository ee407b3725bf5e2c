//! `GET /api/v1/config`: what the browser app needs before the first screen.

use serde::{Deserialize, Serialize};

/// Branding, contacts, notices and feature switches, in the language
/// asked for where the portal has them in it. Everything here is public:
/// it is shown on the sign-in pages before anyone signs in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicConfigResponse {
    /// The registry application's name ("ImmTrac2").
    pub app_name: String,
    /// The portal's name ("IAMOnline").
    pub portal_name: String,
    pub support: SupportContacts,
    /// The System Use Notification shown on every sign-in page.
    pub system_use_notification: String,
    /// The language the notice is written in: the one asked for
    /// (`Accept-Language`), or English where the portal has no
    /// translation of it.
    pub system_use_notification_lang: crate::i18n::Lang,
    /// The Confidentiality Statement accepted before a session is issued.
    pub confidentiality_statement: String,
    /// The language of the statement (English for now: the accepted
    /// version is recorded as evidence, and a translation would be a
    /// version of its own).
    pub confidentiality_statement_lang: crate::i18n::Lang,
    /// The password policy's rules, in display order.
    pub password_requirements: Vec<PasswordRequirement>,
    pub features: FeatureSwitches,
}

/// Who users call when they are stuck (docs/product.md §1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportContacts {
    pub customer_support_phone: String,
    pub customer_support_email: String,
    pub customer_support_hours: String,
    pub help_desk_phone: String,
    pub help_desk_hours: String,
}

/// One rule of the password policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordRequirement {
    /// Stable rule id (`min_length`, `uppercase`, …).
    pub rule: String,
    pub description: String,
}

/// Switches that change which screens and links the app offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeatureSwitches {
    /// Is the e-mail code step required after the password on both doors?
    pub mfa_required: bool,
    /// Where "Forgot Password? (HHS/DSHS Emails Only)" leads.
    pub internal_password_reset_url: String,
    /// Is `/dev/mail` available (development only)?
    pub dev_mail: bool,
    /// The languages the language switch offers; English first.
    pub languages: Vec<crate::i18n::Lang>,
}

/// One area of the text catalogue in one language
/// (`GET /texts/{lang}/{area}`, docs/i18n.md). The browser app fetches the
/// areas it shows once a language other than English is chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextsResponse {
    pub lang: crate::i18n::Lang,
    pub area: crate::i18n::Area,
    /// The keys, in catalogue order, for clients that look texts up by name.
    pub keys: Vec<String>,
    /// The texts, in the same order; `{name}` marks a value filled in.
    pub texts: Vec<String>,
    /// The area's catalogue version. A client that matches texts by
    /// position (the browser app does) compares it with the version it was
    /// built with, and keeps its own English when they differ.
    pub version: String,
}
