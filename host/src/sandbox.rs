//! The sandbox: every piece of wasmtime configuration lives here, each default justified.
//!
//! One [`Sandbox`] owns one wasmtime [`Engine`], the component compiled once (and cached on disk as
//! a precompiled artifact), and one [`InstancePre`] with every import already resolved. Each request
//! gets a fresh [`Store`] bound to exactly one tenant, with its own memory cap and deadline; the
//! store and the instance are dropped when the request ends, so nothing survives from one request
//! (or tenant) to the next (promise P1).
//!
//! What the guest can reach is exactly what [`Sandbox::new`] puts in the linker: our five
//! capability interfaces (`model`, `kms`, `store`, `clock`, `log`) and the few WASI interfaces
//! that Rust's std pulls into a `wasm32-wasip2` component (`wasi:io/{error,poll,streams}` and
//! `wasi:cli/*`), backed by an empty context: no arguments, no environment, no preopened
//! directories, stdin empty, stdout and stderr discarded — plus `wasi:random/insecure-seed`,
//! which std's `HashMap` asks once for its hash keys, answered with a fixed constant (see
//! [`FixedHashSeed`]). Filesystem, sockets, clocks and real randomness are not in the linker at
//! all, so a component importing them fails to instantiate.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use sha2::{Digest, Sha256};
use thiserror::Error;
use wasmtime::component::{Component, HasData, Linker, ResourceTable};
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, Store, Trap};
use wasmtime_wasi::cli::{WasiCli, WasiCliView};
use wasmtime_wasi::p2::bindings::{cli, random, sync::io};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::bindings::{self, EnginePre};
use crate::capabilities::Capabilities;
use crate::limits::Limits;
use crate::tenant::TenantId;

/// How often the epoch ticker advances the engine's epoch. Deadlines are counted in these ticks:
/// 10 ms keeps the deadline precise to a hundredth of a second while the ticker thread costs
/// nothing measurable.
const EPOCH_TICK: Duration = Duration::from_millis(10);

/// How instances get their memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allocation {
    /// Pre-reserved slots (the default): instantiation is a few microseconds and memory images
    /// are copy-on-write, so a fresh instance per request is cheap.
    Pooling {
        /// How many instances may be alive at once (across all tenants).
        instances: u32,
    },
    /// Memory mapped for each instance on demand: slower, kept for comparison in benchmarks.
    OnDemand,
}

impl Default for Allocation {
    fn default() -> Self {
        // Two cores serve a handful of concurrent requests; 64 slots leave ample headroom while
        // reserving (not committing) only virtual address space.
        Allocation::Pooling { instances: 64 }
    }
}

