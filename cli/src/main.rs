//! `synco`: the command-line face of the host. Runs syncs and indexing on the embedded defaults
//! (SQLite in `$SYNCO_HOME`, the local KMS, the offline provider), and the benchmarks.

mod admin;
mod serve;
mod sync;
mod tools;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use synco_host::backend::Database;
use synco_host::backend::postgres_tls::{ClientIdentity, PostgresTarget};
use synco_host::vertex_auth::{TokenMinter, VertexCredential};
use synco_host::capabilities::Clock;
use synco_host::engine::{EngineError, HostConfig, SyncEngine};
use synco_host::tenant::TenantId;

#[derive(Parser)]
#[command(name = "synco", version, about = "Keeps Confluence pages in sync with Jira issues, inside a per-tenant WebAssembly sandbox.")]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Global {
    /// Data directory: sealed data, keys and caches only.
    #[arg(long, env = "SYNCO_HOME", default_value = ".synco", global = true)]
    home: PathBuf,
    /// Operator only: send every provider request to this base URL instead (https, or http to a
    /// loopback address): tests and self-hosted gateways.
    #[arg(long, env = "SYNCO_PROVIDER_BASE_URL", global = true)]
    provider_base_url: Option<String>,
    /// Shared PostgreSQL for several host replicas (`host=… user=… dbname=…` or
    /// `postgresql://…`); without it, state lives in SQLite under the data directory.
    #[arg(long, env = "SYNCO_DATABASE", global = true)]
    database: Option<String>,
    /// PEM certificate authorities trusted for the database's TLS certificate instead of the
    /// public roots (a private CA). A database off this machine is always reached over verified
    /// TLS.
    #[arg(long, env = "SYNCO_DATABASE_CA", global = true, requires = "database")]
    database_ca: Option<PathBuf>,
    /// PEM certificate the host presents to the database (certificate authentication); needs
    /// `--database-key`.
    #[arg(long, env = "SYNCO_DATABASE_CERT", global = true, requires_all = ["database", "database_key"])]
    database_cert: Option<PathBuf>,
    /// PEM private key of `--database-cert`.
    #[arg(long, env = "SYNCO_DATABASE_KEY", global = true, requires = "database_cert")]
    database_key: Option<PathBuf>,
    /// The engine component (built by `cargo xtask build`).
    #[arg(long, env = "SYNCO_COMPONENT", default_value = synco_host::DEFAULT_COMPONENT, global = true)]
    component: PathBuf,
    /// The tenant the request belongs to.
    #[arg(long, env = "SYNCO_TENANT", default_value = "local", global = true)]
    tenant: String,
    /// Per-request deadline in seconds (default 25, Forge's interactive limit; at most 900).
    #[arg(long, default_value_t = 25, global = true)]
    deadline_secs: u64,
    /// Per-request memory cap in MiB (default 512, Forge's function memory).
    #[arg(long, default_value_t = 512, global = true)]
    memory_mib: usize,
    /// A fixed clock (milliseconds since the epoch) for reproducible runs.
    #[arg(long, env = "SYNCO_NOW", global = true)]
    now_ms: Option<u64>,
    /// A seed for the guest's randomness, for reproducible runs.
    #[arg(long, env = "SYNCO_SEED", global = true)]
    seed: Option<u64>,
}

#[derive(Subcommand)]
enum Command {
    /// Sync one Jira issue into one Confluence page and write the new page and a review.
    Sync(SyncArgs),
    /// Add or refresh pages in the tenant's related-page index.
    Index(IndexArgs),
    /// The indexed pages most related to an issue, with scores and the terms they share.
    Related(RelatedArgs),
    /// Restore a previous version of a page folder as a new version.
    Revert(RevertArgs),
    /// Redact stdin and print the redacted text (counts on stderr), or spans with --jsonl.
    Redact(RedactArgs),
    /// Compare two page versions: print the summary, write the HTML review.
    Diff(DiffArgs),
    /// Three-way merge of page versions: the merged page on stdout, conflicts as panels.
    Merge(MergeArgs),
    /// Install or uninstall a tenant.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Master-key operations.
    #[command(subcommand)]
    Kms(KmsCommand),
    /// Store maintenance.
    #[command(subcommand)]
    Store(StoreCommand),
    /// Read and check the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Run the benchmarks and print the figures.
    Bench(synco_host::bench::BenchArgs),
    /// Serve Forge Remote: every request authenticated by its Forge Invocation Token.
    Serve(serve::ServeArgs),
}

