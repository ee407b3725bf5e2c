//! The application catalogue, managed by admins (docs/oidc.md, "Clients and
//! applications"): a tile (name, section, launch address, AUA gate, who may
//! use it) and the OpenID Connect client behind it, saved together and
//! audited. A new client's secret is shown once.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use iam_shared::dto::applications::{
    ApplicationListResponse, ApplicationRequest, ApplicationSavedResponse, ApplicationView,
    ClientSettings,
};
use iam_shared::i18n::{problems, Lang, Msg};
use iam_shared::types::{MembershipRole, UserType};
use iam_shared::ErrorCode;
use secrecy::ExposeSecret;
use serde_json::json;

use super::clients::{self, NewClient};
use crate::db::models::ApplicationRow;
use crate::db::oauth::ClientRow;
use crate::db::{self, DbConn};
use crate::domain::oauth::{check_client_uri, IdTokenAlg};
use crate::error::{AppError, AppResult};
use crate::services::{RequestMeta, StaffMember};

/// The dashboard sections an entry may start in.
const GROUPS: [&str; 2] = ["my_apps", "my_applications"];

fn require_admin(staff: &StaffMember) -> AppResult<()> {
    if staff.is_admin {
        Ok(())
    } else {
        Err(AppError::text(
            ErrorCode::Forbidden,
            problems::CATALOGUE_ADMINS_ONLY,
        ))
    }
}

fn words<T>(list: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    list.split_whitespace().filter_map(parse).collect()
}

fn lines(list: &str) -> Vec<String> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn client_settings(client: &ClientRow) -> ClientSettings {
    ClientSettings {
        client_type: client.client_type,
        auth_method: client.auth_method,
        redirect_uris: lines(&client.redirect_uris),
        post_logout_redirect_uris: lines(&client.post_logout_redirect_uris),
        backchannel_logout_uri: client.backchannel_logout_uri.clone(),
        initiate_login_uri: client.initiate_login_uri.clone(),
        scopes: words(&client.scopes, |s| Some(s.to_owned())),
        grant_types: words(&client.grant_types, |s| Some(s.to_owned())),
        id_token_alg: client.id_token_alg.as_str().to_owned(),
        access_token_ttl_secs: u32::try_from(client.access_token_ttl_secs).unwrap_or(0),
        refresh_token_ttl_secs: u32::try_from(client.refresh_token_ttl_secs).unwrap_or(0),
        consent_required: client.consent_required,
        jwks: client.jwks.clone(),
        disabled: client.disabled_at.is_some(),
    }
}

fn view(app: &ApplicationRow, client: Option<&ClientRow>) -> ApplicationView {
    ApplicationView {
        id: app.id.clone(),
        name: app.name.clone(),
        description: app.description.clone(),
        group: app.default_group.clone(),
        launch_url: app.url.clone(),
        requires_aua: app.requires_aua,
        allowed_user_types: words(&app.allowed_user_types, UserType::parse),
        allowed_roles: words(&app.allowed_roles, MembershipRole::parse),
        allowed_org_codes: words(&app.allowed_org_codes, |s| Some(s.to_owned())),
        client: client.map(client_settings),
    }
}

/// `GET /admin/applications`.
pub fn list(conn: &mut DbConn, staff: &StaffMember) -> AppResult<ApplicationListResponse> {
    require_admin(staff)?;
    let apps = db::dashboard::applications(conn)?;
    let clients = db::oauth::clients_of_applications(conn)?;
    Ok(ApplicationListResponse {
        applications: apps
            .iter()
            .map(|app| {
                let client = clients
                    .iter()
                    .find(|c| c.application_id.as_deref() == Some(app.id.as_str()));
                view(app, client)
            })
            .collect(),
    })
}

