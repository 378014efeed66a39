//! `synco`: the command-line face of the host. Runs syncs and indexing on the embedded defaults
//! (SQLite in `$SYNCO_HOME`, the local KMS, the offline provider), and the benchmarks.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use synco_host::backend::{Database, TenantConfig};
use synco_host::bindings::synco::engine::types::{PiiKind, Provider};
use synco_host::capabilities::Clock;
use synco_host::engine::{EngineError, HostConfig, Policy, SyncEngine, SyncOutcome, SyncRequest};
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
    /// Shared PostgreSQL for several host replicas (`host=… user=… dbname=…` or
    /// `postgresql://…`); without it, state lives in SQLite under the data directory.
    #[arg(long, env = "SYNCO_DATABASE", global = true)]
    database: Option<String>,
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
}

#[derive(Subcommand)]
enum TenantCommand {
    /// Create the tenant's data key and configuration (idempotent).
    Install {
        /// The provider the tenant's requests must name.
        #[arg(long, default_value = "offline")]
        provider: String,
        /// The model.
        #[arg(long, default_value = "offline-template")]
        model: String,
        /// The region.
        #[arg(long, default_value = "local")]
        region: String,
    },
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
    /// Check the tenant's hash chain; says which record broke it.
    Verify,
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
    #[arg(long)]
    page: PathBuf,
    /// The page body Sync-o last wrote (enables the three-way merge).
    #[arg(long)]
    base: Option<PathBuf>,
    /// Where to write the new page and the review (never under the data directory).
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// How many related pages to put in the prompt.
    #[arg(long, default_value_t = 3)]
    related: u32,
    /// Values that may pass unredacted.
    #[arg(long = "allow")]
    allow: Vec<String>,
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
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("SYNCO_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match &cli.command {
        Command::Sync(args) => run_sync(&cli.global, args),
        Command::Index(args) => run_index(&cli.global, args),
        Command::Tenant(command) => run_tenant(&cli.global, command),
        Command::Kms(KmsCommand::Rotate) => {
            let (engine, _) = open_engine(&cli.global)?;
            let (version, rewrapped) = engine.capabilities().kms.rotate()?;
            println!("master key v{version} created; {rewrapped} tenant data key(s) re-wrapped, no data re-encrypted");
            Ok(())
        }
        Command::Store(StoreCommand::Purge) => {
            let (engine, _) = open_engine(&cli.global)?;
            let (records, audit) = engine.purge().map_err(explain)?;
            println!("purged {records} expired record(s) and {audit} audit record(s) older than 90 days");
            Ok(())
        }
        Command::Audit(command) => run_audit(&cli.global, command),
        Command::Bench(args) => synco_host::bench::run(&cli.global.component, args),
    }
}

fn run_tenant(global: &Global, command: &TenantCommand) -> Result<()> {
    let (engine, tenant) = open_engine(global)?;
    match command {
        TenantCommand::Install { provider, model, region } => {
            let config = TenantConfig { provider: provider.clone(), model: model.clone(), region: region.clone() };
            let fresh = engine.install(&tenant, &config).map_err(explain)?;
            println!("tenant {tenant} {}", if fresh { "installed" } else { "was already installed" });
        }
        TenantCommand::Uninstall => {
            let removed = engine.uninstall(&tenant).map_err(explain)?;
            if !removed.tenant {
                bail!("tenant {tenant} is not installed");
            }
            println!("tenant {tenant} uninstalled: configuration, data key and {} record(s) deleted", removed.records);
        }
    }
    Ok(())
}

fn run_audit(global: &Global, command: &AuditCommand) -> Result<()> {
    let (engine, tenant) = open_engine(global)?;
    let audit = &engine.capabilities().audit;
    match command {
        AuditCommand::Verify => match audit.verify(&tenant)? {
            Ok(count) => println!("audit chain of {tenant} intact: {count} record(s)"),
            Err(broken) => bail!("audit chain of {tenant} is broken: {broken}"),
        },
        AuditCommand::Tail { count } => {
            for row in audit.tail(&tenant, *count)? {
                println!("{}-{} at {} {}", row.seq, &row.hash[..16.min(row.hash.len())], row.at_ms, row.record);
            }
        }
    }
    Ok(())
}

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
        config.database = Database::Postgres(url.clone());
    }
    if !config.component.is_file() {
        bail!("the component {} does not exist: run `cargo xtask build` first", config.component.display());
    }
    let engine = SyncEngine::open(config).context("cannot start the engine")?;
    Ok((engine, tenant))
}

