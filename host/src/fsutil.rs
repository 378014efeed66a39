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
