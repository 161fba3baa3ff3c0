// The page shell: wires the editor (CodeMirror), the problems panel and the diagram panel through
// the panel protocol, and adds what only the page has: examples, files, share links, exports,
// theme switch, shortcuts and splitters. Everything runs here; nothing is sent anywhere.

import { Workspace, rules, version } from "podscope";
import { wasmReady, wasmModule } from "./boot.js";
import { createAnalysisClient, debounceFor, localChannel, workerChannel } from "./analysis-client.js";
import { createAnalysisHandler } from "./analysis-core.js";
import { createEditor } from "./editor.js";
import { createDiagnosticsPanel, severityCounts } from "../ui/diagnostics-panel.js";
import { createDiagramPanel } from "../ui/diagram-panel.js";
import { connectPanels, diagramCallbacks, problemsCallbacks } from "../ui/protocol.js";
import { createTheme } from "../ui/theme.js";
import { icon, h, count } from "../ui/dom.js";
import { jsonReport, sarifReport, svgToPng, download, fileStem, diagramFileName } from "../ui/exports.js";
import { EXAMPLES, DEFAULT_EXAMPLE, exampleById } from "./examples.js";
import { createMenu } from "./menu.js";
import { shareUrl, decodeFragment } from "./share.js";
import { wireFileInputs } from "./files.js";

performance.mark("podscope:main");
const $ = (id) => document.getElementById(id);

for (const slot of document.querySelectorAll("[data-icon]")) slot.replaceWith(icon(slot.dataset.icon));

const page = {
  ready: null,
  analysis: null,
  timings: [],
  firstDiagramAt: null,
  // How often the WebAssembly API was called (the tests check one analysis per run), and how many
  // analyses were dropped because the text had changed by the time they came back.
  calls: { workspaces: 0, analyze: 0, render: 0, dropped: 0 },
  // Where the analysis runs: "worker", or "page" when no worker could start.
  analyzer: null,
  source: { name: DEFAULT_EXAMPLE.label, file: `${DEFAULT_EXAMPLE.id}.yaml` },
};
window.podscopePage = page;

// ---- theme ----
const themeButton = $("theme-button");
const THEME_TEXT = { system: "Theme: follows the system", light: "Theme: light", dark: "Theme: dark" };
const theme = createTheme({
  onChange: (t) => {
    diagram?.setTheme(t);
  },
});
function paintThemeButton() {
  themeButton.replaceChildren(icon(theme.mode === "system" ? "auto" : theme.mode === "dark" ? "moon" : "sun"));
  themeButton.title = `${THEME_TEXT[theme.mode]} (click to change)`;
  themeButton.setAttribute("aria-label", THEME_TEXT[theme.mode]);
}
themeButton.addEventListener("click", () => {
  theme.cycle();
  paintThemeButton();
});
paintThemeButton();

// ---- layout: the diagram below the editor and problems, or beside them ----
const layoutButton = $("layout-button");
const LAYOUTS = {
  below: { next: "beside", text: "Layout: diagram below (click to put it beside the editor)" },
  beside: { next: "below", text: "Layout: diagram beside the editor (click to put it below)" },
};
function setLayout(layout, remember) {
  document.documentElement.dataset.layout = layout;
  layoutButton.replaceChildren(icon(layout === "below" ? "layoutBelow" : "layoutBeside"));
  layoutButton.title = LAYOUTS[layout].text;
  layoutButton.setAttribute("aria-label", LAYOUTS[layout].text);
  $("split-columns").setAttribute("aria-label", layout === "below" ? "Resize the problems panel" : "Resize the diagram panel");
  $("split-editor-problems").setAttribute("aria-label", layout === "below" ? "Resize the diagram panel" : "Resize the problems panel");
  if (remember) {
    try {
      localStorage.setItem("podscope.layout", layout);
    } catch {
      // Storage refused: the choice lasts for this visit.
    }
  }
}
setLayout(LAYOUTS[safeGet("podscope.layout")] ? safeGet("podscope.layout") : "below", false);
layoutButton.addEventListener("click", () => {
  setLayout(LAYOUTS[document.documentElement.dataset.layout].next, true);
  // A new layout is a new panel: the picture is fitted to it again (the resize observer follows).
  diagram?.fit();
});

