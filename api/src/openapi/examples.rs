//! One example of every object schema, built from the typed DTOs so that an
//! example cannot drift from its schema: a renamed or removed field stops
//! this module compiling. Swagger UI shows them, generated SDKs carry them in
//! their doc comments, and the contract fuzzer sends the request examples.

use iam_shared::aua::Affiliation;
use iam_shared::dto::access::*;
use iam_shared::dto::activation::*;
use iam_shared::dto::admin::*;
use iam_shared::dto::applications::*;
use iam_shared::dto::aua::*;
use iam_shared::dto::authenticators::*;
use iam_shared::dto::authorize::*;
use iam_shared::dto::config::*;
use iam_shared::dto::dashboard::*;
use iam_shared::dto::health::HealthResponse;
use iam_shared::dto::keys::*;
use iam_shared::dto::oauth::*;
use iam_shared::dto::password::*;
use iam_shared::dto::session::*;
use iam_shared::dto::signin::*;
use iam_shared::dto::username::UsernameRecoveryRequest;
use iam_shared::dto::{MessageResponse, SecretText};
use iam_shared::i18n::{Area, Lang};
use iam_shared::types::{AccountStatus, AuthenticatorKind, MembershipRole, UserType};
use iam_shared::{ErrorCode, LineError, NextStep, Problem};
use serde::Serialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

const ACCESS_TOKEN: &str =
    "eyJhbGciOiJFZERTQSIsImtpZCI6IjIwMjYtMTItMDEifQ.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl";
const USER_ID: &str = "0193a8f2-6c1e-7d4b-9a52-3f0e1c2b4d5a";
const TRANSACTION_ID: &str = "0193a8f3-0b7a-7c11-8e0f-5a6b7c8d9e0f";
const REQUEST_ID: &str = "0193a8f4-2d3e-7f40-a1b2-c3d4e5f60718";
const SESSION_ID: &str = "0193a8f5-4e5f-7a61-b2c3-d4e5f6071829";
const NOW: &str = "2026-12-01T14:03:00Z";
const LATER: &str = "2026-12-01T14:13:00Z";
const PASSWORD: &str = "Blue-Harbor-Lantern-42";
const TOKEN: &str = "pZ3m9Qy7tL0vX2cR8sN4bW6kH1jF5gD";

fn example<T: ToSchema + Serialize>(value: T) -> (String, Value) {
    let json = serde_json::to_value(value).unwrap_or(Value::Null);
    (T::name().into_owned(), json)
}

fn secret(text: &str) -> SecretText {
    SecretText::new(text)
}

fn user() -> UserSummary {
    UserSummary {
        id: USER_ID.into(),
        username: "JO1234SM".into(),
        first_name: "Jordan".into(),
        last_name: "Smith".into(),
        user_type: UserType::External,
        directory_account: false,
    }
}

fn organization() -> OrganizationSummary {
    OrganizationSummary {
        org_code: "12345".into(),
        name: "Travis County Health Clinic".into(),
        role: MembershipRole::User,
    }
}

fn member() -> MemberView {
    MemberView {
        username: "JO1234SM".into(),
        first_name: "Jordan".into(),
        last_name: "Smith".into(),
        role: MembershipRole::User,
        status: AccountStatus::Active,
        last_sign_in_at: Some(NOW.into()),
    }
}

fn captcha() -> CaptchaAnswer {
    CaptchaAnswer {
        captcha_id: "0193a8f6-7081-7b92-c3d4-e5f60718293a".into(),
        answer: "7KQ2MX".into(),
    }
}

fn access_request() -> AccessRequestView {
    AccessRequestView {
        id: REQUEST_ID.into(),
        kind: AccessRequestKind::Access,
        status: AccessRequestStatus::Pending,
        org_code: Some("12345".into()),
        organization_name: Some("Travis County Health Clinic".into()),
        first_name: "Avery".into(),
        last_name: "Nguyen".into(),
        email: "avery.nguyen@clinic.example".into(),
        phone: Some("512-555-0142".into()),
        justification: Some("New immunization nurse at the clinic.".into()),
        requested_by: Some("JO1234SM".into()),
        created_at: NOW.into(),
        decided_at: None,
        decision_reason: None,
        created_username: None,
    }
}

