// The small interface between the panels and whatever editor hosts them. Messages are plain
// JSON, so they can cross `postMessage` unchanged (the VS Code webview does exactly that).
// Positions and ranges are the analysis's own: 1-based lines, 1-based UTF-16 columns.
//
//   panel → editor   {type: "reveal", range, id?, source: "diagram" | "problems"}  select this range
//                    {type: "highlight", ranges: [{range, strong}]}  light these lines ([] clears)
//   editor → panel   {type: "cursor", position: {line, column}, user?}  the cursor moved; `user:
//                    false` when the program put it there (a new text): the diagram follows the
//                    cursor only once the user has moved it
//                    {type: "update", text, analysis}                  the text changed (analysed)
//                    {type: "theme", theme: "light" | "dark"}
//                    {type: "view", view: "pod" | "timeline" | "app"}
//
// `connectPanels` wires the two panels to an editor through these messages: it returns the
// function that takes editor → panel messages, and calls `send` with panel → editor ones.

/**
 * @typedef {{line: number, column: number}} Position  1-based line, 1-based UTF-16 column
 * @typedef {{start: Position, end: Position}} Range  the analysis's RangeDto (offsets may follow)
 * @typedef {{type: "reveal", range: Range, id?: string, code?: string, source: "diagram" | "problems"}} RevealMessage
 * @typedef {{type: "highlight", ranges: {range: Range, strong: boolean}[]}} HighlightMessage
 * @typedef {{type: "update", text: string, analysis: object}
 *   | {type: "cursor", position: Position, user?: boolean}
 *   | {type: "theme", theme: "light" | "dark"}
 *   | {type: "view", view: "pod" | "timeline" | "app"}} EditorMessage
 */

/**
 * panels: {diagram, problems} (either may be missing), as made by createDiagramPanel and
 * createDiagnosticsPanel with their `on…` callbacks pointing at the returned `emit`.
 */
export function connectPanels(panels, send) {
  function receive(message) {
    switch (message?.type) {
      case "update":
        panels.problems?.update(message.analysis);
        panels.diagram?.update(message.text, message.analysis);
        break;
      case "cursor":
        panels.diagram?.setCursor(message.position, { user: message.user !== false });
        panels.problems?.setCursor(message.position);
        break;
      case "theme":
        panels.diagram?.setTheme(message.theme);
        break;
      case "view":
        panels.diagram?.setView(message.view);
        break;
      default:
        break;
    }
  }
  return { receive, send };
}

/** The callbacks for createDiagramPanel that speak the protocol through `send`. */
export function diagramCallbacks(send) {
  return {
    onReveal: (item) => item?.range && send({ type: "reveal", range: item.range, id: item.id, source: "diagram" }),
    onHover: (target) => send({ type: "highlight", ranges: target?.ranges ?? [] }),
  };
}

/** The callbacks for createDiagnosticsPanel that speak the protocol through `send`. */
export function problemsCallbacks(send) {
  return {
    onReveal: (d) => send({ type: "reveal", range: d.range, source: "problems", code: d.code }),
    onHover: (d) => send({ type: "highlight", ranges: d ? [{ range: d.range, strong: true }] : [] }),
  };
}
