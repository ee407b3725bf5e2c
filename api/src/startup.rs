//! Building and running the HTTP server.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Server, ServerHandle, Service, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{Compress, DefaultHeaders, ErrorHandlerResponse, ErrorHandlers};
use actix_web::{web, App, HttpResponse, HttpServer};
use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use iam_shared::{ErrorCode, Problem};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing_actix_web::{RequestId, TracingLogger};

use crate::auth::keys::SigningKeys;
use crate::auth::oidc_keys::OidcKeyRing;
use crate::client_address::TrustedProxies;
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::crypto::seal::Sealer;
use crate::crypto::PasswordHasher;
use crate::db::Db;
use crate::error::{self, PROBLEM_JSON};
use crate::mail::{self, outbox};
use crate::routes;
use crate::services::mask_domains::MaskDomains;
use crate::state::AppState;

/// CSP for the app: no inline script; WASM needs `wasm-unsafe-eval`.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// CSP of the API reference: the app's, plus inline style attributes.
const DOCS_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A built server, bound to its port, not yet running.
pub struct Application {
    port: u16,
    server: Server,
    /// The `/metrics` server and its port, unless metrics are off.
    metrics_server: Option<(u16, Server)>,
    state: web::Data<AppState>,
    shutdown: watch::Sender<bool>,
    outbox_task: JoinHandle<()>,
    housekeeping_task: JoinHandle<()>,
    backchannel_task: JoinHandle<()>,
}

impl Application {
    /// Connect, migrate, load the signing key, bind — with the real clock.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        Self::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// As [`Self::build`], with an injected clock (tests jump ahead in time).
    pub async fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        settings.validate()?;
        #[cfg(feature = "test-hooks")]
        tracing::warn!(
            "built with the test-hooks feature: CAPTCHA answers are exposed; never deploy this build"
        );
        let settings = Arc::new(settings);
        let db = {
            let settings = Arc::clone(&settings);
            tokio::task::spawn_blocking(move || Db::connect_and_migrate(&settings)).await??
        };
        {
            // The configured AUA policy and Confidentiality Statement are
            // the current versions of their documents.
            let settings = Arc::clone(&settings);
            let now = clock.now();
            db.run(move |conn| crate::services::aua::publish_documents(conn, &settings, now))
                .await?;
        }
        let mask_domains = Arc::new(MaskDomains::default());
        {
            let domains = Arc::clone(&mask_domains);
            db.run(move |conn| domains.refresh(conn)).await?;
        }
        let keys = Arc::new(SigningKeys::load_or_generate(&settings.jwt_key_file())?);
        let key_retention = chrono::Duration::seconds(
            i64::try_from(settings.oidc_key_retention_secs).unwrap_or(86_400),
        );
        let oidc_keys = {
            let (dir, now) = (settings.oidc_keys_dir(), clock.now());
            let ring = tokio::task::spawn_blocking(move || {
                OidcKeyRing::load_or_generate(&dir, key_retention, now)
            })
            .await??;
            crate::auth::oidc_keys::SharedKeyRing::new(ring)
        };
        let mail_sealer = Arc::new(Sealer::load_or_generate(&settings.mail_key_file())?);
        let authenticator_sealer = Arc::new(Sealer::load_or_generate(
            &settings.authenticator_key_file(),
        )?);
        let hasher = PasswordHasher::from_settings(&settings)?;
        let mailer = mail::from_settings(&settings)?;

