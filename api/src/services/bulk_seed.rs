//! Bulk seeding for benchmarks and load tests (`iam-api seed-bulk`): many
//! external users in one organization, fast. Every seeded account shares
//! one argon2id hash (same password, same salt) computed once with the
//! production parameters: hashing a million passwords one by one would take
//! the best part of a day, and a sign-in's cost does not depend on the salt.

use chrono::{DateTime, Utc};
use iam_shared::dto::admin::ImportRecord;
use iam_shared::types::UserType;

use crate::db::{self, DbConn};
use crate::error::AppResult;
use crate::services::{import, RequestMeta};

/// Accounts per transaction: large enough to amortise the commit, small
/// enough that a SQLite writer lock never lasts long.
const BATCH: u64 = 10_000;

/// The organization the seeded users belong to.
pub const ORG_CODE: &str = "BULK";

/// The `i`-th seeded username, a valid "2-4-2" one: the four digits are
/// `i mod 10 000`, the letters count the ten-thousands in base 26.
pub fn username(i: u64) -> String {
    let letters = |n: u64| char::from(b'A' + u8::try_from(n % 26).unwrap_or(0));
    let high = i / 10_000;
    format!(
        "{}{}{:04}{}{}",
        letters(high / 17_576),
        letters(high / 676),
        i % 10_000,
        letters(high / 26),
        letters(high),
    )
}

/// Seed users `start .. start + count` (creating the organization if
/// needed), reporting progress after each batch; returns how many.
pub fn seed(
    conn: &mut DbConn,
    start: u64,
    count: u64,
    password_hash: &str,
    now: DateTime<Utc>,
    mut progress: impl FnMut(u64),
) -> AppResult<u64> {
    if db::organizations::find_by_code(conn, ORG_CODE)?.is_none() {
        db::organizations::create(
            conn,
            &db::new_id(),
            ORG_CODE,
            "Bulk-seeded benchmark organization",
            db::to_db_time(now),
        )?;
    }
    let mut done = 0;
    while done < count {
        let batch = BATCH.min(count - done);
        let first = start + done;
        let records = (first..first + batch)
            .map(|i| ImportRecord {
                username: username(i),
                first_name: "Bulk".into(),
                last_name: format!("User{i}"),
                email: format!("bulk{i}@bulk.example"),
                organizations: vec![ORG_CODE.into()],
                password_hash: password_hash.to_owned(),
                user_type: Some(UserType::External),
            })
            .collect();
        import::import_records(
            conn,
            records,
            None,
            "seed-bulk",
            &RequestMeta::default(),
            now,
        )?;
        done += batch;
        progress(done);
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_usernames_are_valid_and_distinct() {
        assert_eq!(username(0), "AA0000AA");
        assert_eq!(username(10_001), "AA0001AB");
        let sample: Vec<u64> = (0..2_000_000)
            .step_by(9_973)
            .chain([4_569_759_999])
            .collect();
        let names: std::collections::HashSet<String> =
            sample.iter().map(|&i| username(i)).collect();
        assert_eq!(names.len(), sample.len());
        assert!(names
            .iter()
            .all(|n| iam_shared::rules::is_external_username(n)));
    }
}