/// Why a request could not run to completion in the sandbox. Each case ends only that request.
#[derive(Debug, Error)]
pub enum SandboxError {
    /// The component could not be read, compiled or cached.
    #[error("cannot load the component {path}: {reason}")]
    Load {
        /// The component file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The component does not fit the linker (e.g. it imports something the host does not grant).
    #[error("the component cannot be linked: {0}")]
    Link(String),
    /// The request ran past its deadline and was interrupted.
    #[error("the request ran past its deadline of {0:?} and was stopped")]
    Deadline(Duration),
    /// The guest tried to hold more memory than its cap.
    #[error("the request tried to use more than {0} bytes of memory and was stopped")]
    MemoryLimit(usize),
    /// The guest exhausted its stack.
    #[error("the request exhausted its stack and was stopped")]
    StackOverflow,
    /// The guest trapped (a panic, an out-of-bounds access, …).
    #[error("the engine failed while handling the request: {0}")]
    Trap(String),
    /// The guest returned more than the output limit.
    #[error("the result is {size} bytes; the limit is {limit} bytes")]
    OutputTooLarge {
        /// The result size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// All instance slots are in use.
    #[error("the host is at capacity; retry shortly")]
    Busy,
}

/// The per-request state a [`Store`] carries: the tenant every capability call is scoped to, the
/// empty WASI context, and the memory cap.
pub struct RequestState {
    /// The tenant this request belongs to. Set by the host; the guest cannot see or change it.
    pub tenant: TenantId,
    /// The shared capability backends (KMS, store, model, clock, log).
    pub caps: Arc<Capabilities>,
    /// When this request must be done; host calls (model requests) never run past it.
    pub deadline: std::time::Instant,
    wasi: WasiCtx,
    table: ResourceTable,
    memory: MemoryCap,
}

impl RequestState {
    fn new(tenant: TenantId, caps: Arc<Capabilities>, limits: &Limits) -> Self {
        RequestState {
            tenant,
            caps,
            deadline: std::time::Instant::now() + limits.deadline,
            // An empty context: no args, no env, no preopens, stdin empty, stdout/stderr discarded.
            wasi: WasiCtx::builder().build(),
            table: ResourceTable::new(),
            memory: MemoryCap::new(limits.memory_bytes),
        }
    }
}

impl RequestState {
    /// Bytes of linear memory the instance holds (its peak: wasm memories never shrink).
    pub fn memory_in_use(&self) -> usize {
        self.memory.in_use
    }
}

impl WasiView for RequestState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

/// Caps the *sum* of all linear memories of one instance (a component may hold several), and
/// its tables. Growth past the cap fails with [`MemoryCapExceeded`], which traps the guest and is
/// recognised by [`Sandbox::call`].
struct MemoryCap {
    cap: usize,
    in_use: usize,
}

impl MemoryCap {
    fn new(cap: usize) -> Self {
        MemoryCap { cap, in_use: 0 }
    }
}

/// The error a [`MemoryCap`] raises; it travels through the trap and is downcast by the host.
#[derive(Debug, Error)]
#[error("memory cap of {0} bytes exceeded")]
struct MemoryCapExceeded(usize);

/// Most table entries a guest may hold (function references); generous for any real program.
const MAX_TABLE_ELEMENTS: usize = 100_000;

impl wasmtime::ResourceLimiter for MemoryCap {
    fn memory_growing(&mut self, current: usize, desired: usize, _max: Option<usize>) -> wasmtime::Result<bool> {
        let after = self.in_use.saturating_sub(current).saturating_add(desired);
        if after > self.cap {
            return Err(MemoryCapExceeded(self.cap).into());
        }
        self.in_use = after;
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _max: Option<usize>) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }
}

/// Gives generated `add_to_linker` functions access to the resource table alone (for `wasi:io`).
struct TableOnly;

impl HasData for TableOnly {
    type Data<'a> = &'a mut ResourceTable;
}

/// Answers `wasi:random/insecure-seed`, which Rust's std calls once per instance to key
/// `HashMap`s (the `regex` and `similar` crates use them). The answer is a fixed constant: the
/// interface is documented as not secure, the engine's output must be identical in every host,
/// and the guest must have no randomness the host did not grant through `kms.random-bytes`.
/// Hash flooding by crafted input is bounded by the request deadline like any other slow input.
struct FixedHashSeed;

/// The constant seed ("synco hash seed" in ASCII, padded).
const HASH_SEED: (u64, u64) = (0x7379_6e63_6f20_6861, 0x7368_2073_6565_6400);

impl random::insecure_seed::Host for FixedHashSeed {
    fn insecure_seed(&mut self) -> wasmtime::Result<(u64, u64)> {
        Ok(HASH_SEED)
    }
}

impl HasData for FixedHashSeed {
    type Data<'a> = FixedHashSeed;
}

/// A compiled component ready to be instantiated per request, plus the engine that runs it.
pub struct Sandbox {
    engine: Engine,
    pre: EnginePre<RequestState>,
    limits: Limits,
    ticker: EpochTicker,
    cache_hit: bool,
}

impl Sandbox {
    /// Builds the engine, loads the component (from the precompiled cache in `cache_dir` when
    /// present, compiling and caching it otherwise) and links every import once.
    pub fn new(component: &Path, cache_dir: &Path, limits: Limits, allocation: Allocation) -> Result<Sandbox, SandboxError> {
        let engine = build_engine(&limits, allocation).map_err(|e| load_error(component, e))?;
        let (component_code, cache_hit) = load_component(&engine, component, cache_dir)?;
        let linker = build_linker(&engine).map_err(|e| SandboxError::Link(format!("{e:#}")))?;
        let instance_pre = linker.instantiate_pre(&component_code).map_err(|e| SandboxError::Link(format!("{e:#}")))?;
        let pre = EnginePre::new(instance_pre).map_err(|e| SandboxError::Link(format!("{e:#}")))?;
        let ticker = EpochTicker::start(engine.clone()).map_err(|e| load_error(component, e))?;
        Ok(Sandbox { engine, pre, limits, ticker, cache_hit })
    }