fn admin_user() -> AdminUserSummary {
    AdminUserSummary {
        id: USER_ID.into(),
        username: "JO1234SM".into(),
        first_name: "Jordan".into(),
        last_name: "Smith".into(),
        email: "jordan.smith@clinic.example".into(),
        user_type: UserType::External,
        status: AccountStatus::Locked,
        last_login_at: Some(NOW.into()),
        directory_account: false,
    }
}

fn audit_event() -> AuditEventView {
    AuditEventView {
        id: 4711,
        occurred_at: NOW.into(),
        event_type: "login_failed".into(),
        user_id: Some(USER_ID.into()),
        actor_id: None,
        ip: Some("203.0.113.7".into()),
        user_agent: Some("Mozilla/5.0".into()),
        detail: json!({ "door": "iamonline", "failed_login_count": 3 }),
    }
}

fn tile() -> Tile {
    Tile {
        app_id: "immtrac2".into(),
        name: "ImmTrac2".into(),
        description: "The Texas immunization registry".into(),
        url: "https://immtrac.example/".into(),
        locked: false,
    }
}

/// The examples, by schema name.
fn authenticator() -> AuthenticatorView {
    AuthenticatorView {
        id: USER_ID.into(),
        kind: AuthenticatorKind::Totp,
        name: "Work phone".into(),
        phishing_resistant: false,
        created_at: NOW.into(),
        last_used_at: Some(LATER.into()),
    }
}

/// What `navigator.credentials.get()` returns, as JSON.
fn passkey_assertion() -> Value {
    serde_json::json!({
        "id": "mW1bQ7xk2LrYp0cN", "rawId": "mW1bQ7xk2LrYp0cN", "type": "public-key",
        "response": {
            "authenticatorData": "SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ",
            "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0Ii…",
            "signature": "MEUCIQC…",
            "userHandle": "2f4c6a1e8b3d4c5fa6b7c8d9e0f1a2b3",
        },
        "clientExtensionResults": {},
    })
}

