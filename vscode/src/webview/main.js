// The "Pod Diagram" webview: the web page's own diagram panel (www/src/ui), wired to VS Code
// through the panels' protocol. The WebAssembly module draws here; the extension sends the text
// and its analysis, and carries out the panel's reveal and highlight requests.

import init, { render } from "podscope";
import { createDiagramPanel } from "../../../www/src/ui/diagram-panel.js";
import { connectPanels, diagramCallbacks } from "../../../www/src/ui/protocol.js";
import { createTheme } from "../../../www/src/ui/theme.js";
import { h, replaceChildren } from "../../../www/src/ui/dom.js";
import "../../../www/src/ui/ui.css";
import "./webview.css";

const vscode = acquireVsCodeApi();
const root = document.getElementById("diagram");
const send = (message) => vscode.postMessage(message);

try {
  await init({ module_or_path: root.dataset.wasm });
  let bus = null;
  const theme = createTheme({ source: "vscode", storage: null, onChange: (t) => bus?.receive({ type: "theme", theme: t }) });
  const diagram = createDiagramPanel(root, { render, theme: theme.theme, ...diagramCallbacks(send) });
  bus = connectPanels({ diagram }, send);
  // The chosen view outlives the webview's reloads (VS Code reloads a hidden webview when shown).
  const saved = vscode.getState?.();
  if (saved?.view) bus.receive({ type: "view", view: saved.view });
  root.addEventListener("click", () => queueMicrotask(() => vscode.setState?.({ view: diagram.state.view })));
  root.addEventListener("keyup", () => vscode.setState?.({ view: diagram.state.view }));
  window.addEventListener("message", (event) => bus.receive(event.data));
  window.podscopeDiagram = diagram; // for the tests
  send({ type: "ready" });
} catch (error) {
  replaceChildren(root, h("div", { class: "ps-diagram-message" }, h("strong", { text: "The pod diagram could not start" }), h("p", { text: String(error?.message ?? error) })));
  send({ type: "error", message: String(error?.message ?? error) });
}
