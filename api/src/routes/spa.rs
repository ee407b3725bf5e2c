//! Serving the browser app: content-hashed assets with a year-long cache
//! (brotli-compressed at build time where the browser takes it: the
//! sign-in page's WASM is a fifth smaller than the runtime compressor
//! makes it), and for every other GET path the page of the bundle that renders it
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

/// An asset's name as the build writes it (`iam_web_bg-<hash>.wasm`): one
/// path segment of plain characters, so no path leaves the directory.
fn is_asset_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Whether the request takes brotli (`Accept-Encoding`, `q=0` refusing it).
fn accepts_brotli(req: &HttpRequest) -> bool {
    use actix_web::http::header::{AcceptEncoding, Encoding, Header, Preference, Quality};
    AcceptEncoding::parse(req).is_ok_and(|accept| {
        accept.0.iter().any(|item| {
            item.quality > Quality::ZERO
                && matches!(&item.item, Preference::Specific(Encoding::Known(e))
                    if *e == actix_web::http::header::ContentEncoding::Brotli)
        })
    })
}

/// `GET /assets/{name}`: the build's `{name}.br` to a browser that takes
/// brotli, else the file itself (compressed on the fly where asked).
pub async fn asset(
    state: web::Data<AppState>,
    req: HttpRequest,
    name: web::Path<String>,
) -> AppResult<actix_files::NamedFile> {
    use actix_web::http::header::ContentEncoding;
    let name = name.into_inner();
    if !is_asset_name(&name) {
        return Err(AppError::not_found());
    }
    let path = state.settings.web_dir.join("assets").join(&name);
    let brotli = path.with_file_name(format!("{name}.br"));
    let file = if accepts_brotli(&req) && brotli.is_file() {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        actix_files::NamedFile::open_async(&brotli)
            .await
            .map_err(|_| AppError::not_found())?
            .set_content_type(actix_files::file_extension_to_mime(extension))
            .set_content_encoding(ContentEncoding::Brotli)
    } else {
        actix_files::NamedFile::open_async(&path)
            .await
            .map_err(|_| AppError::not_found())?
    };
    Ok(file.disable_content_disposition())
}

#[cfg(test)]
mod tests {
    use super::{is_api_path, is_asset_name};

    #[test]
    fn only_plain_names_are_assets() {
        assert!(is_asset_name("iam_web_bg-7ac9bbf26526d345.wasm"));
        for name in ["", "..", "../secret", "a/b", ".hidden", "a%2fb", "a\\b"] {
            assert!(!is_asset_name(name), "{name}");
        }
    }

    #[test]
    fn api_paths_never_fall_back_to_the_app() {
        assert!(is_api_path("/api/v1/nothing"));
        assert!(is_api_path("/.well-known/openid-configuration"));
        assert!(is_api_path("/oauth2/token"));
        assert!(!is_api_path("/forgot-password"));
        assert!(!is_api_path("/apiary"));
    }
}
