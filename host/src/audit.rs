//! The audit trail (promise P8): one record per AI call, metadata only, never content. Records
//! of a tenant form a hash chain: each stores the sha256 of the previous one, so an edited,
//! deleted, inserted or reordered record breaks the chain and [`AuditLog::verify`] says where.
//! Records older than 90 days are purged (P7); the chain then starts from an anchor, the hash of
//! the last purged record, which the purge writes in the same transaction.
//!
//! The chain alone is plain sha256, which anyone can compute (and which the JavaScript host
//! shares byte for byte). So every record, and the anchor, also carries a tag: HMAC-SHA256 of its
//! hash under the host's audit key (`keys/audit.key`, beside the master keys). Someone who can
//! write the database but not read the key files cannot append, replace or re-anchor a record
//! without [`AuditLog::verify`] reporting it as forged.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use thiserror::Error;
use zeroize::Zeroizing;

use crate::backend::{AuditAnchor, AuditChain, AuditRow, Backend, BackendError, ChainLink};
use crate::tenant::TenantId;

/// How long audit records are kept: 90 days (P7).
pub const RETENTION_MS: u64 = 90 * 24 * 3600 * 1000;

/// The hash that precedes a tenant's first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What one AI call leaves behind. No field may carry content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// The provider name (`offline`, …).
    pub provider: String,
    /// The model name.
    pub model: String,
    /// The region the call was served from.
    pub region: String,
    /// Lowercase hex sha256 of the exact request body.
    pub request_digest: String,
    /// Input tokens (as reported, or estimated by the provider client).
    pub input_tokens: u32,
    /// Output tokens.
    pub output_tokens: u32,
    /// Occurrences redacted from the request, by kind (`email`, `api_key`, …).
    pub redactions: std::collections::BTreeMap<String, u32>,
    /// `ok`, `status N` for a provider's refusal, or the error kind.
    pub outcome: String,
    /// How long the call took, in milliseconds (retries included).
    pub latency_ms: u64,
}

/// Where the chain of a tenant is broken. Positions are places in the stored order (1-based),
/// sequence numbers are what the records claim.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum AuditBreak {
    /// A record's content does not match its hash: it was edited.
    #[error("record {seq} was edited: its content does not match its hash")]
    Edited {
        /// The record's sequence number.
        seq: i64,
    },
    /// A record is missing before this one: a record was deleted.
    #[error("a record before record {seq} was deleted: the chain expects {expected} there")]
    Deleted {
        /// The first record after the gap.
        seq: i64,
        /// The sequence number the chain expected.
        expected: i64,
    },
    /// A well-formed record that is not part of the chain: it was inserted.
    #[error("record {seq} was inserted: it is not part of the chain")]
    Inserted {
        /// The inserted record's claimed sequence number.
        seq: i64,
    },
    /// A record's (or the anchor's) tag does not match it: it was not written by a holder of the
    /// audit key.
    #[error("record {seq} was forged: its tag does not match it under the audit key")]
    Forged {
        /// The record's (or the anchor's) sequence number.
        seq: i64,
    },
    /// Records (or the anchor) without a tag, none after a tagged one: written before tags
    /// existed, or by someone without the key. Reported only once the rest of the chain checks out.
    #[error("records {first} to {last} have no tag: written before audit tags, or without the audit key")]
    Untagged {
        /// The first untagged sequence number (the anchor's, if it is untagged).
        first: i64,
        /// The last untagged sequence number.
        last: i64,
    },
    /// The chain ends before a record seen earlier (a witness kept outside the database): its
    /// tail was cut off.
    #[error("the chain ends at record {last}, but record {witnessed} was seen earlier: records were removed from its end")]
    Truncated {
        /// The witnessed record's sequence number.
        witnessed: i64,
        /// The chain's last sequence number (0 when it is empty).
        last: i64,
    },
    /// The record at a witness's place is another record than the one seen earlier.
    #[error("record {seq} is not the record seen earlier: the chain was rewritten from there")]
    Rewritten {
        /// The witnessed record's sequence number.
        seq: i64,
    },
    /// Records are out of order.
    #[error("records {first} and {second} were reordered")]
    Reordered {
        /// The record found first.
        first: i64,
        /// The record found second.
        second: i64,
    },
}

