//! `synco sync`, `index` and `revert`: the main job and the version-history safety net.
//!
//! A sync reads the page either from files (`--page`, `--base`) or from a page folder
//! (`--page-dir`, the offline stand-in for Confluence's history): there the current page is the
//! latest version, the base is the last version Sync-o wrote, and the result is added as a new
//! version — unless a version already carries this event's sync id, in which case nothing is
//! written (a repeated event is not a second update).

use std::path::Path;

use anyhow::{Context, Result, bail};
use synco_host::bindings::synco::engine::types::Provider;
use synco_host::capabilities::kind_name;
use synco_host::engine::{Filter, Policy, RankingMode, RelatedOptions, SyncOutcome, SyncRequest};
use synco_host::pagefolder::{PageFolder, restore_request};

use crate::tools::{page_problem, refuse_review_under_home};
use crate::{Global, IndexArgs, RelatedArgs, RevertArgs, SyncArgs, explain, open_engine, read, refuse_output_under_home};

/// Where the page comes from and where the new version goes.
struct Page {
    current: String,
    base: Option<String>,
    version: u32,
    folder: Option<PageFolder>,
}

fn load_page(args: &SyncArgs) -> Result<Page> {
    match (&args.page, &args.page_dir) {
        (Some(page), None) => Ok(Page {
            current: read(page, "page")?,
            base: args.base.as_deref().map(|p| read(p, "base page")).transpose()?,
            version: args.page_version,
            folder: None,
        }),
        (None, Some(dir)) => {
            let folder = PageFolder::open(dir)?;
            let latest = folder.latest().number;
            let base = folder.last_sync().map(|v| folder.body(v.number)).transpose()?;
            let version = folder.sync_source_version();
            Ok(Page { current: folder.body(latest)?, base, version, folder: Some(folder) })
        }
        _ => bail!("give the page either as --page FILE (with --base) or as --page-dir DIR"),
    }
}

/// `synco sync`.
pub fn run_sync(global: &Global, args: &SyncArgs) -> Result<()> {
    refuse_output_under_home(&args.out, &global.home, "the output folder", "--out")?;
    let (engine, tenant) = open_engine(global)?;
    let mut page = load_page(args)?;
    let config = engine.tenant_config(&tenant).map_err(explain)?;
    let provider = provider_named(args.provider.as_deref().unwrap_or(&config.provider))?;
    let request = SyncRequest {
        issue_json: read(&args.issue, "issue")?,
        page: page.current.clone(),
        base: page.base.take(),
        page_version: page.version,
        provider,
        model: config.model,
        policy: Policy { disabled: Vec::new(), allow: args.allow.clone(), custom: Vec::new() },
        related_limit: args.related,
    };
    let outcome = engine.sync(&tenant, &request).map_err(explain)?;
    if let Some(folder) = &mut page.folder {
        if folder.has_sync(&outcome.sync_id) {
            println!("already up to date: a version already carries sync {}; nothing written", outcome.sync_id);
            return Ok(());
        }
        let number = folder.add(&outcome.page, &outcome.version_message)?;
        println!("added version {number} to the page folder");
    }
    write_outputs(&args.out, &outcome)?;
    print_summary(&outcome, &args.out);
    Ok(())
}

/// The ranking options `synco related` was given.
fn related_options(global: &Global, args: &RelatedArgs) -> Result<RelatedOptions> {
    let mode = match args.mode.as_str() {
        "hybrid" => RankingMode::Hybrid,
        "vector" => RankingMode::Vector,
        "lexical" => RankingMode::Lexical,
        other => bail!("unknown ranking mode {other:?}: expected hybrid, vector or lexical"),
    };
    let now_ms = global.now_ms.unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64));
    let updated_after = args.max_age_days.map(|days| now_ms.saturating_sub(days.saturating_mul(24 * 3600 * 1000)));
    let filter = Filter { spaces: args.space.clone(), labels: args.label.clone(), updated_after };
    Ok(RelatedOptions { limit: args.limit, mode, filter, diversity: args.diversity })
}

/// The contract's provider for a configuration name.
fn provider_named(name: &str) -> Result<Provider> {
    Ok(match name {
        "offline" => Provider::Offline,
        "vertex-gemini" => Provider::VertexGemini,
        "gemini-api" => Provider::GeminiApi,
        "openai" => Provider::Openai,
        "anthropic" => Provider::Anthropic,
        "azure-openai" => Provider::AzureOpenai,
        other => bail!("unknown provider {other:?}"),
    })
}