    /// The limits every request runs under.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Whether [`Sandbox::new`] loaded the component from the precompiled cache.
    pub fn loaded_from_cache(&self) -> bool {
        self.cache_hit
    }

    /// Runs `f` against a fresh instance bound to `tenant`, under the memory cap and deadline.
    /// Whatever happens inside (a trap, a loop, a memory bomb), the result is a typed error for
    /// this request only; the instance and its store are dropped on return.
    pub fn call<R>(
        &self,
        tenant: &TenantId,
        caps: &Arc<Capabilities>,
        f: impl FnOnce(&mut Store<RequestState>, &bindings::Engine) -> wasmtime::Result<R>,
    ) -> Result<R, SandboxError> {
        let mut store = self.new_store(tenant, caps);
        let outcome = self.pre.instantiate(&mut store).and_then(|instance| f(&mut store, &instance));
        outcome.map_err(|e| self.classify(e))
    }

    fn new_store(&self, tenant: &TenantId, caps: &Arc<Capabilities>) -> Store<RequestState> {
        let state = RequestState::new(tenant.clone(), Arc::clone(caps), &self.limits);
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| &mut state.memory);
        store.set_epoch_deadline(deadline_ticks(self.limits.deadline));
        store.epoch_deadline_trap();
        store
    }

    /// Maps a wasmtime error to what happened, in terms a caller can act on.
    fn classify(&self, error: wasmtime::Error) -> SandboxError {
        if let Some(cap) = error.downcast_ref::<MemoryCapExceeded>() {
            return SandboxError::MemoryLimit(cap.0);
        }
        match error.downcast_ref::<Trap>() {
            Some(Trap::Interrupt) => SandboxError::Deadline(self.limits.deadline),
            Some(Trap::StackOverflow) => SandboxError::StackOverflow,
            Some(trap) => SandboxError::Trap(trap.to_string()),
            None if error.is::<wasmtime::PoolConcurrencyLimitError>() => SandboxError::Busy,
            None => SandboxError::Trap(format!("{error:#}")),
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.ticker.stop();
    }
}

fn deadline_ticks(deadline: Duration) -> u64 {
    // The next tick may come at any moment within one tick length, so one more tick guarantees
    // the request at least its whole deadline (and at most one tick more).
    let ticks = deadline.as_micros().div_ceil(EPOCH_TICK.as_micros()).max(1) + 1;
    u64::try_from(ticks).unwrap_or(u64::MAX)
}

/// The engine configuration. Each setting is here for a reason:
fn build_engine(limits: &Limits, allocation: Allocation) -> wasmtime::Result<Engine> {
    let mut config = Config::new();
    // Deadlines: epoch interruption costs one load and compare per loop back-edge and function
    // entry, much less than fuel, and a ticker thread makes it wall-clock based.
    config.epoch_interruption(true);
    // Stack: unbounded recursion must trap quickly and predictably.
    config.max_wasm_stack(limits.wasm_stack_bytes);
    // Fresh instances per request are only cheap if memory images are mapped copy-on-write
    // instead of copied (on by default; stated here because the design relies on it).
    config.memory_init_cow(true);
    // The guest is SIMD-accelerated for ranking; wasmtime supports it on x86_64 and aarch64.
    config.wasm_simd(true);
    if let Allocation::Pooling { instances } = allocation {
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(pooling(instances, limits)));
    }
    Engine::new(&config)
}

/// Pooling: slots sized so that one instance can reach the memory cap and no further.
fn pooling(instances: u32, limits: &Limits) -> PoolingAllocationConfig {
    let mut pool = PoolingAllocationConfig::default();
    // A Rust wasip2 component holds a handful of core instances (the program, the WASI adapter,
    // shims), each with at most a couple of memories and tables.
    pool.total_component_instances(instances)
        .total_core_instances(instances * 8)
        .total_memories(instances * 2)
        .total_tables(instances * 4)
        .max_memories_per_component(4)
        .max_memory_size(limits.memory_bytes);
    pool
}

fn build_linker(engine: &Engine) -> wasmtime::Result<Linker<RequestState>> {
    let mut linker = Linker::new(engine);
    add_std_wasi(&mut linker)?;
    bindings::Engine::add_to_linker::<RequestState, wasmtime::component::HasSelf<RequestState>>(&mut linker, |s| s)?;
    Ok(linker)
}

