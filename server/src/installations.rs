//! What the server records about an installation besides the engine's tenant: its cloud id, its
//! API base URL and the scopes it granted. Sealed under the tenant's key in the host-only
//! namespace `installation` of the shared database, so every replica sees it and uninstalling
//! the tenant removes it with everything else. The guest cannot reach it: its store capability
//! accepts only its own namespaces.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use synco_host::backend::BackendError;
use synco_host::engine::SyncEngine;
use synco_host::kms::KmsError;
use synco_host::tenant::TenantId;

use crate::ServeError;

const NAMESPACE: &str = "installation";
const KEY: &str = "grant";
/// Installation records live until uninstall.
const NEVER: u64 = i64::MAX as u64;

/// One installation's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installation {
    /// `app.installationId`.
    pub installation_id: String,
    /// `context.cloudId`.
    pub cloud_id: String,
    /// `app.apiBaseUrl`.
    pub api_base_url: String,
    /// The OAuth scopes the installation granted.
    pub scopes: BTreeSet<String>,
}

/// Stores (or replaces) the tenant's installation record. [`ServeError::NotInstalled`] when the
/// tenant is not installed, or was uninstalled meanwhile (an uninstall event racing an install
/// or upgrade): the backend then stores nothing, so no record outlives its tenant.
pub fn save(engine: &SyncEngine, tenant: &TenantId, installation: &Installation) -> Result<(), ServeError> {
    let bytes = serde_json::to_vec(installation).map_err(|e| ServeError::Internal(e.to_string()))?;
    let sealed = engine.capabilities().kms.seal(tenant, NAMESPACE, KEY, &bytes).map_err(|e| match e {
        KmsError::NotInstalled(_) => ServeError::NotInstalled,
        other => ServeError::Internal(other.to_string()),
    })?;
    engine.backend().put(tenant, NAMESPACE, KEY, &sealed, NEVER).map_err(|e| match e {
        BackendError::NotInstalled(_) => ServeError::NotInstalled,
        other => ServeError::Internal(other.to_string()),
    })
}

/// The tenant's installation record, if it is installed.
pub fn load(engine: &SyncEngine, tenant: &TenantId) -> Result<Option<Installation>, ServeError> {
    let Some(sealed) = engine.backend().get(tenant, NAMESPACE, KEY, 0).map_err(|e| ServeError::Internal(e.to_string()))? else { return Ok(None) };
    let bytes = engine.capabilities().kms.open_envelope(tenant, NAMESPACE, KEY, &sealed).map_err(|e| ServeError::Internal(e.to_string()))?;
    serde_json::from_slice(&bytes).map(Some).map_err(|e| ServeError::Internal(e.to_string()))
}
