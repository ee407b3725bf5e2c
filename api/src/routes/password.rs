//! Passwords: the strength meter's server side (more with the recovery flows).

use actix_web::{post, web, HttpResponse};
use iam_shared::dto::password::{
    PasswordEvaluateRequest, PasswordEvaluateResponse, PasswordRuleResult,
};
use iam_shared::password::{PasswordOwner, Verdict};
use iam_shared::Problem;
use validator::Validate;

use crate::domain::password::evaluate;
use crate::error::{AppError, AppResult};

/// Rate a password against every rule of the policy and estimate its
/// strength, for the live checklist and the strength meter. The password
/// is neither logged nor stored; `not_recent` is checked only when a
/// password is saved (`checked: false` here).
///
/// **Auth:** none (rate limited per IP address).
#[utoipa::path(
    post, path = "/api/v1/password/evaluate", tag = "password", operation_id = "evaluate_password",
    request_body = PasswordEvaluateRequest,
    responses(
        (status = 200, description = "Every rule with its verdict, and the strength", body = PasswordEvaluateResponse),
        (status = 422, description = "Longer than 1,024 characters, or a name field too long", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/evaluate")]
#[tracing::instrument(skip_all)]
pub async fn evaluate_password(
    body: web::Json<PasswordEvaluateRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let request = body.into_inner();
    // The estimator is CPU work: off the request threads.
    let evaluation = web::block(move || {
        let owner = PasswordOwner {
            username: request.username.as_deref().unwrap_or(""),
            first_name: request.first_name.as_deref().unwrap_or(""),
            last_name: request.last_name.as_deref().unwrap_or(""),
        };
        evaluate(request.password.expose(), &owner)
    })
    .await
    .map_err(|e| AppError::Unexpected(anyhow::anyhow!("password evaluation: {e}")))?;
    Ok(HttpResponse::Ok().json(PasswordEvaluateResponse {
        rules: evaluation
            .checks
            .iter()
            .map(|c| PasswordRuleResult {
                rule: c.rule.to_owned(),
                passed: c.verdict == Verdict::Passed,
                checked: c.verdict != Verdict::Unchecked,
            })
            .collect(),
        strength: evaluation.strength,
        feedback: evaluation.feedback,
    }))
}
