//! P1: what tenant A puts through a capability is invisible to tenant B through every capability:
//! the store (see also `hostile_guest.rs`), the KMS (envelopes and digests), the model's audit
//! chain and the related-page index.

use synco_tests::{command, engine, example_request, hostile_engine, tenant};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn an_envelope_sealed_for_one_tenant_does_not_open_for_another() {
    let home = tempfile::tempdir().unwrap();
    let engine = hostile_engine(home.path());
    let sealed = engine.capabilities().kms.seal(&tenant("alpha"), "page-index", "probe/key", b"alpha's excerpt").unwrap();
    let as_alpha = engine.sync(&tenant("alpha"), &command(&format!("open:{}", hex(&sealed)))).unwrap().page;
    let as_beta = engine.sync(&tenant("beta"), &command(&format!("open:{}", hex(&sealed)))).unwrap().page;
    assert_eq!(as_alpha, "opened:alpha's excerpt");
    assert_eq!(as_beta, "refused:KmsError::Unauthentic");
}

#[test]
fn the_same_data_digests_differently_per_tenant() {
    let home = tempfile::tempdir().unwrap();
    let engine = hostile_engine(home.path());
    let digest = |who: &str| engine.sync(&tenant(who), &command("digest:page:1001")).unwrap().page;
    assert_eq!(digest("alpha"), digest("alpha"));
    assert_ne!(digest("alpha"), digest("beta"));
    assert_eq!(digest("alpha").len(), 64);
}

#[test]
fn audit_chains_are_per_tenant() {
    let home = tempfile::tempdir().unwrap();
    let engine = engine(home.path());
    let audit = &engine.capabilities().audit;
    engine.sync(&tenant("alpha"), &example_request()).unwrap();
    engine.sync(&tenant("alpha"), &example_request()).unwrap();
    let beta = engine.sync(&tenant("beta"), &example_request()).unwrap();
    assert!(beta.audit_id.starts_with("1-"), "beta's chain starts at 1: {}", beta.audit_id);
    assert_eq!(audit.verify(&tenant("alpha")).unwrap(), Ok(2));
    assert_eq!(audit.verify(&tenant("beta")).unwrap(), Ok(1));
}