pub fn all() -> Vec<(String, Value)> {
    vec![
        example(Problem {
            next_step: Some(NextStep::Password),
            attempts_remaining: Some(2),
            captcha_required: Some(false),
            ..Problem::new(
                ErrorCode::InvalidCredentials,
                "The username and password combination is not valid.",
            )
        }),
        example(LineError {
            line: 3,
            field: "email".into(),
            code: "invalid_email".into(),
        }),
        example(MessageResponse {
            message: "Password Updated".into(),
        }),
        example(HealthResponse {
            status: "ok".into(),
            database: Some("ok".into()),
        }),
        example(JwkSetResponse {
            keys: vec![JwkEntry::Okp(Jwk {
                kty: "OKP".into(),
                crv: "Ed25519".into(),
                x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo".into(),
                kid: "2026-12-01".into(),
                alg: "EdDSA".into(),
                key_use: "sig".into(),
            })],
        }),
        example(RsaJwk {
            kty: "RSA".into(),
            n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw".into(),
            e: "AQAB".into(),
            kid: "T-pB4iKHkeYoMmdwQ3OYKgP9ET2m72LQE0FLd1VdhcE".into(),
            alg: "RS256".into(),
            key_use: "sig".into(),
        }),
        example(crate::routes::oidc::discovery("https://iam.example.gov")),
        example(client_settings()),
        example(application()),
        example(ApplicationListResponse {
            applications: vec![application()],
        }),
        example(ApplicationSavedResponse {
            application: application(),
            client_secret: Some(TOKEN.into()),
        }),
        example(authenticator()),
        example(AuthenticatorListResponse {
            authenticators: vec![authenticator()],
        }),
        example(AuthenticatorNameRequest {
            name: "Work phone".into(),
        }),
        example(TotpSetupResponse {
            id: USER_ID.into(),
            secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".into(),
            otpauth_uri: "otpauth://totp/IAMOnline:PA1234SA?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=IAMOnline".into(),
            qr_svg: "<?xml version=\"1.0\" standalone=\"yes\"?><svg xmlns=\"http://www.w3.org/2000/svg\" …</svg>".into(),
        }),
        example(TotpCodeRequest {
            code: SecretText::new("492039"),
        }),
        example(PasskeyCeremony {
            id: Some("q3H0bW9vZ1lD8k2o0oX5cS1Qm3pV7tY9".into()),
            options: serde_json::json!({"publicKey": {
                "challenge": "n1pL7q0bZk3Yx9cW4aR2sT8uV6mN5oPq",
                "rpId": "iam.example.gov",
                "allowCredentials": [],
                "userVerification": "required",
                "timeout": 300000,
            }}),
        }),
        example(PasskeyCredentialRequest {
            credential: passkey_assertion(),
        }),
        example(PasskeySigninRequest {
            ceremony_id: "q3H0bW9vZ1lD8k2o0oX5cS1Qm3pV7tY9".into(),
            credential: passkey_assertion(),
            keep_signed_in: false,
        }),
        example(PasskeyRegistrationRequest {
            name: "This laptop".into(),
            credential: serde_json::json!({
                "id": "mW1bQ7xk2LrYp0cN", "rawId": "mW1bQ7xk2LrYp0cN", "type": "public-key",
                "response": {"attestationObject": "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVi…", "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIi…", "transports": ["internal"]},
                "clientExtensionResults": {},
            }),
        }),
        example(ConsentView {
            client_id: "partner-reports".into(),
            application: "Partner Reports".into(),
            scopes: vec!["openid".into(), "email".into()],
            granted_at: NOW.into(),
        }),
        example(ConsentListResponse {
            consents: vec![ConsentView {
                client_id: "partner-reports".into(),
                application: "Partner Reports".into(),
                scopes: vec!["openid".into(), "email".into()],
                granted_at: NOW.into(),
            }],
        }),
        example(AuthorizeContinueRequest {
            request: TOKEN.into(),
            consent: Some(true),
        }),
        example(AuthorizeContinueResponse::sign_in(
            "VAOS".into(),
            Some("JO1234SM".into()),
            false,
        )),
        example(LogoutContinueRequest {
            request: TOKEN.into(),
            confirm: true,
        }),
        example(LogoutContinueResponse {
            next: LogoutNext::Done,
            application: Some("VAOS".into()),
            location: Some("https://vaos.example.gov/signed-out".into()),
        }),
        example(OAuthTokenResponse {
            access_token: ACCESS_TOKEN.into(),
            token_type: "Bearer".into(),
            expires_in: 300,
            refresh_token: Some(TOKEN.into()),
            id_token: Some(ACCESS_TOKEN.into()),
            scope: "openid profile email organizations".into(),
        }),
        example(OAuthErrorResponse {
            error: "invalid_grant".into(),
            error_description: Some("The code is invalid, expired or already used.".into()),
        }),
        example(IntrospectionResponse {
            active: true,
            scope: Some("openid profile".into()),
            client_id: Some("vaos".into()),
            sub: Some(USER_ID.into()),
            token_type: Some("Bearer".into()),
            exp: Some(1_796_288_688),
            iat: Some(1_796_288_388),
            iss: Some("https://iam.example.gov".into()),
            aud: Some("vaos".into()),
            jti: Some(SESSION_ID.into()),
        }),
        example(Jwk {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo".into(),
            kid: "2026-12-01".into(),
            alg: "EdDSA".into(),
            key_use: "sig".into(),
        }),
        example(TextsResponse {
            lang: Lang::Es,
            area: Area::Signin,
            keys: vec!["USERNAME".into(), "NEXT".into()],
            texts: vec!["Nombre de usuario".into(), "Siguiente".into()],
            version: "5d1c0b9e8a7f6e42".into(),
        }),
        example(Lang::Es),
        example(Area::Signin),
        example(PublicConfigResponse {
            app_name: "ImmTrac2".into(),
            portal_name: "IAMOnline".into(),
            support: support_contacts(),
            system_use_notification: "This is a State of Texas computer system…".into(),
            system_use_notification_lang: Lang::En,
            confidentiality_statement: "I understand that the registry holds confidential health information…".into(),
            confidentiality_statement_lang: Lang::En,
            password_requirements: vec![password_requirement()],
            features: features(),
        }),
        example(support_contacts()),
        example(password_requirement()),
        example(features()),
        // Sign-in.
        example(SigninStartRequest {
            username: "JO1234SM".into(),
            keep_signed_in: false,
        }),
        example(LoginRequest {
            org_code: "12345".into(),
            username: "JO1234SM".into(),
            password: secret(PASSWORD),
            keep_signed_in: false,
            captcha: None,
        }),
        example(PasswordStepRequest {
            password: secret(PASSWORD),
            captcha: Some(captcha()),
        }),
        example(captcha()),
        example(CaptchaEmailRequest {
            username: Some("JO1234SM".into()),
            email: None,
        }),
        example(CaptchaResponse {
            captcha_id: captcha().captcha_id,
            image_png_base64: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==".into(),
            expires_at: LATER.into(),
        }),
        example(SigninStepResponse {
            transaction_id: TRANSACTION_ID.into(),
            next_step: NextStep::EmailCode,
            methods: vec![SigninMethod::Email],
            setup_optional: vec![],
            masked_email: None,
            access_token: None,
            token_type: None,
            expires_in: None,
            refresh_token: None,
            user: None,
            organizations: vec![],
        }),
        example(EmailCodeSentResponse {
            masked_email: "j•••••@clinic.example".into(),
            expires_at: LATER.into(),
            resend_after: 30,
        }),
        example(EmailCodeVerifyRequest {
            code: secret("493027"),
        }),
        // Sessions.
        example(user()),
        example(organization()),
        example(SessionResponse {
            user: user(),
            organizations: vec![organization()],
            active_organization: Some(organization()),
            aua_status: AuaStatus::Valid,
            door: "iamonline".into(),
            expires_at: LATER.into(),
        }),
        example(RefreshRequest {
            refresh_token: Some(TOKEN.into()),
        }),
        example(TokenResponse {
            access_token: ACCESS_TOKEN.into(),
            token_type: "Bearer".into(),
            expires_in: 600,
            refresh_token: Some(TOKEN.into()),
        }),
        example(session_summary()),
        example(familiar_device()),
        example(SessionListResponse {
            sessions: vec![session_summary()],
            devices: vec![familiar_device()],
        }),
        example(OrganizationChoiceRequest {
            org_code: "12345".into(),
        }),
        example(LanguageChoiceRequest { language: Lang::Es }),
        example(ReauthenticateRequest {
            password: secret(PASSWORD),
        }),
        example(ReauthenticatedResponse {
            recent_until: LATER.into(),
            access_token: ACCESS_TOKEN.into(),
            token_type: "Bearer".into(),
            expires_in: 600,
        }),
        // Passwords.
        example(PasswordEvaluateRequest {
            password: secret(PASSWORD),
            username: Some("JO1234SM".into()),
            first_name: Some("Jordan".into()),
            last_name: Some("Smith".into()),
        }),
        example(password_rule()),
        example(PasswordEvaluateResponse {
            rules: vec![password_rule()],
            strength: 4,
            feedback: None,
        }),
        example(ResetInspectRequest {
            token: secret(TOKEN),
        }),
        example(ResetInspectResponse {
            username: "JO1234SM".into(),
            first_name: "Jordan".into(),
            last_name: "Smith".into(),
            expires_at: LATER.into(),
            variant: ResetVariant::Iamonline,
        }),
        example(PasswordResetRequest {
            token: secret(TOKEN),
            new_password: secret(PASSWORD),
            confirm_password: secret(PASSWORD),
            sign_out_other_devices: true,
            confidentiality_accepted: false,
        }),
        example(PasswordResetResponse {
            message: "Password Updated".into(),
            transaction_id: Some(TRANSACTION_ID.into()),
            next_step: Some(NextStep::Confidentiality),
        }),
        example(PasswordRecoveryRequest {
            identifier: "JO1234SM".into(),
        }),
        example(PasswordRecoveryResponse {
            recovery_id: TRANSACTION_ID.into(),
            masked_email: "j•••••@clinic.example".into(),
        }),
        example(RecoveryVerifyResponse {
            reset_token: TOKEN.into(),
        }),
        example(ForgotPasswordRequest {
            org_code: "12345".into(),
            username: "JO1234SM".into(),
            email: "jordan.smith@clinic.example".into(),
            captcha: captcha(),
        }),
        example(PasswordChangeRequest {
            current_password: secret("Old-Harbor-Lantern-41"),
            new_password: secret(PASSWORD),
            confirm_password: secret(PASSWORD),
            sign_out_other_devices: false,
        }),
        example(UsernameRecoveryRequest {
            first_name: "Jordan".into(),
            last_name: "Smith".into(),
            email: "jordan.smith@clinic.example".into(),
        }),
        // Onboarding.
        example(ActivationStartRequest {
            token: secret(TOKEN),
        }),
        example(ActivationResponse {
            activation_id: TRANSACTION_ID.into(),
            username: "JO1234SM".into(),
            first_name: "Jordan".into(),
            last_name: "Smith".into(),
            masked_email: "j•••••@clinic.example".into(),
            next_step: ActivationStep::EmailCode,
        }),
        example(ActivationCompleteRequest {
            new_password: secret(PASSWORD),
            confirm_password: secret(PASSWORD),
            phone: "512-555-0142".into(),
            security_question: "What was the name of your first school?".into(),
            security_answer: secret("Ridgeview"),
        }),
        example(AccessRequestCreate {
            org_code: "12345".into(),
            first_name: "Avery".into(),
            last_name: "Nguyen".into(),
            email: "avery.nguyen@clinic.example".into(),
            phone: "512-555-0142".into(),
            justification: "New immunization nurse at the clinic.".into(),
        }),
        example(RegistrationRequest {
            kind: AccessRequestKind::Organization,
            first_name: "Avery".into(),
            last_name: "Nguyen".into(),
            email: "avery.nguyen@clinic.example".into(),
            phone: "512-555-0142".into(),
            organization_name: "Hill Country Pediatrics".into(),
            org_code: String::new(),
            justification: "A new pediatric practice that will report immunizations.".into(),
            captcha: Some(captcha()),
        }),
        example(CitizenRegistrationRequest {
            first_name: "Riley".into(),
            last_name: "Garcia".into(),
            email: "riley.garcia@mail.example".into(),
            captcha: Some(captcha()),
        }),
        example(member()),
        example(OrganizationMembers {
            org_code: "12345".into(),
            name: "Travis County Health Clinic".into(),
            members: vec![member()],
        }),
        example(OrganizationMembersResponse {
            organizations: vec![OrganizationMembers {
                org_code: "12345".into(),
                name: "Travis County Health Clinic".into(),
                members: vec![member()],
            }],
        }),
        example(access_request()),
        example(AccessRequestListResponse {
            requests: vec![access_request()],
        }),
        example(ApproveRequest {
            org_code: "12345".into(),
        }),
        example(RejectRequest {
            reason: "The clinic has no such employee.".into(),
        }),
        example(DecisionResponse {
            message: "The request is approved; the activation e-mail is on its way.".into(),
            request: AccessRequestView {
                status: AccessRequestStatus::Approved,
                decided_at: Some(LATER.into()),
                created_username: Some("AV5678NG".into()),
                ..access_request()
            },
        }),
        // The support console.
        example(admin_user()),
        example(UserListResponse {
            users: vec![admin_user()],
            total: 1,
            limit: 50,
            offset: 0,
        }),
        example(admin_membership()),
        example(admin_session()),
        example(mail_delivery()),
        example(audit_event()),
        example(AdminUserDetail {
            user: admin_user(),
            phone: Some("512-555-0142".into()),
            failed_login_count: 6,
            failed_reset_count: 0,
            locked_at: Some(NOW.into()),
            unknown_device_failed_login_count: 2,
            unknown_devices_blocked_until: None,
            unknown_device_failed_reset_count: 0,
            unknown_device_resets_blocked_until: None,
            created_at: "2026-03-02T09:00:00Z".into(),
            directory_link_available: false,
            directory_synced_at: None,
            security_question: Some("What was the name of your first school?".into()),
            memberships: vec![admin_membership()],
            sessions: vec![admin_session()],
            authenticators: vec![authenticator()],
            recent_events: vec![audit_event()],
            emails: vec![mail_delivery()],
        }),
        example(membership_grant()),
        example(CreateUserRequest {
            user_type: UserType::External,
            first_name: "Avery".into(),
            last_name: "Nguyen".into(),
            email: "avery.nguyen@clinic.example".into(),
            organizations: vec![membership_grant()],
        }),
        example(CreatedUserResponse {
            user_id: USER_ID.into(),
            username: "AV5678NG".into(),
            message: "The account is created; the activation e-mail is on its way.".into(),
        }),
        example(VerifySecurityAnswerRequest {
            answer: secret("Ridgeview"),
        }),
        example(VerifySecurityAnswerResponse {
            matched: true,
            message: "The answer matches.".into(),
        }),
        example(AuditPageResponse {
            events: vec![audit_event()],
            next_before_id: Some(4711),
        }),
        example(ImportRecord {
            username: "LE0042GA".into(),
            first_name: "Lee".into(),
            last_name: "Garza".into(),
            email: "lee.garza@clinic.example".into(),
            organizations: vec!["12345".into()],
            password_hash: "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW".into(),
            user_type: Some(UserType::External),
        }),
        example(ImportResponse {
            imported: 1200,
            message: "1200 accounts imported.".into(),
        }),
        // The Acceptable Use Agreement and the dashboard.
        example(affiliation_choice()),
        example(AuaFormResponse {
            document_version: "2025-09".into(),
            policy: "Information Security Acceptable Use Policy …".into(),
            policy_lang: iam_shared::i18n::Lang::En,
            acknowledgement: "I have read and agree to the Acceptable Use Agreement.".into(),
            choices: vec![affiliation_choice()],
            status: AuaStatus::Missing,
            expires_at: None,
            first_name: "Jordan".into(),
            last_name: "Smith".into(),
            work_email: "jordan.smith@clinic.example".into(),
        }),
        example(AuaSubmitRequest {
            acknowledged: true,
            first_name: "Jordan".into(),
            last_name: "Smith".into(),
            work_email: "jordan.smith@clinic.example".into(),
            work_phone: "512-555-0142".into(),
            affiliation: Some(Affiliation::Contractor),
            explanation: "Data-entry contractor for Travis County.".into(),
            comments: String::new(),
            employee_id: String::new(),
            date_signed: "2026-12-01".into(),
            document_version: "2025-09".into(),
        }),
        example(AuaSubmitResponse {
            message: "Thank you: your Acceptable Use Agreement is on file.".into(),
            expires_at: "2027-12-01T14:03:00Z".into(),
        }),
        example(tile()),
        example(dashboard_section()),
        example(home_card()),
        example(home_panel()),
        example(DashboardResponse {
            aua_status: AuaStatus::Valid,
            sections: vec![dashboard_section()],
            cards: vec![home_card()],
            panels: vec![home_panel()],
        }),
        example(SectionRequest {
            name: "Daily work".into(),
            tiles: vec!["immtrac2".into()],
        }),
    ]
}

