//! OpenID Connect and OAuth 2.0 endpoints (docs/oidc.md). They speak the
//! protocols' own formats: form bodies in, RFC 6749 §5.2 JSON errors out
//! (not problem+json), except `POST /api/v1/authorize/continue`, which is
//! the browser app's and answers like the rest of `/api/v1`.

use std::borrow::Cow;

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use base64::Engine as _;
use iam_shared::dto::authorize::{
    AuthorizeContinueRequest, AuthorizeContinueResponse, LogoutContinueRequest,
    LogoutContinueResponse,
};
use iam_shared::dto::oauth::{
    DiscoveryResponse, IntrospectionResponse, OAuthErrorResponse, OAuthTokenResponse,
};
use iam_shared::i18n::{problems, Lang};
use iam_shared::Page;
use validator::Validate;

use crate::auth::Authenticated;
use crate::domain::oauth::{AuthorizeParams, PageReason, ACR_VALUES, SCOPES};
use crate::error::AppResult;
use crate::services::oidc::authorize::{self, SignedIn, Started};
use crate::services::oidc::token::{self as tokens, ClientCredentials, TokenForm};
use crate::services::oidc::{introspection, logout, userinfo, OAuthError};
use crate::state::{AppState, RequestContext};

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

/// The provider's metadata: where its endpoints are and what it supports.
///
/// **Auth:** none.
#[utoipa::path(
    get, path = "/.well-known/openid-configuration", tag = "oidc", operation_id = "get_openid_configuration",
    responses((status = 200, description = "OpenID Provider Metadata", body = DiscoveryResponse))
)]
#[get("/.well-known/openid-configuration")]
pub async fn get_openid_configuration(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(discovery(state.settings.public_base()))
}

/// The metadata of the provider whose issuer is `base`.
pub fn discovery(base: &str) -> DiscoveryResponse {
    let at = |path: &str| format!("{base}{path}");
    DiscoveryResponse {
        issuer: base.to_owned(),
        authorization_endpoint: at("/oauth2/authorize"),
        token_endpoint: at("/oauth2/token"),
        userinfo_endpoint: at("/oauth2/userinfo"),
        introspection_endpoint: at("/oauth2/introspect"),
        revocation_endpoint: at("/oauth2/revoke"),
        end_session_endpoint: at("/oauth2/logout"),
        backchannel_logout_supported: true,
        backchannel_logout_session_supported: true,
        jwks_uri: at("/.well-known/jwks.json"),
        scopes_supported: strings(SCOPES),
        response_types_supported: strings(&["code"]),
        response_modes_supported: strings(&["query"]),
        grant_types_supported: strings(&[
            "authorization_code",
            "refresh_token",
            "client_credentials",
        ]),
        subject_types_supported: strings(&["public"]),
        id_token_signing_alg_values_supported: strings(&["RS256", "EdDSA"]),
        token_endpoint_auth_methods_supported: strings(&[
            "none",
            "client_secret_basic",
            "client_secret_post",
            "private_key_jwt",
        ]),
        token_endpoint_auth_signing_alg_values_supported: strings(&[
            "RS256", "PS256", "ES256", "EdDSA",
        ]),
        code_challenge_methods_supported: strings(&["S256"]),
        claims_supported: strings(&[
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "amr",
            "acr",
            "at_hash",
            "sid",
            "name",
            "given_name",
            "family_name",
            "preferred_username",
            "email",
            "email_verified",
            "organizations",
            "active_organization",
            "user_type",
            "aua_exp",
        ]),
        acr_values_supported: strings(ACR_VALUES),
        prompt_values_supported: strings(&["none", "login", "consent", "select_account"]),
        authorization_response_iss_parameter_supported: true,
        claims_parameter_supported: false,
        request_parameter_supported: false,
        request_uri_parameter_supported: false,
    }
}

fn pairs(encoded: &[u8]) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    url::form_urlencoded::parse(encoded)
}

/// Nothing an OAuth endpoint answers may be cached (RFC 6749 §5.1).
fn no_store(mut builder: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    builder
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"));
    builder
}

