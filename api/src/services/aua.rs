//! The Acceptable Use Agreement (docs/product.md §8): the form, its validation (the
//! rules of `iam_shared::aua`, through `validator` on the DTO), and the
//! signature, which takes effect at once and lapses after the configured
//! validity. A new policy text is a new version that everyone signs again.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};
use iam_shared::aua::Affiliation;
use iam_shared::dto::aua::{
    AffiliationChoice, AuaFormResponse, AuaSubmitRequest, AuaSubmitResponse,
};
use iam_shared::dto::session::AuaStatus;
use iam_shared::i18n::{problems, Lang};
use serde_json::json;

use super::RequestMeta;
use crate::config::Settings;
use crate::db::documents::{self, Acceptance, NewAuaSubmission};
use crate::db::sessions::SessionRow;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

/// `kind` of the AUA's policy in `documents`.
pub const AUA_KIND: &str = "aua";

/// `kind` of the Confidentiality Statement in `documents`.
pub const CONFIDENTIALITY_KIND: &str = "confidentiality";

/// Who accepted the Confidentiality Statement, where, and through what.
pub(crate) struct StatementAcceptance<'a> {
    pub user_id: &'a str,
    pub organization_id: Option<&'a str>,
    /// `web`, `api`, or `reset_link` (an ImmTrac2 reset link's statement).
    pub channel: &'a str,
    pub ip: Option<&'a str>,
}

/// Evidence that the current Confidentiality Statement was accepted
/// (docs/product.md §8): which version, when, where from. Returns the
/// version, for the caller's audit event.
pub(crate) fn record_statement_accepted(
    conn: &mut DbConn,
    settings: &Settings,
    who: &StatementAcceptance<'_>,
    at: chrono::NaiveDateTime,
) -> AppResult<String> {
    let (document_id, version) = documents::current(
        conn,
        CONFIDENTIALITY_KIND,
        &settings.confidentiality_statement,
        at,
    )?;
    documents::record_acceptance(
        conn,
        &Acceptance {
            user_id: who.user_id,
            organization_id: who.organization_id,
            document_id: &document_id,
            channel: who.channel,
            ip: who.ip,
        },
        at,
    )?;
    Ok(version)
}

/// Publish the configured texts as the current versions (at start-up).
pub fn publish_documents(
    conn: &mut DbConn,
    settings: &Settings,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let at = db::to_db_time(now);
    documents::publish(conn, AUA_KIND, &settings.aua_policy, at)?;
    documents::publish(
        conn,
        CONFIDENTIALITY_KIND,
        &settings.confidentiality_statement,
        at,
    )?;
    Ok(())
}

/// Where the user stands with the current version, and until when.
pub fn status(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    now: DateTime<Utc>,
) -> AppResult<(AuaStatus, Option<DateTime<Utc>>)> {
    let at = db::to_db_time(now);
    let (document_id, _) = documents::current(conn, AUA_KIND, &settings.aua_policy, at)?;
    Ok(match documents::aua_expiry(conn, user_id, &document_id)? {
        None => (AuaStatus::Missing, None),
        Some(expires) if expires > at => (AuaStatus::Valid, Some(expires.and_utc())),
        Some(expires) => (AuaStatus::Expired, Some(expires.and_utc())),
    })
}

/// Record a signed AUA for `user_id` without the form: the demo data's
/// established users (`seed-demo`), signed with their account's names.
pub(crate) fn record_signature(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    organization_id: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let user = db::users::find_by_id(conn, user_id)?.ok_or_else(AppError::not_found)?;
    let at = db::to_db_time(now);
    let validity = i64::try_from(settings.aua_validity_days).unwrap_or(365);
    let (document_id, _) = documents::current(conn, AUA_KIND, &settings.aua_policy, at)?;
    documents::record_aua(
        conn,
        &NewAuaSubmission {
            id: &db::new_id(),
            user_id,
            organization_id,
            document_id: &document_id,
            first_name: &user.first_name,
            last_name: &user.last_name,
            work_email: &user.email,
            work_phone: None,
            affiliation: Affiliation::Contractor.as_str(),
            explanation: Some("Demo data"),
            comments: None,
            employee_id: None,
            signed_on: &now.date_naive().format("%Y-%m-%d").to_string(),
            ip: None,
            submitted_at: at,
            expires_at: db::to_db_time(now + Duration::days(validity)),
        },
    )?;
    Ok(())
}

/// The gate of every application behind a dashboard tile (docs/product.md §8): the
/// user's AUA for the current policy must be signed and unexpired. Enforced
/// here, on the server, not by hiding links.
pub fn require_signed(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    match status(conn, settings, user_id, now)? {
        (AuaStatus::Valid, _) => Ok(()),
        _ => Err(AppError::text(
            iam_shared::ErrorCode::AuaRequired,
            problems::AUA_REQUIRED,
        )),
    }
}