fn support_contacts() -> SupportContacts {
    SupportContacts {
        customer_support_phone: "1-800-252-9152".into(),
        customer_support_email: "ImmTrac2@dshs.example".into(),
        customer_support_hours: "Monday–Friday, 8 a.m.–5 p.m. Central".into(),
        help_desk_phone: "1-888-555-0100".into(),
        help_desk_hours: "24 hours a day".into(),
    }
}

fn password_requirement() -> PasswordRequirement {
    PasswordRequirement {
        rule: "min_length".into(),
        description: "At least 8 characters".into(),
    }
}

fn features() -> FeatureSwitches {
    FeatureSwitches {
        mfa_required: true,
        internal_password_reset_url: "https://passwordreset.hhs.example/".into(),
        dev_mail: false,
        languages: vec![Lang::En, Lang::Es],
    }
}

fn session_summary() -> SessionSummary {
    SessionSummary {
        id: SESSION_ID.into(),
        current: true,
        channel: "web".into(),
        ip: Some("203.0.113.7".into()),
        user_agent: Some("Mozilla/5.0".into()),
        created_at: NOW.into(),
        last_seen_at: LATER.into(),
    }
}

fn familiar_device() -> FamiliarDeviceSummary {
    FamiliarDeviceSummary {
        id: "01J9Z3W4K5M6N7P8Q9R0S1T2D3".into(),
        current: true,
        ip: Some("203.0.113.7".into()),
        user_agent: Some("Mozilla/5.0".into()),
        created_at: NOW.into(),
        last_seen_at: LATER.into(),
    }
}

