//! The OpenAPI description, generated from the handlers' `#[utoipa::path]`
//! attributes and the `shared` DTOs. `iam-api openapi` prints it; the
//! committed `openapi.yaml` must equal it (a test checks).

use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, AuthorizationCode, Flow, HttpAuthScheme, HttpBuilder, OAuth2,
    OpenIdConnect, SecurityScheme,
};
use utoipa::{Modify, OpenApi};

use iam_shared::ErrorCode;

use crate::routes;

mod examples;

use crate::auth::REFRESH_COOKIE;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Short-lived EdDSA access token from a completed sign-in.",
                    ))
                    .build(),
            ),
        );
        // How a generated SDK obtains tokens for the OAuth endpoints
        // (docs/oidc.md): the authorization code flow with PKCE, and the
        // provider's discovery document.
        let scopes = || {
            utoipa::openapi::security::Scopes::from_iter([
                ("openid", "Sign the user in: an ID token"),
                ("profile", "Names and username"),
                ("email", "E-mail address"),
                (
                    "organizations",
                    "Organizations, roles, user type and AUA expiry",
                ),
                ("offline_access", "A refresh token"),
            ])
        };
        components.add_security_scheme(
            "oauth2_access_token",
            SecurityScheme::OAuth2(OAuth2::with_description(
                [Flow::AuthorizationCode(AuthorizationCode::new(
                    "/oauth2/authorize",
                    "/oauth2/token",
                    scopes(),
                ))],
                "An access token the portal issued to an application (PKCE S256 required).",
            )),
        );
        components.add_security_scheme(
            "openid_connect",
            SecurityScheme::OpenIdConnect(OpenIdConnect::with_description(
                "/.well-known/openid-configuration",
                "The portal as an OpenID Connect provider.",
            )),
        );
        components.add_security_scheme(
            "refresh_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                REFRESH_COOKIE,
                "HttpOnly, Secure, SameSite=Strict refresh cookie of the browser app.",
            ))),
        );
    }
}

/// Problems every operation can answer whatever it does, so clients and
/// generated SDKs expect them: a body that is not JSON (400), too large
/// (413) or of another type (415), or fails its rules (422); no live
/// session on protected routes (401); the per-IP limit on writes (429); a
/// database outage, or on writes a full password-hashing queue (503). An operation's own description of one wins.
struct CommonProblems;

impl CommonProblems {
    fn problem(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build()
            .into()
    }
}

impl Modify for CommonProblems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let api = path.starts_with("/api/v1/");
            let methods = [
                (&mut item.get, false),
                (&mut item.put, true),
                (&mut item.post, true),
                (&mut item.delete, true),
                (&mut item.patch, true),
            ];
            for (operation, writes) in methods {
                let Some(operation) = operation.as_mut() else {
                    continue;
                };
                let mut common = vec![];
                if path.starts_with("/oauth2/") {
                    // OAuth endpoints answer their protocol's JSON errors
                    // (documented on each); only a body that did not
                    // arrive, or too much of one, is a problem.
                    if operation.request_body.is_some() {
                        common.extend([
                            ("408", "The body did not arrive in time (`request_timeout`)"),
                            ("413", "Body too large (`payload_too_large`)"),
                        ]);
                    }
                } else if operation.request_body.is_some() {
                    common.extend([
                        ("400", "Malformed body (`malformed_body`)"),
                        ("408", "The body did not arrive in time (`request_timeout`)"),
                        ("413", "Body too large (`payload_too_large`)"),
                        ("415", "Not JSON (`unsupported_media_type`)"),
                        (
                            "422",
                            "A field breaks its rule (`validation_failed`, `field_errors`)",
                        ),
                    ]);
                }
                let oauth = path.starts_with("/oauth2/");
                if !oauth && operation.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
                    common.push(("400", "A path or query parameter is malformed"));
                    common.push((
                        "422",
                        "A query parameter breaks its rule (`validation_failed`)",
                    ));
                }
                if !oauth && operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    common.push(("401", "No live session (`unauthenticated`)"));
                }
                if api && writes {
                    common.push((
                        "429",
                        "Too many requests from this address (`rate_limited`, `Retry-After`)",
                    ));
                }
                if api && writes {
                    common.push((
                        "503",
                        "The database is unreachable (`unavailable`), or too many password checks are waiting (`busy`, `Retry-After`)",
                    ));
                } else if api {
                    common.push(("503", "The database is unreachable (`unavailable`)"));
                }
                for (status, description) in common {
                    operation
                        .responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| Self::problem(description));
                }
            }
        }
    }
}

