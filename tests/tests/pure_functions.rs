//! The pure interfaces need no capability: with every import of the component — our capabilities
//! and WASI alike — defined as a trap, the document, ranking and prompt functions still answer.
//! (Diff, merge and redaction also touch no capability, but std's `HashMap` asks WASI once for a
//! hash seed, which this test deliberately refuses.)

use synco_host::bindings::Engine as Bindings;
use synco_host::bindings::exports::synco::engine::prompt::PromptInput;
use synco_host::bindings::synco::engine::types::Provider;
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, Store};

#[test]
fn pure_functions_run_with_every_import_trapping() {
    let mut config = Config::new();
    config.wasm_simd(true);
    let engine = Engine::new(&config).unwrap();
    let component = Component::from_file(&engine, synco_tests::component()).unwrap();
    let mut linker = Linker::<()>::new(&engine);
    linker.define_unknown_imports_as_traps(&component).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let bindings = Bindings::new(&mut store, &instance).unwrap();

    let issue = bindings.synco_engine_documents().call_parse_issue(&mut store, &synco_tests::example("issue.json")).unwrap().unwrap();
    assert_eq!(issue.key, "PAY-142");
    let blocks = bindings.synco_engine_documents().call_parse_page(&mut store, &synco_tests::example("page.xml")).unwrap().unwrap();
    assert!(blocks.len() > 5);
    let input = PromptInput {
        provider: Provider::Offline,
        model: "offline-template".into(),
        issue,
        current_section: String::new(),
        excerpts: Vec::new(),
        boundary: "Q7w9Zk2LmP4xR8tYabcd".into(),
    };
    let built = bindings.synco_engine_prompt().call_build(&mut store, &input).unwrap().unwrap();
    assert_eq!(built.digest.len(), 64);
}
