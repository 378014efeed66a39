//! P1 against a hostile component: every attack ends in a typed error within the deadline, the
//! host is unharmed, and the next request — same tenant or another — succeeds.

use std::time::{Duration, Instant};

use synco_host::engine::{EngineError, SyncEngine};
use synco_host::sandbox::SandboxError;
use synco_tests::{command, hostile_engine, tenant};

fn run(engine: &SyncEngine, who: &str, cmd: &str) -> Result<String, EngineError> {
    engine.sync(&tenant(who), &command(cmd)).map(|o| o.page)
}

/// After an attack, the same tenant and another tenant are served normally.
fn assert_host_unharmed(engine: &SyncEngine) {
    assert_eq!(run(engine, "attacker", "ok").expect("same tenant served"), "ok");
    assert_eq!(run(engine, "bystander", "ok").expect("other tenant served"), "ok");
}

#[test]
fn an_infinite_loop_is_stopped_at_the_deadline() {
    let home = tempfile::tempdir().unwrap();
    let engine = hostile_engine(home.path());
    let start = Instant::now();
    let err = run(&engine, "attacker", "loop").unwrap_err();
    let took = start.elapsed();
    assert!(matches!(err, EngineError::Sandbox(SandboxError::Deadline(_))), "got {err:?}");
    assert!(took >= Duration::from_millis(500) && took < Duration::from_secs(3), "stopped after {took:?}");
    assert_host_unharmed(&engine);
}

#[test]
fn a_memory_bomb_hits_the_memory_cap() {
    let home = tempfile::tempdir().unwrap();
    let engine = hostile_engine(home.path());
    let err = run(&engine, "attacker", "alloc").unwrap_err();
    assert!(matches!(err, EngineError::Sandbox(SandboxError::MemoryLimit(cap)) if cap == 64 * 1024 * 1024), "got {err:?}");
    assert_host_unharmed(&engine);
}

/// Rust keeps address-taken locals on a shadow stack at the bottom of linear memory; running
/// past it is an out-of-bounds access, a trap, before the wasm stack cap is reached.
#[test]
fn unbounded_recursion_on_the_shadow_stack_traps_that_request_only() {
    let home = tempfile::tempdir().unwrap();
    let engine = hostile_engine(home.path());
    let err = run(&engine, "attacker", "recurse").unwrap_err();
    assert!(matches!(&err, EngineError::Sandbox(SandboxError::Trap(t)) if t.contains("out of bounds")), "got {err:?}");
    assert_host_unharmed(&engine);
}

#[test]
fn unbounded_recursion_on_the_wasm_stack_hits_the_stack_cap() {
    let home = tempfile::tempdir().unwrap();
    let engine = hostile_engine(home.path());
    let err = run(&engine, "attacker", "recurse-wasm").unwrap_err();
    assert!(matches!(err, EngineError::Sandbox(SandboxError::StackOverflow)), "got {err:?}");
    assert_host_unharmed(&engine);
}

#[test]
fn a_huge_output_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let engine = hostile_engine(home.path());
    let err = run(&engine, "attacker", "huge-output").unwrap_err();
    assert!(matches!(err, EngineError::Sandbox(SandboxError::OutputTooLarge { size, .. }) if size >= 8 * 1024 * 1024), "got {err:?}");
    assert_host_unharmed(&engine);
}

#[test]
fn a_panic_is_a_trap_for_that_request_only() {
    let home = tempfile::tempdir().unwrap();
    let engine = hostile_engine(home.path());
    let err = run(&engine, "attacker", "panic").unwrap_err();
    assert!(matches!(err, EngineError::Sandbox(SandboxError::Trap(_))), "got {err:?}");
    assert_host_unharmed(&engine);
}

#[test]
fn probing_the_store_finds_nothing_outside_the_tenant() {
    let home = tempfile::tempdir().unwrap();
    let engine = hostile_engine(home.path());
    assert_eq!(run(&engine, "victim", "write:victim-secret").unwrap(), "written");
    let report = run(&engine, "attacker", "probe-store").unwrap();
    let expected = [
        "list-all:Ok(0)",
        "get-probe:Ok(false)",
        "get-bad-key:true",
        "get-bad-key:true",
        "get-bad-key:true",
        "get-bad-key:true",
        "get-bad-namespace:true",
        "get-bad-namespace:true",
        "get-bad-namespace:true",
        "get-bad-namespace:true",
        "get-bad-namespace:true",
        "put-plaintext:true",
        "put-forged:true",
    ];
    assert_eq!(report.lines().collect::<Vec<_>>(), expected);
    // The victim still sees its own record.
    let own = run(&engine, "victim", "probe-store").unwrap();
    assert!(own.starts_with("list-all:Ok(1)\nget-probe:Ok(true)"), "{own}");
}

#[test]
fn a_tenant_under_attack_does_not_stop_another_tenant_in_parallel() {
    let home = tempfile::tempdir().unwrap();
    let engine = hostile_engine(home.path());
    std::thread::scope(|s| {
        let attack = s.spawn(|| run(&engine, "attacker", "loop"));
        let start = Instant::now();
        for _ in 0..20 {
            assert_eq!(run(&engine, "bystander", "ok").unwrap(), "ok");
        }
        assert!(start.elapsed() < Duration::from_millis(500), "the bystander waited for the attacker");
        assert!(attack.join().unwrap().is_err());
    });
}
