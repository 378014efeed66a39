//! The offline stand-in for a Confluence page's version history: a folder with one file per
//! version (`v1.xml`, `v2.xml`, …) and `history.json` listing each version's number and message.
//!
//! It behaves like Confluence where the safety net depends on it: versions are only ever added,
//! never rewritten; every Sync-o update is a new version whose message names the sync
//! (`Sync-o: <ISSUE-KEY> · <sync id>`); a revert is a new version restoring an old body; and the
//! request body of Confluence's own restore operation is produced for the remote backend.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The prefix of every version message Sync-o writes.
pub const SYNC_PREFIX: &str = "Sync-o: ";
/// The prefix of a revert's version message.
const REVERT_PREFIX: &str = "Sync-o: revert to version ";

/// One version's entry in `history.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// The version number, from 1.
    pub number: u32,
    /// The version message.
    pub message: String,
}

/// Why the folder could not be used.
#[derive(Debug, Error)]
pub enum PageFolderError {
    /// A file could not be read or written.
    #[error("{path}: {reason}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// `history.json` is not a list of `{number, message}` in order from 1.
    #[error("{0}: expected a list of {{number, message}} numbered from 1 without gaps")]
    BadHistory(PathBuf),
    /// The requested version does not exist.
    #[error("version {0} does not exist")]
    NoSuchVersion(u32),
    /// `history.json` lists a version whose file is not there.
    #[error("{1}: version {0} is listed in history.json but its file is missing")]
    MissingVersion(u32, PathBuf),
}

/// A page's version folder.
pub struct PageFolder {
    dir: PathBuf,
    history: Vec<Version>,
}

impl PageFolder {
    /// Opens `dir`. A folder without `history.json` but with `v1.xml` starts a history whose first
    /// version was written by a person.
    pub fn open(dir: &Path) -> Result<PageFolder, PageFolderError> {
        let path = dir.join("history.json");
        let history = if path.is_file() {
            let text = read(&path)?;
            serde_json::from_str::<Vec<Version>>(&text).map_err(|_| PageFolderError::BadHistory(path.clone()))?
        } else {
            vec![Version { number: 1, message: "created".into() }]
        };
        let numbered = history.iter().enumerate().all(|(i, v)| v.number as usize == i + 1);
        if history.is_empty() || !numbered {
            return Err(PageFolderError::BadHistory(path));
        }
        let folder = PageFolder { dir: dir.to_path_buf(), history };
        // A history naming a version whose file is gone is not a history to add to.
        if let Some(missing) = folder.history.iter().map(|v| v.number).find(|&n| !folder.file(n).is_file()) {
            return Err(PageFolderError::MissingVersion(missing, folder.file(missing)));
        }
        Ok(folder)
    }

    /// The latest version.
    pub fn latest(&self) -> &Version {
        // `open` refuses an empty history.
        &self.history[self.history.len() - 1]
    }

    /// The body of version `number`.
    pub fn body(&self, number: u32) -> Result<String, PageFolderError> {
        if number == 0 || number as usize > self.history.len() {
            return Err(PageFolderError::NoSuchVersion(number));
        }
        read(&self.file(number))
    }

    /// The last version a sync wrote (the base of the three-way merge), if any. Reverts are not
    /// syncs.
    pub fn last_sync(&self) -> Option<&Version> {
        last_sync(&self.history)
    }

    /// The page version a sync of the current page is computed from: the latest version, unless
    /// the latest was written by a sync, in which case the version that sync started from — so a
    /// repeated event computes the same sync id and is recognised.
    pub fn sync_source_version(&self) -> u32 {
        sync_source_version(&self.history)
    }

    /// Whether a version already carries `sync_id` (the event was applied before).
    pub fn has_sync(&self, sync_id: &str) -> bool {
        has_sync(&self.history, sync_id)
    }

    /// Adds a new version with `body` and `message`; returns its number.
    pub fn add(&mut self, body: &str, message: &str) -> Result<u32, PageFolderError> {
        let number = self.latest().number + 1;
        let file = self.file(number);
        // Created only if absent, whole or not at all: two writers racing for the same number
        // cannot both win, and a crash leaves no half-written version.
        crate::fsutil::create_new_private(&file, body.as_bytes()).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => io(&file, "already exists; versions are never rewritten"),
            _ => io(&file, e),
        })?;
        self.history.push(Version { number, message: message.to_string() });
        let path = self.dir.join("history.json");
        let json = serde_json::to_string_pretty(&self.history).map_err(|e| io(&path, e))?;
        crate::fsutil::write_atomically(&path, json.as_bytes()).map_err(|e| io(&path, e))?;
        Ok(number)
    }

    /// Restores version `number` as a new version; returns the new number.
    pub fn revert(&mut self, number: u32) -> Result<u32, PageFolderError> {
        let body = self.body(number)?;
        self.add(&body, &revert_message(number))
    }

    fn file(&self, number: u32) -> PathBuf {
        self.dir.join(format!("v{number}.xml"))
    }
}

