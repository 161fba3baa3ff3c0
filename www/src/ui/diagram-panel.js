// The pod diagram panel: views, document picker, pattern badges, zoom and pan, and the link
// between diagram elements and source ranges. It knows no editor: it reports what the user points
// at (`onHover`, `onReveal`) with ranges from the analysis, and is told where the cursor is
// (`setCursor`). The page wires it to CodeMirror; the VS Code webview wires it to VS Code.
//
// The SVG comes from the Rust renderer (`render`); every node and edge element carries `data-id`,
// the id of its node or edge in the analysis graph, where its range is found. The SVG lives in a
// shadow root so its own styles cannot leak into the page, nor the page's into it.

import { h, icon, replaceChildren, count, richText, morph, selfAndDescendants } from "./dom.js";
import { parseSvg, takeStyles, viewBoxOf, splitSvg, patchSvg } from "./svg.js";
import { podDocuments, graphOf, indexGraph, patternTitle, documentAt } from "./graph.js";
import { itemAt, rangeContains } from "./ranges.js";

const VIEWS = [
  { id: "pod", label: "Pod" },
  { id: "timeline", label: "Timeline" },
  // The whole input one level up: a click on a workload opens its pod view.
  { id: "app", label: "App" },
];
const ZOOM_STEP = 1.25;
const MIN_SCALE = 0.1;
// Fitting never shrinks the picture below this scale: the diagram's smallest text is 11 px and its
// names 13 px, so they stay at 9.9 px and 11.7 px on screen (see www/README.md). Nor does it
// enlarge past the natural size.
export const MIN_READABLE = 0.9;
const MAX_FIT = 1;
const MAX_SCALE = 6;

const SHADOW_CSS = `
:host { display: block; position: absolute; inset: 0; }
/* Its size never depends on the picture: containment keeps the rest of the page from laying the
   diagram out again, and the diagram from laying out the page. */
.stage { position: absolute; inset: 0; overflow: hidden; cursor: grab; touch-action: none; contain: strict; }
.stage.panning { cursor: grabbing; }
.stage > svg { display: block; width: 100%; height: 100%; user-select: none; -webkit-user-select: none; }
[data-id] { cursor: pointer; transition: opacity 120ms ease; }
[data-id]:focus { outline: none; }
svg.dimmed [data-id]:not(.lit) { opacity: 0.22; }
/* Highlights thicken and light the shapes (a node's box, an edge's line), never the text. */
:is(.lit, .cursor) > :is(rect:first-of-type, circle, ellipse, polygon) { stroke-width: 2.5px; filter: drop-shadow(0 0 3px var(--ps-diagram-glow, #2f81f7)); }
:is(.lit, .cursor) > :is(path, line, polyline) { stroke-width: 2.5px; filter: drop-shadow(0 0 2px var(--ps-diagram-glow, #2f81f7)); }
:is(.selected, .focused) > :is(rect:first-of-type, circle, ellipse, polygon) { stroke: var(--ps-diagram-select, #e3a008); stroke-width: 3px; filter: drop-shadow(0 0 4px var(--ps-diagram-select, #e3a008)); }
:is(.selected, .focused) > :is(path, line, polyline) { stroke-width: 3px; filter: drop-shadow(0 0 3px var(--ps-diagram-select, #e3a008)); }
@media (prefers-reduced-motion: reduce) { [data-id] { transition: none; } }
`;

/**
 * Creates the panel inside `root` (emptied).
 * options:
 *   render(text, {document, view, format, theme}) → string   the wasm `render` (throws on error);
 *                    or a promise of one (null: the text changed meanwhile, nothing to draw)
 *   onReveal(item)   the user chose a node, edge or pattern: item has `range` (select it in the editor)
 *   onHover(target)  `{ranges: [{range, strong}]}` to highlight in the editor, or null
 *   onDocument(index) the shown document changed (optional)
 *   onView(view)     the shown view changed: a view button, or a click on a workload in the app view (optional)
 *   theme            "light" | "dark"
 */