fn read(path: &Path, what: &str) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read the {what} {}", path.display()))
}

fn run_sync(global: &Global, args: &SyncArgs) -> Result<()> {
    refuse_output_under_home(&args.out, &global.home)?;
    let (engine, tenant) = open_engine(global)?;
    let request = SyncRequest {
        issue_json: read(&args.issue, "issue")?,
        page: read(&args.page, "page")?,
        base: args.base.as_deref().map(|p| read(p, "base page")).transpose()?,
        provider: Provider::Offline,
        model: engine.tenant_config(&tenant).map_err(explain)?.model,
        policy: Policy { disabled: Vec::new(), allow: args.allow.clone() },
        related_limit: args.related,
    };
    let outcome = engine.sync(&tenant, &request).map_err(explain)?;
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    std::fs::write(args.out.join("page.xml"), &outcome.page)?;
    std::fs::write(args.out.join("review.html"), &outcome.review.html)?;
    std::fs::write(args.out.join("edit-script.json"), &outcome.review.edit_script)?;
    print_summary(&outcome, &args.out);
    Ok(())
}

/// The output folder holds plaintext pages; `$SYNCO_HOME` must only ever hold sealed data.
fn refuse_output_under_home(out: &Path, home: &Path) -> Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    if absolute(out).starts_with(absolute(home)) {
        bail!("the output folder {} is inside the data directory {}; choose another --out", out.display(), home.display());
    }
    Ok(())
}

fn print_summary(outcome: &SyncOutcome, out: &Path) {
    println!("{}", outcome.version_message);
    println!("redacted before the model call:");
    if outcome.redactions.is_empty() {
        println!("  nothing");
    }
    for count in &outcome.redactions {
        println!("  {:<16} {} value(s), {} occurrence(s)", kind_name(count.kind), count.distinct, count.occurrences);
    }
    println!("related pages:");
    if outcome.related.is_empty() {
        println!("  none indexed (run `synco index examples/pages`)");
    }
    for page in &outcome.related {
        println!("  {:.3}  {} ({})", page.score, page.title, page.page_id);
    }
    println!("change: {} ({} block(s) changed, {} conflict(s) kept for review)", outcome.review.summary, outcome.review.changed_blocks, outcome.conflicts);
    if outcome.unknown_placeholders > 0 {
        println!("warning: {} placeholder(s) in the model output were not issued and were left as written", outcome.unknown_placeholders);
    }
    println!("audit record: {}", outcome.audit_id);
    println!("wrote {}/page.xml, {}/review.html and {}/edit-script.json", out.display(), out.display(), out.display());
}

fn kind_name(kind: PiiKind) -> &'static str {
    match kind {
        PiiKind::Email => "email",
        PiiKind::Phone => "phone",
        PiiKind::CreditCard => "credit card",
        PiiKind::IpAddress => "ip address",
        PiiKind::AwsAccessKey => "aws access key",
        PiiKind::GenericSecret => "secret",
        PiiKind::Person => "person",
    }
}

fn run_index(global: &Global, args: &IndexArgs) -> Result<()> {
    let pages = synco_host::folder::read_pages(&args.folder)?;
    let (engine, tenant) = open_engine(global)?;
    let policy = Policy { disabled: Vec::new(), allow: Vec::new() };
    for page in &pages {
        engine.index_page(&tenant, page, &policy).map_err(explain).with_context(|| format!("cannot index page {}", page.id))?;
        println!("indexed {} {:?}", page.id, page.title);
    }
    println!("{} page(s) indexed for tenant {tenant}; records expire after 90 days", pages.len());
    Ok(())
}

fn explain(e: EngineError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}