fn oauth_error(error: OAuthError) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(error.status)
        .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST);
    let mut response = no_store(HttpResponse::build(status));
    if let Some(challenge) = error.challenge {
        response.insert_header((header::WWW_AUTHENTICATE, challenge));
    }
    response.json(OAuthErrorResponse {
        error: error.error.to_owned(),
        error_description: Some(error.description),
    })
}

/// The page shown when the request cannot be trusted enough to answer the
/// application: nothing of the request is echoed. In the language the
/// browser asks for; the texts are the catalogue's (no markup in them).
fn refused_page(reason: PageReason, lang: Lang) -> HttpResponse {
    let why = lang.text(match reason {
        PageReason::UnknownClient => problems::REFUSED_UNKNOWN_CLIENT,
        PageReason::BadRedirectUri => problems::REFUSED_BAD_REDIRECT_URI,
    });
    let body = format!(
        "<!doctype html><html lang=\"{tag}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} - IAMOnline</title></head>\
         <body><main><h1>{title}</h1><p>{why}</p>\
         <p>{not_sent_back}</p>\
         <p><a href=\"{home}\">{go_home}</a></p></main></body></html>",
        tag = lang.tag(),
        title = lang.text(problems::REFUSED_TITLE),
        not_sent_back = lang.text(problems::REFUSED_NOT_SENT_BACK),
        go_home = lang.text(problems::REFUSED_GO_HOME),
        home = Page::SignIn.path()
    );
    no_store(HttpResponse::BadRequest())
        .content_type("text/html; charset=utf-8")
        .body(body)
}

async fn authorize(
    state: web::Data<AppState>,
    ctx: RequestContext,
    params: AuthorizeParams,
) -> HttpResponse {
    let (settings, now) = (state.settings.clone(), ctx.clock.now());
    let lang = ctx.meta.reply_lang();
    let started = state
        .db
        .run(move |conn| {
            crate::db::transaction(conn, |conn| authorize::start(conn, &settings, &params, now))
        })
        .await;
    match started {
        Ok(Started::Continue { handle }) => no_store(HttpResponse::SeeOther())
            .insert_header((
                header::LOCATION,
                Page::Authorize.with_query(&format!("request={handle}")),
            ))
            .finish(),
        Ok(Started::Redirect { location }) => no_store(HttpResponse::SeeOther())
            .insert_header((header::LOCATION, location))
            .finish(),
        Ok(Started::Refused(reason)) => refused_page(reason, lang),
        Err(error) => oauth_error(error.into()),
    }
}

/// The authorization endpoint (authorization code flow with PKCE S256).
/// A request whose client or redirect URI is not registered gets a page
/// (400) and is never redirected; other faults go back to the redirect URI
/// as `error`, with `state` and `iss`. A good request is kept and the
/// browser is sent (303) to the portal's sign-in screens, which continue it.
///
/// **Auth:** none (the portal session is the browser app's).
#[utoipa::path(
    get, path = "/oauth2/authorize", tag = "oidc", operation_id = "authorize",
    params(
        ("response_type" = String, Query, description = "`code`"),
        ("client_id" = String, Query),
        ("redirect_uri" = String, Query, description = "Exactly as registered"),
        ("scope" = String, Query, description = "`openid`, `profile`, `email`, `organizations`, `offline_access`"),
        ("code_challenge" = String, Query, description = "PKCE, required"),
        ("code_challenge_method" = String, Query, description = "`S256` (required; `plain` is refused)"),
        ("state" = Option<String>, Query),
        ("nonce" = Option<String>, Query),
        ("prompt" = Option<String>, Query, description = "`none`, `login`, `consent`, `select_account`"),
        ("max_age" = Option<u32>, Query),
        ("login_hint" = Option<String>, Query),
        ("acr_values" = Option<String>, Query),
    ),
    responses(
        (status = 303, description = "To the portal's sign-in (`/authorize?request=…`), or back to the redirect URI with `error`, `state` and `iss`"),
        (status = 400, description = "Unknown client or unregistered redirect URI: a page, no redirect", content_type = "text/html"),
    )
)]
#[get("/authorize")]
pub async fn authorize_get(
    state: web::Data<AppState>,
    ctx: RequestContext,
    req: HttpRequest,
) -> HttpResponse {
    let params = AuthorizeParams::from_pairs(pairs(req.query_string().as_bytes()));
    authorize(state, ctx, params).await
}

