//! The dashboard (docs/product.md §8): the application tiles, locked until the AUA is
//! signed, in the two built-in groups and the user's own sections; the home
//! cards with their counts and the home panels.

use chrono::{DateTime, Duration, Utc};
use iam_shared::dto::dashboard::{
    DashboardResponse, DashboardSection, HomeCard, HomePanel, SectionRequest, Tile,
};
use iam_shared::dto::session::AuaStatus;
use iam_shared::i18n::{console, portal, problems, Lang, Msg};
use iam_shared::types::MembershipRole;
use iam_shared::{ErrorCode, Page};

use crate::config::Settings;
use crate::db::models::ApplicationRow;
use crate::db::{self, DbConn};
use crate::domain::oauth;
use crate::error::{AppError, AppResult};
use crate::services::oidc::authorize::usable_by;

/// The built-in groups: (`applications.default_group`, title).
const GROUPS: [(&str, Msg); 2] = [
    ("my_apps", console::MY_APPS),
    ("my_applications", console::MY_APPLICATIONS),
];

/// How far back the Policy Violations card counts reports.
const VIOLATION_WINDOW_DAYS: i64 = 90;

/// How many items a panel lists.
const PANEL_ITEMS: i64 = 5;

/// `GET /apps/immtrac2`: the application home, for users with a valid AUA.
pub fn application_home(
    conn: &mut DbConn,
    settings: &Settings,
    session: &crate::db::sessions::SessionRow,
    user: &crate::db::models::UserRow,
    now: DateTime<Utc>,
) -> AppResult<iam_shared::dto::session::SessionResponse> {
    super::aua::require_signed(conn, settings, &session.user_id, now)?;
    super::sessions::describe(conn, settings, session, user, now)
}

/// What decides how a user's tiles look: the AUA, who may use which
/// application, and which applications start their own sign-in.
struct TileContext {
    /// The language of the built-in sections' titles.
    lang: Lang,
    aua_signed: bool,
    issuer: String,
    /// (application id, initiate-login URI)
    initiate_login: Vec<(String, String)>,
}

impl TileContext {
    /// A tile; a locked one carries no address, so no client can open what
    /// the AUA gates (the applications refuse such users themselves too).
    /// An application with an initiate-login URI is opened through it, so
    /// one click lands the user signed in (OIDC Core §4).
    fn tile(&self, app: &ApplicationRow) -> Tile {
        let locked = app.requires_aua && !self.aua_signed;
        let launch = || {
            let target = app.url.starts_with("https://") || app.url.starts_with("http://");
            self.initiate_login
                .iter()
                .find(|(id, _)| *id == app.id)
                .and_then(|(_, uri)| {
                    oauth::initiate_login_url(uri, &self.issuer, target.then_some(&*app.url))
                })
                .unwrap_or_else(|| app.url.clone())
        };
        Tile {
            app_id: app.id.clone(),
            name: app.name.clone(),
            description: app.description.clone(),
            url: if locked { String::new() } else { launch() },
            locked,
        }
    }
}

/// The applications the user may use (the others show no tile; their
/// sign-in refuses the user too), in catalogue order.
fn usable_applications(conn: &mut DbConn, user_id: &str) -> AppResult<Vec<ApplicationRow>> {
    let apps = db::dashboard::applications(conn)?;
    let user = db::users::find_by_id(conn, user_id)?.ok_or_else(AppError::not_found)?;
    usable_by(conn, &user, apps)
}

/// The user's sections with their tiles, then the built-in groups with the
/// applications not moved into a section.
fn sections(
    conn: &mut DbConn,
    user_id: &str,
    context: &TileContext,
) -> AppResult<Vec<DashboardSection>> {
    let apps = usable_applications(conn, user_id)?;
    let own = db::dashboard::sections_of(conn, user_id)?;
    let placed = db::dashboard::placed_tiles_of(conn, user_id)?;
    let find = |id: &str| apps.iter().find(|a| a.id == id);
    let mut result: Vec<DashboardSection> = own
        .into_iter()
        .map(|(id, name)| DashboardSection {
            tiles: placed
                .iter()
                .filter(|(section, _)| *section == id)
                .filter_map(|(_, app)| find(app).map(|a| context.tile(a)))
                .collect(),
            id: Some(id),
            name,
        })
        .collect();
    let moved = |app: &ApplicationRow| placed.iter().any(|(_, id)| *id == app.id);
    for (group, title) in GROUPS {
        result.push(DashboardSection {
            id: None,
            name: context.lang.text(title).to_owned(),
            tiles: apps
                .iter()
                .filter(|a| a.default_group == group && !moved(a))
                .map(|a| context.tile(a))
                .collect(),
        });
    }
    Ok(result)
}

/// Pending access requests the user decides: support and admins see all,
/// a POC those of their organizations. Newest first, as panel lines.
fn pending_approvals(
    conn: &mut DbConn,
    user_id: &str,
    lang: Lang,
) -> AppResult<(u32, Vec<String>)> {
    let roles = db::organizations::roles_of_user(conn, user_id)?;
    let everyone = roles
        .iter()
        .any(|r| matches!(r, MembershipRole::Support | MembershipRole::Admin));
    let poc_of = db::organizations::ids_where_role(conn, user_id, MembershipRole::Poc)?;
    if !everyone && poc_of.is_empty() {
        return Ok((0, Vec::new()));
    }
    let rows =
        db::dashboard::pending_access_requests(conn, (!everyone).then_some(poc_of.as_slice()))?;
    let count = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let items = rows
        .into_iter()
        .take(usize::try_from(PANEL_ITEMS).unwrap_or(5))
        .map(|(first, last, org)| match org {
            Some(org) => problems::APPROVAL_ACCESS_FOR
                .fill(lang, &[("first", &first), ("last", &last), ("org", &org)]),
            None => {
                problems::APPROVAL_ACCOUNT_FOR.fill(lang, &[("first", &first), ("last", &last)])
            }
        })
        .collect();
    Ok((count, items))
}

