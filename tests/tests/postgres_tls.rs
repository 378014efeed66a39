//! Promise P3 in transit, for the shared database: against the real PostgreSQL server that
//! `cargo xtask test` starts (serving TLS with `tests/fixtures/tls`), the host connects over TLS
//! when asked and the server sees an encrypted session; it refuses a certificate no trusted
//! authority signed, or one for another name; on this machine it stays in the clear unless told
//! otherwise; `synco --database-ca` reaches the same database over verified TLS; and the host
//! presents a client certificate to a server that admits a role by certificate.

use std::path::{Path, PathBuf};
use std::process::Command;

use synco_host::backend::postgres::PostgresBackend;
use synco_host::backend::postgres_tls::{ClientIdentity, PostgresTarget};
use synco_host::backend::{Backend, BackendError};
use synco_host::tenant::TenantId;

/// The authority that signed the test server's certificate.
fn test_ca() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tls/ca.pem")
}

/// How many encrypted sessions the server has open to the database of `url`, asked over a
/// separate plain loopback connection (which it does not count).
fn encrypted_sessions(url: &str) -> i64 {
    let mut admin = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let query = "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE s.ssl AND a.datname = current_database()";
    admin.query_one(query, &[]).unwrap().get(0)
}

fn connect(url: String, ca_file: Option<PathBuf>) -> Result<PostgresBackend, BackendError> {
    PostgresBackend::connect(&PostgresTarget { url, ca_file, client: None })
}

#[test]
fn connects_over_verified_tls_when_required_and_the_server_sees_it_encrypted() {
    synco_tests::with_postgres(|url| {
        let backend = connect(format!("{url} sslmode=require"), Some(test_ca())).unwrap();
        let tenant = TenantId::new("acme").unwrap();
        assert!(backend.audit_chain(&tenant).unwrap().rows.is_empty(), "the connection serves queries");
        assert_eq!(encrypted_sessions(&url), 1);
    });
}

#[test]
fn a_database_on_this_machine_is_reached_in_the_clear_by_default() {
    synco_tests::with_postgres(|url| {
        let _backend = connect(url.clone(), None).unwrap();
        assert_eq!(encrypted_sessions(&url), 0);
    });
}

#[test]
fn refuses_a_server_whose_certificate_no_trusted_authority_signed() {
    synco_tests::with_postgres(|url| {
        let err = connect(format!("{url} sslmode=require"), None).err().unwrap();
        assert!(matches!(err, BackendError::Postgres(_)), "{err:?}");
        assert!(err.to_string().contains("UnknownIssuer"), "{err}");
    });
}

#[test]
fn refuses_a_certificate_for_another_name() {
    synco_tests::with_postgres(|url| {
        // The server's certificate names localhost and 127.0.0.1; the host asks for db.example.
        let url = url.replace("host=127.0.0.1", "host=db.example hostaddr=127.0.0.1");
        let err = connect(url, Some(test_ca())).err().unwrap();
        assert!(err.to_string().contains("certificate not valid for name \"db.example\""), "{err}");
    });
}

#[test]
fn the_command_line_reaches_the_database_over_tls_with_its_authority() {
    synco_tests::with_postgres(|url| {
        let home = tempfile::tempdir().unwrap();
        let synco = |extra: &[&str]| {
            let mut cmd = Command::new(synco_tests::synco_bin());
            cmd.env_clear().env("SYNCO_HOME", home.path()).env("SYNCO_COMPONENT", synco_tests::component());
            cmd.args(["--database", &format!("{url} sslmode=require")]).args(extra).args(["tenant", "install"]);
            cmd.output().unwrap()
        };
        let refused = synco(&[]);
        assert!(!refused.status.success());
        assert!(String::from_utf8_lossy(&refused.stderr).contains("UnknownIssuer"), "{}", String::from_utf8_lossy(&refused.stderr));
        let installed = synco(&["--database-ca", test_ca().to_str().unwrap()]);
        assert!(installed.status.success(), "{}", String::from_utf8_lossy(&installed.stderr));
        assert!(String::from_utf8_lossy(&installed.stdout).contains("installed"));
    });
}

/// A fixture of `tests/fixtures/tls`.
fn tls_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tls").join(name)
}

/// `url`'s database handed to `synco_cert`, the role the test cluster admits by client
/// certificate only; the connection string to reach it as that role over TLS.
fn as_certificate_user(url: &str) -> String {
    let mut admin = postgres::Client::connect(url, postgres::NoTls).unwrap();
    admin.batch_execute("DO $$ BEGIN CREATE ROLE synco_cert LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$").unwrap();
    let database = url.split_whitespace().find_map(|part| part.strip_prefix("dbname=")).unwrap();
    admin.batch_execute(&format!("ALTER DATABASE {database} OWNER TO synco_cert")).unwrap();
    format!("{} sslmode=require", url.replace("user=postgres", "user=synco_cert"))
}

fn identity(cert: &str, key: &str) -> Option<ClientIdentity> {
    Some(ClientIdentity { cert_file: tls_fixture(cert), key_file: tls_fixture(key) })
}

#[test]
fn presents_its_client_certificate_to_a_server_that_admits_by_certificate() {
    synco_tests::with_postgres(|url| {
        let url = as_certificate_user(&url);
        let target = |client| PostgresTarget { url: url.clone(), ca_file: Some(test_ca()), client };
        let without = PostgresBackend::connect(&target(None)).err().unwrap();
        assert!(without.to_string().contains("connection requires a valid client certificate"), "{without}");
        // The server's own certificate was not signed by the client authority the server trusts.
        assert!(PostgresBackend::connect(&target(identity("cert.pem", "key.pem"))).is_err());
        let backend = PostgresBackend::connect(&target(identity("client-cert.pem", "client-key.pem"))).unwrap();
        let tenant = TenantId::new("acme").unwrap();
        assert!(backend.audit_chain(&tenant).unwrap().rows.is_empty(), "admitted as synco_cert, schema created");
        let home = tempfile::tempdir().unwrap();
        let (ca, cert, key) = (test_ca(), tls_fixture("client-cert.pem"), tls_fixture("client-key.pem"));
        let installed = Command::new(synco_tests::synco_bin())
            .env_clear()
            .env("SYNCO_HOME", home.path())
            .env("SYNCO_COMPONENT", synco_tests::component())
            .args(["--database", &url, "--database-ca", ca.to_str().unwrap(), "--database-cert", cert.to_str().unwrap(), "--database-key", key.to_str().unwrap()])
            .args(["tenant", "install"])
            .output()
            .unwrap();
        assert!(installed.status.success(), "the command line presents it too: {}", String::from_utf8_lossy(&installed.stderr));
    });
}
