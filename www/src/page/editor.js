// The manifest editor: CodeMirror 6 with YAML highlighting, Podscope's diagnostics underlined at
// their exact ranges (with hover and gutter markers), and lines lit from the diagram. It speaks
// the analysis's positions (1-based line, 1-based UTF-16 column); CodeMirror's offsets are UTF-16
// too, and lines are counted the same way whatever the line endings were.

import { EditorState, StateEffect, StateField, RangeSetBuilder, Transaction } from "@codemirror/state";
import {
  EditorView,
  Decoration,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
  dropCursor,
  rectangularSelection,
  crosshairCursor,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { HighlightStyle, syntaxHighlighting, indentOnInput, bracketMatching, foldGutter, foldKeymap, indentUnit } from "@codemirror/language";
import { lintGutter, setDiagnostics, lintKeymap } from "@codemirror/lint";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { tags } from "@lezer/highlight";
import { diagnosticDetails } from "../ui/diagnostics-panel.js";

const highlightStyle = HighlightStyle.define([
  { tag: tags.definition(tags.propertyName), color: "var(--syn-key)" },
  { tag: tags.string, color: "var(--syn-string)" },
  { tag: tags.special(tags.string), color: "var(--syn-meta)" },
  { tag: tags.content, color: "var(--syn-value)" },
  { tag: tags.lineComment, color: "var(--syn-comment)", fontStyle: "italic" },
  { tag: tags.meta, color: "var(--syn-meta)", fontWeight: "600" },
  { tag: [tags.labelName, tags.typeName], color: "var(--syn-anchor)" },
  { tag: [tags.separator, tags.punctuation, tags.squareBracket, tags.brace], color: "var(--syn-punct)" },
  { tag: tags.keyword, color: "var(--syn-meta)" },
]);

const theme = EditorView.theme({
  "&": { height: "100%", color: "var(--ps-fg)", backgroundColor: "var(--ps-surface)", fontSize: "13.5px" },
  ".cm-scroller": { fontFamily: "var(--ps-mono)", lineHeight: "1.6" },
  ".cm-content": { caretColor: "var(--ps-accent)", padding: "6px 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--ps-accent)", borderLeftWidth: "2px" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection": {
    backgroundColor: "var(--ed-selection)",
  },
  ".cm-gutters": { backgroundColor: "var(--ps-surface)", color: "var(--ps-muted)", border: "none", borderRight: "1px solid var(--ps-border)" },
  ".cm-lineNumbers .cm-gutterElement": { padding: "0 6px 0 10px", minWidth: "28px", fontVariantNumeric: "tabular-nums" },
  ".cm-activeLine": { backgroundColor: "var(--ed-active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--ed-active-line)", color: "var(--ps-fg)" },
  ".cm-foldPlaceholder": { backgroundColor: "var(--ps-surface-2)", border: "1px solid var(--ps-border)", color: "var(--ps-muted)" },
  ".cm-tooltip": { backgroundColor: "var(--ps-surface)", color: "var(--ps-fg)", border: "1px solid var(--ps-border)", borderRadius: "8px", boxShadow: "var(--ps-shadow)" },
  ".cm-tooltip-lint": { padding: "4px 0" },
  ".cm-tooltip .cm-diagnostic": { padding: "6px 12px", borderLeft: "none", marginLeft: "0" },
  ".cm-diagnostic + .cm-diagnostic": { borderTop: "1px solid var(--ps-border)" },
  ".cm-lintRange-error": { backgroundImage: "none", textDecoration: "underline wavy var(--ps-error)", textDecorationThickness: "1.5px", textUnderlineOffset: "3px", textDecorationSkipInk: "none" },
  ".cm-lintRange-warning": { backgroundImage: "none", textDecoration: "underline wavy var(--ps-warning)", textDecorationThickness: "1.5px", textUnderlineOffset: "3px", textDecorationSkipInk: "none" },
  ".cm-lintRange-info": { backgroundImage: "none", textDecoration: "underline dotted var(--ps-info)", textDecorationThickness: "2px", textUnderlineOffset: "3px" },
  ".cm-lintPoint-error:after": { borderBottomColor: "var(--ps-error)" },
  ".cm-lintPoint-warning:after": { borderBottomColor: "var(--ps-warning)" },
  ".cm-gutter-lint": { width: "18px" },
  ".cm-gutter-lint .cm-gutterElement": { padding: "0 2px" },
  ".cm-lint-marker": { width: "12px", height: "12px", marginTop: "4px" },
  ".cm-linked-line": { backgroundColor: "var(--ed-linked-line)", boxShadow: "inset 3px 0 0 var(--ps-diagram-glow)" },
  ".cm-linked-line-weak": { backgroundColor: "var(--ed-linked-line-weak)" },
  ".cm-linked-range": { backgroundColor: "var(--ed-linked-range)", borderRadius: "2px" },
  ".cm-searchMatch": { backgroundColor: "var(--ed-search)", outline: "1px solid var(--ps-warning)" },
  ".cm-panels": { backgroundColor: "var(--ps-surface-2)", color: "var(--ps-fg)", borderColor: "var(--ps-border)" },
  ".cm-panels input, .cm-panels button": { fontFamily: "var(--ps-font)" },
});

// Lines lit from the diagram (hover) — a decoration set replaced as a whole.
const setLinked = StateEffect.define();
const linkedField = StateField.define({
  create: () => Decoration.none,
  update(decorations, tr) {
    for (const e of tr.effects) if (e.is(setLinked)) return e.value;
    return tr.docChanged ? Decoration.none : decorations;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/**
 * Creates the editor in `parent`.
 * options: doc, onChange(update), onCursor(position, {user}), label, describedBy (an element id)
 */
export function createEditor(parent, options) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc ?? "",
      extensions: [
        lineNumbers(),
        foldGutter({ markerDOM: foldMarker }),
        lintGutter({ hoverTime: 150 }),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        dropCursor(),
        EditorState.allowMultipleSelections.of(true),
        indentOnInput(),
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        syntaxHighlighting(highlightStyle),
        bracketMatching(),
        rectangularSelection(),
        crosshairCursor(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        yaml(),
        linkedField,
        theme,
        EditorView.contentAttributes.of({
          "aria-label": options.label ?? "Manifest (YAML or JSON)",
          ...(options.describedBy ? { "aria-describedby": options.describedBy } : {}),
          spellcheck: "false",
          autocorrect: "off",
          autocapitalize: "off",
        }),
        // Tab indents (indentWithTab). CodeMirror's own way out: Escape, then Tab (or Shift+Tab)
        // within two seconds moves the focus on, as https://codemirror.net/examples/tab/ advises;
        // the page shows that while the editor has the focus.
        keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
        EditorView.updateListener.of((update) => {
          // The text is not turned into a string here: in a 2 MB manifest that costs a keystroke 10 ms.
          if (update.docChanged) options.onChange?.(update);
          // `user`: typed, clicked, moved by keys, or chosen in a panel; not a text put in by the page.
          const user = update.transactions.some((tr) => tr.annotation(Transaction.userEvent) !== undefined);
          if (update.selectionSet || update.docChanged) options.onCursor?.(positionOf(update.state, update.state.selection.main.head), { user });
        }),
      ],
    }),
  });

  let scrollTimer = 0;
  let shownDiagnostics = null;

  function offsetOf(position) {
    const doc = view.state.doc;
    const line = doc.line(Math.min(Math.max(position.line, 1), doc.lines));
    return Math.min(line.from + Math.max(position.column, 1) - 1, line.to);
  }

  function bounds(range) {
    const from = offsetOf(range.start);
    return { from, to: Math.max(from, offsetOf(range.end)) };
  }

  return {
    view,
    getText: () => view.state.doc.toString(),
    /** Replaces the whole text (undoable) and puts the cursor at the start. */
    setText(text) {
      shownDiagnostics = null; // the replaced text takes its marks with it
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        selection: { anchor: 0 },
        scrollIntoView: true,
      });
    },
    /** Shows the analysis's diagnostics in the text and the gutter. */
    setDiagnostics(diagnostics) {
      const key = JSON.stringify(diagnostics);
      if (key === shownDiagnostics) return;
      shownDiagnostics = key;
      const list = diagnostics.map((d) => {
        const { from, to } = bounds(d.range);
        return {
          from,
          to,
          severity: d.severity,
          message: d.help ? `${d.message}\nhelp: ${d.help}` : d.message,
          renderMessage: () => diagnosticDetails(d),
          // The core's quick fixes; offsets are UTF-16, as CodeMirror counts.
          actions: (d.fixes ?? []).map((fix) => ({
            name: fix.title,
            apply: (view) => view.dispatch({ changes: fix.edits.map((e) => ({ from: e.range.startOffset, to: e.range.endOffset, insert: e.newText })) }),
          })),
        };
      });
      view.dispatch(setDiagnostics(view.state, list));
    },
    /** Selects a range and scrolls it into view; `focus` moves the keyboard focus to the editor. */
    reveal(range, { focus = false } = {}) {
      const { from, to } = bounds(range);
      view.dispatch({ selection: { anchor: from, head: to }, effects: EditorView.scrollIntoView(from, { y: "center" }), userEvent: "select.reveal" });
      if (focus) view.focus();
    },
    /** Lights lines: `[{range, strong}]`; strong ones also mark the exact range. */
    highlight(ranges) {
      const doc = view.state.doc;
      const lines = new Map();
      const marks = [];
      for (const { range, strong } of ranges ?? []) {
        if (!range) continue;
        const { from, to } = bounds(range);
        const first = doc.lineAt(from).number;
        const last = doc.lineAt(to).number;
        for (let n = first; n <= last; n++) if (strong || !lines.has(n)) lines.set(n, strong || lines.get(n) || false);
        if (strong && to > from) marks.push({ from, to });
      }
      const builder = new RangeSetBuilder();
      const pieces = [];
      for (const [n, strong] of lines) pieces.push({ from: doc.line(n).from, to: doc.line(n).from, deco: Decoration.line({ class: strong ? "cm-linked-line" : "cm-linked-line-weak" }), order: 0 });
      for (const m of marks) pieces.push({ from: m.from, to: m.to, deco: Decoration.mark({ class: "cm-linked-range" }), order: 1 });
      pieces.sort((a, b) => a.from - b.from || a.order - b.order || a.to - b.to);
      for (const p of pieces) builder.add(p.from, p.to, p.deco);
      view.dispatch({ effects: setLinked.of(builder.finish()) });
      // Lines out of sight are scrolled to only when the pointer rests, so that sweeping across
      // the diagram does not shake the editor.
      clearTimeout(scrollTimer);
      const firstStrong = ranges?.find((r) => r.strong && r.range);
      if (firstStrong) {
        scrollTimer = setTimeout(() => {
          const { from } = bounds(firstStrong.range);
          const block = view.lineBlockAt(from);
          const scroller = view.scrollDOM;
          if (block.top < scroller.scrollTop || block.bottom > scroller.scrollTop + scroller.clientHeight) {
            view.dispatch({ effects: EditorView.scrollIntoView(from, { y: "center" }) });
          }
        }, 350);
      }
    },
    cursor: () => positionOf(view.state, view.state.selection.main.head),
    focus: () => view.focus(),
  };
}

/** The analysis's position (1-based line and UTF-16 column) of an editor offset. */
export function positionOf(state, offset) {
  const line = state.doc.lineAt(offset);
  return { line: line.number, column: offset - line.from + 1 };
}

function foldMarker(open) {
  const el = document.createElement("span");
  el.className = "fold-marker";
  el.textContent = open ? "⌄" : "›";
  return el;
}