// ---- analysis settings: Pod Security level and best-practice profile, remembered ----
const SETTINGS = [
  { id: "pod-security-select", key: "podscope.podSecurity", option: "podSecurity" },
  { id: "profile-select", key: "podscope.profile", option: "profile" },
];
for (const { id, key } of SETTINGS) {
  const select = $(id);
  const saved = safeGet(key);
  if ([...select.options].some((o) => o.value === saved)) select.value = saved;
  select.addEventListener("change", () => {
    try {
      localStorage.setItem(key, select.value);
    } catch {
      // Storage refused: the choice lasts for this visit.
    }
    run();
  });
}
/** The options of the analysis, from the toolbar's settings. */
function analyzeOptions() {
  return Object.fromEntries(SETTINGS.map(({ id, option }) => [option, $(id).value]));
}

// The analysis runs in a Web Worker (analysis-worker.js) with one Workspace for the current
// settings: it analyses each text once, and draws the diagram from that same analysis (so its
// findings follow the settings). Results that come back for an older text are dropped.
let analyzer = null;
/** The analysis's id and text that the panels show: the diagram is drawn from it. */
let shown = { id: null, text: null };

async function startAnalyzer() {
  const module = await wasmModule;
  try {
    const worker = new Worker(new URL("./analysis-worker.js", import.meta.url), { type: "module", name: "podscope-analysis" });
    await new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error("the worker did not start")), 10_000);
      worker.addEventListener("message", function started({ data }) {
        if (data?.type !== "ready" && data?.type !== "failed") return;
        clearTimeout(timeout);
        worker.removeEventListener("message", started);
        if (data.type === "ready") resolve();
        else reject(new Error(data.message));
      });
      worker.addEventListener("error", (event) => {
        clearTimeout(timeout);
        reject(new Error(event.message || "the worker failed"));
      });
      worker.postMessage({ type: "init", module });
    });
    page.analyzer = "worker";
    return createAnalysisClient(workerChannel(worker));
  } catch (error) {
    console.warn(`Podscope analyses on the page itself: ${error?.message ?? error}`);
    page.analyzer = "page";
    return createAnalysisClient(localChannel((post) => createAnalysisHandler(Workspace, post)));
  }
}

function safeGet(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

// ---- editor ----
const initial = await initialText();
setSource(initial.name, initial.file);
const editor = createEditor($("editor"), {
  doc: initial.text,
  describedBy: "editor-tab-hint",
  onChange: () => {
    clearStaleFragment();
    schedule();
  },
  onCursor: (position, { user }) => bus?.receive({ type: "cursor", position, user }),
});
page.editor = editor;
performance.mark("podscope:editor");

// ---- panels ----
let started = false;
let timer = 0;
let diagram = null;
let bus = null;
let renderTime = 0;

/**
 * The diagram panel's renderer: the worker draws the analysis of `text` (the one `run` showed).
 * Resolves to null when a newer text has been analysed meanwhile: the panel then keeps its picture
 * until the newer analysis reaches it.
 */
async function timedRender(text, options) {
  if (text !== shown.text || shown.id === null) return null;
  const t = performance.now();
  try {
    return await analyzer.render(shown.id, options);
  } finally {
    renderTime += performance.now() - t;
    Object.assign(page.calls, analyzer.counts);
  }
}

function send(message) {
  if (message.type === "reveal") editor.reveal(message.range, { focus: message.source === "problems" });
  else if (message.type === "highlight") editor.highlight(message.ranges);
}

$("problems").append(h("div", { class: "pane-loading", role: "status", text: "Starting Podscope…" }));
$("diagram").append(h("div", { class: "pane-loading", role: "status", text: "" }));

page.ready = Promise.all([wasmReady, startAnalyzer()])
  .then(async ([, client]) => {
    analyzer = client;
    performance.mark("podscope:wasm-ready");
    started = true;
    const problems = createDiagnosticsPanel($("problems"), problemsCallbacks(send));
    diagram = createDiagramPanel($("diagram"), { render: timedRender, theme: theme.theme, ...diagramCallbacks(send) });
    bus = connectPanels({ problems, diagram }, send);
    page.diagram = diagram;
    page.problems = problems;
    $("version").textContent = `Podscope ${version()}`;
    await run();
    page.firstDiagramAt = performance.now();
    performance.mark("podscope:first-diagram");
  })
  .catch((error) => {
    console.error(error);
    $("problems").replaceChildren(h("div", { class: "pane-error", role: "alert" }, h("strong", { text: "Podscope could not start." }), " ", String(error?.message ?? error)));
  });

/** Analyses after a pause in typing that grows with the text's size (see analysis-client.js). */
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(run, debounceFor(editor.view.state.doc.length));
}