/// The authorization endpoint, with the parameters in a form body (OIDC
/// Core §3.1.2.1).
///
/// **Auth:** none.
#[utoipa::path(
    post, path = "/oauth2/authorize", tag = "oidc", operation_id = "authorize_form",
    request_body(content_type = "application/x-www-form-urlencoded", description = "The parameters of `GET /oauth2/authorize`"),
    responses(
        (status = 303, description = "As `GET /oauth2/authorize`"),
        (status = 400, description = "Unknown client or unregistered redirect URI: a page, no redirect", content_type = "text/html"),
    )
)]
#[post("/authorize")]
pub async fn authorize_post(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Bytes,
) -> HttpResponse {
    let params = AuthorizeParams::from_pairs(pairs(&body));
    authorize(state, ctx, params).await
}

/// Continue an application's sign-in request after (or instead of) the
/// portal's sign-in. The server decides what comes next: `redirect` (to the
/// application, with a code or an OAuth error), `sign_in`, or `aua`.
///
/// **Auth:** bearer access token when signed in; none otherwise.
#[utoipa::path(
    post, path = "/api/v1/authorize/continue", tag = "oidc", operation_id = "continue_authorization",
    security(("bearer" = []), ()),
    request_body = AuthorizeContinueRequest,
    responses(
        (status = 200, description = "What to do next", body = AuthorizeContinueResponse),
        (status = 410, description = "The request expired or was answered already (`token_expired`)", body = iam_shared::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/authorize/continue")]
#[tracing::instrument(skip_all)]
pub async fn continue_authorization(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Option<Authenticated>,
    body: web::Json<AuthorizeContinueRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (settings, now, meta) = (state.settings.clone(), ctx.clock.now(), ctx.meta);
    let AuthorizeContinueRequest {
        request: handle,
        consent,
    } = body.into_inner();
    let answer = Authenticated::run_maybe(auth, &state, move |conn, signed_in| {
        let signed_in = signed_in.map(|(session, user)| SignedIn { session, user });
        crate::db::transaction(conn, |conn| {
            authorize::proceed(conn, &settings, &handle, consent, signed_in, &meta, now)
        })
    })
    .await?;
    Ok(no_store(HttpResponse::Ok()).json(answer))
}

/// `Authorization: Basic` credentials, each part form-decoded (RFC 6749 §2.3.1).
fn basic_credentials(req: &HttpRequest) -> Result<Option<(String, String)>, OAuthError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| OAuthError::invalid_client())?;
    let Some((scheme, encoded)) = value.split_once(' ') else {
        return Err(OAuthError::invalid_client());
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(OAuthError::invalid_client());
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(OAuthError::invalid_client)?;
    let (id, secret) = decoded
        .split_once(':')
        .ok_or_else(OAuthError::invalid_client)?;
    let decode = |part: &str| -> String {
        pairs(format!("v={part}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Ok(Some((decode(id), decode(secret))))
}

fn token_form(body: &[u8]) -> Result<TokenForm, OAuthError> {
    let mut form = TokenForm::default();
    for (name, value) in pairs(body) {
        let slot = match name.as_ref() {
            "grant_type" => &mut form.grant_type,
            "code" => &mut form.code,
            "redirect_uri" => &mut form.redirect_uri,
            "code_verifier" => &mut form.code_verifier,
            "refresh_token" => &mut form.refresh_token,
            "scope" => &mut form.scope,
            "client_id" => &mut form.client_id,
            "client_secret" => &mut form.client_secret,
            "client_assertion_type" => &mut form.client_assertion_type,
            "client_assertion" => &mut form.client_assertion,
            "token" => &mut form.token,
            "token_type_hint" => &mut form.token_type_hint,
            _ => continue,
        };
        if slot.is_some() {
            return Err(OAuthError::invalid_request(format!(
                "{name} was sent more than once."
            )));
        }
        *slot = Some(value.into_owned());
    }
    Ok(form)
}

/// The token endpoint: `authorization_code` (with the PKCE verifier),
/// `refresh_token` (rotating; a reused one revokes the grant) and
/// `client_credentials` (a confidential client's own `api:` scopes).
/// Clients authenticate as registered: `client_secret_basic`,
/// `client_secret_post`, `private_key_jwt` (`aud` = the issuer), or `none`
/// for public clients. Errors are RFC 6749
/// §5.2 JSON; a failed client authentication is 401 with `WWW-Authenticate`.
///
/// **Auth:** the client's own (see above).
#[utoipa::path(
    post, path = "/oauth2/token", tag = "oidc", operation_id = "issue_tokens",
    request_body(content_type = "application/x-www-form-urlencoded", description = "`grant_type` and its parameters (RFC 6749 §4.1.3, §6), client credentials when posted"),
    responses(
        (status = 200, description = "Tokens", body = OAuthTokenResponse),
        (status = 400, description = "`invalid_request`, `invalid_grant`, `unauthorized_client`, `unsupported_grant_type`, `invalid_scope`", body = OAuthErrorResponse),
        (status = 401, description = "`invalid_client`", body = OAuthErrorResponse),
    )
)]
#[post("/token")]
#[tracing::instrument(skip_all)]
pub async fn issue_tokens(
    state: web::Data<AppState>,
    ctx: RequestContext,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let meta = ctx.meta.clone();
    as_client(
        &state,
        &ctx,
        &req,
        &body,
        move |conn, settings, keys, client, form, now| {
            tokens::exchange(conn, settings, keys, client, form, &meta, now)
        },
    )
    .await
}

/// Authenticate the client of a form-posted OAuth request, then run `work`
/// in one blocking hop; answer its result as JSON, or its OAuth error.
async fn as_client<T, F>(
    state: &web::Data<AppState>,
    ctx: &RequestContext,
    req: &HttpRequest,
    body: &[u8],
    work: F,
) -> HttpResponse
where
    T: serde::Serialize + Send + 'static,
    F: FnOnce(
            &mut crate::db::DbConn,
            &crate::config::Settings,
            &crate::auth::oidc_keys::OidcKeyRing,
            &crate::db::oauth::ClientRow,
            &TokenForm,
            chrono::DateTime<chrono::Utc>,
        ) -> Result<T, OAuthError>
        + Send
        + 'static,
{
    let parsed = basic_credentials(req).and_then(|basic| Ok((basic, token_form(body)?)));
    let (basic, form) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => return oauth_error(error),
    };
    let credentials = ClientCredentials {
        basic,
        client_id: form.client_id.clone(),
        client_secret: form.client_secret.clone(),
        client_assertion_type: form.client_assertion_type.clone(),
        client_assertion: form.client_assertion.clone(),
    };
    let (settings, keys, now) = (
        state.settings.clone(),
        state.oidc_keys.current(),
        ctx.clock.now(),
    );
    let answer = state
        .db
        .run(move |conn| -> Result<T, OAuthError> {
            let client = tokens::authenticate_client(conn, &settings, &credentials, now)?;
            work(conn, &settings, &keys, &client, &form, now)
        })
        .await;
    match answer {
        Ok(body) => no_store(HttpResponse::Ok()).json(body),
        Err(error) => oauth_error(error),
    }
}

/// Introspection (RFC 7662): whether an access or refresh token is live,
/// and what it grants. For confidential clients (resource servers register
/// as one); an unknown, expired or revoked token is `{"active": false}`.
///
/// **Auth:** the client's own, as at the token endpoint.
#[utoipa::path(
    post, path = "/oauth2/introspect", tag = "oidc", operation_id = "introspect_token",
    request_body(content_type = "application/x-www-form-urlencoded", description = "`token` (and optionally `token_type_hint`), client credentials when posted"),
    responses(
        (status = 200, description = "The token's state", body = IntrospectionResponse),
        (status = 400, description = "`invalid_request`", body = OAuthErrorResponse),
        (status = 401, description = "`invalid_client`", body = OAuthErrorResponse),
        (status = 403, description = "`unauthorized_client`: a public client", body = OAuthErrorResponse),
    )
)]
#[post("/introspect")]
#[tracing::instrument(skip_all)]
pub async fn introspect_token(
    state: web::Data<AppState>,
    ctx: RequestContext,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    as_client(
        &state,
        &ctx,
        &req,
        &body,
        |conn, settings, keys, client, form, now| {
            let token = form
                .token
                .as_deref()
                .ok_or_else(|| OAuthError::invalid_request("token is required."))?;
            introspection::introspect(conn, keys, settings, client, token, now)
        },
    )
    .await
}

