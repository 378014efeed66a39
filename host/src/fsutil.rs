//! File-system helpers for the host's private data directory: directories only the owner can
//! enter, files only the owner can read, and writes that never leave a half-written file.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Creates `dir` (and parents) with mode 0700 if it does not exist, and tightens it if it does.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
}

/// Writes `bytes` to `target` through a temporary file in the same directory and a rename, with
/// mode 0600, so readers see either the old file or the complete new one.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Unique per process and call, so concurrent writers never share a temporary file.
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let tmp = target.with_extension(format!("tmp{}-{n}", std::process::id()));
    let mut file = OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&tmp, target)
}

/// Creates `target` with `bytes` and mode 0600, failing if it already exists (so two processes
/// racing to create a key cannot both win).
pub fn create_new_private(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(target)?;
    file.write_all(bytes)?;
    file.sync_all()
}