/**
 * Analyses the text in the worker and redraws everything; records how long that took. Resolves
 * once the panels show this text's analysis, or at once when a newer text took its place.
 */
async function run() {
  clearTimeout(timer);
  if (!started) return;
  const start = performance.now();
  // CodeMirror's documents are immutable: the same object means the same text.
  const doc = editor.view.state.doc;
  const text = doc.toString();
  let result;
  try {
    result = await analyzer.analyze(text, analyzeOptions());
  } catch (error) {
    // An internal error (the module is renewed after one): the next run starts a new workspace.
    console.error(error);
    toast(`Podscope hit an internal error: ${error?.message ?? error}`);
    return;
  } finally {
    Object.assign(page.calls, analyzer.counts);
  }
  // Dropped (a newer text was asked for meanwhile), or the editor has moved on: a newer run paints.
  if (!result || editor.view.state.doc !== doc) return;
  const { analysis } = result;
  const analysed = performance.now();
  renderTime = 0;
  shown = { id: result.id, text };
  editor.setDiagnostics(analysis.diagnostics);
  bus.receive({ type: "update", text, analysis });
  bus.receive({ type: "cursor", position: editor.cursor(), user: false });
  await diagram.drawn();
  if (shown.id !== result.id) return;
  const end = performance.now();
  page.analysis = analysis;
  const timing = { lines: editor.view.state.doc.lines, analyze: result.time, wait: analysed - start, render: renderTime, total: end - start };
  page.timings.push(timing);
  if (page.timings.length > 200) page.timings.shift();
  paintStatus(analysis, timing);
}
page.run = run;

function paintStatus(analysis, timing) {
  const counts = severityCounts(analysis.diagnostics);
  const pill = $("verdict-pill");
  const docs = analysis.documents.filter((d) => d.item == null);
  let text;
  let kind;
  if (!docs.length) {
    text = "Empty";
    kind = "none";
  } else if (counts.error) {
    text = `${count(counts.error, "error")}${counts.warning ? ` · ${count(counts.warning, "warning")}` : ""}`;
    kind = "error";
  } else if (counts.warning) {
    text = count(counts.warning, "warning");
    kind = "warning";
  } else {
    text = docs.every((d) => d.verdict === "skipped") ? "Not checked" : "Valid";
    kind = docs.every((d) => d.verdict === "skipped") ? "none" : "ok";
  }
  pill.textContent = text;
  pill.dataset.kind = kind;
  $("timing").textContent = `checked in ${timing.total < 10 ? timing.total.toFixed(1) : Math.round(timing.total)} ms`;
  $("editor-sub").textContent = `${page.source.name} · ${count(docs.length, "document")}`;
}

// ---- sources: examples, fragment, files ----

async function initialText() {
  const fromHash = await textFromFragment();
  if (fromHash) return fromHash;
  return { text: DEFAULT_EXAMPLE.text, name: DEFAULT_EXAMPLE.label, file: `${DEFAULT_EXAMPLE.id}.yaml` };
}

async function textFromFragment() {
  const hash = window.location.hash;
  if (hash.startsWith("#example=")) {
    const example = exampleById(decodeURIComponent(hash.slice("#example=".length)));
    if (example) return { text: example.text, name: example.label, file: `${example.id}.yaml` };
  }
  try {
    const text = await decodeFragment(hash);
    if (text !== null) return { text, name: "Shared manifest", file: "shared-manifest.yaml" };
  } catch {
    queueMicrotask(() => toast("This share link is damaged: its manifest could not be read."));
  }
  return null;
}