/// Why the audit log could not be used.
#[derive(Debug, Error)]
pub enum AuditError {
    /// The backend failed.
    #[error(transparent)]
    Backend(#[from] BackendError),
    /// The entry could not be serialized.
    #[error("the audit entry cannot be serialized: {0}")]
    Serialize(String),
    /// A witness is not a record id.
    #[error("the witness {0:?} is not a record id: expected <sequence number>-<16 hex digits>, as `synco audit verify` prints")]
    Witness(String),
}

/// A record id kept outside the database (`42-0123456789abcdef`: the sequence number and the
/// first 16 hex digits of the record's hash, as [`AuditLog::append`] returns and `synco audit
/// verify` prints for the last record): checking the chain against it tells a cut-off tail
/// from a shorter chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    seq: i64,
    hash_prefix: String,
}

impl std::str::FromStr for Witness {
    type Err = AuditError;

    fn from_str(id: &str) -> Result<Witness, AuditError> {
        let parsed = id.split_once('-').and_then(|(seq, hash)| {
            let hex = hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            Some(Witness { seq: seq.parse().ok().filter(|&seq: &i64| seq > 0)?, hash_prefix: hash.to_string() }).filter(|_| hex)
        });
        parsed.ok_or_else(|| AuditError::Witness(id.to_string()))
    }
}

/// What [`AuditLog::verify_against`] found in a chain that verifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// How many records were checked.
    pub records: usize,
    /// The last record's id, to keep elsewhere as a [`Witness`]; `None` when no record is stored.
    pub last: Option<String>,
    /// Whether a witness was given and checked; `false` for one older than the anchor.
    pub witness_checked: bool,
}

/// The id of `row`, as a [`Witness`] reads it.
pub fn record_id(row: &AuditRow) -> String {
    format!("{}-{}", row.seq, &row.hash[..16.min(row.hash.len())])
}

/// The key that tags audit records (see the module documentation). Held by the KMS
/// ([`crate::kms::LocalKms::audit_key`]); never given to the guest.
pub struct AuditKey(Zeroizing<[u8; 32]>);

impl AuditKey {
    /// The key with these bytes.
    pub fn new(bytes: [u8; 32]) -> AuditKey {
        AuditKey(Zeroizing::new(bytes))
    }

    /// The key held by the KMS.
    pub(crate) fn from_secret(key: Zeroizing<[u8; 32]>) -> AuditKey {
        AuditKey(key)
    }

    /// HMAC-SHA256 under the key over `parts`, each after its u64 big-endian length.
    fn mac(&self, parts: &[&[u8]]) -> Hmac<Sha256> {
        // HMAC takes keys of any length, so a 32-byte key cannot be refused.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(self.0.as_slice()) else { unreachable!("hmac takes keys of any length") };
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac
    }

    fn record_mac(&self, tenant: &TenantId, hash: &str) -> Hmac<Sha256> {
        self.mac(&[b"synco audit tag v1", tenant.as_str().as_bytes(), hash.as_bytes()])
    }

    fn anchor_mac(&self, tenant: &str, seq: i64, hash: &str) -> Hmac<Sha256> {
        self.mac(&[b"synco audit anchor v1", tenant.as_bytes(), &seq.to_be_bytes(), hash.as_bytes()])
    }

    /// The tag of `tenant`'s record hash `hash`: lowercase hex HMAC-SHA256 over a purpose label,
    /// the tenant and the hash.
    fn tag(&self, tenant: &TenantId, hash: &str) -> String {
        hex::encode(self.record_mac(tenant, hash).finalize().into_bytes())
    }

    /// The tag of a purge anchor: another label, and the sequence number too, so neither a
    /// record's tag nor an anchor at another place can pass for it.
    fn anchor_tag(&self, tenant: &str, seq: i64, hash: &str) -> String {
        hex::encode(self.anchor_mac(tenant, seq, hash).finalize().into_bytes())
    }