#[derive(Subcommand)]
enum TenantCommand {
    /// Create the tenant's data key and configuration (idempotent), on the offline provider.
    Install {
        /// The plan: standard, or advanced (bring your own model).
        #[arg(long, default_value = "standard")]
        plan: String,
    },
    /// Point the tenant at a provider and model (BYOM providers need the Advanced plan).
    SetProvider {
        /// offline, vertex-gemini, gemini-api, openai, anthropic or azure-openai.
        #[arg(long)]
        provider: String,
        /// The model (for Azure OpenAI: the deployment).
        #[arg(long)]
        model: String,
        /// The region (Vertex AI location; default europe-west1).
        #[arg(long, default_value = "europe-west1")]
        region: String,
        /// The Google Cloud project (Vertex AI) or the Azure OpenAI resource name.
        #[arg(long, default_value = "")]
        account: String,
    },
    /// Choose the tenant's embedder: offline (the default, 256 dimensions) or an embedding model
    /// of its provider (text-embedding-005 or -004 on vertex-gemini, gemini-embedding-001 on
    /// gemini-api, text-embedding-3-small on openai, an embedding deployment on azure-openai).
    /// Anthropic has no embeddings API: its tenants stay offline. Re-index after a change.
    SetEmbedder {
        /// The embedding model (for Azure OpenAI: the embedding deployment), or offline.
        #[arg(long)]
        model: String,
        /// The vector dimension (768 for Vertex AI, 1536 for text-embedding-3-small, …).
        #[arg(long)]
        dimensions: u32,
    },
    /// Change the tenant's plan (standard or advanced).
    SetPlan {
        /// standard or advanced.
        plan: String,
    },
    /// Store the tenant's provider key, read from stdin, sealed; it is never echoed.
    SetKey,
    /// Delete the tenant's configuration, data key and every record at once.
    Uninstall,
}

#[derive(Subcommand)]
enum KmsCommand {
    /// Add a master key version and re-wrap every tenant's data key under it.
    Rotate,
}

#[derive(Subcommand)]
enum StoreCommand {
    /// Delete expired records and audit records older than 90 days.
    Purge,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the tenant's hash chain; says which record broke it, and prints the last record's
    /// id to keep elsewhere.
    Verify {
        /// A record id printed by an earlier `verify` (or returned by a sync): the chain must
        /// still hold that record, so a cut-off tail is reported.
        #[arg(long)]
        witness: Option<String>,
    },
    /// Print the tenant's last audit records (metadata only).
    Tail {
        /// How many.
        #[arg(short = 'n', long, default_value_t = 20)]
        count: usize,
    },
}

#[derive(Args)]
struct SyncArgs {
    /// The Jira issue, as REST v3 JSON.
    #[arg(long)]
    issue: PathBuf,
    /// The current page body, in storage format.
    #[arg(long, conflicts_with = "page_dir")]
    page: Option<PathBuf>,
    /// The page body Sync-o last wrote (enables the three-way merge).
    #[arg(long, requires = "page")]
    base: Option<PathBuf>,
    /// The current page's version number (with --page).
    #[arg(long, default_value_t = 1)]
    page_version: u32,
    /// A page folder (one file per version, `history.json`): the sync adds a new version.
    #[arg(long)]
    page_dir: Option<PathBuf>,
    /// Where to write the new page and the review (never under the data directory).
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// How many related pages to put in the prompt.
    #[arg(long, default_value_t = 3)]
    related: u32,
    /// Values that may pass unredacted.
    #[arg(long = "allow")]
    allow: Vec<String>,
    /// The provider the request names (default: the tenant's); another one is refused.
    #[arg(long)]
    provider: Option<String>,
}

