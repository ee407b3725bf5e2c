//! Public keys for offline verification of access tokens.

use actix_web::{get, web, HttpResponse};
use iam_shared::dto::keys::JwkSetResponse;

use crate::state::AppState;

/// The JSON Web Key Set that verifies this server's access tokens.
///
/// **Auth:** none.
#[utoipa::path(
    get, path = "/.well-known/jwks.json", tag = "session", operation_id = "get_jwks",
    responses((status = 200, description = "Public signing keys", body = JwkSetResponse))
)]
#[get("/.well-known/jwks.json")]
pub async fn get_jwks(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .json(state.keys.jwks())
}
