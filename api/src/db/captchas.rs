//! CAPTCHA challenges: only a digest of the answer is kept, and a challenge
//! answers once, right or wrong.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::captcha_challenges;
use super::DbConn;

pub fn create(
    conn: &mut DbConn,
    id: &str,
    answer_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(captcha_challenges::table)
        .values((
            captcha_challenges::id.eq(id),
            captcha_challenges::answer_hash.eq(answer_hash),
            captcha_challenges::created_at.eq(now),
            captcha_challenges::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(drop)
}

/// Use the challenge up and return its answer digests (the image's, and
/// the e-mailed code's if one was sent), if it was unused and unexpired.
/// One `UPDATE … RETURNING`: two requests cannot both use it.
pub fn consume(
    conn: &mut DbConn,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(String, Option<String>)>> {
    diesel::update(
        captcha_challenges::table
            .find(id)
            .filter(captcha_challenges::consumed_at.is_null())
            .filter(captcha_challenges::expires_at.gt(now)),
    )
    .set(captcha_challenges::consumed_at.eq(now))
    .returning((
        captcha_challenges::answer_hash,
        captcha_challenges::emailed_answer_hash,
    ))
    .get_result(conn)
    .optional()
}

/// Attach an e-mailed code to an open challenge that has none yet, and give
/// the challenge the code's lifetime from now (the mail takes time to
/// arrive); `false` when the challenge is used, expired, unknown or already
/// has one.
pub fn attach_emailed_answer(
    conn: &mut DbConn,
    id: &str,
    answer_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        captcha_challenges::table
            .find(id)
            .filter(captcha_challenges::consumed_at.is_null())
            .filter(captcha_challenges::expires_at.gt(now))
            .filter(captcha_challenges::emailed_answer_hash.is_null()),
    )
    .set((
        captcha_challenges::emailed_answer_hash.eq(answer_hash),
        captcha_challenges::expires_at.eq(expires_at),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Drop challenges that can no longer be answered (housekeeping).
pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(captcha_challenges::table.filter(captcha_challenges::expires_at.le(now)))
        .execute(conn)
}