/// Revocation (RFC 7009): end the grant behind an access or refresh token
/// issued to the calling client (its other tokens end with it). Unknown
/// tokens are answered the same, with 200.
///
/// **Auth:** the client's own, as at the token endpoint.
#[utoipa::path(
    post, path = "/oauth2/revoke", tag = "oidc", operation_id = "revoke_token",
    request_body(content_type = "application/x-www-form-urlencoded", description = "`token` (and optionally `token_type_hint`), client credentials when posted"),
    responses(
        (status = 200, description = "Revoked, or nothing to revoke", body = Object),
        (status = 400, description = "`invalid_request`", body = OAuthErrorResponse),
        (status = 401, description = "`invalid_client`", body = OAuthErrorResponse),
    )
)]
#[post("/revoke")]
#[tracing::instrument(skip_all)]
pub async fn revoke_token(
    state: web::Data<AppState>,
    ctx: RequestContext,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let meta = ctx.meta.clone();
    as_client(
        &state,
        &ctx,
        &req,
        &body,
        move |conn, settings, keys, client, form, now| {
            let token = form
                .token
                .as_deref()
                .ok_or_else(|| OAuthError::invalid_request("token is required."))?;
            introspection::revoke(conn, keys, settings, client, token, &meta, now)?;
            Ok(serde_json::json!({}))
        },
    )
    .await
}