    /// Whether `tag` is `tenant`'s tag of `hash` (compared in constant time).
    fn verifies(&self, tenant: &TenantId, hash: &str, tag: &str) -> bool {
        matches(self.record_mac(tenant, hash), tag)
    }

    /// Whether `anchor`'s tag is right for it.
    fn verifies_anchor(&self, tenant: &TenantId, anchor: &AuditAnchor) -> bool {
        matches(self.anchor_mac(tenant.as_str(), anchor.seq, &anchor.hash), &anchor.tag)
    }
}

/// Whether the lowercase hex `tag` is `mac`'s output (`verify_slice` compares in constant time).
/// Uppercase is refused, as the JavaScript host compares the text.
fn matches(mac: Hmac<Sha256>, tag: &str) -> bool {
    let lowercase = tag.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    lowercase && hex::decode(tag).is_ok_and(|bytes| mac.verify_slice(&bytes).is_ok())
}

/// The audit log of all tenants.
pub struct AuditLog {
    backend: Arc<dyn Backend>,
    key: AuditKey,
}

impl AuditLog {
    /// The log over `backend`, tagging with `key`.
    pub fn new(backend: Arc<dyn Backend>, key: AuditKey) -> AuditLog {
        AuditLog { backend, key }
    }

    /// Appends `entry` to `tenant`'s chain at time `at_ms`; returns the record id
    /// (`<seq>-<first 16 hex of its hash>`).
    pub fn append(&self, tenant: &TenantId, at_ms: u64, entry: &AuditEntry) -> Result<String, AuditError> {
        let record = serde_json::to_string(entry).map_err(|e| AuditError::Serialize(e.to_string()))?;
        let at = i64::try_from(at_ms).unwrap_or(i64::MAX);
        let link = |prev: &str, seq: i64| {
            let hash = chain_hash(prev, tenant, seq, at, &record);
            ChainLink { tag: self.key.tag(tenant, &hash), hash }
        };
        let (seq, hash) = self.backend.audit_append(tenant, at_ms, &record, &link)?;
        Ok(format!("{seq}-{}", &hash[..16.min(hash.len())]))
    }

    /// Checks `tenant`'s chain from its anchor (or genesis); returns the number of records, or
    /// what broke the chain and where. A truncated tail cannot be told from a shorter chain:
    /// [`AuditLog::verify_against`] checks against a record id kept elsewhere.
    pub fn verify(&self, tenant: &TenantId) -> Result<Result<usize, AuditBreak>, AuditError> {
        let chain = self.backend.audit_chain(tenant)?;
        Ok(self.check(tenant, &chain))
    }

    /// [`AuditLog::verify`], and then, given a `witness`, that the chain still holds that
    /// record: it must not end before it ([`AuditBreak::Truncated`]) nor hold another record in
    /// its place ([`AuditBreak::Rewritten`]). A witness older than the anchor was purged with
    /// its records and is not checked ([`Verified::witness_checked`]). The last record's id is
    /// taken from the chain verified.
    pub fn verify_against(&self, tenant: &TenantId, witness: Option<&Witness>) -> Result<Result<Verified, AuditBreak>, AuditError> {
        let chain = self.backend.audit_chain(tenant)?;
        Ok(self.check(tenant, &chain).and_then(|records| {
            let witness_checked = witness.map(|witness| reaches(&chain, witness)).transpose()?.unwrap_or(false);
            Ok(Verified { records, last: chain.rows.last().map(record_id), witness_checked })
        }))
    }

