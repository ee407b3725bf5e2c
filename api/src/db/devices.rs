//! Familiar devices: the browsers an account has signed in from, known by a
//! digest of their device cookie's secret (issue 15, point 9).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::familiar_devices;
use super::DbConn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = familiar_devices)]
pub struct FamiliarDeviceRow {
    pub id: String,
    pub user_id: String,
    pub device_hash: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
}

/// Where and when a device was seen signing in.
pub struct Sighting<'a> {
    pub user_id: &'a str,
    pub device_hash: &'a str,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub at: NaiveDateTime,
}

/// Has this account signed in from this device (and not forgotten it)?
pub fn is_familiar(conn: &mut DbConn, user_id: &str, device_hash: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        familiar_devices::table
            .filter(familiar_devices::user_id.eq(user_id))
            .filter(familiar_devices::device_hash.eq(device_hash)),
    ))
    .get_result(conn)
}

/// Remember a successful sign-in from the device: a new row, or the
/// existing one seen again.
pub fn remember(conn: &mut DbConn, sighting: &Sighting<'_>) -> QueryResult<()> {
    let seen_again = diesel::update(
        familiar_devices::table
            .filter(familiar_devices::user_id.eq(sighting.user_id))
            .filter(familiar_devices::device_hash.eq(sighting.device_hash)),
    )
    .set((
        familiar_devices::last_seen_at.eq(sighting.at),
        familiar_devices::ip.eq(sighting.ip),
        familiar_devices::user_agent.eq(sighting.user_agent),
    ))
    .execute(conn)?;
    if seen_again > 0 {
        return Ok(());
    }
    let row = (
        familiar_devices::id.eq(super::new_id()),
        familiar_devices::user_id.eq(sighting.user_id),
        familiar_devices::device_hash.eq(sighting.device_hash),
        familiar_devices::ip.eq(sighting.ip),
        familiar_devices::user_agent.eq(sighting.user_agent),
        familiar_devices::created_at.eq(sighting.at),
        familiar_devices::last_seen_at.eq(sighting.at),
    );
    // Two sign-ins from one browser at once: the second insert finds the
    // first's row, which is as good.
    match conn {
        DbConn::Sqlite(c) => diesel::insert_or_ignore_into(familiar_devices::table)
            .values(row)
            .execute(c)?,
        DbConn::Postgresql(c) => diesel::insert_into(familiar_devices::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(())
}

/// The account's familiar devices, most recently seen first.
pub fn list_for_user(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<FamiliarDeviceRow>> {
    familiar_devices::table
        .filter(familiar_devices::user_id.eq(user_id))
        .order((
            familiar_devices::last_seen_at.desc(),
            familiar_devices::id.asc(),
        ))
        .select(FamiliarDeviceRow::as_select())
        .load(conn)
}

/// Forget one of the account's devices; `false` when it had none by that id.
pub fn forget(conn: &mut DbConn, user_id: &str, id: &str) -> QueryResult<bool> {
    diesel::delete(
        familiar_devices::table
            .filter(familiar_devices::user_id.eq(user_id))
            .filter(familiar_devices::id.eq(id)),
    )
    .execute(conn)
    .map(|n| n > 0)
}

/// Forget devices not seen since `before` (housekeeping; their cookies
/// have expired too).
pub fn purge_unseen_since(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(familiar_devices::table.filter(familiar_devices::last_seen_at.lt(before)))
        .execute(conn)
}

/// Forget every device of the account but `keep` (the one asking, when it
/// is a browser): the account was signed out everywhere else. Returns how
/// many went.
pub fn forget_all_except(
    conn: &mut DbConn,
    user_id: &str,
    keep: Option<&str>,
) -> QueryResult<usize> {
    let mine = familiar_devices::table.filter(familiar_devices::user_id.eq(user_id));
    match keep {
        Some(device_hash) => {
            diesel::delete(mine.filter(familiar_devices::device_hash.ne(device_hash))).execute(conn)
        }
        None => diesel::delete(mine).execute(conn),
    }
}

/// A browser's device cookie was renewed: its rows (one per account it is
/// familiar to) follow the new secret.
pub fn rekey(conn: &mut DbConn, old_hash: &str, new_hash: &str) -> QueryResult<usize> {
    diesel::update(familiar_devices::table.filter(familiar_devices::device_hash.eq(old_hash)))
        .set(familiar_devices::device_hash.eq(new_hash))
        .execute(conn)
}
