//! `analyze(text)` with every check on: Pod Security `restricted`, lint profile `all`,
//! `--allow-privileged=false`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podscope::analyze::analyze;
use podscope::lint::Profile;
use podscope::podsecurity::Level;
use podscope::validate::Options;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let options = Options {
        pod_security: Level::Restricted,
        profile: Profile::All,
        allow_privileged: false,
        ..Options::default()
    };
    let _ = analyze(text, &options);
});
