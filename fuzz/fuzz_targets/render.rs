//! Graph building and rendering: the app view in every format, and every view × format × theme
//! of the first pod, and of every document by index (as the page and `podscope graph --document N`, counted from 1, do).
#![no_main]

use libfuzzer_sys::fuzz_target;
use podscope::analyze::analyze;
use podscope::diagram::{Format, RenderOptions, Theme, View, render};
use podscope::validate::Options;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let analysis = analyze(text, &Options::default());
    let _ = podscope::graph::graphs(&analysis);
    // The app view draws the whole input (every format, one theme each).
    for format in [Format::Svg, Format::Mermaid, Format::Dot, Format::Json] {
        let options = RenderOptions {
            document: None,
            view: View::App,
            format,
            theme: Theme::Dark,
        };
        if let Ok(out) = render(text, &analysis, &options)
            && format == Format::Json
        {
            serde_json::from_str::<serde_json::Value>(&out).expect("app diagram JSON parses");
        }
    }
    let mut documents: Vec<Option<usize>> = vec![None];
    documents.extend(analysis.documents.iter().take(4).map(|d| Some(d.index)));
    documents.push(Some(usize::MAX));
    for document in documents {
        for view in [View::Pod, View::Timeline] {
            for format in [Format::Svg, Format::Mermaid, Format::Dot, Format::Json] {
                for theme in [Theme::Light, Theme::Dark] {
                    // Themes only change SVG and DOT; skip repeating the others.
                    if theme == Theme::Dark && matches!(format, Format::Mermaid | Format::Json) {
                        continue;
                    }
                    let options = RenderOptions {
                        document,
                        view,
                        format,
                        theme,
                    };
                    if let Ok(out) = render(text, &analysis, &options) {
                        if format == Format::Json {
                            serde_json::from_str::<serde_json::Value>(&out)
                                .expect("diagram JSON parses");
                        }
                    } else if document.is_none() {
                        // No pod anywhere: no other document can have one either.
                        return;
                    }
                }
            }
        }
    }
});