#[derive(Args)]
struct RelatedArgs {
    /// The Jira issue, as REST v3 JSON.
    issue: PathBuf,
    /// How many pages.
    #[arg(long, default_value_t = 5)]
    limit: u32,
    /// What to rank by: `hybrid` (BM25 and embeddings fused, as a sync does), `vector` or
    /// `lexical`.
    #[arg(long, default_value = "hybrid")]
    mode: String,
    /// Only pages in this space (repeatable).
    #[arg(long)]
    space: Vec<String>,
    /// Only pages carrying this label (repeatable: any of them).
    #[arg(long)]
    label: Vec<String>,
    /// Only pages updated in the last N days (counted from the host's clock).
    #[arg(long)]
    max_age_days: Option<u64>,
    /// Diversify with MMR at this trade-off (0 = most diverse, 1 = relevance only).
    #[arg(long)]
    diversity: Option<f32>,
}

#[derive(Args)]
struct RevertArgs {
    /// The page folder.
    #[arg(long)]
    page_dir: PathBuf,
    /// The version to restore.
    #[arg(long)]
    to: u32,
    /// Restore the version even when it is not storage format.
    #[arg(long)]
    force: bool,
    /// Write the HTML review of what the revert changes to FILE.
    #[arg(long, value_name = "FILE")]
    review: Option<PathBuf>,
}

#[derive(Args)]
struct RedactArgs {
    /// Read `{"text": …, "people"?: […]}` lines, write `{"spans": […]}` lines (byte offsets).
    #[arg(long)]
    jsonl: bool,
    /// Values that may pass unredacted.
    #[arg(long = "allow")]
    allow: Vec<String>,
}

#[derive(Args)]
struct DiffArgs {
    /// The old version (storage format).
    old: PathBuf,
    /// The new version.
    new: PathBuf,
    /// Write the HTML review here.
    #[arg(long)]
    review: Option<PathBuf>,
}

#[derive(Args)]
struct MergeArgs {
    /// The version Sync-o last wrote.
    base: PathBuf,
    /// The current page (maybe edited by a person).
    theirs: PathBuf,
    /// The newly generated version.
    ours: PathBuf,
    /// Write the HTML review (current page → merged) here.
    #[arg(long)]
    review: Option<PathBuf>,
    /// Exit with an error when there are conflicts.
    #[arg(long)]
    fail_on_conflict: bool,
}

#[derive(Args)]
struct IndexArgs {
    /// A folder of storage-format pages with an `index.json` describing them.
    folder: PathBuf,
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synco: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let cli = Cli::parse();
    let filter = || tracing_subscriber::EnvFilter::try_from_env("SYNCO_LOG").unwrap_or_else(|_| "warn".into());
    if matches!(cli.command, Command::Serve(_)) {
        // The server logs one JSON line per request: metadata only (route, tenant, status, ms).
        let filter = tracing_subscriber::EnvFilter::try_from_env("SYNCO_LOG").unwrap_or_else(|_| "info".into());
        tracing_subscriber::fmt().json().with_env_filter(filter).with_writer(std::io::stderr).init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter()).with_writer(std::io::stderr).init();
    }
    match &cli.command {
        Command::Sync(args) => sync::run_sync(&cli.global, args),
        Command::Index(args) => sync::run_index(&cli.global, args),
        Command::Revert(args) => sync::run_revert(&cli.global, args),
        Command::Related(args) => sync::run_related(&cli.global, args),
        Command::Redact(args) => tools::redact(&cli.global, args),
        Command::Diff(args) => tools::diff(&cli.global, args),
        Command::Merge(args) => tools::merge(&cli.global, args),
        Command::Tenant(command) => admin::run_tenant(&cli.global, command),
        Command::Kms(KmsCommand::Rotate) => admin::rotate(&cli.global),
        Command::Store(StoreCommand::Purge) => admin::purge(&cli.global),
        Command::Audit(command) => admin::run_audit(&cli.global, command),
        Command::Bench(args) => synco_host::bench::run(&cli.global.component, args),
        Command::Serve(args) => serve::run(&cli.global, args),
    }
}



