//! The admin command line of `iam-api` (the operations contract of API.md).

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;

use clap::{Parser, Subcommand, ValueEnum};
use iam_shared::types::{MembershipRole, UserType};

use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::crypto::seal::Sealer;
use crate::crypto::PasswordHasher;
use crate::db;
use crate::services::{accounts, demo};
use crate::startup::Application;

/// IAMOnline identity portal: API server and admin commands.
#[derive(Debug, Parser)]
#[command(name = "iam-api", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UserTypeArg {
    External,
    CentralOffice,
    Citizen,
}

impl From<UserTypeArg> for UserType {
    fn from(arg: UserTypeArg) -> Self {
        match arg {
            UserTypeArg::External => UserType::External,
            UserTypeArg::CentralOffice => UserType::CentralOffice,
            UserTypeArg::Citizen => UserType::Citizen,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI description as YAML.
    Openapi,
    /// Create demo organizations, applications and users; print their logins once.
    SeedDemo,
    /// Seed many external users of organization BULK, all with one password
    /// (for benchmarks and load tests; never on a production database).
    SeedBulk {
        /// How many users.
        #[arg(long)]
        users: u64,
        /// The index of the first one (to add to an earlier seeding).
        #[arg(long, default_value_t = 0)]
        start: u64,
        /// Their password (read from the environment, never the command line).
        #[arg(long, env = "IAM_SEED_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Measure the argon2id verify rate of the configured parameters on the
    /// server's hashing threads: the most sign-ins per second this machine
    /// can do. Prints one JSON line.
    HashRate {
        #[arg(long, default_value_t = 5)]
        seconds: u64,
    },
    /// Create an organization.
    CreateOrg {
        /// Org code (letters and digits, unique).
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
    },
    /// Create a user and queue the "Welcome to IAMOnline" e-mail.
    CreateUser(CreateUserArgs),
    /// Register an application's OpenID Connect client (docs/oidc.md);
    /// prints a confidential client's secret once.
    CreateApp(CreateAppArgs),
    /// Give a confidential client a new secret (printed once); the old one
    /// stops working at once.
    RotateAppSecret {
        #[arg(long)]
        client_id: String,
    },
    /// Stage the next OpenID Connect signing keys: published at once, used
    /// from `--in` hours on (docs/oidc.md, "Key rotation").
    RotateKeys {
        /// Hours until the new keys sign (longer than applications cache the JWKS).
        #[arg(long = "in", default_value_t = 24)]
        in_hours: u32,
    },
    /// Verify the hash chain of the audit trail.
    VerifyAudit,
    /// Import legacy accounts with their password hashes from a CSV or JSON
    /// file: all of them, or none (every bad line is listed).
    ImportUsers {
        /// The file; its format comes from the extension unless --format says.
        file: std::path::PathBuf,
        #[arg(long, value_enum)]
        format: Option<ImportFormatArg>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportFormatArg {
    Csv,
    Json,
}

#[derive(Debug, Clone, clap::Args)]
pub struct CreateUserArgs {
    #[arg(long = "type", value_enum, default_value = "external")]
    pub user_type: UserTypeArg,
    #[arg(long)]
    pub first_name: String,
    #[arg(long)]
    pub last_name: String,
    #[arg(long)]
    pub email: String,
    /// Organization membership as ORG_CODE or ORG_CODE:ROLE (user, poc, support, admin); repeatable.
    #[arg(long = "org")]
    pub orgs: Vec<String>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct CreateAppArgs {
    #[arg(long)]
    pub client_id: String,
    #[arg(long)]
    pub name: String,
    /// The catalogue entry (dashboard tile) it signs in to.
    #[arg(long)]
    pub application: Option<String>,
    /// A browser or native app without a secret (PKCE only).
    #[arg(long)]
    pub public: bool,
    /// client_secret_basic (default), client_secret_post or private_key_jwt.
    #[arg(long, default_value = "client_secret_basic")]
    pub auth_method: String,
    /// Repeatable; compared exactly.
    #[arg(long = "redirect-uri")]
    pub redirect_uris: Vec<String>,
    #[arg(long = "post-logout-redirect-uri")]
    pub post_logout_redirect_uris: Vec<String>,
    #[arg(long)]
    pub backchannel_logout_uri: Option<String>,
    /// OIDC third-party-initiated login: where a tile sends the user.
    #[arg(long)]
    pub initiate_login_uri: Option<String>,
    #[arg(long, default_value = "openid profile email organizations")]
    pub scopes: String,
    #[arg(long, default_value = "authorization_code refresh_token")]
    pub grant_types: String,
    /// RS256 (default) or EdDSA.
    #[arg(long, default_value = "RS256")]
    pub id_token_alg: String,
    #[arg(long, default_value_t = 300)]
    pub access_token_ttl_secs: u32,
    #[arg(long, default_value_t = 28_800)]
    pub refresh_token_ttl_secs: u32,
    /// A third party's client: the user is asked to consent.
    #[arg(long)]
    pub consent_required: bool,
    /// private_key_jwt: a file with the client's public keys (a JWK set).
    #[arg(long)]
    pub jwks_file: Option<std::path::PathBuf>,
}

impl CreateAppArgs {
    fn into_new_client(self) -> anyhow::Result<crate::services::oidc::clients::NewClient> {
        use iam_shared::types::{ClientAuthMethod, ClientType};
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        Ok(crate::services::oidc::clients::NewClient {
            client_id: self.client_id,
            name: self.name,
            application_id: self.application,
            client_type: if self.public {
                ClientType::Public
            } else {
                ClientType::Confidential
            },
            auth_method: if self.public {
                ClientAuthMethod::None
            } else {
                ClientAuthMethod::parse(&self.auth_method)
                    .ok_or_else(|| anyhow::anyhow!("unknown --auth-method {}", self.auth_method))?
            },
            redirect_uris: self.redirect_uris,
            post_logout_redirect_uris: self.post_logout_redirect_uris,
            backchannel_logout_uri: self.backchannel_logout_uri,
            initiate_login_uri: self.initiate_login_uri,
            scopes: words(&self.scopes),
            grant_types: words(&self.grant_types),
            id_token_alg: crate::domain::oauth::IdTokenAlg::parse(&self.id_token_alg)
                .ok_or_else(|| anyhow::anyhow!("--id-token-alg is RS256 or EdDSA"))?,
            access_token_ttl_secs: self.access_token_ttl_secs,
            refresh_token_ttl_secs: self.refresh_token_ttl_secs,
            consent_required: self.consent_required,
            jwks: self.jwks_file.map(std::fs::read_to_string).transpose()?,
        })
    }
}

/// Run a parsed command line with settings from the environment.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::HashRate { seconds }) = cli.command {
        let settings = Settings::load()?;
        let hasher = crate::crypto::PasswordHasher::from_settings(&settings)?;
        let (threads, per_second) =
            blocking(move || Ok(hasher.verify_rate(std::time::Duration::from_secs(seconds))?))
                .await?;
        println!(
            "{}",
            serde_json::json!({
                "threads": threads,
                "per_second": per_second,
                "seconds": seconds,
                "memory_kib": settings.argon2_memory_kib,
                "iterations": settings.argon2_iterations,
                "parallelism": settings.argon2_parallelism,
            })
        );
        return Ok(());
    }
    if let Some(Command::Openapi) = cli.command {
        print!("{}", crate::openapi::to_yaml());
        return Ok(());
    }
    let settings = Settings::load()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await?
        }
        Command::Migrate => {
            let ran =
                blocking(move || Ok(db::run_migrations(&mut db::connect_direct(&settings)?)?))
                    .await?;
            println!("applied {ran} migration(s)");
        }
        Command::Openapi | Command::HashRate { .. } => {}
        Command::SeedDemo => seed_demo(settings).await?,
        Command::SeedBulk {
            users,
            start,
            password,
        } => {
            let seeded = blocking(move || {
                let hasher = crate::crypto::PasswordHasher::from_settings(&settings)?;
                let hash = hasher.hash_blocking(&password.into())?;
                let mut conn = admin_connection(&settings)?;
                let started = std::time::Instant::now();
                Ok(crate::services::bulk_seed::seed(
                    &mut conn,
                    start,
                    users,
                    &hash,
                    SystemClock.now(),
                    |done| eprintln!("seeded {done}/{users} ({:.0?})", started.elapsed()),
                )?)
            })
            .await?;
            println!(
                "seeded {seeded} users of organization {}",
                crate::services::bulk_seed::ORG_CODE
            );
        }
        Command::CreateOrg { code, name } => {
            blocking(move || {
                let mut conn = admin_connection(&settings)?;
                let id = accounts::create_organization(
                    &mut conn,
                    &code,
                    &name,
                    None,
                    SystemClock.now(),
                )?;
                println!("created organization {} ({id})", code.to_uppercase());
                Ok(())
            })
            .await?
        }
        Command::CreateUser(args) => {
            let created = create_user(settings, args).await?;
            println!(
                "created user {} ({}); the Welcome e-mail is queued",
                created.username, created.user_id
            );
        }
        Command::ImportUsers { file, format } => import_users(settings, file, format).await?,
        Command::CreateApp(args) => {
            let client = args.into_new_client()?;
            let secret = blocking(move || {
                let mut conn = admin_connection(&settings)?;
                Ok(crate::services::oidc::clients::create(
                    &mut conn,
                    &client,
                    &crate::services::RequestMeta::default(),
                    SystemClock.now(),
                )
                .map(|secret| (client.client_id, secret))?)
            })
            .await?;
            println!("created client {}", secret.0);
            if let Some(secret) = secret.1 {
                use secrecy::ExposeSecret as _;
                println!("client secret (shown once): {}", secret.expose_secret());
            }
        }
        Command::RotateAppSecret { client_id } => {
            let secret = blocking(move || {
                let mut conn = admin_connection(&settings)?;
                Ok(crate::services::oidc::clients::rotate_secret(
                    &mut conn,
                    &client_id,
                    &crate::services::RequestMeta::default(),
                    SystemClock.now(),
                )?)
            })
            .await?;
            use secrecy::ExposeSecret as _;
            println!("client secret (shown once): {}", secret.expose_secret());
        }
        Command::RotateKeys { in_hours } => {
            let dir = settings.oidc_keys_dir();
            let activation = SystemClock.now() + chrono::Duration::hours(i64::from(in_hours));
            let written = blocking(move || {
                let algs = [
                    crate::domain::oauth::IdTokenAlg::Rs256,
                    crate::domain::oauth::IdTokenAlg::EdDsa,
                ];
                algs.into_iter()
                    .map(|alg| crate::auth::oidc_keys::add_key(&dir, alg, activation))
                    .collect::<anyhow::Result<Vec<_>>>()
            })
            .await?;
            for path in written {
                println!("staged {} (signs from {activation})", path.display());
            }
        }
        Command::VerifyAudit => {
            blocking(move || {
                let mut conn = admin_connection(&settings)?;
                match db::audit::verify_chain(&mut conn)? {
                    Ok(n) => {
                        println!("audit chain intact: {n} event(s)");
                        Ok(())
                    }
                    Err(broken) => anyhow::bail!(
                        "audit chain broken at event {}: {}",
                        broken.event_id,
                        broken.reason
                    ),
                }
            })
            .await?
        }
    }
    Ok(())
}

/// `import-users`: one transaction; on a refusal every bad line is
/// printed and nothing is written.
async fn import_users(
    settings: Settings,
    file: std::path::PathBuf,
    format: Option<ImportFormatArg>,
) -> anyhow::Result<()> {
    use crate::services::import::{self, ImportFormat};
    let format = match format {
        Some(ImportFormatArg::Csv) => ImportFormat::Csv,
        Some(ImportFormatArg::Json) => ImportFormat::Json,
        None => ImportFormat::from_hint(&file.to_string_lossy()).ok_or_else(|| {
            anyhow::anyhow!("cannot tell the format of {}: use --format", file.display())
        })?,
    };
    let data = std::fs::read(&file)?;
    let outcome = blocking(move || {
        let mut conn = admin_connection(&settings)?;
        Ok(import::import_users(
            &mut conn,
            &data,
            format,
            None,
            "cli",
            &crate::services::RequestMeta::default(),
            SystemClock.now(),
        ))
    })
    .await?;
    match outcome {
        Ok(report) => {
            println!("{}", report.message);
            Ok(())
        }
        Err(crate::error::AppError::Problem(problem)) => {
            for e in problem.line_errors.iter().flatten() {
                eprintln!("line {}: {}: {}", e.line, e.field, e.code);
            }
            anyhow::bail!("{}", problem.detail)
        }
        Err(other) => Err(other.into()),
    }
}

/// A migrated, unpooled connection for one admin command.
fn admin_connection(settings: &Settings) -> anyhow::Result<db::DbConn> {
    let mut conn = db::connect_direct(settings)?;
    db::run_migrations(&mut conn)?;
    Ok(conn)
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(work).await?
}

fn parse_membership(spec: &str) -> anyhow::Result<(String, MembershipRole)> {
    let (code, role) = spec.split_once(':').unwrap_or((spec, "user"));
    let role = MembershipRole::parse(role)
        .ok_or_else(|| anyhow::anyhow!("unknown role in --org {spec}"))?;
    Ok((code.to_owned(), role))
}

/// `create-user`: the account is created and its Welcome e-mail queued in
/// one transaction; the server's outbox sender delivers it (even if the
/// SMTP server is down now, or the server restarts first).
pub async fn create_user(
    settings: Settings,
    args: CreateUserArgs,
) -> anyhow::Result<accounts::CreatedAccount> {
    let memberships = args
        .orgs
        .iter()
        .map(|s| parse_membership(s))
        .collect::<anyhow::Result<Vec<_>>>()?;
    blocking(move || {
        let mut conn = admin_connection(&settings)?;
        let account = accounts::NewAccount {
            user_type: args.user_type.into(),
            first_name: args.first_name,
            last_name: args.last_name,
            email: args.email,
            memberships,
            password_hash: None,
            username: None,
            language: None,
        };
        let sealer = Sealer::load_or_generate(&settings.mail_key_file())?;
        Ok(accounts::create_account(
            &mut conn,
            &settings,
            &sealer,
            &account,
            None,
            SystemClock.now(),
        )?)
    })
    .await
}

async fn seed_demo(settings: Settings) -> anyhow::Result<()> {
    let credentials_file = settings.data_dir.join("demo-credentials.txt");
    let logins = blocking(move || {
        let mut conn = admin_connection(&settings)?;
        let hasher = PasswordHasher::from_settings(&settings)?;
        let sealer = Sealer::load_or_generate(&settings.mail_key_file())?;
        Ok(demo::seed_demo(
            &mut conn,
            &settings,
            &sealer,
            &hasher,
            SystemClock.now(),
        )?)
    })
    .await?;
    match logins {
        Some(logins) => {
            let text = demo::format_logins(&logins);
            print!("{text}");
            if let Some(parent) = credentials_file.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(&credentials_file)?;
            file.write_all(text.as_bytes())?;
        }
        None => println!(
            "demo data already present; its logins are in {}",
            credentials_file.display()
        ),
    }
    Ok(())
}
