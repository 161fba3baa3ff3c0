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

fn ts<T: tsify::Tsify>(js: &str) -> tsify::Ts<T> {
    tsify::Ts::new_unchecked(js_sys::JSON::parse(js).unwrap())
}

fn workspace(js: &str) -> wasm::Workspace {
    wasm::Workspace::new(Some(ts(js)))
        .map_err(error_message)
        .unwrap()
}

/// The SVG of the pod view of the last analysis.
fn svg_of(workspace: &wasm::Workspace) -> String {
    workspace
        .render(Some(ts(r#"{"format": "svg"}"#)))
        .map_err(error_message)
        .unwrap()
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

/// A workspace answers `analyze` as the stateless function does, and draws the last analysis:
/// with its own options, the same picture the core draws for that analysis.
#[wasm_bindgen_test]
fn a_workspace_analyses_with_its_options_and_draws_the_last_analysis() {
    use podscope::diagram::{Format, RenderOptions, Theme, View};
    let text = EXAMPLES[2];
    let js = r#"{"rules": {"PS0005": "off", "duplicate-port-definition": "error"}, "allowPrivileged": false, "profile": "all"}"#;
    let mut ws = workspace(js);
    let stateless = json_of(
        &wasm::analyze(&JsValue::from_str(text), Some(options(js)))
            .unwrap()
            .into(),
    );
    let analysed = json_of(&ws.analyze(&JsValue::from_str(text)).unwrap().into());
    assert_eq!(analysed, stateless);
    let mut core = Options {
        allow_privileged: false,
        profile: podscope::lint::Profile::All,
        ..Options::default()
    };
    core.rules.insert("PS0005".into(), RuleSetting::Off);
    core.rules
        .insert("duplicate-port-definition".into(), RuleSetting::Error);
    let analysis = analyze(text, &core);
    assert_eq!(analysed, expected_json(&AnalysisDto::new(text, &analysis)));
    for (view, name) in [(View::Pod, "pod"), (View::Timeline, "timeline")] {
        let expected = podscope::diagram::render(
            text,
            &analysis,
            &RenderOptions {
                document: None,
                view,
                format: Format::Svg,
                theme: Theme::Dark,
            },
        )
        .unwrap();
        let drawn = ws
            .render(Some(ts(&format!(
                r#"{{"view": "{name}", "theme": "dark"}}"#
            ))))
            .map_err(error_message)
            .unwrap();
        assert_eq!(drawn, expected, "{name}");
    }
    // The stateless render takes both kinds of options and draws the same.
    let combined = r#"{"rules": {"PS0005": "off", "duplicate-port-definition": "error"}, "allowPrivileged": false, "profile": "all", "theme": "dark"}"#;
    assert_eq!(
        wasm::render(&JsValue::from_str(text), Some(ts(combined)))
            .map_err(error_message)
            .unwrap(),
        ws.render(Some(ts(r#"{"theme": "dark"}"#)))
            .map_err(error_message)
            .unwrap()
    );
}

/// The diagram's finding chips follow the rule settings: a rule turned off leaves the picture, one
/// made an error is drawn as an error.
#[wasm_bindgen_test]
fn the_diagram_honours_the_rule_settings() {
    let text = JsValue::from_str(EXAMPLES[2]);
    let chip = "duplicate-port-definition";
    let mut default = workspace("{}");
    default.analyze(&text).unwrap();
    let svg = svg_of(&default);
    assert!(
        svg.contains(&format!("⚠ {chip}")),
        "a warning chip by default"
    );

    let mut off = workspace(r#"{"rules": {"PS3016": "off"}}"#);
    off.analyze(&text).unwrap();
    let svg = svg_of(&off);
    assert!(
        !svg.contains(chip) && !svg.contains("PS3016"),
        "no chip when off"
    );

    let mut error = workspace(r#"{"rules": {"duplicate-port-definition": "error"}}"#);
    error.analyze(&text).unwrap();
    assert!(
        svg_of(&error).contains(&format!("✖ {chip}")),
        "an error chip"
    );

    // The stateless render honours the same settings.
    let drawn = wasm::render(
        &text,
        Some(ts(r#"{"rules": {"PS3016": "off"}, "format": "svg"}"#)),
    )
    .map_err(error_message)
    .unwrap();
    assert_eq!(drawn, svg_of(&off));
}

/// Rendering draws what was analysed last, not what came before it; before any analysis it is an
/// error that says what to do.
#[wasm_bindgen_test]
fn render_draws_the_last_analysis() {
    let mut ws = workspace("{}");
    let message = error_message(ws.render(None).unwrap_err());
    assert!(message.contains("call analyze(text) first"), "{message}");
    ws.analyze(&JsValue::from_str(EXAMPLES[2])).unwrap();
    let mistakes = svg_of(&ws);
    ws.analyze(&JsValue::from_str(EXAMPLES[1])).unwrap();
    let sidecar = svg_of(&ws);
    assert_ne!(sidecar, mistakes);
    assert!(sidecar.contains("container:sidecar"));
    // A text with no pod: render says so, and analysing a pod again draws it.
    ws.analyze(&JsValue::from_str(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
    ))
    .unwrap();
    assert!(ws.render(None).is_err());
    ws.analyze(&JsValue::from_str(EXAMPLES[1])).unwrap();
    assert_eq!(svg_of(&ws), sidecar);
}

/// Options are validated once, when the workspace is made; the error names the bad key.
#[wasm_bindgen_test]
fn a_workspace_with_bad_options_is_an_error_naming_the_key() {
    let cases = [
        (r#"{"rulez": {}}"#, "unknown field `rulez`"),
        (r#"{"rules": {"PS9999": "off"}}"#, "unknown rule \"PS9999\""),
        (r#"{"rules": {"PS0005": "warn"}}"#, "unknown variant `warn`"),
        (r#"{"podSecurity": "strict"}"#, "unknown variant `strict`"),
        ("[]", "options must be a plain object"),
    ];
    for (js, expected) in cases {
        let Err(error) = wasm::Workspace::new(Some(ts(js))) else {
            panic!("{js} is accepted");
        };
        let message = error_message(error);
        assert!(message.starts_with("Workspace: "), "{message}");
        assert!(message.contains(expected), "{js}: {message}");
    }
    assert!(wasm::Workspace::new(None).is_ok());
    let mut ws = workspace("{}");
    let message = error_message(ws.render(Some(ts(r#"{"format": "png"}"#))).unwrap_err());
    assert!(message.contains("unknown variant `png`"), "{message}");
    let message = error_message(ws.analyze(&JsValue::from_f64(1.0)).unwrap_err());
    assert!(message.contains("must be a string"), "{message}");
    let message = error_message(
        wasm::render(
            &JsValue::from_str(EXAMPLES[2]),
            Some(ts(r#"{"rules": {"nope": "off"}}"#)),
        )
        .unwrap_err(),
    );
    assert!(message.contains("unknown rule \"nope\""), "{message}");
}

#[wasm_bindgen_test]
fn unknown_rules_names_the_keys_that_name_no_rule() {
    let keys = [
        "PS3016",
        "duplicate-port-definition",
        "PS9999",
        "duplicate-port",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(
        wasm::unknown_rules(keys).ok().unwrap(),
        ["PS9999", "duplicate-port"]
    );
    assert!(wasm::unknown_rules(Vec::new()).ok().unwrap().is_empty());
}