        let registry = prometheus::Registry::new();
        let backlog =
            prometheus::IntGauge::new("iam_mail_outbox_backlog", "E-mails waiting for delivery")?;
        registry.register(Box::new(backlog.clone()))?;
        // The middleware records; the metrics server (off the public port)
        // renders the same registry.
        let metrics = PrometheusMetricsBuilder::new("iam")
            .registry(registry.clone())
            .mask_unmatched_patterns("UNMATCHED")
            .build()
            .map_err(|e| anyhow::anyhow!("metrics: {e}"))?;
        let trusted_proxies =
            TrustedProxies::parse(&settings.trusted_proxies).map_err(|e| anyhow::anyhow!("{e}"))?;
        let directory = crate::directory::Directory::from_settings(&settings)
            .map_err(|e| anyhow::anyhow!("ldap: {e}"))?
            .map(Arc::new);
        if directory.is_none() {
            tracing::info!("no directory (ldap_url): central office signs in with local passwords");
        }

        let state = web::Data::new(AppState {
            settings: Arc::clone(&settings),
            db: db.clone(),
            clock: Arc::clone(&clock),
            hasher,
            keys,
            trusted_proxies,
            mask_domains,
            mail_sealer,
            authenticator_sealer,
            webauthn: crate::services::authenticators::passkeys::relying_party(&settings)
                .map(Arc::new),
            oidc_keys: oidc_keys.clone(),
            directory,
        });

        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        let server = {
            let state = state.clone();
            HttpServer::new(move || build_app(state.clone(), metrics.clone()))
                .listen(listener)?
                .client_request_timeout(Duration::from_secs(10))
                .shutdown_timeout(10)
                .run()
        };
        let metrics_server = match settings.metrics_bind.as_str() {
            "" => None,
            bind => Some(metrics_server(bind, registry)?),
        };

        let (shutdown, shutdown_rx) = watch::channel(false);
        let outbox_config = outbox::OutboxConfig {
            poll: Duration::from_millis(settings.outbox_poll_ms),
            retry_base: Duration::from_millis(settings.outbox_retry_base_ms),
            retry_max: Duration::from_millis(settings.outbox_retry_max_ms),
            max_attempts: settings.outbox_max_attempts,
            erase_when_done: settings.mail_transport != crate::config::MailTransportKind::File,
        };
        let housekeeping_task = tokio::spawn(crate::services::housekeeping::run(
            db.clone(),
            Arc::clone(&settings),
            Arc::clone(&state.mask_domains),
            Arc::clone(&clock),
            shutdown_rx.clone(),
        ));
        let backchannel_task = tokio::spawn(crate::services::oidc::backchannel::run(
            db.clone(),
            Arc::clone(&settings),
            oidc_keys.clone(),
            Arc::clone(&clock),
            shutdown_rx.clone(),
        ));
        tokio::spawn(crate::auth::oidc_keys::keep_fresh(
            oidc_keys,
            settings.oidc_keys_dir(),
            key_retention,
            shutdown_rx.clone(),
        ));
        let outbox_task = tokio::spawn(outbox::run(
            db,
            mailer,
            Arc::clone(&state.mail_sealer),
            clock,
            outbox_config,
            backlog,
            shutdown_rx,
        ));
        tracing::info!(port, "listening");
        if let Some((metrics_port, _)) = &metrics_server {
            tracing::info!(port = metrics_port, "metrics listening");
        }
        Ok(Self {
            port,
            server,
            metrics_server,
            state,
            shutdown,
            outbox_task,
            housekeeping_task,
            backchannel_task,
        })
    }

    /// The bound port (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port `/metrics` is served on, unless metrics are off.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_server.as_ref().map(|(port, _)| *port)
    }

    /// The shared state (tests reach the database and clock through it).
    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// A handle that stops the server (gracefully with `stop(true)`).
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serve until stopped (SIGINT/SIGTERM or the handle), then stop the
    /// outbox sender. In-flight requests get up to 10 s to finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let metrics = self.metrics_server.map(|(_, server)| {
            let handle = server.handle();
            (handle, tokio::spawn(server))
        });
        let result = self.server.await;
        if let Some((handle, task)) = metrics {
            handle.stop(true).await;
            let _ = task.await;
        }
        let _ = self.shutdown.send(true);
        let _ = self.outbox_task.await;
        let _ = self.housekeeping_task.await;
        let _ = self.backchannel_task.await;
        tracing::info!("stopped");
        result
    }
}

