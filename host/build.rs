//! Records the resolved wasmtime version (from the workspace's Cargo.lock) for the precompiled
//! component cache key, so an upgraded wasmtime never loads a stale artifact.

fn main() {
    let lock = std::fs::read_to_string("../Cargo.lock").unwrap_or_default();
    let version = lock
        .split("[[package]]")
        .find(|pkg| pkg.contains("\nname = \"wasmtime\"\n"))
        .and_then(|pkg| pkg.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_string())
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=SYNCO_WASMTIME_VERSION={version}");
    println!("cargo:rerun-if-changed=../Cargo.lock");
}
