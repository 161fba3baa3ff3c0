//! The JavaScript API (`npm install podscope`): the only `#[wasm_bindgen]` code.
//!
//! Every function validates what JavaScript hands it and reports a problem as a JS `Error`; the
//! core itself never panics on any text. Should a bug panic anyway, the panic hook throws an
//! `Error` with the message instead of trapping, and schedules a fresh instance for the next call,
//! so the module stays usable (`panic = "abort"` leaves the old instance's memory unreliable).

use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::analyze::analyze as analyze_text;
use crate::api::{AnalysisDto, AnalyzeOptionsDto, RenderOptionsDto, RuleDto};

/// Installs the panic hook once per instance (a fresh instance after a reinit installs it again).
fn guard_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            wasm_bindgen::handler::schedule_reinit();
            wasm_bindgen::throw_str(&format!(
                "podscope internal error (please report it with the input): {info}"
            ));
        }));
    });
}

/// Analyses a manifest (YAML or JSON, one or more documents): every document with its verdict,
/// every diagnostic with its range, and the graph of every pod.
#[wasm_bindgen]
pub fn analyze(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    options: Option<Ts<AnalyzeOptionsDto>>,
) -> Result<Ts<AnalysisDto>, JsError> {
    guard_panics();
    let text = text_argument("analyze", text)?;
    let options: AnalyzeOptionsDto = options_argument("analyze", options.map(JsValue::from))?;
    let options = options
        .to_options()
        .map_err(|e| JsError::new(&format!("analyze: {e}")))?;
    let analysis = analyze_text(&text, &options);
    Ok(AnalysisDto::new(&text, &analysis).into_ts()?)
}

/// Draws the pod of one document: SVG, Mermaid, DOT or JSON, as a string.
#[wasm_bindgen]
pub fn render(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    options: Option<Ts<RenderOptionsDto>>,
) -> Result<String, JsError> {
    guard_panics();
    let text = text_argument("render", text)?;
    let options: RenderOptionsDto = options_argument("render", options.map(JsValue::from))?;
    let analysis = analyze_text(&text, &crate::validate::Options::default());
    crate::diagram::render(&text, &analysis, &options.to_options())
        .map_err(|e| JsError::new(&format!("render: {e}")))
}

/// Every rule Podscope can report, in code order.
#[wasm_bindgen]
pub fn rules() -> Result<Vec<Ts<RuleDto>>, JsError> {
    guard_panics();
    Ok(RuleDto::all()
        .iter()
        .map(RuleDto::into_ts)
        .collect::<Result<_, _>>()?)
}

/// The version of Podscope (the crate's and the npm package's).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn text_argument(function: &str, text: &JsValue) -> Result<String, JsError> {
    text.as_string().ok_or_else(|| {
        JsError::new(&format!(
            "{function}: the manifest text must be a string (decode bytes with TextDecoder first)"
        ))
    })
}

/// Options go through JSON so that serde sees every key: a misspelt option is an error, not ignored.
fn options_argument<T: serde::de::DeserializeOwned + Default>(
    function: &str,
    options: Option<JsValue>,
) -> Result<T, JsError> {
    let Some(options) = options.filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok(T::default());
    };
    let json = (options.is_object() && !js_sys::Array::is_array(&options))
        .then(|| js_sys::JSON::stringify(&options).ok())
        .flatten()
        .and_then(|json| json.as_string())
        .ok_or_else(|| JsError::new(&format!("{function}: options must be a plain object")))?;
    serde_json::from_str(&json)
        .map_err(|e| JsError::new(&format!("{function}: invalid options: {e}")))
}

/// A deliberate panic, so the tests can check that a bug reaches JavaScript as an `Error` and
/// that the next call works. Only in builds with the `panic-probe` feature, never in the package.
#[cfg(feature = "panic-probe")]
#[wasm_bindgen(js_name = "__panicProbe")]
pub fn panic_probe() {
    guard_panics();
    panic!("panic probe");
}