/// The Prometheus endpoint on its own listener (`metrics_bind`): counters
/// and route names are for operators, not for the public port.
fn metrics_server(bind: &str, registry: prometheus::Registry) -> anyhow::Result<(u16, Server)> {
    let listener = TcpListener::bind(bind)?;
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(registry.clone()))
            .wrap(Compress::default())
            .route("/metrics", web::get().to(render_metrics))
    })
    .listen(listener)?
    .workers(1)
    .disable_signals()
    .shutdown_timeout(1)
    .run();
    Ok((port, server))
}

async fn render_metrics(registry: web::Data<prometheus::Registry>) -> HttpResponse {
    use prometheus::Encoder;
    let encoder = prometheus::TextEncoder::new();
    let mut body = Vec::new();
    match encoder.encode(&registry.gather(), &mut body) {
        Ok(()) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, encoder.format_type()))
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "metrics could not be encoded");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// The headers every answer carries (unless a route set its own).
fn security_header_pairs(settings: &Settings) -> Vec<(&'static str, &'static str)> {
    let mut pairs = vec![
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
        // Everything is private unless a route says otherwise (assets do).
        ("cache-control", "no-store"),
    ];
    if settings.public_url.starts_with("https://") {
        pairs.push((
            "strict-transport-security",
            "max-age=63072000; includeSubDomains",
        ));
    }
    pairs
}

fn security_headers(settings: &Settings) -> DefaultHeaders {
    security_header_pairs(settings)
        .into_iter()
        .fold(DefaultHeaders::new(), |headers, pair| headers.add(pair))
}

/// Answers 408 when a request is not done by its deadline. actix times out
/// a slow request head (`client_request_timeout`) but waits for a body as
/// long as it trickles in, so a client could hold a request open forever.
/// Dropping the handler's future is safe: database work runs to its commit
/// or rollback on the blocking pool, as when a client disconnects.
/// A handler that panics answers its own request with a plain 500
/// problem (its cause only in the log) and takes nothing else down:
/// without this, actix drops the connection and the client sees a reset.
async fn containing_panics<B>(
    answer: impl std::future::Future<Output = Result<ServiceResponse<B>, actix_web::Error>>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    use futures_util::FutureExt as _;
    match std::panic::AssertUnwindSafe(answer).catch_unwind().await {
        Ok(answer) => answer,
        Err(_) => {
            tracing::error!("a request handler panicked");
            Err(
                crate::error::AppError::Unexpected(anyhow::anyhow!("a request handler panicked"))
                    .into(),
            )
        }
    }
}

async fn within_deadline<B>(
    deadline: Duration,
    answer: impl std::future::Future<Output = Result<ServiceResponse<B>, actix_web::Error>>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    match tokio::time::timeout(deadline, answer).await {
        Ok(answer) => answer,
        Err(_) => Err(crate::error::AppError::text(
            iam_shared::ErrorCode::RequestTimeout,
            iam_shared::i18n::problems::REQUEST_TIMEOUT,
        )
        .into()),
    }
}

/// The outermost layer of a scope. What the layers inside it refuse or
/// fail with (the deadline's 408, the rate limit's 429, a contained
/// panic's 500) leaves the scope as an error, which the app's own layers
/// pass by: it is answered here as they would answer it, the detail in
/// the reader's language (`lang`, read before the call) and with the
/// security headers. The request itself cannot be kept for a response:
/// the scope's routing needs it unshared.
async fn answered<B>(
    lang: iam_shared::i18n::Lang,
    security: Arc<[(&'static str, &'static str)]>,
    answer: impl std::future::Future<Output = Result<ServiceResponse<B>, actix_web::Error>>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    answer.await.map_err(|error| {
        let mut response = error.error_response();
        if let Some(ours) = error.as_error::<error::AppError>() {
            let problem = crate::i18n::localized(ours.problem(), lang);
            response = response.set_body(BoxBody::new(
                serde_json::to_string(&problem).unwrap_or_default(),
            ));
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_LANGUAGE,
                HeaderValue::from_static(lang.tag()),
            );
            headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
        }
        for (name, value) in security.iter() {
            let name = header::HeaderName::from_static(name);
            if !response.headers().contains_key(&name) {
                response
                    .headers_mut()
                    .insert(name, HeaderValue::from_static(value));
            }
        }
        actix_web::error::InternalError::from_response(error, response).into()
    })
}

