//! The authorization endpoint (OIDC Core §3.1.2) and its continuation by
//! the browser app.
//!
//! The endpoint checks the request and keeps it; the browser goes to the
//! app's page with a handle. The refresh cookie is `SameSite=Strict`, so it
//! does not come with a navigation from another site, and the portal
//! session lives in the app anyway: the app asks to continue with its
//! access token (or none), and the provider decides, on the server, what
//! comes next: a redirect with a code or an error, the sign-in, or the AUA.

use chrono::{DateTime, Duration, Utc};
use iam_shared::dto::authorize::AuthorizeContinueResponse;
use iam_shared::i18n::problems;
use iam_shared::types::AccountStatus;
use secrecy::ExposeSecret;
use serde_json::json;

use crate::config::Settings;
use crate::crypto::{random_token, token_digest};
use crate::db::models::{ApplicationRow, UserRow};
use crate::db::oauth::{self as store, ClientRow, CodeRow, GrantRow, RequestRow};
use crate::db::sessions::SessionRow;
use crate::db::{self, DbConn};
use crate::domain::oauth::{
    check_authorization, AuthorizeParams, AuthorizeRefusal, ClientPolicy, PageReason, Prompt,
    SignInDemand, ValidRequest, ACR_MFA, ACR_PASSWORD, ACR_PHR,
};
use crate::error::{AppError, AppResult};
use crate::services::RequestMeta;

/// What the authorization endpoint answers.
#[derive(Debug)]
pub enum Started {
    /// Send the browser to the app's page with this handle.
    Continue { handle: String },
    /// Send the browser back to the application with an error.
    Redirect { location: String },
    /// Show the user a page; redirect nowhere.
    Refused(PageReason),
}

/// Check an authorization request and keep it for the browser app.
pub fn start(
    conn: &mut DbConn,
    settings: &Settings,
    params: &AuthorizeParams,
    now: DateTime<Utc>,
) -> AppResult<Started> {
    let found = match params.client_id.as_deref() {
        Some(id) => store::find_client(conn, id)?,
        _ => None,
    };
    let (redirect_uris, scopes) = found
        .as_ref()
        .map(|(client, _)| (client.redirect_uri_list(), client.scope_list()))
        .unwrap_or_default();
    let policy = found.as_ref().map(|(client, _)| ClientPolicy {
        redirect_uris: &redirect_uris,
        scopes: &scopes,
        allows_code_flow: client.allows_grant("authorization_code"),
    });
    let request = match check_authorization(params, policy.as_ref()) {
        Ok(request) => request,
        Err(AuthorizeRefusal::ShowPage(reason)) => return Ok(Started::Refused(reason)),
        Err(AuthorizeRefusal::Redirect { error, description }) => {
            // The redirect URI was verified before any fault is redirected.
            let redirect_uri = params.redirect_uri.clone().unwrap_or_default();
            return Ok(Started::Redirect {
                location: error_location(
                    settings,
                    &redirect_uri,
                    params.state.as_deref(),
                    error,
                    description,
                )?,
            });
        }
    };
    let handle = random_token();
    let at = db::to_db_time(now);
    let ttl = i64::try_from(settings.oidc_request_ttl_secs).unwrap_or(1800);
    store::insert_request(
        conn,
        &RequestRow {
            id_hash: token_digest(handle.expose_secret()),
            client_id: request.client_id.clone(),
            redirect_uri: request.redirect_uri.clone(),
            scope: request.scope.join(" "),
            state: request.state.clone(),
            nonce: request.nonce.clone(),
            code_challenge: request.code_challenge.clone(),
            prompt: request.prompt.to_stored(),
            max_age: request
                .max_age
                .map(|age| i32::try_from(age).unwrap_or(i32::MAX)),
            login_hint: request.login_hint.clone(),
            acr_values: request.acr_values.join(" "),
            created_at: at,
            expires_at: db::to_db_time(now + Duration::seconds(ttl)),
            completed_at: None,
        },
    )?;
    Ok(Started::Continue {
        handle: handle.expose_secret().to_owned(),
    })
}

