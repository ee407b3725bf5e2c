//! Storage guarantees that security depends on, on both backends.

use diesel::connection::SimpleConnection;
use iam_api::db;

use crate::helpers::spawn_app;

fn create_user(app: &crate::helpers::TestApp) -> String {
    let email = crate::helpers::unique_email("ana");
    crate::helpers::create_account(app, "Ana", "Diaz", &email, None).user_id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_failed_login_reservations_are_all_counted_and_stop_at_the_limit() {
    // Arrange
    let (app, _db) = spawn_app().await;
    let user_id = create_user(&app);
    const N: usize = 24;
    const LIMIT: i32 = 10;
    // Act: N threads increment at once, each on its own pooled connection.
    let handles: Vec<_> = (0..N)
        .map(|_| {
            let pool = app.db.clone();
            let id = user_id.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap_or_else(|e| panic!("{e}"));
                db::transaction(&mut conn, |conn| {
                    db::users::reserve_failed_login(
                        conn,
                        &id,
                        LIMIT,
                        db::to_db_time(chrono::Utc::now()),
                    )
                })
                .unwrap_or_else(|e| panic!("increment failed: {e}"))
            })
        })
        .collect();
    let results: Vec<Option<i32>> = handles
        .into_iter()
        .map(|h| h.join().unwrap_or(Some(-1)))
        .collect();
    // Assert: the first LIMIT reservations each got their own count, none
    // was lost, and every one after the limit was refused.
    let mut granted: Vec<i32> = results.iter().flatten().copied().collect();
    granted.sort_unstable();
    assert_eq!(granted, (1..=LIMIT).collect::<Vec<_>>());
    assert_eq!(results.iter().filter(|r| r.is_none()).count(), N - 10);
    let user = app.with_conn(|conn| {
        db::users::find_by_id(conn, &user_id).expect("the users table is readable")
    });
    assert_eq!(user.map(|u| u.failed_login_count), Some(LIMIT));
    app.stop().await;
}

#[tokio::test]
async fn tampering_with_an_audit_event_breaks_the_chain() {
    let (app, _db) = spawn_app().await;
    create_user(&app);
    create_user(&app);
    let intact =
        app.with_conn(|conn| db::audit::verify_chain(conn).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(intact, Ok(2), "two account_created events");
    app.with_conn(|conn| {
        conn.batch_execute("UPDATE audit_events SET detail = '{\"forged\":true}' WHERE id = (SELECT MIN(id) FROM audit_events)")
            .unwrap_or_else(|e| panic!("{e}"))
    });
    let broken =
        app.with_conn(|conn| db::audit::verify_chain(conn).unwrap_or_else(|e| panic!("{e}")));
    assert!(broken.is_err(), "an edited event must be detected");
    app.stop().await;
}

#[tokio::test]
async fn a_stored_status_the_code_does_not_know_is_a_read_error_not_a_default() {
    use diesel::prelude::*;
    use diesel::sql_types::Text;
    use iam_shared::types::AccountStatus;
    let (app, _db) = spawn_app().await;
    // What a row's column would hand back: a known name, and one written
    // by something else (a hand edit, a newer release).
    let read = |stored: &'static str| {
        app.with_conn(|conn| {
            diesel::select(diesel::dsl::sql::<Text>(stored)).get_result::<AccountStatus>(conn)
        })
    };
    assert_eq!(read("'locked'").ok(), Some(AccountStatus::Locked));
    let error = read("'frozen'").expect_err("an unknown status must not read as some status");
    // PostgreSQL's driver wraps it with the column's name: the cause is in the chain.
    assert!(
        format!("{error:?}").contains("frozen"),
        "the error names the stored value: {error:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_failed_transaction_leaves_no_partial_write() {
    let (app, _db) = spawn_app().await;
    let result: Result<(), db::DbError> = app.with_conn(|conn| {
        db::transaction(conn, |conn| {
            db::organizations::create(
                conn,
                "org-1",
                "ZZ1",
                "Half",
                db::to_db_time(chrono::Utc::now()),
            )?;
            // Same org code again: the unique constraint fails the transaction.
            db::organizations::create(
                conn,
                "org-2",
                "ZZ1",
                "Half",
                db::to_db_time(chrono::Utc::now()),
            )?;
            Ok(())
        })
    });
    assert!(result.is_err());
    let found = app.with_conn(|conn| {
        db::organizations::find_by_code(conn, "ZZ1").unwrap_or_else(|e| panic!("{e}"))
    });
    assert!(found.is_none(), "the first insert was rolled back");
    app.stop().await;
}

#[tokio::test]
async fn migrations_are_applied_once_and_are_idempotent() {
    let (app, _db) = spawn_app().await;
    let ran_again = app.db.migrate().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ran_again, 0, "no migration is pending after start-up");
    app.stop().await;
}

#[tokio::test]
async fn housekeeping_purges_expired_counters_and_challenges_only() {
    let (app, _db) = spawn_app().await;
    let now = chrono::Utc::now();
    let at = db::to_db_time(now);
    let past = db::to_db_time(now - chrono::Duration::minutes(1));
    let future = db::to_db_time(now + chrono::Duration::minutes(1));
    app.with_conn(|conn| {
        db::throttle::reserve(conn, "old", "test", 10, past, past)
            .unwrap_or_else(|e| panic!("{e}"));
        db::throttle::reserve(conn, "live", "test", 10, at, future)
            .unwrap_or_else(|e| panic!("{e}"));
        db::captchas::create(conn, "c-old", "h", past, past).unwrap_or_else(|e| panic!("{e}"));
        db::captchas::create(conn, "c-live", "h", at, future).unwrap_or_else(|e| panic!("{e}"));
    });
    let purged = app.with_conn(|conn| {
        iam_api::services::housekeeping::purge_expired(
            conn,
            &iam_api::config::Settings::default(),
            now,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    });
    assert_eq!(purged, 2);
    let live = app.with_conn(|conn| {
        db::throttle::current(conn, "live", at).expect("the counters are readable")
    });
    assert_eq!(live, 1, "the live counter is kept");
    app.stop().await;
}

#[tokio::test]
async fn a_fresh_database_has_no_account_and_no_password() {
    let (app, _db) = crate::helpers::spawn_app().await;
    let (users, hashes): (i64, i64) = app.with_conn(|conn| {
        use diesel::prelude::*;
        use iam_api::db::schema::{password_history, users};
        (
            users::table.count().get_result(conn).unwrap_or(-1),
            password_history::table
                .count()
                .get_result(conn)
                .unwrap_or(-1),
        )
    });
    assert_eq!((users, hashes), (0, 0), "no default or built-in account");
    app.stop().await;
}