    /// What [`AuditLog::verify`] reports for `chain`: a wrong tag on the anchor first (the chain
    /// is checked from it), then edited records, wrong tags, broken links, and last missing tags,
    /// so a database from before tags still shows a real break.
    fn check(&self, tenant: &TenantId, chain: &AuditChain) -> Result<usize, AuditBreak> {
        let rows = &chain.rows;
        let anchor = chain.anchor.as_ref();
        if let Some(a) = anchor.filter(|a| !a.tag.is_empty() && !self.key.verifies_anchor(tenant, a)) {
            return Err(AuditBreak::Forged { seq: a.seq });
        }
        let (anchor_seq, anchor_hash) = anchor.map_or((0, GENESIS), |a| (a.seq, a.hash.as_str()));
        let written = rows.iter().map(|row| written_seq(tenant, row, anchor_seq, rows.len()).ok_or(AuditBreak::Edited { seq: row.seq })).collect::<Result<Vec<_>, _>>()?;
        if let Some(row) = rows.iter().find(|r| !r.tag.is_empty() && !self.key.verifies(tenant, &r.hash, &r.tag)) {
            return Err(AuditBreak::Forged { seq: row.seq });
        }
        check_links(rows, &written, anchor_seq, anchor_hash)?;
        untagged_break(anchor, rows)?;
        Ok(rows.len())
    }

    /// The anchor tag for `row` of `tenant`, only if its content hashes to its hash (its time
    /// included, so a record cannot be made to look old) and any tag it has verifies. A record
    /// from before tags may anchor: its hash alone decides whether the records after it link.
    fn anchor_tag_for(&self, tenant: &str, row: &AuditRow) -> Option<String> {
        let tenant = TenantId::new(tenant).ok()?;
        let hashed = chain_hash(&row.prev_hash, &tenant, row.seq, row.at_ms, &row.record) == row.hash;
        let tagged = row.tag.is_empty() || self.key.verifies(&tenant, &row.hash, &row.tag);
        (hashed && tagged).then(|| self.key.anchor_tag(tenant.as_str(), row.seq, &row.hash))
    }

    /// The last `n` records of `tenant`, oldest first (metadata only).
    pub fn tail(&self, tenant: &TenantId, n: usize) -> Result<Vec<AuditRow>, AuditError> {
        let rows = self.backend.audit_chain(tenant)?.rows;
        Ok(rows[rows.len().saturating_sub(n)..].to_vec())
    }

    /// Deletes records older than [`RETENTION_MS`] at `now_ms`; returns how many.
    pub fn purge(&self, now_ms: u64) -> Result<u64, AuditError> {
        let anchor_tag = |tenant: &str, row: &AuditRow| self.anchor_tag_for(tenant, row);
        Ok(self.backend.purge_audit(now_ms.saturating_sub(RETENTION_MS), &anchor_tag)?)
    }
}

/// Whether the (otherwise verified) `chain` holds the `witness`ed record: `Ok(true)` when it
/// does, `Ok(false)` when the record was purged (older than the anchor: nothing to compare).
fn reaches(chain: &AuditChain, witness: &Witness) -> Result<bool, AuditBreak> {
    let anchor = chain.anchor.as_ref().map(|a| (a.seq, a.hash.as_str()));
    let stored = chain.rows.iter().map(|row| (row.seq, row.hash.as_str()));
    let last = stored.clone().next_back().or(anchor).map_or(0, |(seq, _)| seq);
    if witness.seq > last {
        return Err(AuditBreak::Truncated { witnessed: witness.seq, last });
    }
    match anchor.into_iter().chain(stored).find(|&(seq, _)| seq == witness.seq) {
        Some((_, hash)) if !hash.starts_with(&witness.hash_prefix) => Err(AuditBreak::Rewritten { seq: witness.seq }),
        Some(_) => Ok(true),
        None => Ok(false),
    }
}

/// Untagged records in chain order `rows`: one after a tagged record is forged (tags were in use
/// by then); the others, and an untagged anchor, are reported as a range.
fn untagged_break(anchor: Option<&AuditAnchor>, rows: &[AuditRow]) -> Result<(), AuditBreak> {
    let first_tagged = rows.iter().position(|r| !r.tag.is_empty()).unwrap_or(rows.len());
    if let Some(late) = rows[first_tagged..].iter().find(|r| r.tag.is_empty()) {
        return Err(AuditBreak::Forged { seq: late.seq });
    }
    let anchor = anchor.filter(|a| a.tag.is_empty()).map(|a| a.seq);
    let mut untagged = anchor.into_iter().chain(rows.iter().filter(|r| r.tag.is_empty()).map(|r| r.seq));
    match untagged.next() {
        Some(first) => Err(AuditBreak::Untagged { first, last: untagged.last().unwrap_or(first) }),
        None => Ok(()),
    }
}