/// The last version of `history` (oldest first) a sync wrote. The rules here are shared by the
/// page folder and by `synco serve`'s Confluence pages.
pub fn last_sync(history: &[Version]) -> Option<&Version> {
    history.iter().rev().find(|v| is_sync(v))
}

/// The version a sync of the latest version is computed from: the latest, unless a sync wrote
/// it, then the one that sync started from (so a repeated event gets the same sync id).
pub fn sync_source_version(history: &[Version]) -> u32 {
    match history.last() {
        Some(latest) if is_sync(latest) => latest.number.saturating_sub(1).max(1),
        Some(latest) => latest.number,
        None => 1,
    }
}

/// Whether a version of `history` carries `sync_id` (the event was applied before).
pub fn has_sync(history: &[Version], sync_id: &str) -> bool {
    history.iter().any(|v| is_sync(v) && v.message.ends_with(sync_id))
}

/// Whether a sync (not a revert) wrote `version`.
fn is_sync(version: &Version) -> bool {
    version.message.starts_with(SYNC_PREFIX) && !version.message.starts_with(REVERT_PREFIX)
}

/// The message of a revert to `number`.
pub fn revert_message(number: u32) -> String {
    format!("{REVERT_PREFIX}{number}")
}

/// The body of Confluence's restore operation
/// (`POST /wiki/rest/api/content/{id}/version`) for version `number`.
pub fn restore_request(number: u32) -> serde_json::Value {
    serde_json::json!({
        "operationKey": "restore",
        "params": { "versionNumber": number, "message": revert_message(number) }
    })
}

fn read(path: &Path) -> Result<String, PageFolderError> {
    std::fs::read_to_string(path).map_err(|e| io(path, e))
}

fn io(path: &Path, e: impl std::fmt::Display) -> PageFolderError {
    PageFolderError::Io { path: path.to_path_buf(), reason: e.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> (tempfile::TempDir, PageFolder) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("v1.xml"), "<p>one</p>").unwrap();
        let folder = PageFolder::open(dir.path()).unwrap();
        (dir, folder)
    }

    #[test]
    fn adds_versions_and_never_rewrites_them() {
        let (dir, mut folder) = folder();
        assert_eq!(folder.add("<p>two</p>", "Sync-o: PAY-1 · abc").unwrap(), 2);
        let reopened = PageFolder::open(dir.path()).unwrap();
        assert_eq!(reopened.latest().number, 2);
        assert_eq!(reopened.body(1).unwrap(), "<p>one</p>");
        assert_eq!(reopened.last_sync().map(|v| v.number), Some(2));
        assert!(reopened.has_sync("abc") && !reopened.has_sync("abd"));
        assert_eq!(reopened.sync_source_version(), 1, "a repeated event is computed from the version the sync started from");
    }

    #[test]
    fn a_revert_is_a_new_version_with_the_old_body() {
        let (_dir, mut folder) = folder();
        folder.add("<p>two</p>", "Sync-o: PAY-1 · abc").unwrap();
        assert_eq!(folder.revert(1).unwrap(), 3);
        assert_eq!(folder.body(3).unwrap(), "<p>one</p>");
        assert_eq!(folder.latest().message, "Sync-o: revert to version 1");
        assert_eq!(folder.last_sync().map(|v| v.number), Some(2), "a revert is not a sync");
        assert_eq!(folder.sync_source_version(), 3);
        assert!(matches!(folder.revert(9), Err(PageFolderError::NoSuchVersion(9))));
    }

    #[test]
    fn a_history_naming_a_missing_version_file_is_refused() {
        let (dir, mut folder) = folder();
        folder.add("<p>two</p>", "edited").unwrap();
        std::fs::remove_file(dir.path().join("v2.xml")).unwrap();
        assert!(matches!(PageFolder::open(dir.path()), Err(PageFolderError::MissingVersion(2, _))));
    }

    #[test]
    fn a_version_another_writer_created_first_is_not_overwritten() {
        let (dir, mut folder) = folder();
        std::fs::write(dir.path().join("v2.xml"), "<p>the other writer's</p>").unwrap();
        assert!(matches!(folder.add("<p>mine</p>", "edited"), Err(PageFolderError::Io { .. })));
        assert_eq!(std::fs::read_to_string(dir.path().join("v2.xml")).unwrap(), "<p>the other writer's</p>");
    }

    #[test]
    fn the_restore_request_matches_confluences_shape() {
        assert_eq!(
            restore_request(4).to_string(),
            r#"{"operationKey":"restore","params":{"message":"Sync-o: revert to version 4","versionNumber":4}}"#
        );
    }
}
