//! Rebuilds the component when the WIT contract changes (the bindings are generated from it).
fn main() {
    println!("cargo:rerun-if-changed=../../wit");
}
