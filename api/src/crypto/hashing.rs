//! Argon2id password hashing on a few dedicated, low-priority threads.

use std::sync::{mpsc, Arc, Mutex};

use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};

use super::tokens::random_token;
use crate::config::Settings;

/// Work for the hashing threads.
type HashJob = Box<dyn FnOnce() + Send>;

/// The threads that run argon2, one per core by default. Dedicated threads
/// (rather than the blocking pool) bound the memory: each keeps at most one
/// argon2 block (19 MiB) in its allocator arena, where hundreds of blocking
/// threads would each keep one. They run at the lowest priority (nice 19) so
/// that under a sign-in flood the request threads still get the CPU when
/// they need it: a token check waits for a core, not for a hash.
///
/// The queue in front of them is bounded: a flood of sign-ins beyond what
/// the threads can work off in about a second is refused (503 `busy`)
/// instead of piling up memory and latency for everyone.
struct HashThreads {
    jobs: mpsc::SyncSender<HashJob>,
}

impl HashThreads {
    fn start(threads: usize, queue_limit: usize) -> Result<Self, HashError> {
        let (jobs, queue) = mpsc::sync_channel::<HashJob>(queue_limit);
        let queue = Arc::new(Mutex::new(queue));
        let (ready, started) = mpsc::channel::<()>();
        for i in 0..threads {
            let queue = Arc::clone(&queue);
            let ready = ready.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    lower_this_threads_priority();
                    KEEPS_ARGON2_MEMORY.set(true);
                    let _ = ready.send(());
                    loop {
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        let Ok(job) = job else { return };
                        // A panicking job drops its reply: the caller gets an
                        // error, and the thread lives on.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                })
                .map_err(|e| HashError::Failed(e.to_string()))?;
        }
        // Every thread is up, at its priority, before the first job.
        for _ in 0..threads {
            started
                .recv()
                .map_err(|_| HashError::Failed("a hashing thread did not start".into()))?;
        }
        Ok(Self { jobs })
    }

    fn submit(&self, job: HashJob) -> Result<(), HashError> {
        self.jobs.try_send(job).map_err(|e| match e {
            mpsc::TrySendError::Full(_) => HashError::Busy,
            mpsc::TrySendError::Disconnected(_) => {
                HashError::Failed("hashing threads stopped".into())
            }
        })
    }
}

/// Nice 19 for the calling thread (on Linux the nice value is per thread).
/// A failure only leaves the priority as it was.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
}

thread_local! {
    /// This thread's argon2 working memory, kept between hashes: allocating
    /// 19 MiB per sign-in makes the allocator keep many such blocks around
    /// (the benchmark saw 240 MB resident under a sign-in flood).
    static ARGON2_MEMORY: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Only the hashing threads keep it: any other thread that hashes once
    /// (the startup's dummy hash, a CLI command) would otherwise hold 19 MiB
    /// for the life of the process (the benchmark's peak memory showed three
    /// blocks with two hashing threads).
    static KEEPS_ARGON2_MEMORY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Argon2 of `password` and the raw `salt` into `out`, in this thread's
/// reusable memory (grown when a stored hash asks for more).
fn argon2_into(
    argon2: &Argon2<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), HashError> {
    // Memory beyond this (a stronger imported hash) is freed after use
    // rather than kept for the life of the thread.
    const KEPT_BLOCKS: usize = 64 * 1024;
    ARGON2_MEMORY.with_borrow_mut(|memory| {
        let needed = argon2.params().block_count();
        if memory.len() < needed {
            memory.resize(needed, argon2::Block::default());
        }
        let result = argon2
            .hash_password_into_with_memory(password, salt, out, &mut memory[..needed])
            .map_err(|e| HashError::Failed(e.to_string()));
        if memory.len() > KEPT_BLOCKS || !KEEPS_ARGON2_MEMORY.get() {
            // What is not kept is wiped: it was derived from a password.
            memory.fill(argon2::Block::default());
            *memory = Vec::new();
        }
        result
    })
}

/// The PHC string of `password` under `argon2` with a fresh salt.
fn argon2_phc(argon2: &Argon2<'_>, password: &[u8]) -> Result<String, HashError> {
    use argon2::password_hash::{Output, ParamsString};
    let error = |e: argon2::password_hash::Error| HashError::Failed(e.to_string());
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    let mut salt_bytes = [0u8; 64];
    let raw_salt = salt.as_salt().decode_b64(&mut salt_bytes).map_err(error)?;
    let length = argon2
        .params()
        .output_len()
        .unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let mut out = vec![0u8; length];
    argon2_into(argon2, password, raw_salt, &mut out)?;
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon2.params()).map_err(error)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(error)?),
    }
    .to_string())
}

