//! The application catalogue (docs/oidc.md, "Clients and applications"):
//! the dashboard's tiles and the OpenID Connect clients behind them,
//! managed by admins in the support console.

use serde::{Deserialize, Serialize};

use crate::types::{ClientAuthMethod, ClientType, MembershipRole, UserType};

/// An application's OpenID Connect client, as an admin sees it (never its
/// secret: only a digest is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientSettings {
    pub client_type: ClientType,
    pub auth_method: ClientAuthMethod,
    /// Compared exactly.
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backchannel_logout_uri: Option<String>,
    /// Where a tile sends the user (OIDC third-party-initiated login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiate_login_uri: Option<String>,
    pub scopes: Vec<String>,
    pub grant_types: Vec<String>,
    /// `RS256` or `EdDSA`.
    pub id_token_alg: String,
    pub access_token_ttl_secs: u32,
    pub refresh_token_ttl_secs: u32,
    /// A third party: its users are asked to consent.
    #[serde(default)]
    pub consent_required: bool,
    /// `private_key_jwt`: the client's public keys, a JWK set in JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwks: Option<String>,
    /// A disabled client gets no tokens, and its tokens stop working.
    #[serde(default)]
    pub disabled: bool,
}

/// A catalogue entry: the tile, who may use it, and its client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationView {
    /// Also the client id of its client.
    pub id: String,
    pub name: String,
    pub description: String,
    /// The dashboard section it starts in: `my_apps` or `my_applications`.
    pub group: String,
    /// Where its tile goes when the application has no initiate-login URI:
    /// a page of the portal (`/apps/immtrac2`) or an https URL.
    pub launch_url: String,
    /// Locked until the user's Acceptable Use Agreement is signed; its
    /// sign-in stops at the AUA.
    pub requires_aua: bool,
    /// Who may use it; an empty list admits everyone. A role and an
    /// organization code must hold in the same membership.
    pub allowed_user_types: Vec<UserType>,
    pub allowed_roles: Vec<MembershipRole>,
    pub allowed_org_codes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<ClientSettings>,
}

/// `GET /admin/applications`: the catalogue in dashboard order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationListResponse {
    pub applications: Vec<ApplicationView>,
}

/// `POST /admin/applications`, `PUT /admin/applications/{id}` (where the
/// path names the entry and `id` must match it).
pub type ApplicationRequest = ApplicationView;

/// The saved entry, and its client's secret when one was just made: shown
/// this once, never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationSavedResponse {
    pub application: ApplicationView,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}