/// Checks that `rows` (whose content verifies under the sequence numbers `written`) link up from
/// the anchor, in order, with none missing or added.
fn check_links(rows: &[AuditRow], written: &[i64], anchor_seq: i64, anchor_hash: &str) -> Result<(), AuditBreak> {
    let order = follow_links(rows, anchor_hash);
    if let Some(stray) = (0..rows.len()).find(|i| !order.contains(i)) {
        let end = order.last().map_or(anchor_seq, |&i| written[i]);
        return Err(stray_break(rows, stray, written[stray], end));
    }
    for (position, &i) in order.iter().enumerate() {
        if i != position || written[i] != rows[i].seq {
            return Err(AuditBreak::Reordered { first: rows[position].seq, second: rows[i].seq });
        }
    }
    Ok(())
}

/// The sequence number `row` was written with: its own if its hash verifies under it, otherwise
/// the one it verifies under (the row was renumbered), or `None` (its content was edited).
fn written_seq(tenant: &TenantId, row: &AuditRow, anchor_seq: i64, len: usize) -> Option<i64> {
    let verifies = |seq: i64| chain_hash(&row.prev_hash, tenant, seq, row.at_ms, &row.record) == row.hash;
    if verifies(row.seq) {
        return Some(row.seq);
    }
    (anchor_seq + 1..=anchor_seq + len as i64 + 1).find(|&seq| verifies(seq))
}

/// The rows in chain order: from the anchor, each step takes the row whose `prev_hash` is the
/// current hash, preferring one that has a successor itself (so an inserted dead end that links
/// to a genuine record is left out).
fn follow_links(rows: &[AuditRow], anchor_hash: &str) -> Vec<usize> {
    let mut order = Vec::with_capacity(rows.len());
    let mut hash = anchor_hash.to_string();
    loop {
        let unused = |i: &usize| !order.contains(i);
        let successors: Vec<usize> = (0..rows.len()).filter(unused).filter(|&i| rows[i].prev_hash == hash).collect();
        let has_successor = |i: usize| rows.iter().any(|r| r.prev_hash == rows[i].hash);
        let Some(next) = successors.iter().copied().max_by_key(|&i| (has_successor(i), std::cmp::Reverse(i))) else { break };
        order.push(next);
        hash = rows[next].hash.clone();
    }
    order
}

/// A row outside the chain either continues a record that is gone (deleted) or was never part
/// of it (inserted).
fn stray_break(rows: &[AuditRow], stray: usize, written: i64, chain_end: i64) -> AuditBreak {
    let row = &rows[stray];
    let predecessor_missing = !rows.iter().any(|r| r.hash == row.prev_hash);
    if written > chain_end + 1 && predecessor_missing {
        AuditBreak::Deleted { seq: row.seq, expected: chain_end + 1 }
    } else {
        AuditBreak::Inserted { seq: row.seq }
    }
}

