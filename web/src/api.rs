//! The only place that talks HTTP. Every call goes to the same origin under
//! `/api/v1`, sends and receives the `iam-shared` types, and turns any
//! non-2xx answer into the API's [`Problem`].

use gloo_net::http::{Request, Response};
use iam_shared::dto::config::PublicConfigResponse;
use iam_shared::dto::username::UsernameRecoveryRequest;
use iam_shared::dto::MessageResponse;
use iam_shared::{ErrorCode, Problem};
use serde::de::DeserializeOwned;
use serde::Serialize;

const BASE: &str = "/api/v1";

fn network_problem() -> Problem {
    Problem::new(
        ErrorCode::Unavailable,
        "We could not reach the server. Check your connection and try again.",
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

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, Problem> {
    let response = Request::get(&format!("{BASE}{path}"))
        .send()
        .await
        .map_err(|_| network_problem())?;
    decode(response).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, Problem> {
    let response = Request::post(&format!("{BASE}{path}"))
        .json(body)
        .map_err(|_| network_problem())?
        .send()
        .await
        .map_err(|_| network_problem())?;
    decode(response).await
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
