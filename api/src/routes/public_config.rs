//! Public configuration for the browser app.

use actix_web::{get, web, HttpResponse};
use iam_shared::dto::config::{
    FeatureSwitches, PasswordRequirement, PublicConfigResponse, SupportContacts,
};
use iam_shared::rules::PASSWORD_RULES;

use crate::state::AppState;

/// Branding, support contacts, the System Use Notification, the
/// Confidentiality Statement, the password requirements and feature switches.
///
/// **Auth:** none.
#[utoipa::path(
    get, path = "/api/v1/config", tag = "config", operation_id = "get_config",
    responses((status = 200, description = "Public configuration", body = PublicConfigResponse))
)]
#[get("/config")]
pub async fn get_config(state: web::Data<AppState>) -> HttpResponse {
    let s = &state.settings;
    HttpResponse::Ok().json(PublicConfigResponse {
        app_name: s.app_name.clone(),
        portal_name: s.portal_name.clone(),
        support: SupportContacts {
            customer_support_phone: s.customer_support_phone.clone(),
            customer_support_email: s.customer_support_email.clone(),
            customer_support_hours: s.customer_support_hours.clone(),
            help_desk_phone: s.help_desk_phone.clone(),
            help_desk_hours: s.help_desk_hours.clone(),
        },
        system_use_notification: s.system_use_notification.clone(),
        confidentiality_statement: s.confidentiality_statement.clone(),
        password_requirements: PASSWORD_RULES
            .iter()
            .map(|(rule, description)| PasswordRequirement {
                rule: (*rule).into(),
                description: (*description).into(),
            })
            .collect(),
        features: FeatureSwitches {
            mfa_required: s.mfa_required,
            internal_password_reset_url: s.internal_password_reset_url.clone(),
            dev_mail: super::dev_mail_enabled(&state),
        },
    })
}
