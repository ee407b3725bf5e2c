//! Organizations and memberships.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use iam_shared::types::MembershipRole;

use super::models::{MembershipRow, NewMembership, NewOrganization, OrganizationRow};
use super::schema::{memberships, organizations};
use super::DbConn;

pub fn create(
    conn: &mut DbConn,
    id: &str,
    org_code: &str,
    name: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(organizations::table)
        .values(NewOrganization {
            id,
            org_code,
            name,
            created_at: now,
        })
        .execute(conn)
        .map(drop)
}

/// Org codes are matched exactly but without surrounding blanks, upper case.
pub fn find_by_code(conn: &mut DbConn, org_code: &str) -> QueryResult<Option<OrganizationRow>> {
    organizations::table
        .filter(organizations::org_code.eq(org_code.trim().to_uppercase()))
        .select(OrganizationRow::as_select())
        .first(conn)
        .optional()
}

pub fn add_member(
    conn: &mut DbConn,
    user_id: &str,
    organization_id: &str,
    role: MembershipRole,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(memberships::table)
        .values(NewMembership {
            user_id,
            organization_id,
            role,
            created_at: now,
        })
        .execute(conn)
        .map(drop)
}

/// A user's organizations with the role held in each, by org code.
pub fn find_memberships_of_user(
    conn: &mut DbConn,
    user_id: &str,
) -> QueryResult<Vec<(OrganizationRow, MembershipRow)>> {
    organizations::table
        .inner_join(memberships::table)
        .filter(memberships::user_id.eq(user_id))
        .order(organizations::org_code.asc())
        .select((OrganizationRow::as_select(), MembershipRow::as_select()))
        .load(conn)
}

/// The roles a user holds in any organization.
pub fn roles_of_user(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<MembershipRole>> {
    memberships::table
        .filter(memberships::user_id.eq(user_id))
        .select(memberships::role)
        .distinct()
        .load(conn)
}

/// Does the user hold `role` in the organization.
pub fn has_role_in(
    conn: &mut DbConn,
    user_id: &str,
    organization_id: &str,
    role: MembershipRole,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::organization_id.eq(organization_id))
            .filter(memberships::role.eq(role)),
    ))
    .get_result(conn)
}

/// Organizations where the user holds `role`.
pub fn ids_where_role(
    conn: &mut DbConn,
    user_id: &str,
    role: MembershipRole,
) -> QueryResult<Vec<String>> {
    memberships::table
        .filter(memberships::user_id.eq(user_id))
        .filter(memberships::role.eq(role))
        .select(memberships::organization_id)
        .load(conn)
}

pub fn find_by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<OrganizationRow>> {
    organizations::table
        .find(id)
        .select(OrganizationRow::as_select())
        .first(conn)
        .optional()
}

/// Every organization's id by org code.
pub fn ids_by_code(conn: &mut DbConn) -> QueryResult<std::collections::HashMap<String, String>> {
    Ok(organizations::table
        .select((organizations::org_code, organizations::id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// Insert many memberships at once (an import), in the caller's transaction.
pub fn add_many(conn: &mut DbConn, rows: &[NewMembership<'_>]) -> QueryResult<()> {
    // PostgreSQL takes multi-row INSERTs on its own connection (diesel's
    // MultiConnection builds single-row ones only). SQLite gets one row per
    // statement: diesel would wrap its row-by-row batch in a transaction of
    // its own, inside ours; in one transaction they are fast anyway.
    match conn {
        DbConn::Postgresql(pg) => {
            for chunk in rows.chunks(1_000) {
                diesel::insert_into(memberships::table)
                    .values(chunk)
                    .execute(pg)?;
            }
        }
        DbConn::Sqlite(_) => {
            for row in rows {
                diesel::insert_into(memberships::table)
                    .values(row)
                    .execute(conn)?;
            }
        }
    }
    Ok(())
}

/// The members of an organization with their accounts, by last name.
pub fn members_of(
    conn: &mut DbConn,
    organization_id: &str,
) -> QueryResult<Vec<(MembershipRow, crate::db::models::UserRow)>> {
    use crate::db::schema::users;
    memberships::table
        .inner_join(users::table)
        .filter(memberships::organization_id.eq(organization_id))
        .order((users::last_name.asc(), users::first_name.asc()))
        .select((
            MembershipRow::as_select(),
            crate::db::models::UserRow::as_select(),
        ))
        .load(conn)
}

/// Give `user_id` `role` in the organization, whether or not they were a
/// member.
pub fn set_member_role(
    conn: &mut DbConn,
    user_id: &str,
    organization_id: &str,
    role: MembershipRole,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let updated = diesel::update(
        memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::organization_id.eq(organization_id)),
    )
    .set(memberships::role.eq(role))
    .execute(conn)?;
    if updated == 0 {
        add_member(conn, user_id, organization_id, role, now)?;
    }
    Ok(())
}

pub fn remove_member(
    conn: &mut DbConn,
    user_id: &str,
    organization_id: &str,
) -> QueryResult<usize> {
    diesel::delete(
        memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::organization_id.eq(organization_id)),
    )
    .execute(conn)
}
