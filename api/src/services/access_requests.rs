//! Requests for accounts (docs/product.md §7) and support's decisions on them. A POC
//! asks for a username for a new person; anyone may ask for an account or
//! register an organization through the public form; a citizen signs up
//! alone. Approval creates the account (and the organization) with the
//! decision, in one transaction, and queues the Welcome e-mail.

use chrono::{DateTime, Utc};
use iam_shared::dto::access::{
    AccessRequestCreate, AccessRequestKind, AccessRequestListResponse, AccessRequestQuery,
    AccessRequestStatus, AccessRequestView, ApproveRequest, CitizenRegistrationRequest,
    DecisionResponse, MemberView, OrganizationMembers, OrganizationMembersResponse,
    RegistrationRequest, RejectRequest,
};
use iam_shared::i18n::{problems, Lang, Msg};
use iam_shared::types::{MembershipRole, UserType};
use iam_shared::ErrorCode;
use serde_json::json;

use super::accounts::{self, NewAccount};
use super::RequestMeta;
use crate::clock::rfc3339;
use crate::config::Settings;
use crate::crypto::seal::Sealer;
use crate::db::access_requests::{AccessRequestListed, Decision, NewAccessRequest, RequestFilter};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::mail::{outbox, templates};

/// Most requests one list shows.
const LIST_LIMIT: i64 = 200;

