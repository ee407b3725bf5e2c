//! WebAuthn ceremonies between their two requests (docs/authenticators.md):
//! stored here, not in one instance's memory, and taken once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::webauthn_challenges;
use super::DbConn;

iam_shared::wire_enum! {
    /// What a ceremony is for.
    CeremonyPurpose {
        /// Adding a passkey to a signed-in account.
        Registration = "registration",
        /// A passkey as a sign-in's factor after the username is known.
        SecondFactor = "second_factor",
        /// A username-less sign-in: the passkey names the account.
        Passwordless = "passwordless",
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = webauthn_challenges)]
pub struct NewChallenge<'a> {
    pub id_hash: &'a str,
    pub purpose: CeremonyPurpose,
    pub user_id: Option<&'a str>,
    pub state: &'a str,
    pub expires_at: NaiveDateTime,
}

/// Store a ceremony, replacing one under the same id (a second "Sign in
/// with a passkey" on one sign-in voids the first challenge).
pub fn put(conn: &mut DbConn, challenge: &NewChallenge<'_>) -> QueryResult<()> {
    diesel::delete(webauthn_challenges::table.find(challenge.id_hash)).execute(conn)?;
    diesel::insert_into(webauthn_challenges::table)
        .values(challenge)
        .execute(conn)
        .map(drop)
}

/// Take a ceremony's state (its owner, if any, and the state): it is gone
/// afterwards, so of two answers to one challenge only one is checked.
pub fn take(
    conn: &mut DbConn,
    id_hash: &str,
    purpose: CeremonyPurpose,
    now: NaiveDateTime,
) -> QueryResult<Option<(Option<String>, String)>> {
    diesel::delete(
        webauthn_challenges::table
            .filter(webauthn_challenges::id_hash.eq(id_hash))
            .filter(webauthn_challenges::purpose.eq(purpose))
            .filter(webauthn_challenges::expires_at.gt(now)),
    )
    .returning((webauthn_challenges::user_id, webauthn_challenges::state))
    .get_result(conn)
    .optional()
}

pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(webauthn_challenges::table.filter(webauthn_challenges::expires_at.le(now)))
        .execute(conn)
}
