//! How the host reaches PostgreSQL: in the clear only on this machine, over TLS with a verified
//! certificate anywhere else (promise P3, encryption in transit).
//!
//! PostgreSQL's `sslmode` (tokio-postgres knows `disable`, `prefer` and `require`) keeps its
//! meaning with one tightening: a connection that leaves the machine never falls back to plain
//! text. `sslmode=prefer` (the default) becomes `require` off the machine, `sslmode=disable` is
//! refused there, and on this machine `prefer` stays plain, as traffic that never leaves the host
//! needs no certificate. "This machine" is a literal loopback address (`host` or `hostaddr`) or a
//! Unix socket; the name `localhost` is resolved like any other, so it counts as off the machine.
//! Every TLS connection verifies the server's certificate and name (rustls, TLS 1.2 or newer)
//! against the public roots (`webpki-roots`) or, when the operator names a PEM file of private
//! authorities, against those alone (as libpq's `sslrootcert`): unlike libpq's `require`, there is
//! no mode that encrypts without checking who answers. The name checked is `host`, so a `hostaddr`
//! without a `host` cannot be reached over TLS. Given a client certificate and key, the host
//! presents them, for servers that authenticate clients by certificate (`cert` in `pg_hba.conf`),
//! and then uses TLS even on this machine.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ::postgres::Config;
use ::postgres::config::{Host, SslMode};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::pki_types::pem::PemObject;
use tokio_postgres_rustls::MakeRustlsConnect;

use super::BackendError;

/// A PostgreSQL database and the certificate authorities trusted for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostgresTarget {
    /// The connection string (`host=… user=… dbname=…` or `postgresql://…`).
    pub url: String,
    /// A PEM file of the certificate authorities trusted instead of the public roots (a private
    /// CA).
    pub ca_file: Option<PathBuf>,
    /// The certificate and key the host presents, for certificate authentication.
    pub client: Option<ClientIdentity>,
}

/// A client certificate (chain) and its private key, both PEM files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIdentity {
    /// The certificate, then any intermediates.
    pub cert_file: PathBuf,
    /// The private key (PKCS#8, PKCS#1 or SEC1).
    pub key_file: PathBuf,
}

impl PostgresTarget {
    /// A target trusting the public roots only, presenting no certificate.
    pub fn new(url: impl Into<String>) -> PostgresTarget {
        PostgresTarget { url: url.into(), ca_file: None, client: None }
    }
}

/// The parsed connection settings, with `sslmode` settled by the rule above, and the TLS
/// connector that verifies the server.
pub(super) fn settle(target: &PostgresTarget) -> Result<(Config, MakeRustlsConnect), BackendError> {
    let mut config: Config = target.url.parse()?;
    let mode = settled_mode(&config, target.client.is_some())?;
    config.ssl_mode(mode);
    Ok((config, connector(target.ca_file.as_deref(), target.client.as_ref())?))
}

/// The `sslmode` to connect with (see the module documentation); with a client certificate to
/// present (the server admits by it), TLS even on this machine.
fn settled_mode(config: &Config, presents_certificate: bool) -> Result<SslMode, BackendError> {
    let plain_allowed = !presents_certificate && config.get_hosts().iter().all(is_local) && config.get_hostaddrs().iter().all(IpAddr::is_loopback);
    match (config.get_ssl_mode(), plain_allowed) {
        (SslMode::Prefer | SslMode::Disable, true) => Ok(SslMode::Disable),
        (SslMode::Prefer | SslMode::Require, _) => Ok(SslMode::Require),
        (SslMode::Disable, false) if presents_certificate => Err(BackendError::Tls("a client certificate is given but sslmode=disable; expected tls to present it on".into())),
        (SslMode::Disable, false) => Err(BackendError::Tls(
            "sslmode=disable is refused for a database off this machine: its connections must use tls (leave sslmode out, or set require)".into(),
        )),
        // A mode a later tokio-postgres adds (it may fall back to plain text): not until reviewed.
        (mode, _) => Err(BackendError::Tls(format!("sslmode {mode:?} is not supported; expected disable, prefer or require"))),
    }
}

/// Whether `host` is this machine: a Unix socket or a literal loopback address.
fn is_local(host: &Host) -> bool {
    match host {
        Host::Tcp(name) => crate::loopback::is_literal_loopback(name),
        #[cfg(unix)]
        Host::Unix(_) => true,
    }
}

/// A rustls connector trusting the authorities in `ca_file`, or the public roots without one, and
/// presenting `client` if given.
fn connector(ca_file: Option<&Path>, client: Option<&ClientIdentity>) -> Result<MakeRustlsConnect, BackendError> {
    let roots = match ca_file {
        None => rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() },
        Some(path) => private_roots(path)?,
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| BackendError::Tls(format!("no tls version is available: {e}")))?
        .with_root_certificates(roots);
    let config = match client {
        None => builder.with_no_client_auth(),
        Some(identity) => {
            let (certs, key) = client_identity(identity)?;
            builder.with_client_auth_cert(certs, key).map_err(|e| BackendError::Tls(format!("the client key does not fit its certificate: {e}")))?
        }
    };
    Ok(MakeRustlsConnect::new(config))
}

