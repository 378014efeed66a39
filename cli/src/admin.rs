//! `synco tenant`, `kms`, `store` and `audit`: the operator's maintenance commands.

use anyhow::{Result, bail};
use synco_host::backend::TenantConfig;

use crate::{AuditCommand, Global, TenantCommand, explain, open_engine};

/// `synco tenant install|uninstall`.
pub fn run_tenant(global: &Global, command: &TenantCommand) -> Result<()> {
    let (engine, tenant) = open_engine(global)?;
    match command {
        TenantCommand::Install { plan } => {
            let config = TenantConfig { plan: plan.clone(), ..TenantConfig::default() };
            let fresh = engine.install(&tenant, &config).map_err(explain)?;
            println!("tenant {tenant} {}", if fresh { "installed" } else { "was already installed" });
        }
        TenantCommand::SetProvider { provider, model, region, account } => {
            let config = engine.set_provider(&tenant, provider, model, region, account).map_err(explain)?;
            println!("tenant {tenant} now uses {} {} ({}); {}", config.provider, config.model, config.region, synco_host::embedders::describe(&config));
        }
        TenantCommand::SetEmbedder { model, dimensions } => {
            let config = engine.set_embedder(&tenant, model, *dimensions).map_err(explain)?;
            println!("tenant {tenant} {}; re-index its pages (`synco index`) so every stored vector comes from it", synco_host::embedders::describe(&config));
        }
        TenantCommand::SetPlan { plan } => {
            engine.set_plan(&tenant, plan).map_err(explain)?;
            println!("tenant {tenant} is on the {plan} plan");
        }
        TenantCommand::SetKey => {
            let mut key = zeroize::Zeroizing::new(String::new());
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut key)?;
            engine.set_key(&tenant, &key).map_err(explain)?;
            println!("key stored sealed for tenant {tenant}");
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

/// `synco audit verify|tail`.
pub fn run_audit(global: &Global, command: &AuditCommand) -> Result<()> {
    let (engine, tenant) = open_engine(global)?;
    let audit = &engine.capabilities().audit;
    match command {
        AuditCommand::Verify { witness } => {
            let witness: Option<synco_host::audit::Witness> = witness.as_deref().map(str::parse).transpose()?;
            let verified = audit.verify_against(&tenant, witness.as_ref())?.map_err(|broken| anyhow::anyhow!("audit chain of {tenant} is broken: {broken}"))?;
            let last = verified.last.as_deref().unwrap_or("none");
            println!("audit chain of {tenant} intact: {} record(s); last record {last} (keep it to check later with --witness)", verified.records);
            if witness.is_some() && !verified.witness_checked {
                println!("the witness is older than the chain's anchor: its record was purged (older than 90 days), so it was not checked");
            }
        }
        AuditCommand::Tail { count } => {
            for row in audit.tail(&tenant, *count)? {
                println!("{}-{} at {} {}", row.seq, &row.hash[..16.min(row.hash.len())], row.at_ms, row.record);
            }
        }
    }
    Ok(())
}

/// `synco kms rotate`.
pub fn rotate(global: &Global) -> Result<()> {
    let (engine, _) = open_engine(global)?;
    let (version, rewrapped) = engine.capabilities().kms.rotate()?;
    println!("master key v{version} created; {rewrapped} tenant data key(s) re-wrapped, no data re-encrypted");
    Ok(())
}

/// `synco store purge`.
pub fn purge(global: &Global) -> Result<()> {
    let (engine, _) = open_engine(global)?;
    let (records, audit) = engine.purge().map_err(explain)?;
    println!("purged {records} expired record(s) and {audit} audit record(s) older than 90 days");
    Ok(())
}
