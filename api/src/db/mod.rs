//! Persistence: one diesel code path for SQLite and PostgreSQL.
//!
//! [`DbConn`] is a `MultiConnection` over both backends, so every query is
//! written once. Repository functions are synchronous, take `&mut DbConn`
//! and return `QueryResult`; the only async boundary is [`Db::run`].

pub mod access_requests;
pub mod audit;
pub mod authenticators;
pub mod captchas;
pub mod consents;
pub mod dashboard;
pub mod devices;
pub mod documents;
pub mod models;
pub mod oauth;
pub mod organizations;
pub mod outbox;
pub mod passwords;
pub mod schema;
pub mod sessions;
pub mod signin;
pub mod throttle;
pub mod tokens;
pub mod users;
pub mod webauthn_challenges;

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use secrecy::ExposeSecret;
use tokio::sync::Notify;

use crate::config::{Backend, Settings};

/// A connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Serialises migrations when several instances start at once on PostgreSQL.
const MIGRATION_LOCK_KEY: i64 = 0x1A3_0717;

/// A persistence failure.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database connection unavailable: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("database connection failed: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("could not prepare the data folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("the blocking task was cancelled")]
    Cancelled,
}

impl DbError {
    /// Is this the database being unreachable (answer 503) rather than a bug?
    pub fn is_unavailable(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error as E};
        match self {
            Self::Pool(_) | Self::Connection(_) => true,
            Self::Query(E::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                _,
            )) => true,
            Self::Query(E::DatabaseError(_, info)) => {
                // SQLITE_BUSY after the busy timeout: the database is overloaded, not broken.
                info.message().contains("database is locked")
            }
            _ => false,
        }
    }
}

/// Opens connections for the pool, with the per-backend session settings.
pub struct Manager {
    backend: Backend,
    target: String,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        establish(self.backend, &self.target)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        std::thread::panicking()
    }
}

/// Open one connection with the per-backend session settings.
fn establish(backend: Backend, target: &str) -> Result<DbConn, r2d2::Error> {
    let mut conn = match backend {
        Backend::Sqlite => DbConn::Sqlite(diesel::SqliteConnection::establish(target)?),
        Backend::Postgres => DbConn::Postgresql(diesel::PgConnection::establish(target)?),
    };
    let init = match backend {
        // WAL lets readers proceed during a write; the busy timeout makes
        // writers queue instead of failing; SQLite leaves FKs off by default.
        Backend::Sqlite => {
            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
             PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
        }
        // A stuck query must not hold a request (and a pool slot) forever.
        Backend::Postgres => "SET statement_timeout = '15s'; SET lock_timeout = '10s';",
    };
    conn.batch_execute(init).map_err(r2d2::Error::QueryError)?;
    Ok(conn)
}

/// The backend and the connection target (a file path for SQLite, which
/// takes no URL scheme) of the configured database; creates the SQLite folder.
fn resolve_target(settings: &Settings) -> Result<(Backend, String), DbError> {
    let backend = settings
        .backend()
        .map_err(|e| DbError::Migration(e.to_string()))?;
    let url = settings.database_url.expose_secret();
    let target = match backend {
        Backend::Sqlite => {
            let path = url.trim_start_matches("sqlite://");
            if let Some(parent) = std::path::Path::new(path).parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent)?;
                }
            }
            path.to_owned()
        }
        Backend::Postgres => url.to_owned(),
    };
    Ok((backend, target))
}

/// One connection outside any pool, opened on the calling thread, for the
/// admin commands. A pool establishes connections on its own threads, and
/// a command that exits while one of them is inside libpq crashes in
/// OpenSSL's exit handler (seen as a segfault after a successful command).
pub fn connect_direct(settings: &Settings) -> Result<DbConn, DbError> {
    let (backend, target) = resolve_target(settings)?;
    establish(backend, &target).map_err(|e| match e {
        r2d2::Error::ConnectionError(e) => DbError::Connection(e),
        r2d2::Error::QueryError(e) => DbError::Query(e),
    })
}

/// Apply this backend's pending embedded migrations; returns how many ran.
pub fn run_migrations(conn: &mut DbConn) -> Result<usize, DbError> {
    let migrate = |e: Box<dyn std::error::Error + Send + Sync>| DbError::Migration(e.to_string());
    match conn {
        DbConn::Sqlite(c) => c
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map(|v| v.len())
            .map_err(migrate),
        DbConn::Postgresql(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))?;
            let result = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.len())
                .map_err(migrate);
            c.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))?;
            result
        }
    }
}

/// The connection pool and the backend it talks to.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<Manager>,
    backend: Backend,
    /// Notified after a [`Db::run`] whose work queued mail.
    mail_queued: Arc<Notify>,
}

