//! The storage-format parser never panics, and whatever it accepts it splits into blocks whose
//! sources put back together are the input, byte for byte.

#![no_main]

use libfuzzer_sys::fuzz_target;
use synco_guest::storage::parse_page;

fuzz_target!(|data: &[u8]| {
    let Ok(page) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(blocks) = parse_page(page) {
        let sources: String = blocks.iter().map(|block| block.source.as_str()).collect();
        assert_eq!(sources, page, "the block sources do not tile the page");
    }
});
