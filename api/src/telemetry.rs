//! Structured logs with `tracing`. Each request gets a span with a request
//! id (tracing-actix-web). Secrets never reach a log line: request bodies are
//! not logged, handlers use `skip_all`, and secret values are `SecretString`.

use tracing_subscriber::{fmt, EnvFilter};

/// Install the global subscriber: JSON lines when `IAM_LOG_FORMAT=json`,
/// human-readable otherwise; filtered by `RUST_LOG` (default `info`, without actix-web-prom's warnings).
pub fn init() {
    // actix-web-prom warns on every request whose path parameters it cannot
    // re-render into its route label (a scanner's malformed ids): noise that
    // would drown real warnings, so only its errors pass by default.
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,actix_web_prom=error"));
    let json = std::env::var("IAM_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = fmt().with_env_filter(filter).with_target(false);
    let _ = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.compact().try_init()
    };
}

/// The root span of each request: like tracing-actix-web's default, but it
/// names the route pattern (`/api/v1/signin/{transaction_id}/password`),
/// never the raw path, which carries sign-in transaction ids (bearer
/// capabilities for the rest of a sign-in).
pub struct RedactingRootSpan;

impl tracing_actix_web::RootSpanBuilder for RedactingRootSpan {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        use actix_web::HttpMessage;
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "default".to_owned());
        let request_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.client_ip = %crate::client_address::of(request.request()).map(|ip| ip.to_string()).unwrap_or_default(),
            http.status_code = tracing::field::Empty,
            otel.kind = "server",
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    /// A refused request (4xx: a wrong password, an expired link) is the
    /// client's business and routine for an identity service: one INFO line
    /// with its problem, instead of the default WARN with the error's debug
    /// form, so WARN and ERROR stay meaningful for operators.
    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        if let Ok(response) = outcome {
            let status = response.status();
            if let Some(error) = response.response().error() {
                if status.is_server_error() {
                    tracing::error!(parent: &span, status = status.as_u16(), error = %error, "request failed");
                } else if status.is_client_error() {
                    tracing::info!(parent: &span, status = status.as_u16(), problem = %error, "request refused");
                }
                // A success that carries an error is a fallback that worked
                // (the SPA's index.html for a deep link): nothing to report.
            }
        }
        tracing_actix_web::DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
