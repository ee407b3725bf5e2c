//! The second factor with an authenticator app (docs/authenticators.md):
//! after the password, a code from the user's app instead of the e-mail
//! code. A wrong code counts on the password's ladder, as a wrong password
//! would (the person typing it knows the password): at the limit the
//! account is locked, or from an unknown device those devices are blocked.

use iam_shared::dto::authenticators::TotpCodeRequest;
use iam_shared::dto::signin::{SigninMethod, SigninStepResponse};
use iam_shared::{ErrorCode, NextStep, Problem};
use serde_json::json;

use super::password::{count_failure, gate_with, locked_error, Gate};
use super::transaction::{
    at_step, audit, open_transaction, out_of_order, progress, subject_of, Scope, Subject,
};
use crate::db::{self, DbConn};
use crate::domain::ladder::Door;
use crate::domain::signin::next_step;
use crate::error::{AppError, AppResult, CommitThenRefuse};
use crate::services::authenticators::{accept_app_code, has_app};
use crate::services::RequestMeta;
use crate::state::AppState;

const WRONG_CODE: &str =
    "The code is incorrect. Enter the 6-digit code your authenticator app shows now.";

/// The answer of a step, with the second factors the user has listed when
/// the next step is the second factor ("Verify with something else").
pub(super) fn at_step_of_user(
    conn: &mut DbConn,
    transaction_id: String,
    step: NextStep,
    user_id: &str,
) -> AppResult<SigninStepResponse> {
    let mut response = at_step(transaction_id, step);
    if step == NextStep::EmailCode {
        response.methods = vec![SigninMethod::Email];
        if has_app(conn, user_id)? {
            response.methods.push(SigninMethod::Totp);
        }
    }
    Ok(response)
}

/// `POST /signin/{id}/totp/verify`: the app's code as the second factor.
pub async fn verify_app_code(
    state: &AppState,
    transaction_id: String,
    request: TotpCodeRequest,
    meta: RequestMeta,
) -> AppResult<SigninStepResponse> {
    let scope = Scope::new(state, Door::IamOnline, meta);
    let sealer = std::sync::Arc::clone(&state.authenticator_sealer);
    let outcome = state
        .db
        .run(move |conn| {
            db::transaction(conn, |conn| -> CommitThenRefuse<SigninStepResponse> {
                let tx = open_transaction(conn, &transaction_id, scope.now)?;
                let scope = scope.at_door_of(&tx);
                let step = next_step(progress(&tx), scope.settings.mfa_required);
                // The app is a second factor: the password comes first.
                if tx.password_verified_at.is_none() || step != NextStep::EmailCode {
                    return Err(out_of_order(step));
                }
                let subject = subject_of(conn, &tx)?;
                let Subject::Account(user) = &subject else {
                    return Err(out_of_order(step));
                };
                if !has_app(conn, &user.id)? {
                    return Err(AppError::new(
                        ErrorCode::Conflict,
                        "No authenticator app is set up for this account. Verify with the e-mail code.",
                    )
                    .with_next_step(NextStep::EmailCode));
                }
                let (failures, counter) =
                    match gate_with(conn, &scope, &subject, None, false, false)? {
                        Gate::Proceed { failures, counter } => (failures, counter),
                        Gate::Locked | Gate::CaptchaRejected => return Ok(Err(locked_error())),
                    };
                let code = request.code.expose();
                if accept_app_code(conn, &scope.settings, &sealer, user, code, scope.now)? {
                    counter.release(conn, &subject, scope.at())?;
                    db::signin::mark_app_code_verified(conn, &tx.id_hash, scope.at())?;
                    audit(conn, &scope, "signin_app_code_verified", &subject, json!({}))?;
                    let mut done = tx.clone();
                    done.app_code_verified_at = Some(scope.at());
                    let step = next_step(progress(&done), scope.settings.mfa_required);
                    return Ok(Ok(at_step(transaction_id, step)));
                }
                let answer = count_failure(
                    conn,
                    &scope,
                    &subject,
                    &counter,
                    failures,
                    "signin_app_code_failed",
                )?;
                if answer.locked {
                    return Ok(Err(locked_error()));
                }
                let mut problem = Problem::new(ErrorCode::InvalidCode, WRONG_CODE);
                problem.next_step = Some(NextStep::EmailCode);
                problem.attempts_remaining = Some(answer.attempts_remaining);
                Ok(Err(AppError::Problem(Box::new(problem))))
            })
        })
        .await;
    outcome?
}