fn build_app(
    state: web::Data<AppState>,
    metrics: PrometheusMetrics,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let settings = Arc::clone(&state.settings);
    let max_body = settings.max_body_bytes;
    let request_timeout = Duration::from_millis(settings.request_timeout_ms);
    let dev_mail = routes::dev_mail_enabled(&state);
    let security: Arc<[(&'static str, &'static str)]> = security_header_pairs(&settings).into();
    let offered = Arc::new(settings.languages.clone());
    let (security_v1, offered_v1) = (Arc::clone(&security), Arc::clone(&offered));
    let mut app = App::new()
        .app_data(state)
        .app_data(
            web::JsonConfig::default()
                .limit(max_body)
                .error_handler(error::json_error),
        )
        .app_data(web::PayloadConfig::new(max_body))
        .app_data(web::QueryConfig::default().error_handler(error::query_error))
        .app_data(web::PathConfig::default().error_handler(error::path_error))
        .wrap(ErrorHandlers::new().default_handler(ensure_problem_json))
        .wrap(security_headers(&settings))
        .wrap(metrics)
        .wrap(Compress::default())
        .wrap_fn(echo_request_id)
        .wrap(TracingLogger::<crate::telemetry::RedactingRootSpan>::new())
        .configure(routes::ops)
        .route("/api/openapi.json", web::get().to(openapi_json))
        .service(
            web::scope("/oauth2")
                .wrap_fn(|req, service| containing_panics(service.call(req)))
                .wrap_fn(crate::rate_limit::limit_interactions)
                .wrap_fn(move |req, service| {
                    let lang = crate::i18n::negotiate(req.request(), &offered);
                    let answer = service.call(req);
                    answered(
                        lang,
                        Arc::clone(&security),
                        within_deadline(request_timeout, answer),
                    )
                })
                .configure(routes::oauth2),
        )
        .service(
            web::scope("/api/v1")
                .wrap_fn(|req, service| containing_panics(service.call(req)))
                .wrap_fn(crate::rate_limit::limit_writes)
                .wrap_fn(move |req, service| {
                    let lang = crate::i18n::negotiate(req.request(), &offered_v1);
                    let answer = service.call(req);
                    answered(
                        lang,
                        Arc::clone(&security_v1),
                        within_deadline(request_timeout, answer),
                    )
                })
                .configure(routes::api_v1),
        );
    if dev_mail {
        app = app.route("/dev/mail", web::get().to(routes::dev_mail::list_dev_mail));
    }
    app.service(
        // The API reference (Swagger UI, vendored by web/build.sh). React
        // sets inline style attributes, so this page alone allows them.
        web::scope("/api/docs")
            .wrap(
                DefaultHeaders::new()
                    .add((
                        header::CONTENT_SECURITY_POLICY,
                        DOCS_CONTENT_SECURITY_POLICY,
                    ))
                    .add((header::CACHE_CONTROL, "public, max-age=3600")),
            )
            .service(
                actix_files::Files::new("", settings.web_dir.join("api-docs"))
                    .index_file("index.html"),
            ),
    )
    .service(
        web::scope("/assets")
            .wrap(
                DefaultHeaders::new()
                    .add((header::CACHE_CONTROL, "public, max-age=31536000, immutable")),
            )
            .route("/{name}", web::get().to(routes::spa::asset))
            .route("/{name}", web::head().to(routes::spa::asset)),
    )
    .default_service(web::to(routes::spa::fallback))
}

