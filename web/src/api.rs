//! The only place that talks HTTP. Every call goes to the same origin under
//! `/api/v1`, sends and receives the `iam-shared` types, and turns any
//! non-2xx answer into the API's [`Problem`].

use gloo_net::http::{Request, RequestBuilder, Response};
use iam_shared::dto::activation::{
    ActivationCompleteRequest, ActivationResponse, ActivationStartRequest,
};
use iam_shared::dto::aua::{AuaFormResponse, AuaSubmitRequest, AuaSubmitResponse};
use iam_shared::dto::authenticators::{
    AuthenticatorListResponse, AuthenticatorNameRequest, AuthenticatorView, TotpCodeRequest,
    TotpSetupResponse,
};
use iam_shared::dto::authorize::{
    AuthorizeContinueRequest, AuthorizeContinueResponse, ConsentListResponse,
    LogoutContinueRequest, LogoutContinueResponse,
};
use iam_shared::dto::config::PublicConfigResponse;
use iam_shared::dto::dashboard::{DashboardResponse, SectionRequest};
use iam_shared::dto::password::{
    ForgotPasswordRequest, PasswordChangeRequest, PasswordEvaluateRequest,
    PasswordEvaluateResponse, PasswordRecoveryRequest, PasswordRecoveryResponse,
    PasswordResetRequest, PasswordResetResponse, RecoveryVerifyResponse, ResetInspectRequest,
    ResetInspectResponse,
};
use iam_shared::dto::session::{
    LanguageChoiceRequest, OrganizationChoiceRequest, SessionResponse, TokenResponse,
};
use iam_shared::dto::signin::{
    CaptchaResponse, EmailCodeSentResponse, EmailCodeVerifyRequest, LoginRequest,
    PasswordStepRequest, SigninStartRequest, SigninStepResponse,
};
use iam_shared::dto::username::UsernameRecoveryRequest;
use iam_shared::dto::MessageResponse;
use iam_shared::dto::SecretText;
use iam_shared::i18n::{common, Lang};
use iam_shared::{ErrorCode, Problem};
use serde::de::DeserializeOwned;
use serde::Serialize;

const BASE: &str = "/api/v1";

fn network_problem() -> Problem {
    Problem::new(
        ErrorCode::Unavailable,
        crate::i18n::t(common::NETWORK_ERROR),
    )
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, Problem> {
    if response.ok() {
        response.json::<T>().await.map_err(|_| network_problem())
    } else {
        Err(response
            .json::<Problem>()
            .await
            .unwrap_or_else(|_| network_problem()))
    }
}

/// Every call says it comes from the browser app: the server then keeps the
/// refresh token in an HttpOnly cookie, and the header is its CSRF proof.
fn prepare(builder: RequestBuilder, token: Option<&str>) -> RequestBuilder {
    let builder = builder
        .header("X-IAM-Client", "web")
        // Problem details in the page's language.
        .header("Accept-Language", crate::i18n::current().tag());
    match token {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    }
}

async fn send<T: DeserializeOwned>(builder: RequestBuilder) -> Result<T, Problem> {
    let response = builder.send().await.map_err(|_| network_problem())?;
    decode(response).await
}

async fn send_json<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
) -> Result<T, Problem> {
    let response = builder
        .json(body)
        .map_err(|_| network_problem())?
        .send()
        .await
        .map_err(|_| network_problem())?;
    decode(response).await
}

/// POST a JavaScript object (JSON) to `path` under the API.
async fn send_js(
    path: &str,
    token: Option<&str>,
    body: &wasm_bindgen::JsValue,
) -> Result<Response, Problem> {
    let text = js_sys::JSON::stringify(body).map_err(|_| network_problem())?;
    let response = prepare(Request::post(&format!("{BASE}{path}")), token)
        .header("Content-Type", "application/json")
        .body(String::from(text))
        .map_err(|_| network_problem())?
        .send()
        .await
        .map_err(|_| network_problem())?;
    if response.ok() {
        Ok(response)
    } else {
        Err(decode::<Problem>(response)
            .await
            .err()
            .unwrap_or_else(network_problem))
    }
}