/// Does `password` match the argon2 PHC hash `stored`? With the stored
/// algorithm, version and parameters; the comparison is constant-time
/// (`Output`'s equality).
fn argon2_matches(password: &[u8], stored: &PasswordHash<'_>) -> bool {
    use argon2::password_hash::Output;
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(stored.algorithm),
        Params::try_from(stored),
    ) else {
        return false;
    };
    let version = stored
        .version
        .map_or(Ok(Version::default()), Version::try_from)
        .unwrap_or(Version::V0x13);
    let mut salt_bytes = [0u8; 64];
    let Ok(raw_salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    argon2_into(&argon2, password, raw_salt, &mut out).is_ok()
        && Output::new(&out).is_ok_and(|computed| computed == expected)
}

/// Jobs that may wait per hashing thread when `hash_queue_limit` is 0: at
/// about 50 ms a hash, some 1.5 s of work.
const QUEUED_PER_THREAD: usize = 32;

#[derive(Clone)]
pub struct PasswordHasher {
    argon2: Arc<Argon2<'static>>,
    pool: Arc<HashThreads>,
    /// A hash of a random, discarded password with the configured parameters.
    dummy_hash: Arc<str>,
    /// How many hashes run at once (the threads of `pool`).
    threads: usize,
}

/// Why a hash was not computed.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Bad parameters, a corrupt stored hash, or the threads are gone.
    #[error("password hashing failed: {0}")]
    Failed(String),
    /// The queue is full: the caller should come back later (503 `busy`).
    #[error("the password hashing queue is full")]
    Busy,
}

impl PasswordHasher {
    pub fn from_settings(settings: &Settings) -> Result<Self, HashError> {
        let params = Params::new(
            settings.argon2_memory_kib,
            settings.argon2_iterations,
            settings.argon2_parallelism,
            None,
        )
        .map_err(|e| HashError::Failed(e.to_string()))?;
        let threads = match settings.hash_threads {
            0 => std::thread::available_parallelism()
                .map(usize::from)
                .unwrap_or(2),
            n => n,
        };
        let queue_limit = match settings.hash_queue_limit {
            0 => threads * QUEUED_PER_THREAD,
            n => n,
        };
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let dummy_hash = argon2_phc(&argon2, random_token().expose_secret().as_bytes())?;
        Ok(Self {
            argon2: Arc::new(argon2),
            pool: Arc::new(HashThreads::start(threads, queue_limit)?),
            dummy_hash: dummy_hash.into(),
            threads,
        })
    }

    /// Is `stored` weaker than argon2id (v1.3) with the configured
    /// parameters: an imported bcrypt or PBKDF2 hash, another argon2
    /// variant, or a lower cost? Such a hash is replaced after the next
    /// successful sign-in; a stronger one is kept (never a downgrade).
    pub fn needs_rehash(&self, stored: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(stored) else {
            return true;
        };
        let Ok(params) = Params::try_from(&parsed) else {
            return true;
        };
        let wanted = self.argon2.params();
        parsed.algorithm != Algorithm::Argon2id.ident()
            || parsed.version != Some(Version::V0x13.into())
            || params.m_cost() < wanted.m_cost()
            || params.t_cost() < wanted.t_cost()
            || params.p_cost() < wanted.p_cost()
    }

    /// Hash synchronously (CLI, seeding); servers use [`Self::hash`].
    pub fn hash_blocking(&self, password: &SecretString) -> Result<String, HashError> {
        argon2_phc(&self.argon2, password.expose_secret().as_bytes())
    }

