//! Pages from a folder: storage-format files described by an `index.json` listing
//! (`[{id, space, title, labels, updatedAt, file?}]`; without `file`, the page is the one `.xml`
//! file whose name starts with `<id>-`). Used by `synco index` and the benchmarks.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::engine::PageInput;

/// Why a folder could not be read.
#[derive(Debug, Error)]
pub enum FolderError {
    /// A file could not be read.
    #[error("cannot read {path}: {reason}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// `index.json` is not the expected listing.
    #[error("index.json is not a list of {{id, space, title, labels, updatedAt, file?}}: {0}")]
    Listing(String),
    /// A listed page has no file or a bad date.
    #[error("page {id}: {reason}")]
    Page {
        /// The page id.
        id: String,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageMeta {
    id: String,
    space: String,
    title: String,
    #[serde(default)]
    labels: Vec<String>,
    updated_at: String,
    file: Option<String>,
}

/// Reads every page listed in `folder/index.json`.
pub fn read_pages(folder: &Path) -> Result<Vec<PageInput>, FolderError> {
    let listing = read(&folder.join("index.json"))?;
    let metas: Vec<PageMeta> = serde_json::from_str(&listing).map_err(|e| FolderError::Listing(e.to_string()))?;
    metas.into_iter().map(|meta| page(folder, meta)).collect()
}

fn page(folder: &Path, meta: PageMeta) -> Result<PageInput, FolderError> {
    let bad = |reason: String| FolderError::Page { id: meta.id.clone(), reason };
    let file = match &meta.file {
        Some(file) => folder.join(file),
        None => find_file(folder, &meta.id).ok_or_else(|| bad(format!("no file named {}-*.xml", meta.id)))?,
    };
    let updated_at = iso_date_ms(&meta.updated_at).ok_or_else(|| bad(format!("updatedAt {:?} is not YYYY-MM-DD", meta.updated_at)))?;
    Ok(PageInput { storage: read(&file)?, id: meta.id, space: meta.space, title: meta.title, labels: meta.labels, updated_at })
}

fn find_file(folder: &Path, id: &str) -> Option<PathBuf> {
    let prefix = format!("{id}-");
    let mut matches: Vec<PathBuf> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix)))
        .collect();
    matches.sort();
    (matches.len() == 1).then(|| matches.remove(0))
}

fn read(path: &Path) -> Result<String, FolderError> {
    std::fs::read_to_string(path).map_err(|e| FolderError::Read { path: path.to_path_buf(), reason: e.to_string() })
}

/// `YYYY-MM-DD` (optionally followed by a time, ignored) → milliseconds since the epoch at
/// midnight UTC, by Howard Hinnant's days-from-civil.
pub fn iso_date_ms(date: &str) -> Option<u64> {
    let mut parts = date.get(..10)?.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    u64::try_from((era * 146_097 + doe - 719_468) * 86_400_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_iso_dates_to_epoch_milliseconds() {
        assert_eq!(iso_date_ms("1970-01-01"), Some(0));
        assert_eq!(iso_date_ms("2026-11-29"), Some(1_795_910_400_000));
        assert_eq!(iso_date_ms("2024-02-29T10:00:00Z"), Some(1_709_164_800_000));
        assert_eq!(iso_date_ms("2026-13-01"), None);
        assert_eq!(iso_date_ms("soon"), None);
    }
}