/// The entry's own fields, each failure under its field's name, said in
/// `lang` (what the field must be: this form's staff read it as written).
fn check_entry(
    request: &ApplicationRequest,
    lang: Lang,
) -> Result<(), BTreeMap<String, Vec<String>>> {
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut fail = |field: &str, why: Msg| {
        failures
            .entry(field.to_owned())
            .or_default()
            .push(lang.text(why).to_owned());
    };
    if !clients::is_client_id(&request.id) {
        fail("id", problems::FIELD_CLIENT_ID);
    }
    let plain =
        |text: &str, max: usize| text.chars().count() <= max && !text.chars().any(char::is_control);
    if request.name.trim().is_empty() || !plain(&request.name, 100) {
        fail("name", problems::FIELD_NAME_LENGTH);
    }
    if !plain(&request.description, 300) {
        fail("description", problems::FIELD_DESCRIPTION_LENGTH);
    }
    if !GROUPS.contains(&request.group.as_str()) {
        fail("group", problems::FIELD_GROUP);
    }
    // Browsers read `/\\host` as `//host`: another site, not a portal page.
    let portal_page = request.launch_url.starts_with('/')
        && !request.launch_url.starts_with("//")
        && !request.launch_url.contains('\\')
        && plain(&request.launch_url, 200);
    if !portal_page && check_client_uri(&request.launch_url).is_err() {
        fail("launch_url", problems::FIELD_LAUNCH_URL);
    }
    let code_ok =
        |c: &String| (1..=20).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_alphanumeric());
    if !request.allowed_org_codes.iter().all(code_ok) {
        fail("allowed_org_codes", problems::FIELD_ORG_CODES);
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures)
    }
}

fn row_of(request: &ApplicationRequest) -> ApplicationRow {
    let join = |items: Vec<&str>| items.join(" ");
    ApplicationRow {
        id: request.id.clone(),
        name: request.name.trim().to_owned(),
        description: request.description.trim().to_owned(),
        url: request.launch_url.clone(),
        default_group: request.group.clone(),
        position: 0,
        requires_aua: request.requires_aua,
        allowed_user_types: join(
            request
                .allowed_user_types
                .iter()
                .map(|t| t.as_str())
                .collect(),
        ),
        allowed_roles: join(request.allowed_roles.iter().map(|r| r.as_str()).collect()),
        allowed_org_codes: request.allowed_org_codes.join(" "),
    }
}

fn new_client(
    request: &ApplicationRequest,
    settings: &ClientSettings,
    lang: Lang,
) -> AppResult<NewClient> {
    let id_token_alg = IdTokenAlg::parse(&settings.id_token_alg).ok_or_else(|| {
        AppError::validation(BTreeMap::from([(
            "client.id_token_alg".to_owned(),
            vec![lang.text(problems::FIELD_ID_TOKEN_ALG).to_owned()],
        )]))
    })?;
    Ok(NewClient {
        client_id: request.id.clone(),
        name: request.name.trim().to_owned(),
        application_id: Some(request.id.clone()),
        client_type: settings.client_type,
        auth_method: settings.auth_method,
        redirect_uris: settings.redirect_uris.clone(),
        post_logout_redirect_uris: settings.post_logout_redirect_uris.clone(),
        backchannel_logout_uri: settings.backchannel_logout_uri.clone(),
        initiate_login_uri: settings.initiate_login_uri.clone(),
        scopes: settings.scopes.clone(),
        grant_types: settings.grant_types.clone(),
        id_token_alg,
        access_token_ttl_secs: settings.access_token_ttl_secs,
        refresh_token_ttl_secs: settings.refresh_token_ttl_secs,
        consent_required: settings.consent_required,
        jwks: settings.jwks.clone(),
    })
}

