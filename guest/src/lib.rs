//! # The Sync-o engine component
//!
//! Everything that touches customer content runs here, inside a WebAssembly sandbox, with no
//! ambient authority: no files, sockets, environment, clock or randomness except through the
//! host's narrow capabilities (`wit/engine.wit`). The logic lives in ordinary modules that
//! compile and test natively; only [`bindings`] and the `component` adapter are about wasm.
//!
//! A tour, in pipeline order:
//!
//! ```
//! use synco_guest::{issue, redact, storage};
//!
//! // 1. Read a Jira issue (REST v3 JSON with ADF bodies) and a Confluence page.
//! let issue = issue::parse_issue(include_str!("../../examples/issue.json")).unwrap();
//! let blocks = storage::parse_page("<p>Owner: jane.doe@example.com</p>").unwrap();
//! assert_eq!(blocks.len(), 1);
//!
//! // 2. Redact before anything leaves the sandbox; restore in what comes back.
//! let mut redactor = redact::Redactor::new(redact::Policy::default(), &[]).unwrap();
//! let safe = redactor.redact(&blocks[0].text).unwrap();
//! assert_eq!(safe, "Owner: [EMAIL_1]");
//! assert_eq!(redactor.restore(&safe).text, "Owner: jane.doe@example.com");
//! # let _ = issue;
//! ```
//!
//! Then [`rank`] finds related pages, [`prompt`] fences everything as untrusted data, the host's
//! model answers, [`section`] puts the answer in place, [`merge`] keeps every human edit and
//! [`diff`] renders the change for review. [`pipeline`] strings it together.

#![deny(missing_docs)]

pub mod adf;
pub mod bindings;
mod byte_set;
mod bytes;
pub mod convert;
pub mod diff;
mod escape;
pub mod issue;
pub mod merge;
pub mod pipeline;
pub mod prompt;
pub mod providers;
pub mod rank;
pub mod redact;
mod romanize;
pub mod sanitize;
pub mod section;
pub mod storage;
mod travel;
pub mod types;

#[cfg(all(target_arch = "wasm32", not(js_engine)))]
mod component;
