//! # The Sync-o host
//!
//! The thin, trusted side of the engine. Customer content is processed only inside the
//! WebAssembly component (`guest/`); this crate runs it in a per-tenant [`sandbox`] and grants it
//! exactly five capabilities, each scoped to the tenant the host bound the request to:
//!
//! | capability | module | what it guarantees |
//! |---|---|---|
//! | `kms` | [`kms`] | AES-256-GCM envelopes; the guest never sees a key (P2, P3) |
//! | `store` | [`store`] | only sealed values, tenant-scoped, lifetimes capped (P3, P7) |
//! | `model` | [`model`] | provider checked against the tenant, every call audited (P2, P8) |
//! | `clock`, `log` | [`capabilities`] | injected time; metadata-only log lines |
//!
//! Start with [`engine::SyncEngine`]: open a data directory, then call `sync` or `index_page`.
//! All wasmtime configuration lives in [`sandbox`], with each setting justified there.

#![deny(missing_docs)]

pub mod audit;
pub mod backend;
pub mod bench;
pub mod bench_js;
pub mod bench_ranking;
pub mod bindings;
pub mod capabilities;
pub mod embedders;
pub mod engine;
pub mod entropy;
pub mod folder;
pub mod fsutil;
pub mod kms;
pub mod limits;
pub mod loopback;
pub mod model;
pub mod pagefolder;
pub mod providers;
pub mod sandbox;
pub mod store;
pub mod tenant;
pub mod vertex_auth;

/// The wasmtime version this host was built with (part of the precompiled-cache key).
pub const WASMTIME_VERSION: &str = env!("SYNCO_WASMTIME_VERSION");

/// Where `cargo xtask build` puts the component, relative to the workspace root.
pub const DEFAULT_COMPONENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/wasm32-wasip2/release/synco_guest.wasm");
