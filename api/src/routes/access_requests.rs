//! Requests for accounts: a POC's "Request Access", the public account and
//! organization form, and the citizen's sign-up (docs/product.md §7).

use actix_web::{get, post, web, HttpResponse};
use iam_shared::dto::access::{
    AccessRequestCreate, AccessRequestListResponse, AccessRequestView, CitizenRegistrationRequest,
    RegistrationRequest,
};
use iam_shared::dto::MessageResponse;
use iam_shared::Problem;
use validator::Validate;

use crate::auth::Authenticated;
use crate::error::AppResult;
use crate::services::access_requests;
use crate::state::{AppState, RequestContext};
use iam_shared::i18n::{problems, Msg};

/// "Request Access": a POC asks for a username for a new person in the
/// POC's organization. Support approves (the account is created and the
/// person gets the Welcome e-mail) or rejects with a reason.
///
/// **Auth:** bearer access token of the organization's POC.
#[utoipa::path(
    post, path = "/api/v1/access-requests", tag = "onboarding", operation_id = "create_access_request",
    security(("bearer" = [])),
    request_body = AccessRequestCreate,
    responses(
        (status = 201, description = "Requested; waits for support", body = AccessRequestView),
        (status = 403, description = "The caller is not this organization's POC (`forbidden`), or has no valid Acceptable Use Agreement (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`field_errors` per field (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/access-requests")]
#[tracing::instrument(skip_all)]
pub async fn create_access_request(
    state: web::Data<AppState>,
    ctx: RequestContext,
    auth: Authenticated,
    body: web::Json<AccessRequestCreate>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (now, meta, request) = (ctx.clock.now(), ctx.meta, body.into_inner());
    let settings = state.settings.clone();
    let created = auth
        .run(&state, move |conn, session| {
            access_requests::create_by_poc(conn, &settings, &session.user_id, &request, &meta, now)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// The access requests of the organizations where the caller is the POC,
/// with their status (and the reason of a rejection).
///
/// **Auth:** bearer access token of a POC.
#[utoipa::path(
    get, path = "/api/v1/access-requests", tag = "onboarding", operation_id = "list_access_requests",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Waiting requests oldest first, decided ones newest first", body = AccessRequestListResponse),
        (status = 403, description = "The caller is no organization's POC (`forbidden`), or has no valid Acceptable Use Agreement (`aua_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/access-requests")]
#[tracing::instrument(skip_all)]
pub async fn list_access_requests(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> AppResult<HttpResponse> {
    let (settings, now) = (state.settings.clone(), state.clock.now());
    let body = auth
        .run(&state, move |conn, session| {
            access_requests::list_for_poc(conn, &settings, &session.user_id, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// "Manage Access": who can use the applications of each organization where
/// the caller is the Point of Contact, with role, status and last sign-in.
///
/// **Auth:** bearer access token of a POC.
#[utoipa::path(
    get, path = "/api/v1/organizations/members", tag = "onboarding", operation_id = "list_organization_members",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The POC's organizations with their people", body = iam_shared::dto::access::OrganizationMembersResponse),
        (status = 403, description = "The caller is no organization's POC (`forbidden`), or has no valid Acceptable Use Agreement (`aua_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organizations/members")]
#[tracing::instrument(skip_all)]
pub async fn list_organization_members(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> AppResult<HttpResponse> {
    let (settings, now) = (state.settings.clone(), state.clock.now());
    let body = auth
        .run(&state, move |conn, session| {
            access_requests::members_for_poc(conn, &settings, &session.user_id, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// "Request account as non-HHS employee, or register organization": a
/// request for support, acknowledged by e-mail. The answer is the same
/// whatever the form names.
///
/// **Auth:** none (rate limited per IP).
#[utoipa::path(
    post, path = "/api/v1/registration/organization", tag = "onboarding", operation_id = "register_organization",
    request_body = RegistrationRequest,
    responses(
        (status = 202, description = "Received; support decides", body = MessageResponse),
        (status = 422, description = "`field_errors` per field (`kind`: `invalid_kind` for `access`) (`validation_failed`), or the CAPTCHA is missing or wrong (`captcha_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/registration/organization")]
#[tracing::instrument(skip_all)]
pub async fn register_organization(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Json<RegistrationRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let request = body.into_inner();
    public_form(
        state,
        ctx,
        request,
        access_requests::register,
        problems::REGISTRATION_RECEIVED,
    )
    .await
}

/// A public form's service: it queues its mail and answers nothing.
type FormService<B> = fn(
    &mut crate::db::DbConn,
    &crate::config::Settings,
    &crate::crypto::seal::Sealer,
    &[u8; 32],
    &B,
    &crate::services::RequestMeta,
    chrono::DateTime<chrono::Utc>,
) -> AppResult<()>;

/// Run a public form and give its one answer (202), whatever it found.
async fn public_form<B: Send + 'static>(
    state: web::Data<AppState>,
    ctx: RequestContext,
    request: B,
    service: FormService<B>,
    answer: Msg,
) -> AppResult<HttpResponse> {
    let message = ctx.meta.reply(answer, &[]);
    let (settings, now, meta, key, sealer) = (
        state.settings.clone(),
        ctx.clock.now(),
        ctx.meta,
        state.keys.identifier_key,
        state.mail_sealer.clone(),
    );
    state
        .db
        .run(move |conn| service(conn, &settings, &sealer, &key, &request, &meta, now))
        .await?;
    Ok(HttpResponse::Accepted().json(MessageResponse { message }))
}

/// "Create a new account as a citizen": the address receives a Welcome
/// e-mail whose link and code verify it, then the same set-up as every
/// account. An address that has an account gets a notice instead; the
/// answer is the same.
///
/// **Auth:** none (rate limited per IP).
#[utoipa::path(
    post, path = "/api/v1/registration/citizen", tag = "onboarding", operation_id = "register_citizen",
    request_body = CitizenRegistrationRequest,
    responses(
        (status = 202, description = "Check your e-mail", body = MessageResponse),
        (status = 422, description = "`field_errors` per field (`email`: `internal_domain` for a central office address) (`validation_failed`), or the CAPTCHA is missing or wrong (`captcha_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/registration/citizen")]
#[tracing::instrument(skip_all)]
pub async fn register_citizen(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Json<CitizenRegistrationRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let request = body.into_inner();
    public_form(
        state,
        ctx,
        request,
        access_requests::register_citizen,
        problems::CITIZEN_CHECK_EMAIL,
    )
    .await
}
