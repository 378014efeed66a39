//! Conversions between the contract's generated types and the engine's plain Rust types, in one
//! place so the logic modules never depend on the bindings.

use crate::bindings::exports::synco::engine::diff as wit_diff;
use crate::bindings::exports::synco::engine::documents as wit_docs;
use crate::bindings::exports::synco::engine::prompt as wit_prompt;
use crate::bindings::exports::synco::engine::ranking as wit_rank;
use crate::bindings::exports::synco::engine::redaction as wit_redact;
use crate::bindings::synco::engine::types as wit;
use crate::types::{Block, BlockKind, Comment, DocumentError, Issue, KindCount, Person, PiiKind, Provider};
use crate::{diff, merge, prompt, rank, redact};

/// Engine document error → contract.
pub fn document_error(e: DocumentError) -> wit::DocumentError {
    match e {
        DocumentError::MalformedJson(m) => wit::DocumentError::MalformedJson(m),
        DocumentError::MissingField(m) => wit::DocumentError::MissingField(m),
        DocumentError::InvalidMarkup(m) => wit::DocumentError::InvalidMarkup(m),
        DocumentError::TooLarge(n) => wit::DocumentError::TooLarge(n),
    }
}

/// Contract kind → engine kind.
pub fn pii_kind(k: wit::PiiKind) -> PiiKind {
    match k {
        wit::PiiKind::Email => PiiKind::Email,
        wit::PiiKind::Phone => PiiKind::Phone,
        wit::PiiKind::CreditCard => PiiKind::CreditCard,
        wit::PiiKind::Iban => PiiKind::Iban,
        wit::PiiKind::IpAddress => PiiKind::IpAddress,
        wit::PiiKind::Ssn => PiiKind::Ssn,
        wit::PiiKind::UrlCredentials => PiiKind::UrlCredentials,
        wit::PiiKind::MacAddress => PiiKind::MacAddress,
        wit::PiiKind::PrivateKey => PiiKind::PrivateKey,
        wit::PiiKind::Jwt => PiiKind::Jwt,
        wit::PiiKind::ApiKey => PiiKind::ApiKey,
        wit::PiiKind::Password => PiiKind::Password,
        wit::PiiKind::Person => PiiKind::Person,
        wit::PiiKind::Custom => PiiKind::Custom,
    }
}

fn wit_pii_kind(k: PiiKind) -> wit::PiiKind {
    match k {
        PiiKind::Email => wit::PiiKind::Email,
        PiiKind::Phone => wit::PiiKind::Phone,
        PiiKind::CreditCard => wit::PiiKind::CreditCard,
        PiiKind::Iban => wit::PiiKind::Iban,
        PiiKind::IpAddress => wit::PiiKind::IpAddress,
        PiiKind::Ssn => wit::PiiKind::Ssn,
        PiiKind::UrlCredentials => wit::PiiKind::UrlCredentials,
        PiiKind::MacAddress => wit::PiiKind::MacAddress,
        PiiKind::PrivateKey => wit::PiiKind::PrivateKey,
        PiiKind::Jwt => wit::PiiKind::Jwt,
        PiiKind::ApiKey => wit::PiiKind::ApiKey,
        PiiKind::Password => wit::PiiKind::Password,
        PiiKind::Person => wit::PiiKind::Person,
        PiiKind::Custom => wit::PiiKind::Custom,
    }
}

/// Engine count → contract.
pub fn kind_count(c: KindCount) -> wit::KindCount {
    wit::KindCount { kind: wit_pii_kind(c.kind), distinct: c.distinct, occurrences: c.occurrences }
}

/// Contract policy → engine policy.
pub fn policy(p: &wit_redact::Policy) -> redact::Policy {
    redact::Policy {
        disabled: p.disabled.iter().copied().map(pii_kind).collect(),
        allow: p.allow.clone(),
        custom: p.custom.iter().map(|c| redact::CustomPattern { name: c.name.clone(), pattern: c.pattern.clone() }).collect(),
    }
}

/// Engine span → contract (offsets fit: texts are at most 5 MB).
pub fn span(s: redact::Span) -> wit_redact::Span {
    let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    wit_redact::Span { kind: s.kind, start: offset(s.start), end: offset(s.end) }
}

/// Engine redaction error → contract.
pub fn redaction_error(e: redact::RedactionError) -> wit_redact::RedactionError {
    match e {
        redact::RedactionError::PolicyTooLarge(m) => wit_redact::RedactionError::PolicyTooLarge(m),
        redact::RedactionError::InvalidPattern(m) => wit_redact::RedactionError::InvalidPattern(m),
        redact::RedactionError::TextTooLarge(n) => wit_redact::RedactionError::TextTooLarge(n),
    }
}

/// Contract person → engine person.
pub fn person(p: wit::Person) -> Person {
    Person { account_id: p.account_id, display_name: p.display_name, email: p.email }
}

fn wit_person(p: Person) -> wit::Person {
    wit::Person { account_id: p.account_id, display_name: p.display_name, email: p.email }
}

/// Engine issue → contract.
pub fn issue(i: Issue) -> wit_docs::Issue {
    wit_docs::Issue {
        key: i.key,
        updated: i.updated,
        summary: i.summary,
        status: i.status,
        issue_type: i.issue_type,
        priority: i.priority,
        labels: i.labels,
        assignee: i.assignee.map(wit_person),
        reporter: i.reporter.map(wit_person),
        description: i.description,
        comments: i.comments.into_iter().map(|c| wit_docs::Comment { author: c.author.map(wit_person), created: c.created, body: c.body }).collect(),
    }
}