/// When the user's AUA for the current policy lapses, if it is valid now:
/// access tokens carry it (`aua_exp`) so applications that verify tokens
/// offline can enforce the gate too.
pub fn valid_until(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<DateTime<Utc>>> {
    Ok(match status(conn, settings, user_id, now)? {
        (AuaStatus::Valid, until) => until,
        _ => None,
    })
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The language the Confidentiality Statement was shown in to the caller:
/// the one asked for where the statement has a translation in it, else
/// English. Recorded with the acceptance; the version accepted is the
/// English text's either way (docs/decisions.md, 2026-12-04).
pub(crate) fn statement_language(settings: &Settings, meta: &RequestMeta) -> &'static str {
    settings
        .texts_in(meta.reply_lang())
        .confidentiality_statement
        .1
        .tag()
}

/// What the form says for a choice (the catalogue text).
fn affiliation_label(affiliation: Affiliation) -> iam_shared::i18n::Msg {
    match affiliation {
        Affiliation::HhscEmployee => problems::AFFILIATION_HHSC,
        Affiliation::DshsEmployee => problems::AFFILIATION_DSHS,
        Affiliation::OtherAgencyEmployee => problems::AFFILIATION_OTHER_AGENCY,
        Affiliation::Contractor => problems::AFFILIATION_CONTRACTOR,
        Affiliation::InternOrVolunteer => problems::AFFILIATION_INTERN,
        Affiliation::Other => problems::AFFILIATION_OTHER,
    }
}

/// `GET /aua`: the policy in `lang` where it has a translation (its
/// version is the English text's: a translation is that same version),
/// the acknowledgement and the choices in `lang`.
pub fn form(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<AuaFormResponse> {
    let user = db::users::find_by_id(conn, user_id)?.ok_or_else(AppError::not_found)?;
    let (state, expires) = status(conn, settings, user_id, now)?;
    let (policy, policy_lang) = settings.texts_in(lang).aua_policy;
    Ok(AuaFormResponse {
        document_version: documents::version_of(&settings.aua_policy),
        policy: policy.to_owned(),
        policy_lang,
        acknowledgement: lang.text(problems::AUA_ACKNOWLEDGEMENT).to_owned(),
        choices: Affiliation::ALL
            .into_iter()
            .map(|value| AffiliationChoice {
                value,
                label: lang.text(affiliation_label(value)).to_owned(),
            })
            .collect(),
        status: state,
        expires_at: expires.map(rfc3339),
        first_name: user.first_name,
        last_name: user.last_name,
        work_email: user.email,
    })
}

/// The signature date must be today, give or take a day for time zones.
fn check_date(date_signed: &str, now: DateTime<Utc>) -> AppResult<()> {
    let today = now.date_naive();
    let signed = NaiveDate::parse_from_str(date_signed.trim(), "%Y-%m-%d").ok();
    if signed.is_some_and(|d| (d - today).num_days().abs() <= 1) {
        return Ok(());
    }
    Err(AppError::validation(BTreeMap::from([(
        "date_signed".to_owned(),
        vec!["not_today".to_owned()],
    )])))
}

fn optional(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|t| !t.is_empty())
}

/// `POST /aua`, already validated: stored with the evidence of which
/// policy version was signed, for the session's organization.
pub fn submit(
    conn: &mut DbConn,
    settings: &Settings,
    session: &SessionRow,
    request: &AuaSubmitRequest,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> AppResult<AuaSubmitResponse> {
    check_date(&request.date_signed, now)?;
    let affiliation = request.affiliation.ok_or_else(|| {
        AppError::validation(BTreeMap::from([(
            "affiliation".to_owned(),
            vec!["required".to_owned()],
        )]))
    })?;
    let at = db::to_db_time(now);
    let validity = i64::try_from(settings.aua_validity_days).unwrap_or(365);
    let expires = now + Duration::days(validity);
    db::transaction(conn, |conn| {
        let (document_id, version) = documents::current(conn, AUA_KIND, &settings.aua_policy, at)?;
        let read = request.document_version.trim();
        if !read.is_empty() && read != version {
            return Err(AppError::text(
                iam_shared::ErrorCode::Conflict,
                problems::AUA_POLICY_CHANGED,
            ));
        }
        let organization_id = session.active_organization_id.as_deref();
        documents::record_aua(
            conn,
            &NewAuaSubmission {
                id: &db::new_id(),
                user_id: &session.user_id,
                organization_id,
                document_id: &document_id,
                first_name: request.first_name.trim(),
                last_name: request.last_name.trim(),
                work_email: request.work_email.trim(),
                work_phone: optional(&request.work_phone),
                affiliation: affiliation.as_str(),
                explanation: optional(&request.explanation),
                comments: optional(&request.comments),
                employee_id: optional(&request.employee_id),
                signed_on: request.date_signed.trim(),
                ip: meta.ip.as_deref(),
                submitted_at: at,
                expires_at: db::to_db_time(expires),
            },
        )?;
        documents::record_acceptance(
            conn,
            &Acceptance {
                user_id: &session.user_id,
                organization_id,
                document_id: &document_id,
                channel: session.channel.as_str(),
                ip: meta.ip.as_deref(),
            },
            at,
        )?;
        meta.audit(
            conn,
            "aua_signed",
            Some(&session.user_id),
            at,
            json!({
                "document_version": version,
                "affiliation": affiliation.as_str(),
                "language": settings.texts_in(meta.reply_lang()).aua_policy.1.tag(),
            }),
        )?;
        Ok(AuaSubmitResponse {
            message: meta.reply(problems::AUA_SUBMITTED, &[]),
            expires_at: rfc3339(db::to_db_time(expires).and_utc()),
        })
    })
}