/// Answer with the request id of the log span in `X-Request-Id`, so a user
/// or client can quote it to support and staff can find the request's logs.
fn echo_request_id<S, B>(
    req: actix_web::dev::ServiceRequest,
    service: &S,
) -> impl std::future::Future<Output = Result<ServiceResponse<B>, actix_web::Error>>
where
    S: actix_web::dev::Service<
        actix_web::dev::ServiceRequest,
        Response = ServiceResponse<B>,
        Error = actix_web::Error,
    >,
{
    use actix_web::HttpMessage;
    let request_id = req.extensions().get::<RequestId>().copied();
    let response = service.call(req);
    async move {
        let mut response = response.await?;
        if let Some(value) = request_id.and_then(|id| HeaderValue::from_str(&id.to_string()).ok()) {
            response
                .headers_mut()
                .insert(header::HeaderName::from_static("x-request-id"), value);
        }
        Ok(response)
    }
}

/// The OpenAPI document as JSON.
async fn openapi_json() -> HttpResponse {
    use utoipa::OpenApi;
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .json(crate::openapi::ApiDoc::openapi())
}

/// Error responses produced by actix itself (405 from a resource, 404 from
/// the file service, 400 from a payload error) come as plain text; rewrite
/// them to the problem+json contract. Every problem of ours answers its
/// `detail` in the language the request asks for (`Accept-Language`); the
/// `code` stays.
fn ensure_problem_json<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(HeaderValue::as_bytes);
    let is_problem = content_type.is_some_and(|v| v.starts_with(PROBLEM_JSON.as_bytes()));
    // OAuth endpoints answer in their protocol's own formats (RFC 6749
    // §5.2 JSON, and a page for a request that cannot be redirected).
    let is_oauth_answer = res.request().path().starts_with("/oauth2/")
        && content_type
            .is_some_and(|v| v.starts_with(b"application/json") || v.starts_with(b"text/html"));
    if is_oauth_answer {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let offered = res
        .request()
        .app_data::<web::Data<AppState>>()
        .map(|state| state.settings.languages.clone())
        .unwrap_or_default();
    let lang = crate::i18n::negotiate(res.request(), &offered);
    let problem = if is_problem {
        // An error of ours: its detail in the reader's language. Any other
        // problem document is answered as it is.
        let ours = res
            .response()
            .error()
            .and_then(|e| e.as_error::<error::AppError>())
            .map(error::AppError::problem)
            .filter(|p| p.text.is_some());
        match ours {
            Some(problem) => problem,
            // Written in English, and said so.
            None => {
                let mut res = res;
                let headers = res.headers_mut();
                headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static("en"));
                headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
                return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
            }
        }
    } else {
        let status = res.status();
        let code = match status.as_u16() {
            404 => ErrorCode::NotFound,
            405 => ErrorCode::MethodNotAllowed,
            408 => ErrorCode::RequestTimeout,
            413 => ErrorCode::PayloadTooLarge,
            415 => ErrorCode::UnsupportedMediaType,
            400..=499 => ErrorCode::MalformedBody,
            _ => ErrorCode::Internal,
        };
        let mut problem = Problem::localized(code, error::default_text(code), &[]);
        problem.status = status.as_u16();
        problem
    };
    let problem = crate::i18n::localized(problem, lang);
    let (req, res) = res.into_parts();
    let mut res = res
        .set_body(BoxBody::new(
            serde_json::to_string(&problem).unwrap_or_default(),
        ))
        .map_into_right_body::<B>();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.tag()),
    );
    headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
    headers.remove(header::CONTENT_LENGTH);
    Ok(ErrorHandlerResponse::Response(ServiceResponse::new(
        req, res,
    )))
}