/// A connection checked out of the pool.
pub type PooledConn = r2d2::PooledConnection<Manager>;

impl Db {
    /// Open the pool (creating the SQLite folder if needed) without migrating.
    pub fn connect(settings: &Settings) -> Result<Self, DbError> {
        let (backend, target) = resolve_target(settings)?;
        let pool = r2d2::Pool::builder()
            .max_size(settings.db_pool_size)
            // Open connections on demand rather than keeping the pool full.
            .min_idle(Some(0))
            .connection_timeout(Duration::from_millis(settings.db_timeout_ms))
            // A PostgreSQL restart leaves every pooled connection dead, and
            // diesel cannot tell: one `SELECT 1` per check-out replaces them
            // (the resilience suite's outage test). A SQLite file cannot go
            // away under an open connection.
            .test_on_check_out(backend == Backend::Postgres)
            .build_unchecked(Manager { backend, target });
        Ok(Self {
            pool,
            backend,
            mail_queued: Arc::new(Notify::new()),
        })
    }

    /// Connect and apply the embedded migrations of this backend.
    pub fn connect_and_migrate(settings: &Settings) -> Result<Self, DbError> {
        let db = Self::connect(settings)?;
        db.migrate()?;
        Ok(db)
    }

    /// Apply pending migrations; returns how many ran.
    pub fn migrate(&self) -> Result<usize, DbError> {
        run_migrations(&mut *self.get()?)
    }

    /// The backend behind this pool.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Check a connection out (blocking; use [`Db::run`] from async code).
    pub fn get(&self) -> Result<PooledConn, DbError> {
        Ok(self.pool.get()?)
    }

    /// Run blocking database work on the blocking thread pool.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let (pool, mail_queued) = (self.pool.clone(), Arc::clone(&self.mail_queued));
        tokio::task::spawn_blocking(move || {
            // A flag left by work outside `run` on this thread is not ours.
            outbox::take_queued_on_this_thread();
            let result = match pool.get() {
                Ok(mut conn) => work(&mut conn),
                Err(e) => Err(DbError::from(e).into()),
            };
            // After the work's transaction committed (or rolled back: a
            // needless look at the outbox costs one query), and here rather
            // than after the await: a request dropped meanwhile (the client
            // left) still had its mail committed.
            if outbox::take_queued_on_this_thread() {
                mail_queued.notify_one();
            }
            result
        })
        .await
        .map_err(|_| DbError::Cancelled)?
    }

    /// Woken whenever a [`Db::run`] queued mail: what the sender waits on.
    pub fn mail_queued(&self) -> Arc<Notify> {
        Arc::clone(&self.mail_queued)
    }

    /// Is the database reachable right now?
    pub async fn ping(&self) -> bool {
        self.run(|conn| conn.batch_execute("SELECT 1").map_err(DbError::from))
            .await
            .is_ok()
    }
}

/// Run `work` in one write transaction.
///
/// On SQLite the transaction starts with `BEGIN IMMEDIATE`: a deferred
/// transaction that reads first and writes later fails with `SQLITE_BUSY`
/// (the busy timeout does not apply to that upgrade) when another writer got
/// in between. `work` must not open a nested transaction.
pub fn transaction<T, E, F>(conn: &mut DbConn, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    if !matches!(conn, DbConn::Sqlite(_)) {
        return conn.transaction(work);
    }
    conn.batch_execute("BEGIN IMMEDIATE")?;
    match catch_unwind(AssertUnwindSafe(|| work(conn))) {
        Ok(Ok(value)) => match conn.batch_execute("COMMIT") {
            Ok(()) => Ok(value),
            Err(error) => {
                let _ = conn.batch_execute("ROLLBACK");
                Err(error.into())
            }
        },
        Ok(Err(error)) => {
            let _ = conn.batch_execute("ROLLBACK");
            Err(error)
        }
        Err(panic) => {
            let _ = conn.batch_execute("ROLLBACK");
            resume_unwind(panic)
        }
    }
}

/// The current time as stored in the database: UTC, microsecond precision
/// (PostgreSQL's resolution), so values read back compare equal.
pub fn to_db_time(t: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    use chrono::{SubsecRound, Timelike};
    let naive = t.naive_utc();
    naive
        .with_nanosecond(naive.nanosecond() / 1000 * 1000)
        .unwrap_or_else(|| naive.trunc_subsecs(0))
}

/// Whether `key` could be a stored id or code: whatever a stranger puts
/// in a path or form reaches the queries, and PostgreSQL answers a NUL
/// with an error rather than with nothing found.
pub fn plausible_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 200 && !key.chars().any(char::is_control)
}

/// A new random id for a row.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
