// DOM building without HTML strings: every piece of text from a manifest becomes a text node,
// so nothing a user types can turn into markup.

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Creates an element. `props`: `class`, `text`, `dataset`, `on` ({event: handler}), any other key
 * is set as an attribute (false/null/undefined skip it). Children: nodes, strings (as text), arrays.
 */
export function h(tag, props = {}, ...children) {
  return build(document.createElement(tag), props, children);
}

/** Like `h` for SVG elements (icons). */
export function s(tag, props = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

function build(el, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "text") el.textContent = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "on") for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Text with `backticked` parts shown as code, as the help texts write field names. */
export function richText(text) {
  const out = document.createDocumentFragment();
  String(text ?? "")
    .split(/(`[^`]*`)/)
    .forEach((part, i) => {
      if (!part) return;
      out.append(i % 2 === 1 ? h("code", { text: part.slice(1, -1) }) : document.createTextNode(part));
    });
  return out;
}

// Icons: 16×16 strokes, drawn with currentColor.
const ICONS = {
  error: ["M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13Z", "M5.8 5.8l4.4 4.4M10.2 5.8l-4.4 4.4"],
  warning: ["M8 1.8 15 14H1L8 1.8Z", "M8 6.2v3.6M8 11.6v.2"],
  info: ["M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13Z", "M8 7.2v4.2M8 4.8v.2"],
  ok: ["M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13Z", "M5 8.2l2 2 4-4.4"],
  plus: ["M8 3v10M3 8h10"],
  minus: ["M3 8h10"],
  fit: ["M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4"],
  chevron: ["M4 6l4 4 4-4"],
  open: ["M1.5 4.5V13a1 1 0 0 0 1 1h11a1 1 0 0 0 1-1V6a1 1 0 0 0-1-1H8L6.5 3h-4a1 1 0 0 0-1 1.5Z"],
  share: ["M6.5 9.5l3-3", "M9 4l1.2-1.2a2.5 2.5 0 0 1 3.5 3.5L12.5 7.5", "M7 12l-1.2 1.2a2.5 2.5 0 0 1-3.5-3.5L3.5 8.5"],
  download: ["M8 2v8.5M4.5 7.5 8 11l3.5-3.5M2.5 13.5h11"],
  sun: ["M8 5a3 3 0 1 0 0 6 3 3 0 0 0 0-6Z", "M8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1 1M12 12l1 1M3 13l1-1M12 4l1-1"],
  moon: ["M13.5 10A6 6 0 0 1 6 2.5a6 6 0 1 0 7.5 7.5Z"],
  auto: ["M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13Z", "M8 1.5v13", "M8 1.5a6.5 6.5 0 0 1 0 13Z"],
  lock: ["M4 7V5a4 4 0 0 1 8 0v2", "M3 7h10v7H3z"],
  keyboard: ["M1.5 4h13v8h-13z", "M4 6.5h.1M6.5 6.5h.1M9 6.5h.1M11.5 6.5h.1M4.5 9.5h7"],
  examples: ["M3 2h7l3 3v9H3z", "M10 2v3h3", "M5.5 8h5M5.5 10.5h5"],
  close: ["M4 4l8 8M12 4l-8 8"],
  diagram: ["M2 2h5v4H2zM9 10h5v4H9zM9 2h5v4H9z", "M7 4h2M11.5 6v4"],
  check: ["M3 8.5l3 3 7-7"],
  layoutBelow: ["M1.5 2.5h6v5h-6zM8.5 2.5h6v5h-6zM1.5 9h13v4.5h-13z"],
  layoutBeside: ["M1.5 2.5h6v6h-6zM1.5 10h6v3.5h-6zM8.5 2.5h6v11h-6z"],
};

/** An icon by name (see ICONS), hidden from screen readers. */
export function icon(name, extraClass) {
  const paths = ICONS[name] ?? ICONS.info;
  return s(
    "svg",
    { class: ["ps-icon", extraClass], viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true", focusable: "false" },
    paths.map((d) => s("path", { d })),
  );
}

/** Clears an element and appends new children. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** `el` itself when it matches `selector`, then its matching descendants, in document order. */
export function selfAndDescendants(el, selector) {
  const below = [...el.querySelectorAll(selector)];
  return el.matches(selector) ? [el, ...below] : below;
}

/** Plural: `count(3, "error")` → "3 errors". */
export function count(n, word, plural = word + "s") {
  return `${n} ${n === 1 ? word : plural}`;
}

/**
 * Makes `target` (in the page) equal to `source` (freshly parsed), changing only what differs,
 * so that a redraw while typing relayouts only what moved. Elements are matched by position and
 * name; where the structure differs the new subtree replaces the old one.
 */
export function morph(target, source) {
  syncAttributes(target, source);
  morphChildren(target, source);
}

/** Makes the children of `target` equal to those of `source` (moved out of it), as `morph`. */
export function morphChildren(target, source) {
  const old = target.childNodes;
  const next = [...source.childNodes];
  for (let i = 0; i < next.length; i++) {
    const a = old[i];
    const b = next[i];
    if (!a) target.append(b);
    else if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName) target.replaceChild(b, a);
    else if (a.nodeType === Node.ELEMENT_NODE) morph(a, b);
    else if (a.nodeValue !== b.nodeValue) a.nodeValue = b.nodeValue;
  }
  while (old.length > next.length) target.lastChild.remove();
}

/** Gives `target` exactly the attributes of `source`, touching only those that differ. */
export function syncAttributes(target, source) {
  const old = target.attributes;
  for (let i = old.length - 1; i >= 0; i--) {
    if (!source.hasAttribute(old[i].name)) target.removeAttribute(old[i].name);
  }
  for (const attr of source.attributes) {
    if (target.getAttribute(attr.name) !== attr.value) target.setAttribute(attr.name, attr.value);
  }
}
