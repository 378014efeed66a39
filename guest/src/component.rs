//! The component's exports: thin adapters from the contract's generated traits to the engine's
//! modules, and the capability imports wrapped as a [`pipeline::Host`]. Nothing here decides
//! anything; it converts and delegates.

use std::cell::RefCell;

use crate::bindings::exports::synco::engine::{diff, documents, prompt, ranking, redaction, sync};
use crate::bindings::synco::engine::{kms, log, model, store, types};
use crate::{convert, pipeline};

/// The component.
pub struct Component;

/// The `redactor` resource: the placeholder map of one request, held in guest memory only.
pub struct RedactorResource(RefCell<crate::redact::Redactor>);

impl redaction::Guest for Component {
    type Redactor = RedactorResource;
}

impl redaction::GuestRedactor for RedactorResource {
    fn create(policy: redaction::Policy, people: Vec<types::Person>) -> Result<redaction::Redactor, redaction::RedactionError> {
        let people: Vec<_> = people.into_iter().map(convert::person).collect();
        let inner = crate::redact::Redactor::new(convert::policy(&policy), &people).map_err(convert::redaction_error)?;
        Ok(redaction::Redactor::new(RedactorResource(RefCell::new(inner))))
    }

    fn redact(&self, text: String) -> Result<String, redaction::RedactionError> {
        self.0.borrow_mut().redact(&text).map_err(convert::redaction_error)
    }

    fn restore(&self, text: String) -> redaction::Restored {
        let restored = self.0.borrow().restore(&text);
        redaction::Restored { text: restored.text, unknown: restored.unknown }
    }

    fn counts(&self) -> Vec<types::KindCount> {
        self.0.borrow().counts().into_iter().map(convert::kind_count).collect()
    }

    fn detect(&self, text: String) -> Result<Vec<redaction::Span>, redaction::RedactionError> {
        let spans = self.0.borrow().detect(&text).map_err(convert::redaction_error)?;
        Ok(spans.into_iter().map(convert::span).collect())
    }
}

impl documents::Guest for Component {
    fn parse_issue(json: String) -> Result<documents::Issue, types::DocumentError> {
        crate::issue::parse_issue(&json).map(convert::issue).map_err(convert::document_error)
    }

    fn parse_page(storage: String) -> Result<Vec<documents::Block>, types::DocumentError> {
        let blocks = crate::storage::parse_page(&storage).map_err(convert::document_error)?;
        Ok(blocks.into_iter().map(convert::block).collect())
    }
}

impl diff::Guest for Component {
    fn compare(old: String, new: String) -> Result<diff::Review, types::DocumentError> {
        crate::diff::compare(&old, &new).map(convert::review).map_err(convert::document_error)
    }

    fn merge(base: String, theirs: String, ours: String) -> Result<diff::Merged, types::DocumentError> {
        crate::merge::merge(&base, &theirs, &ours).map(convert::merged).map_err(convert::document_error)
    }
}

/// The `index` resource: a ranking index owned by the guest for the instance's lifetime.
pub struct IndexResource(RefCell<crate::rank::index::Index>);

impl ranking::GuestIndex for IndexResource {
    fn new(dimension: u32) -> Self {
        IndexResource(RefCell::new(crate::rank::index::Index::new(dimension as usize)))
    }

    fn add(&self, entries: Vec<ranking::Entry>) -> Result<(), ranking::RankingError> {
        let entries = entries.into_iter().map(convert::entry).collect();
        self.0.borrow_mut().add(entries).map_err(convert::ranking_error)
    }

    fn len(&self) -> u32 {
        self.0.borrow().len() as u32
    }

    fn search(&self, queries: Vec<ranking::Query>, scan: ranking::Scan) -> Result<Vec<Vec<ranking::Scored>>, ranking::RankingError> {
        let queries: Vec<_> = queries.into_iter().map(convert::query).collect();
        let results = self.0.borrow().search(&queries, convert::scan(scan)).map_err(convert::ranking_error)?;
        Ok(results.into_iter().map(|list| list.into_iter().map(|s| ranking::Scored { id: s.id, score: s.score }).collect()).collect())
    }
}

impl ranking::Guest for Component {
    type Index = IndexResource;

    fn top_k(query: Vec<f32>, candidates: Vec<ranking::Candidate>, k: u32) -> Result<Vec<ranking::Scored>, ranking::RankingError> {
        let candidates: Vec<_> = candidates.into_iter().map(|c| crate::rank::Candidate { id: c.id, vector: c.vector }).collect();
        let ranked = crate::rank::top_k(&query, &candidates, k as usize).map_err(convert::ranking_error)?;
        Ok(ranked.into_iter().map(|s| ranking::Scored { id: s.id, score: s.score }).collect())
    }
}

impl prompt::Guest for Component {
    fn build(input: prompt::PromptInput) -> Result<prompt::BuiltPrompt, prompt::PromptError> {
        crate::prompt::build(&convert::prompt_input(input)).map(convert::built_prompt).map_err(convert::prompt_error)
    }
}

impl sync::Guest for Component {
    fn sync(request: sync::SyncRequest) -> Result<sync::SyncOutcome, sync::SyncError> {
        pipeline::sync(&mut Imports, &request)
    }

    fn index_page(page: sync::PageInput, policy: redaction::Policy, provider: types::Provider) -> Result<String, sync::SyncError> {
        pipeline::index_page(&mut Imports, &page, &policy, provider)
    }

    fn related(issue_json: String, policy: redaction::Policy, provider: types::Provider, options: sync::RelatedOptions) -> Result<Vec<sync::RelatedPage>, sync::SyncError> {
        let ranking = pipeline::Ranking { limit: options.limit, mode: convert::mode(options.mode), filter: convert::filter(options.filter), diversity: options.diversity };
        pipeline::related(&mut Imports, &issue_json, &policy, provider, &ranking)
    }
}

/// The WIT imports as the pipeline's [`pipeline::Host`].
struct Imports;

impl pipeline::Host for Imports {
    fn generate(&mut self, request: &model::GenerateRequest) -> Result<model::GenerateResponse, model::ModelError> {
        model::generate(request)
    }

    fn embed(&mut self, request: &model::EmbedRequest) -> Result<Vec<Vec<f32>>, model::ModelError> {
        model::embed(request)
    }

    fn seal(&mut self, namespace: &str, key: &str, plaintext: &[u8]) -> Result<Vec<u8>, kms::KmsError> {
        kms::seal(namespace, key, plaintext)
    }

    fn open(&mut self, namespace: &str, key: &str, envelope: &[u8]) -> Result<Vec<u8>, kms::KmsError> {
        kms::open(namespace, key, envelope)
    }

    fn digest(&mut self, data: &[u8]) -> Result<String, kms::KmsError> {
        kms::digest(data)
    }

    fn random_bytes(&mut self, len: u32) -> Vec<u8> {
        kms::random_bytes(len)
    }

    fn get(&mut self, namespace: &str, key: &str) -> Result<Option<Vec<u8>>, store::StoreError> {
        store::get(namespace, key)
    }

    fn put(&mut self, namespace: &str, key: &str, envelope: &[u8], ttl_seconds: Option<u64>) -> Result<(), store::StoreError> {
        store::put(namespace, key, envelope, ttl_seconds)
    }

    fn list(&mut self, namespace: &str, prefix: &str) -> Result<Vec<String>, store::StoreError> {
        store::list(namespace, prefix)
    }

    fn log(&mut self, level: log::Level, message: &str) {
        log::emit(level, message)
    }
}

crate::bindings::export!(Component with_types_in crate::bindings);