/// Only the WASI interfaces Rust's std imports: streams (for stdio), the `wasi:cli` family and
/// the hash-map seed. No filesystem, sockets, clocks or real randomness.
fn add_std_wasi(linker: &mut Linker<RequestState>) -> wasmtime::Result<()> {
    io::error::add_to_linker::<RequestState, TableOnly>(linker, |s| &mut s.table)?;
    io::poll::add_to_linker::<RequestState, TableOnly>(linker, |s| &mut s.table)?;
    io::streams::add_to_linker::<RequestState, TableOnly>(linker, |s| &mut s.table)?;
    cli::exit::add_to_linker::<RequestState, WasiCli>(linker, RequestState::cli)?;
    cli::environment::add_to_linker::<RequestState, WasiCli>(linker, RequestState::cli)?;
    cli::stdin::add_to_linker::<RequestState, WasiCli>(linker, RequestState::cli)?;
    cli::stdout::add_to_linker::<RequestState, WasiCli>(linker, RequestState::cli)?;
    cli::stderr::add_to_linker::<RequestState, WasiCli>(linker, RequestState::cli)?;
    cli::terminal_input::add_to_linker::<RequestState, WasiCli>(linker, RequestState::cli)?;
    cli::terminal_output::add_to_linker::<RequestState, WasiCli>(linker, RequestState::cli)?;
    cli::terminal_stdin::add_to_linker::<RequestState, WasiCli>(linker, RequestState::cli)?;
    cli::terminal_stdout::add_to_linker::<RequestState, WasiCli>(linker, RequestState::cli)?;
    cli::terminal_stderr::add_to_linker::<RequestState, WasiCli>(linker, RequestState::cli)?;
    random::insecure_seed::add_to_linker::<RequestState, FixedHashSeed>(linker, |_| FixedHashSeed)?;
    Ok(())
}

/// Loads the component from the precompiled cache, or compiles it and writes the cache.
///
/// The cache file name carries the component's sha256, the wasmtime version and the engine's
/// compatibility hash (which covers every setting that affects compiled code), so a changed
/// component, wasmtime upgrade or configuration change never loads a stale artifact.
fn load_component(engine: &Engine, path: &Path, cache_dir: &Path) -> Result<(Component, bool), SandboxError> {
    let bytes = std::fs::read(path).map_err(|e| load_error(path, e))?;
    let cached = cache_dir.join(cache_file_name(engine, &bytes));
    if cached.is_file() {
        // SAFETY: the file was written by `Component::serialize` of this same engine
        // configuration (its name says so) into the host's private cache directory (mode 0700).
        if let Ok(component) = unsafe { Component::deserialize_file(engine, &cached) } {
            return Ok((component, true));
        }
    }
    let component = Component::new(engine, &bytes).map_err(|e| load_error(path, e))?;
    // A cache that cannot be written costs the next start a compile, nothing more.
    if let Err(reason) = write_cache(&component, cache_dir, &cached) {
        tracing::warn!(cache = %cached.display(), "cannot write the precompiled component: {reason}");
    }
    Ok((component, false))
}

fn cache_file_name(engine: &Engine, component: &[u8]) -> String {
    let digest = hex::encode(Sha256::digest(component));
    let mut hasher = DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut hasher);
    format!("{}-wasmtime{}-{:016x}.cwasm", &digest[..32], crate::WASMTIME_VERSION, hasher.finish())
}

fn write_cache(component: &Component, dir: &Path, target: &Path) -> Result<(), String> {
    crate::fsutil::create_private_dir(dir).map_err(|e| e.to_string())?;
    let artifact = component.serialize().map_err(|e| format!("{e:#}"))?;
    crate::fsutil::write_atomically(target, &artifact).map_err(|e| e.to_string())
}

fn load_error(path: &Path, e: impl std::fmt::Display) -> SandboxError {
    SandboxError::Load { path: path.to_path_buf(), reason: e.to_string() }
}

/// A thread that advances the engine's epoch every [`EPOCH_TICK`], turning epoch deadlines into
/// wall-clock deadlines. Stopped when the sandbox is dropped.
struct EpochTicker {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl EpochTicker {
    fn start(engine: Engine) -> std::io::Result<Self> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new().name("synco-epoch".into()).spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(EPOCH_TICK);
                engine.increment_epoch();
            }
        })?;
        Ok(EpochTicker { stop, thread: Some(thread) })
    }

    fn stop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
