//! The capabilities the guest imports, implemented for one request's [`RequestState`].
//!
//! Each function takes its tenant from the request state, never from the guest, so every call is
//! scoped to the tenant the host bound the request to (P1). Errors are mapped to the contract's
//! closed variants and carry no content.

use std::sync::Arc;
use std::time::Duration;

use crate::audit::AuditLog;
use crate::bindings::synco::engine::{clock, kms, log, model, store, types};
use crate::entropy::Entropy;
use crate::kms::{KmsError, LocalKms};
use crate::embedders::EmbedTask;
use crate::model::{EmbedCall, GenerateCall, ModelError, ModelGateway};
use crate::sandbox::RequestState;
use crate::store::{Namespace, RecordStore, StoreError};

/// The most random bytes one `random-bytes` call returns.
const MAX_RANDOM_BYTES: u32 = 1024;
/// The longest log line kept; the rest is cut.
const MAX_LOG_LINE: usize = 512;

/// Where the guest's clock comes from.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// The system clock.
    System,
    /// A fixed instant (milliseconds since the epoch), for reproducible tests and demos.
    Fixed(u64),
}

impl Clock {
    /// Milliseconds since the Unix epoch.
    pub fn now_ms(self) -> u64 {
        match self {
            Clock::System => {
                let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
                u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
            }
            Clock::Fixed(ms) => ms,
        }
    }
}

/// The backends behind the capabilities, shared by all requests of a host process.
pub struct Capabilities {
    /// Envelope encryption and keyed digests.
    pub kms: Arc<LocalKms>,
    /// The sealed key-value store.
    pub store: RecordStore,
    /// The audit chain.
    pub audit: Arc<AuditLog>,
    /// The model gateway.
    pub models: ModelGateway,
    /// The clock the guest sees.
    pub clock: Clock,
    /// The randomness the guest sees.
    pub entropy: Entropy,
    /// A copy of every value handed to the guest (tests proving no credential crosses); `None`
    /// in normal operation.
    pub guest_tap: Option<GuestTap>,
}

/// Values handed to the guest, in order.
pub type GuestTap = Arc<std::sync::Mutex<Vec<Vec<u8>>>>;

impl types::Host for RequestState {}

impl clock::Host for RequestState {
    fn now(&mut self) -> u64 {
        self.caps.clock.now_ms()
    }
}

impl log::Host for RequestState {
    fn emit(&mut self, level: log::Level, message: String) {
        let line: String = message.chars().filter(|c| !c.is_control()).take(MAX_LOG_LINE).collect();
        let tenant = self.tenant.as_str();
        match level {
            log::Level::Debug => tracing::debug!(tenant, "guest: {line}"),
            log::Level::Info => tracing::info!(tenant, "guest: {line}"),
            log::Level::Warn => tracing::warn!(tenant, "guest: {line}"),
        }
    }
}

/// The guest may seal and open only in its own store namespaces; host-only namespaces (tenants'
/// provider credentials) answer as if the envelope were forged.
fn guest_namespace(namespace: &str) -> Result<(), kms::KmsError> {
    Namespace::parse(namespace).map(|_| ()).ok_or(kms::KmsError::Unauthentic)
}

impl kms::Host for RequestState {
    fn seal(&mut self, namespace: String, key: String, plaintext: Vec<u8>) -> Result<Vec<u8>, kms::KmsError> {
        guest_namespace(&namespace)?;
        let sealed = self.caps.kms.seal(&self.tenant, &namespace, &key, &plaintext).map_err(kms_error)?;
        Ok(self.reveal(sealed))
    }

    fn open(&mut self, namespace: String, key: String, envelope: Vec<u8>) -> Result<Vec<u8>, kms::KmsError> {
        guest_namespace(&namespace)?;
        let plain = self.caps.kms.open_envelope(&self.tenant, &namespace, &key, &envelope).map_err(kms_error)?;
        Ok(self.reveal(plain))
    }

    fn digest(&mut self, data: Vec<u8>) -> Result<String, kms::KmsError> {
        let digest = self.caps.kms.digest(&self.tenant, &data).map_err(kms_error)?;
        Ok(self.reveal_text(digest))
    }

    fn random_bytes(&mut self, len: u32) -> Vec<u8> {
        let bytes = self.caps.entropy.bytes(len.min(MAX_RANDOM_BYTES) as usize);
        self.reveal(bytes)
    }
}

impl RequestState {
    /// Records a value handed to the guest in the guest tap, if one is set.
    fn reveal(&self, bytes: Vec<u8>) -> Vec<u8> {
        if let Some(tap) = &self.caps.guest_tap {
            tap.lock().unwrap_or_else(|p| p.into_inner()).push(bytes.clone());
        }
        bytes
    }

    fn reveal_text(&self, text: String) -> String {
        if let Some(tap) = &self.caps.guest_tap {
            tap.lock().unwrap_or_else(|p| p.into_inner()).push(text.clone().into_bytes());
        }
        text
    }
}

fn kms_error(e: KmsError) -> kms::KmsError {
    match e {
        KmsError::Unauthentic => kms::KmsError::Unauthentic,
        KmsError::TooLarge(limit) => kms::KmsError::TooLarge(limit),
        KmsError::MasterKey { .. } | KmsError::WrongMasterKey { .. } => kms::KmsError::Backend("the master key is unavailable".into()),
        KmsError::NotInstalled(_) => kms::KmsError::Backend("the tenant is not installed".into()),
        KmsError::Backend(_) => kms::KmsError::Backend("the key database is unavailable".into()),
    }
}

