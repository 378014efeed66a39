//! `synco serve`: turns the command-line options into a [`ServeConfig`] and runs the server on a
//! multi-threaded runtime, with JSON logs of request metadata on stderr.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Args;
use synco_server::ServeConfig;
use synco_server::limits::TenantLimits;

use crate::{Global, open_engine};

/// Options of `synco serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Where to listen; port 0 picks a free one (the address is printed).
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// PEM certificate chain: serve HTTPS (with --tls-key).
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// PEM private key for --tls-cert.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// This app's ARI, the `aud` of every Forge Invocation Token.
    #[arg(long, env = "SYNCO_APP_ARI")]
    app_ari: String,
    /// Where Forge publishes the keys that sign invocation tokens.
    #[arg(long, env = "SYNCO_JWKS_URL", default_value = "https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json")]
    jwks_url: String,
    /// Seconds a fetched JWKS is used before fetching it again.
    #[arg(long, default_value_t = 3600)]
    jwks_max_age_secs: u64,
    /// Least seconds between fetches caused by unknown key ids.
    #[arg(long, default_value_t = 30)]
    jwks_min_refresh_secs: u64,
    /// Accepted clock skew for exp/nbf/iat, seconds.
    #[arg(long, default_value_t = 60)]
    skew_secs: u64,
    /// Origins Atlassian REST calls may go to (repeatable).
    #[arg(long = "api-origin", default_value = "https://api.atlassian.com")]
    api_origins: Vec<String>,
    /// The scopes the manifest requests, recorded as granted at install (repeatable).
    #[arg(long = "scope", default_values = ["read:jira-work", "read:confluence-content.all", "write:confluence-content", "storage:app"])]
    scopes: Vec<String>,
    /// Largest request body, bytes (Forge's payload limit is 5 MiB).
    #[arg(long, default_value_t = 5 * 1024 * 1024)]
    body_limit: usize,
    /// Seconds a client gets to send a request's headers (or its next request on a kept-alive
    /// connection), to finish its TLS handshake, and, once its token verifies, to send its body.
    #[arg(long, default_value_t = 10)]
    client_timeout_secs: u64,
    /// Connections held open at once; more are closed as soon as they are accepted (keep it
    /// below the process's open-file limit).
    #[arg(long, default_value_t = 1024)]
    max_connections: usize,
    /// Requests of one installation running at once (default: half the cores, at least 1, so one
    /// installation whose requests burn the CPU deadline cannot take the whole machine).
    #[arg(long)]
    tenant_concurrency: Option<usize>,
    /// Sustained requests per second per installation.
    #[arg(long, default_value_t = 50.0)]
    tenant_rate: f64,
    /// Burst above the rate per installation.
    #[arg(long, default_value_t = 100.0)]
    tenant_burst: f64,
    /// Seconds in-flight requests get to finish at shutdown.
    #[arg(long, default_value_t = 30)]
    shutdown_grace_secs: u64,
}

/// Runs `synco serve`.
pub fn run(global: &Global, args: &ServeArgs) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let concurrency = args.tenant_concurrency.unwrap_or((cores / 2).max(1));
    if concurrency == 0 || args.tenant_rate <= 0.0 || args.tenant_burst < 1.0 {
        bail!("--tenant-concurrency must be at least 1, --tenant-rate above 0 and --tenant-burst at least 1");
    }
    if args.client_timeout_secs == 0 || args.max_connections == 0 {
        bail!("--client-timeout-secs and --max-connections must be at least 1");
    }
    let (engine, _) = open_engine(global)?;
    let config = ServeConfig {
        listen: args.listen,
        tls: args.tls_cert.clone().zip(args.tls_key.clone()),
        app_ari: args.app_ari.clone(),
        jwks_url: args.jwks_url.clone(),
        jwks_max_age: Duration::from_secs(args.jwks_max_age_secs),
        jwks_min_refresh: Duration::from_secs(args.jwks_min_refresh_secs),
        skew: Duration::from_secs(args.skew_secs),
        api_origins: args.api_origins.clone(),
        scopes: args.scopes.iter().cloned().collect::<BTreeSet<_>>(),
        body_limit: args.body_limit,
        client_timeout: Duration::from_secs(args.client_timeout_secs),
        max_connections: args.max_connections,
        limits: TenantLimits { concurrency, rate_per_s: args.tenant_rate, burst: args.tenant_burst },
        shutdown_grace: Duration::from_secs(args.shutdown_grace_secs),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    runtime.block_on(synco_server::serve(Arc::new(engine), config)).context("the server stopped with an error")
}
