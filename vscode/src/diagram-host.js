// The editor side of the "Pod Diagram" webview. The webview runs the web page's diagram panel;
// this side tells it what to draw and where the cursor is, and carries out what the panel asks
// (select a range, light up lines). Messages follow the panels' protocol (www/src/ui/protocol.js):
//
//   editor → webview  {type: "update", text, analysis, file, options}   {type: "cursor", position}
//   webview → editor  {type: "ready"}   {type: "reveal", range}   {type: "highlight", ranges}
//
// Positions in messages are the analysis's own (1-based line, 1-based UTF-16 column). `options`
// are the analysis options the text was checked with, so the webview draws the same findings.

import { makeNonce, webviewHtml } from "./webview-html.js";
import { fromPosition, toPosition } from "./positions.js";

export const VIEW_TYPE = "podscope.diagram";

/**
 * entryOf(document) → {text, analysis, options} | null   the current analysis of a checked document
 * isChecked(document) → boolean
 */
export function createDiagramHost(vscode, context, { entryOf, isChecked }) {
  let panel = null;
  let target = null; // the document the diagram follows
  let ready = false;
  let lastSent = null; // the entry last posted, so an unchanged one is not posted again
  const strong = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor("editor.findMatchHighlightBackground"),
    isWholeLine: false,
  });
  const weak = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor("editor.rangeHighlightBackground"),
    isWholeLine: true,
  });

  function post(message) {
    if (panel && ready) panel.webview.postMessage(message);
  }

  function editorOf(document) {
    if (!document) return null;
    const key = document.uri.toString();
    const active = vscode.window.activeTextEditor;
    if (active?.document.uri.toString() === key) return active;
    return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key) ?? null;
  }

  function sendUpdate(force = false) {
    if (!target) return;
    const entry = entryOf(target);
    if (!entry || (!force && entry === lastSent)) return;
    lastSent = entry;
    const file = target.uri.path.split("/").pop() || "manifest";
    if (panel) panel.title = `Pod Diagram: ${file}`;
    post({ type: "update", text: entry.text, analysis: entry.analysis, file, options: entry.options });
  }

  /** `user: false`: the cursor was not just moved by the user (the panel opened, another editor). */
  function sendCursor(editor, user = true) {
    if (!editor || !same(editor.document, target)) return;
    post({ type: "cursor", position: fromPosition(editor.selection.active), ...(user ? {} : { user: false }) });
  }

  function create() {
    const dist = vscode.Uri.joinPath(context.extensionUri, "dist");
    panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      "Pod Diagram",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableFindWidget: false, localResourceRoots: [dist] },
    );
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, "media", "icon.png");
    const webview = panel.webview;
    const uri = (name) => webview.asWebviewUri(vscode.Uri.joinPath(dist, name)).toString();
    ready = false;
    lastSent = null;
    webview.html = webviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: uri("webview.js"),
      styleUri: uri("webview.css"),
      wasmUri: uri("podscope_bg.wasm"),
    });
    const listeners = [
      webview.onDidReceiveMessage((message) => receive(message)),
      panel.onDidDispose(() => {
        for (const l of listeners) l.dispose();
        clearHighlight();
        panel = null;
        ready = false;
      }),
    ];
  }

  function receive(message) {
    switch (message?.type) {
      case "ready":
        ready = true;
        sendUpdate(true);
        sendCursor(editorOf(target), false);
        break;
      case "reveal":
        if (message.range) reveal(message.range);
        break;
      case "highlight":
        highlight(Array.isArray(message.ranges) ? message.ranges : []);
        break;
      default:
        break;
    }
  }

  function toRange(range) {
    const start = toPosition(range.start);
    const end = toPosition(range.end);
    return new vscode.Range(start.line, start.character, end.line, end.character);
  }

  /** Selects `range` of the followed document in its editor, and brings that editor forward. */
  async function reveal(range) {
    if (!target) return;
    const selection = toRange(range);
    const editor = editorOf(target);
    const shown = await vscode.window.showTextDocument(target, {
      viewColumn: editor?.viewColumn ?? vscode.ViewColumn.One,
      preserveFocus: false,
      selection,
    });
    shown?.revealRange?.(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  function highlight(ranges) {
    const editor = editorOf(target);
    if (!editor) return;
    editor.setDecorations(strong, ranges.filter((r) => r?.range && r.strong).map((r) => toRange(r.range)));
    editor.setDecorations(weak, ranges.filter((r) => r?.range && !r.strong).map((r) => toRange(r.range)));
  }

  function clearHighlight() {
    const editor = editorOf(target);
    editor?.setDecorations(strong, []);
    editor?.setDecorations(weak, []);
  }

  return {
    /** Opens the panel beside `editor` (or brings it forward) and draws that editor's manifest. */
    show(editor) {
      if (editor && isChecked(editor.document)) this.follow(editor);
      if (panel) panel.reveal(vscode.ViewColumn.Beside, true);
      else create();
      if (!target) vscode.window.showInformationMessage?.("Podscope: open a Kubernetes manifest (YAML or JSON) to see its pod diagram.");
    },
    /** The active editor changed: follow it if it shows a manifest (otherwise keep the last one). */
    follow(editor) {
      if (!editor || !isChecked(editor.document)) return;
      if (!same(target, editor.document)) {
        clearHighlight();
        target = editor.document;
        lastSent = null;
      }
      sendUpdate();
      sendCursor(editor, false);
    },
    /** A document was analysed again. */
    documentChanged(document) {
      if (same(document, target)) {
        target = document;
        sendUpdate();
      }
    },
    selectionChanged(editor) {
      sendCursor(editor);
    },
    receive,
    get panel() {
      return panel;
    },
    get target() {
      return target;
    },
    dispose() {
      panel?.dispose();
      strong.dispose();
      weak.dispose();
    },
  };
}

function same(a, b) {
  return Boolean(a && b) && a.uri.toString() === b.uri.toString();
}
