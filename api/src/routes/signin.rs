//! Sign-in: the IAMOnline and ImmTrac2 doors and the recall step's CAPTCHA.

use actix_web::{post, web, HttpRequest, HttpResponse};
use iam_shared::dto::authenticators::{
    AuthenticatorNameRequest, PasskeyCeremony, PasskeyCredentialRequest,
    PasskeyRegistrationRequest, PasskeySigninRequest, TotpCodeRequest, TotpSetupResponse,
};
use iam_shared::dto::signin::{
    CaptchaEmailRequest, CaptchaResponse, EmailCodeSentResponse, EmailCodeVerifyRequest,
    LoginRequest, PasswordStepRequest, SigninStartRequest, SigninStepResponse,
};
use iam_shared::dto::MessageResponse;
use iam_shared::Problem;
use validator::Validate;

use crate::auth::{channel_of, refresh_cookie};
use crate::error::AppResult;
use crate::services::{captcha, signin};
use crate::state::{AppState, RequestContext};

/// A new CAPTCHA image for the password recall step. Each image answers
/// once; ask for a new one after every attempt or for a clearer image.
///
/// **Auth:** none.
#[utoipa::path(
    post, path = "/api/v1/captcha", tag = "signin", operation_id = "create_captcha",
    responses(
        (status = 200, description = "A new image", body = CaptchaResponse),
    )
)]
#[post("/captcha")]
#[tracing::instrument(skip_all)]
pub async fn create_captcha(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let settings = state.settings.clone();
    let issued = state
        .db
        .run(move |conn| captcha::issue(conn, &settings, now))
        .await?;
    #[allow(unused_mut)]
    let mut response = HttpResponse::Ok();
    // Test builds only: lets the test suites solve the image honestly
    // without OCR. Compiled out of every other build.
    #[cfg(feature = "test-hooks")]
    response.insert_header(("x-test-captcha-answer", issued.answer.clone()));
    Ok(response.json(issued.response))
}

/// "Email me a code instead": for a person who cannot read the CAPTCHA
/// image, a code mailed to the named account answers this challenge too
/// (typed where the image's characters go). The answer is the same whether
/// or not the username names an account; one code per image. A public
/// request form, which names no account yet, sends `email` instead: the
/// code goes to that address and answers only a form giving it.
///
/// **Auth:** none.
#[utoipa::path(
    post, path = "/api/v1/captcha/{captcha_id}/email", tag = "signin", operation_id = "email_captcha_code",
    params(("captcha_id" = String, Path, description = "The challenge the code will answer")),
    request_body = CaptchaEmailRequest,
    responses(
        (status = 202, description = "If the username names an account, its owner was mailed a code; or the code went to `email`", body = MessageResponse),
        (status = 410, description = "The image was used, expired, or already has a code (`token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not exactly one of `username` and `email` (`username`: `username_or_email`), one is malformed, or `email` is a central office address (`email`: `internal_domain`) (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The account's hourly budget of e-mailed codes is spent, or for `email` the caller's network's, the address's or the portal's hourly codes (`rate_limited`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/captcha/{captcha_id}/email")]
#[tracing::instrument(skip_all)]
pub async fn email_captcha_code(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
    body: web::Json<CaptchaEmailRequest>,
) -> AppResult<HttpResponse> {
    let request = body.into_inner();
    request.validate()?;
    let answer = signin::email_captcha_code(&state, path.into_inner(), request, ctx.meta).await?;
    Ok(HttpResponse::Accepted().json(answer))
}

/// IAMOnline door, screen 1: the username. The answer is the same whether
/// or not it names an account: choose a security method.
///
/// **Auth:** none.
#[utoipa::path(
    post, path = "/api/v1/signin", tag = "signin", operation_id = "start_signin",
    request_body = SigninStartRequest,
    responses(
        (status = 200, description = "Transaction started; next step `choose_method`", body = SigninStepResponse),
        (status = 422, description = "The username is missing or malformed (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin")]
#[tracing::instrument(skip_all)]
pub async fn start_signin(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Json<SigninStartRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let response = signin::start(&state, body.into_inner(), ctx.meta).await?;
    Ok(step_response(response))
}