let sharedText = null;
function clearStaleFragment() {
  if (window.location.hash && editor.getText() !== sharedText) {
    history.replaceState(null, "", window.location.pathname + window.location.search);
    sharedText = null;
  }
}

window.addEventListener("hashchange", async () => {
  const loaded = await textFromFragment();
  if (loaded) load(loaded.text, loaded.name, loaded.file, { keepHash: true });
});

function setSource(name, file) {
  page.source = { name, file };
}

/** Puts a new manifest in the editor and analyses it at once. */
function load(text, name, file, { keepHash = false } = {}) {
  setSource(name, file);
  sharedText = keepHash ? text : null;
  if (!keepHash && window.location.hash) history.replaceState(null, "", window.location.pathname + window.location.search);
  diagram?.reset();
  editor.setText(text);
  if (keepHash) sharedText = text;
  run();
}
page.load = load;

createMenu($("examples-menu"), {
  id: "examples",
  label: "Examples",
  iconName: "examples",
  title: "Load an example manifest",
  items: () => {
    const items = [];
    let group = null;
    for (const e of EXAMPLES) {
      if (e.group !== group) {
        group = e.group;
        items.push({ separator: true, label: group });
      }
      items.push({ id: e.id, label: e.label, detail: e.detail, action: () => load(e.text, e.label, `${e.id}.yaml`) });
    }
    return items;
  },
});

wireFileInputs({
  button: $("open-button"),
  input: $("file-input"),
  overlay: $("drop-overlay"),
  editorElement: $("editor"),
  onText: (text, name) => {
    load(text, name, name.includes(".") ? name : `${name.replace(/\s+/g, "-")}.yaml`);
    toast(`Opened ${name}`);
  },
  onError: (message) => toast(message),
});

// ---- share ----
$("share-button").addEventListener("click", async () => {
  const text = editor.getText();
  const url = await shareUrl(text);
  sharedText = text;
  history.replaceState(null, "", url);
  const size = `${(url.length / 1024).toFixed(1)} KB`;
  try {
    await navigator.clipboard.writeText(url);
    toast(`Link copied (${size}). The manifest travels inside the link; nothing is uploaded.`);
  } catch {
    toast(`The link is in the address bar (${size}). The manifest travels inside it; nothing is uploaded.`);
  }
});

// ---- exports ----
const noDiagram = "Draw a pod first: the diagram is not available for this manifest.";
createMenu($("export-menu"), {
  id: "export",
  label: "Export",
  iconName: "download",
  title: "Save the diagram or the report",
  items: () => {
    const hasDiagram = Boolean(diagram?.state.svg);
    return [
      { separator: true, label: "Diagram" },
      { id: "svg", label: "SVG image", detail: ".svg", disabled: !hasDiagram, disabledReason: noDiagram, action: () => download(diagramName("svg"), diagram.state.svg, "image/svg+xml") },
      { id: "png", label: "PNG image", detail: ".png, 2×", disabled: !hasDiagram, disabledReason: noDiagram, action: exportPng },
      { id: "mermaid", label: "Mermaid", detail: ".mmd", disabled: !hasDiagram, disabledReason: noDiagram, action: () => exportText("mermaid", diagramName("mmd")) },
      { id: "dot", label: "Graphviz DOT", detail: ".dot", disabled: !hasDiagram, disabledReason: noDiagram, action: () => exportText("dot", diagramName("dot")) },
      { separator: true, label: "Report" },
      { id: "json", label: "JSON report", detail: "podscope check --format json", disabled: !page.analysis, action: exportJson },
      { id: "sarif", label: "SARIF 2.1.0", detail: "for code scanning", disabled: !page.analysis, action: exportSarif },
    ];
  },
});