async fn end_session(
    state: web::Data<AppState>,
    ctx: RequestContext,
    params: logout::EndSessionParams,
) -> HttpResponse {
    let (settings, keys, now) = (
        state.settings.clone(),
        state.oidc_keys.current(),
        ctx.clock.now(),
    );
    let lang = ctx.meta.reply_lang();
    let started = state
        .db
        .run(move |conn| {
            crate::db::transaction(conn, |conn| {
                logout::start(conn, &settings, &keys, &params, now)
            })
        })
        .await;
    match started {
        Ok(logout::Started::Continue { handle }) => no_store(HttpResponse::SeeOther())
            .insert_header((
                header::LOCATION,
                Page::EndSession.with_query(&format!("request={handle}")),
            ))
            .finish(),
        Ok(logout::Started::Refused(reason)) => refused_page(reason, lang),
        Err(error) => oauth_error(error.into()),
    }
}

/// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0). With a
/// valid `id_token_hint` naming the current session, the portal session
/// ends at once; otherwise the user is asked. `post_logout_redirect_uri`
/// must be registered for the client (`client_id`, or the hint's
/// audience); the browser returns there with `state`. A doubtful request
/// gets a page (400) and no redirect.
///
/// **Auth:** none (the portal session is the browser app's).
#[utoipa::path(
    get, path = "/oauth2/logout", tag = "oidc", operation_id = "end_session",
    params(
        ("id_token_hint" = Option<String>, Query, description = "An ID token this provider issued (expired is fine)"),
        ("client_id" = Option<String>, Query),
        ("post_logout_redirect_uri" = Option<String>, Query, description = "Registered for the client"),
        ("state" = Option<String>, Query),
    ),
    responses(
        (status = 303, description = "To the portal's sign-out page (`/logout?request=…`)"),
        (status = 400, description = "Unknown client, foreign hint, or unregistered return address: a page, no redirect", content_type = "text/html"),
    )
)]
#[get("/logout")]
pub async fn end_session_get(
    state: web::Data<AppState>,
    ctx: RequestContext,
    req: HttpRequest,
) -> HttpResponse {
    end_session(
        state,
        ctx,
        logout::EndSessionParams::from_pairs(pairs(req.query_string().as_bytes())),
    )
    .await
}

/// RP-initiated logout with the parameters in a form body.
///
/// **Auth:** none.
#[utoipa::path(
    post, path = "/oauth2/logout", tag = "oidc", operation_id = "end_session_form",
    request_body(content_type = "application/x-www-form-urlencoded", description = "The parameters of `GET /oauth2/logout`"),
    responses(
        (status = 303, description = "As `GET /oauth2/logout`"),
        (status = 400, description = "A page, no redirect", content_type = "text/html"),
    )
)]
#[post("/logout")]
pub async fn end_session_post(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Bytes,
) -> HttpResponse {
    end_session(
        state,
        ctx,
        logout::EndSessionParams::from_pairs(pairs(&body)),
    )
    .await
}