fn password_rule() -> PasswordRuleResult {
    PasswordRuleResult {
        rule: "min_length".into(),
        passed: true,
        checked: true,
    }
}

fn admin_membership() -> AdminMembership {
    let OrganizationSummary {
        org_code,
        name,
        role,
    } = organization();
    AdminMembership {
        org_code,
        organization_name: name,
        role,
    }
}

fn admin_session() -> AdminSession {
    AdminSession {
        id: SESSION_ID.into(),
        channel: "web".into(),
        door: "iamonline".into(),
        ip: Some("203.0.113.7".into()),
        user_agent: Some("Mozilla/5.0".into()),
        created_at: NOW.into(),
        last_seen_at: LATER.into(),
        expires_at: "2026-12-02T02:03:00Z".into(),
        amr: "pwd otp mfa".into(),
    }
}

fn mail_delivery() -> MailDelivery {
    MailDelivery {
        id: "0193a8f7-8192-7ca3-d4e5-f60718293a4b".into(),
        kind: "password_reset".into(),
        subject: "Reset your password".into(),
        recipient: "j•••••@clinic.example".into(),
        state: DeliveryState::Sent,
        attempts: 1,
        created_at: NOW.into(),
        sent_at: Some(NOW.into()),
        last_error: None,
    }
}

