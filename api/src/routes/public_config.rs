//! Public configuration for the browser app.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use iam_shared::dto::config::{
    FeatureSwitches, PasswordRequirement, PublicConfigResponse, SupportContacts, TextsResponse,
};
use iam_shared::i18n::{Area, Lang};
use iam_shared::rules::PASSWORD_RULES;
use iam_shared::Problem;

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Branding, support contacts, the System Use Notification, the
/// Confidentiality Statement, the password requirements and feature
/// switches; the contacts and the notice in the language `Accept-Language`
/// asks for, where the portal has them in it (`*_lang` says which).
///
/// **Auth:** none.
#[utoipa::path(
    get, path = "/api/v1/config", tag = "config", operation_id = "get_config",
    responses((status = 200, description = "Public configuration", body = PublicConfigResponse))
)]
#[get("/config")]
pub async fn get_config(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let s = &state.settings;
    let lang = crate::i18n::negotiate(&req, &s.languages);
    let local = s.texts_in(lang);
    let (notice, notice_lang) = local.system_use_notification;
    HttpResponse::Ok()
        .insert_header((header::CONTENT_LANGUAGE, lang.tag()))
        .insert_header((header::VARY, "Accept-Language"))
        .json(PublicConfigResponse {
            app_name: s.app_name.clone(),
            portal_name: s.portal_name.clone(),
            support: SupportContacts {
                customer_support_phone: s.customer_support_phone.clone(),
                customer_support_email: s.customer_support_email.clone(),
                customer_support_hours: local.customer_support_hours.to_owned(),
                help_desk_phone: local.help_desk_phone.to_owned(),
                help_desk_hours: local.help_desk_hours.to_owned(),
            },
            system_use_notification: notice.to_owned(),
            system_use_notification_lang: notice_lang,
            confidentiality_statement: local.confidentiality_statement.0.to_owned(),
            confidentiality_statement_lang: local.confidentiality_statement.1,
            password_requirements: PASSWORD_RULES
                .iter()
                .map(|(rule, description)| PasswordRequirement {
                    rule: (*rule).into(),
                    description: lang.text(*description).into(),
                })
                .collect(),
            features: FeatureSwitches {
                mfa_required: s.mfa_required,
                internal_password_reset_url: s.internal_password_reset_url.clone(),
                dev_mail: super::dev_mail_enabled(&state),
                languages: s.languages.clone(),
            },
        })
}

/// One area of the text catalogue in one of the languages the portal
/// offers (`IAM_LANGUAGES`): the texts the browser app shows, for clients
/// that render screens themselves. Areas: `common`, `signin`, `account`,
/// `portal`, `console`, `problems` (the server's answers), `mail`.
///
/// **Auth:** none.
#[utoipa::path(
    get, path = "/api/v1/texts/{lang}/{area}", tag = "config", operation_id = "get_texts",
    params(
        ("lang" = String, Path, description = "`en` or `es`"),
        ("area" = String, Path, description = "`common`, `signin`, `account`, `portal`, `console`, `problems` or `mail`"),
        ("v" = Option<String>, Query, description = "The catalogue version the client was built with; only a cache key (the answer's `version` says which catalogue it is)"),
    ),
    responses(
        (status = 200, description = "The area's keys and texts, in catalogue order", body = TextsResponse),
        (status = 404, description = "No such area, or a language the portal does not offer (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/texts/{lang}/{area}")]
pub async fn get_texts(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (tag, slug) = path.into_inner();
    let lang = Lang::from_tag(&tag)
        .filter(|l| l.tag() == tag && state.settings.languages.contains(l))
        .ok_or_else(AppError::not_found)?;
    let area = Area::from_slug(&slug).ok_or_else(AppError::not_found)?;
    let owned = |texts: &[&str]| texts.iter().map(|t| (*t).to_owned()).collect();
    Ok(HttpResponse::Ok()
        // The catalogue changes only with a release.
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(TextsResponse {
            lang,
            area,
            keys: owned(area.keys()),
            texts: owned(area.texts(lang)),
            version: area.version(),
        }))
}
