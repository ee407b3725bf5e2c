//! HTTP handlers, one file per area. Handlers extract and validate input,
//! call one service function and shape the response; no SQL, no rules.

pub mod access_requests;
pub mod activation;
pub mod admin;
pub mod aua;
pub mod authenticators;
pub mod consents;
pub mod dashboard;
pub mod dev_mail;
pub mod health;
pub mod keys;
pub mod oidc;
pub mod password;
pub mod public_config;
pub mod session;
pub mod signin;
pub mod spa;
pub mod username_recovery;

use actix_web::web;

use crate::state::AppState;

/// Mount every route of the versioned JSON API under `/api/v1`.
pub fn api_v1(cfg: &mut web::ServiceConfig) {
    // Test builds only: a handler that panics, to prove one request's panic
    // is answered and contained. Compiled out of every other build.
    #[cfg(feature = "test-hooks")]
    cfg.route(
        "/test-hooks/panic",
        web::get().to(|| async {
            std::panic::panic_any("test hook: a handler that panics");
            #[allow(unreachable_code)]
            actix_web::HttpResponse::Ok().finish()
        }),
    );
    cfg.configure(mount_api_v1);
}

/// Every handler of `/api/v1` with an actix route attribute, once, in
/// mounting order: [`api_v1`] mounts them, and a test proves that the
/// OpenAPI document lists exactly these operations (plus the legacy
/// import, mounted by hand for its own body limit).
macro_rules! api_v1_handlers {
    ($apply:ident) => {
        $apply!(
            public_config::get_config,
            public_config::get_texts,
            signin::create_captcha,
            signin::email_captcha_code,
            signin::start_signin,
            signin::login,
            signin::verify_password,
            signin::send_email_code,
            signin::verify_email_code,
            signin::verify_app_code,
            signin::begin_signin_passkey,
            signin::verify_signin_passkey,
            signin::begin_signin_passkey_setup,
            signin::begin_signin_app_setup,
            signin::confirm_signin_app_setup,
            signin::finish_signin_passkey_setup,
            signin::begin_passkey_signin,
            signin::finish_passkey_signin,
            signin::agree,
            session::get_session,
            session::refresh,
            session::logout,
            session::list_sessions,
            session::forget_device,
            session::revoke_other_sessions,
            session::revoke_session,
            session::reauthenticate,
            session::choose_organization,
            session::choose_language,
            password::evaluate_password,
            password::forgot_password,
            password::inspect_reset_link,
            password::reset_password,
            password::start_password_recovery,
            password::send_password_recovery_email,
            password::verify_password_recovery_code,
            password::report_suspicious_activity,
            password::change_password,
            username_recovery::recover_username,
            activation::start_activation,
            activation::send_activation_email_code,
            activation::verify_activation_email_code,
            activation::complete_activation,
            aua::get_aua,
            aua::submit_aua,
            dashboard::get_dashboard,
            dashboard::get_immtrac2_home,
            dashboard::add_dashboard_section,
            dashboard::update_dashboard_section,
            oidc::continue_authorization,
            consents::list_consents,
            consents::withdraw_consent,
            authenticators::list_authenticators,
            authenticators::begin_app_setup,
            authenticators::confirm_app_setup,
            authenticators::begin_passkey_setup,
            authenticators::confirm_passkey_setup,
            authenticators::rename_authenticator,
            authenticators::remove_authenticator,
            oidc::continue_logout,
            access_requests::create_access_request,
            access_requests::list_access_requests,
            access_requests::list_organization_members,
            access_requests::register_organization,
            access_requests::register_citizen,
            admin::search_users,
            admin::create_user,
            admin::get_user,
            admin::unlock_user,
            admin::clear_device_blocks,
            admin::reset_authenticators,
            admin::require_password_change,
            admin::enable_user,
            admin::disable_user,
            admin::link_directory,
            admin::resend_activation,
            admin::revoke_sessions,
            admin::verify_security_answer,
            admin::list_access_requests,
            admin::approve_access_request,
            admin::reject_access_request,
            admin::audit,
            admin::export_evidence,
            admin::list_applications,
            admin::create_application,
            admin::update_application,
            admin::rotate_application_secret
        )
    };
}

/// The ops and well-known handlers, mounted without a prefix.
macro_rules! ops_handlers {
    ($apply:ident) => {
        $apply!(
            health::get_health,
            health::get_readiness,
            keys::get_jwks,
            oidc::get_openid_configuration
        )
    };
}

/// The OAuth 2.0 / OpenID Connect endpoints, mounted under `/oauth2` (their
/// actix paths are relative to it; their documented paths are whole).
macro_rules! oauth2_handlers {
    ($apply:ident) => {
        $apply!(
            oidc::authorize_get,
            oidc::authorize_post,
            oidc::issue_tokens,
            oidc::introspect_token,
            oidc::revoke_token,
            oidc::end_session_get,
            oidc::end_session_post,
            oidc::userinfo_get,
            oidc::userinfo_post
        )
    };
}

macro_rules! mount_each {
    ($($handler:path),+) => {
        |cfg: &mut web::ServiceConfig| {
            $(cfg.service($handler);)+
        }
    };
}

fn mount_api_v1(cfg: &mut web::ServiceConfig) {
    // Before `/admin/users/{user_id}`, with its own body limit.
    cfg.service(
        web::resource("/admin/users/import")
            .app_data(web::PayloadConfig::new(admin::IMPORT_MAX_BYTES))
            .route(web::post().to(admin::import_users)),
    );
    api_v1_handlers!(mount_each)(cfg);
}

/// Mount the ops and well-known routes (no prefix).
pub fn ops(cfg: &mut web::ServiceConfig) {
    ops_handlers!(mount_each)(cfg);
}

/// Mount the OAuth 2.0 / OpenID Connect endpoints (inside `/oauth2`).
pub fn oauth2(cfg: &mut web::ServiceConfig) {
    oauth2_handlers!(mount_each)(cfg);
}

/// Is the dev mail page allowed: dev mode, file transport and a loopback bind.
pub fn dev_mail_enabled(state: &AppState) -> bool {
    let s = &state.settings;
    s.dev_mode && s.is_loopback_bind() && s.mail_transport == crate::config::MailTransportKind::File
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// "METHOD /path" of each handler, as its `#[utoipa::path]` states it.
    macro_rules! operations_of {
        ($($handler:path),+) => {{
            let mut found = BTreeSet::new();
            $(
                for method in <$handler as utoipa::Path>::methods() {
                    let method = serde_json::to_value(method).unwrap_or_default();
                    found.insert(format!("{} {}", method.as_str().unwrap_or("?"), <$handler as utoipa::Path>::path()));
                }
            )+
            found
        }};
    }

    #[test]
    fn the_mounted_handlers_are_the_documented_operations() {
        let mut mounted = api_v1_handlers!(operations_of);
        mounted.extend(ops_handlers!(operations_of));
        mounted.extend(oauth2_handlers!(operations_of));
        mounted.extend(operations_of!(admin::__path_import_users));
        let spec = serde_json::to_value(crate::openapi::spec()).unwrap_or_default();
        let mut documented = BTreeSet::new();
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            for method in item.as_object().into_iter().flatten().map(|(m, _)| m) {
                documented.insert(format!("{method} {path}"));
            }
        }
        // Served by the middleware and static files, not by a handler.
        for elsewhere in ["get /api/openapi.json", "get /api/docs"] {
            assert!(documented.remove(elsewhere), "{elsewhere} is documented");
        }
        assert_eq!(mounted, documented);
    }
}