fn membership_grant() -> MembershipGrant {
    MembershipGrant {
        org_code: "12345".into(),
        role: MembershipRole::User,
    }
}

fn affiliation_choice() -> AffiliationChoice {
    AffiliationChoice {
        value: Affiliation::Contractor,
        label: iam_shared::i18n::problems::AFFILIATION_CONTRACTOR.en.into(),
    }
}

fn dashboard_section() -> DashboardSection {
    DashboardSection {
        id: Some("0193a8f8-92a3-7db4-e5f6-0718293a4b5c".into()),
        name: "Daily work".into(),
        tiles: vec![tile()],
    }
}

fn home_card() -> HomeCard {
    HomeCard {
        title: "Approvals".into(),
        url: "/dashboard#approvals".into(),
        count: Some(2),
    }
}

fn client_settings() -> ClientSettings {
    ClientSettings {
        client_type: iam_shared::types::ClientType::Confidential,
        auth_method: iam_shared::types::ClientAuthMethod::ClientSecretBasic,
        redirect_uris: vec!["https://vaos.example.gov/callback".into()],
        post_logout_redirect_uris: vec!["https://vaos.example.gov/signed-out".into()],
        backchannel_logout_uri: Some("https://vaos.example.gov/backchannel-logout".into()),
        initiate_login_uri: Some("https://vaos.example.gov/login".into()),
        scopes: vec![
            "openid".into(),
            "profile".into(),
            "email".into(),
            "organizations".into(),
        ],
        grant_types: vec!["authorization_code".into(), "refresh_token".into()],
        id_token_alg: "RS256".into(),
        access_token_ttl_secs: 300,
        refresh_token_ttl_secs: 28_800,
        consent_required: false,
        jwks: None,
        disabled: false,
    }
}

