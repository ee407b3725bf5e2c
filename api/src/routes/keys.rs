//! Public keys for offline verification of the portal's access tokens and
//! of what it signs for applications.

use actix_web::{get, web, HttpResponse};
use iam_shared::dto::keys::JwkSetResponse;

use crate::state::AppState;

/// The JSON Web Key Set that verifies this server's access tokens, and the
/// ID tokens and access tokens it issues to applications (RS256 and EdDSA;
/// during a key rotation, the next and the previous keys too). Choose the
/// key by `kid`.
///
/// **Auth:** none.
#[utoipa::path(
    get, path = "/.well-known/jwks.json", tag = "session", operation_id = "get_jwks",
    responses((status = 200, description = "Public signing keys", body = JwkSetResponse))
)]
#[get("/.well-known/jwks.json")]
pub async fn get_jwks(state: web::Data<AppState>) -> HttpResponse {
    let mut set = state.keys.jwks();
    set.keys
        .extend(state.oidc_keys.current().public_jwks(state.clock.now()));
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .json(set)
}
