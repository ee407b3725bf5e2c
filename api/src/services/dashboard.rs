//! The dashboard (docs/product.md §8): the application tiles, locked until the AUA is
//! signed, in the two built-in groups and the user's own sections; the home
//! cards with their counts and the home panels.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use iam_shared::dto::dashboard::{
    DashboardResponse, DashboardSection, HomeCard, HomePanel, SectionRequest, Tile,
};
use iam_shared::dto::session::AuaStatus;
use iam_shared::ErrorCode;

use crate::config::Settings;
use crate::db::models::ApplicationRow;
use crate::db::schema::{
    access_requests, applications, audit_events, dashboard_section_tiles, dashboard_sections,
    memberships, organizations,
};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};

/// The built-in groups: (`applications.default_group`, title).
const GROUPS: [(&str, &str); 2] = [
    ("my_apps", "My Apps"),
    ("my_applications", "My Applications"),
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
    now: DateTime<Utc>,
) -> AppResult<iam_shared::dto::session::SessionResponse> {
    super::aua::require_signed(conn, settings, &session.user_id, now)?;
    super::sessions::describe(conn, settings, session, now)
}

/// A tile; a locked one carries no address, so no client can open what the
/// AUA gates (the applications refuse such users themselves too).
fn tile(app: &ApplicationRow, aua_signed: bool) -> Tile {
    let locked = app.requires_aua && !aua_signed;
    Tile {
        app_id: app.id.clone(),
        name: app.name.clone(),
        description: app.description.clone(),
        url: if locked {
            String::new()
        } else {
            app.url.clone()
        },
        locked,
    }
}

/// The user's sections with their tiles, then the built-in groups with the
/// applications not moved into a section.
fn sections(
    conn: &mut DbConn,
    user_id: &str,
    aua_signed: bool,
) -> AppResult<Vec<DashboardSection>> {
    let apps: Vec<ApplicationRow> = applications::table
        .order(applications::position.asc())
        .select(ApplicationRow::as_select())
        .load(conn)?;
    let own: Vec<(String, String)> = dashboard_sections::table
        .filter(dashboard_sections::user_id.eq(user_id))
        .order(dashboard_sections::position.asc())
        .select((dashboard_sections::id, dashboard_sections::name))
        .load(conn)?;
    let placed: Vec<(String, String)> = dashboard_section_tiles::table
        .inner_join(dashboard_sections::table)
        .filter(dashboard_sections::user_id.eq(user_id))
        .order(dashboard_section_tiles::position.asc())
        .select((
            dashboard_section_tiles::section_id,
            dashboard_section_tiles::application_id,
        ))
        .load(conn)?;
    let find = |id: &str| apps.iter().find(|a| a.id == id);
    let mut result: Vec<DashboardSection> = own
        .into_iter()
        .map(|(id, name)| DashboardSection {
            tiles: placed
                .iter()
                .filter(|(section, _)| *section == id)
                .filter_map(|(_, app)| find(app).map(|a| tile(a, aua_signed)))
                .collect(),
            id: Some(id),
            name,
        })
        .collect();
    let moved = |app: &ApplicationRow| placed.iter().any(|(_, id)| *id == app.id);
    for (group, title) in GROUPS {
        result.push(DashboardSection {
            id: None,
            name: title.to_owned(),
            tiles: apps
                .iter()
                .filter(|a| a.default_group == group && !moved(a))
                .map(|a| tile(a, aua_signed))
                .collect(),
        });
    }
    Ok(result)
}

/// Pending access requests the user decides: support and admins see all,
/// a POC those of their organizations. Newest first, as panel lines.
fn pending_approvals(conn: &mut DbConn, user_id: &str) -> AppResult<(u32, Vec<String>)> {
    let roles: Vec<(String, String)> = memberships::table
        .filter(memberships::user_id.eq(user_id))
        .select((memberships::organization_id, memberships::role))
        .load(conn)?;
    let everyone = roles.iter().any(|(_, r)| r == "support" || r == "admin");
    let poc_of: Vec<&String> = roles
        .iter()
        .filter(|(_, r)| r == "poc")
        .map(|(o, _)| o)
        .collect();
    if !everyone && poc_of.is_empty() {
        return Ok((0, Vec::new()));
    }
    let mut query = access_requests::table
        .left_join(
            organizations::table.on(organizations::id
                .nullable()
                .eq(access_requests::organization_id)),
        )
        .filter(access_requests::status.eq("pending"))
        .into_boxed();
    if !everyone {
        query = query.filter(access_requests::organization_id.eq_any(poc_of));
    }
    let rows: Vec<(String, String, Option<String>)> = query
        .order(access_requests::created_at.desc())
        .select((
            access_requests::first_name,
            access_requests::last_name,
            organizations::name.nullable(),
        ))
        .load(conn)?;
    let count = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let items = rows
        .into_iter()
        .take(usize::try_from(PANEL_ITEMS).unwrap_or(5))
        .map(|(first, last, org)| match org {
            Some(org) => format!("Access for {first} {last} ({org})"),
            None => format!("Account for {first} {last}"),
        })
        .collect();
    Ok((count, items))
}

