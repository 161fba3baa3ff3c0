//! `analyze(text)` with the default options.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podscope::analyze::analyze;
use podscope::validate::Options;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = analyze(text, &Options::default());
});