/// The certificates and key of `identity`, read from their PEM files.
fn client_identity(identity: &ClientIdentity) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), BackendError> {
    let unreadable = |path: &Path| {
        let path = path.display().to_string();
        move |e: rustls::pki_types::pem::Error| BackendError::Tls(format!("cannot read {path}: {e}"))
    };
    let cert_file = identity.cert_file.as_path();
    let certs = CertificateDer::pem_file_iter(cert_file).map_err(unreadable(cert_file))?.collect::<Result<Vec<_>, _>>().map_err(unreadable(cert_file))?;
    if certs.is_empty() {
        return Err(BackendError::Tls(format!("{} holds no certificate; expected the client certificate in pem", cert_file.display())));
    }
    let key = PrivateKeyDer::from_pem_file(&identity.key_file).map_err(unreadable(&identity.key_file))?;
    Ok((certs, key))
}

/// The authorities in the PEM file at `path`: at least one, or an error naming the file.
fn private_roots(path: &Path) -> Result<rustls::RootCertStore, BackendError> {
    let unreadable = |e: rustls::pki_types::pem::Error| BackendError::Tls(format!("cannot read certificate authorities from {}: {e}", path.display()));
    let certs = CertificateDer::pem_file_iter(path).map_err(unreadable)?.collect::<Result<Vec<_>, _>>().map_err(unreadable)?;
    if certs.is_empty() {
        return Err(BackendError::Tls(format!("{} holds no certificate; expected pem certificate authorities", path.display())));
    }
    let mut roots = rustls::RootCertStore::empty();
    for cert in certs {
        roots.add(cert).map_err(|e| BackendError::Tls(format!("a certificate in {} is not a usable authority: {e}", path.display())))?;
    }
    Ok(roots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(url: &str) -> Result<SslMode, BackendError> {
        settled_mode(&url.parse().unwrap(), false)
    }

    #[test]
    fn a_database_on_this_machine_is_reached_in_the_clear_unless_tls_is_required() {
        assert_eq!(mode("host=127.0.0.1 user=postgres").unwrap(), SslMode::Disable);
        assert_eq!(mode("postgresql://postgres@[::1]/synco").unwrap(), SslMode::Disable);
        assert_eq!(mode("host=/run/postgresql user=postgres").unwrap(), SslMode::Disable);
        assert_eq!(mode("host=127.0.0.1 user=postgres sslmode=require").unwrap(), SslMode::Require);
    }

    #[test]
    fn a_database_off_this_machine_always_gets_tls() {
        assert_eq!(mode("host=db.internal user=postgres").unwrap(), SslMode::Require);
        assert_eq!(mode("postgresql://postgres@10.0.0.7/synco?sslmode=prefer").unwrap(), SslMode::Require);
        assert_eq!(mode("host=127.0.0.1,db.internal user=postgres").unwrap(), SslMode::Require, "one remote host is enough");
        assert_eq!(mode("host=127.0.0.1 hostaddr=10.0.0.7 user=postgres").unwrap(), SslMode::Require, "hostaddr is where it connects");
        assert_eq!(mode("postgresql://postgres@localhost/synco").unwrap(), SslMode::Require, "a name is resolved, so it may be anywhere");
    }

    #[test]
    fn refuses_a_plain_connection_off_this_machine() {
        let err = mode("host=db.internal user=postgres sslmode=disable").unwrap_err();
        assert!(err.to_string().contains("sslmode=disable is refused for a database off this machine"), "{err}");
    }

    #[test]
    fn refuses_a_ca_file_without_certificates() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let err = connector(Some(&empty), None).err().unwrap();
        assert!(err.to_string().contains("holds no certificate"), "{err}");
        let err = connector(Some(&dir.path().join("missing.pem")), None).err().unwrap();
        assert!(err.to_string().contains("cannot read certificate authorities from"), "{err}");
    }

    #[test]
    fn a_client_certificate_means_tls_even_on_this_machine() {
        let tls = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/tls");
        let client = Some(ClientIdentity { cert_file: tls.join("client-cert.pem"), key_file: tls.join("client-key.pem") });
        let target = |url: &str| PostgresTarget { url: url.into(), ca_file: None, client: client.clone() };
        let (config, _) = settle(&target("host=127.0.0.1 user=synco_cert")).unwrap();
        assert_eq!(config.get_ssl_mode(), SslMode::Require);
        let err = settle(&target("host=127.0.0.1 user=synco_cert sslmode=disable")).err().unwrap();
        assert!(err.to_string().contains("a client certificate is given but sslmode=disable"), "{err}");
    }

    #[test]
    fn refuses_a_client_key_that_does_not_fit_its_certificate() {
        let tls = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/tls");
        let mismatched = ClientIdentity { cert_file: tls.join("client-cert.pem"), key_file: tls.join("key.pem") };
        let err = connector(None, Some(&mismatched)).err().unwrap();
        assert!(err.to_string().contains("the client key does not fit its certificate"), "{err}");
        let fitting = ClientIdentity { cert_file: tls.join("client-cert.pem"), key_file: tls.join("client-key.pem") };
        assert!(connector(None, Some(&fitting)).is_ok());
        let no_key = ClientIdentity { cert_file: tls.join("client-cert.pem"), key_file: tls.join("ca.pem") };
        assert!(connector(None, Some(&no_key)).err().unwrap().to_string().contains("cannot read"));
    }
}
