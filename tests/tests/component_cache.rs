//! The component is compiled once and cached as a precompiled artifact keyed by its sha256, the
//! wasmtime version and the engine configuration; a changed component never loads a stale one.

use synco_host::engine::SyncEngine;
use synco_tests::{component, config, hostile_component};

#[test]
fn the_second_start_loads_the_precompiled_component() {
    let home = tempfile::tempdir().unwrap();
    let mut cfg = config(home.path(), component());
    cfg.cache_dir = home.path().join("cache");
    assert!(!SyncEngine::open(cfg.clone()).unwrap().sandbox().loaded_from_cache());
    assert!(SyncEngine::open(cfg.clone()).unwrap().sandbox().loaded_from_cache());
    let artifacts: Vec<_> = std::fs::read_dir(&cfg.cache_dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(artifacts.len(), 1);
    assert!(artifacts[0].contains(&format!("-wasmtime{}-", synco_host::WASMTIME_VERSION)), "{artifacts:?}");
}

#[test]
fn a_different_component_is_compiled_not_loaded_from_another_ones_cache() {
    let home = tempfile::tempdir().unwrap();
    let mut cfg = config(home.path(), component());
    cfg.cache_dir = home.path().join("cache");
    SyncEngine::open(cfg.clone()).unwrap();
    cfg.component = hostile_component();
    assert!(!SyncEngine::open(cfg).unwrap().sandbox().loaded_from_cache());
}

#[test]
fn a_corrupt_cache_file_is_replaced_by_a_fresh_compile() {
    let home = tempfile::tempdir().unwrap();
    let mut cfg = config(home.path(), component());
    cfg.cache_dir = home.path().join("cache");
    SyncEngine::open(cfg.clone()).unwrap();
    for entry in std::fs::read_dir(&cfg.cache_dir).unwrap() {
        std::fs::write(entry.unwrap().path(), b"not a precompiled component").unwrap();
    }
    let engine = SyncEngine::open(cfg.clone()).unwrap();
    assert!(!engine.sandbox().loaded_from_cache());
    assert!(SyncEngine::open(cfg).unwrap().sandbox().loaded_from_cache(), "the cache was rewritten");
}
