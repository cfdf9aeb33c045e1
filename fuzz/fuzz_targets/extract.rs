//! Fuzz the extractor: any bytes must give text or an error, never a panic, a hang or a
//! replacement character. The extractor's sources are compiled in directly (see Cargo.toml).
#![no_main]

#[allow(dead_code)]
#[path = "../../src/normalize.rs"]
mod normalize;

#[allow(dead_code)]
#[path = "../../src/model.rs"]
mod model;

#[allow(dead_code)]
#[path = "../../src/extract/mod.rs"]
mod extract;

use libfuzzer_sys::fuzz_target;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    let limits = extract::Limits {
        max_stream_bytes: 16 * 1024 * 1024,
        max_ops_per_page: 200_000,
        timeout: Duration::from_secs(10),
        ..extract::Limits::default()
    };
    if let Ok(x) = extract::extract(data, &limits) {
        for p in &x.pages {
            assert!(!p.body.contains('\u{FFFD}'));
            assert!(!p.header.contains('\u{FFFD}'));
            assert!(!p.footer.contains('\u{FFFD}'));
        }
    }
});
