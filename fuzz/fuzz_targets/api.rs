//! The stateless text functions of the API and the report renderers: positions
//! (`api::Positions`), the JavaScript API's analysis result (`AnalysisDto`, serialised), the text
//! report, the corpus `reference` lines and SARIF.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podscope::analyze::analyze;
use podscope::api::{AnalysisDto, Positions};
use podscope::render::{reference_lines, sarif, text_report};
use podscope::source::Span;
use podscope::validate::Options;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Any span, even one out of range or inside a character, maps to a position.
    let positions = Positions::new(text);
    let len = text.len();
    for (a, b) in [(0, len), (len / 2, len), (len, len + 7), (1, 3)] {
        let range = positions.range(Span::new(a.min(b), b));
        assert!(range.start.line >= 1 && range.start.column >= 1);
    }
    let analysis = analyze(text, &Options::default());
    let dto = AnalysisDto::new(text, &analysis);
    let json = serde_json::to_string(&dto).expect("analysis serialises");
    serde_json::from_str::<serde_json::Value>(&json).expect("analysis JSON parses");
    for d in &dto.diagnostics {
        assert!(d.range.start_byte <= d.range.end_byte, "{d:?}");
        assert!(d.range.end_byte as usize <= len, "{d:?}");
    }
    let _ = text_report("fuzz.yaml", text, &analysis, false);
    let _ = text_report("fuzz.yaml", text, &analysis, true);
    let _ = reference_lines("fuzz.yaml", &analysis);
    let _ = sarif(&[("fuzz.yaml".to_string(), text, &analysis)]);
});