/// Puts the typed example of each object schema into its `examples`.
struct Examples;

impl Modify for Examples {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{schema::Schema, RefOr};
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        for (name, value) in examples::all() {
            if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(&name) {
                object.examples = vec![value];
            }
        }
    }
}

/// Lists the `code` values a problem response names in its description in
/// the response's `x-problem-codes`. The body stays the one shared `Problem`
/// (its `code` is the `ErrorCode` enum), so a generated SDK has one problem
/// type rather than one per operation and status; the contract fuzzer
/// turns the lists back into per-response enums and refuses an
/// undocumented code (tests/contract). A description that names none gets
/// every code of its status.
struct ProblemCodes;

/// The response extension that lists a problem response's codes.
pub const PROBLEM_CODES: &str = "x-problem-codes";

impl ProblemCodes {
    /// The codes of `status` that `description` names in backticks, or the
    /// one code of `status` when it names none; none when that is ambiguous
    /// (a unit test requires every problem response to end with some).
    fn codes(status: u16, description: &str) -> Vec<&'static str> {
        let of_status = || {
            ErrorCode::ALL
                .iter()
                .filter(move |code| code.status() == status)
        };
        let named: Vec<&str> = description
            .split('`')
            .skip(1)
            .step_by(2)
            .filter_map(|word| of_status().find(|code| code.as_str() == word))
            .map(|code| code.as_str())
            .collect();
        if !named.is_empty() {
            return named;
        }
        let all: Vec<&str> = of_status().map(|code| code.as_str()).collect();
        if all.len() == 1 {
            all
        } else {
            vec![]
        }
    }
}

impl Modify for ProblemCodes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::extensions::Extensions;
        use utoipa::openapi::{Ref, RefOr};
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                for (status, response) in operation.responses.responses.iter_mut() {
                    let (Ok(status), RefOr::T(response)) = (status.parse::<u16>(), response) else {
                        continue;
                    };
                    let Some(content) = response.content.get_mut("application/problem+json") else {
                        continue;
                    };
                    content.schema = Some(Ref::from_schema_name("Problem").into());
                    let codes = Self::codes(status, &response.description);
                    response
                        .extensions
                        .get_or_insert_with(Extensions::default)
                        .merge(
                            [(PROBLEM_CODES, serde_json::json!(codes))]
                                .into_iter()
                                .collect(),
                        );
                }
            }
        }
    }
}