    /// The physical limit of sign-ins on this machine: correct-password
    /// verifications with the configured parameters on as many threads as
    /// the server hashes on, for `duration`. Returns the threads and the
    /// verifications per second (`iam-api hash-rate`, the benchmark's
    /// baseline).
    pub fn verify_rate(&self, duration: std::time::Duration) -> Result<(usize, f64), HashError> {
        let password = random_token();
        let hash = self.hash_blocking(&password)?;
        let started = std::time::Instant::now();
        let counts: Vec<u64> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..self.threads)
                .map(|_| {
                    scope.spawn(|| {
                        // Measured as the hashing threads run: in kept memory.
                        KEEPS_ARGON2_MEMORY.set(true);
                        let parsed = PasswordHash::new(&hash).ok();
                        let mut n = 0u64;
                        while started.elapsed() < duration {
                            let verified = parsed.as_ref().is_some_and(|parsed| {
                                argon2_matches(password.expose_secret().as_bytes(), parsed)
                            });
                            n += u64::from(verified);
                        }
                        n
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap_or(0)).collect()
        });
        let total: u64 = counts.iter().sum();
        // Rounding: counts below 2^53 are exact in an f64.
        #[allow(clippy::cast_precision_loss)]
        let rate = total as f64 / started.elapsed().as_secs_f64();
        Ok((self.threads, rate))
    }