/** `<stem>-pod.svg`, `<stem>-timeline.png`: each view and document of a manifest gets its own name. */
function diagramName(extension) {
  return diagramFileName(page.analysis, { view: diagram?.state.view, document: diagram?.state.document ?? null, extension });
}

async function exportText(format, name) {
  try {
    download(name, await diagram.renderAs(format), "text/plain");
  } catch (error) {
    toast(`The ${format} export failed: ${error?.message ?? error}`);
  }
}

async function exportPng() {
  try {
    const background = getComputedStyle(document.documentElement).getPropertyValue("--ps-diagram-bg").trim() || "#ffffff";
    const png = await svgToPng(diagram.state.svg, { scale: 2, background });
    download(diagramName("png"), png);
  } catch (error) {
    toast(`The PNG export failed: ${error?.message ?? error}`);
  }
}

async function exportJson() {
  await run();
  const report = jsonReport({ path: page.source.file, analysis: page.analysis, version: version() });
  download(`${fileStem(page.analysis)}.podscope.json`, JSON.stringify(report, null, 2) + "\n", "application/json");
}

async function exportSarif() {
  await run();
  const report = sarifReport({ path: page.source.file, analysis: page.analysis, version: version(), rules: rules() });
  download(`${fileStem(page.analysis)}.sarif`, JSON.stringify(report, null, 2) + "\n", "application/sarif+json");
}

// ---- dialogs, toast, shortcuts ----
$("privacy-button").addEventListener("click", () => $("privacy-dialog").showModal());
$("keys-button").addEventListener("click", () => $("keys-dialog").showModal());

let toastTimer = 0;
function toast(message) {
  const el = $("toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.hidden = true), 4200);
}
page.toast = toast;

document.addEventListener("keydown", (event) => {
  const inEditor = $("editor").contains(event.target);
  const inField = event.target.closest?.("input, select, textarea");
  if (event.altKey && !event.ctrlKey && !event.metaKey && ["1", "2", "3"].includes(event.key)) {
    event.preventDefault();
    if (event.key === "1") editor.focus();
    if (event.key === "2") page.problems?.focus();
    if (event.key === "3") document.querySelector(".ps-diagram-viewport")?.focus();
  } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "o") {
    event.preventDefault();
    $("file-input").click();
  } else if (event.key === "?" && !inEditor && !inField) {
    event.preventDefault();
    $("keys-dialog").showModal();
  }
});

// ---- splitters ----
// Each splitter resizes the panel after it, whichever it is in the current layout.
const below = () => document.documentElement.dataset.layout === "below";
function wireSplitter(el, { axis, target }) {
  const root = document.documentElement;
  const limit = () => (axis === "x" ? window.innerWidth - 360 : window.innerHeight - 240);
  const set = (px) => root.style.setProperty(target().variable, `${Math.round(Math.min(limit(), Math.max(axis === "x" ? 300 : 100, px)))}px`);
  const current = () => {
    const rect = target().element.getBoundingClientRect();
    return axis === "x" ? rect.width : rect.height;
  };
  el.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    el.setPointerCapture(event.pointerId);
    const startPos = axis === "x" ? event.clientX : event.clientY;
    const startSize = current();
    const move = (e) => set(startSize - ((axis === "x" ? e.clientX : e.clientY) - startPos));
    const up = () => {
      el.removeEventListener("pointermove", move);
      el.removeEventListener("pointerup", up);
    };
    el.addEventListener("pointermove", move);
    el.addEventListener("pointerup", up);
  });
  el.addEventListener("keydown", (event) => {
    const delta = { ArrowLeft: 24, ArrowUp: 24, ArrowRight: -24, ArrowDown: -24 }[event.key];
    if (delta === undefined) return;
    event.preventDefault();
    set(current() + delta);
  });
}
wireSplitter($("split-columns"), {
  axis: "x",
  target: () => (below() ? { variable: "--problems-width", element: $("problems") } : { variable: "--diagram-width", element: $("diagram") }),
});
wireSplitter($("split-editor-problems"), {
  axis: "y",
  target: () => (below() ? { variable: "--diagram-height", element: $("diagram") } : { variable: "--problems-height", element: $("problems") }),
});
