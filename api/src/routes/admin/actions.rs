//! The actions on one account: each is its own route over one handler.

use actix_web::{post, web, HttpResponse};
use iam_shared::dto::admin::AdminUserDetail;
use iam_shared::Problem;

use crate::auth::{Staff, StaffBearer};
use crate::error::AppResult;
use crate::services::admin::{self, AdminAction};
use crate::state::{AppState, RequestContext};

async fn act(
    state: web::Data<AppState>,
    ctx: RequestContext,
    staff: StaffBearer,
    user_id: String,
    action: AdminAction,
) -> AppResult<HttpResponse> {
    let (settings, now, meta, sealer) = (
        state.settings.clone(),
        ctx.clock.now(),
        ctx.meta,
        state.mail_sealer.clone(),
    );
    // One hop: the staff check and the action on one connection.
    let body = staff
        .run(move |conn, staff| {
            admin::act(
                conn,
                &settings,
                &sealer,
                &staff.member(),
                &user_id,
                action,
                &meta,
                now,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Unlock a locked account (too many failed sign-ins): active again, its
/// failure counters cleared.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/unlock", tag = "admin", operation_id = "admin_unlock_user",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Unlocked; the account as it is now", body = AdminUserDetail),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`), or a staff account acted on by non-admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is not locked", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/unlock")]
#[tracing::instrument(skip_all)]
pub async fn unlock_user(
    state: web::Data<AppState>,
    ctx: RequestContext,
    staff: StaffBearer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(state, ctx, staff, path.into_inner(), AdminAction::Unlock).await
}

/// Lift the blocks that failures from unknown devices set (password
/// sign-ins, ImmTrac2 resets): both unknown-device ladders start again.
/// The account's own state and counters are untouched.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/clear-device-blocks", tag = "admin", operation_id = "admin_clear_device_blocks",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Cleared; the account as it is now", body = AdminUserDetail),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`), or a staff account acted on by non-admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No failures from unknown devices to clear", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/clear-device-blocks")]
#[tracing::instrument(skip_all)]
pub async fn clear_device_blocks(
    state: web::Data<AppState>,
    ctx: RequestContext,
    staff: StaffBearer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(
        state,
        ctx,
        staff,
        path.into_inner(),
        AdminAction::ClearDeviceBlocks,
    )
    .await
}

/// Reset the account's security methods (its owner lost the phone with the
/// authenticator app): every method is removed, the owner is told by
/// e-mail, and signs in with the e-mail code until they set up another.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/reset-authenticators", tag = "admin", operation_id = "admin_reset_authenticators",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Reset; the account as it is now", body = AdminUserDetail),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`), or a staff account acted on by non-admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No security methods to reset", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/reset-authenticators")]
#[tracing::instrument(skip_all)]
pub async fn reset_authenticators(
    state: web::Data<AppState>,
    ctx: RequestContext,
    staff: StaffBearer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(
        state,
        ctx,
        staff,
        path.into_inner(),
        AdminAction::ResetAuthenticators,
    )
    .await
}

/// Require a new password (the current one may be compromised): the
/// account is locked until its owner sets a new password from the e-mailed
/// link; every session ends and no browser stays familiar.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/require-password-change", tag = "admin", operation_id = "admin_require_password_change",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Locked, signed out, link mailed; the account as it is now", body = AdminUserDetail),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`), or a staff account acted on by non-admin; or the account's password is the agency directory's (`directory_account`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account has no password yet, is disabled, or is the caller's own", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/require-password-change")]
#[tracing::instrument(skip_all)]
pub async fn require_password_change(
    state: web::Data<AppState>,
    ctx: RequestContext,
    staff: StaffBearer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(
        state,
        ctx,
        staff,
        path.into_inner(),
        AdminAction::RequirePasswordChange,
    )
    .await
}

/// Re-enable a disabled account (only support can): active again, its
/// counters cleared.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/enable", tag = "admin", operation_id = "admin_enable_user",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Enabled; the account as it is now", body = AdminUserDetail),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is not disabled", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/enable")]
#[tracing::instrument(skip_all)]
pub async fn enable_user(
    state: web::Data<AppState>,
    ctx: RequestContext,
    staff: StaffBearer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(state, ctx, staff, path.into_inner(), AdminAction::Enable).await
}

/// Disable an account: it cannot sign in or recover itself until support
/// enables it, and its sessions end now.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/disable", tag = "admin", operation_id = "admin_disable_user",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Disabled; the account as it is now", body = AdminUserDetail),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already disabled, or the caller's own account", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/disable")]
#[tracing::instrument(skip_all)]
pub async fn disable_user(
    state: web::Data<AppState>,
    ctx: RequestContext,
    staff: StaffBearer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(state, ctx, staff, path.into_inner(), AdminAction::Disable).await
}

/// Send a pending account a new Welcome e-mail with a fresh 7-day
/// activation link; earlier links stop working.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/resend-activation", tag = "admin", operation_id = "admin_resend_activation",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Queued; the account as it is now", body = AdminUserDetail),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is activated already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/resend-activation")]
#[tracing::instrument(skip_all)]
pub async fn resend_activation(
    state: web::Data<AppState>,
    ctx: RequestContext,
    staff: StaffBearer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(
        state,
        ctx,
        staff,
        path.into_inner(),
        AdminAction::ResendActivation,
    )
    .await
}

/// End every session of the account (it must sign in again everywhere).
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/revoke-sessions", tag = "admin", operation_id = "admin_revoke_sessions",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Revoked; the account as it is now", body = AdminUserDetail),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller's own account (use Sign out instead)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/revoke-sessions")]
#[tracing::instrument(skip_all)]
pub async fn revoke_sessions(
    state: web::Data<AppState>,
    ctx: RequestContext,
    staff: StaffBearer,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    act(
        state,
        ctx,
        staff,
        path.into_inner(),
        AdminAction::RevokeSessions,
    )
    .await
}

/// Link a central-office account of the portal's own to its owner's entry
/// in the agency directory, found by the account's e-mail address. From
/// then on it signs in with the HHS/DSHS network password: the portal's
/// password is dropped, and the account's names, address and memberships
/// follow the directory (docs/directory.md). Its sessions, sign-ins in
/// progress, familiar browsers, passkeys and apps end.
///
/// **Auth:** bearer access token of a `support` or `admin` user.
#[utoipa::path(
    post, path = "/api/v1/admin/users/{user_id}/link-directory", tag = "admin", operation_id = "admin_link_directory",
    security(("bearer" = [])),
    params(("user_id" = String, Path, description = "From the search")),
    responses(
        (status = 200, description = "Linked; the account as it is now", body = AdminUserDetail),
        (status = 403, description = "Not support staff (`forbidden`), or the staff member's Acceptable Use Agreement is missing or expired (`aua_required`), or a staff account, or an entry whose groups make support staff, acted on by non-admin (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No directory is configured; the caller's own account; the account is already linked, not a central-office account or disabled; the directory has no usable entry with its address, or the entry found has another address, or is linked to another account", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The directory does not answer (`directory_unavailable`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/admin/users/{user_id}/link-directory")]
#[tracing::instrument(skip_all)]
pub async fn link_directory(
    state: web::Data<AppState>,
    ctx: RequestContext,
    staff: Staff,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let body =
        admin::link_to_directory(&state, staff.member(), path.into_inner(), ctx.meta).await?;
    Ok(HttpResponse::Ok().json(body))
}
