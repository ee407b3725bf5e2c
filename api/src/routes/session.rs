//! Sessions: who am I, refresh, logout, devices, the portal view's choice.

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use iam_shared::dto::session::{
    LanguageChoiceRequest, OrganizationChoiceRequest, ReauthenticateRequest,
    ReauthenticatedResponse, RefreshRequest, SessionListResponse, SessionResponse, TokenResponse,
};
use iam_shared::dto::MessageResponse;
use iam_shared::i18n::problems;
use iam_shared::{ErrorCode, Problem};
use secrecy::ExposeSecret;
use validator::Validate;

use crate::auth::{expired_refresh_cookie, refresh_cookie, refresh_cookie_value, Authenticated};
use crate::error::{AppError, AppResult};
use crate::services::sessions::{self, Channel};
use crate::state::{AppState, RequestContext};

/// Who am I: the user, their organizations, the active one and the AUA status.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    get, path = "/api/v1/session", tag = "session", operation_id = "get_session",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The session", body = SessionResponse),
    )
)]
#[get("/session")]
#[tracing::instrument(skip_all)]
pub async fn get_session(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> AppResult<HttpResponse> {
    let (now, settings) = (state.clock.now(), state.settings.clone());
    let body = auth
        .run_with_account(&state, move |conn, session, user| {
            sessions::describe(conn, &settings, &session, &user, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// New tokens for a refresh token: the browser app's cookie (with the
/// `X-IAM-Client: web` header) or `refresh_token` in the body. The presented
/// token is spent; presenting it again ends the session (a browser that left
/// a page mid-refresh may present its spent cookie once within 10 seconds).
///
/// **Auth:** refresh token.
#[utoipa::path(
    post, path = "/api/v1/session/refresh", tag = "session", operation_id = "refresh_session",
    security(("refresh_cookie" = []), ()),
    request_body(content = Option<RefreshRequest>, description = "API clients: the refresh token"),
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 401, description = "Unknown, spent, expired or revoked refresh token (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cookie without the `X-IAM-Client: web` header (`csrf_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "A directory account whose last check by the agency directory is older than `IAM_LDAP_MAX_UNCHECKED_SECS`, and the directory does not answer (`directory_unavailable`); the refresh token stays valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/session/refresh")]
#[tracing::instrument(skip_all)]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    ctx: RequestContext,
    body: Option<web::Json<RefreshRequest>>,
) -> AppResult<HttpResponse> {
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    body.validate()?;
    let token = match body.refresh_token {
        Some(token) => token,
        None => refresh_cookie_value(&req)?
            .ok_or_else(|| AppError::text(ErrorCode::Unauthenticated, problems::SESSION_ENDED))?,
    };
    // A central-office account the directory no longer has loses its
    // sessions here, before new tokens.
    crate::services::directory::recheck_before_refresh(&state, &token, &ctx.meta).await?;
    let (settings, keys, now, meta) = (
        state.settings.clone(),
        state.keys.clone(),
        ctx.clock.now(),
        ctx.meta,
    );
    let outcome = state
        .db
        .run(move |conn| sessions::refresh(conn, &settings, &keys, &token, &meta, now))
        .await?;
    let tokens = match outcome {
        Ok(tokens) => tokens,
        Err(error) => {
            return Ok(error_with_cookie_removed(error));
        }
    };
    let mut response = HttpResponse::Ok();
    let web = tokens.channel == Channel::Web;
    if web {
        response.cookie(refresh_cookie(&tokens, ctx.clock.now()));
    }
    Ok(response.json(TokenResponse {
        access_token: tokens.access_token.clone(),
        token_type: "Bearer".into(),
        expires_in: tokens.expires_in,
        refresh_token: (!web).then(|| tokens.refresh_token.expose_secret().to_owned()),
    }))
}

fn error_with_cookie_removed(error: AppError) -> HttpResponse {
    let mut response = actix_web::ResponseError::error_response(&error);
    let _ = response.add_cookie(&expired_refresh_cookie());
    response
}

/// Log out: the session ends at once, everywhere its tokens are used.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    delete, path = "/api/v1/session", tag = "session", operation_id = "logout",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Logged out", body = MessageResponse),
    )
)]
#[delete("/session")]
#[tracing::instrument(skip_all)]
pub async fn logout(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
) -> AppResult<HttpResponse> {
    let message = ctx.meta.reply(
        iam_shared::i18n::problems::LOGGED_OUT,
        &[("app", &state.settings.app_name)],
    );
    let (now, meta) = (ctx.clock.now(), ctx.meta);
    auth.run(&state, move |conn, session| {
        sessions::logout(conn, &session, &meta, now)
    })
    .await?;
    // Not `"cookies"`: that would also wipe the device cookie, which must
    // outlive the session for the browser to stay familiar (issue 15,
    // point 9). The refresh cookie is removed by name instead.
    Ok(HttpResponse::Ok()
        .cookie(expired_refresh_cookie())
        .insert_header(("Clear-Site-Data", "\"storage\""))
        .json(MessageResponse { message }))
}

/// The user's live sessions (devices).
///
/// **Auth:** bearer access token.
#[utoipa::path(
    get, path = "/api/v1/sessions", tag = "session", operation_id = "list_sessions",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Live sessions, newest first", body = SessionListResponse),
    )
)]
#[get("/sessions")]
#[tracing::instrument(skip_all)]
pub async fn list_sessions(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
) -> AppResult<HttpResponse> {
    let (settings, now, meta) = (state.settings.clone(), ctx.clock.now(), ctx.meta);
    let body = auth
        .run(&state, move |conn, session| {
            sessions::list(conn, &settings, &session, &meta, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// End one of your other sessions (a device listed by `GET /sessions`).
/// Needs a recent sign-in (the last 5 minutes): otherwise 403
/// `reauthentication_required`; confirm the password with
/// `POST /session/reauthenticate` and call again. The current session
/// signs out with `DELETE /session`.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    delete, path = "/api/v1/sessions/{session_id}", tag = "session", operation_id = "revoke_session",
    security(("bearer" = [])),
    params(("session_id" = String, Path, description = "From `GET /sessions`")),
    responses(
        (status = 204, description = "The session has ended"),
        (status = 403, description = "The sign-in is older than 5 minutes: confirm the password first (`reauthentication_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No live session of yours by that id (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "That is the current session: sign out instead (`conflict`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/sessions/{session_id}")]
#[tracing::instrument(skip_all)]
pub async fn revoke_session(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (now, meta, target) = (ctx.clock.now(), ctx.meta, path.into_inner());
    auth.run(&state, move |conn, session| {
        sessions::revoke_one(conn, &session, &target, &meta, now)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Forget a familiar device: failed passwords from it walk the
/// unknown-device ladder from now on, and it must sign in again fully to
/// become familiar. Sessions are not ended (`DELETE /sessions/others`).
///
/// **Auth:** bearer access token.
#[utoipa::path(
    delete, path = "/api/v1/devices/{device_id}", tag = "session", operation_id = "forget_device",
    security(("bearer" = [])),
    params(("device_id" = String, Path, description = "From `GET /sessions`")),
    responses(
        (status = 204, description = "Forgotten"),
        (status = 404, description = "No such device of this account (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/devices/{device_id}")]
#[tracing::instrument(skip_all)]
pub async fn forget_device(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let session = auth.session(&state).await?;
    crate::services::devices::forget(
        &state,
        session.user_id,
        path.into_inner(),
        ctx.meta,
        ctx.clock.now(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// "Sign me out of all other devices": every other session ends at once.
/// Needs a recent sign-in (the last 5 minutes): otherwise 403
/// `reauthentication_required`; confirm the password with
/// `POST /session/reauthenticate` and call again.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    delete, path = "/api/v1/sessions/others", tag = "session", operation_id = "revoke_other_sessions",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Other sessions ended", body = MessageResponse),
        (status = 403, description = "The sign-in is older than 5 minutes: confirm the password first (`reauthentication_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/sessions/others")]
#[tracing::instrument(skip_all)]
pub async fn revoke_other_sessions(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
) -> AppResult<HttpResponse> {
    let lang = ctx.meta.reply_lang();
    let (now, meta) = (ctx.clock.now(), ctx.meta);
    let revoked = auth
        .run(&state, move |conn, session| {
            sessions::revoke_others(conn, &session, &meta, now)
        })
        .await?;
    let message = match revoked {
        0 => lang.text(problems::NO_OTHER_DEVICES).to_owned(),
        1 => lang.text(problems::SIGNED_OUT_OF_ONE_DEVICE).to_owned(),
        n => problems::SIGNED_OUT_OF_DEVICES.fill(lang, &[("count", &n.to_string())]),
    };
    Ok(HttpResponse::Ok().json(MessageResponse { message }))
}

/// Confirm the password again: for the next 5 minutes this session counts
/// as recently signed in (ending other sessions needs that), and access
/// tokens issued before stop working: use the one in the answer. A wrong
/// password counts on the account's failed-password ladder, as at sign-in.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    post, path = "/api/v1/session/reauthenticate", tag = "session", operation_id = "reauthenticate",
    security(("bearer" = [])),
    request_body = ReauthenticateRequest,
    responses(
        (status = 200, description = "Confirmed: a new access token; older ones are refused", body = ReauthenticatedResponse),
        (status = 403, description = "Too many wrong passwords locked the account (`account_locked`), or the agency directory refused a central-office account (`directory_password_expired`, `directory_password_change_required`, `directory_account_disabled`, `directory_account_expired`, `directory_signin_restricted`, `directory_locked`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is unreachable (`unavailable`), too many password checks are waiting (`busy`, `Retry-After`), or the agency directory did not answer (`directory_unavailable`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors`: `password: [incorrect]`, with `attempts_remaining` (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/session/reauthenticate")]
#[tracing::instrument(skip_all)]
pub async fn reauthenticate(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    body: web::Json<ReauthenticateRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let password = secrecy::SecretString::from(body.into_inner().password.into_inner());
    let session = auth.session(&state).await?;
    let body = crate::services::signin::reauthenticate(&state, session, password, ctx.meta).await?;
    Ok(HttpResponse::Ok().json(body))
}

/// The language of the account's e-mails, chosen with the language
/// switch while signed in (a sign-in also records the language it asks
/// for). One of the languages the portal offers.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    put, path = "/api/v1/session/language", tag = "session", operation_id = "choose_language",
    security(("bearer" = [])),
    request_body = LanguageChoiceRequest,
    responses(
        (status = 204, description = "Recorded on the account"),
        (status = 401, description = "No valid access token (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors`: `language: [not_offered]`, or an unknown language (`validation_failed`, `malformed_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/session/language")]
#[tracing::instrument(skip_all)]
pub async fn choose_language(
    state: web::Data<AppState>,
    auth: Authenticated,
    body: web::Json<LanguageChoiceRequest>,
) -> AppResult<HttpResponse> {
    let settings = state.settings.clone();
    let language = body.into_inner().language;
    auth.run(&state, move |conn, session| {
        sessions::choose_language(conn, &settings, &session, language)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The portal view's choice of organization for this session.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    put, path = "/api/v1/session/organization", tag = "session", operation_id = "choose_organization",
    security(("bearer" = [])),
    request_body = OrganizationChoiceRequest,
    responses(
        (status = 200, description = "The session with its new active organization", body = SessionResponse),
        (status = 403, description = "The user does not belong to that organization (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed org code (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/session/organization")]
#[tracing::instrument(skip_all)]
pub async fn choose_organization(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    body: web::Json<OrganizationChoiceRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (now, meta) = (ctx.clock.now(), ctx.meta);
    let settings = state.settings.clone();
    let org_code = body.into_inner().org_code;
    let described = auth
        .run(&state, move |conn, session| {
            sessions::choose_organization(conn, &settings, &session, &org_code, &meta, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(described))
}