/// Save the entry's client: a new one (its secret returned once), or new
/// settings for the one it has. Disabling revokes everything the client
/// holds, so enabling it again does not bring old tokens back; so does
/// starting to ask for consent, which nobody has given yet. A client that
/// stops using a secret loses it; one that starts gets a new one.
fn save_client(
    conn: &mut DbConn,
    request: &ApplicationRequest,
    actor: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<Option<String>> {
    let Some(settings) = &request.client else {
        return Ok(None);
    };
    let wanted = new_client(request, settings, meta.reply_lang())?;
    clients::check(&wanted)?;
    let at = db::to_db_time(now);
    match db::oauth::find_client_any(conn, &request.id)? {
        None => {
            let secret = clients::create_within(conn, &wanted, Some(actor), meta, now)?;
            if settings.disabled {
                set_disabled(conn, &request.id, true, at)?;
            }
            Ok(secret.map(|s| s.expose_secret().to_owned()))
        }
        Some(existing) => {
            let had_secret = existing.secret_hash.is_some();
            let revoke = if settings.disabled && existing.disabled_at.is_none() {
                Some("client_disabled")
            } else if wanted.consent_required && !existing.consent_required {
                Some("consent_now_required")
            } else {
                None
            };
            let row = ClientRow {
                name: wanted.name.clone(),
                client_type: wanted.client_type,
                auth_method: wanted.auth_method,
                jwks: wanted.jwks.clone(),
                redirect_uris: wanted.redirect_uris.join("\n"),
                post_logout_redirect_uris: wanted.post_logout_redirect_uris.join("\n"),
                backchannel_logout_uri: wanted.backchannel_logout_uri.clone(),
                initiate_login_uri: wanted.initiate_login_uri.clone(),
                scopes: wanted.scopes.join(" "),
                grant_types: wanted.grant_types.join(" "),
                id_token_alg: wanted.id_token_alg,
                access_token_ttl_secs: i32::try_from(wanted.access_token_ttl_secs).unwrap_or(300),
                refresh_token_ttl_secs: i32::try_from(wanted.refresh_token_ttl_secs)
                    .unwrap_or(28_800),
                consent_required: wanted.consent_required,
                updated_at: at,
                disabled_at: if settings.disabled {
                    existing.disabled_at.or(Some(at))
                } else {
                    None
                },
                ..existing
            };
            db::oauth::update_client_settings(conn, &row)?;
            if let Some(reason) = revoke {
                db::oauth::revoke_grants_of_client(conn, &request.id, reason, at)?;
            }
            match (
                clients::uses_secret(row.client_type, row.auth_method),
                had_secret,
            ) {
                (true, false) => Ok(Some(
                    clients::rotate_secret_within(conn, &request.id, Some(actor), meta, now)?
                        .expose_secret()
                        .to_owned(),
                )),
                (false, true) => {
                    db::oauth::set_secret_hash(conn, &request.id, None, at)?;
                    Ok(None)
                }
                _ => Ok(None),
            }
        }
    }
}

fn set_disabled(
    conn: &mut DbConn,
    client_id: &str,
    disabled: bool,
    at: chrono::NaiveDateTime,
) -> AppResult<()> {
    if let Some(mut row) = db::oauth::find_client_any(conn, client_id)? {
        row.disabled_at = disabled.then_some(at);
        row.updated_at = at;
        db::oauth::update_client_settings(conn, &row)?;
    }
    Ok(())
}

/// What an update changed, setting by setting ({"client.scopes": {"from":
/// …, "to": …}}), for the audit trail; the entry holds no secrets.
fn changes(before: &ApplicationView, after: &ApplicationView) -> serde_json::Value {
    fn flatten(
        prefix: &str,
        value: serde_json::Value,
        out: &mut serde_json::Map<String, serde_json::Value>,
    ) {
        match value {
            serde_json::Value::Object(fields) => {
                for (key, field) in fields {
                    flatten(&format!("{prefix}{key}."), field, out);
                }
            }
            other => {
                out.insert(prefix.trim_end_matches('.').to_owned(), other);
            }
        }
    }
    let (mut old, mut new) = (serde_json::Map::new(), serde_json::Map::new());
    flatten("", json!(before), &mut old);
    flatten("", json!(after), &mut new);
    let mut changed = serde_json::Map::new();
    for (key, to) in &new {
        let from = old.get(key).unwrap_or(&serde_json::Value::Null);
        if from != to {
            changed.insert(key.clone(), json!({"from": from, "to": to}));
        }
    }
    for (key, from) in &old {
        if !new.contains_key(key) {
            changed.insert(key.clone(), json!({"from": from, "to": null}));
        }
    }
    serde_json::Value::Object(changed)
}

fn saved(
    conn: &mut DbConn,
    id: &str,
    client_secret: Option<String>,
) -> AppResult<ApplicationSavedResponse> {
    let app = db::dashboard::find_application(conn, id)?.ok_or_else(AppError::not_found)?;
    let client = db::oauth::find_client_any(conn, id)?;
    Ok(ApplicationSavedResponse {
        application: view(&app, client.as_ref()),
        client_secret,
    })
}

/// `POST /admin/applications`: a new entry (and its client).
pub fn create(
    conn: &mut DbConn,
    staff: &StaffMember,
    request: &ApplicationRequest,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<ApplicationSavedResponse> {
    require_admin(staff)?;
    check_entry(request, meta.reply_lang()).map_err(AppError::validation)?;
    let at = db::to_db_time(now);
    db::transaction(conn, |conn| {
        let taken = db::dashboard::find_application(conn, &request.id)?.is_some()
            || db::oauth::find_client_any(conn, &request.id)?.is_some();
        if taken {
            return Err(AppError::text_with(
                ErrorCode::Conflict,
                problems::APPLICATION_EXISTS,
                &[("id", request.id.as_str())],
            ));
        }
        db::dashboard::insert_application(conn, &row_of(request))?;
        let secret = save_client(conn, request, &staff.user_id, meta, now)?;
        meta.audit_as(
            conn,
            "application_created",
            None,
            Some(&staff.user_id),
            at,
            json!({"application_id": request.id, "client": request.client.is_some()}),
        )?;
        saved(conn, &request.id, secret)
    })
}

/// `PUT /admin/applications/{id}`: new settings for an entry (and its
/// client; an entry without `client` keeps the one it has).
pub fn update(
    conn: &mut DbConn,
    staff: &StaffMember,
    id: &str,
    request: &ApplicationRequest,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<ApplicationSavedResponse> {
    require_admin(staff)?;
    if request.id != id {
        return Err(AppError::validation(BTreeMap::from([(
            "id".to_owned(),
            vec![meta.reply(problems::FIELD_ID_IN_ADDRESS, &[])],
        )])));
    }
    check_entry(request, meta.reply_lang()).map_err(AppError::validation)?;
    let at = db::to_db_time(now);
    db::transaction(conn, |conn| {
        let before = saved(conn, id, None)?.application;
        db::dashboard::update_application(conn, &row_of(request))?;
        let secret = save_client(conn, request, &staff.user_id, meta, now)?;
        let answer = saved(conn, id, secret)?;
        meta.audit_as(
            conn,
            "application_updated",
            None,
            Some(&staff.user_id),
            at,
            json!({
                "application_id": id,
                "changed": changes(&before, &answer.application),
            }),
        )?;
        Ok(answer)
    })
}

/// `POST /admin/applications/{id}/secret`: a new client secret, shown
/// once; the old one stops working at once.
pub fn rotate_secret(
    conn: &mut DbConn,
    staff: &StaffMember,
    id: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<ApplicationSavedResponse> {
    require_admin(staff)?;
    db::transaction(conn, |conn| {
        if db::dashboard::find_application(conn, id)?.is_none() {
            return Err(AppError::not_found());
        }
        let secret = clients::rotate_secret_within(conn, id, Some(&staff.user_id), meta, now)?;
        saved(conn, id, Some(secret.expose_secret().to_owned()))
    })
}
