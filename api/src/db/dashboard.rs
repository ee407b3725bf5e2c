//! The dashboard's tables: the application catalogue, each user's own
//! sections and the tiles placed in them, and the counts its home cards
//! show.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::models::ApplicationRow;
use super::schema::{
    access_requests, applications, audit_events, dashboard_section_tiles, dashboard_sections,
    organizations,
};
use super::DbConn;

/// Every application, in catalogue order.
pub fn applications(conn: &mut DbConn) -> QueryResult<Vec<ApplicationRow>> {
    applications::table
        .order(applications::position.asc())
        .select(ApplicationRow::as_select())
        .load(conn)
}

pub fn find_application(conn: &mut DbConn, id: &str) -> QueryResult<Option<ApplicationRow>> {
    if !super::plausible_key(id) {
        return Ok(None);
    }
    applications::table
        .find(id)
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()
}

/// Add a catalogue entry at the end of the catalogue.
pub fn insert_application(conn: &mut DbConn, app: &ApplicationRow) -> QueryResult<()> {
    let last: Option<i32> = applications::table
        .select(diesel::dsl::max(applications::position))
        .first(conn)?;
    let row = ApplicationRow {
        position: last.map_or(0, |p| p + 1),
        ..app.clone()
    };
    diesel::insert_into(applications::table)
        .values(&row)
        .execute(conn)
        .map(drop)
}

/// Write a catalogue entry (its place in the catalogue stays).
pub fn update_application(conn: &mut DbConn, app: &ApplicationRow) -> QueryResult<()> {
    diesel::update(applications::table.find(&app.id))
        .set((
            applications::name.eq(&app.name),
            applications::description.eq(&app.description),
            applications::url.eq(&app.url),
            applications::default_group.eq(&app.default_group),
            applications::requires_aua.eq(app.requires_aua),
            applications::allowed_user_types.eq(&app.allowed_user_types),
            applications::allowed_roles.eq(&app.allowed_roles),
            applications::allowed_org_codes.eq(&app.allowed_org_codes),
        ))
        .execute(conn)
        .map(drop)
}

/// Which of `ids` name an application.
pub fn known_application_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<String>> {
    applications::table
        .filter(applications::id.eq_any(ids))
        .select(applications::id)
        .load(conn)
}

/// The user's own sections, in order: (id, name).
pub fn sections_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(String, String)>> {
    dashboard_sections::table
        .filter(dashboard_sections::user_id.eq(user_id))
        .order(dashboard_sections::position.asc())
        .select((dashboard_sections::id, dashboard_sections::name))
        .load(conn)
}

/// The tiles placed in the user's sections, in order: (section id,
/// application id).
pub fn placed_tiles_of(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<(String, String)>> {
    dashboard_section_tiles::table
        .inner_join(dashboard_sections::table)
        .filter(dashboard_sections::user_id.eq(user_id))
        .order(dashboard_section_tiles::position.asc())
        .select((
            dashboard_section_tiles::section_id,
            dashboard_section_tiles::application_id,
        ))
        .load(conn)
}

pub fn count_sections_of(conn: &mut DbConn, user_id: &str) -> QueryResult<i64> {
    dashboard_sections::table
        .filter(dashboard_sections::user_id.eq(user_id))
        .count()
        .get_result(conn)
}

pub fn is_section_of(conn: &mut DbConn, section_id: &str, user_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        dashboard_sections::table
            .filter(dashboard_sections::id.eq(section_id))
            .filter(dashboard_sections::user_id.eq(user_id)),
    ))
    .get_result(conn)
}

/// A new, empty section at `position`.
pub fn create_section(
    conn: &mut DbConn,
    (id, user_id): (&str, &str),
    name: &str,
    position: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(dashboard_sections::table)
        .values((
            dashboard_sections::id.eq(id),
            dashboard_sections::user_id.eq(user_id),
            dashboard_sections::name.eq(name),
            dashboard_sections::position.eq(position),
            dashboard_sections::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Name a section and fill it with `tiles`, in order (duplicates once);
/// those tiles leave the user's other sections.
pub fn set_section(
    conn: &mut DbConn,
    (section_id, user_id): (&str, &str),
    name: &str,
    tiles: &[String],
) -> QueryResult<()> {
    let own_sections = dashboard_sections::table
        .filter(dashboard_sections::user_id.eq(user_id))
        .select(dashboard_sections::id);
    diesel::delete(
        dashboard_section_tiles::table
            .filter(dashboard_section_tiles::section_id.eq_any(own_sections))
            .filter(
                dashboard_section_tiles::application_id
                    .eq_any(tiles)
                    .or(dashboard_section_tiles::section_id.eq(section_id)),
            ),
    )
    .execute(conn)?;
    let mut seen = Vec::new();
    for app in tiles {
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
        .set(dashboard_sections::name.eq(name))
        .execute(conn)
        .map(drop)
}

/// Pending access requests, newest first: (first name, last name, the
/// organization's name); all of them, or those of `organization_ids`.
pub fn pending_access_requests(
    conn: &mut DbConn,
    organization_ids: Option<&[String]>,
) -> QueryResult<Vec<(String, String, Option<String>)>> {
    let mut query = access_requests::table
        .left_join(
            organizations::table.on(organizations::id
                .nullable()
                .eq(access_requests::organization_id)),
        )
        .filter(access_requests::status.eq(iam_shared::dto::access::AccessRequestStatus::Pending))
        .into_boxed();
    if let Some(ids) = organization_ids {
        query = query.filter(access_requests::organization_id.eq_any(ids));
    }
    query
        .order(access_requests::created_at.desc())
        .select((
            access_requests::first_name,
            access_requests::last_name,
            organizations::name.nullable(),
        ))
        .load(conn)
}

/// When the account's owner reported suspicious activity since `since`,
/// newest first.
pub fn suspicious_activity_reports(
    conn: &mut DbConn,
    user_id: &str,
    since: NaiveDateTime,
) -> QueryResult<Vec<NaiveDateTime>> {
    audit_events::table
        .filter(audit_events::user_id.eq(user_id))
        .filter(audit_events::event_type.eq("suspicious_activity_reported"))
        .filter(audit_events::occurred_at.ge(since))
        .order(audit_events::occurred_at.desc())
        .select(audit_events::occurred_at)
        .load(conn)
}
