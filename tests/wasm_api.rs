//! The JavaScript API, run in Node by `wasm-pack test --node`: what each export returns is
//! compared with the Rust DTOs computed directly from the core, and the errors it throws.
#![cfg(target_arch = "wasm32")]

use podscope::analyze::analyze;
use podscope::api::{AnalysisDto, RuleDto};
use podscope::validate::{Options, RuleSetting};
use podscope::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const EXAMPLES: &[&str] = &[
    include_str!("../examples/decode-error.yaml"),
    include_str!("../examples/elastic-stack-sidecar.yaml"),
    include_str!("../examples/mistakes.yaml"),
    include_str!("../examples/myapp-init-containers.yaml"),
    include_str!("../examples/yellow-two-containers.yaml"),
];

/// A JavaScript value as JSON, as a consumer would see it after `JSON.stringify`.
fn json_of(value: &JsValue) -> serde_json::Value {
    let json = js_sys::JSON::stringify(value).unwrap().as_string().unwrap();
    serde_json::from_str(&json).unwrap()
}

/// The DTO as JSON, with `None` fields dropped: in JavaScript they are `undefined`.
fn expected_json<T: serde::Serialize>(dto: &T) -> serde_json::Value {
    fn drop_nulls(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.retain(|_, v| !v.is_null());
                map.values_mut().for_each(drop_nulls);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(dto).unwrap();
    drop_nulls(&mut value);
    value
}

fn error_message(error: wasm_bindgen::JsError) -> String {
    let value = JsValue::from(error);
    let error: &js_sys::Error = value.dyn_ref().expect("a JavaScript Error");
    String::from(error.message())
}

fn options(js: &str) -> tsify::Ts<podscope::api::AnalyzeOptionsDto> {
    tsify::Ts::new_unchecked(js_sys::JSON::parse(js).unwrap())
}

#[wasm_bindgen_test]
fn analyze_returns_the_analysis_dto_of_every_example() {
    for text in EXAMPLES {
        let returned = wasm::analyze(&JsValue::from_str(text), None).unwrap();
        let expected = AnalysisDto::new(text, &analyze(text, &Options::default()));
        assert!(!expected.documents.is_empty());
        assert_eq!(json_of(&returned.into()), expected_json(&expected));
    }
}

#[wasm_bindgen_test]
fn analyze_applies_the_options() {
    let text = EXAMPLES[2];
    let returned = wasm::analyze(
        &JsValue::from_str(text),
        Some(options(r#"{"rules": {"PS0005": "off", "duplicate-port-definition": "error"}, "allowPrivileged": false}"#)),
    )
    .unwrap();
    let mut core = Options {
        allow_privileged: false,
        ..Options::default()
    };
    core.rules.insert("PS0005".into(), RuleSetting::Off);
    core.rules
        .insert("duplicate-port-definition".into(), RuleSetting::Error);
    let expected = AnalysisDto::new(text, &analyze(text, &core));
    assert!(expected.diagnostics.iter().all(|d| d.code != "PS0005"));
    assert_eq!(json_of(&returned.into()), expected_json(&expected));
}

#[wasm_bindgen_test]
fn bad_arguments_are_errors_with_a_message() {
    let text = JsValue::from_str(EXAMPLES[2]);
    let cases = [
        (r#"{"rulez": {}}"#, "unknown field `rulez`"),
        (r#"{"rules": {"PS9999": "off"}}"#, "unknown rule \"PS9999\""),
        (r#"{"rules": {"PS0005": "warn"}}"#, "unknown variant `warn`"),
        (r#"{"allowPrivileged": "yes"}"#, "invalid type"),
        ("[]", "options must be a plain object"),
        ("5", "options must be a plain object"),
    ];
    for (js, expected) in cases {
        let message = error_message(wasm::analyze(&text, Some(options(js))).unwrap_err());
        assert!(message.contains(expected), "{js}: {message}");
    }
    let message = error_message(wasm::analyze(&JsValue::from_f64(1.0), None).unwrap_err());
    assert!(message.contains("must be a string"), "{message}");
    // And the module still works.
    assert!(wasm::analyze(&text, None).is_ok());
}

#[wasm_bindgen_test]
fn rules_and_version() {
    let returned: Vec<serde_json::Value> = wasm::rules()
        .unwrap()
        .into_iter()
        .map(|rule| json_of(&rule.into()))
        .collect();
    let expected: Vec<serde_json::Value> = RuleDto::all().iter().map(expected_json).collect();
    assert!(returned.len() > 200);
    assert_eq!(returned, expected);
    assert_eq!(wasm::version(), env!("CARGO_PKG_VERSION"));
}

/// `render` returns exactly what the core draws, for the options as JavaScript passes them.
#[wasm_bindgen_test]
fn render_returns_the_core_drawing_in_every_view_format_and_theme() {
    use podscope::diagram::{Format, RenderOptions, Theme, View};
    for text in EXAMPLES.iter().filter(|t| t.contains("kind: Pod")) {
        let analysis = analyze(text, &Options::default());
        for (view, view_name) in [(View::Pod, "pod"), (View::Timeline, "timeline")] {
            for (format, format_name) in [
                (Format::Svg, "svg"),
                (Format::Mermaid, "mermaid"),
                (Format::Dot, "dot"),
                (Format::Json, "json"),
            ] {
                for (theme, theme_name) in [(Theme::Light, "light"), (Theme::Dark, "dark")] {
                    let core = podscope::diagram::render(
                        text,
                        &analysis,
                        &RenderOptions {
                            document: None,
                            view,
                            format,
                            theme,
                        },
                    )
                    .expect("the core draws every pod of the examples");
                    let js_options = format!(
                        r#"{{"view":"{view_name}","format":"{format_name}","theme":"{theme_name}"}}"#
                    );
                    let drawn = wasm::render(
                        &JsValue::from_str(text),
                        Some(tsify::Ts::new_unchecked(
                            js_sys::JSON::parse(&js_options).unwrap(),
                        )),
                    )
                    .map_err(error_message)
                    .expect("render draws what the core draws");
                    assert_eq!(drawn, core, "{js_options}");
                    if format == Format::Svg {
                        assert!(drawn.starts_with("<svg"), "{js_options}");
                    }
                }
            }
        }
    }
}

/// Columns count UTF-16 code units: the ranges index the JavaScript string itself.
#[wasm_bindgen_test]
fn ranges_are_utf16_positions_in_the_javascript_string() {
    let text = "# Café ☕ 日本語 😀😀\napiVersion: v1\nkind: Pod\nmetadata:\n  name: café-😀  # ünïcödé\nspec:\n  containers:\n  - name: app\n    image: \"日本/app\"\n    env:\n    - name: GREETING\n      value: \"¡hola 👋!\"\n    - name: X\n      valueFrom: {}\n";
    let js_text = js_sys::JsString::from(text);
    let analysis = wasm::analyze(&JsValue::from_str(text), None).unwrap();
    let diagnostics = json_of(&analysis.into())["diagnostics"].clone();
    let name_error = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "metadata.name")
        .expect("an error on the name");
    let range = &name_error["range"];
    let start = range["startOffset"].as_u64().unwrap() as u32;
    let end = range["endOffset"].as_u64().unwrap() as u32;
    assert_eq!(String::from(js_text.slice(start, end)), "café-😀");
    assert_eq!(range["start"]["line"], 5);
    // "  name: " is 8 code units; the value starts at column 9 and ends after 7 more ("😀" is 2).
    assert_eq!(range["start"]["column"], 9);
    assert_eq!(range["end"]["column"], 16);
    assert_eq!(js_text.index_of("café-😀", 0) as u64, u64::from(start));
}