/// Contract issue → engine issue.
pub fn issue_from_wit(i: wit_docs::Issue) -> Issue {
    Issue {
        key: i.key,
        updated: i.updated,
        summary: i.summary,
        status: i.status,
        issue_type: i.issue_type,
        priority: i.priority,
        labels: i.labels,
        assignee: i.assignee.map(person),
        reporter: i.reporter.map(person),
        description: i.description,
        comments: i.comments.into_iter().map(|c| Comment { author: c.author.map(person), created: c.created, body: c.body }).collect(),
    }
}

/// Engine block → contract.
pub fn block(b: Block) -> wit_docs::Block {
    let kind = match b.kind {
        BlockKind::Heading => wit_docs::BlockKind::Heading,
        BlockKind::Paragraph => wit_docs::BlockKind::Paragraph,
        BlockKind::List => wit_docs::BlockKind::List,
        BlockKind::Table => wit_docs::BlockKind::Table,
        BlockKind::Code => wit_docs::BlockKind::Code,
        BlockKind::Macro => wit_docs::BlockKind::Macro,
        BlockKind::Rule => wit_docs::BlockKind::Rule,
        BlockKind::Other => wit_docs::BlockKind::Other,
    };
    wit_docs::Block { kind, source: b.source, text: b.text }
}

/// Engine review → contract.
pub fn review(r: diff::Review) -> wit_diff::Review {
    wit_diff::Review { summary: r.summary, edit_script: r.edit_script, html: r.html, changed_blocks: r.changed_blocks }
}

/// Engine merge → contract.
pub fn merged(m: merge::Merged) -> wit_diff::Merged {
    wit_diff::Merged { storage: m.storage, conflicts: m.conflicts }
}

/// Contract provider → engine provider.
pub fn provider(p: wit::Provider) -> Provider {
    match p {
        wit::Provider::Offline => Provider::Offline,
        wit::Provider::VertexGemini => Provider::VertexGemini,
        wit::Provider::GeminiApi => Provider::GeminiApi,
        wit::Provider::Openai => Provider::OpenAi,
        wit::Provider::Anthropic => Provider::Anthropic,
        wit::Provider::AzureOpenai => Provider::AzureOpenAi,
    }
}

/// Contract prompt input → engine prompt input.
pub fn prompt_input(i: wit_prompt::PromptInput) -> prompt::PromptInput {
    prompt::PromptInput {
        provider: provider(i.provider),
        model: i.model,
        issue: issue_from_wit(i.issue),
        current_section: i.current_section,
        excerpts: i.excerpts.into_iter().map(|e| prompt::Excerpt { page_id: e.page_id, title: e.title, text: e.text }).collect(),
        boundary: i.boundary,
    }
}

/// Engine prompt → contract.
pub fn built_prompt(b: prompt::BuiltPrompt) -> wit_prompt::BuiltPrompt {
    wit_prompt::BuiltPrompt { body: b.body, digest: b.digest, estimated_tokens: b.estimated_tokens, dropped_excerpts: b.dropped_excerpts }
}

/// Engine prompt error → contract.
pub fn prompt_error(e: prompt::PromptError) -> wit_prompt::PromptError {
    match e {
        prompt::PromptError::BadBoundary => wit_prompt::PromptError::BadBoundary,
        prompt::PromptError::OverBudget(n) => wit_prompt::PromptError::OverBudget(n),
    }
}

/// Engine ranking error → contract.
pub fn ranking_error(e: rank::RankingError) -> wit_rank::RankingError {
    match e {
        rank::RankingError::DimensionMismatch(id) => wit_rank::RankingError::DimensionMismatch(id),
        rank::RankingError::EmptyQuery => wit_rank::RankingError::EmptyQuery,
        rank::RankingError::NonFinite(id) => wit_rank::RankingError::NonFinite(id),
        rank::RankingError::DuplicateId(id) => wit_rank::RankingError::DuplicateId(id),
        rank::RankingError::InvalidDiversity => wit_rank::RankingError::InvalidDiversity,
    }
}

/// Contract index entry → engine entry.
pub fn entry(e: wit_rank::Entry) -> rank::index::Entry {
    rank::index::Entry { id: e.id, space: e.space, labels: e.labels, updated_at: e.updated_at, text: e.text, vector: e.vector }
}

/// Contract query → engine query.
pub fn query(q: wit_rank::Query) -> rank::index::Query {
    rank::index::Query { vector: q.vector, text: q.text, k: q.k, filter: filter(q.filter), mode: mode(q.mode), diversity: q.diversity }
}

/// Contract filter → engine filter.
pub fn filter(f: wit_rank::Filter) -> rank::index::Filter {
    rank::index::Filter { spaces: f.spaces, labels: f.labels, updated_after: f.updated_after }
}

/// Contract ranking mode → engine mode.
pub fn mode(m: wit_rank::RankingMode) -> rank::index::Mode {
    match m {
        wit_rank::RankingMode::Vector => rank::index::Mode::Vector,
        wit_rank::RankingMode::Lexical => rank::index::Mode::Lexical,
        wit_rank::RankingMode::Hybrid => rank::index::Mode::Hybrid,
    }
}

/// Contract scan → engine scan.
pub fn scan(s: wit_rank::Scan) -> rank::index::Scan {
    match s {
        wit_rank::Scan::Exact => rank::index::Scan::Exact,
        wit_rank::Scan::Int8(oversample) => rank::index::Scan::Int8 { oversample },
        wit_rank::Scan::Binary(oversample) => rank::index::Scan::Binary { oversample },
        wit_rank::Scan::Pruned => rank::index::Scan::Pruned,
    }
}
