//! Who is calling: the bearer access token, checked against the stored
//! session on every request, and the browser app's refresh cookie with its
//! CSRF guard.

pub mod access_token;
pub mod keys;
pub mod oidc_keys;

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use iam_shared::i18n::problems;
use iam_shared::types::MembershipRole;
use iam_shared::ErrorCode;

use crate::config::Settings;
use crate::db::models::UserRow;
use crate::db::sessions::SessionRow;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::services::sessions::{self, Channel, IssuedTokens};
use crate::state::AppState;
use access_token::AccessClaims;

/// Name of the refresh cookie (the `__Host-` prefix pins it to this origin, HTTPS, path /).
pub const REFRESH_COOKIE: &str = "__Host-iam_refresh";

/// The browser app sends `X-IAM-Client: web` on every call. It asks for the
/// refresh token as a cookie instead of in the body, and it is the CSRF
/// proof of cookie-authenticated requests: another site cannot add a custom
/// header without a CORS preflight, which this API never grants (OWASP CSRF
/// cheat sheet, "custom request headers"); the cookie is SameSite=Strict too.
pub const CLIENT_HEADER: &str = "x-iam-client";

/// Which channel the caller is.
pub fn channel_of(req: &HttpRequest) -> Channel {
    let web = req
        .headers()
        .get(CLIENT_HEADER)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"web"));
    if web {
        Channel::Web
    } else {
        Channel::Api
    }
}

/// The refresh cookie of the browser app, if the request may use it.
pub fn refresh_cookie_value(req: &HttpRequest) -> Result<Option<String>, AppError> {
    let Some(cookie) = req.cookie(REFRESH_COOKIE) else {
        return Ok(None);
    };
    if channel_of(req) != Channel::Web {
        return Err(AppError::text(
            ErrorCode::CsrfFailed,
            problems::NOT_FROM_THE_APP,
        ));
    }
    Ok(Some(cookie.value().to_owned()))
}

/// The refresh cookie for freshly issued tokens: `__Host-` prefixed,
/// HttpOnly, Secure, SameSite=Strict, path /. Persistent only with "Keep me
/// signed in"; otherwise it ends with the browser session.
pub fn refresh_cookie(
    tokens: &IssuedTokens,
    now: chrono::DateTime<chrono::Utc>,
) -> Cookie<'static> {
    use secrecy::ExposeSecret;
    let mut cookie = Cookie::build(
        REFRESH_COOKIE,
        tokens.refresh_token.expose_secret().to_owned(),
    )
    .path("/")
    .secure(true)
    .http_only(true)
    .same_site(SameSite::Strict)
    .finish();
    if tokens.keep_signed_in {
        let remaining = tokens.refresh_expires_at - now;
        cookie.set_max_age(time::Duration::seconds(remaining.num_seconds().max(0)));
    }
    cookie
}

/// A cookie that deletes the refresh cookie.
pub fn expired_refresh_cookie() -> Cookie<'static> {
    let mut cookie = Cookie::build(REFRESH_COOKIE, "")
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
        .finish();
    cookie.make_removal();
    cookie
}

/// A caller with a valid access token. Its session is checked in the
/// handler's own blocking hop ([`Authenticated::run`]), together with the
/// handler's reads and writes, so a signed-in request makes one hop, and a
/// logout or revocation still counts from the next request on.
#[derive(Debug, Clone)]
pub struct Authenticated {
    /// Private: nothing may act on the token's claims without the session
    /// check that `run` makes.
    claims: AccessClaims,
}

impl Authenticated {
    /// Check the session (live, its account usable) and run `work` with it
    /// on the same pooled connection.
    pub async fn run<T, F>(self, state: &AppState, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, SessionRow) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.run_with_account(state, |conn, session, _| work(conn, session))
            .await
    }

    /// [`Self::run`], with the account read in the same query as the session.
    pub async fn run_with_account<T, F>(self, state: &AppState, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, SessionRow, UserRow) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let (settings, now) = (state.settings.clone(), state.clock.now());
        state
            .db
            .run(move |conn| {
                let (session, user) = sessions::authenticate(conn, &settings, &self.claims, now)?;
                work(conn, session, user)
            })
            .await
    }

    /// [`Self::run_with_account`] for routes a signed-out caller may use
    /// too: no token, or one whose session has ended, is `None`.
    pub async fn run_maybe<T, F>(auth: Option<Self>, state: &AppState, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, Option<(SessionRow, UserRow)>) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let (settings, now) = (state.settings.clone(), state.clock.now());
        state
            .db
            .run(move |conn| {
                let signed_in = match auth {
                    None => None,
                    Some(auth) => {
                        match sessions::authenticate(conn, &settings, &auth.claims, now) {
                            Ok(found) => Some(found),
                            Err(e) if e.code() == ErrorCode::Unauthenticated => None,
                            Err(e) => return Err(e),
                        }
                    }
                };
                work(conn, signed_in)
            })
            .await
    }

    /// The live session alone, for work that is not one database hop (a
    /// password check on the hashing threads, say).
    pub async fn session(self, state: &AppState) -> AppResult<SessionRow> {
        self.run(state, |_, session| Ok(session)).await
    }
}