    /// Run argon2 work on the hashing threads, in arrival order. Work whose
    /// caller has gone (the request timed out, the client disconnected) is
    /// skipped: nobody would read its answer.
    async fn on_hash_pool<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Self) -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let this = self.clone();
        self.pool.submit(Box::new(move || {
            if reply.is_closed() {
                return;
            }
            let _ = reply.send(work(&this));
        }))?;
        answer
            .await
            .map_err(|_| HashError::Failed("the hashing job failed".into()))?
    }

    /// Hash a new password on the bounded pool.
    pub async fn hash(&self, password: SecretString) -> Result<String, HashError> {
        self.on_hash_pool(move |this| this.hash_blocking(&password))
            .await
    }

    /// Verify on the bounded pool. `None` verifies against a dummy hash so an
    /// unknown account costs the same time as a known one (docs/product.md §3.1).
    pub async fn verify(
        &self,
        password: SecretString,
        stored: Option<String>,
    ) -> Result<bool, HashError> {
        self.on_hash_pool(move |this| {
            let real = stored.is_some();
            let hash = stored.unwrap_or_else(|| this.dummy_hash.to_string());
            // A weaker stored hash (imported, or older settings) may verify
            // faster than an unknown account's dummy: verify the dummy too,
            // so the time never tells an imported account apart.
            if real && this.needs_rehash(&hash) {
                if let Ok(dummy) = PasswordHash::new(&this.dummy_hash) {
                    let _ = argon2_matches(password.expose_secret().as_bytes(), &dummy);
                }
            }
            if !hash.starts_with("$argon2") {
                // An imported bcrypt or PBKDF2 hash (re-hashed after sign-in).
                let ok = crate::crypto::legacy_formats::verify_legacy(
                    password.expose_secret().as_bytes(),
                    &hash,
                );
                return Ok(ok && real);
            }
            let parsed = PasswordHash::new(&hash).map_err(|e| HashError::Failed(e.to_string()))?;
            let ok = argon2_matches(password.expose_secret().as_bytes(), &parsed);
            Ok(ok && real)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};

    use super::*;

    fn fast_hasher() -> PasswordHasher {
        let settings = Settings {
            argon2_memory_kib: 1024,
            argon2_iterations: 1,
            ..Settings::default()
        };
        PasswordHasher::from_settings(&settings).unwrap_or_else(|_| unreachable!())
    }

    #[tokio::test]
    async fn every_hash_has_its_own_sixteen_byte_salt() {
        use base64::Engine as _;
        let hasher = fast_hasher();
        let mut salts = std::collections::HashSet::new();
        for _ in 0..5 {
            let hash = hasher
                .hash(SecretString::from("the same password"))
                .await
                .unwrap_or_default();
            let salt = hash.split('$').nth(4).unwrap_or_default().to_owned();
            let raw = base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(&salt)
                .unwrap_or_default();
            assert!(raw.len() >= 16, "{hash}");
            assert!(salts.insert(salt), "a salt repeated: {hash}");
        }
    }

    /// The nice value of each of this process's threads named `argon2-…`.
    #[cfg(target_os = "linux")]
    fn hashing_thread_nice_values() -> Vec<i64> {
        let tasks = std::fs::read_dir("/proc/self/task")
            .into_iter()
            .flatten()
            .flatten();
        tasks
            .filter(|task| {
                std::fs::read_to_string(task.path().join("comm"))
                    .is_ok_and(|name| name.starts_with("argon2-"))
            })
            .filter_map(|task| {
                let stat = std::fs::read_to_string(task.path().join("stat")).ok()?;
                // Fields after the parenthesised name; nice is field 19.
                let rest = stat.rsplit_once(") ")?.1;
                rest.split(' ').nth(16)?.parse().ok()
            })
            .collect()
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_runs_on_its_own_low_priority_threads() {
        let settings = Settings {
            argon2_memory_kib: 1024,
            argon2_iterations: 1,
            hash_threads: 3,
            ..Settings::default()
        };
        let hasher = PasswordHasher::from_settings(&settings).unwrap_or_else(|_| unreachable!());
        let hash = hasher
            .hash(SecretString::from("pw"))
            .await
            .unwrap_or_default();
        assert!(hasher
            .verify(SecretString::from("pw"), Some(hash))
            .await
            .unwrap_or(false));
        let nice = hashing_thread_nice_values();
        // Other tests' hashers run their threads in this process too.
        assert!(nice.len() >= 3, "{nice:?}");
        assert!(nice.iter().all(|&n| n == 19), "{nice:?}");
    }

    #[test]
    fn only_the_hashing_threads_keep_argon2_memory_between_hashes() {
        let settings = Settings {
            argon2_memory_kib: 2048,
            argon2_iterations: 1,
            ..Settings::default()
        };
        // `from_settings` hashes its dummy on the calling thread, as startup does.
        let hasher = PasswordHasher::from_settings(&settings).unwrap_or_else(|_| unreachable!());
        assert!(hasher.hash_blocking(&SecretString::from("pw")).is_ok());
        assert!(
            ARGON2_MEMORY.with_borrow(Vec::is_empty),
            "a thread outside the pool keeps nothing"
        );
        let (reply, kept) = std::sync::mpsc::channel();
        let argon2 = Arc::clone(&hasher.argon2);
        let submitted = hasher.pool.submit(Box::new(move || {
            let _ = argon2_phc(&argon2, b"pw");
            let _ = reply.send(ARGON2_MEMORY.with_borrow(Vec::len));
        }));
        assert!(submitted.is_ok());
        assert_eq!(
            kept.recv().ok(),
            Some(2048),
            "a hashing thread keeps its blocks"
        );
    }

    #[test]
    fn hashes_in_reused_memory_agree_with_the_argon2_crate() {
        // This test thread keeps its memory as a hashing thread does, so the
        // second hash below runs in memory a bigger one used.
        KEEPS_ARGON2_MEMORY.set(true);
        let settings = Settings {
            argon2_memory_kib: 2048,
            argon2_iterations: 2,
            ..Settings::default()
        };
        let hasher = PasswordHasher::from_settings(&settings).unwrap_or_else(|_| unreachable!());
        let ours = hasher
            .hash_blocking(&SecretString::from("correct horse"))
            .unwrap_or_default();
        let parsed = PasswordHash::new(&ours).unwrap_or_else(|_| unreachable!());
        // The crate's own verifier accepts our hash…
        assert!(hasher
            .argon2
            .verify_password(b"correct horse", &parsed)
            .is_ok());
        assert!(hasher
            .argon2
            .verify_password(b"wrong horse", &parsed)
            .is_err());
        // …and ours accepts the crate's, of other parameters too, in memory
        // that held a bigger hash before.
        let big = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(4096, 1, 1, None).unwrap_or_default(),
        );
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let theirs = big
            .hash_password(b"battery staple", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default();
        let theirs = PasswordHash::new(&theirs).unwrap_or_else(|_| unreachable!());
        assert!(argon2_matches(b"battery staple", &theirs));
        assert!(argon2_matches(b"correct horse", &parsed));
        assert!(!argon2_matches(b"battery stapler", &theirs));
        assert!(!argon2_matches(b"correct horse!", &parsed));
        let argon2i = Argon2::new(
            Algorithm::Argon2i,
            Version::V0x10,
            Params::new(1024, 2, 1, None).unwrap_or_default(),
        );
        let old = argon2i
            .hash_password(b"legacy", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(argon2_matches(
            b"legacy",
            &PasswordHash::new(&old).unwrap_or_else(|_| unreachable!())
        ));
    }

    /// A hasher of one thread and a queue of one, and a way to hold that
    /// thread busy until the returned sender is dropped.
    async fn one_thread_held() -> (PasswordHasher, std::sync::mpsc::Sender<()>) {
        let settings = Settings {
            argon2_memory_kib: 1024,
            argon2_iterations: 1,
            hash_threads: 1,
            hash_queue_limit: 1,
            ..Settings::default()
        };
        let hasher = PasswordHasher::from_settings(&settings).unwrap_or_else(|_| unreachable!());
        let (release, held) = std::sync::mpsc::channel::<()>();
        let (started, running) = tokio::sync::oneshot::channel::<()>();
        let blocker = hasher.clone();
        tokio::spawn(async move {
            let _ = blocker
                .on_hash_pool(move |_| {
                    let _ = started.send(());
                    let _ = held.recv();
                    Ok(())
                })
                .await;
        });
        let _ = running.await;
        (hasher, release)
    }

    #[tokio::test]
    async fn a_full_queue_refuses_work_instead_of_growing() {
        let (hasher, release) = one_thread_held().await;
        // One job waits in the queue…
        let queued = {
            let hasher = hasher.clone();
            tokio::spawn(async move { hasher.hash(SecretString::from("pw")).await })
        };
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        // …so the next is refused at once.
        let refused = hasher.verify(SecretString::from("pw"), None).await;
        assert!(matches!(refused, Err(HashError::Busy)), "{refused:?}");
        drop(release);
        let hashed = queued.await.ok().and_then(Result::ok).unwrap_or_default();
        assert!(hashed.starts_with("$argon2id$"), "the queued job ran");
    }

    #[tokio::test]
    async fn work_whose_caller_has_gone_is_skipped() {
        let (hasher, release) = one_thread_held().await;
        let ran = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let abandoned = {
            let (hasher, ran) = (hasher.clone(), Arc::clone(&ran));
            tokio::spawn(async move {
                hasher
                    .on_hash_pool(move |_| {
                        ran.store(true, std::sync::atomic::Ordering::SeqCst);
                        Ok(())
                    })
                    .await
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        // The caller gives up (a request deadline, a disconnect).
        abandoned.abort();
        let _ = abandoned.await;
        drop(release);
        // The thread takes the abandoned job off the queue (and drops it);
        // the next job then runs where it would have.
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let after = hasher.verify(SecretString::from("pw"), None).await;
        assert!(after.is_ok_and(|matched| !matched));
        assert!(
            !ran.load(std::sync::atomic::Ordering::SeqCst),
            "the abandoned job was not run"
        );
    }

    #[tokio::test]
    async fn argon2id_hashes_verify_and_unknown_accounts_never_do() {
        let hasher = fast_hasher();
        let hash = hasher
            .hash(SecretString::from("correct horse"))
            .await
            .unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"));
        assert!(hasher
            .verify(SecretString::from("correct horse"), Some(hash.clone()))
            .await
            .unwrap_or(false));
        assert!(!hasher
            .verify(SecretString::from("wrong"), Some(hash))
            .await
            .unwrap_or(true));
        assert!(!hasher
            .verify(SecretString::from("anything"), None)
            .await
            .unwrap_or(true));
    }
}