/// Routes answered by middleware or static files rather than a handler of
/// `routes`, described here so the spec lists every route of the server.
mod served_elsewhere {
    /// This OpenAPI document as JSON.
    ///
    /// **Auth:** none.
    #[utoipa::path(
        get, path = "/api/openapi.json", tag = "ops", operation_id = "get_openapi",
        responses((status = 200, description = "The OpenAPI 3.1 document", body = Object, content_type = "application/json"))
    )]
    #[allow(dead_code)]
    pub fn openapi_json() {}

    /// The interactive API reference (Swagger UI, served from this server).
    ///
    /// **Auth:** none.
    #[utoipa::path(
        get, path = "/api/docs", tag = "ops", operation_id = "get_api_docs",
        responses((status = 200, description = "An HTML page", body = String, content_type = "text/html"))
    )]
    #[allow(dead_code)]
    pub fn api_docs() {}
}

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "IAMOnline identity portal API",
        version = "1.0.0",
        description = "Sign-in, recovery, onboarding and Acceptable Use Agreement API of the IAMOnline / ImmTrac2 identity portal.\n\nEvery error is an RFC 9457 `application/problem+json` document whose `code` member is stable (see the `ErrorCode` schema); `type` is `urn:iamonline:problem:<code>`.",
        license(name = "MIT")
    ),
    paths(
        routes::health::get_health,
        routes::health::get_readiness,
        routes::keys::get_jwks,
        routes::oidc::get_openid_configuration,
        routes::oidc::authorize_get,
        routes::oidc::authorize_post,
        routes::oidc::issue_tokens,
        routes::oidc::introspect_token,
        routes::oidc::revoke_token,
        routes::oidc::userinfo_get,
        routes::oidc::userinfo_post,
        routes::oidc::continue_authorization,
        routes::consents::list_consents,
        routes::consents::withdraw_consent,
        routes::authenticators::list_authenticators,
        routes::authenticators::begin_app_setup,
        routes::authenticators::confirm_app_setup,
        routes::authenticators::begin_passkey_setup,
        routes::authenticators::confirm_passkey_setup,
        routes::authenticators::rename_authenticator,
        routes::authenticators::remove_authenticator,
        routes::oidc::end_session_get,
        routes::oidc::end_session_post,
        routes::oidc::continue_logout,
        served_elsewhere::openapi_json,
        served_elsewhere::api_docs,
        routes::public_config::get_config,
        routes::public_config::get_texts,
        routes::signin::create_captcha,
        routes::signin::email_captcha_code,
        routes::signin::start_signin,
        routes::signin::login,
        routes::signin::verify_password,
        routes::signin::send_email_code,
        routes::signin::verify_email_code,
        routes::signin::verify_app_code,
        routes::signin::begin_signin_passkey,
        routes::signin::verify_signin_passkey,
        routes::signin::begin_signin_passkey_setup,
        routes::signin::begin_signin_app_setup,
        routes::signin::confirm_signin_app_setup,
        routes::signin::finish_signin_passkey_setup,
        routes::signin::begin_passkey_signin,
        routes::signin::finish_passkey_signin,
        routes::signin::agree,
        routes::session::get_session,
        routes::session::refresh,
        routes::session::logout,
        routes::session::list_sessions,
        routes::session::forget_device,
        routes::session::revoke_other_sessions,
        routes::session::revoke_session,
        routes::session::reauthenticate,
        routes::session::choose_organization,
        routes::session::choose_language,
        routes::password::evaluate_password,
        routes::password::forgot_password,
        routes::password::inspect_reset_link,
        routes::password::reset_password,
        routes::password::start_password_recovery,
        routes::password::send_password_recovery_email,
        routes::password::verify_password_recovery_code,
        routes::password::report_suspicious_activity,
        routes::password::change_password,
        routes::username_recovery::recover_username,
        routes::activation::start_activation,
        routes::activation::send_activation_email_code,
        routes::activation::verify_activation_email_code,
        routes::activation::complete_activation,
        routes::aua::get_aua,
        routes::aua::submit_aua,
        routes::dashboard::get_dashboard,
        routes::dashboard::get_immtrac2_home,
        routes::dashboard::add_dashboard_section,
        routes::dashboard::update_dashboard_section,
        routes::access_requests::create_access_request,
        routes::access_requests::list_access_requests,
        routes::access_requests::list_organization_members,
        routes::access_requests::register_organization,
        routes::access_requests::register_citizen,
        routes::admin::search_users,
        routes::admin::create_user,
        routes::admin::get_user,
        routes::admin::unlock_user,
        routes::admin::clear_device_blocks,
        routes::admin::reset_authenticators,
        routes::admin::require_password_change,
        routes::admin::enable_user,
        routes::admin::disable_user,
        routes::admin::link_directory,
        routes::admin::resend_activation,
        routes::admin::revoke_sessions,
        routes::admin::verify_security_answer,
        routes::admin::list_access_requests,
        routes::admin::approve_access_request,
        routes::admin::reject_access_request,
        routes::admin::audit,
        routes::admin::export_evidence,
        routes::admin::list_applications,
        routes::admin::create_application,
        routes::admin::update_application,
        routes::admin::rotate_application_secret,
        routes::admin::import_users,
    ),
    components(schemas(iam_shared::ErrorCode, iam_shared::NextStep)),
    modifiers(&SecuritySchemes, &CommonProblems, &ProblemCodes, &Examples),
    tags(
        (name = "config", description = "Public configuration for clients"),
        (name = "signin", description = "Sign-in: the IAMOnline and ImmTrac2 doors, the failed-password ladder and its CAPTCHA"),
        (name = "session", description = "Sessions and token verification"),
        (name = "password", description = "The password policy and password recovery"),
        (name = "username", description = "Forgot Username"),
        (name = "onboarding", description = "Account activation, access requests and registration"),
        (name = "admin", description = "The support console: accounts, requests, the audit trail and evidence (role `support` or `admin`)"),
        (name = "aua", description = "The Acceptable Use Agreement and the dashboard"),
        (name = "authenticators", description = "Security methods: authenticator apps set up, renamed and removed (docs/authenticators.md)"),
        (name = "oidc", description = "OpenID Connect provider and OAuth 2.0 authorization server (docs/oidc.md): discovery, authorization, tokens, UserInfo. OAuth endpoints answer RFC 6749 JSON errors, not problem+json"),
        (name = "ops", description = "Health and readiness (metrics are served on their own port)"),
    )
)]
pub struct ApiDoc;