impl store::Host for RequestState {
    fn get(&mut self, namespace: String, key: String) -> Result<Option<Vec<u8>>, store::StoreError> {
        let now = self.caps.clock.now_ms();
        let value = self.caps.store.get(&self.tenant, &namespace, &key, now).map_err(store_error)?;
        Ok(value.map(|v| self.reveal(v)))
    }

    fn put(&mut self, namespace: String, key: String, envelope: Vec<u8>, ttl_seconds: Option<u64>) -> Result<(), store::StoreError> {
        let now = self.caps.clock.now_ms();
        let ttl = ttl_seconds.map(Duration::from_secs);
        self.caps.store.put(&self.tenant, &namespace, &key, &envelope, ttl, now).map_err(store_error)
    }

    fn delete(&mut self, namespace: String, key: String) -> Result<(), store::StoreError> {
        self.caps.store.delete(&self.tenant, &namespace, &key).map_err(store_error)
    }

    fn list(&mut self, namespace: String, prefix: String) -> Result<Vec<String>, store::StoreError> {
        let now = self.caps.clock.now_ms();
        let keys = self.caps.store.list(&self.tenant, &namespace, &prefix, now).map_err(store_error)?;
        Ok(keys.into_iter().map(|k| self.reveal_text(k)).collect())
    }
}

fn store_error(e: StoreError) -> store::StoreError {
    match e {
        StoreError::UnknownNamespace(ns) => store::StoreError::UnknownNamespace(ns),
        StoreError::InvalidKey(key) => store::StoreError::InvalidKey(key),
        StoreError::NotSealed => store::StoreError::NotSealed,
        StoreError::TooLarge(limit) => store::StoreError::TooLarge(limit),
        StoreError::Backend(_) => store::StoreError::Backend("the store database is unavailable".into()),
    }
}

impl model::Host for RequestState {
    fn generate(&mut self, request: model::GenerateRequest) -> Result<model::GenerateResponse, model::ModelError> {
        let call = GenerateCall {
            provider: provider_name(request.provider),
            model: &request.model,
            body: &request.body,
            digest: &request.digest,
            redactions: request.redactions.iter().map(|c| (kind_name(c.kind).to_string(), c.occurrences)).collect(),
        };
        let now = self.caps.clock.now_ms();
        let generated = self.caps.models.generate(&self.tenant, now, self.deadline, &call).map_err(model_error)?;
        Ok(model::GenerateResponse { status: generated.status, body: self.reveal_text(generated.body), audit_id: self.reveal_text(generated.audit_id) })
    }

    fn embed(&mut self, request: model::EmbedRequest) -> Result<Vec<Vec<f32>>, model::ModelError> {
        let task = match request.task {
            model::EmbedTask::Document => EmbedTask::Document,
            model::EmbedTask::Query => EmbedTask::Query,
        };
        let call = EmbedCall { provider: provider_name(request.provider), texts: &request.texts, task };
        let now = self.caps.clock.now_ms();
        self.caps.models.embed(&self.tenant, now, self.deadline, &call).map_err(model_error)
    }
}

/// The report name of a redaction kind (audit records, the CLI's summaries).
pub fn kind_name(kind: types::PiiKind) -> &'static str {
    use types::PiiKind as K;
    match kind {
        K::Email => "email",
        K::Phone => "phone",
        K::CreditCard => "credit_card",
        K::Iban => "iban",
        K::IpAddress => "ip_address",
        K::Ssn => "ssn",
        K::UrlCredentials => "url_credentials",
        K::MacAddress => "mac_address",
        K::PrivateKey => "private_key",
        K::Jwt => "jwt",
        K::ApiKey => "api_key",
        K::Password => "password",
        K::Person => "person",
        K::Custom => "custom",
    }
}

/// The contract's provider for a configuration name (the inverse of [`provider_name`]).
pub fn provider_from_name(name: &str) -> Option<types::Provider> {
    use types::Provider as P;
    [P::Offline, P::VertexGemini, P::GeminiApi, P::Openai, P::Anthropic, P::AzureOpenai].into_iter().find(|p| provider_name(*p) == name)
}

/// The configuration name of a provider the guest names.
pub fn provider_name(provider: types::Provider) -> &'static str {
    match provider {
        types::Provider::Offline => "offline",
        types::Provider::VertexGemini => "vertex-gemini",
        types::Provider::GeminiApi => "gemini-api",
        types::Provider::Openai => "openai",
        types::Provider::Anthropic => "anthropic",
        types::Provider::AzureOpenai => "azure-openai",
    }
}

fn model_error(e: ModelError) -> model::ModelError {
    match e {
        ModelError::NotAllowed(what) => model::ModelError::NotAllowed(what),
        ModelError::TooLarge(what) => model::ModelError::TooLarge(what),
        ModelError::DigestMismatch => model::ModelError::DigestMismatch,
        ModelError::Unavailable(why) => model::ModelError::Unavailable(why),
        ModelError::BadRequest(why) => model::ModelError::BadRequest(why),
        ModelError::RateLimited(seconds) => model::ModelError::RateLimited(seconds),
        ModelError::BadResponse(why) => model::ModelError::Unavailable(format!("the provider's answer is not usable: {why}")),
    }
}