/// ImmTrac2 door: Org Code, Username and Password. Failures walk the
/// failed-password ladder: the `detail` carries its text, `next_step` says
/// whether to show the login screen again (`password`), the recall screen
/// with a CAPTCHA (`recall`) or the lock text (`locked`).
///
/// **Auth:** none.
#[utoipa::path(
    post, path = "/api/v1/login", tag = "signin", operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Password verified; next step `email_code` (or `confidentiality` without MFA)", body = SigninStepResponse),
        (status = 401, description = "Invalid combination (`invalid_credentials`) with `next_step`, `attempts_remaining`, `captcha_required`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Account locked (`account_locked`) or disabled (`account_disabled`); for a central-office account, the agency directory's answer to the right password: `directory_password_expired`, `directory_password_change_required`, `directory_account_disabled`, `directory_account_expired`, `directory_signin_restricted`, or (from a device the account used before) `directory_locked`", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is unreachable (`unavailable`), too many password checks are waiting (`busy`, `Retry-After`), or the agency directory did not answer for a central-office account (`directory_unavailable`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (`validation_failed`), or the CAPTCHA answer is missing or wrong (`captcha_invalid`, not counted as a failure)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/login")]
#[tracing::instrument(skip_all)]
pub async fn login(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Json<LoginRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let response = signin::login(&state, body.into_inner(), ctx.meta).await?;
    Ok(step_response(response))
}

/// IAMOnline door: verify the password (and, on the recall step, the
/// CAPTCHA). Failures answer exactly as `POST /login` does.
///
/// **Auth:** the transaction id.
#[utoipa::path(
    post, path = "/api/v1/signin/{transaction_id}/password", tag = "signin", operation_id = "verify_signin_password",
    params(("transaction_id" = String, Path, description = "From `POST /signin`")),
    request_body = PasswordStepRequest,
    responses(
        (status = 200, description = "Password verified; the next step", body = SigninStepResponse),
        (status = 401, description = "Invalid combination (`invalid_credentials`), with the ladder's `next_step`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Account locked (`account_locked`) or disabled (`account_disabled`); for a central-office account, the agency directory's answer to the right password: `directory_password_expired`, `directory_password_change_required`, `directory_account_disabled`, `directory_account_expired`, `directory_signin_restricted`, or (from a device the account used before) `directory_locked`", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is unreachable (`unavailable`), too many password checks are waiting (`busy`, `Retry-After`), or the agency directory did not answer for a central-office account (`directory_unavailable`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such transaction", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The transaction expired (`token_expired`) or is complete (`token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input (`validation_failed`) or a missing or wrong CAPTCHA answer (`captcha_invalid`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/{transaction_id}/password")]
#[tracing::instrument(skip_all)]
pub async fn verify_password(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
    body: web::Json<PasswordStepRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let response =
        signin::password_step(&state, path.into_inner(), body.into_inner(), ctx.meta).await?;
    Ok(step_response(response))
}

/// Send the e-mail code (or send it again). "Send again" works at most once
/// per 30 seconds and 5 times an hour (429 with `Retry-After`).
///
/// **Auth:** the transaction id.
#[utoipa::path(
    post, path = "/api/v1/signin/{transaction_id}/email-code", tag = "signin", operation_id = "send_signin_email_code",
    params(("transaction_id" = String, Path, description = "From `POST /signin` or `POST /login`")),
    responses(
        (status = 200, description = "Code sent to the masked address", body = EmailCodeSentResponse),
        (status = 404, description = "No such transaction", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail step is not due (see `next_step`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The transaction expired (`token_expired`) or is complete (`token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Sent too recently or too often", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/{transaction_id}/email-code")]
#[tracing::instrument(skip_all)]
pub async fn send_email_code(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let sent = signin::send_email_code(&state, path.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok().json(sent))
}

/// Check the e-mail code: 6 digits, valid 5 minutes, single use; 5 wrong
/// entries void it.
///
/// **Auth:** the transaction id.
#[utoipa::path(
    post, path = "/api/v1/signin/{transaction_id}/email-code/verify", tag = "signin", operation_id = "verify_signin_email_code",
    params(("transaction_id" = String, Path, description = "From `POST /signin` or `POST /login`")),
    request_body = EmailCodeVerifyRequest,
    responses(
        (status = 200, description = "Code accepted; the next step", body = SigninStepResponse),
        (status = 401, description = "Wrong code, or voided by too many wrong entries (`invalid_code`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such transaction", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The code or the transaction expired (`token_expired`), or the sign-in is complete (`token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not six digits (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/{transaction_id}/email-code/verify")]
#[tracing::instrument(skip_all)]
pub async fn verify_email_code(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
    body: web::Json<EmailCodeVerifyRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let response =
        signin::verify_email_code(&state, path.into_inner(), body.into_inner(), ctx.meta).await?;
    Ok(step_response(response))
}

/// The second factor with an authenticator app, instead of the e-mail
/// code (offered when the `email_code` step lists `totp`): 6 digits, the
/// app's current code; each code works once. Five wrong codes in all (a
/// right password does not reset the count) lock the account; the lock
/// e-mail's reset link unlocks it.
///
/// **Auth:** the transaction id.
#[utoipa::path(
    post, path = "/api/v1/signin/{transaction_id}/totp/verify", tag = "signin", operation_id = "verify_signin_app_code",
    params(("transaction_id" = String, Path, description = "From `POST /signin` or `POST /login`")),
    request_body = TotpCodeRequest,
    responses(
        (status = 200, description = "Code accepted; the next step", body = SigninStepResponse),
        (status = 401, description = "Wrong or used code (`invalid_code`), with `attempts_remaining`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account is locked now (`account_locked`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such transaction", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not due (the password first), or no app set up (see `next_step`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The transaction expired (`token_expired`) or is complete (`token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not six digits (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/{transaction_id}/totp/verify")]
#[tracing::instrument(skip_all)]
pub async fn verify_app_code(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
    body: web::Json<TotpCodeRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let response =
        signin::verify_app_code(&state, path.into_inner(), body.into_inner(), ctx.meta).await?;
    Ok(step_response(response))
}

/// The second factor with a passkey, instead of the e-mail code (offered
/// when the `email_code` step lists `passkey`): the challenge for the
/// account's passkeys. Pass `options` to `navigator.credentials.get()`
/// and post its answer to `…/passkey/verify` within 5 minutes; asking
/// again replaces the challenge.
///
/// **Auth:** the transaction id.
#[utoipa::path(
    post, path = "/api/v1/signin/{transaction_id}/passkey/options", tag = "signin", operation_id = "begin_signin_passkey",
    params(("transaction_id" = String, Path, description = "From `POST /signin` or `POST /login`")),
    responses(
        (status = 200, description = "The request options", body = PasskeyCeremony),
        (status = 404, description = "No such transaction", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not due (the password first), no passkey set up (see `next_step`), or passkeys are off", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The transaction expired (`token_expired`) or is complete (`token_used`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/{transaction_id}/passkey/options")]
#[tracing::instrument(skip_all)]
pub async fn begin_signin_passkey(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let ceremony = signin::passkey_options(&state, path.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(ceremony))
}

/// The passkey's answer (the JSON form of what
/// `navigator.credentials.get()` returned). A passkey verifies the user
/// (PIN or biometrics), so it stands for both factors; a refused one does
/// not count toward the lock, but each try needs new options.
///
/// **Auth:** the transaction id.
#[utoipa::path(
    post, path = "/api/v1/signin/{transaction_id}/passkey/verify", tag = "signin", operation_id = "verify_signin_passkey",
    params(("transaction_id" = String, Path, description = "From `POST /signin` or `POST /login`")),
    request_body = PasskeyCredentialRequest,
    responses(
        (status = 200, description = "Accepted; the next step", body = SigninStepResponse),
        (status = 401, description = "The passkey was not accepted (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account is locked (`account_locked`) or disabled (`account_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such transaction", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not due, or passkeys are off (see `next_step`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The transaction or its passkey challenge expired or was used (`token_expired`, `token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a credential (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/{transaction_id}/passkey/verify")]
#[tracing::instrument(skip_all)]
pub async fn verify_signin_passkey(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
    body: web::Json<PasskeyCredentialRequest>,
) -> AppResult<HttpResponse> {
    let response =
        signin::verify_passkey(&state, path.into_inner(), body.into_inner(), ctx.meta).await?;
    Ok(step_response(response))
}

/// "Set up required": the user's policy asks for a passkey they do not
/// have (the step `setup_required`, after the password and the e-mail
/// code); or "Set up optional" at the statement (`setup_optional`, after
/// an activation). The creation options; post what
/// `navigator.credentials.create()` returns to `…/passkey/setup/verify`
/// within 5 minutes.
///
/// **Auth:** the transaction id.
#[utoipa::path(
    post, path = "/api/v1/signin/{transaction_id}/passkey/setup", tag = "signin", operation_id = "begin_signin_passkey_setup",
    params(("transaction_id" = String, Path, description = "From `POST /signin` or `POST /login`")),
    responses(
        (status = 200, description = "The creation options", body = PasskeyCeremony),
        (status = 404, description = "No such transaction", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account was locked or disabled meanwhile (`account_locked`, `account_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not due (see `next_step`), too many methods, or passkeys are off", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The transaction expired (`token_expired`) or is complete (`token_used`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/{transaction_id}/passkey/setup")]
#[tracing::instrument(skip_all)]
pub async fn begin_signin_passkey_setup(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let ceremony = signin::passkey_setup_options(&state, path.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(ceremony))
}

/// The passkey set up at "Set up required": kept under `name` (the owner
/// is told by e-mail) and, made with user verification, counted as this
/// sign-in's second factor. The next step is the Confidentiality Statement.
///
/// **Auth:** the transaction id.
#[utoipa::path(
    post, path = "/api/v1/signin/{transaction_id}/passkey/setup/verify", tag = "signin", operation_id = "finish_signin_passkey_setup",
    params(("transaction_id" = String, Path, description = "From `POST /signin` or `POST /login`")),
    request_body = PasskeyRegistrationRequest,
    responses(
        (status = 200, description = "Set up; the next step", body = SigninStepResponse),
        (status = 404, description = "No such transaction", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account was locked or disabled meanwhile (`account_locked`, `account_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not due, set up already, or passkeys are off (see `next_step`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The transaction or the ceremony expired or was used (`token_expired`, `token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad name, or a credential that does not answer the ceremony: `field_errors.credential` is `not_accepted` (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/{transaction_id}/passkey/setup/verify")]
#[tracing::instrument(skip_all)]
pub async fn finish_signin_passkey_setup(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
    body: web::Json<PasskeyRegistrationRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let response =
        signin::passkey_setup_verify(&state, path.into_inner(), body.into_inner(), ctx.meta)
            .await?;
    Ok(step_response(response))
}

/// "Set up required" where the user's policy takes an authenticator app
/// (`methods` lists `totp`), or "Set up optional" at the statement
/// (`setup_optional` lists `totp`): begin setting one up. The answer carries its
/// key as a QR code and as text, shown this once; confirm a code within
/// 10 minutes.
///
/// **Auth:** the transaction id.
#[utoipa::path(
    post, path = "/api/v1/signin/{transaction_id}/totp/setup", tag = "signin", operation_id = "begin_signin_app_setup",
    params(("transaction_id" = String, Path, description = "From `POST /signin` or `POST /login`")),
    request_body = AuthenticatorNameRequest,
    responses(
        (status = 201, description = "Scan the QR code, then confirm a code", body = TotpSetupResponse),
        (status = 404, description = "No such transaction", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account was locked or disabled meanwhile (`account_locked`, `account_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not due, the policy requires a passkey, or too many methods (see `next_step`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The transaction expired (`token_expired`) or is complete (`token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The name is blank, too long or has control characters (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/{transaction_id}/totp/setup")]
#[tracing::instrument(skip_all)]
pub async fn begin_signin_app_setup(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<String>,
    body: web::Json<AuthenticatorNameRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let setup =
        signin::app_setup_begin(&state, path.into_inner(), body.into_inner().name, ctx.meta)
            .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(setup))
}

/// Finish the app's set-up at "Set up required" with a code it shows: it
/// counts as this sign-in's second factor (the owner is told by e-mail).
/// The next step is the Confidentiality Statement.
///
/// **Auth:** the transaction id.
#[utoipa::path(
    post, path = "/api/v1/signin/{transaction_id}/totp/setup/{id}/confirm", tag = "signin", operation_id = "confirm_signin_app_setup",
    params(
        ("transaction_id" = String, Path, description = "From `POST /signin` or `POST /login`"),
        ("id" = String, Path, description = "From `POST /signin/{transaction_id}/totp/setup`"),
    ),
    request_body = TotpCodeRequest,
    responses(
        (status = 200, description = "Set up; the next step", body = SigninStepResponse),
        (status = 404, description = "No such transaction", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account was locked or disabled meanwhile (`account_locked`, `account_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not due, or the policy requires a passkey (see `next_step`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The transaction or the set-up expired or was finished (`token_expired`, `token_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not six digits, or not the app's current code: `field_errors.code` is `incorrect` (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/{transaction_id}/totp/setup/{id}/confirm")]
#[tracing::instrument(skip_all)]
pub async fn confirm_signin_app_setup(
    state: web::Data<AppState>,
    ctx: RequestContext,
    path: web::Path<(String, String)>,
    body: web::Json<TotpCodeRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let (transaction_id, id) = path.into_inner();
    let response =
        signin::app_setup_confirm(&state, transaction_id, id, body.into_inner(), ctx.meta).await?;
    Ok(step_response(response))
}

/// "Sign in with a passkey", without a username: the challenge, naming no
/// account. Pass `options` to `navigator.credentials.get()` (add
/// `mediation: "conditional"` for the browser's autofill), then post the
/// answer with `id` to `POST /signin/passkey/verify` within 5 minutes.
///
/// **Auth:** none.
#[utoipa::path(
    post, path = "/api/v1/signin/passkey/options", tag = "signin", operation_id = "begin_passkey_signin",
    responses(
        (status = 200, description = "The request options and the ceremony id", body = PasskeyCeremony),
        (status = 409, description = "Passkeys are off on this server (`conflict`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/passkey/options")]
#[tracing::instrument(skip_all)]
pub async fn begin_passkey_signin(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let ceremony = signin::passkey_signin_options(&state).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(ceremony))
}

/// A username-less sign-in's answer: the passkey names the account and
/// proves both factors. The answer is a sign-in transaction at its next
/// step (the Confidentiality Statement). Nothing tells an unknown passkey
/// from a refused one.
///
/// **Auth:** none (the passkey).
#[utoipa::path(
    post, path = "/api/v1/signin/passkey/verify", tag = "signin", operation_id = "finish_passkey_signin",
    request_body = PasskeySigninRequest,
    responses(
        (status = 200, description = "Signed in up to the Confidentiality Statement", body = SigninStepResponse),
        (status = 401, description = "The passkey was not accepted (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The account is locked (`account_locked`) or disabled (`account_disabled`), or a directory account that the agency directory no longer has, or has disabled or locked (`directory_account_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Passkeys are off on this server (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The ceremony expired or was answered (`token_expired`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a credential (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "A directory account not checked by the directory for `IAM_LDAP_MAX_UNCHECKED_SECS`, and the directory does not answer (`directory_unavailable`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/passkey/verify")]
#[tracing::instrument(skip_all)]
pub async fn finish_passkey_signin(
    state: web::Data<AppState>,
    ctx: RequestContext,
    body: web::Json<PasskeySigninRequest>,
) -> AppResult<HttpResponse> {
    let response = signin::passkey_signin(&state, body.into_inner(), ctx.meta).await?;
    Ok(step_response(response))
}

/// Accept the Confidentiality Statement: the last step. The answer carries
/// the session. The browser app (header `X-IAM-Client: web`) gets its
/// refresh token as an HttpOnly cookie; API clients get it in the body.
///
/// **Auth:** the transaction id.
#[utoipa::path(
    post, path = "/api/v1/signin/{transaction_id}/agree", tag = "signin", operation_id = "accept_confidentiality_statement",
    params(
        ("transaction_id" = String, Path, description = "From `POST /signin` or `POST /login`"),
        ("X-IAM-Client" = Option<String>, Header, description = "`web` for the browser app"),
    ),
    responses(
        (status = 200, description = "Signed in: `next_step` is `done`, with the tokens", body = SigninStepResponse),
        (status = 403, description = "The account was locked (`account_locked`) or disabled (`account_disabled`) meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such transaction", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A factor is still missing (see `next_step`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The transaction expired (`token_expired`) or was already used (`token_used`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/signin/{transaction_id}/agree")]
#[tracing::instrument(skip_all)]
pub async fn agree(
    state: web::Data<AppState>,
    req: HttpRequest,
    ctx: RequestContext,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (body, tokens, device_cookie) =
        signin::agree(&state, path.into_inner(), channel_of(&req), ctx.meta).await?;
    let mut response = HttpResponse::Ok();
    if tokens.channel == crate::services::sessions::Channel::Web {
        response.cookie(refresh_cookie(&tokens, ctx.clock.now()));
    }
    if let Some(value) = device_cookie {
        response.cookie(crate::device_cookie::cookie(&value));
    }
    Ok(response.json(body))
}

fn step_response(body: SigninStepResponse) -> HttpResponse {
    HttpResponse::Ok().json(body)
}