/// Reports of suspicious activity on the account in the last 90 days: the
/// violation work items a user sees about their own account.
fn violations(
    conn: &mut DbConn,
    user_id: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<(u32, Vec<String>)> {
    let since = db::to_db_time(now - Duration::days(VIOLATION_WINDOW_DAYS));
    let when = db::dashboard::suspicious_activity_reports(conn, user_id, since)?;
    let count = u32::try_from(when.len()).unwrap_or(u32::MAX);
    let items = when
        .into_iter()
        .take(usize::try_from(PANEL_ITEMS).unwrap_or(5))
        .map(|at| {
            let when = at.format("%Y-%m-%d %H:%M UTC").to_string();
            problems::SUSPICIOUS_ACTIVITY_ON.fill(lang, &[("when", &when)])
        })
        .collect();
    Ok((count, items))
}

/// `GET /dashboard`, its built-in titles in `lang`.
pub fn dashboard(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<DashboardResponse> {
    let (aua_status, _) = super::aua::status(conn, settings, user_id, now)?;
    let signed = aua_status == AuaStatus::Valid;
    let (violation_count, violation_items) = violations(conn, user_id, lang, now)?;
    let (approval_count, approval_items) = pending_approvals(conn, user_id, lang)?;
    let tiles = TileContext {
        lang,
        aua_signed: signed,
        issuer: settings.public_base().to_owned(),
        initiate_login: db::oauth::initiate_login_uris(conn)?,
    };
    let card = |title: Msg, url: &str, count: Option<u32>| HomeCard {
        title: lang.text(title).to_owned(),
        url: url.to_owned(),
        count,
    };
    Ok(DashboardResponse {
        aua_status,
        sections: sections(conn, user_id, &tiles)?,
        cards: vec![
            card(portal::MANAGE_ACCESS, Page::ManageAccess.path(), None),
            card(problems::CARD_SIGN_AUA, Page::Aua.path(), None),
            card(
                problems::CARD_POLICY_VIOLATIONS,
                &format!("{}#violations", Page::Dashboard.path()),
                Some(violation_count),
            ),
            card(
                problems::CARD_APPROVALS,
                &format!("{}#approvals", Page::Dashboard.path()),
                Some(approval_count),
            ),
            card(portal::MANAGE_MY_ACCESS, Page::ManageMyAccess.path(), None),
        ],
        panels: vec![
            HomePanel {
                title: lang.text(problems::PANEL_VIOLATIONS).to_owned(),
                items: violation_items,
            },
            // Access reviews are not modelled yet: the panel is honestly empty.
            HomePanel {
                title: lang.text(problems::PANEL_ACCESS_REVIEWS).to_owned(),
                items: Vec::new(),
            },
            HomePanel {
                title: lang.text(problems::PANEL_APPROVALS).to_owned(),
                items: approval_items,
            },
        ],
    })
}

/// Sections a user may have.
const MAX_SECTIONS: i64 = 20;

/// Set a section's name and tiles (inside the caller's transaction): the
/// tiles leave any other section of the user.
fn place_tiles(
    conn: &mut DbConn,
    user_id: &str,
    section_id: &str,
    request: &SectionRequest,
) -> AppResult<()> {
    let known = db::dashboard::known_application_ids(conn, &request.tiles)?;
    if request.tiles.iter().any(|t| !known.contains(t)) {
        return Err(AppError::validation(std::collections::BTreeMap::from([(
            "tiles".to_owned(),
            vec!["unknown_application".to_owned()],
        )])));
    }
    db::dashboard::set_section(
        conn,
        (section_id, user_id),
        request.name.trim(),
        &request.tiles,
    )?;
    Ok(())
}

/// "Add section": a new section at the end, with the tiles named.
pub fn add_section(
    conn: &mut DbConn,
    user_id: &str,
    request: &SectionRequest,
    now: DateTime<Utc>,
) -> AppResult<String> {
    db::transaction(conn, |conn| {
        let count = db::dashboard::count_sections_of(conn, user_id)?;
        if count >= MAX_SECTIONS {
            return Err(AppError::text(
                ErrorCode::Conflict,
                problems::TOO_MANY_SECTIONS,
            ));
        }
        let id = db::new_id();
        db::dashboard::create_section(
            conn,
            (&id, user_id),
            request.name.trim(),
            i32::try_from(count + 1).unwrap_or(i32::MAX),
            db::to_db_time(now),
        )?;
        place_tiles(conn, user_id, &id, request)?;
        Ok(id)
    })
}

/// Rename one of the user's sections and set its tiles.
pub fn update_section(
    conn: &mut DbConn,
    user_id: &str,
    section_id: &str,
    request: &SectionRequest,
) -> AppResult<()> {
    db::transaction(conn, |conn| {
        if !db::dashboard::is_section_of(conn, section_id, user_id)? {
            return Err(AppError::not_found());
        }
        place_tiles(conn, user_id, section_id, request)
    })
}
