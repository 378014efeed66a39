//! Rebuilds the component when the WIT contract changes (the bindings are generated from it),
//! and sets `cfg(js_engine)` when building for `wasm32-unknown-unknown`: the unit tests then run
//! under Node through `wasm-bindgen-test` (`cargo xtask test`), without the component glue and
//! without the tests that need a clock or `proptest`'s randomness.
fn main() {
    println!("cargo:rerun-if-changed=../wit");
    println!("cargo::rustc-check-cfg=cfg(js_engine)");
    if std::env::var("TARGET").is_ok_and(|t| t == "wasm32-unknown-unknown") {
        println!("cargo::rustc-cfg=js_engine");
    }
}
