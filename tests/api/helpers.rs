//! `spawn_app()` and friends.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::Connection;
use iam_api::config::{MailTransportKind, Settings};
use iam_api::db::Db;
use iam_api::startup::Application;
use iam_shared::dto::signin::{
    CaptchaAnswer, EmailCodeVerifyRequest, LoginRequest, PasswordStepRequest, SigninStartRequest,
};
use iam_shared::dto::SecretText;
use iam_shared::types::MembershipRole;
use reqwest::header::HeaderMap;
use secrecy::SecretString;
use serde_json::{json, Value};

/// Which database the suite runs against.
pub fn backend() -> &'static str {
    match std::env::var("IAM_TEST_DB").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sqlite",
    }
}

/// A free TCP port on loopback (nothing listens on it when this returns).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

/// A fresh, empty database; dropped (PostgreSQL) or deleted (SQLite) at the end.
pub struct TestDatabase {
    pub url: String,
    pub dir: PathBuf,
    pg_name: Option<String>,
}

impl TestDatabase {
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("iam-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("temp dir: {e}"));
        if backend() == "postgres" {
            let base = std::env::var("IAM_TEST_PG_URL")
                .unwrap_or_else(|_| "postgres://iam:iam@127.0.0.1:5432".into());
            let name = format!("iam_test_{}", uuid::Uuid::new_v4().simple());
            let mut admin = diesel::PgConnection::establish(&format!("{base}/postgres"))
                .unwrap_or_else(|e| {
                    panic!("PostgreSQL at {base} is not reachable (make test starts it): {e}")
                });
            admin
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .unwrap_or_else(|e| panic!("create database: {e}"));
            Self {
                url: format!("{base}/{name}"),
                dir,
                pg_name: Some(name),
            }
        } else {
            Self {
                url: format!("sqlite://{}/iam.db", dir.display()),
                dir,
                pg_name: None,
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name {
            let base = std::env::var("IAM_TEST_PG_URL")
                .unwrap_or_else(|_| "postgres://iam:iam@127.0.0.1:5432".into());
            if let Ok(mut admin) = diesel::PgConnection::establish(&format!("{base}/postgres")) {
                let _ =
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Settings for a test server on a random port, sending mail to `smtp_port`.
pub fn test_settings(db: &TestDatabase, smtp_port: u16) -> Settings {
    Settings {
        bind: "127.0.0.1:0".into(),
        database_url: SecretString::from(db.url.clone()),
        data_dir: db.dir.clone(),
        public_url: "http://127.0.0.1:8080".into(),
        web_dir: db.dir.join("no-web"),
        mail_transport: MailTransportKind::Smtp,
        smtp_url: SecretString::from(format!("smtp://127.0.0.1:{smtp_port}")),
        db_pool_size: 4,
        // Suites fire many requests from one address; the limit has its own test.
        rate_limit_per_minute: 100_000,
        // Parallel tests cannot share the default metrics port.
        metrics_bind: "127.0.0.1:0".into(),
        outbox_poll_ms: 100,
        outbox_retry_base_ms: 100,
        outbox_retry_max_ms: 500,
        // One key folder for the whole run: a 2048-bit RSA key takes a
        // while to generate in a debug build (key rotation has its own test).
        oidc_keys_dir: Some(std::env::temp_dir().join("iam-tests-oidc-keys")),
        // Staff would need passkeys, which an IP-address public URL turns
        // off; the policy has tests of its own.
        authenticator_policy_roles: String::new(),
        ..Settings::default()
    }
}

/// A running server.
pub struct TestApp {
    pub address: String,
    /// Where `/metrics` is served (its own port), unless metrics are off.
    pub metrics_address: Option<String>,
    pub client: reqwest::Client,
    pub db: Db,
    /// The server's signing key (tests forge expired tokens with it).
    pub keys: std::sync::Arc<iam_api::auth::keys::SigningKeys>,
    /// The server's mail key: queued bodies are sealed with it.
    pub sealer: std::sync::Arc<iam_api::crypto::seal::Sealer>,
    /// The server's shared state (caches the tests refresh on demand).
    pub state: actix_web::web::Data<iam_api::state::AppState>,
    handle: actix_web::dev::ServerHandle,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl TestApp {
    /// Start a server with these settings.
    pub async fn start(settings: Settings) -> Self {
        Self::start_with_clock(settings, std::sync::Arc::new(iam_api::clock::SystemClock)).await
    }

    /// Start a server whose clock the test moves (expiry, idle timeouts).
    pub async fn start_with_clock(
        settings: Settings,
        clock: std::sync::Arc<dyn iam_api::clock::Clock>,
    ) -> Self {
        let app = Application::build_with_clock(settings, clock)
            .await
            .unwrap_or_else(|e| panic!("server failed to start: {e:#}"));
        let address = format!("http://127.0.0.1:{}", app.port());
        let metrics_address = app
            .metrics_port()
            .map(|port| format!("http://127.0.0.1:{port}"));
        let db = app.state().db.clone();
        let keys = app.state().keys.clone();
        let sealer = app.state().mail_sealer.clone();
        let handle = app.handle();
        let state = app.state();
        let task = tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        Self {
            address,
            metrics_address,
            client,
            db,
            keys,
            sealer,
            state,
            handle,
            task,
        }
    }

    /// Stop gracefully and wait until the outbox sender has ended.
    pub async fn stop(self) {
        self.handle.stop(true).await;
        let _ = self.task.await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// The text of a queued e-mail body as stored (sealed).
    pub fn open_mail(&self, stored: &str) -> String {
        self.sealer
            .open(stored)
            .unwrap_or_else(|e| panic!("a queued body opens with the server's key: {e}"))
    }

    /// Run blocking database work (assertions on stored state).
    pub fn with_conn<T>(&self, work: impl FnOnce(&mut iam_api::db::DbConn) -> T) -> T {
        let mut conn = self.db.get().unwrap_or_else(|e| panic!("{e}"));
        work(&mut conn)
    }
}

/// A fresh database and a server on it whose mail goes nowhere (a closed
/// port): mail stays in the outbox, retrying.
pub async fn spawn_app() -> (TestApp, TestDatabase) {
    let db = TestDatabase::new();
    let app = TestApp::start(test_settings(&db, free_port())).await;
    (app, db)
}

/// A real SMTP server for tests: maildev on random ports, read through its
/// REST API, stopped on drop.
pub struct MailDev {
    web_port: u16,
    child: Child,
}

impl MailDev {
    /// Start maildev with its SMTP server on `smtp_port`.
    pub async fn start(smtp_port: u16) -> Self {
        Self::try_start(smtp_port)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Start maildev on free ports, trying again if a port was taken in
    /// between (tests run in parallel): the server and its SMTP port.
    pub async fn start_on_free_port() -> (Self, u16) {
        let mut last = String::new();
        for _ in 0..3 {
            let smtp_port = free_port();
            match Self::try_start(smtp_port).await {
                Ok(maildev) => return (maildev, smtp_port),
                Err(e) => last = e,
            }
        }
        panic!("{last}");
    }

    async fn try_start(smtp_port: u16) -> Result<Self, String> {
        let bin = std::env::var("MAILDEV_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|_| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("e2e/node_modules/.bin/maildev")
            });
        assert!(
            bin.exists(),
            "maildev not found at {} (make test installs it)",
            bin.display()
        );
        let web_port = free_port();
        let child = Command::new(&bin)
            .args([
                "--smtp",
                &smtp_port.to_string(),
                "--web",
                &web_port.to_string(),
                "--ip",
                "127.0.0.1",
                "--silent",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting maildev: {e}"));
        let mut maildev = Self { web_port, child };
        // Generous: node starts slowly while other tests load both cores.
        for _ in 0..600 {
            if reqwest::get(maildev.api("/email"))
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return Ok(maildev);
            }
            if let Ok(Some(status)) = maildev.child.try_wait() {
                return Err(format!(
                    "maildev exited at start ({status}); was port {smtp_port} or {web_port} taken?"
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err("maildev did not start within 60 s".to_owned())
    }

    fn api(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.web_port)
    }

    /// Every message received so far; none while maildev cannot be
    /// reached (`wait_for` asks again).
    pub async fn messages(&self) -> Vec<serde_json::Value> {
        match reqwest::get(self.api("/email")).await {
            Ok(r) => r.json().await.expect("maildev lists its messages as JSON"),
            Err(_) => Vec::new(),
        }
    }

    /// Messages addressed to `to`.
    pub async fn messages_to(&self, to: &str) -> Vec<serde_json::Value> {
        self.messages()
            .await
            .into_iter()
            .filter(|m| {
                m["to"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|t| t["address"].as_str() == Some(to)))
            })
            .collect()
    }

    /// Wait up to `timeout` for a message to `to`.
    pub async fn wait_for(&self, to: &str, timeout: Duration) -> Option<serde_json::Value> {
        let deadline = tokio::time::Instant::now() + timeout;
        while tokio::time::Instant::now() < deadline {
            if let Some(m) = self.messages_to(to).await.into_iter().next() {
                return Some(m);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        None
    }
}

impl Drop for MailDev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Create a pending account through the service layer, as support would,
/// with a membership in `org_code` if given (the organization must exist).
pub fn create_account(
    app: &TestApp,
    first: &str,
    last: &str,
    email: &str,
    org_code: Option<&str>,
) -> iam_api::services::accounts::CreatedAccount {
    let orgs: Vec<&str> = org_code.into_iter().collect();
    create_external(app, (first, last), email, None, &orgs, MembershipRole::User)
}

/// An external account with a membership (role `role`) in each of `org_codes`:
/// active with `password_hash`, pending activation without.
fn create_external(
    app: &TestApp,
    (first, last): (&str, &str),
    email: &str,
    password_hash: Option<String>,
    org_codes: &[&str],
    role: MembershipRole,
) -> iam_api::services::accounts::CreatedAccount {
    use iam_api::services::accounts::{create_account, NewAccount};
    use iam_shared::types::UserType;
    app.with_conn(|conn| {
        create_account(
            conn,
            &Settings::default(),
            &app.sealer,
            &NewAccount {
                user_type: UserType::External,
                first_name: first.into(),
                last_name: last.into(),
                email: email.into(),
                memberships: org_codes.iter().map(|c| ((*c).to_owned(), role)).collect(),
                password_hash,
                username: None,
                language: None,
            },
            None,
            chrono::Utc::now(),
        )
        .unwrap_or_else(|e| panic!("create account: {e}"))
    })
}

/// Create an organization (org codes are stored upper case).
pub fn create_org(app: &TestApp, org_code: &str) {
    app.with_conn(|conn| {
        iam_api::services::accounts::create_organization(
            conn,
            org_code,
            &format!("Clinic {org_code}"),
            None,
            chrono::Utc::now(),
        )
        .unwrap_or_else(|e| panic!("create organization: {e}"))
    });
}

/// An active external account with `password` (argon2id, production
/// parameters) and a membership in each of `org_codes`.
pub fn create_active_account(
    app: &TestApp,
    email: &str,
    password: &str,
    org_codes: &[&str],
) -> iam_api::services::accounts::CreatedAccount {
    let hash = password_hash(password);
    create_external(
        app,
        ("Pat", "Lopez"),
        email,
        Some(hash),
        org_codes,
        MembershipRole::User,
    )
}

/// An active external account with `password` holding `role` in `org_code`.
pub fn create_member(
    app: &TestApp,
    email: &str,
    password: &str,
    org_code: &str,
    role: MembershipRole,
) -> iam_api::services::accounts::CreatedAccount {
    let hash = password_hash(password);
    create_external(app, ("Sam", "Rivera"), email, Some(hash), &[org_code], role)
}

/// An argon2id hash of `password` with the production parameters.
pub fn password_hash(password: &str) -> String {
    let hasher = iam_api::crypto::PasswordHasher::from_settings(&Settings::default())
        .unwrap_or_else(|e| panic!("{e}"));
    hasher
        .hash_blocking(&SecretString::from(password.to_owned()))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The code of a "captcha_code" e-mail ("Email me a code instead").
pub fn captcha_code_in(text: &str) -> String {
    text.split("Enter this code: ")
        .nth(1)
        .unwrap_or_default()
        .chars()
        .take(iam_shared::rules::CAPTCHA_LENGTH)
        .collect()
}

impl TestApp {
    /// A new CAPTCHA challenge's id, unsolved.
    pub async fn new_captcha_id(&self) -> String {
        let body: serde_json::Value = self
            .post_json("/api/v1/captcha", &serde_json::json!({}))
            .await
            .json()
            .await
            .expect("a new CAPTCHA is JSON");
        body["captcha_id"].as_str().unwrap_or_default().to_owned()
    }

    /// `POST /captcha/{id}/email` ("Email me a code instead"): (status, body).
    pub async fn ask_captcha_code(
        &self,
        captcha_id: &str,
        request: &serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let response = self
            .post_json(&format!("/api/v1/captcha/{captcha_id}/email"), request)
            .await;
        let status = response.status().as_u16();
        let body = response.json().await.expect("a JSON answer");
        (status, body)
    }

    /// A fresh CAPTCHA, solved through the `test-hooks` build's answer
    /// header (the test suites' only way past the image; absent from
    /// production builds).
    pub async fn solved_captcha(&self) -> serde_json::Value {
        let response = self
            .post_json("/api/v1/captcha", &serde_json::json!({}))
            .await;
        assert_eq!(response.status(), 200);
        let answer = response
            .headers()
            .get("x-test-captcha-answer")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("the test build exposes the CAPTCHA answer"))
            .to_owned();
        let body: serde_json::Value = response.json().await.expect("a new CAPTCHA is JSON");
        serde_json::json!({"captcha_id": body["captcha_id"], "answer": answer})
    }

    /// Audit events of one type, oldest first: (user_id, detail).
    pub fn audit_events(&self, event_type: &str) -> Vec<(Option<String>, serde_json::Value)> {
        use diesel::prelude::*;
        use iam_api::db::schema::audit_events;
        self.with_conn(|conn| {
            audit_events::table
                .filter(audit_events::event_type.eq(event_type))
                .order(audit_events::id.asc())
                .select((audit_events::user_id, audit_events::detail))
                .load::<(Option<String>, String)>(conn)
                .unwrap_or_else(|e| panic!("{e}"))
                .into_iter()
                .map(|(user, stored)| {
                    let detail: serde_json::Value = serde_json::from_str(&stored)
                        .unwrap_or_else(|e| panic!("an audit detail is JSON ({e}): {stored}"));
                    (user, detail)
                })
                .collect()
        })
    }
}

/// A server whose clock the test moves forward.
pub async fn spawn_with_clock(
    configure: impl FnOnce(&mut iam_api::config::Settings),
) -> (
    TestApp,
    crate::helpers::TestDatabase,
    std::sync::Arc<iam_api::clock::OffsetClock>,
) {
    let db = TestDatabase::new();
    let mut settings = test_settings(&db, free_port());
    configure(&mut settings);
    let clock = std::sync::Arc::new(iam_api::clock::OffsetClock::default());
    let app = TestApp::start_with_clock(settings, clock.clone()).await;
    (app, db, clock)
}

/// Sign the Acceptable Use Agreement as the holder of `token` (the
/// applications behind dashboard tiles, the console included, need it).
pub async fn sign_aua(app: &TestApp, token: &str) {
    let today = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let form = serde_json::json!({
        "acknowledged": true, "first_name": "Sam", "last_name": "Rivera",
        "work_email": "sam.rivera@example.org", "work_phone": "", "affiliation": "contractor",
        "explanation": "Registry staff", "comments": "", "employee_id": "", "date_signed": today,
    });
    let response = app
        .client
        .post(app.url("/api/v1/aua"))
        .bearer_auth(token)
        .json(&form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 200, "the AUA is signed");
}

// --- signing in and calling the API, shared by the test modules -----------

pub(crate) const PASSWORD: &str = "Correct-Horse-Battery-9";

/// The JSON body of an answer, or `null` for an answer without one (a 204).
/// A body that is not JSON fails the test and shows what came instead.
pub(crate) async fn json_body(response: reqwest::Response) -> Value {
    let bytes = response.bytes().await.expect("the answer's body arrives");
    if bytes.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "the answer's body is JSON ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    })
}

pub(crate) async fn post(app: &TestApp, path: &str, body: &Value) -> (u16, Value, HeaderMap) {
    let response = app.post_json(path, body).await;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, json_body(response).await, headers)
}

pub(crate) async fn with_bearer(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
) -> (u16, Value, HeaderMap) {
    let response = app
        .client
        .request(method, app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, json_body(response).await, headers)
}

/// Typed calls of the sign-in API, built from the shared request types.
impl TestApp {
    /// Start a sign-in at the IAMOnline door: the transaction id.
    pub async fn start_signin(&self, username: &str, keep_signed_in: bool) -> String {
        let request = SigninStartRequest {
            username: username.to_owned(),
            keep_signed_in,
        };
        let body = serde_json::to_value(&request).expect("a request DTO is JSON");
        let (status, started, _) = post(self, "/api/v1/signin", &body).await;
        started["transaction_id"]
            .as_str()
            .unwrap_or_else(|| panic!("a transaction id in the answer ({status}): {started}"))
            .to_owned()
    }

    /// The IAMOnline door's password step of sign-in `tx`.
    pub async fn signin_password(&self, tx: &str, password: &str) -> (u16, Value, HeaderMap) {
        let request = PasswordStepRequest {
            password: SecretText::new(password),
            captcha: None,
        };
        let body = serde_json::to_value(&request).expect("a request DTO is JSON");
        post(self, &step_path(tx, "password"), &body).await
    }

    /// Have the e-mail code of sign-in `tx` sent (or sent again).
    pub async fn send_signin_code(&self, tx: &str) -> (u16, Value, HeaderMap) {
        post(self, &step_path(tx, "email-code"), &json!({})).await
    }

    /// Enter `code` as the e-mail code of sign-in `tx`.
    pub async fn verify_signin_code(&self, tx: &str, code: &str) -> (u16, Value, HeaderMap) {
        let request = EmailCodeVerifyRequest {
            code: SecretText::new(code),
        };
        let body = serde_json::to_value(&request).expect("a request DTO is JSON");
        post(self, &step_path(tx, "email-code/verify"), &body).await
    }

    /// Accept the Confidentiality Statement of sign-in `tx` as an API client.
    pub async fn agree(&self, tx: &str) -> (u16, Value, HeaderMap) {
        post(self, &step_path(tx, "agree"), &json!({})).await
    }

    /// The ImmTrac2 door: Org Code, Username and Password at once, with the
    /// answer of a solved CAPTCHA (`solved_captcha`) when one is due:
    /// (status, body).
    pub async fn login(
        &self,
        org_code: &str,
        username: &str,
        password: &str,
        captcha: Option<Value>,
    ) -> (u16, Value) {
        let captcha = captcha.map(|c| {
            serde_json::from_value::<CaptchaAnswer>(c)
                .expect("a CAPTCHA answer has `captcha_id` and `answer`")
        });
        let request = LoginRequest {
            org_code: org_code.to_owned(),
            username: username.to_owned(),
            password: SecretText::new(password),
            keep_signed_in: false,
            captcha,
        };
        let body = serde_json::to_value(&request).expect("a request DTO is JSON");
        let (status, body, _) = post(self, "/api/v1/login", &body).await;
        (status, body)
    }

    /// A signed-in member of `org` holding `role` (user, POC, support or
    /// admin) who has signed the Acceptable Use Agreement, as the
    /// applications and the console need: (access token, user id).
    pub async fn signed_in_as(&self, org: &str, role: MembershipRole) -> (String, String) {
        let (token, user_id) = self.signed_in_without_aua(org, role).await;
        sign_aua(self, &token).await;
        (token, user_id)
    }

    /// A signed-in member of `org` holding `role` who has not signed the
    /// Acceptable Use Agreement: (access token, user id).
    pub async fn signed_in_without_aua(&self, org: &str, role: MembershipRole) -> (String, String) {
        let email = unique_email(role.as_str());
        let account = create_member(self, &email, PASSWORD, org, role);
        let done = sign_in(self, &account.username, &email).await;
        let token = access_token(&done);
        assert!(!token.is_empty(), "{done}");
        (token, account.user_id)
    }
}

/// The access token in the answer of a finished sign-in (or of a refresh).
pub(crate) fn access_token(done: &Value) -> String {
    done["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("an access token in the answer: {done}"))
        .to_owned()
}

/// The claims of an access token, decoded without checking its signature.
pub(crate) fn token_claims(access_token: &str) -> Value {
    use base64::Engine as _;
    let payload = access_token
        .split('.')
        .nth(1)
        .unwrap_or_else(|| panic!("a JWT has a claims part: {access_token}"));
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("a JWT's claims are base64url");
    serde_json::from_slice(&bytes).expect("a JWT's claims are JSON")
}

// --- the mail the server queued --------------------------------------------

/// A queued e-mail with its body opened. A delivered message's body is
/// erased by the sender: its text is then empty.
#[derive(Debug, Clone)]
pub struct QueuedMail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

impl TestApp {
    /// The newest e-mail of `kind` (`welcome`, `signin_code`, …) queued for `to`.
    pub fn newest_mail_to(&self, to: &str, kind: &str) -> QueuedMail {
        use diesel::prelude::*;
        use iam_api::db::schema::mail_outbox;
        let row: (String, String, String) = self.with_conn(|conn| {
            mail_outbox::table
                .filter(mail_outbox::recipient.eq(to))
                .filter(mail_outbox::kind.eq(kind))
                .order(mail_outbox::created_at.desc())
                .select((
                    mail_outbox::recipient,
                    mail_outbox::subject,
                    mail_outbox::body_text,
                ))
                .first(conn)
                .unwrap_or_else(|e| panic!("no {kind} mail to {to}: {e}"))
        });
        self.opened(row)
    }

    /// The newest e-mail of `kind`, whoever it went to.
    pub fn newest_mail(&self, kind: &str) -> QueuedMail {
        use diesel::prelude::*;
        use iam_api::db::schema::mail_outbox;
        let row: (String, String, String) = self.with_conn(|conn| {
            mail_outbox::table
                .filter(mail_outbox::kind.eq(kind))
                .order(mail_outbox::created_at.desc())
                .select((
                    mail_outbox::recipient,
                    mail_outbox::subject,
                    mail_outbox::body_text,
                ))
                .first(conn)
                .unwrap_or_else(|e| panic!("no {kind} mail: {e}"))
        });
        self.opened(row)
    }

    /// Every e-mail of `kind` queued so far, oldest first.
    pub fn mails_of_kind(&self, kind: &str) -> Vec<QueuedMail> {
        use diesel::prelude::*;
        use iam_api::db::schema::mail_outbox;
        let rows: Vec<(String, String, String)> = self.with_conn(|conn| {
            mail_outbox::table
                .filter(mail_outbox::kind.eq(kind))
                .order(mail_outbox::created_at.asc())
                .select((
                    mail_outbox::recipient,
                    mail_outbox::subject,
                    mail_outbox::body_text,
                ))
                .load(conn)
                .unwrap_or_else(|e| panic!("{kind} mails: {e}"))
        });
        rows.into_iter().map(|row| self.opened(row)).collect()
    }

    /// How many e-mails of `kind` were queued.
    pub fn mails_queued(&self, kind: &str) -> usize {
        use diesel::prelude::*;
        use iam_api::db::schema::mail_outbox;
        let count: i64 = self.with_conn(|conn| {
            mail_outbox::table
                .filter(mail_outbox::kind.eq(kind))
                .count()
                .get_result(conn)
                .unwrap_or_else(|e| panic!("counting {kind} mails: {e}"))
        });
        usize::try_from(count).expect("a count is not negative")
    }

    fn opened(&self, (to, subject, body): (String, String, String)) -> QueuedMail {
        // Delivered: the sender erased the body, there is nothing to open.
        let text = if body.is_empty() {
            String::new()
        } else {
            self.open_mail(&body)
        };
        QueuedMail { to, subject, text }
    }

    /// An account's stored status (`active`, `locked`, `disabled`, …).
    pub fn user_status(&self, user_id: &str) -> String {
        use diesel::prelude::*;
        use iam_api::db::schema::users;
        self.with_conn(|conn| {
            users::table
                .find(user_id)
                .select(users::status)
                .first(conn)
                .unwrap_or_else(|e| panic!("the status of {user_id}: {e}"))
        })
    }
}

/// The token of the link in an e-mail's text (`…#token=<token>`).
pub(crate) fn link_token(text: &str) -> String {
    text.split("#token=")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .unwrap_or_else(|| panic!("a link with a token in the e-mail: {text}"))
        .to_owned()
}

/// The six-character code that follows `marker` in an e-mail's text.
pub(crate) fn code_after(text: &str, marker: &str) -> String {
    let after = text
        .split(marker)
        .nth(1)
        .unwrap_or_else(|| panic!("a code after {marker:?} in the e-mail: {text}"));
    after.chars().take(6).collect()
}

/// The newest sign-in code queued for `email`.
pub(crate) fn code_sent_to(app: &TestApp, email: &str) -> String {
    code_after(
        &app.newest_mail_to(email, "signin_code").text,
        "Enter this code: ",
    )
}

pub(crate) fn step_path(tx: &str, step: &str) -> String {
    format!("/api/v1/signin/{tx}/{step}")
}

/// Walk the IAMOnline door, password first, to the Confidentiality
/// Statement; returns the transaction id.
pub(crate) async fn sign_in_to_statement(
    app: &TestApp,
    username: &str,
    email: &str,
    keep_signed_in: bool,
) -> String {
    sign_in_to_statement_with(app, username, email, keep_signed_in, PASSWORD).await
}

pub(crate) async fn sign_in_to_statement_with(
    app: &TestApp,
    username: &str,
    email: &str,
    keep_signed_in: bool,
    password: &str,
) -> String {
    let tx = app.start_signin(username, keep_signed_in).await;
    let (status, body, _) = app.signin_password(&tx, password).await;
    assert_eq!(
        (status, body["next_step"].clone()),
        (200, json!("email_code")),
        "{body}"
    );
    let (status, sent, _) = app.send_signin_code(&tx).await;
    assert_eq!(status, 200, "{sent}");
    let code = code_sent_to(app, email);
    let (status, body, _) = app.verify_signin_code(&tx, &code).await;
    assert_eq!(
        (status, body["next_step"].clone()),
        (200, json!("confidentiality")),
        "{body}"
    );
    tx
}

/// Walk the IAMOnline door to the session, as an API client.
pub(crate) async fn sign_in(app: &TestApp, username: &str, email: &str) -> Value {
    sign_in_with(app, username, email, PASSWORD).await
}

/// Walk the IAMOnline door to the session with this password.
pub(crate) async fn sign_in_with(
    app: &TestApp,
    username: &str,
    email: &str,
    password: &str,
) -> Value {
    let tx = sign_in_to_statement_with(app, username, email, false, password).await;
    let (status, done, _) = app.agree(&tx).await;
    assert_eq!(status, 200, "{done}");
    done
}

/// Sign in as the browser app through `app.client`, whose cookie jar keeps
/// the device cookie: the test's later requests come from a device familiar
/// to the account, so their failures walk the seed's own ladders (lock,
/// disable). Returns the body of the last step.
pub(crate) async fn sign_in_from_familiar_browser(
    app: &TestApp,
    username: &str,
    email: &str,
    password: &str,
) -> Value {
    let tx = sign_in_to_statement_with(app, username, email, false, password).await;
    let (_, set_cookie, body) = agree_in_browser(app, &tx).await;
    assert!(!set_cookie.is_empty(), "the browser got its cookies");
    body
}

/// Accept the statement as the browser app: (the refresh cookie as
/// `name=value`, the whole Set-Cookie header, the body). Both are empty
/// when no cookie was set: the callers assert on that.
pub(crate) async fn agree_in_browser(app: &TestApp, tx: &str) -> (String, String, Value) {
    let response = app
        .client
        .post(app.url(&step_path(tx, "agree")))
        .header("X-IAM-Client", "web")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 200);
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body: Value = response
        .json()
        .await
        .expect("the statement's acceptance answers JSON");
    let cookie = set_cookie
        .split(';')
        .next()
        .expect("a split yields at least one part")
        .to_owned();
    (cookie, set_cookie, body)
}

pub(crate) fn unique_email(who: &str) -> String {
    format!("{who}.{}@example.org", uuid::Uuid::new_v4().simple())
}

/// Send a request with an optional bearer token and JSON body: (status, body).
pub(crate) async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    send_asking(app, method, path, token, body, None).await
}

/// [`send`], with `Accept-Language: accept` when given.
pub(crate) async fn send_asking(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
    accept: Option<&str>,
) -> (u16, Value) {
    let mut request = app.client.request(method, app.url(path));
    if let Some(accept) = accept {
        request = request.header("Accept-Language", accept);
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let status = response.status().as_u16();
    let text = response.text().await.expect("the answer's body arrives");
    (
        status,
        // A body that is not JSON (a CSV export, a 204's nothing) comes as text.
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}