fn blank_to_none(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

fn view(listed: AccessRequestListed) -> AccessRequestView {
    let row = listed.row;
    AccessRequestView {
        kind: row.kind,
        status: row.status,
        id: row.id,
        org_code: listed.org_code,
        organization_name: row.organization_name,
        first_name: row.first_name,
        last_name: row.last_name,
        email: row.email,
        phone: row.phone,
        justification: row.justification,
        requested_by: listed.requested_by_username,
        created_at: rfc3339(row.created_at),
        decided_at: row.decided_at.map(rfc3339),
        decision_reason: row.decision_reason,
        created_username: listed.created_username,
    }
}

/// Ids are UUIDs; anything else names no request (and never reaches SQL,
/// where a NUL byte would be an error of its own).
fn checked_id(id: &str) -> AppResult<&str> {
    uuid::Uuid::parse_str(id)
        .map(|_| id)
        .map_err(|_| no_such_request())
}

fn one(conn: &mut DbConn, id: &str) -> AppResult<AccessRequestView> {
    let filter = RequestFilter {
        id: Some(id),
        ..Default::default()
    };
    db::access_requests::list(conn, &filter, 1)?
        .into_iter()
        .next()
        .map(view)
        .ok_or_else(no_such_request)
}

fn no_such_request() -> AppError {
    AppError::text(ErrorCode::NotFound, problems::NO_SUCH_REQUEST)
}

fn not_poc() -> AppError {
    AppError::text(ErrorCode::Forbidden, problems::POC_ONLY_REQUESTS)
}

/// `POST /access-requests`: the caller must be the POC of the organization
/// and have a signed AUA (Access Requests is an application of the dashboard).
pub fn create_by_poc(
    conn: &mut DbConn,
    settings: &Settings,
    caller_id: &str,
    request: &AccessRequestCreate,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<AccessRequestView> {
    let at = db::to_db_time(now);
    let id = db::new_id();
    db::transaction(conn, |conn| {
        let org = db::organizations::find_by_code(conn, &request.org_code)?.ok_or_else(not_poc)?;
        if !db::organizations::has_role_in(conn, caller_id, &org.id, MembershipRole::Poc)? {
            return Err(not_poc());
        }
        super::aua::require_signed(conn, settings, caller_id, now)?;
        db::access_requests::create(
            conn,
            &NewAccessRequest {
                id: &id,
                kind: AccessRequestKind::Access,
                requested_by: Some(caller_id),
                organization_id: Some(&org.id),
                organization_name: Some(&org.name),
                first_name: request.first_name.trim(),
                last_name: request.last_name.trim(),
                email: request.email.trim(),
                phone: blank_to_none(&request.phone),
                justification: blank_to_none(&request.justification),
                status: AccessRequestStatus::Pending,
                created_at: at,
                // The person named never asked: their language is unknown.
                language: None,
            },
        )?;
        meta.audit_as(
            conn,
            "access_requested",
            None,
            Some(caller_id),
            at,
            json!({"request_id": id, "org_code": org.org_code}),
        )?;
        one(conn, &id)
    })
}

/// The organizations where the caller is the POC, for the POC's own
/// applications: 403 `refusal` for anyone who is no POC, then the AUA gate.
fn poc_organizations(
    conn: &mut DbConn,
    settings: &Settings,
    caller_id: &str,
    refusal: Msg,
    now: DateTime<Utc>,
) -> AppResult<Vec<String>> {
    let orgs = db::organizations::ids_where_role(conn, caller_id, MembershipRole::Poc)?;
    if orgs.is_empty() {
        return Err(AppError::text(ErrorCode::Forbidden, refusal));
    }
    super::aua::require_signed(conn, settings, caller_id, now)?;
    Ok(orgs)
}

/// `GET /access-requests`: the requests of the organizations where the
/// caller is the POC (403 for anyone who is no POC, or whose AUA is not
/// signed).
pub fn list_for_poc(
    conn: &mut DbConn,
    settings: &Settings,
    caller_id: &str,
    now: DateTime<Utc>,
) -> AppResult<AccessRequestListResponse> {
    let orgs = poc_organizations(
        conn,
        settings,
        caller_id,
        problems::POC_ONLY_SEES_REQUESTS,
        now,
    )?;
    let filter = RequestFilter {
        organization_ids: Some(&orgs),
        ..Default::default()
    };
    let requests = db::access_requests::list(conn, &filter, LIST_LIMIT)?
        .into_iter()
        .map(view)
        .collect();
    Ok(AccessRequestListResponse { requests })
}

/// `GET /organizations/members` ("Manage Access"): the people of every
/// organization where the caller is the POC. Behind the AUA gate, like
/// every application of the dashboard.
pub fn members_for_poc(
    conn: &mut DbConn,
    settings: &Settings,
    caller_id: &str,
    now: DateTime<Utc>,
) -> AppResult<OrganizationMembersResponse> {
    let orgs = poc_organizations(
        conn,
        settings,
        caller_id,
        problems::POC_ONLY_MANAGES_MEMBERS,
        now,
    )?;
    let mut organizations = Vec::new();
    for id in orgs {
        let Some(org) = db::organizations::find_by_id(conn, &id)? else {
            continue;
        };
        let members = db::organizations::members_of(conn, &id)?
            .into_iter()
            .map(|(membership, user)| MemberView {
                role: membership.role,
                status: user.status,
                last_sign_in_at: user.last_login_at.map(rfc3339),
                username: user.username,
                first_name: user.first_name,
                last_name: user.last_name,
            })
            .collect();
        organizations.push(OrganizationMembers {
            org_code: org.org_code,
            name: org.name,
            members,
        });
    }
    organizations.sort_by(|a, b| a.org_code.cmp(&b.org_code));
    Ok(OrganizationMembersResponse { organizations })
}

/// `GET /admin/access-requests`: pending requests unless asked otherwise.
pub fn list_for_staff(
    conn: &mut DbConn,
    query: &AccessRequestQuery,
) -> AppResult<AccessRequestListResponse> {
    let status = query.status.unwrap_or(AccessRequestStatus::Pending);
    let filter = RequestFilter {
        status: Some(status),
        kind: query.kind,
        ..Default::default()
    };
    let requests = db::access_requests::list(conn, &filter, LIST_LIMIT)?
        .into_iter()
        .map(view)
        .collect();
    Ok(AccessRequestListResponse { requests })
}

/// Submissions of the public forms one e-mail address may make per hour;
/// beyond, nothing is recorded or sent, and the answer stays the same.
pub const SUBMISSIONS_PER_ADDRESS_PER_HOUR: i32 = 3;

/// Whom a public form is about, before any account exists: its e-mail
/// address, keyed. The forms' mail allowance is counted under it, and a
/// CAPTCHA code mailed for a form is bound to it.
fn address_key(identifier_key: &[u8; 32], email: &str) -> String {
    crate::crypto::keyed_digest(
        identifier_key,
        &format!("public-form\0{}", iam_shared::rules::email_key(email)),
    )
}

/// A public form's CAPTCHA, checked (and spent) in its own transaction so
/// that a wrong answer still uses the image up. A code mailed instead of
/// the image counts only on a form that gives the address it went to.
fn require_captcha(
    conn: &mut DbConn,
    answer: Option<&iam_shared::dto::signin::CaptchaAnswer>,
    address: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let solved = db::transaction(conn, |conn| {
        super::captcha::check(conn, answer, Some(address), now).map_err(AppError::from)
    })?;
    if solved {
        return Ok(());
    }
    let mut problem =
        iam_shared::Problem::localized(ErrorCode::CaptchaInvalid, problems::CAPTCHA_INVALID, &[]);
    problem.captcha_required = Some(true);
    Err(AppError::Problem(Box::new(problem)))
}

/// Reserve one of `limit` hourly mails counted under `key`; once they are
/// spent, `Err` with when the next one may go.
fn reserve_hourly(
    conn: &mut DbConn,
    key: &str,
    limit: i32,
    now: DateTime<Utc>,
) -> AppResult<Result<(), DateTime<Utc>>> {
    let at = db::to_db_time(now);
    let hour_later = at + chrono::Duration::hours(1);
    if db::throttle::reserve(conn, key, "public_form", limit, at, hour_later)?.is_some() {
        return Ok(Ok(()));
    }
    let until = db::throttle::expires_at(conn, key)?.unwrap_or(hour_later);
    Ok(Err(until.and_utc()))
}

/// Count a public form's submission against its e-mail address; `false`
/// once the address has used its hourly allowance (then the form does
/// nothing, silently: strangers cannot flood someone's mailbox).
fn within_address_allowance(
    conn: &mut DbConn,
    identifier_key: &[u8; 32],
    email: &str,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let key = address_key(identifier_key, email);
    Ok(reserve_hourly(conn, &key, SUBMISSIONS_PER_ADDRESS_PER_HOUR, now)?.is_ok())
}

/// Central office accounts come from the agency, not from a public form:
/// 422 (`email`: `internal_domain`) for one of its addresses.
pub(crate) fn refuse_internal(settings: &Settings, email: &str) -> AppResult<()> {
    if settings.is_internal_email(email.trim()) {
        return Err(AppError::validation(
            [("email".to_owned(), vec!["internal_domain".to_owned()])].into(),
        ));
    }
    Ok(())
}

/// Codes for the public forms one client network (an IPv4 address, an IPv6
/// /64) may have mailed in an hour, to any addresses.
pub const FORM_CAPTCHA_CODES_PER_NETWORK_PER_HOUR: i32 = 5;
/// Codes one address may receive in an hour, whoever asks: room for a
/// person's several tries, too few to flood a mailbox, and a stranger needs
/// two networks to use them up.
pub const FORM_CAPTCHA_CODES_PER_ADDRESS_PER_HOUR: i32 = 10;
/// Codes for the public forms in all, per hour. They go to addresses nobody
/// has proven yet, so they stop before a botnet could spoil the sender's
/// reputation (and with it every sign-in code); the image, and Customer
/// Support, remain.
pub const FORM_CAPTCHA_CODES_PER_HOUR: i32 = 100;

/// "Email me a code instead" of a public form's CAPTCHA image (WCAG
/// 1.1.1): there is no account yet, so the code goes to the address typed
/// on the form and answers only a form giving that address. Counted per
/// client network, per address and in all (the limits above), apart from
/// the forms' own mails, so asking for codes never uses up a receipt; a
/// refusal spends nothing and depends only on the address and the caller,
/// never on whether an account exists. The caller has refused central
/// office addresses ([`refuse_internal`]) before.
#[allow(clippy::too_many_arguments)]
pub fn email_captcha_code_to_address(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    identifier_key: &[u8; 32],
    captcha_id: &str,
    email: &str,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let address = address_key(identifier_key, email);
    let code = super::captcha::attach_emailed_code(conn, settings, captcha_id, &address, now)?;
    let network = meta
        .ip
        .as_deref()
        .and_then(|ip| ip.parse().ok())
        .map_or_else(|| "unknown".to_owned(), crate::client_address::limit_key);
    let network =
        crate::crypto::keyed_digest(identifier_key, &format!("form-code-network\0{network}"));
    for (key, limit) in [
        (
            format!("form-code-network:{network}"),
            FORM_CAPTCHA_CODES_PER_NETWORK_PER_HOUR,
        ),
        (
            format!("form-code-address:{address}"),
            FORM_CAPTCHA_CODES_PER_ADDRESS_PER_HOUR,
        ),
        ("form-code-all".to_owned(), FORM_CAPTCHA_CODES_PER_HOUR),
    ] {
        if let Err(until) = reserve_hourly(conn, &key, limit, now)? {
            // The whole request rolls back: the challenge keeps no code,
            // and the counts reserved before this one are given back.
            return Err(AppError::RateLimited {
                retry_after_secs: u64::try_from((until - now).num_seconds().max(1)).unwrap_or(1),
            });
        }
    }
    let message = templates::form_captcha_code(
        settings,
        address_language(conn, settings, email.trim(), meta)?,
        email.trim(),
        secrecy::ExposeSecret::expose_secret(&code),
        settings.captcha_ttl_secs.div_ceil(60),
    );
    outbox::enqueue(conn, sealer, "captcha_code", None, &message, now)?;
    meta.audit(
        conn,
        "captcha_code_requested",
        None,
        db::to_db_time(now),
        json!({"form": true}),
    )
}

/// `POST /registration/organization`: the public form. The same answer
/// whether or not a named org code exists; the requester gets a receipt.
pub fn register(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    identifier_key: &[u8; 32],
    request: &RegistrationRequest,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if request.kind == AccessRequestKind::Access {
        return Err(AppError::validation(
            [("kind".to_owned(), vec!["invalid_kind".to_owned()])].into(),
        ));
    }
    require_captcha(
        conn,
        request.captcha.as_ref(),
        &address_key(identifier_key, &request.email),
        now,
    )?;
    let at = db::to_db_time(now);
    let id = db::new_id();
    db::transaction(conn, |conn| {
        // Recorded always (support decides; the cap must not let a stranger
        // silence someone's real request), but receipts to one address stop
        // after three an hour.
        let mailed = within_address_allowance(conn, identifier_key, &request.email, now)?;
        if !mailed {
            meta.audit(
                conn,
                "public_form_throttled",
                None,
                at,
                json!({"form": "registration"}),
            )?;
        }
        let organization = match (request.kind, blank_to_none(&request.org_code)) {
            (AccessRequestKind::NonHhsAccount, Some(code)) => {
                db::organizations::find_by_code(conn, code)?
            }
            _ => None,
        };
        db::access_requests::create(
            conn,
            &NewAccessRequest {
                id: &id,
                kind: request.kind,
                requested_by: None,
                organization_id: organization.as_ref().map(|o| o.id.as_str()),
                organization_name: Some(request.organization_name.trim()),
                first_name: request.first_name.trim(),
                last_name: request.last_name.trim(),
                email: request.email.trim(),
                phone: blank_to_none(&request.phone),
                justification: blank_to_none(&request.justification),
                status: AccessRequestStatus::Pending,
                created_at: at,
                language: meta.lang.map(|l| l.tag()),
            },
        )?;
        if mailed {
            let lang = address_language(conn, settings, request.email.trim(), meta)?;
            let receipt = templates::request_received(settings, lang, request.email.trim());
            outbox::enqueue(conn, sealer, "request_received", None, &receipt, now)?;
        }
        meta.audit(
            conn,
            "registration_requested",
            None,
            at,
            json!({"request_id": id, "kind": request.kind.as_str()}),
        )
    })
}

/// The language of a mail a public form sends to `email`: the account's
/// when the address is one's (a stranger typing it must not choose what
/// its owner reads, docs/i18n.md), else the form's.
fn address_language(
    conn: &mut DbConn,
    settings: &Settings,
    email: &str,
    meta: &RequestMeta,
) -> AppResult<Lang> {
    Ok(db::users::find_by_email(conn, email)?
        .first()
        .map_or(meta.reply_lang(), |holder| {
            super::mail_language(settings, holder)
        }))
}

/// `POST /registration/citizen`: a new address gets a citizen account
/// pending activation and the Welcome e-mail (its link and code verify the
/// address); an address with an account already gets a notice instead.
/// The answer is the same either way.
pub fn register_citizen(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    identifier_key: &[u8; 32],
    request: &CitizenRegistrationRequest,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let at = db::to_db_time(now);
    let email = request.email.trim();
    refuse_internal(settings, email)?;
    require_captcha(
        conn,
        request.captcha.as_ref(),
        &address_key(identifier_key, email),
        now,
    )?;
    let outcome = db::transaction(conn, |conn| {
        if !within_address_allowance(conn, identifier_key, email, now)? {
            return meta.audit(
                conn,
                "public_form_throttled",
                None,
                at,
                json!({"form": "citizen"}),
            );
        }
        let holders = db::users::find_by_email(conn, email)?;
        let taken = !holders.is_empty() || db::users::is_username_taken(conn, email)?;
        if taken {
            let lang = address_language(conn, settings, email, meta)?;
            let notice = templates::account_exists(settings, lang, email);
            outbox::enqueue(conn, sealer, "account_exists", None, &notice, now)?;
            return meta.audit(conn, "citizen_registration_existing", None, at, json!({}));
        }
        let created = accounts::insert_account(
            conn,
            settings,
            sealer,
            &NewAccount {
                user_type: UserType::Citizen,
                first_name: request.first_name.clone(),
                last_name: request.last_name.clone(),
                email: email.to_owned(),
                memberships: Vec::new(),
                password_hash: None,
                username: None,
                language: meta.lang,
            },
            None,
            now,
        )?;
        meta.audit(
            conn,
            "citizen_registered",
            Some(&created.user_id),
            at,
            json!({}),
        )
    });
    match outcome {
        // A sign-up for the same address won the race a moment ago: the
        // answer stays the same (that one's e-mail is on its way).
        Err(AppError::Problem(problem)) if problem.code == ErrorCode::Conflict => Ok(()),
        other => other,
    }
}

/// The organization an approval puts the new account in, and the role it
/// holds there; an `organization` registration creates the organization.
fn organization_for(
    conn: &mut DbConn,
    row: &db::access_requests::AccessRequestRow,
    kind: AccessRequestKind,
    body: &ApproveRequest,
    staff_id: &str,
    now: DateTime<Utc>,
) -> AppResult<(String, MembershipRole)> {
    let org_code_error =
        |code: &str| AppError::validation([("org_code".to_owned(), vec![code.to_owned()])].into());
    let chosen = blank_to_none(&body.org_code).map(str::to_uppercase);
    match kind {
        AccessRequestKind::Organization => {
            let code = chosen.ok_or_else(|| org_code_error("required"))?;
            let name = row.organization_name.as_deref().unwrap_or_default();
            let id = accounts::insert_organization(conn, &code, name, Some(staff_id), now)?;
            Ok((id, MembershipRole::Poc))
        }
        AccessRequestKind::Access | AccessRequestKind::NonHhsAccount => {
            let id = match (&row.organization_id, chosen) {
                (_, Some(code)) if kind == AccessRequestKind::NonHhsAccount => {
                    db::organizations::find_by_code(conn, &code)?
                        .ok_or_else(|| org_code_error("unknown_org_code"))?
                        .id
                }
                (Some(id), _) => id.clone(),
                (None, _) => return Err(org_code_error("required")),
            };
            Ok((id, MembershipRole::User))
        }
    }
}

fn decided_already() -> AppError {
    AppError::text(ErrorCode::Conflict, problems::REQUEST_DECIDED)
}

/// Approve: create the account (and organization) and queue its Welcome
/// e-mail, in the transaction that records the decision.
#[expect(
    clippy::too_many_arguments,
    reason = "a decision's parts, each a different thing"
)]
pub fn approve(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    staff_id: &str,
    request_id: &str,
    body: &ApproveRequest,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<DecisionResponse> {
    let at = db::to_db_time(now);
    db::transaction(conn, |conn| {
        let row = db::access_requests::find_for_update(conn, checked_id(request_id)?)?
            .ok_or_else(no_such_request)?;
        if row.status != AccessRequestStatus::Pending {
            return Err(decided_already());
        }
        let kind = row.kind;
        let (organization_id, role) = organization_for(conn, &row, kind, body, staff_id, now)?;
        let org_code = db::organizations::find_by_id(conn, &organization_id)?
            .map(|o| o.org_code)
            .unwrap_or_default();
        let created = accounts::insert_account(
            conn,
            settings,
            sealer,
            &NewAccount {
                user_type: UserType::External,
                first_name: row.first_name.clone(),
                last_name: row.last_name.clone(),
                email: row.email.clone(),
                memberships: vec![(org_code.clone(), role)],
                password_hash: None,
                username: None,
                language: row.language.as_deref().and_then(Lang::from_tag),
            },
            Some(staff_id),
            now,
        )?;
        let decision = Decision {
            status: AccessRequestStatus::Approved,
            decided_by: staff_id,
            reason: None,
            created_user_id: Some(&created.user_id),
            organization_id: Some(&organization_id),
        };
        if !db::access_requests::decide(conn, &row.id, &decision, at)? {
            return Err(decided_already());
        }
        meta.audit_as(
            conn,
            "admin_request_approved",
            Some(&created.user_id),
            Some(staff_id),
            at,
            json!({"request_id": row.id, "kind": kind.as_str(), "org_code": org_code}),
        )?;
        Ok(DecisionResponse {
            message: meta.reply(
                problems::REQUEST_APPROVED,
                &[("username", &created.username)],
            ),
            request: one(conn, &row.id)?,
        })
    })
}

/// Reject, with the reason the requester reads.
#[expect(
    clippy::too_many_arguments,
    reason = "a decision's parts, each a different thing"
)]
pub fn reject(
    conn: &mut DbConn,
    settings: &Settings,
    sealer: &Sealer,
    staff_id: &str,
    request_id: &str,
    body: &RejectRequest,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<DecisionResponse> {
    let at = db::to_db_time(now);
    let reason = body.reason.trim();
    db::transaction(conn, |conn| {
        let row = db::access_requests::find_for_update(conn, checked_id(request_id)?)?
            .ok_or_else(no_such_request)?;
        let decision = Decision {
            status: AccessRequestStatus::Rejected,
            decided_by: staff_id,
            reason: Some(reason),
            created_user_id: None,
            organization_id: row.organization_id.as_deref(),
        };
        if !db::access_requests::decide(conn, &row.id, &decision, at)? {
            return Err(decided_already());
        }
        // A POC's request is the POC's to follow (GET /access-requests
        // shows the reason); the person named in it never asked.
        if row.kind != AccessRequestKind::Access {
            let lang = row
                .language
                .as_deref()
                .and_then(Lang::from_tag)
                .filter(|lang| settings.languages.contains(lang))
                .unwrap_or_default();
            let notice =
                templates::request_rejected(settings, lang, &row.email, &row.first_name, reason);
            outbox::enqueue(conn, sealer, "request_rejected", None, &notice, now)?;
        }
        meta.audit_as(
            conn,
            "admin_request_rejected",
            None,
            Some(staff_id),
            at,
            json!({"request_id": row.id, "kind": row.kind}),
        )?;
        Ok(DecisionResponse {
            message: meta.reply(problems::REQUEST_REJECTED, &[]),
            request: one(conn, &row.id)?,
        })
    })
}