/// The chain hash of one record, the format both hosts share: lowercase hex sha256 over
/// length-prefixed (u64 big-endian) previous hash, tenant, seq and time (i64 big-endian), record.
pub fn chain_hash(prev: &str, tenant: &TenantId, seq: i64, at_ms: i64, record: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [prev.as_bytes(), tenant.as_str().as_bytes(), &seq.to_be_bytes(), &at_ms.to_be_bytes(), record.as_bytes()] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::sqlite::SqliteBackend;

    fn entry(n: u32) -> AuditEntry {
        AuditEntry {
            provider: "offline".into(),
            model: "offline-template".into(),
            region: "local".into(),
            request_digest: "ab".repeat(32),
            input_tokens: n,
            output_tokens: 2,
            redactions: [("email".to_string(), 3)].into(),
            outcome: "ok".into(),
            latency_ms: 12,
        }
    }

    /// A log with `n` records for tenant `a`, at times 1000, 1001, …; and a raw connection to
    /// tamper with.
    fn log_with(n: u32) -> (tempfile::TempDir, rusqlite::Connection, AuditLog, TenantId) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let log = AuditLog::new(Arc::new(SqliteBackend::open(&path).unwrap()), AuditKey::new([9; 32]));
        let tenant = TenantId::new("a").unwrap();
        for i in 0..n {
            log.append(&tenant, 1000 + u64::from(i), &entry(i)).unwrap();
        }
        (dir, rusqlite::Connection::open(path).unwrap(), log, tenant)
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let (_d, _db, log, tenant) = log_with(4);
        assert_eq!(log.verify(&tenant).unwrap(), Ok(4));
        assert_eq!(log.verify(&TenantId::new("other").unwrap()).unwrap(), Ok(0));
    }

    /// The id of `tenant`'s last record, as a witness.
    fn last_id(log: &AuditLog, tenant: &TenantId) -> Witness {
        record_id(&log.tail(tenant, 1).unwrap()[0]).parse().unwrap()
    }

    #[test]
    fn a_witness_tells_a_cut_off_tail_from_a_shorter_chain() {
        let (_d, db, log, tenant) = log_with(4);
        let witness = last_id(&log, &tenant);
        let verified = log.verify_against(&tenant, Some(&witness)).unwrap().unwrap();
        assert_eq!((verified.records, verified.witness_checked, verified.last), (4, true, Some(record_id(&log.tail(&tenant, 1).unwrap()[0]))));
        db.execute("DELETE FROM audit WHERE seq >= 3", []).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Ok(2), "alone, the shorter chain looks whole");
        assert_eq!(log.verify_against(&tenant, Some(&witness)).unwrap(), Err(AuditBreak::Truncated { witnessed: 4, last: 2 }));
        // New records written since fill the places, not the witness's record.
        for i in 0..3 {
            log.append(&tenant, 2000 + i, &entry(7)).unwrap();
        }
        assert_eq!(log.verify(&tenant).unwrap(), Ok(5));
        assert_eq!(log.verify_against(&tenant, Some(&witness)).unwrap(), Err(AuditBreak::Rewritten { seq: 4 }));
    }

    #[test]
    fn a_witness_older_than_the_anchor_is_reported_unchecked() {
        let (_d, _db, log, tenant) = log_with(4);
        let ids: Vec<String> = log.tail(&tenant, 4).unwrap().iter().map(record_id).collect();
        assert_eq!(log.purge(RETENTION_MS + 1002).unwrap(), 2, "records 1 and 2 go; 2 is the anchor");
        let checked: Vec<bool> = ids.iter().map(|id| log.verify_against(&tenant, Some(&id.parse().unwrap())).unwrap().unwrap().witness_checked).collect();
        assert_eq!(checked, [false, true, true, true], "record 1 was purged: not checked; 2 is the anchor");
        let other_anchor: Witness = format!("2-{}", "0".repeat(16)).parse().unwrap();
        assert_eq!(log.verify_against(&tenant, Some(&other_anchor)).unwrap(), Err(AuditBreak::Rewritten { seq: 2 }));
    }

    #[test]
    fn a_witness_must_be_a_record_id() {
        for bad in ["", "4", "4-", "x-0123456789abcdef", "0-0123456789abcdef", "4-0123456789ABCDEF", "4-0123456789abcde", "4-0123456789abcdefa"] {
            assert!(matches!(bad.parse::<Witness>(), Err(AuditError::Witness(_))), "{bad:?}");
        }
        assert_eq!("4-0123456789abcdef".parse::<Witness>().unwrap(), Witness { seq: 4, hash_prefix: "0123456789abcdef".into() });
    }

    #[test]
    fn detects_an_edited_record() {
        let (_d, db, log, tenant) = log_with(4);
        db.execute("UPDATE audit SET record = replace(record, '\"email\":3', '\"email\":0') WHERE seq = 2", []).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Edited { seq: 2 }));
    }

    #[test]
    fn detects_a_deleted_record() {
        let (_d, db, log, tenant) = log_with(4);
        db.execute("DELETE FROM audit WHERE seq = 2", []).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Deleted { seq: 3, expected: 2 }));
    }

    #[test]
    fn detects_reordered_records() {
        let (_d, db, log, tenant) = log_with(4);
        db.execute_batch("UPDATE audit SET seq = 99 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 99;").unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Reordered { first: 2, second: 3 }));
    }

    #[test]
    fn a_forged_record_with_a_wrong_hash_reads_as_edited() {
        let (_d, db, log, tenant) = log_with(3);
        // A forged record claiming to follow record 3, with a hash that is not the chain's.
        db.execute(
            "INSERT INTO audit (tenant, seq, at_ms, record, prev_hash, hash) VALUES ('a', 4, 2000, '{}', ?1, ?1)",
            ["ff".repeat(32)],
        )
        .unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Edited { seq: 4 }));
    }

    #[test]
    fn detects_a_well_formed_record_inserted_in_the_middle() {
        let (_d, db, log, tenant) = log_with(3);
        // Renumber 2 and 3 to make room, then insert a record that hashes correctly as number 2
        // after record 1: the genuine records no longer link to it.
        db.execute_batch("UPDATE audit SET seq = seq + 10 WHERE seq >= 2; UPDATE audit SET seq = seq - 9 WHERE seq >= 12;").unwrap();
        let prev: String = db.query_row("SELECT hash FROM audit WHERE seq = 1", [], |r| r.get(0)).unwrap();
        let forged = chain_hash(&prev, &tenant, 2, 1500, "{}");
        // Even tagged with the key (an insider holding it), the chain gives it away.
        let tag = log.key.tag(&tenant, &forged);
        db.execute("INSERT INTO audit (tenant, seq, at_ms, record, prev_hash, hash, tag) VALUES ('a', 2, 1500, '{}', ?1, ?2, ?3)", [&prev, &forged, &tag]).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Inserted { seq: 2 }));
    }

    #[test]
    fn a_record_appended_with_a_correct_hash_but_without_the_key_is_forged() {
        let (_d, db, log, tenant) = log_with(3);
        // What the plain chain could not tell: a record linked and hashed exactly as the host would.
        let prev: String = db.query_row("SELECT hash FROM audit WHERE seq = 3", [], |r| r.get(0)).unwrap();
        let forged = chain_hash(&prev, &tenant, 4, 2000, "{}");
        let guessed = AuditKey::new([1; 32]).tag(&tenant, &forged);
        db.execute("INSERT INTO audit (tenant, seq, at_ms, record, prev_hash, hash, tag) VALUES ('a', 4, 2000, '{}', ?1, ?2, ?3)", [&prev, &forged, &guessed]).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Forged { seq: 4 }));
    }

    #[test]
    fn a_record_rewritten_with_its_hash_recomputed_is_forged() {
        let (_d, db, log, tenant) = log_with(2);
        let (prev, record): (String, String) = db.query_row("SELECT prev_hash, record FROM audit WHERE seq = 2", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        let record = record.replace("\"email\":3", "\"email\":0");
        let rehashed = chain_hash(&prev, &tenant, 2, 1001, &record);
        db.execute("UPDATE audit SET record = ?1, hash = ?2 WHERE seq = 2", [&record, &rehashed]).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Forged { seq: 2 }));
    }

    #[test]
    fn the_tag_is_the_documented_hmac_shared_with_the_javascript_host() {
        // The same vector is in js/test/audit.test.js.
        let tag = AuditKey::new([9; 32]).tag(&TenantId::new("acme").unwrap(), &"0".repeat(64));
        assert_eq!(tag, "fc34d2d8e42c6c2d39f9f8732c29df083b39493eb67d047a48ab14fb803aa0d5");
    }

    #[test]
    fn a_tag_is_bound_to_its_tenant() {
        let (_d, db, log, tenant) = log_with(1);
        let (hash, tag): (String, String) = db.query_row("SELECT hash, tag FROM audit WHERE seq = 1", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert!(log.key.verifies(&tenant, &hash, &tag));
        assert!(!log.key.verifies(&TenantId::new("b").unwrap(), &hash, &tag));
        assert!(!AuditKey::new([8; 32]).verifies(&tenant, &hash, &tag), "another key does not verify it");
    }

    #[test]
    fn an_anchor_moved_without_the_key_is_forged() {
        let (_d, db, log, tenant) = log_with(5);
        log.purge(1002 + RETENTION_MS).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Ok(3));
        // Deleting record 3 and re-anchoring on it would hide the deletion, were the anchor untagged.
        let hash: String = db.query_row("SELECT hash FROM audit WHERE seq = 3", [], |r| r.get(0)).unwrap();
        db.execute("DELETE FROM audit WHERE seq = 3", []).unwrap();
        db.execute("UPDATE audit_anchor SET seq = 3, hash = ?1", [&hash]).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Forged { seq: 3 }));
    }

    #[test]
    fn a_record_tag_cannot_pass_for_an_anchor_tag() {
        // Never purged: delete records 1 to 3 and anchor the rest on record 3 with its own tag.
        let (_d, db, log, tenant) = log_with(5);
        let (hash, tag): (String, String) = db.query_row("SELECT hash, tag FROM audit WHERE seq = 3", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        db.execute("DELETE FROM audit WHERE seq <= 3", []).unwrap();
        db.execute("INSERT INTO audit_anchor (tenant, seq, hash, tag) VALUES ('a', 3, ?1, ?2)", [&hash, &tag]).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Forged { seq: 3 }));
        // Nor does an empty tag pass: the anchor then reads as untagged.
        db.execute("UPDATE audit_anchor SET tag = ''", []).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Untagged { first: 3, last: 3 }));
    }

    #[test]
    fn an_untagged_record_after_a_tagged_one_is_forged() {
        let (_d, db, log, tenant) = log_with(3);
        let prev: String = db.query_row("SELECT hash FROM audit WHERE seq = 3", [], |r| r.get(0)).unwrap();
        let forged = chain_hash(&prev, &tenant, 4, 2000, "{}");
        db.execute("INSERT INTO audit (tenant, seq, at_ms, record, prev_hash, hash, tag) VALUES ('a', 4, 2000, '{}', ?1, ?2, '')", [&prev, &forged]).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Forged { seq: 4 }));
    }

    #[test]
    fn a_purge_anchors_only_on_a_record_this_host_wrote() {
        let (_d, db, log, tenant) = log_with(5);
        // Make records 1 to 4 look old: their hashes no longer match, so the purge leaves them.
        db.execute("UPDATE audit SET at_ms = 0 WHERE seq <= 4", []).unwrap();
        assert_eq!(log.purge(10 + RETENTION_MS).unwrap(), 0, "no record of the tenant is purged");
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Edited { seq: 1 }));
    }

    #[test]
    fn untagged_records_are_reported_after_the_chain_itself_is_checked() {
        let (_d, db, log, tenant) = log_with(4);
        db.execute("UPDATE audit SET tag = ''", []).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Untagged { first: 1, last: 4 }), "a database from before tags");
        db.execute("DELETE FROM audit WHERE seq = 2", []).unwrap();
        assert_eq!(log.verify(&tenant).unwrap(), Err(AuditBreak::Deleted { seq: 3, expected: 2 }), "a real break still shows");
    }

    #[test]
    fn purging_old_records_keeps_the_rest_verifiable() {
        let (_d, db, log, tenant) = log_with(5);
        let now = 1002 + RETENTION_MS;
        assert_eq!(log.purge(now).unwrap(), 2, "records at 1000 and 1001 are older than 90 days");
        assert_eq!(log.verify(&tenant).unwrap(), Ok(3));
        let id = log.append(&tenant, now, &entry(9)).unwrap();
        assert!(id.starts_with("6-"), "{id}");
        assert_eq!(log.verify(&tenant).unwrap(), Ok(4));
        db.execute("DELETE FROM audit WHERE seq = 3", []).unwrap();
        assert!(matches!(log.verify(&tenant).unwrap(), Err(AuditBreak::Deleted { .. })), "deleting the new first record is still caught");
    }
}