export function createDiagramPanel(root, options) {
  const state = {
    text: "",
    analysis: null,
    documents: [],
    document: null,
    view: "pod",
    theme: options.theme ?? "light",
    svgText: null,
    split: null,
    error: null,
    graph: null,
    index: indexGraph(null),
    lines: [],
    blocks: new Map(),
    base: null,
    box: null,
    rect: null,
    // How the picture is framed: "auto" (fitted: every redraw and resize fits it again), "follow"
    // (panned to the cursor's node: kept, and the node kept in view) or "user" (zoomed or panned
    // by the user: kept as it is).
    frame: "auto",
    // Whether the user has moved the editor's cursor yet: until then the cursor (1:1, or wherever a
    // new text put it) is not theirs, and the diagram neither lights its node nor pans to it.
    following: false,
    // The pod's frame in the picture's units: what fitting frames when the whole is too wide.
    focus: null,
    elements: new Map(),
    selected: null,
    hovered: null,
    cursor: null,
    openPattern: null,
  };

  // ---- DOM ----
  const viewButtons = VIEWS.map((v) =>
    h("button", {
      type: "button",
      class: "ps-seg",
      role: "radio",
      "aria-checked": String(v.id === state.view),
      // One Tab stop for the group (the chosen view); the arrow keys move between views.
      tabindex: v.id === state.view ? "0" : "-1",
      dataset: { view: v.id },
      text: v.label,
      on: { click: () => setView(v.id) },
    }),
  );
  const viewGroup = h("div", { class: "ps-segmented", role: "radiogroup", "aria-label": "Diagram view", on: { keydown: onSegmentKey } }, viewButtons);
  const picker = h("select", { class: "ps-select ps-doc-picker", "aria-label": "Document to draw", on: { change: () => setDocument(Number(picker.value)) } });
  const pickerWrap = h("label", { class: "ps-doc-picker-wrap", hidden: true }, h("span", { class: "ps-visually-hidden", text: "Document" }), picker);
  const zoomLabel = h("button", { type: "button", class: "ps-zoom-label", title: "Actual size (1)", "aria-label": "Zoom to actual size", text: "100%", on: { click: () => zoomTo(1) } });
  const zoomGroup = h(
    "div",
    { class: "ps-zoom", role: "group", "aria-label": "Zoom" },
    h("button", { type: "button", class: "ps-icon-button", title: "Zoom out (−)", "aria-label": "Zoom out", on: { click: () => zoomBy(1 / ZOOM_STEP) } }, icon("minus")),
    zoomLabel,
    h("button", { type: "button", class: "ps-icon-button", title: "Zoom in (+)", "aria-label": "Zoom in", on: { click: () => zoomBy(ZOOM_STEP) } }, icon("plus")),
    h("button", { type: "button", class: "ps-icon-button", title: "Fit to panel (0)", "aria-label": "Fit diagram to panel", on: { click: () => fit() } }, icon("fit")),
  );
  const toolbar = h("div", { class: "ps-diagram-toolbar" }, viewGroup, pickerWrap, h("span", { class: "ps-spacer" }), zoomGroup);
  const patternBar = h("div", { class: "ps-patterns", hidden: true, role: "list", "aria-label": "Patterns found" });
  const evidence = h("div", { class: "ps-evidence", hidden: true, role: "region", "aria-live": "polite" });
  const host = h("div", { class: "ps-diagram-host" });
  const message = h("div", { class: "ps-diagram-message", hidden: true, role: "status" });
  const hint = h("div", { class: "ps-diagram-hint", "aria-hidden": "true", text: "Drag to pan · Ctrl + scroll to zoom" });
  const viewport = h(
    "div",
    {
      class: "ps-diagram-viewport",
      tabindex: "0",
      role: "group",
      "aria-label": "Pod diagram. Tab to reach its boxes, Enter to select one in the editor, arrow keys pan, plus and minus zoom, 0 fits.",
    },
    host,
    message,
    // Badges and evidence float over the picture, so opening them never resizes it.
    h("div", { class: "ps-diagram-overlay" }, patternBar, evidence),
    hint,
  );
  replaceChildren(root, h("div", { class: "ps-diagram" }, toolbar, viewport));

  const shadow = host.attachShadow({ mode: "open" });
  const stage = h("div", { class: "stage" });
  adoptCss(shadow, SHADOW_CSS);
  shadow.append(stage);

  // ---- state changes ----

  /** New text and analysis (the editor changed). Keeps the document, view and zoom. */
  function update(text, analysis) {
    state.text = text;
    state.analysis = analysis;
    state.lines = text.split("\n");
    state.blocks = new Map();
    state.documents = podDocuments(analysis);
    if (!state.documents.some((d) => d.index === state.document)) {
      const changed = state.document !== null;
      state.document = state.documents[0]?.index ?? null;
      if (changed) state.box = null;
    }
    state.graph = state.document === null ? null : graphOf(analysis, state.document);
    state.index = indexGraph(shownGraph());
    if (state.selected && !state.index.items.has(state.selected)) state.selected = null;
    renderPicker();
    renderPatterns();
    draw();
  }

  /** The graph the current view draws: the pod's, or the application's in the app view. */
  function shownGraph() {
    return state.view === "app" ? (state.analysis?.application ?? null) : state.graph;
  }

  /** Something to draw: a pod, or in the app view any object of the application. */
  function hasPicture() {
    return state.view === "app" ? (state.analysis?.application?.nodes?.length ?? 0) > 0 : state.document !== null;
  }

  function setView(view) {
    if (view === state.view || !VIEWS.some((v) => v.id === view)) return;
    state.view = view;
    state.box = null;
    state.frame = "auto";
    state.selected = null;
    state.index = indexGraph(shownGraph());
    renderPicker();
    renderPatterns();
    options.onView?.(view);
    for (const b of viewButtons) {
      b.setAttribute("aria-checked", String(b.dataset.view === view));
      b.tabIndex = b.dataset.view === view ? 0 : -1;
    }
    draw();
  }

  function setDocument(index) {
    if (index === state.document || !state.documents.some((d) => d.index === index)) return;
    state.document = index;
    state.box = null;
    state.frame = "auto";
    state.selected = null;
    state.graph = graphOf(state.analysis, index);
    state.index = indexGraph(shownGraph());
    state.openPattern = null;
    picker.value = String(index);
    renderPatterns();
    draw();
    options.onDocument?.(index);
  }

  function setTheme(theme) {
    if (theme === state.theme) return;
    state.theme = theme;
    draw();
  }

  /**
   * The editor's cursor moved: light up what it is in, pan to it, and follow it into another pod
   * document. `user: false` says the program put it there (a new text, the first view): until the
   * user has moved it once, such positions are ignored, and the diagram stays on its first view.
   */
  function setCursor(position, { user = true } = {}) {
    if (user) state.following = true;
    if (!position || !state.analysis || !state.following) return;
    const doc = documentAt(state.analysis, position);
    // The app view shows every document: the cursor only lights what it is in.
    if (state.view !== "app" && doc && doc.index !== state.document && state.documents.some((d) => d.index === doc.index)) setDocument(doc.index);
    // The pod's block is the whole document: it would always be lit. Only its own range counts.
    const items = [...state.index.items.values()].filter((i) => i.kind !== "pod" || rangeContains(i.range, position));
    const item = itemAt(state.lines, items, position, state.blocks);
    const id = item?.id ?? null;
    if (id === state.cursor) return;
    state.cursor = id;
    paint();
    if (id) revealInView(id);
  }

  /** Frames the picture again after a change, as its framing says. */
  function reframe() {
    if (state.frame === "auto") fitBox();
    applyBox();
    if (state.frame === "follow" && state.cursor) revealInView(state.cursor);
  }

  // ---- drawing ----

  function renderPicker() {
    const docs = state.documents;
    pickerWrap.hidden = docs.length < 2 || state.view === "app";
    const key = docs.map((d) => `${d.index}:${d.label}`).join("|");
    if (picker.dataset.key !== key) {
      picker.dataset.key = key;
      replaceChildren(picker, docs.map((d) => h("option", { value: String(d.index), text: `${d.label} (document ${d.index + 1})` })));
    }
    if (state.document !== null) picker.value = String(state.document);
  }

  function renderPatterns() {
    const patterns = state.view === "app" ? [] : (state.graph?.patterns ?? []);
    patternBar.hidden = patterns.length === 0;
    if (!patterns.some((p, i) => patternKey(p, i) === state.openPattern)) state.openPattern = null;
    // Rebuilt only when a chip would read differently: new buttons beside the stage make the
    // page lay the whole diagram out again, which is most of a keystroke's redraw.
    const drawnKey = JSON.stringify([state.openPattern, patterns.map((p, i) => [patternKey(p, i), state.index.items.get(p.container)?.name])]);
    if (patternBar.dataset.key === drawnKey) return renderEvidence();
    patternBar.dataset.key = drawnKey;
    replaceChildren(
      patternBar,
      patterns.map((p, i) => {
        const key = patternKey(p, i);
        const helper = state.index.items.get(p.container);
        return h(
          "button",
          {
            type: "button",
            role: "listitem",
            class: ["ps-badge", `ps-badge-${String(p.kind).replace(/[^a-zA-Z]/g, "")}`],
            "aria-expanded": String(state.openPattern === key),
            title: "Show the evidence",
            on: {
              click: () => togglePattern(key),
              // The chip outlives edits that keep its text: its ranges come from the current graph.
              mouseenter: () => hoverPattern(currentPattern(key)),
              mouseleave: () => hoverPattern(null),
              focus: () => hoverPattern(currentPattern(key)),
              blur: () => hoverPattern(null),
            },
          },
          h("span", { class: "ps-badge-kind", text: patternTitle(p.kind) }),
          h("span", { class: "ps-badge-name", text: helper?.name ?? p.container }),
        );
      }),
    );
    renderEvidence();
  }

  function renderEvidence() {
    const patterns = state.graph?.patterns ?? [];
    const i = patterns.findIndex((p, j) => patternKey(p, j) === state.openPattern);
    const p = patterns[i];
    evidence.hidden = !p;
    if (!p) return evidence.replaceChildren();
    const name = (id) => state.index.items.get(id)?.name ?? id;
    replaceChildren(
      evidence,
      h(
        "div",
        { class: "ps-evidence-head" },
        h("strong", { text: `${patternTitle(p.kind)}: ${name(p.container)}` }),
        p.with?.length ? h("span", { class: "ps-muted", text: ` serves ${p.with.map(name).join(", ")}` }) : null,
        h("span", { class: "ps-spacer" }),
        h("button", { type: "button", class: "ps-link-button", text: "Show in editor", on: { click: () => options.onReveal?.({ id: p.container, type: "pattern", range: p.range }) } }),
        h("button", { type: "button", class: "ps-icon-button", "aria-label": "Close evidence", title: "Close", on: { click: () => togglePattern(null) } }, icon("close")),
      ),
      h("ul", { class: "ps-evidence-list" }, (p.evidence ?? []).map((e) => h("li", {}, richText(e)))),
    );
  }

  function currentPattern(key) {
    return (state.graph?.patterns ?? []).find((p, i) => patternKey(p, i) === key) ?? null;
  }

  function togglePattern(key) {
    state.openPattern = state.openPattern === key ? null : key;
    for (const b of patternBar.children) b.setAttribute("aria-expanded", "false");
    const patterns = state.graph?.patterns ?? [];
    const i = patterns.findIndex((p, j) => patternKey(p, j) === state.openPattern);
    if (i >= 0) patternBar.children[i]?.setAttribute("aria-expanded", "true");
    renderEvidence();
  }

  function hoverPattern(p) {
    if (!p) return setHover(null);
    const ids = [p.container, ...(p.with ?? [])];
    setHover({ ids, ranges: [{ range: p.range, strong: true }, ...ids.slice(1).map((id) => state.index.items.get(id)?.range).filter(Boolean).map((range) => ({ range, strong: false }))] });
  }

  // Each drawing has a ticket: an answer from an asynchronous `render` that comes after a newer
  // drawing was asked for is dropped.
  let drawTicket = 0;
  let drawing = Promise.resolve();

  function draw() {
    state.hovered = null;
    const ticket = ++drawTicket;
    if (!hasPicture()) {
      const hasText = state.text.trim() !== "";
      const app = state.view === "app";
      return showMessage(
        !hasText ? "Nothing to draw yet" : app ? "No application to draw" : "No pod to draw",
        !hasText
          ? "Type a manifest, open a file or pick an example."
          : app
            ? "The app view draws workloads, Services, Ingresses, PodDisruptionBudgets, HorizontalPodAutoscalers, ConfigMaps, Secrets and PersistentVolumeClaims."
            : "Podscope draws Pods and the pod templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs.",
      );
    }
    let result;
    try {
      result = options.render(state.text, { document: state.document, view: state.view, format: "svg", theme: state.theme });
    } catch (error) {
      return showError(error);
    }
    if (typeof result?.then === "function") {
      // Drawn elsewhere (the page's worker): null means the text has changed since; keep the picture.
      drawing = result.then(
        (svgText) => ticket === drawTicket && svgText != null && show(svgText),
        (error) => ticket === drawTicket && showError(error),
      );
      return;
    }
    show(result);
  }

  /** Puts the renderer's SVG on the stage, patching the current picture where it can. */
  function show(svgText) {
    if (svgText === state.svgText && stage.firstElementChild) return paint();
    const { svg: bare, styles } = takeStyles(svgText);
    const split = splitSvg(bare);
    const current = stage.firstElementChild;
    // While the user types, a few of the picture's top-level groups change and the rest only
    // move their source positions: those stay on the page, and only the changed ones are parsed.
    const patching = Boolean(current && split && state.split);
    let svg;
    try {
      svg = parseSvg(patching ? `${split.open}</svg>` : bare);
    } catch (error) {
      return showError(error);
    }
    state.svgText = svgText;
    state.error = null;
    message.hidden = true;
    root.dataset.state = "diagram";
    // Everything is decided on the new tree before it meets the page, so the page lays the
    // diagram out once: the panel's size does not depend on the picture inside it.
    // The size comes from the ResizeObserver; measuring here would force the page's layout.
    if (!state.rect?.width) state.rect = stage.getBoundingClientRect();
    state.base = viewBoxOf(svg);
    state.focus = focusOf(svg);
    if (!state.box || state.frame === "auto") fitBox();
    prepareRoot(svg);
    adoptSvgStyles(styles);
    if (patching && patchSvg(current, svg, split, state.split, { prepare: decorate })) {
      decorate(current);
    } else {
      if (patching) prepareRoot((svg = parseSvg(bare)));
      decorate(svg);
      if (current) morph(current, svg);
      else stage.append(svg);
    }
    const drawn = stage.firstElementChild;
    // Only a picture whose children are exactly the split's can be patched next time.
    state.split = split && drawn.children.length === split.children.length ? split : null;
    state.elements = indexElements(drawn);
    if (patching) {
      // The parsed tree held only the root: the pod's frame is read from the patched picture.
      const focus = focusOf(drawn);
      if (JSON.stringify(focus) !== JSON.stringify(state.focus)) {
        state.focus = focus;
        if (state.frame === "auto") fitBox();
        setViewBox(drawn);
      }
    }
    showZoom();
    paint();
    if (state.frame === "follow" && state.cursor) revealInView(state.cursor);
  }

  /** The pod's frame (the node of kind "pod": its first rect), in the picture's units, or null. */
  function focusOf(svg) {
    if (state.view !== "pod") return null;
    const pod = [...state.index.items.values()].find((i) => i.kind === "pod");
    if (!pod) return null;
    const rect = [...selfAndDescendants(svg, "[data-id]")].find((el) => el.getAttribute("data-id") === pod.id)?.querySelector(":scope > rect");
    const box = rect && ["x", "y", "width", "height"].map((a) => Number(rect.getAttribute(a)));
    return box && box.every(Number.isFinite) && box[2] > 0 && box[3] > 0 ? { x: box[0], y: box[1], width: box[2], height: box[3] } : null;
  }

  /** The root's attributes as the panel shows it: sized by the stage, framed by the view box. */
  function prepareRoot(svg) {
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    setViewBox(svg);
  }

  // The renderer's <style> sheets join the shadow root's constructed sheet: a strict
  // Content-Security-Policy (the VS Code webview's) refuses inline <style> elements.
  let svgCss = "";
  function adoptSvgStyles(styles) {
    const css = styles.join("\n");
    if (css === svgCss) return;
    svgCss = css;
    adoptCss(shadow, `${SHADOW_CSS}\n${css}`);
  }

  function showError(error) {
    const text = String(error?.message ?? error).replace(/^render:\s*/, "");
    showMessage("This pod cannot be drawn", text);
    state.error = text;
  }

  function showMessage(title, detail) {
    state.svgText = null;
    state.split = null;
    state.base = null;
    state.elements = new Map();
    stage.replaceChildren();
    root.dataset.state = "message";
    message.hidden = false;
    replaceChildren(message, icon("diagram", "ps-message-icon"), h("strong", { text: title }), detail ? h("p", { text: detail }) : null);
  }

  /** Makes nodes reachable by keyboard and names them for screen readers (first element of each). */
  function decorate(svg) {
    const seen = new Set();
    for (const el of selfAndDescendants(svg, "[data-id]")) {
      const id = el.getAttribute("data-id");
      if (seen.has(id)) continue;
      seen.add(id);
      const item = state.index.items.get(id);
      if (item ? item.type === "node" : /^(?!e\d+$)/.test(id)) {
        const title = el.querySelector(":scope > title")?.textContent;
        setIfChanged(el, "tabindex", "0");
        setIfChanged(el, "role", "button");
        setIfChanged(el, "aria-label", title || item?.label || id);
      }
    }
  }

  /** The elements of each node and edge, by id. */
  function indexElements(svg) {
    const elements = new Map();
    for (const el of svg.querySelectorAll("[data-id]")) {
      const id = el.getAttribute("data-id");
      if (elements.has(id)) elements.get(id).push(el);
      else elements.set(id, [el]);
    }
    return elements;
  }

  /** Classes for hover, selection and cursor on the current SVG. */
  function paint() {
    const svg = stage.firstElementChild;
    if (!svg) return;
    for (const el of svg.querySelectorAll(".lit, .selected, .cursor")) el.classList.remove("lit", "selected", "cursor");
    const lit = state.hovered?.ids ?? [];
    svg.classList.toggle("dimmed", lit.length > 0);
    for (const id of lit) for (const el of elementsOf(svg, id)) el.classList.add("lit");
    if (state.selected) for (const el of elementsOf(svg, state.selected)) el.classList.add("selected");
    if (state.cursor && !lit.length) for (const el of elementsOf(svg, state.cursor)) el.classList.add("cursor");
    shadow.activeElement?.closest?.("[data-id]")?.classList.add("focused");
    root.dataset.selected = state.selected ?? "";
    root.dataset.cursor = state.cursor ?? "";
  }

  function elementsOf(svg, id) {
    return state.elements.get(id) ?? [];
  }

  /** What pointing at `id` lights up: the item, its edges and their other ends; and its ranges. */
  function related(id) {
    const item = state.index.items.get(id);
    if (!item) return { ids: [id], ranges: [] };
    if (item.type === "edge") {
      return {
        ids: [id, item.from, item.to],
        ranges: [{ range: item.range, strong: true }],
      };
    }
    const edges = state.index.edgesOf.get(id) ?? [];
    return {
      ids: [id, ...edges.flatMap((e) => [e.id, e.from, e.to])],
      ranges: [{ range: item.range, strong: true }, ...edges.map((e) => ({ range: e.range, strong: false }))],
    };
  }

  function setHover(target) {
    state.hovered = target;
    paint();
    options.onHover?.(target ? { ranges: target.ranges } : null);
  }

  function select(id) {
    state.selected = id;
    paint();
    const item = state.index.items.get(id);
    const range = item?.range ?? rangeFromAttributes(state.elements.get(id)?.[0]);
    options.onReveal?.({ id, type: item?.type ?? "node", range, label: item?.label ?? id });
    // In the app view a workload opens its own pod view.
    if (state.view === "app" && item?.kind === "workload" && state.documents.some((d) => d.index === item.document)) {
      setDocument(item.document);
      setView("pod");
      viewButtons.find((b) => b.dataset.view === "pod")?.focus({ preventScroll: true });
    }
  }

  // ---- zoom and pan ----

  function metrics() {
    const rect = state.rect ?? stage.getBoundingClientRect();
    const box = state.box;
    const scale = Math.min(rect.width / box.width, rect.height / box.height) || 1;
    return { rect, scale, offX: (rect.width - box.width * scale) / 2, offY: (rect.height - box.height * scale) / 2 };
  }

  /**
   * Frames the picture as a person would: the whole of it when it fits at a readable size
   * (MIN_READABLE and up, never past its natural size), centred. Otherwise the width is fitted,
   * down to MIN_READABLE: of the whole picture, or of the pod's frame when the whole is too wide,
   * centred horizontally and from the top; the rest is a scroll (wheel, drag, arrow keys) away.
   * The automatic fit, the Fit button and the 0 key all follow this rule.
   */
  function fitBox() {
    const base = state.base;
    if (!base) return;
    const pad = Math.min(24, Math.max(base.width, base.height) * 0.02);
    const grow = (b) => ({ x: b.x - pad, y: b.y - pad, width: b.width + 2 * pad, height: b.height + 2 * pad });
    const whole = grow(base);
    state.box = whole;
    const rect = state.rect ?? stage.getBoundingClientRect();
    if (!rect.width || !rect.height) return;
    // The pattern badges float over the top of the panel: keep the picture below them.
    const top = patternBar.hidden ? 0 : Math.min((state.badgesHeight || 28) + 10, rect.height / 3);
    const room = rect.height - top;
    const all = Math.min(rect.width / whole.width, room / whole.height);
    let target = whole;
    let scale;
    if (all >= MIN_READABLE) scale = Math.min(MAX_FIT, all);
    else {
      if (state.focus && rect.width / whole.width < MIN_READABLE) target = grow(state.focus);
      scale = Math.min(MAX_FIT, Math.max(MIN_READABLE, rect.width / target.width));
    }
    const width = rect.width / scale;
    const height = rect.height / scale;
    const roomUnits = room / scale;
    state.box = {
      x: width >= target.width ? target.x + target.width / 2 - width / 2 : target.x,
      y: (roomUnits >= whole.height ? whole.y + whole.height / 2 - roomUnits / 2 : target.y) - top / scale,
      width,
      height,
    };
  }

  function applyBox() {
    const svg = stage.firstElementChild;
    if (!svg || !state.box) return;
    setViewBox(svg);
    showZoom();
  }

  function setViewBox(svg) {
    const { x, y, width, height } = state.box;
    svg.setAttribute("viewBox", `${x} ${y} ${width} ${height}`);
  }

  function showZoom() {
    // Only when it reads differently: a new text node in the toolbar makes the page lay the whole
    // diagram out again, a third of a keystroke's redraw.
    const text = `${Math.round(metrics().scale * 100)}%`;
    if (zoomLabel.textContent !== text) zoomLabel.textContent = text;
  }

  /** Sets the scale (screen px per SVG unit) keeping the point under (px, py) in place. */
  function setScaleAround(scale, px, py, centre = false) {
    if (!state.box) return;
    const rect = stage.getBoundingClientRect();
    if (!rect.width || !rect.height) return;
    scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
    const m = metrics();
    const sx = state.box.x + (px - m.offX) / m.scale;
    const sy = state.box.y + (py - m.offY) / m.scale;
    const width = rect.width / scale;
    const height = rect.height / scale;
    state.box = centre
      ? { x: state.base.x + state.base.width / 2 - width / 2, y: state.base.y + state.base.height / 2 - height / 2, width, height }
      : { x: sx - px / scale, y: sy - py / scale, width, height };
  }

  function zoomBy(factor, px, py) {
    if (!state.box) return;
    state.frame = "user";
    const rect = stage.getBoundingClientRect();
    setScaleAround(metrics().scale * factor, px ?? rect.width / 2, py ?? rect.height / 2);
    applyBox();
  }

  function zoomTo(scale) {
    if (!state.box) return;
    state.frame = "user";
    const rect = stage.getBoundingClientRect();
    setScaleAround(scale, rect.width / 2, rect.height / 2);
    applyBox();
  }

  /** Fits the picture by the panel's rule and keeps it fitted (the Fit button, the 0 key, a new layout). */
  function fit() {
    state.frame = "auto";
    fitBox();
    applyBox();
  }

  /** Pans by screen pixels; `by`: "user" (a drag, the wheel, the keys) or "follow" (the cursor). */
  function panBy(dx, dy, by = "user") {
    if (!state.box) return;
    if (by === "user" || state.frame === "auto") state.frame = by;
    const { scale } = metrics();
    state.box = { ...state.box, x: state.box.x - dx / scale, y: state.box.y - dy / scale };
    applyBox();
  }

  /** Pans so that the element of `id` is in view, when it is not. */
  function revealInView(id) {
    const el = state.elements.get(id)?.[0];
    if (!el || !state.box) return;
    const r = el.getBoundingClientRect();
    const v = stage.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return;
    if (r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom) return;
    panBy(v.left + v.width / 2 - (r.left + r.width / 2), v.top + v.height / 2 - (r.top + r.height / 2), "follow");
  }

  // ---- events ----

  let drag = null;
  // Two fingers pinch to zoom: the pointers down, by id.
  const touches = new Map();
  let pinch = null;
  stage.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || !state.box) return;
    touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (touches.size === 2) {
      const [a, b] = [...touches.values()];
      pinch = { distance: Math.hypot(a.x - b.x, a.y - b.y) || 1 };
      drag = null;
      return;
    }
    drag = { id: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
  });
  stage.addEventListener("pointermove", (event) => {
    if (pinch && touches.has(event.pointerId)) {
      touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
      const [a, b] = [...touches.values()];
      const distance = Math.hypot(a.x - b.x, a.y - b.y) || 1;
      const rect = stage.getBoundingClientRect();
      zoomBy(distance / pinch.distance, (a.x + b.x) / 2 - rect.left, (a.y + b.y) / 2 - rect.top);
      pinch.distance = distance;
      return;
    }
    if (drag && drag.id === event.pointerId) {
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) {
        drag.moved = true;
        stage.setPointerCapture(event.pointerId);
        stage.classList.add("panning");
      }
      drag.x = event.clientX;
      drag.y = event.clientY;
      panBy(dx, dy);
      return;
    }
    const id = targetId(event);
    if (id !== (state.hovered?.source ?? null)) setHover(id ? { ...related(id), source: id } : null);
  });
  const endDrag = (event) => {
    touches.delete(event.pointerId);
    if (touches.size < 2) pinch = null;
    if (!drag || drag.id !== event.pointerId) return;
    const moved = drag.moved;
    drag = null;
    stage.classList.remove("panning");
    if (!moved && event.type === "pointerup") {
      const id = targetId(event);
      if (id) select(id);
    }
  };
  stage.addEventListener("pointerup", endDrag);
  stage.addEventListener("pointercancel", endDrag);
  stage.addEventListener("pointerleave", () => {
    if (!drag && state.hovered) setHover(null);
  });
  stage.addEventListener(
    "wheel",
    (event) => {
      if (!state.box) return;
      event.preventDefault();
      const rect = stage.getBoundingClientRect();
      if (event.ctrlKey || event.metaKey) {
        zoomBy(Math.exp(-event.deltaY * 0.0025), event.clientX - rect.left, event.clientY - rect.top);
      } else {
        panBy(-event.deltaX, -event.deltaY);
      }
    },
    { passive: false },
  );
  shadow.addEventListener("focusin", (event) => {
    const id = event.target.closest?.("[data-id]")?.getAttribute("data-id");
    if (id) {
      event.target.classList.add("focused");
      setHover({ ...related(id), source: id });
      revealInView(id);
    }
  });
  shadow.addEventListener("focusout", (event) => {
    event.target.classList?.remove("focused");
    setHover(null);
  });
  shadow.addEventListener("keydown", (event) => {
    const id = event.target.closest?.("[data-id]")?.getAttribute("data-id");
    if (id && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      event.stopPropagation();
      select(id);
    }
  });
  viewport.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const step = event.shiftKey ? 160 : 48;
    const actions = {
      "+": () => zoomBy(ZOOM_STEP),
      "=": () => zoomBy(ZOOM_STEP),
      "-": () => zoomBy(1 / ZOOM_STEP),
      0: () => fit(),
      1: () => zoomTo(1),
      ArrowLeft: () => panBy(step, 0),
      ArrowRight: () => panBy(-step, 0),
      ArrowUp: () => panBy(0, step),
      ArrowDown: () => panBy(0, -step),
    };
    const action = actions[event.key];
    if (action && state.box) {
      event.preventDefault();
      action();
    }
  });
  const resize = new ResizeObserver(([entry]) => {
    state.rect = { left: 0, top: 0, width: entry.contentRect.width, height: entry.contentRect.height };
    if (!state.box) return;
    reframe();
  });
  resize.observe(stage);
  // The badges' height, kept here so that fitting never forces a layout to read it.
  const badges = new ResizeObserver(([entry]) => {
    if (entry.contentRect.height === state.badgesHeight) return;
    state.badgesHeight = entry.contentRect.height;
    // The picture sits below the badges: a fitted one moves with them.
    if (state.box && state.frame === "auto") reframe();
  });
  badges.observe(patternBar);

  function targetId(event) {
    const path = event.composedPath();
    for (const el of path) {
      if (el === stage) break;
      if (el.getAttribute?.("data-id")) return el.getAttribute("data-id");
    }
    return null;
  }

  function onSegmentKey(event) {
    const i = VIEWS.findIndex((v) => v.id === state.view);
    const next = event.key === "ArrowRight" || event.key === "ArrowDown" ? i + 1 : event.key === "ArrowLeft" || event.key === "ArrowUp" ? i - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const view = VIEWS[(next + VIEWS.length) % VIEWS.length].id;
    setView(view);
    viewButtons.find((b) => b.dataset.view === view)?.focus();
  }

  return {
    update,
    setView,
    setDocument,
    setTheme,
    setCursor,
    fit,
    zoomBy,
    /** Forgets zoom, pan and selection: the next drawing starts fitted (a new manifest). */
    reset() {
      state.box = null;
      state.frame = "auto";
      state.following = false;
      state.focus = null;
      state.selected = null;
      state.cursor = null;
      state.openPattern = null;
    },
    /** Selects an item as if clicked (by id). */
    select,
    /** The state the page needs for exports and the status line. */
    get state() {
      return {
        view: state.view,
        document: state.document,
        documents: state.documents,
        svg: state.svgText,
        error: state.error,
        graph: state.graph,
        scale: state.box ? metrics().scale : null,
        frame: state.frame,
        following: state.following,
        patterns: state.graph?.patterns?.length ?? 0,
      };
    },
    /** Resolves once the last drawing asked for is on the stage (at once when `render` is synchronous). */
    drawn: () => drawing,
    /** The current diagram in another format (`mermaid`, `dot`, `json`, `svg`); a promise when `render` returns one. */
    renderAs(format) {
      if (!hasPicture()) throw new Error(state.view === "app" ? "no application to draw" : "no pod to draw");
      return options.render(state.text, { document: state.document, view: state.view, format, theme: state.theme });
    },
    describe() {
      if (state.view === "app") {
        const app = state.analysis?.application;
        return app?.nodes?.length ? `application, app view, ${count(app.nodes.length, "object")}` : "no application";
      }
      const d = state.documents.find((x) => x.index === state.document);
      return d ? `${d.label}, ${state.view} view${state.graph ? `, ${count(state.graph.nodes?.length ?? 0, "node")}` : ""}` : "no pod";
    },
    destroy() {
      resize.disconnect();
      badges.disconnect();
      root.replaceChildren();
    },
  };
}

function setIfChanged(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function patternKey(p, i) {
  return `${i}:${p.kind}:${p.container}`;
}

/** A range from the element's `data-range` ("line:column-line:column"), for ids not in the graph. */
function rangeFromAttributes(el) {
  const m = /^(\d+):(\d+)-(\d+):(\d+)$/.exec(el?.getAttribute("data-range") ?? "");
  return m ? { start: { line: +m[1], column: +m[2] }, end: { line: +m[3], column: +m[4] } } : null;
}

function adoptCss(shadow, css) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    shadow.querySelector(":scope > style")?.remove();
    shadow.prepend(h("style", { text: css }));
  }
}
