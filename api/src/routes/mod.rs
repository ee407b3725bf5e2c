//! HTTP handlers, one file per area. Handlers extract and validate input,
//! call one service function and shape the response; no SQL, no rules.

pub mod access_requests;
pub mod activation;
pub mod admin;
pub mod aua;
pub mod dashboard;
pub mod dev_mail;
pub mod health;
pub mod keys;
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
    cfg.service(public_config::get_config)
        .service(signin::create_captcha)
        .service(signin::start_signin)
        .service(signin::login)
        .service(signin::verify_password)
        .service(signin::send_email_code)
        .service(signin::verify_email_code)
        .service(signin::agree)
        .service(session::get_session)
        .service(session::refresh)
        .service(session::logout)
        .service(session::list_sessions)
        .service(session::forget_device)
        .service(session::revoke_other_sessions)
        .service(session::revoke_session)
        .service(session::reauthenticate)
        .service(session::choose_organization)
        .service(password::evaluate_password)
        .service(password::forgot_password)
        .service(password::inspect_reset_link)
        .service(password::reset_password)
        .service(password::start_password_recovery)
        .service(password::send_password_recovery_email)
        .service(password::verify_password_recovery_code)
        .service(password::report_suspicious_activity)
        .service(password::change_password)
        .service(username_recovery::recover_username)
        .service(activation::start_activation)
        .service(activation::send_activation_email_code)
        .service(activation::verify_activation_email_code)
        .service(activation::complete_activation)
        .service(aua::get_aua)
        .service(aua::submit_aua)
        .service(dashboard::get_dashboard)
        .service(dashboard::get_immtrac2_home)
        .service(dashboard::add_dashboard_section)
        .service(dashboard::update_dashboard_section)
        .service(access_requests::create_access_request)
        .service(access_requests::list_access_requests)
        .service(access_requests::list_organization_members)
        .service(access_requests::register_organization)
        .service(access_requests::register_citizen)
        // Before `/admin/users/{user_id}`, with its own body limit.
        .service(
            web::resource("/admin/users/import")
                .app_data(web::PayloadConfig::new(admin::IMPORT_MAX_BYTES))
                .route(web::post().to(admin::import_users)),
        )
        .service(admin::search_users)
        .service(admin::create_user)
        .service(admin::get_user)
        .service(admin::unlock_user)
        .service(admin::clear_device_blocks)
        .service(admin::require_password_change)
        .service(admin::enable_user)
        .service(admin::disable_user)
        .service(admin::resend_activation)
        .service(admin::revoke_sessions)
        .service(admin::verify_security_answer)
        .service(admin::list_access_requests)
        .service(admin::approve_access_request)
        .service(admin::reject_access_request)
        .service(admin::audit)
        .service(admin::export_evidence);
}

/// Mount the ops and well-known routes (no prefix).
pub fn ops(cfg: &mut web::ServiceConfig) {
    cfg.service(health::get_health)
        .service(health::get_readiness)
        .service(keys::get_jwks);
}

/// Is the dev mail page allowed: dev mode, file transport and a loopback bind.
pub fn dev_mail_enabled(state: &AppState) -> bool {
    let s = &state.settings;
    s.dev_mode && s.is_loopback_bind() && s.mail_transport == crate::config::MailTransportKind::File
}