fn unauthenticated() -> AppError {
    AppError::text(ErrorCode::Unauthenticated, problems::SESSION_ENDED)
}

pub(crate) fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// An access token whose signature and lifetime check out, its session not
/// yet looked at: the first half of the extractors below.
#[derive(Debug, Clone)]
struct VerifiedToken(AccessClaims);

impl VerifiedToken {
    fn of(req: &HttpRequest, state: &AppState) -> Result<Self, AppError> {
        let token = bearer_token(req).ok_or_else(unauthenticated)?;
        access_token::verify(&state.keys, &state.settings, &token, state.clock.now())
            .map(Self)
            .map_err(|e| {
                tracing::info!(error = %e, "access token refused");
                unauthenticated()
            })
    }
}

fn app_state(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("no app state")))
}

impl FromRequest for Authenticated {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let verified = app_state(req).and_then(|state| VerifiedToken::of(req, &state));
        std::future::ready(verified.map(|VerifiedToken(claims)| Self { claims }))
    }
}

/// A signed-in member of the registry's own staff: role `support` or
/// `admin` in some organization, read from the database on every request
/// (a role taken away counts at once), with a valid AUA. Anyone else gets
/// 403 (`forbidden`, or `aua_required` for staff whose AUA lapsed).
#[derive(Debug, Clone)]
pub struct Staff {
    pub session: SessionRow,
    /// Admins may also grant the staff roles.
    pub is_admin: bool,
}

impl Staff {
    pub fn user_id(&self) -> &str {
        &self.session.user_id
    }

    /// Who is acting, for the services.
    pub fn member(&self) -> crate::services::StaffMember {
        crate::services::StaffMember {
            user_id: self.user_id().to_owned(),
            is_admin: self.is_admin,
        }
    }
}

/// A staff member and then `T` (a JSON body, say), extracted in that
/// order: actix resolves a handler's extractors together and answers the
/// first error that is ready, so a body error (422) would otherwise reach a
/// caller who is not staff before the role check (403) finishes.
pub struct StaffAnd<T>(pub Staff, pub T);

impl<T> FromRequest for StaffAnd<T>
where
    T: FromRequest + 'static,
{
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let staff = Staff::from_request(&req, &mut actix_web::dev::Payload::None).await?;
            let then = T::from_request(&req, &mut payload)
                .await
                .map_err(Into::into)?;
            Ok(Self(staff, then))
        })
    }
}

impl Staff {
    /// The staff check on `session`'s account, on the connection of the
    /// hop it runs in: a staff role (else 403 `forbidden`), then a valid
    /// AUA (else 403 `aua_required`).
    fn check(
        conn: &mut DbConn,
        settings: &Settings,
        session: SessionRow,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<Self> {
        let roles = crate::db::organizations::roles_of_user(conn, &session.user_id)?;
        let is_admin = roles.contains(&MembershipRole::Admin);
        let is_support = roles.contains(&MembershipRole::Support);
        if !(is_admin || is_support) {
            return Err(AppError::text(ErrorCode::Forbidden, problems::STAFF_ONLY));
        }
        // The console is an application too: staff sign the AUA like everyone.
        crate::services::aua::require_signed(conn, settings, &session.user_id, now)?;
        Ok(Self { session, is_admin })
    }
}

impl FromRequest for Staff {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    /// The session, the roles and the AUA in one blocking hop, before the
    /// handler runs: for handlers that must refuse a non-staff caller
    /// before reading anything else of the request. Others take
    /// [`StaffBearer`] and make one hop in all.
    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let bearer =
            StaffBearer::from_request(req, &mut actix_web::dev::Payload::None).into_inner();
        Box::pin(async move { bearer?.run(|_, staff| Ok(staff)).await })
    }
}

/// A caller with a valid access token, to be checked as staff
/// ([`Staff::check`]) in the handler's own blocking hop, together with the
/// handler's work: one hop for a console request whose other extractors
/// cannot fail (a path id), so the 403 still comes first.
pub struct StaffBearer {
    auth: Authenticated,
    state: web::Data<AppState>,
}

impl StaffBearer {
    /// Check the caller as staff and run `work` on the same connection.
    pub async fn run<T, F>(self, work: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, Staff) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let (settings, now) = (self.state.settings.clone(), self.state.clock.now());
        self.auth
            .run(&self.state, move |conn, session| {
                let staff = Staff::check(conn, &settings, session, now)?;
                work(conn, staff)
            })
            .await
    }
}

impl FromRequest for StaffBearer {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let bearer = app_state(req).and_then(|state| {
            let VerifiedToken(claims) = VerifiedToken::of(req, &state)?;
            Ok(Self {
                auth: Authenticated { claims },
                state,
            })
        });
        std::future::ready(bearer)
    }
}