/// Continue an application's logout request: `confirm` (ask the user, then
/// call again with `confirm: true`) or `done` (signed out; go to
/// `location` when there is one). Ending the session here also clears the
/// refresh cookie, and every application the session signed in to is told
/// over the back channel.
///
/// **Auth:** bearer access token when signed in; none otherwise.
#[utoipa::path(
    post, path = "/api/v1/logout/continue", tag = "oidc", operation_id = "continue_logout",
    security(("bearer" = []), ()),
    request_body = LogoutContinueRequest,
    responses(
        (status = 200, description = "What to do next", body = LogoutContinueResponse),
        (status = 410, description = "The request expired or was answered already (`token_expired`)", body = iam_shared::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/logout/continue")]
#[tracing::instrument(skip_all)]
pub async fn continue_logout(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Option<Authenticated>,
    body: web::Json<LogoutContinueRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (now, meta) = (ctx.clock.now(), ctx.meta);
    let LogoutContinueRequest { request, confirm } = body.into_inner();
    let (answer, ended) = Authenticated::run_maybe(auth, &state, move |conn, signed_in| {
        crate::db::transaction(conn, |conn| {
            logout::proceed(
                conn,
                &request,
                signed_in.map(|(session, _)| session),
                confirm,
                &meta,
                now,
            )
        })
    })
    .await?;
    let mut response = no_store(HttpResponse::Ok());
    if ended {
        response.cookie(crate::auth::expired_refresh_cookie());
    }
    Ok(response.json(answer))
}

async fn userinfo_of(
    state: web::Data<AppState>,
    ctx: RequestContext,
    req: HttpRequest,
) -> HttpResponse {
    let Some(token) = crate::auth::bearer_token(&req) else {
        let mut response = no_store(HttpResponse::Unauthorized());
        return response
            .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
            .finish();
    };
    let (settings, keys, now) = (
        state.settings.clone(),
        state.oidc_keys.current(),
        ctx.clock.now(),
    );
    let answer = state
        .db
        .run(move |conn| userinfo::userinfo(conn, &keys, &settings, &token, now))
        .await;
    match answer {
        Ok(claims) => no_store(HttpResponse::Ok()).json(claims),
        Err(error) => oauth_error(error),
    }
}

/// UserInfo (OIDC Core §5.3): the claims the access token's scopes release.
///
/// **Auth:** an access token from `/oauth2/token` (bearer).
#[utoipa::path(
    get, path = "/oauth2/userinfo", tag = "oidc", operation_id = "userinfo",
    security(("oauth2_access_token" = [])),
    responses(
        (status = 200, description = "The user's claims, by scope", body = Object),
        (status = 401, description = "`invalid_token`, with `WWW-Authenticate`", body = OAuthErrorResponse),
        (status = 403, description = "`insufficient_scope`: the token lacks `openid`", body = OAuthErrorResponse),
    )
)]
#[get("/userinfo")]
pub async fn userinfo_get(
    state: web::Data<AppState>,
    ctx: RequestContext,
    req: HttpRequest,
) -> HttpResponse {
    userinfo_of(state, ctx, req).await
}

/// UserInfo by POST (OIDC Core §5.3.1).
///
/// **Auth:** an access token from `/oauth2/token` (bearer).
#[utoipa::path(
    post, path = "/oauth2/userinfo", tag = "oidc", operation_id = "userinfo_post",
    security(("oauth2_access_token" = [])),
    responses(
        (status = 200, description = "The user's claims, by scope", body = Object),
        (status = 401, description = "`invalid_token`, with `WWW-Authenticate`", body = OAuthErrorResponse),
        (status = 403, description = "`insufficient_scope`: the token lacks `openid`", body = OAuthErrorResponse),
    )
)]
#[post("/userinfo")]
pub async fn userinfo_post(
    state: web::Data<AppState>,
    ctx: RequestContext,
    req: HttpRequest,
) -> HttpResponse {
    userinfo_of(state, ctx, req).await
}