/// `redirect_uri` with `params` added to its query.
fn with_query(redirect_uri: &str, params: &[(&str, &str)]) -> AppResult<String> {
    let mut url = url::Url::parse(redirect_uri)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("stored redirect URI: {e}")))?;
    {
        let mut query = url.query_pairs_mut();
        for (name, value) in params {
            query.append_pair(name, value);
        }
    }
    Ok(url.into())
}

/// The error response of RFC 6749 §4.1.2.1, with `iss` (RFC 9207).
fn error_location(
    settings: &Settings,
    redirect_uri: &str,
    state: Option<&str>,
    error: &str,
    description: &str,
) -> AppResult<String> {
    let mut params = vec![("error", error), ("error_description", description)];
    if let Some(state) = state {
        params.push(("state", state));
    }
    params.push(("iss", settings.public_base()));
    with_query(redirect_uri, &params)
}

/// A signed-in user, as the continuation sees them.
pub struct SignedIn {
    pub session: SessionRow,
    pub user: UserRow,
}

fn stored_request(row: &RequestRow) -> ValidRequest {
    ValidRequest {
        client_id: row.client_id.clone(),
        redirect_uri: row.redirect_uri.clone(),
        scope: row.scope.split_whitespace().map(str::to_owned).collect(),
        state: row.state.clone(),
        nonce: row.nonce.clone(),
        code_challenge: row.code_challenge.clone(),
        prompt: Prompt::from_stored(&row.prompt),
        max_age: row.max_age.map(i64::from),
        login_hint: row.login_hint.clone(),
        acr_values: row
            .acr_values
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
    }
}

/// The `acr` a session reached: multi-factor only with an authenticator
/// app (the e-mail code checks an address, not a second factor: NIST SP
/// 800-63B).
pub fn session_acr(session: &SessionRow) -> &'static str {
    let has = |method: &str| session.amr.split_whitespace().any(|m| m == method);
    if has("mfa") && (has("hwk") || has("swk")) {
        ACR_PHR
    } else if has("mfa") {
        ACR_MFA
    } else {
        ACR_PASSWORD
    }
}

/// Whether the user may use the application (docs/oidc.md, "Who may use
/// which application").
pub fn may_use(conn: &mut DbConn, app: &ApplicationRow, user: &UserRow) -> AppResult<bool> {
    Ok(!usable_by(conn, user, vec![app.clone()])?.is_empty())
}

/// Those of `apps` the user may use, in their order; the memberships are
/// read once, and only when some application's rules look at them.
pub fn usable_by(
    conn: &mut DbConn,
    user: &UserRow,
    apps: Vec<ApplicationRow>,
) -> AppResult<Vec<ApplicationRow>> {
    let memberships = if apps.iter().any(|a| use_rules(a).look_at_memberships()) {
        db::organizations::find_memberships_of_user(conn, &user.id)?
    } else {
        Vec::new()
    };
    let pairs: Vec<(&str, &str)> = memberships
        .iter()
        .map(|(org, membership)| (org.org_code.as_str(), membership.role.as_str()))
        .collect();
    Ok(apps
        .into_iter()
        .filter(|a| use_rules(a).admit(user.user_type.as_str(), &pairs))
        .collect())
}

pub fn use_rules(app: &ApplicationRow) -> crate::domain::oauth::UseRules<'_> {
    crate::domain::oauth::UseRules {
        user_types: &app.allowed_user_types,
        roles: &app.allowed_roles,
        org_codes: &app.allowed_org_codes,
    }
}