/// The spec as YAML, exactly as committed in `openapi.yaml`.
pub fn to_yaml() -> String {
    ApiDoc::openapi().to_yaml().unwrap_or_default()
}

/// The spec as a value.
pub fn spec() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every problem response of every operation, with its status (the whole response object).
    fn problem_responses() -> Vec<(String, u16, serde_json::Value)> {
        let spec = serde_json::to_value(spec()).unwrap_or_default();
        let mut found = vec![];
        let as_map = |value: &serde_json::Value| value.as_object().cloned().unwrap_or_default();
        for (path, item) in as_map(&spec["paths"]) {
            for (method, operation) in as_map(&item) {
                for (status, response) in as_map(&operation["responses"]) {
                    let problem = &response["content"]["application/problem+json"];
                    if !problem.is_null() {
                        let name = format!("{method} {path} {status}: {}", response["description"]);
                        let status = status.parse().unwrap_or_default();
                        found.push((name, status, response.clone()));
                    }
                }
            }
        }
        assert!(found.len() > 100, "the spec lists its problems");
        found
    }

    #[test]
    fn every_problem_response_lists_its_codes_and_each_has_that_status() {
        for (name, status, response) in problem_responses() {
            let codes = response[PROBLEM_CODES]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(!codes.is_empty(), "{name}: name its codes in backticks");
            for code in codes {
                let Some(code) = ErrorCode::ALL
                    .iter()
                    .find(|known| Some(known.as_str()) == code.as_str())
                else {
                    panic!("{name}: unknown code {code}");
                };
                assert_eq!(code.status(), status, "{name}: {code} has another status");
            }
        }
    }

    #[test]
    fn codes_come_from_the_description_or_else_the_status() {
        assert_eq!(ProblemCodes::codes(404, "gone"), vec!["not_found"]);
        assert_eq!(
            ProblemCodes::codes(410, "expired (`token_expired`)"),
            vec!["token_expired"]
        );
        assert!(ProblemCodes::codes(410, "expired").is_empty(), "ambiguous");
        assert!(
            ProblemCodes::codes(403, "(`not_found`)").is_empty(),
            "wrong status"
        );
    }
}
