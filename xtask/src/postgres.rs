//! A throwaway PostgreSQL cluster for the tests and benchmarks: created in the system's temporary
//! directory (which the `postgres` user can reach), on a free loopback port, with trust
//! authentication, serving TLS too with the test certificate of `tests/fixtures/tls` (so the tests
//! can show the host's verified TLS connections) and authenticating the role `synco_cert` by client
//! certificate only (signed by the fixtures' client CA), and removed when dropped. Started only when
//! the server binaries are installed (`.ci/run` installs Debian's `postgresql`); otherwise the
//! reason is passed on so the PostgreSQL tests report themselves skipped.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// A running cluster.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Cluster {
    /// Starts a cluster if `initdb` and `pg_ctl` can be found.
    pub fn start_if_available() -> Result<Cluster> {
        let bin = find_bin_dir().context("PostgreSQL server binaries (initdb, pg_ctl) are not installed")?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let dir = std::env::temp_dir().join(format!("synco-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        install_test_certificate(&dir)?;
        // PostgreSQL refuses to run as root: run it as the `postgres` user when we are root.
        let as_postgres = is_root();
        if as_postgres {
            run(Command::new("chown").arg("-R").arg("postgres:").arg(&dir))?;
        }
        let cluster = Cluster { dir, bin, port, as_postgres };
        cluster.pg(["initdb", "-D"], &[cluster.data().as_os_str(), "-U".as_ref(), "postgres".as_ref(), "-A".as_ref(), "trust".as_ref(), "--no-sync".as_ref()])?;
        require_certificate_for_synco_cert(&cluster.data())?;
        let (cert, key, client_ca) = (cluster.dir.join("server.crt"), cluster.dir.join("server.key"), cluster.dir.join("client-ca.pem"));
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file={} -c ssl_key_file={} -c ssl_ca_file={}",
            cluster.port,
            cluster.dir.display(),
            cert.display(),
            key.display(),
            client_ca.display()
        );
        let log = cluster.dir.join("server.log");
        cluster.pg(["pg_ctl", "-D"], &[cluster.data().as_os_str(), "-o".as_ref(), options.as_ref(), "-l".as_ref(), log.as_os_str(), "-w".as_ref(), "start".as_ref()])?;
        eprintln!("xtask: started a throwaway PostgreSQL on 127.0.0.1:{}", cluster.port);
        Ok(cluster)
    }

    /// The connection string.
    pub fn url(&self) -> String {
        format!("host=127.0.0.1 port={} user=postgres dbname=postgres", self.port)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// Runs a PostgreSQL program (`initdb`, `pg_ctl`) with `args`, as `postgres` when needed.
    fn pg<const N: usize>(&self, program_and_flag: [&str; N], args: &[&std::ffi::OsStr]) -> Result<()> {
        let program = self.bin.join(program_and_flag[0]);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        cmd.args(&program_and_flag[1..]).args(args).current_dir(&self.dir);
        run(&mut cmd)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.pg(["pg_ctl", "-D"], &[self.data().as_os_str(), "-m".as_ref(), "immediate".as_ref(), "stop".as_ref()]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Copies the test server certificate and key into `dir`; PostgreSQL wants the key readable by
/// its owner only.
fn install_test_certificate(dir: &std::path::Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let fixtures = crate::root().join("tests/fixtures/tls");
    std::fs::copy(fixtures.join("cert.pem"), dir.join("server.crt")).context("cannot copy the test certificate")?;
    std::fs::copy(fixtures.join("key.pem"), dir.join("server.key")).context("cannot copy the test key")?;
    std::fs::set_permissions(dir.join("server.key"), std::fs::Permissions::from_mode(0o600))?;
    std::fs::copy(fixtures.join("client-ca.pem"), dir.join("client-ca.pem")).context("cannot copy the test client CA")?;
    Ok(())
}

/// Puts a rule before initdb's trust rules: `synco_cert` may log in over TLS with a client
/// certificate for that name, and in no other way.
fn require_certificate_for_synco_cert(data: &std::path::Path) -> Result<()> {
    let hba = data.join("pg_hba.conf");
    let rules = std::fs::read_to_string(&hba).context("cannot read pg_hba.conf")?;
    let first = "hostssl all synco_cert 127.0.0.1/32 cert\nhost all synco_cert 0.0.0.0/0 reject\nlocal all synco_cert reject\n";
    std::fs::write(&hba, format!("{first}{rules}")).context("cannot write pg_hba.conf")
}

fn run(cmd: &mut Command) -> Result<()> {
    let out = cmd.output().with_context(|| format!("cannot start {cmd:?}"))?;
    if !out.status.success() {
        bail!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `initdb` and `pg_ctl` on the PATH, or in Debian's versioned directory.
fn find_bin_dir() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").into_iter().flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    let debian = std::fs::read_dir("/usr/lib/postgresql").into_iter().flatten().flatten().map(|e| e.path().join("bin"));
    let mut candidates: Vec<PathBuf> = debian.collect();
    candidates.sort();
    candidates.reverse();
    candidates.into_iter().chain(on_path).find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file())
}