fn write_outputs(out: &Path, outcome: &SyncOutcome) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    std::fs::write(out.join("page.xml"), &outcome.page)?;
    std::fs::write(out.join("review.html"), &outcome.review.html)?;
    std::fs::write(out.join("edit-script.json"), &outcome.review.edit_script)?;
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
        println!("  {:.3}  {} ({}) — shares: {}", page.score, page.title, page.page_id, page.shared_terms.join(", "));
    }
    println!("change: {} ({} block(s) changed, {} conflict(s) kept for review)", outcome.review.summary, outcome.review.changed_blocks, outcome.conflicts);
    if outcome.unknown_placeholders > 0 {
        println!("warning: {} placeholder(s) in the model output were not issued and were left as written", outcome.unknown_placeholders);
    }
    println!("audit record: {}", outcome.audit_id);
    println!("wrote {}/page.xml, {}/review.html and {}/edit-script.json", out.display(), out.display(), out.display());
}


/// `synco index`.
pub fn run_index(global: &Global, args: &IndexArgs) -> Result<()> {
    let pages = synco_host::folder::read_pages(&args.folder)?;
    let (engine, tenant) = open_engine(global)?;
    let policy = Policy { disabled: Vec::new(), allow: Vec::new(), custom: Vec::new() };
    for page in &pages {
        engine.index_page(&tenant, page, &policy).map_err(explain).with_context(|| format!("cannot index page {}", page.id))?;
        println!("indexed {} {:?}", page.id, page.title);
    }
    println!("{} page(s) indexed for tenant {tenant}; records expire after 90 days", pages.len());
    Ok(())
}

/// `synco related`: the tenant's indexed pages most related to an issue, and why.
pub fn run_related(global: &Global, args: &RelatedArgs) -> Result<()> {
    let (engine, tenant) = open_engine(global)?;
    let issue = read(&args.issue, "issue")?;
    let provider = provider_named(&engine.tenant_config(&tenant).map_err(explain)?.provider)?;
    let policy = Policy { disabled: Vec::new(), allow: Vec::new(), custom: Vec::new() };
    let options = related_options(global, args)?;
    let pages = engine.related(&tenant, &issue, provider, &policy, &options).map_err(explain)?;
    if pages.is_empty() {
        println!("no related pages: the index of tenant {tenant} is empty (run `synco index`)");
    }
    for page in pages {
        let why = if page.shared_terms.is_empty() { "no shared terms".to_string() } else { format!("shares: {}", page.shared_terms.join(", ")) };
        println!("{:.3}  {} ({}) — {why}", page.score, page.title, page.page_id);
    }
    Ok(())
}

/// `synco revert`: restores a version as a new version of the page folder, and prints the body of
/// Confluence's restore operation for the same version. The version is read by the component
/// first: one that is not storage format is not restored (without `--force`), since every later
/// sync of the page would then stop at it. The one-line summary of what the revert changes is
/// printed, and the HTML review written with `--review`.
pub fn run_revert(global: &Global, args: &RevertArgs) -> Result<()> {
    refuse_review_under_home(global, args.review.as_deref())?;
    let mut folder = PageFolder::open(&args.page_dir)?;
    let target = folder.body(args.to)?;
    let latest = folder.body(folder.latest().number)?;
    let (engine, tenant) = open_engine(global)?;
    if let Some(e) = page_problem(&engine, &tenant, &target)? {
        let why = synco_host::engine::describe_document(&format!("version {}", args.to), &e);
        if !args.force {
            bail!("{why}; nothing was restored (--force restores it anyway)");
        }
        eprintln!("warning: {why}; restored anyway (--force)");
    }
    let number = folder.revert(args.to)?;
    println!("version {number} restores version {}", args.to);
    match engine.call(&tenant, |store, e| e.synco_engine_diff().call_compare(&mut *store, &latest, &target)).map_err(explain)? {
        Ok(review) => {
            println!("{}", review.summary);
            if let Some(path) = &args.review {
                std::fs::write(path, &review.html).with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
        Err(e) => eprintln!("no review of the revert: {}", synco_host::engine::describe_document("page", &e)),
    }
    println!("confluence request: POST /wiki/rest/api/content/{{id}}/version {}", restore_request(args.to));
    Ok(())
}