/// A call whose body and answer stay JavaScript objects (passkey
/// ceremonies, `passkey.rs`): the answer is parsed by the browser.
pub async fn post_js(
    path: &str,
    token: Option<&str>,
    body: &wasm_bindgen::JsValue,
) -> Result<wasm_bindgen::JsValue, Problem> {
    let text = send_js(path, token, body)
        .await?
        .text()
        .await
        .map_err(|_| network_problem())?;
    js_sys::JSON::parse(&text).map_err(|_| network_problem())
}

/// A JavaScript object posted, a typed answer read.
pub async fn post_js_for<T: DeserializeOwned>(
    path: &str,
    token: Option<&str>,
    body: &wasm_bindgen::JsValue,
) -> Result<T, Problem> {
    decode(send_js(path, token, body).await?).await
}

/// A DELETE answered with no content (204), or its problem.
async fn delete(path: &str, token: &str) -> Result<(), Problem> {
    let response = prepare(Request::delete(path), Some(token))
        .send()
        .await
        .map_err(|_| network_problem())?;
    no_content(response).await
}

/// A 204 answer, or its problem.
async fn no_content(response: Response) -> Result<(), Problem> {
    if response.ok() {
        Ok(())
    } else {
        Err(decode::<Problem>(response)
            .await
            .err()
            .unwrap_or_else(network_problem))
    }
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Problem> {
    send(prepare(Request::get(&format!("{BASE}{path}")), None)).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, Problem> {
    send_json(prepare(Request::post(&format!("{BASE}{path}")), None), body).await
}

/// `POST /authorize/continue`: what an application's sign-in request needs
/// next, signed in (`token`) or not.
pub async fn continue_authorization(
    token: Option<String>,
    request: String,
    consent: Option<bool>,
) -> Result<AuthorizeContinueResponse, Problem> {
    send_json(
        prepare(
            Request::post(&format!("{BASE}/authorize/continue")),
            token.as_deref(),
        ),
        &AuthorizeContinueRequest { request, consent },
    )
    .await
}

/// `GET /consents`: the third-party applications the user allowed.
pub async fn list_consents(token: String) -> Result<ConsentListResponse, Problem> {
    send(prepare(
        Request::get(&format!("{BASE}/consents")),
        Some(&token),
    ))
    .await
}

/// `DELETE /consents/{client_id}`: take back what an application was allowed.
pub async fn withdraw_consent(token: String, client_id: String) -> Result<(), Problem> {
    delete(&format!("{BASE}/consents/{}", encode(&client_id)), &token).await
}

/// `GET /authenticators`: the user's security methods.
pub async fn list_authenticators(token: String) -> Result<AuthenticatorListResponse, Problem> {
    send(prepare(
        Request::get(&format!("{BASE}/authenticators")),
        Some(&token),
    ))
    .await
}

/// `POST /authenticators/totp`: begin setting up an authenticator app.
pub async fn begin_app_setup(token: String, name: String) -> Result<TotpSetupResponse, Problem> {
    send_json(
        prepare(
            Request::post(&format!("{BASE}/authenticators/totp")),
            Some(&token),
        ),
        &AuthenticatorNameRequest { name },
    )
    .await
}

/// `POST /authenticators/{id}/confirm`: the app's first code.
pub async fn confirm_app_setup(
    token: String,
    id: String,
    code: String,
) -> Result<AuthenticatorView, Problem> {
    send_json(
        prepare(
            Request::post(&format!("{BASE}/authenticators/{}/confirm", encode(&id))),
            Some(&token),
        ),
        &TotpCodeRequest {
            code: SecretText::new(code),
        },
    )
    .await
}

/// `PATCH /authenticators/{id}`: a new name.
pub async fn rename_authenticator(
    token: String,
    id: String,
    name: String,
) -> Result<AuthenticatorView, Problem> {
    send_json(
        prepare(
            Request::patch(&format!("{BASE}/authenticators/{}", encode(&id))),
            Some(&token),
        ),
        &AuthenticatorNameRequest { name },
    )
    .await
}

/// `DELETE /authenticators/{id}`.
pub async fn remove_authenticator(token: String, id: String) -> Result<(), Problem> {
    delete(&format!("{BASE}/authenticators/{}", encode(&id)), &token).await
}

/// `POST /logout/continue`: what an application's sign-out request needs.
pub async fn continue_logout(
    token: Option<String>,
    request: String,
    confirm: bool,
) -> Result<LogoutContinueResponse, Problem> {
    send_json(
        prepare(
            Request::post(&format!("{BASE}/logout/continue")),
            token.as_deref(),
        ),
        &LogoutContinueRequest { request, confirm },
    )
    .await
}

/// `GET /config`: branding, notices and feature switches.
pub async fn get_config() -> Result<PublicConfigResponse, Problem> {
    get("/config").await
}

/// `POST /username/recovery`.
pub async fn recover_username(
    request: UsernameRecoveryRequest,
) -> Result<MessageResponse, Problem> {
    post("/username/recovery", &request).await
}

/// `POST /signin`: IAMOnline door, screen 1.
pub async fn start_signin(request: SigninStartRequest) -> Result<SigninStepResponse, Problem> {
    post("/signin", &request).await
}

/// `POST /login`: ImmTrac2 door.
pub async fn login(request: LoginRequest) -> Result<SigninStepResponse, Problem> {
    post("/login", &request).await
}

/// `POST /signin/{id}/password`.
pub async fn verify_password(
    transaction_id: String,
    request: PasswordStepRequest,
) -> Result<SigninStepResponse, Problem> {
    post(&format!("/signin/{transaction_id}/password"), &request).await
}

/// `POST /signin/{id}/email-code`: send (again).
pub async fn send_email_code(transaction_id: String) -> Result<EmailCodeSentResponse, Problem> {
    post(&format!("/signin/{transaction_id}/email-code"), &()).await
}

/// `POST /signin/{id}/email-code/verify`.
pub async fn verify_email_code(
    transaction_id: String,
    request: EmailCodeVerifyRequest,
) -> Result<SigninStepResponse, Problem> {
    post(
        &format!("/signin/{transaction_id}/email-code/verify"),
        &request,
    )
    .await
}

/// `POST /signin/{id}/totp/verify`: an authenticator app's code.
pub async fn verify_app_code(
    transaction_id: String,
    request: iam_shared::dto::authenticators::TotpCodeRequest,
) -> Result<SigninStepResponse, Problem> {
    post(&format!("/signin/{transaction_id}/totp/verify"), &request).await
}

/// `POST /signin/{id}/totp/setup`: "Set up required" with an app.
pub async fn begin_signin_app_setup(
    transaction_id: String,
    name: String,
) -> Result<TotpSetupResponse, Problem> {
    post(
        &format!("/signin/{transaction_id}/totp/setup"),
        &AuthenticatorNameRequest { name },
    )
    .await
}

/// `POST /signin/{id}/totp/setup/{app}/confirm`: the app's first code.
pub async fn confirm_signin_app_setup(
    transaction_id: String,
    id: String,
    code: String,
) -> Result<SigninStepResponse, Problem> {
    post(
        &format!(
            "/signin/{transaction_id}/totp/setup/{}/confirm",
            encode(&id)
        ),
        &TotpCodeRequest {
            code: SecretText::new(code),
        },
    )
    .await
}

/// `POST /signin/{id}/agree`: the Confidentiality Statement; issues the session.
pub async fn agree(transaction_id: String) -> Result<SigninStepResponse, Problem> {
    post(&format!("/signin/{transaction_id}/agree"), &()).await
}

/// `POST /captcha`: a new image.
pub async fn new_captcha() -> Result<CaptchaResponse, Problem> {
    post("/captcha", &()).await
}

/// `POST /captcha/{id}/email`: "Email me a code instead" of the image.
pub async fn email_captcha_code(
    captcha_id: String,
    request: iam_shared::dto::signin::CaptchaEmailRequest,
) -> Result<iam_shared::dto::MessageResponse, Problem> {
    post(&format!("/captcha/{captcha_id}/email"), &request).await
}

/// `POST /session/refresh` with the HttpOnly cookie.
pub async fn refresh() -> Result<TokenResponse, Problem> {
    send(prepare(
        Request::post(&format!("{BASE}/session/refresh")),
        None,
    ))
    .await
}

/// `GET /session`.
pub async fn get_session(token: String) -> Result<SessionResponse, Problem> {
    send(prepare(
        Request::get(&format!("{BASE}/session")),
        Some(&token),
    ))
    .await
}

/// `GET /apps/immtrac2`: the application home, behind the AUA gate.
pub async fn get_immtrac2_home(token: String) -> Result<SessionResponse, Problem> {
    send(prepare(
        Request::get(&format!("{BASE}/apps/immtrac2")),
        Some(&token),
    ))
    .await
}

/// `GET /dashboard`.
pub async fn get_dashboard(token: String) -> Result<DashboardResponse, Problem> {
    send(prepare(
        Request::get(&format!("{BASE}/dashboard")),
        Some(&token),
    ))
    .await
}

/// `POST /dashboard/sections` (no id) or `PUT /dashboard/sections/{id}`.
pub async fn save_section(
    token: String,
    section_id: Option<String>,
    request: SectionRequest,
) -> Result<DashboardResponse, Problem> {
    let builder = match section_id {
        Some(id) => Request::put(&format!("{BASE}/dashboard/sections/{id}")),
        None => Request::post(&format!("{BASE}/dashboard/sections")),
    };
    send_json(prepare(builder, Some(&token)), &request).await
}

/// `GET /aua`: the form.
pub async fn get_aua(token: String) -> Result<AuaFormResponse, Problem> {
    send(prepare(Request::get(&format!("{BASE}/aua")), Some(&token))).await
}

/// `POST /aua`.
pub async fn submit_aua(
    token: String,
    request: AuaSubmitRequest,
) -> Result<AuaSubmitResponse, Problem> {
    send_json(
        prepare(Request::post(&format!("{BASE}/aua")), Some(&token)),
        &request,
    )
    .await
}

/// `PUT /session/organization`.
pub async fn choose_organization(
    token: String,
    org_code: String,
) -> Result<SessionResponse, Problem> {
    send_json(
        prepare(
            Request::put(&format!("{BASE}/session/organization")),
            Some(&token),
        ),
        &OrganizationChoiceRequest { org_code },
    )
    .await
}

/// `PUT /session/language`: the account's e-mails follow the switch.
pub async fn choose_language(token: String, language: Lang) -> Result<(), Problem> {
    let response = prepare(
        Request::put(&format!("{BASE}/session/language")),
        Some(&token),
    )
    .json(&LanguageChoiceRequest { language })
    .map_err(|_| network_problem())?
    .send()
    .await
    .map_err(|_| network_problem())?;
    no_content(response).await
}

/// `DELETE /session`: log out.
pub async fn logout(token: String) -> Result<MessageResponse, Problem> {
    send(prepare(
        Request::delete(&format!("{BASE}/session")),
        Some(&token),
    ))
    .await
}

/// `GET /sessions`: the user's live sessions and familiar devices.
pub async fn list_sessions(
    token: String,
) -> Result<iam_shared::dto::session::SessionListResponse, Problem> {
    send(prepare(
        Request::get(&format!("{BASE}/sessions")),
        Some(&token),
    ))
    .await
}

/// `DELETE /sessions/{id}`: sign out one other session.
pub async fn revoke_session(token: String, id: String) -> Result<(), Problem> {
    delete(&format!("{BASE}/sessions/{}", encode(&id)), &token).await
}

/// `DELETE /sessions/others`: sign out every other session.
pub async fn revoke_other_sessions(token: String) -> Result<MessageResponse, Problem> {
    send(prepare(
        Request::delete(&format!("{BASE}/sessions/others")),
        Some(&token),
    ))
    .await
}

/// `DELETE /devices/{id}`: forget a familiar device.
pub async fn forget_device(token: String, id: String) -> Result<(), Problem> {
    delete(&format!("{BASE}/devices/{}", encode(&id)), &token).await
}

/// `POST /password/reset/inspect`: is the link good, and for whom?
pub async fn inspect_reset_link(token: String) -> Result<ResetInspectResponse, Problem> {
    post(
        "/password/reset/inspect",
        &ResetInspectRequest {
            token: SecretText::new(token),
        },
    )
    .await
}

/// `POST /password/reset`.
pub async fn reset_password(
    request: PasswordResetRequest,
) -> Result<PasswordResetResponse, Problem> {
    post("/password/reset", &request).await
}

/// `POST /password/change` (signed in).
pub async fn change_password(
    token: String,
    request: PasswordChangeRequest,
) -> Result<MessageResponse, Problem> {
    send_json(
        prepare(
            Request::post(&format!("{BASE}/password/change")),
            Some(&token),
        ),
        &request,
    )
    .await
}

/// `POST /password/forgot` (ImmTrac2).
pub async fn forgot_password(request: ForgotPasswordRequest) -> Result<MessageResponse, Problem> {
    post("/password/forgot", &request).await
}

/// `POST /password/recovery` (IAMOnline).
pub async fn start_recovery(
    request: PasswordRecoveryRequest,
) -> Result<PasswordRecoveryResponse, Problem> {
    post("/password/recovery", &request).await
}

/// `POST /password/recovery/{id}/send`.
pub async fn send_recovery_email(id: String) -> Result<EmailCodeSentResponse, Problem> {
    post(&format!("/password/recovery/{id}/send"), &()).await
}

/// `POST /password/recovery/{id}/verify`.
pub async fn verify_recovery_code(
    id: String,
    request: EmailCodeVerifyRequest,
) -> Result<RecoveryVerifyResponse, Problem> {
    post(&format!("/password/recovery/{id}/verify"), &request).await
}

/// `POST /activation`: open an activation from the Welcome link's token.
pub async fn start_activation(token: String) -> Result<ActivationResponse, Problem> {
    post(
        "/activation",
        &ActivationStartRequest {
            token: SecretText::new(token),
        },
    )
    .await
}

/// `POST /activation/{id}/email-code`.
pub async fn send_activation_code(id: String) -> Result<EmailCodeSentResponse, Problem> {
    post(&format!("/activation/{id}/email-code"), &()).await
}

/// `POST /activation/{id}/email-code/verify`.
pub async fn verify_activation_code(
    id: String,
    request: EmailCodeVerifyRequest,
) -> Result<ActivationResponse, Problem> {
    post(&format!("/activation/{id}/email-code/verify"), &request).await
}

/// `POST /activation/{id}/complete`.
pub async fn complete_activation(
    id: String,
    request: ActivationCompleteRequest,
) -> Result<SigninStepResponse, Problem> {
    post(&format!("/activation/{id}/complete"), &request).await
}

/// `POST /password/report-suspicious`.
pub async fn report_suspicious(token: String) -> Result<MessageResponse, Problem> {
    post(
        "/password/report-suspicious",
        &ResetInspectRequest {
            token: SecretText::new(token),
        },
    )
    .await
}

/// `POST /password/evaluate`: the strength meter.
pub async fn evaluate_password(
    request: PasswordEvaluateRequest,
) -> Result<PasswordEvaluateResponse, Problem> {
    post("/password/evaluate", &request).await
}

// --- the support console, access requests and registration ---------------

use iam_shared::dto::access::{
    AccessRequestCreate, AccessRequestListResponse, AccessRequestView, ApproveRequest,
    CitizenRegistrationRequest, DecisionResponse, RegistrationRequest, RejectRequest,
};
use iam_shared::dto::admin::{
    AdminUserDetail, AuditPageResponse, CreateUserRequest, CreatedUserResponse, UserListResponse,
    VerifySecurityAnswerRequest, VerifySecurityAnswerResponse,
};
use iam_shared::dto::applications::{
    ApplicationListResponse, ApplicationRequest, ApplicationSavedResponse,
};

/// A query-string value, percent-encoded.
pub fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

async fn get_as<T: DeserializeOwned>(path: &str, token: &str) -> Result<T, Problem> {
    send(prepare(Request::get(&format!("{BASE}{path}")), Some(token))).await
}

async fn post_as<B: Serialize, T: DeserializeOwned>(
    path: &str,
    token: &str,
    body: &B,
) -> Result<T, Problem> {
    send_json(
        prepare(Request::post(&format!("{BASE}{path}")), Some(token)),
        body,
    )
    .await
}

/// `GET /admin/applications`.
pub async fn admin_list_applications(token: String) -> Result<ApplicationListResponse, Problem> {
    get_as("/admin/applications", &token).await
}

/// `POST /admin/applications` (a new entry) or `PUT /admin/applications/{id}`.
pub async fn admin_save_application(
    token: String,
    existing: bool,
    request: ApplicationRequest,
) -> Result<ApplicationSavedResponse, Problem> {
    if existing {
        let path = format!("{BASE}/admin/applications/{}", encode(&request.id));
        send_json(prepare(Request::put(&path), Some(&token)), &request).await
    } else {
        post_as("/admin/applications", &token, &request).await
    }
}

/// `POST /admin/applications/{id}/secret`.
pub async fn admin_rotate_application_secret(
    token: String,
    id: String,
) -> Result<ApplicationSavedResponse, Problem> {
    send(prepare(
        Request::post(&format!("{BASE}/admin/applications/{}/secret", encode(&id))),
        Some(&token),
    ))
    .await
}

/// `GET /admin/users?…` (`query` already encoded, without `?`).
pub async fn admin_search_users(token: String, query: String) -> Result<UserListResponse, Problem> {
    get_as(&format!("/admin/users?{query}"), &token).await
}

/// `GET /admin/users/{id}`.
pub async fn admin_get_user(token: String, id: String) -> Result<AdminUserDetail, Problem> {
    get_as(&format!("/admin/users/{}", encode(&id)), &token).await
}

/// `POST /admin/users/{id}/{action}` (unlock, enable, disable, …).
pub async fn admin_act(
    token: String,
    id: String,
    action: &'static str,
) -> Result<AdminUserDetail, Problem> {
    send(prepare(
        Request::post(&format!("{BASE}/admin/users/{}/{action}", encode(&id))),
        Some(&token),
    ))
    .await
}

/// `POST /admin/users/{id}/verify-security-answer`.
pub async fn admin_verify_answer(
    token: String,
    id: String,
    answer: String,
) -> Result<VerifySecurityAnswerResponse, Problem> {
    let body = VerifySecurityAnswerRequest {
        answer: SecretText::new(answer),
    };
    post_as(
        &format!("/admin/users/{}/verify-security-answer", encode(&id)),
        &token,
        &body,
    )
    .await
}

/// `POST /admin/users`.
pub async fn admin_create_user(
    token: String,
    request: CreateUserRequest,
) -> Result<CreatedUserResponse, Problem> {
    post_as("/admin/users", &token, &request).await
}

/// `GET /admin/access-requests?status=…`.
pub async fn admin_list_requests(
    token: String,
    status: String,
) -> Result<AccessRequestListResponse, Problem> {
    get_as(&format!("/admin/access-requests?status={status}"), &token).await
}

/// `POST /admin/access-requests/{id}/approve`.
pub async fn admin_approve(
    token: String,
    id: String,
    request: ApproveRequest,
) -> Result<DecisionResponse, Problem> {
    post_as(
        &format!("/admin/access-requests/{}/approve", encode(&id)),
        &token,
        &request,
    )
    .await
}

/// `POST /admin/access-requests/{id}/reject`.
pub async fn admin_reject(
    token: String,
    id: String,
    request: RejectRequest,
) -> Result<DecisionResponse, Problem> {
    post_as(
        &format!("/admin/access-requests/{}/reject", encode(&id)),
        &token,
        &request,
    )
    .await
}

/// `GET /admin/audit?…` (`query` already encoded, without `?`).
pub async fn admin_audit(token: String, query: String) -> Result<AuditPageResponse, Problem> {
    get_as(&format!("/admin/audit?{query}"), &token).await
}

/// `POST /access-requests` (a POC).
pub async fn create_access_request(
    token: String,
    request: AccessRequestCreate,
) -> Result<AccessRequestView, Problem> {
    post_as("/access-requests", &token, &request).await
}

/// `GET /access-requests` (a POC's organizations).
pub async fn list_access_requests(token: String) -> Result<AccessRequestListResponse, Problem> {
    get_as("/access-requests", &token).await
}

/// `GET /organizations/members` ("Manage Access").
pub async fn list_organization_members(
    token: String,
) -> Result<iam_shared::dto::access::OrganizationMembersResponse, Problem> {
    get_as("/organizations/members", &token).await
}

/// `POST /registration/organization`.
pub async fn register_organization(
    request: RegistrationRequest,
) -> Result<MessageResponse, Problem> {
    post("/registration/organization", &request).await
}

/// `POST /registration/citizen`.
pub async fn register_citizen(
    request: CitizenRegistrationRequest,
) -> Result<MessageResponse, Problem> {
    post("/registration/citizen", &request).await
}

/// `GET /admin/evidence`: the acceptance evidence as CSV text.
pub async fn admin_evidence_csv(token: String) -> Result<String, Problem> {
    let response = prepare(
        Request::get(&format!("{BASE}/admin/evidence")),
        Some(&token),
    )
    .send()
    .await
    .map_err(|_| network_problem())?;
    if response.ok() {
        response.text().await.map_err(|_| network_problem())
    } else {
        Err(decode::<()>(response)
            .await
            .err()
            .unwrap_or_else(network_problem))
    }
}
