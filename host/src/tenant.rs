//! Tenant identity. A tenant id is set by the host for each request (from the CLI or, in the
//! remote backend, from a verified invocation token) and scopes every capability call; the guest
//! never sees or names it.

use std::fmt;

use thiserror::Error;

/// A validated tenant id: 1–128 characters of `[A-Za-z0-9._:-]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantId(String);

/// Why a string is not a tenant id.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("invalid tenant id {0:?}: expected 1 to 128 characters of letters, digits, '.', '_', ':' or '-'")]
pub struct InvalidTenant(pub String);

impl TenantId {
    /// Validates `id`.
    pub fn new(id: impl Into<String>) -> Result<TenantId, InvalidTenant> {
        let id = id.into();
        let valid_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-');
        if id.is_empty() || id.len() > 128 || !id.chars().all(valid_char) {
            return Err(InvalidTenant(id));
        }
        Ok(TenantId(id))
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_installation_ids_and_site_names() {
        for good in ["0d1e6a2c-5b7f-4f3e-9a41-2f8c1b7d9e10", "site-42.acme", "local"] {
            assert_eq!(TenantId::new(good).map(|t| t.to_string()), Ok(good.to_string()));
        }
    }

    #[test]
    fn refuses_path_separators_and_empty_ids() {
        for bad in ["", "a/b", "../x", "a b", "ari:cloud:ecosystem::installation/42", &"x".repeat(129)] {
            assert!(TenantId::new(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
