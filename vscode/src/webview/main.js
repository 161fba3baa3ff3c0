// The "Pod Diagram" webview: the web page's own diagram panel (www/src/ui), wired to VS Code
// through the panels' protocol. The WebAssembly module draws here; the extension sends the text
// and its analysis (with the options it was made with), and carries out the panel's reveal and
// highlight requests. The webview's own Workspace, made for those options, analyses each text
// once and draws it, so the diagram's findings are those of the editor.

import init, { Workspace } from "podscope";
import { createDiagramPanel } from "../../../www/src/ui/diagram-panel.js";
import { connectPanels, diagramCallbacks } from "../../../www/src/ui/protocol.js";
import { createTheme } from "../../../www/src/ui/theme.js";
import { h, replaceChildren } from "../../../www/src/ui/dom.js";
import "../../../www/src/ui/ui.css";
import "./webview.css";

const vscode = acquireVsCodeApi();
const root = document.getElementById("diagram");
const send = (message) => vscode.postMessage(message);

/** The options of the last update, and a workspace made for them when first needed. */
let options = {};
let workspace = null;
let analysed = null;
function setOptions(next = {}) {
  if (JSON.stringify(next) === JSON.stringify(options)) return;
  options = next;
  dropWorkspace();
}
function dropWorkspace() {
  try {
    workspace?.free();
  } catch {
    // An instance replaced after an internal error: nothing left to free.
  }
  workspace = null;
  analysed = null;
}
/** The panel's renderer: `text` analysed once with the editor's options, then drawn. */
function render(text, renderOptions) {
  try {
    workspace ??= new Workspace(options);
    if (analysed !== text) {
      workspace.analyze(text);
      analysed = text;
    }
    return workspace.render(renderOptions);
  } catch (error) {
    if (!/^render: /.test(String(error?.message))) dropWorkspace();
    throw error;
  }
}

try {
  await init({ module_or_path: root.dataset.wasm });
  let bus = null;
  const theme = createTheme({ source: "vscode", storage: null, onChange: (t) => bus?.receive({ type: "theme", theme: t }) });
  // The chosen view outlives the webview's reloads (VS Code reloads a hidden webview when shown).
  const onView = (view) => vscode.setState?.({ view });
  const diagram = createDiagramPanel(root, { render, theme: theme.theme, ...diagramCallbacks(send), onView });
  bus = connectPanels({ diagram }, send);
  const saved = vscode.getState?.();
  if (saved?.view) bus.receive({ type: "view", view: saved.view });
  window.addEventListener("message", (event) => {
    if (event.data?.type === "update") setOptions(event.data.options);
    bus.receive(event.data);
  });
  window.podscopeDiagram = diagram; // for the tests
  send({ type: "ready" });
} catch (error) {
  replaceChildren(root, h("div", { class: "ps-diagram-message" }, h("strong", { text: "The pod diagram could not start" }), h("p", { text: String(error?.message ?? error) })));
  send({ type: "error", message: String(error?.message ?? error) });
}
