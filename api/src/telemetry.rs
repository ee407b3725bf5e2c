//! Structured logs with `tracing`. Each request gets a span with a request
//! id (tracing-actix-web). Secrets never reach a log line: request bodies are
//! not logged, handlers use `skip_all`, and secret values are `SecretString`.

use tracing_subscriber::{fmt, EnvFilter};

/// Install the global subscriber: JSON lines when `IAM_LOG_FORMAT=json`,
/// human-readable otherwise; filtered by `RUST_LOG` (default `info`).
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("IAM_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = fmt().with_env_filter(filter).with_target(false);
    let _ = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.compact().try_init()
    };
}
