//! The Forge and Atlassian REST stand-in as a process, for `cargo xtask bench-serve`: prints one
//! JSON line — its URL, its JWKS URL and valid tokens for two installations (`calm`, `noisy`) —
//! then serves until killed.

use synco_tests::forge::{self, Forge};

fn main() {
    let forge = Forge::start();
    let line = serde_json::json!({
        "url": forge.url,
        "jwks": forge.jwks_url(),
        "app_ari": forge::APP_ARI,
        "system_token": forge::SYSTEM_TOKEN,
        "calm": forge::token("0f2d7e1c-3b4a-4c5d-8e6f-7a8b9c0d1e2f", &forge.url),
        "noisy": forge::token("11111111-2222-4333-8444-555555555555", &forge.url),
        "loop_issue": forge::LOOP_ISSUE,
    });
    println!("{line}");
    loop {
        std::thread::park();
    }
}
