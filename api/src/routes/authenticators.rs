//! "Security methods": the signed-in user's authenticator apps
//! (docs/authenticators.md).

use actix_web::{delete, get, patch, post, web, HttpResponse};
use iam_shared::dto::authenticators::{
    AuthenticatorListResponse, AuthenticatorNameRequest, AuthenticatorView, PasskeyCeremony,
    PasskeyRegistrationRequest, TotpCodeRequest, TotpSetupResponse,
};
use iam_shared::Problem;
use validator::Validate;

use crate::auth::Authenticated;
use crate::error::AppResult;
use crate::services::authenticators::{self, passkeys};
use crate::state::{AppState, RequestContext};

/// Your security methods besides the password and the e-mail code (never
/// their secrets). Set-ups not finished are not listed.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    get, path = "/api/v1/authenticators", tag = "authenticators", operation_id = "list_authenticators",
    security(("bearer" = [])),
    responses((status = 200, description = "Oldest first", body = AuthenticatorListResponse))
)]
#[get("/authenticators")]
#[tracing::instrument(skip_all)]
pub async fn list_authenticators(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> AppResult<HttpResponse> {
    let body = auth
        .run(&state, move |conn, session| {
            authenticators::list(conn, &session)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Begin setting up an authenticator app: the answer carries its key as a
/// QR code and as text, shown this once. The set-up counts when the app's
/// first code is confirmed, within 10 minutes. Needs a whole sign-in
/// (password and second factor) in the last 5 minutes; otherwise
/// `reauthentication_required`: sign in again (typing the password again
/// through `POST /session/reauthenticate` is not enough).
///
/// **Auth:** bearer access token.
#[utoipa::path(
    post, path = "/api/v1/authenticators/totp", tag = "authenticators", operation_id = "begin_app_setup",
    security(("bearer" = [])),
    request_body = AuthenticatorNameRequest,
    responses(
        (status = 201, description = "Scan the QR code, then confirm a code", body = TotpSetupResponse),
        (status = 403, description = "The sign-in is older than 5 minutes (`reauthentication_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Too many security methods (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The name is blank, too long or has control characters (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/authenticators/totp")]
#[tracing::instrument(skip_all)]
pub async fn begin_app_setup(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    body: web::Json<AuthenticatorNameRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (settings, sealer) = (state.settings.clone(), state.authenticator_sealer.clone());
    let (now, meta, name) = (ctx.clock.now(), ctx.meta, body.into_inner().name);
    let setup = auth
        .run(&state, move |conn, session| {
            authenticators::begin_totp(conn, &settings, &sealer, &session, &name, &meta, now)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(setup))
}

/// Finish setting up an authenticator app with a code it shows. You get an
/// e-mail saying a security method was added.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    post, path = "/api/v1/authenticators/{id}/confirm", tag = "authenticators", operation_id = "confirm_app_setup",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "From `POST /authenticators/totp`")),
    request_body = TotpCodeRequest,
    responses(
        (status = 200, description = "Set up", body = AuthenticatorView),
        (status = 410, description = "The set-up expired or was finished (`token_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not six digits, or not the app's current code: `field_errors.code` is `incorrect` (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/authenticators/{id}/confirm")]
#[tracing::instrument(skip_all)]
pub async fn confirm_app_setup(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    path: web::Path<String>,
    body: web::Json<TotpCodeRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let settings = state.settings.clone();
    let sealers = (
        state.authenticator_sealer.clone(),
        state.mail_sealer.clone(),
    );
    let (now, meta, id, code) = (
        ctx.clock.now(),
        ctx.meta,
        path.into_inner(),
        body.into_inner().code,
    );
    let view = auth
        .run(&state, move |conn, session| {
            authenticators::confirm_totp(
                conn,
                &settings,
                (&sealers.0, &sealers.1),
                &session,
                &id,
                code.expose(),
                &meta,
                now,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Begin adding a passkey or security key: pass `options` to
/// `navigator.credentials.create()` (binary members are base64url), then
/// post what it returns to `POST /authenticators/passkey/{id}/confirm`
/// within 5 minutes. The passkey must verify the user (PIN, biometrics)
/// and is kept on the authenticator, so it can sign in without a
/// username. Needs a whole sign-in in the last 5 minutes.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    post, path = "/api/v1/authenticators/passkey", tag = "authenticators", operation_id = "begin_passkey_setup",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The creation options and the ceremony id", body = PasskeyCeremony),
        (status = 403, description = "The sign-in is older than 5 minutes (`reauthentication_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Too many security methods, or passkeys are off on this server (`conflict`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/authenticators/passkey")]
#[tracing::instrument(skip_all)]
pub async fn begin_passkey_setup(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
) -> AppResult<HttpResponse> {
    let webauthn = passkeys::require(&state.webauthn)?;
    let (now, meta) = (ctx.clock.now(), ctx.meta);
    let ceremony = auth
        .run(&state, move |conn, session| {
            passkeys::begin_registration(conn, &webauthn, &session, &meta, now)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(ceremony))
}

/// Finish adding a passkey: the credential `navigator.credentials.create()`
/// returned (its JSON form) and a name for it. You get an e-mail saying a
/// security method was added.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    post, path = "/api/v1/authenticators/passkey/{id}/confirm", tag = "authenticators", operation_id = "confirm_passkey_setup",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "From `POST /authenticators/passkey`")),
    request_body = PasskeyRegistrationRequest,
    responses(
        (status = 201, description = "Set up", body = AuthenticatorView),
        (status = 403, description = "The sign-in is older than 5 minutes (`reauthentication_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This passkey is set up already, too many security methods, or passkeys are off (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The ceremony expired or was answered (`token_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad name, or a credential that does not answer the ceremony: `field_errors.credential` is `not_accepted` (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/authenticators/passkey/{id}/confirm")]
#[tracing::instrument(skip_all)]
pub async fn confirm_passkey_setup(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    path: web::Path<String>,
    body: web::Json<PasskeyRegistrationRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let webauthn = passkeys::require(&state.webauthn)?;
    let (settings, sealer) = (state.settings.clone(), state.mail_sealer.clone());
    let (now, meta, id, request) = (
        ctx.clock.now(),
        ctx.meta,
        path.into_inner(),
        body.into_inner(),
    );
    let view = auth
        .run(&state, move |conn, session| {
            passkeys::finish_registration(
                conn,
                &webauthn,
                &settings,
                &sealer,
                &session,
                (&id, &request.name, request.credential),
                &meta,
                now,
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Rename a security method.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    patch, path = "/api/v1/authenticators/{id}", tag = "authenticators", operation_id = "rename_authenticator",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "From `GET /authenticators`")),
    request_body = AuthenticatorNameRequest,
    responses(
        (status = 200, description = "Renamed", body = AuthenticatorView),
        (status = 404, description = "No such method on your account (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The name is blank, too long or has control characters (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/authenticators/{id}")]
#[tracing::instrument(skip_all)]
pub async fn rename_authenticator(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    path: web::Path<String>,
    body: web::Json<AuthenticatorNameRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (now, meta, id, name) = (
        ctx.clock.now(),
        ctx.meta,
        path.into_inner(),
        body.into_inner().name,
    );
    let view = auth
        .run(&state, move |conn, session| {
            authenticators::rename(conn, &session, &id, &name, &meta, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Remove a security method. Needs a whole sign-in in the last 5 minutes
/// (`reauthentication_required`: sign in again); you get an e-mail saying
/// a security method was removed.
///
/// **Auth:** bearer access token.
#[utoipa::path(
    delete, path = "/api/v1/authenticators/{id}", tag = "authenticators", operation_id = "remove_authenticator",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "From `GET /authenticators`")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "The sign-in is older than 5 minutes (`reauthentication_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such method on your account (`not_found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/authenticators/{id}")]
#[tracing::instrument(skip_all)]
pub async fn remove_authenticator(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (settings, sealer) = (state.settings.clone(), state.mail_sealer.clone());
    let (now, meta, id) = (ctx.clock.now(), ctx.meta, path.into_inner());
    auth.run(&state, move |conn, session| {
        authenticators::remove(conn, &settings, &sealer, &session, &id, &meta, now)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
