//! File-system helpers for the host's private data directory: directories only the owner can
//! enter, files only the owner can read, and writes that never leave a half-written file.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// Creates `dir` (and parents) with mode 0700 if it does not exist, and tightens it if it does.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
}

/// A temporary name beside `target`, random so concurrent writers never share one (replicas in
/// separate containers may share the directory and even a process id).
fn temp_sibling(target: &Path) -> std::path::PathBuf {
    target.with_extension(format!("tmp-{}", hex::encode(crate::entropy::os_random(8))))
}

/// Removes the temporary files [`write_atomically`] and [`create_new_private`] left in `dir`
/// when a process was killed between writing one and putting it in place (`NAME.tmp-` and 16
/// hex digits), once they are older than `age`: a younger one may be another process's write in
/// progress. In the keys directory such a file is a copy of a key, which would outlive the
/// deletion of its version. Returns how many were removed.
pub fn remove_stale_temps(dir: &Path, age: std::time::Duration) -> std::io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)?.flatten() {
        let name = entry.file_name();
        let is_temp = name.to_str().and_then(|n| n.rsplit_once(".tmp-")).is_some_and(|(_, suffix)| suffix.len() == 16 && suffix.bytes().all(|b| b.is_ascii_hexdigit()));
        let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|modified| modified.elapsed().is_ok_and(|elapsed| elapsed >= age));
        if is_temp && old {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Writes `bytes` to `target` through a temporary file in the same directory and a rename, with
/// mode 0600, so readers see either the old file or the complete new one.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_sibling(target);
    let mut file = OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&tmp, target)
}

/// Creates `target` with `bytes` and mode 0600, failing with `AlreadyExists` if it exists (so two
/// processes racing to create a key cannot both win). The file is written whole under a temporary
/// name and then hard-linked into place, so no reader (another replica starting) ever sees it
/// empty or half-written, and a crash leaves no empty key file behind.
pub fn create_new_private(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_sibling(target);
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp).map_err(|e| std::io::Error::other(format!("cannot create {}: {e}", tmp.display())))?;
    let linked = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::hard_link(&tmp, target)?;
        // The link is durable only once the directory is.
        target.parent().map_or(Ok(()), |dir| fs::File::open(dir)?.sync_all())
    })();
    let _ = fs::remove_file(&tmp);
    linked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_stale_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join("master-v2.tmp-0123456789abcdef");
        let fresh = dir.path().join("master-v3.tmp-fedcba9876543210");
        let other = dir.path().join("notes.tmp-old");
        for path in [&stale, &fresh, &other] {
            fs::write(path, [7; 32]).unwrap();
        }
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for path in [&stale, &other] {
            fs::File::options().write(true).open(path).unwrap().set_modified(hour_ago).unwrap();
        }
        assert_eq!(remove_stale_temps(dir.path(), std::time::Duration::from_secs(60)).unwrap(), 1);
        assert!(!stale.exists() && fresh.exists() && other.exists());
    }

    #[test]
    fn a_new_private_file_is_created_whole_once_and_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("audit.key");
        create_new_private(&key, &[1; 32]).unwrap();
        let second = create_new_private(&key, &[2; 32]).unwrap_err();
        assert_eq!(second.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&key).unwrap(), vec![1; 32], "the first writer's key stays");
        assert_eq!(fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["audit.key"], "no temporary file is left behind");
    }
}