/// Reports of suspicious activity on the account in the last 90 days: the
/// violation work items a user sees about their own account.
fn violations(
    conn: &mut DbConn,
    user_id: &str,
    now: DateTime<Utc>,
) -> AppResult<(u32, Vec<String>)> {
    let since = db::to_db_time(now - Duration::days(VIOLATION_WINDOW_DAYS));
    let when: Vec<chrono::NaiveDateTime> = audit_events::table
        .filter(audit_events::user_id.eq(user_id))
        .filter(audit_events::event_type.eq("suspicious_activity_reported"))
        .filter(audit_events::occurred_at.ge(since))
        .order(audit_events::occurred_at.desc())
        .select(audit_events::occurred_at)
        .load(conn)?;
    let count = u32::try_from(when.len()).unwrap_or(u32::MAX);
    let items = when
        .into_iter()
        .take(usize::try_from(PANEL_ITEMS).unwrap_or(5))
        .map(|at| {
            format!(
                "Suspicious activity reported on {}",
                at.format("%Y-%m-%d %H:%M UTC")
            )
        })
        .collect();
    Ok((count, items))
}

/// `GET /dashboard`.
pub fn dashboard(
    conn: &mut DbConn,
    settings: &Settings,
    user_id: &str,
    now: DateTime<Utc>,
) -> AppResult<DashboardResponse> {
    let (aua_status, _) = super::aua::status(conn, settings, user_id, now)?;
    let signed = aua_status == AuaStatus::Valid;
    let (violation_count, violation_items) = violations(conn, user_id, now)?;
    let (approval_count, approval_items) = pending_approvals(conn, user_id)?;
    let card = |title: &str, url: &str, count: Option<u32>| HomeCard {
        title: title.to_owned(),
        url: url.to_owned(),
        count,
    };
    Ok(DashboardResponse {
        aua_status,
        sections: sections(conn, user_id, signed)?,
        cards: vec![
            card("Manage Access (Beta)", "/manage-access", None),
            card("Sign AUA Form", "/aua", None),
            card(
                "Policy Violations",
                "/dashboard#violations",
                Some(violation_count),
            ),
            card("Approvals", "/dashboard#approvals", Some(approval_count)),
            card("Manage My Access", "/manage-my-access", None),
        ],
        panels: vec![
            HomePanel {
                title: "Latest Violation Work Items".to_owned(),
                items: violation_items,
            },
            // Access reviews are not modelled yet: the panel is honestly empty.
            HomePanel {
                title: "My Access Reviews".to_owned(),
                items: Vec::new(),
            },
            HomePanel {
                title: "Latest Approvals".to_owned(),
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
    let known: Vec<String> = applications::table
        .filter(applications::id.eq_any(&request.tiles))
        .select(applications::id)
        .load(conn)?;
    if request.tiles.iter().any(|t| !known.contains(t)) {
        return Err(AppError::validation(std::collections::BTreeMap::from([(
            "tiles".to_owned(),
            vec!["unknown_application".to_owned()],
        )])));
    }
    let own_sections = dashboard_sections::table
        .filter(dashboard_sections::user_id.eq(user_id))
        .select(dashboard_sections::id);
    diesel::delete(
        dashboard_section_tiles::table
            .filter(dashboard_section_tiles::section_id.eq_any(own_sections))
            .filter(
                dashboard_section_tiles::application_id
                    .eq_any(&request.tiles)
                    .or(dashboard_section_tiles::section_id.eq(section_id)),
            ),
    )
    .execute(conn)?;
    let mut seen = Vec::new();
    for app in &request.tiles {
        if seen.contains(&app) {
            continue;
        }
        seen.push(app);
        diesel::insert_into(dashboard_section_tiles::table)
            .values((
                dashboard_section_tiles::section_id.eq(section_id),
                dashboard_section_tiles::application_id.eq(app),
                dashboard_section_tiles::position.eq(i32::try_from(seen.len()).unwrap_or(i32::MAX)),
            ))
            .execute(conn)?;
    }
    diesel::update(dashboard_sections::table.find(section_id))
        .set(dashboard_sections::name.eq(request.name.trim()))
        .execute(conn)?;
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
        let count: i64 = dashboard_sections::table
            .filter(dashboard_sections::user_id.eq(user_id))
            .count()
            .get_result(conn)?;
        if count >= MAX_SECTIONS {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "You have the most sections a dashboard can hold. Rename or reuse one.",
            ));
        }
        let id = db::new_id();
        diesel::insert_into(dashboard_sections::table)
            .values((
                dashboard_sections::id.eq(&id),
                dashboard_sections::user_id.eq(user_id),
                dashboard_sections::name.eq(request.name.trim()),
                dashboard_sections::position.eq(i32::try_from(count + 1).unwrap_or(i32::MAX)),
                dashboard_sections::created_at.eq(db::to_db_time(now)),
            ))
            .execute(conn)?;
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
        let mine: bool = diesel::select(diesel::dsl::exists(
            dashboard_sections::table
                .filter(dashboard_sections::id.eq(section_id))
                .filter(dashboard_sections::user_id.eq(user_id)),
        ))
        .get_result(conn)?;
        if !mine {
            return Err(AppError::not_found());
        }
        place_tiles(conn, user_id, section_id, request)
    })
}