/// Opens the engine for the global options, refusing limits beyond Forge's and a missing component.
fn open_engine(global: &Global) -> Result<(SyncEngine, TenantId)> {
    let tenant = TenantId::new(global.tenant.clone())?;
    let deadline = Duration::from_secs(global.deadline_secs);
    if deadline > synco_host::limits::Limits::MAX_ASYNC_DEADLINE {
        bail!("--deadline-secs is {}; the most is 900 (Forge's async limit)", global.deadline_secs);
    }
    let mut config = HostConfig::new(global.home.clone(), global.component.clone());
    config.limits.deadline = deadline;
    config.limits.memory_bytes = global.memory_mib * 1024 * 1024;
    config.clock = global.now_ms.map_or(Clock::System, Clock::Fixed);
    config.seed = global.seed;
    if let Some(url) = &global.database {
        let client = global.database_cert.clone().zip(global.database_key.clone()).map(|(cert_file, key_file)| ClientIdentity { cert_file, key_file });
        config.database = Database::Postgres(PostgresTarget { url: url.clone(), ca_file: global.database_ca.clone(), client });
    }
    config.providers.base_url = global.provider_base_url.clone();
    config.providers.vertex = vertex_credential()?.map(std::sync::Arc::new);
    if !config.component.is_file() {
        bail!("the component {} does not exist: run `cargo xtask build` first", config.component.display());
    }
    let engine = SyncEngine::open(config).context("cannot start the engine")?;
    Ok((engine, tenant))
}

/// Reads a text file, naming it in the error. At most one byte past the engine's request limit is
/// read, so a huge file (or `/dev/zero`) is refused with a clear error instead of filling memory.
fn read(path: &Path, what: &str) -> Result<String> {
    let limit = synco_host::limits::Limits::default().payload_bytes;
    let file = std::fs::File::open(path).with_context(|| format!("cannot read the {what} {}", path.display()))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit as u64 + 1), &mut bytes).with_context(|| format!("cannot read the {what} {}", path.display()))?;
    if bytes.len() > limit {
        bail!("the {what} {} is larger than the limit of {limit} bytes", path.display());
    }
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("the {what} {} is not UTF-8 text", path.display()))
}

/// Where `path` really is: its longest existing ancestor with symbolic links resolved, then the
/// rest as written (so a link to the data directory, or the data directory reached through a
/// link, is recognised).
fn resolved(path: &Path) -> std::path::PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.clone();
    let mut rest = Vec::new();
    // Bounded like the kernel's own limit on links followed in one lookup.
    for _ in 0..40 {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        // A link whose target does not exist yet (the data directory before its first use).
        if let Ok(target) = std::fs::read_link(&existing) {
            existing = existing.parent().map_or(target.clone(), |parent| parent.join(&target));
            continue;
        }
        match (existing.parent().map(Path::to_path_buf), existing.file_name().map(|n| n.to_os_string())) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => break,
        }
    }
    absolute
}

/// Refuses an output path inside the data directory: it would hold plaintext, and `$SYNCO_HOME`
/// only ever holds sealed data, keys and caches.
fn refuse_output_under_home(out: &Path, home: &Path, what: &str, option: &str) -> Result<()> {
    if resolved(out).starts_with(resolved(home)) {
        bail!("{what} {} is inside the data directory {}; choose another {option}", out.display(), home.display());
    }
    Ok(())
}

/// An engine error as a CLI error (its message already says what went wrong).
fn explain(e: EngineError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// The operator's Vertex AI credential from the environment: a service-account key file
/// (`SYNCO_VERTEX_SERVICE_ACCOUNT`, tokens minted and renewed by the host) or a fixed access
/// token (`SYNCO_VERTEX_ACCESS_TOKEN`); not both.
fn vertex_credential() -> Result<Option<VertexCredential>> {
    let token = std::env::var("SYNCO_VERTEX_ACCESS_TOKEN").ok().map(zeroize::Zeroizing::new);
    match (std::env::var_os("SYNCO_VERTEX_SERVICE_ACCOUNT"), token) {
        (Some(_), Some(_)) => bail!("SYNCO_VERTEX_SERVICE_ACCOUNT and SYNCO_VERTEX_ACCESS_TOKEN are both set; set one"),
        (Some(path), None) => Ok(Some(VertexCredential::ServiceAccount(Box::new(TokenMinter::load(std::path::Path::new(&path))?)))),
        (None, token) => Ok(token.map(VertexCredential::AccessToken)),
    }
}