/// Whether a user's grant may still be refreshed: what admitted the user
/// at the authorization must hold at every refresh too (an active
/// account, who may use the application, its AUA gate), and the portal
/// session it came from must not have idled out. A refresh is activity in
/// that session, as using the portal is.
pub fn still_entitled(
    conn: &mut DbConn,
    settings: &Settings,
    app: Option<&ApplicationRow>,
    grant: &GrantRow,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let Some(user_id) = grant.user_id.as_deref() else {
        return Ok(true);
    };
    let at = db::to_db_time(now);
    let Some(user) = db::users::find_by_id(conn, user_id)? else {
        return Ok(false);
    };
    if user.status != AccountStatus::Active {
        return Ok(false);
    }
    if let Some(app) = app {
        if !may_use(conn, app, &user)? {
            return Ok(false);
        }
        if app.requires_aua
            && crate::services::aua::valid_until(conn, settings, user_id, now)?.is_none()
        {
            return Ok(false);
        }
    }
    if let Some(session_id) = grant.session_id.as_deref() {
        match db::sessions::find(conn, session_id)? {
            Some(session) if crate::services::sessions::is_live(settings, &session, at) => {
                db::sessions::touch(conn, session_id, at)?;
            }
            _ => return Ok(false),
        }
    }
    Ok(true)
}

