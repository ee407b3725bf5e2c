//! Serving the browser app: content-hashed assets with a year-long cache,
//! and for every other GET path the page of the bundle that renders it
//! (`index.html` for the sign-in screens, `support.html` for the support
//! console, `portal.html` for the rest: `iam_shared::bundles`). Unknown API
//! paths get a problem+json 404 instead.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Paths that belong to the API and never fall back to the app.
fn is_api_path(path: &str) -> bool {
    [
        "/api/",
        "/.well-known/",
        "/oauth2/",
        "/healthz",
        "/readyz",
        "/metrics",
        "/dev/",
    ]
    .iter()
    .any(|p| path.starts_with(p))
        || path == "/api"
}

/// The default service: the app's page for page navigations, problem+json
/// 404 for anything else.
pub async fn fallback(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    let is_page_load = matches!(
        *req.method(),
        actix_web::http::Method::GET | actix_web::http::Method::HEAD
    );
    if is_api_path(req.path()) || !is_page_load {
        return Err(AppError::not_found());
    }
    let page = iam_shared::bundles::bundle_of(req.path()).page();
    let index = state.settings.web_dir.join(page);
    match tokio::fs::read(&index).await {
        Ok(body) => Ok(HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(body)),
        Err(_) => Err(AppError::not_found()),
    }
}

#[cfg(test)]
mod tests {
    use super::is_api_path;

    #[test]
    fn api_paths_never_fall_back_to_the_app() {
        assert!(is_api_path("/api/v1/nothing"));
        assert!(is_api_path("/.well-known/openid-configuration"));
        assert!(is_api_path("/oauth2/token"));
        assert!(!is_api_path("/forgot-password"));
        assert!(!is_api_path("/apiary"));
    }
}
