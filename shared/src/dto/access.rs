//! Requests for accounts (docs/product.md §7): a POC's "Request Access" for a new
//! person, the public "Request account as non-HHS employee, or register
//! organization" form, the citizen's self-service sign-up, and support's
//! decisions on them.

use serde::{Deserialize, Serialize};
// The derive of a struct with a `nested` field calls the trait method.
#[cfg(feature = "validate")]
use validator::Validate as _;

use super::signin::CaptchaAnswer;

crate::wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    /// What is asked for.
    AccessRequestKind {
        /// A POC asks for a username for a new person in the POC's organization.
        Access = "access",
        /// A non-HHS employee asks for an account (public form).
        NonHhsAccount = "non_hhs_account",
        /// Someone registers a new organization and becomes its POC (public form).
        Organization = "organization",
    }
}

crate::wire_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    /// Where a request stands.
    AccessRequestStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
}

/// `POST /access-requests`: a POC asks for a username for a new person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct AccessRequestCreate {
    /// An organization where the caller is the POC.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::org_code"))
    )]
    pub org_code: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::name"))
    )]
    pub first_name: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::name"))
    )]
    pub last_name: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::email"))
    )]
    pub email: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::optional_phone"))
    )]
    pub phone: String,
    /// Why the person needs access (up to 1000 characters).
    #[serde(default)]
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::comments"))
    )]
    pub justification: String,
}

/// `POST /registration/organization`: the public form. `kind` is
/// `non_hhs_account` (a person joining an existing organization, named by
/// `org_code` when known) or `organization` (a new organization, whose
/// requester becomes its POC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct RegistrationRequest {
    pub kind: AccessRequestKind,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::name"))
    )]
    pub first_name: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::name"))
    )]
    pub last_name: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::email"))
    )]
    pub email: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::optional_phone"))
    )]
    pub phone: String,
    /// The organization's name (required).
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::organization_name"))
    )]
    pub organization_name: String,
    /// An existing organization's code, for `non_hhs_account` requests (optional).
    #[serde(default)]
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::optional_org_code"))
    )]
    pub org_code: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::comments"))
    )]
    pub justification: String,
    /// The public form's CAPTCHA (`POST /captcha`). Optional in the schema
    /// for clients of API 1.0; a request without a solved one is answered
    /// 422 `captcha_invalid`.
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(nested))]
    pub captcha: Option<CaptchaAnswer>,
}

/// `POST /registration/citizen`: a member of the public signs up; the
/// address is verified by the activation link and code that follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CitizenRegistrationRequest {
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::name"))
    )]
    pub first_name: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::name"))
    )]
    pub last_name: String,
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::email"))
    )]
    pub email: String,
    /// The public form's CAPTCHA (`POST /captcha`). Optional in the schema
    /// for clients of API 1.0; a request without a solved one is answered
    /// 422 `captcha_invalid`.
    #[serde(default)]
    #[cfg_attr(feature = "validate", validate(nested))]
    pub captcha: Option<CaptchaAnswer>,
}

/// One request, as the POC or support sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRequestView {
    pub id: String,
    pub kind: AccessRequestKind,
    pub status: AccessRequestStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// The POC's username, for `access` requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<String>,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
    /// Why it was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_reason: Option<String>,
    /// The account an approval created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_username: Option<String>,
}

/// A list of requests: waiting ones oldest first (a queue), decided ones newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRequestListResponse {
    pub requests: Vec<AccessRequestView>,
}

/// `GET /admin/access-requests` filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AccessRequestQuery {
    /// `pending` when absent.
    pub status: Option<AccessRequestStatus>,
    pub kind: Option<AccessRequestKind>,
}

/// Approve a request. `org_code` is the code of the organization an
/// `organization` registration creates (required there), or the
/// organization a `non_hhs_account` request joins when the form named none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ApproveRequest {
    #[serde(default)]
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::optional_org_code"))
    )]
    pub org_code: String,
}

/// Reject a request, saying why (the requester is told).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    /// 1 to 500 characters.
    #[cfg_attr(
        feature = "validate",
        validate(custom(function = "super::validate::explanation"))
    )]
    pub reason: String,
}

/// The request after a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionResponse {
    pub message: String,
    pub request: AccessRequestView,
}

/// One person who can use an organization's applications (Manage Access).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberView {
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub role: crate::types::MembershipRole,
    pub status: crate::types::AccountStatus,
    /// RFC 3339 UTC time of the last sign-in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sign_in_at: Option<String>,
}

/// An organization the caller is the Point of Contact of, with its people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationMembers {
    pub org_code: String,
    pub name: String,
    pub members: Vec<MemberView>,
}

/// `GET /organizations/members` ("Manage Access"): who can use the
/// applications of each organization where the caller is the POC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationMembersResponse {
    pub organizations: Vec<OrganizationMembers>,
}
