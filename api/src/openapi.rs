//! The OpenAPI description, generated from the handlers' `#[utoipa::path]`
//! attributes and the `shared` DTOs. `iam-api openapi` prints it; the
//! committed `openapi.yaml` must equal it (a test checks).

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes;

/// Name of the refresh cookie (the `__Host-` prefix pins it to this origin, HTTPS, path /).
pub const REFRESH_COOKIE: &str = "__Host-iam_refresh";

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
/// database outage (503). An operation's own description of one wins.
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
                if operation.request_body.is_some() {
                    common.extend([
                        ("400", "Malformed body (`malformed_body`)"),
                        ("413", "Body too large (`payload_too_large`)"),
                        ("415", "Not JSON (`unsupported_media_type`)"),
                        (
                            "422",
                            "A field breaks its rule (`validation_failed`, `field_errors`)",
                        ),
                    ]);
                }
                if operation.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
                    common.push(("400", "A path or query parameter is malformed"));
                    common.push((
                        "422",
                        "A query parameter breaks its rule (`validation_failed`)",
                    ));
                }
                if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    common.push(("401", "No live session (`unauthenticated`)"));
                }
                if api && writes {
                    common.push((
                        "429",
                        "Too many requests from this address (`rate_limited`, `Retry-After`)",
                    ));
                }
                if api {
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

/// Routes answered by middleware or static files rather than a handler of
/// `routes`, described here so the spec lists every route of the server.
mod served_elsewhere {
    /// Prometheus metrics: requests by route and status, latency, the mail
    /// outbox backlog. Restrict it at the proxy in production.
    ///
    /// **Auth:** none.
    #[utoipa::path(
        get, path = "/metrics", tag = "ops", operation_id = "get_metrics",
        responses((status = 200, description = "Prometheus text exposition format", body = String, content_type = "text/plain"))
    )]
    #[allow(dead_code)]
    pub fn metrics() {}

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
        served_elsewhere::metrics,
        served_elsewhere::openapi_json,
        served_elsewhere::api_docs,
        routes::public_config::get_config,
        routes::signin::create_captcha,
        routes::signin::start_signin,
        routes::signin::login,
        routes::signin::verify_password,
        routes::signin::send_email_code,
        routes::signin::verify_email_code,
        routes::signin::agree,
        routes::session::get_session,
        routes::session::refresh,
        routes::session::logout,
        routes::session::list_sessions,
        routes::session::revoke_other_sessions,
        routes::session::choose_organization,
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
        routes::aua::get_dashboard,
        routes::aua::add_dashboard_section,
        routes::aua::update_dashboard_section,
        routes::access_requests::create_access_request,
        routes::access_requests::list_access_requests,
        routes::access_requests::register_organization,
        routes::access_requests::register_citizen,
        routes::admin::search_users,
        routes::admin::create_user,
        routes::admin::get_user,
        routes::admin::unlock_user,
        routes::admin::enable_user,
        routes::admin::disable_user,
        routes::admin::resend_activation,
        routes::admin::revoke_sessions,
        routes::admin::verify_security_answer,
        routes::admin::list_access_requests,
        routes::admin::approve_access_request,
        routes::admin::reject_access_request,
        routes::admin::audit,
        routes::admin::export_evidence,
        routes::admin::import_users,
    ),
    components(schemas(iam_shared::ErrorCode, iam_shared::NextStep)),
    modifiers(&SecuritySchemes, &CommonProblems),
    tags(
        (name = "config", description = "Public configuration for clients"),
        (name = "signin", description = "Sign-in: the IAMOnline and ImmTrac2 doors, the failed-password ladder and its CAPTCHA"),
        (name = "session", description = "Sessions and token verification"),
        (name = "password", description = "The password policy and password recovery"),
        (name = "username", description = "Forgot Username"),
        (name = "onboarding", description = "Account activation, access requests and registration"),
        (name = "admin", description = "The support console: accounts, requests, the audit trail and evidence (role `support` or `admin`)"),
        (name = "aua", description = "The Acceptable Use Agreement and the dashboard"),
        (name = "ops", description = "Health, readiness and metrics"),
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