fn application() -> ApplicationView {
    ApplicationView {
        id: "vaos".into(),
        name: "VAOS".into(),
        description: "Vaccine allocation and ordering".into(),
        group: "my_apps".into(),
        launch_url: "https://vaos.example.gov/".into(),
        requires_aua: true,
        allowed_user_types: vec![UserType::External],
        allowed_roles: vec![MembershipRole::Poc, MembershipRole::User],
        allowed_org_codes: Vec::new(),
        client: Some(client_settings()),
    }
}

fn home_panel() -> HomePanel {
    HomePanel {
        title: "Announcements".into(),
        items: vec!["ImmTrac2 is moving to IAMOnline sign-in.".into()],
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    #[test]
    fn every_object_schema_has_an_example_with_only_its_properties_and_all_required_ones() {
        let spec = serde_json::to_value(super::super::spec()).unwrap_or_default();
        let Some(schemas) = spec["components"]["schemas"].as_object() else {
            panic!("the spec has no schemas");
        };
        let examples: BTreeMap<String, Value> = all().into_iter().collect();
        for (name, schema) in schemas {
            let Some(properties) = schema["properties"].as_object() else {
                continue;
            };
            let example = &schema["examples"][0];
            let example = example
                .as_object()
                .unwrap_or_else(|| panic!("{name} has no example object"));
            let keys: BTreeSet<&String> = example.keys().collect();
            let allowed: BTreeSet<&String> = properties.keys().collect();
            assert!(keys.is_subset(&allowed), "{name}: {keys:?} ⊄ {allowed:?}");
            for required in schema["required"].as_array().into_iter().flatten() {
                let required = required.as_str().unwrap_or_default();
                assert!(
                    example.contains_key(required),
                    "{name} example lacks {required}"
                );
            }
        }
        for name in examples.keys() {
            assert!(
                schemas.contains_key(name),
                "an example of no schema: {name}"
            );
        }
    }
}
