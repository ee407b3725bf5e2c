//! Organizations and memberships.

use chrono::NaiveDateTime;
use diesel::prelude::*;

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
    role: &str,
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
