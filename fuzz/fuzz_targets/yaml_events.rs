//! The YAML parser alone (vendor/libyaml-safer, patched), on any bytes: events until the end or the
//! first error. The crates.io release panicked on inputs this target found.
#![no_main]
use libfuzzer_sys::fuzz_target;
fuzz_target!(|data: &[u8]| {
    let mut bytes = data;
    let mut p = libyaml_safer::Parser::new();
    p.set_input_string(&mut bytes);
    // Every event consumes input or ends the stream; the bound only guards against a loop.
    for _ in 0..1_000_000 {
        match p.parse() {
            Ok(e) => if matches!(e.data, libyaml_safer::EventData::StreamEnd) { break },
            Err(_) => break,
        }
    }
});
