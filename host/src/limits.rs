//! The limits every request runs under, with defaults that mirror Forge's invocation limits, so
//! whatever runs in this host also fits in a Forge function (the same component runs there).

use std::time::Duration;

/// Per-request limits. Every field has a documented default; the CLI and the server may tighten or
/// loosen them per deployment.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Wall-clock budget of one guest call. Default 25 s: Forge's limit for an interactive
    /// invocation. Async work may use up to [`Limits::MAX_ASYNC_DEADLINE`].
    pub deadline: Duration,
    /// Total bytes of linear memory one instance may hold, summed over all its memories.
    /// Default 512 MiB, Forge's function memory.
    pub memory_bytes: usize,
    /// Largest request payload (issue JSON, page body) accepted. Default 5 MiB, Forge's payload limit.
    pub payload_bytes: usize,
    /// Largest result the guest may return (the page, the review, …). Default 5 MiB, for the same
    /// reason: the result must fit back through Forge.
    pub output_bytes: usize,
    /// Maximum wasm stack. Default 1 MiB: deep enough for the engine's bounded recursion, small
    /// enough that unbounded recursion traps quickly.
    pub wasm_stack_bytes: usize,
}

impl Limits {
    /// Forge's default timeout for async (queue) work.
    pub const DEFAULT_ASYNC_DEADLINE: Duration = Duration::from_secs(55);
    /// Forge's longest timeout for async work.
    pub const MAX_ASYNC_DEADLINE: Duration = Duration::from_secs(900);
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            deadline: Duration::from_secs(25),
            memory_bytes: 512 * 1024 * 1024,
            payload_bytes: 5 * 1024 * 1024,
            output_bytes: 5 * 1024 * 1024,
            wasm_stack_bytes: 1024 * 1024,
        }
    }
}