/// Continue a pending request: decide, on the server, what the user must
/// still do, or answer the application.
pub fn proceed(
    conn: &mut DbConn,
    settings: &Settings,
    handle: &str,
    consent: Option<bool>,
    signed_in: Option<SignedIn>,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<AuthorizeContinueResponse> {
    let at = db::to_db_time(now);
    let id_hash = token_digest(handle);
    let row = store::find_pending_request(conn, &id_hash, at)?.ok_or_else(expired)?;
    let request = stored_request(&row);
    let (client, app) = store::find_client(conn, &row.client_id)?.ok_or_else(expired)?;
    let application = app
        .as_ref()
        .map_or_else(|| client.name.clone(), |a| a.name.clone());
    let answer = |error: &str, description: &str| -> AppResult<AuthorizeContinueResponse> {
        Ok(AuthorizeContinueResponse::redirect(error_location(
            settings,
            &request.redirect_uri,
            request.state.as_deref(),
            error,
            description,
        )?))
    };
    let finish = |conn: &mut DbConn| -> AppResult<()> {
        // Whoever answers first wins; a second answer would be a second code.
        if store::complete_request(conn, &id_hash, at)? {
            Ok(())
        } else {
            Err(expired())
        }
    };
    let sign_in = |reauthenticate: bool| {
        AuthorizeContinueResponse::sign_in(
            application.clone(),
            request.login_hint.clone(),
            reauthenticate,
        )
    };

    let usable = signed_in.filter(|s| s.user.status == AccountStatus::Active);
    let Some(SignedIn { session, user }) = usable else {
        if request.prompt.none {
            finish(conn)?;
            return answer("login_required", "The user is not signed in.");
        }
        return Ok(sign_in(false));
    };
    let acr = session_acr(&session);
    let authenticated_ago = session
        .authenticated_at
        .map(|t| (at - t).num_seconds().max(0));
    let request_age = (at - row.created_at).num_seconds().max(0);
    match crate::domain::oauth::sign_in_demand(&request, authenticated_ago, request_age, acr) {
        SignInDemand::Satisfied => {}
        SignInDemand::SignIn if request.prompt.none => {
            finish(conn)?;
            return answer(
                "login_required",
                "The application asks for a fresh sign-in.",
            );
        }
        SignInDemand::SignIn => return Ok(sign_in(true)),
        SignInDemand::Unmet => {
            finish(conn)?;
            return answer(
                "unmet_authentication_requirements",
                "The application requires a stronger sign-in (an authenticator app or a passkey) than this one. Sign in again with such a method, or set one up under Manage My Access.",
            );
        }
    }
    if let Some(app) = &app {
        if !may_use(conn, app, &user)? {
            finish(conn)?;
            meta.audit(
                conn,
                "oidc_access_denied",
                Some(&user.id),
                at,
                json!({"client_id": client.client_id}),
            )?;
            return answer("access_denied", "This account may not use the application.");
        }
        if app.requires_aua
            && crate::services::aua::valid_until(conn, settings, &user.id, now)?.is_none()
        {
            if request.prompt.none {
                finish(conn)?;
                return answer(
                    "interaction_required",
                    "The user must sign the Acceptable Use Agreement.",
                );
            }
            return Ok(AuthorizeContinueResponse::aua(application));
        }
    }
    // The agency's own applications are pre-approved; a third party asks
    // the user once for what it wants, and again when it wants more (or
    // with prompt=consent).
    if client.consent_required {
        let allowed = db::consents::find(conn, &user.id, &client.client_id)?;
        let covered = !request.prompt.consent
            && allowed
                .as_deref()
                .is_some_and(|a| crate::domain::oauth::consent_covers(a, &request.scope));
        if !covered {
            match consent {
                Some(true) => {
                    let scope =
                        crate::domain::oauth::widened_consent(allowed.as_deref(), &request.scope);
                    db::consents::save(conn, &user.id, &client.client_id, &scope, at)?;
                    meta.audit(
                        conn,
                        "oidc_consent_given",
                        Some(&user.id),
                        at,
                        json!({"client_id": client.client_id, "scope": scope}),
                    )?;
                }
                Some(false) => {
                    finish(conn)?;
                    meta.audit(
                        conn,
                        "oidc_consent_refused",
                        Some(&user.id),
                        at,
                        json!({"client_id": client.client_id}),
                    )?;
                    return answer("access_denied", "The user did not allow the application.");
                }
                None if request.prompt.none => {
                    finish(conn)?;
                    return answer(
                        "consent_required",
                        "The user has not allowed this application.",
                    );
                }
                None => {
                    return Ok(AuthorizeContinueResponse::consent(
                        application,
                        request.scope.clone(),
                    ))
                }
            }
        }
    }
    finish(conn)?;
    let code = issue_code(conn, settings, &client, &request, &session, acr, now)?;
    meta.audit(
        conn,
        "oidc_authorized",
        Some(&user.id),
        at,
        json!({"client_id": client.client_id, "scope": row.scope, "session_id": session.id}),
    )?;
    let mut params = vec![("code", code.as_str())];
    if let Some(state) = request.state.as_deref() {
        params.push(("state", state));
    }
    params.push(("iss", settings.public_base()));
    Ok(AuthorizeContinueResponse::redirect(with_query(
        &request.redirect_uri,
        &params,
    )?))
}

/// A grant for the session and a code for it (single use, short-lived,
/// bound to the client, the redirect URI and the PKCE challenge).
fn issue_code(
    conn: &mut DbConn,
    settings: &Settings,
    client: &ClientRow,
    request: &ValidRequest,
    session: &SessionRow,
    acr: &str,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let at = db::to_db_time(now);
    let grant_id = db::new_id();
    store::insert_grant(
        conn,
        &GrantRow {
            id: grant_id.clone(),
            client_id: client.client_id.clone(),
            user_id: Some(session.user_id.clone()),
            session_id: Some(session.id.clone()),
            scope: request.scope.join(" "),
            nonce: request.nonce.clone(),
            auth_time: session.authenticated_at,
            amr: session.amr.clone(),
            acr: acr.to_owned(),
            created_at: at,
            // The grant ends with the portal session it came from.
            expires_at: db::to_db_time(
                now + Duration::seconds(i64::from(client.refresh_token_ttl_secs.max(1))),
            )
            .min(session.expires_at),
            revoked_at: None,
            revoked_reason: None,
        },
    )?;
    let code = random_token();
    store::insert_code(
        conn,
        &CodeRow {
            code_hash: token_digest(code.expose_secret()),
            grant_id,
            redirect_uri: request.redirect_uri.clone(),
            code_challenge: request.code_challenge.clone(),
            created_at: at,
            expires_at: db::to_db_time(
                now + Duration::seconds(i64::try_from(settings.oidc_code_ttl_secs).unwrap_or(60)),
            ),
            consumed_at: None,
        },
    )?;
    Ok(code.expose_secret().to_owned())
}

fn expired() -> AppError {
    AppError::text(
        iam_shared::ErrorCode::TokenExpired,
        problems::AUTHORIZE_REQUEST_GONE,
    )
}
