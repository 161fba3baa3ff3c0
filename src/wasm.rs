//! The JavaScript API (`npm install podscope`): the only `#[wasm_bindgen]` code.
//!
//! Every function validates what JavaScript hands it and reports a problem as a JS `Error`; the
//! core itself never panics on any text. Should a bug panic anyway, the panic hook throws an
//! `Error` with the message instead of trapping, and schedules a fresh instance for the next call,
//! so the module stays usable (`panic = "abort"` leaves the old instance's memory unreliable).
//!
//! A trap skips the panic hook: running out of memory aborts (`unreachable`), and a 4 GiB
//! instance would fail every later call. So each call marks itself as running and unmarks itself
//! when it returns; a call that finds the mark of one that never returned schedules a fresh
//! instance and throws an `Error` starting with [`TRAPPED`]. Front ends call once more on that
//! error and get the fresh instance (the page and the VS Code extension do).

use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::analyze::{Analysis, analyze as analyze_text};
use crate::api::{
    AnalysisDto, AnalyzeOptionsDto, AnalyzeRenderOptionsDto, RenderOptionsDto, RuleDto,
};
use crate::options::Options;

/// How the error after a trap starts, for front ends that retry on it.
pub const TRAPPED: &str = "podscope: the previous call stopped with a trap";

static RUNNING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Marks a call as running until it returns (see the module's documentation).
struct Running;

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.store(false, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Starts a call: the panic hook, and the check for an earlier call that trapped.
fn enter() -> Result<Running, JsError> {
    guard_panics();
    if RUNNING.swap(true, std::sync::atomic::Ordering::Relaxed) {
        wasm_bindgen::handler::schedule_reinit();
        return Err(JsError::new(&format!(
            "{TRAPPED} (out of memory, or a bug); this instance is replaced: call again"
        )));
    }
    Ok(Running)
}

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

/// A session of analyses with one set of options, validated once: `analyze(text)` keeps the
/// analysis, and `render` draws a document of that analysis without parsing the text again, so
/// the diagram shows exactly what `analyze` found with these options. Make a new one when the
/// options change.
#[wasm_bindgen]
pub struct Workspace {
    options: Options,
    /// The text last analysed, and its analysis.
    last: Option<(String, Analysis)>,
}

#[wasm_bindgen]
impl Workspace {
    /// Validates the options (the same as `analyze`'s): throws an `Error` naming an unknown option
    /// or rule key, or a value it cannot take.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<Ts<AnalyzeOptionsDto>>) -> Result<Workspace, JsError> {
        let _running = enter()?;
        Workspace::with_options("Workspace", options.map(JsValue::from))
    }

    /// Analyses a manifest (YAML or JSON, one or more documents) and keeps the analysis for
    /// `render`: every document with its verdict, every diagnostic with its range, and the graph
    /// of every pod.
    pub fn analyze(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    ) -> Result<Ts<AnalysisDto>, JsError> {
        let _running = enter()?;
        let text = text_argument("analyze", text)?;
        let analysis = analyze_text(&text, &self.options);
        let dto = AnalysisDto::new(&text, &analysis).into_ts()?;
        self.last = Some((text, analysis));
        Ok(dto)
    }

    /// Draws the pod of one document of the last analysis (`analyze` first): SVG, Mermaid, DOT
    /// or JSON, as a string. Its findings are those of that analysis, with this workspace's options.
    pub fn render(&self, options: Option<Ts<RenderOptionsDto>>) -> Result<String, JsError> {
        let _running = enter()?;
        let options: RenderOptionsDto = options_argument("render", options.map(JsValue::from))?;
        self.render_last(&options.to_options())
    }
}

impl Workspace {
    fn with_options(function: &str, options: Option<JsValue>) -> Result<Workspace, JsError> {
        let options: AnalyzeOptionsDto = options_argument(function, options)?;
        let options = options
            .to_options()
            .map_err(|e| JsError::new(&format!("{function}: {e}")))?;
        Ok(Workspace {
            options,
            last: None,
        })
    }

    fn render_last(&self, options: &crate::diagram::RenderOptions) -> Result<String, JsError> {
        let (text, analysis) = self.last.as_ref().ok_or_else(|| {
            JsError::new("render: nothing analysed yet (call analyze(text) first)")
        })?;
        crate::diagram::render(text, analysis, options)
            .map_err(|e| JsError::new(&format!("render: {e}")))
    }
}

/// Analyses a manifest once: `new Workspace(options).analyze(text)`.
#[wasm_bindgen]
pub fn analyze(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    options: Option<Ts<AnalyzeOptionsDto>>,
) -> Result<Ts<AnalysisDto>, JsError> {
    guard_panics();
    // `Workspace::analyze` marks the call as running.
    Workspace::with_options("analyze", options.map(JsValue::from))?.analyze(text)
}

/// Analyses a manifest and draws the pod of one document: `new Workspace(options)`, `analyze`,
/// then `render(options)`. The options are both kinds in one object: the analysis's (`rules`,
/// `allowPrivileged`, `podSecurity`, `profile`, so the findings drawn follow them) and the
/// drawing's (`document`, `view`, `format`, `theme`).
#[wasm_bindgen]
pub fn render(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
    options: Option<Ts<AnalyzeRenderOptionsDto>>,
) -> Result<String, JsError> {
    let _running = enter()?;
    let text = text_argument("render", text)?;
    let options: AnalyzeRenderOptionsDto = options_argument("render", options.map(JsValue::from))?;
    let (analyze_options, render_options) = options.split();
    let analyze_options = analyze_options
        .to_options()
        .map_err(|e| JsError::new(&format!("render: {e}")))?;
    let workspace = Workspace {
        last: Some((text.clone(), analyze_text(&text, &analyze_options))),
        options: analyze_options,
    };
    workspace.render_last(&render_options.to_options())
}

/// The keys of a `rules` setting that name no rule (neither a code nor a name), in the order
/// given: the ones `new Workspace({rules})` would reject. An editor can drop them, say so once,
/// and go on with the rest.
#[wasm_bindgen(js_name = "unknownRules")]
#[allow(clippy::needless_pass_by_value)] // wasm-bindgen hands over a `Vec`, not a slice
pub fn unknown_rules(keys: Vec<String>) -> Result<Vec<String>, JsError> {
    let _running = enter()?;
    Ok(crate::api::unknown_rules(&keys))
}

/// Every rule Podscope can report, in code order.
#[wasm_bindgen]
pub fn rules() -> Result<Vec<Ts<RuleDto>>, JsError> {
    let _running = enter()?;
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

/// A deliberate trap, as running out of memory gives (`unreachable`, no panic hook), so the tests
/// can check that the call after it says so and the one after that works on a fresh instance.
#[cfg(feature = "panic-probe")]
#[wasm_bindgen(js_name = "__trapProbe")]
pub fn trap_probe() -> Result<(), JsError> {
    let _running = enter()?;
    core::arch::wasm32::unreachable()
}
