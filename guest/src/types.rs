//! Plain Rust mirrors of the WIT records shared by several modules.
//!
//! The engine's logic works on these types so it compiles and unit-tests natively; the component
//! glue (`component.rs`) converts them to and from the generated bindings at the boundary.

use thiserror::Error;

/// A person from a ticket's structured fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Person {
    /// Atlassian account id (opaque).
    pub account_id: String,
    /// The name shown in Jira.
    pub display_name: String,
    /// The email address, when Jira exposes it.
    pub email: Option<String>,
}

/// The kinds of sensitive value the redactor recognises, in placeholder-numbering order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PiiKind {
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// A payment card number that passes the Luhn check.
    CreditCard,
    /// An international bank account number that passes the mod-97 check.
    Iban,
    /// An IPv4 or IPv6 address.
    IpAddress,
    /// A US social security number.
    Ssn,
    /// The `user:password` part of a URL.
    UrlCredentials,
    /// A MAC address.
    MacAddress,
    /// A PEM or PGP private key block.
    PrivateKey,
    /// A JSON web token.
    Jwt,
    /// A vendor credential (AWS, GitHub, Stripe …).
    ApiKey,
    /// A secret-looking value assigned to a password, secret or token key (connection strings
    /// and `Authorization` headers included).
    Password,
    /// A person from the ticket's structured fields.
    Person,
    /// A match of one of the tenant's custom patterns.
    Custom,
}

impl PiiKind {
    /// Every kind, in declaration order.
    pub const ALL: [PiiKind; 14] = [
        PiiKind::Email,
        PiiKind::Phone,
        PiiKind::CreditCard,
        PiiKind::Iban,
        PiiKind::IpAddress,
        PiiKind::Ssn,
        PiiKind::UrlCredentials,
        PiiKind::MacAddress,
        PiiKind::PrivateKey,
        PiiKind::Jwt,
        PiiKind::ApiKey,
        PiiKind::Password,
        PiiKind::Person,
        PiiKind::Custom,
    ];

    /// The word used inside placeholders, e.g. `EMAIL` in `[EMAIL_1]`.
    pub fn label(self) -> &'static str {
        match self {
            PiiKind::Email => "EMAIL",
            PiiKind::Phone => "PHONE",
            PiiKind::CreditCard => "CARD",
            PiiKind::Iban => "IBAN",
            PiiKind::IpAddress => "IP",
            PiiKind::Ssn => "SSN",
            PiiKind::UrlCredentials => "URL_CREDENTIALS",
            PiiKind::MacAddress => "MAC",
            PiiKind::PrivateKey => "PRIVATE_KEY",
            PiiKind::Jwt => "JWT",
            PiiKind::ApiKey => "API_KEY",
            PiiKind::Password => "SECRET",
            PiiKind::Person => "PERSON",
            PiiKind::Custom => "CUSTOM",
        }
    }
}

/// How many values of one kind were redacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindCount {
    /// The kind.
    pub kind: PiiKind,
    /// Distinct values (each got one placeholder).
    pub distinct: u32,
    /// Occurrences replaced.
    pub occurrences: u32,
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DocumentError {
    /// The input is not JSON.
    #[error("malformed json: {0}")]
    MalformedJson(String),
    /// A required field is missing or mistyped.
    #[error("missing or mistyped field: {0}")]
    MissingField(String),
    /// The markup is not storage format.
    #[error("invalid markup: {0}")]
    InvalidMarkup(String),
    /// The input exceeds the limit (bytes).
    #[error("input too large: the limit is {0} bytes")]
    TooLarge(u64),
}

/// One Jira comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The author, when known.
    pub author: Option<Person>,
    /// Creation time as Jira wrote it.
    pub created: String,
    /// The body, normalized to text.
    pub body: String,
}

/// A Jira issue reduced to what a prompt needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The key, e.g. `PAY-142`.
    pub key: String,
    /// When the issue was last updated, as Jira wrote it (empty when absent).
    pub updated: String,
    /// The summary.
    pub summary: String,
    /// The status name.
    pub status: String,
    /// The issue type name.
    pub issue_type: String,
    /// The priority name.
    pub priority: Option<String>,
    /// Labels.
    pub labels: Vec<String>,
    /// The assignee.
    pub assignee: Option<Person>,
    /// The reporter.
    pub reporter: Option<Person>,
    /// The description normalized to text.
    pub description: String,
    /// Comments, oldest first.
    pub comments: Vec<Comment>,
}

/// What a top-level block of a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// `h1`–`h6`.
    Heading,
    /// `p`.
    Paragraph,
    /// `ul` / `ol`.
    List,
    /// `table`.
    Table,
    /// `pre` or a code macro.
    Code,
    /// Another macro or `ac:` element.
    Macro,
    /// `hr`.
    Rule,
    /// Anything else.
    Other,
}

/// One top-level block of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// The exact source bytes.
    pub source: String,
    /// The readable text.
    pub text: String,
}

/// The largest document (issue JSON or page body) the engine accepts: 5 MB, Forge's payload limit.
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

/// The model providers this build can reach (mirrors the contract's `provider`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// Deterministic, local, no AI: the host renders the ticket into the page-section template.
    Offline,
    /// Google Vertex AI Gemini.
    VertexGemini,
    /// The Gemini API.
    GeminiApi,
    /// OpenAI Chat Completions.
    OpenAi,
    /// Anthropic Messages.
    Anthropic,
    /// Azure OpenAI.
    AzureOpenAi,
}
