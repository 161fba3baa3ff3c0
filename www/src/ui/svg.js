// Turning the diagram's SVG text into DOM. The renderer escapes every name already; this is the
// second fence: the text is parsed into an inert <template> (parsing there runs nothing and loads
// nothing), and anything that could run code or reach the network is dropped before the tree
// enters the page. The HTML parser reads SVG as foreign content, two to three times faster than
// the XML parser, which matters for redrawing while the user types.

import { morph, syncAttributes, selfAndDescendants } from "./dom.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const DROPPED = new Set(["script", "foreignObject", "iframe", "object", "embed", "audio", "video", "image", "a"]);

/** Parses SVG text into a sanitised `<svg>` element owned by `doc`; throws when there is none. */
export function parseSvg(text, doc = document) {
  const template = doc.createElement("template");
  template.innerHTML = text;
  const root = [...template.content.children].find((el) => el.localName === "svg" && el.namespaceURI === SVG_NS);
  if (!root) throw new Error("the diagram is not valid SVG");
  sanitize(root);
  return doc.adoptNode(root);
}

/**
 * Splits the renderer's `<style>` sheets off the SVG text, for the panel to adopt as constructed
 * sheets: a strict Content-Security-Policy (the VS Code webview's) refuses inline `<style>`, even
 * in a parsed copy that never enters the page. A sheet that could reach the network is dropped.
 */
export function takeStyles(text) {
  const styles = [];
  const svg = text.replace(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi, (_match, css) => {
    const sheet = css.replace(/<!\[CDATA\[|\]\]>/g, "").replace(/&(lt|gt|quot|apos|amp);/g, (_, name) => XML_ENTITIES[name]);
    if (!/@import|url\(\s*['"]?(?!#)/i.test(sheet)) styles.push(sheet);
    return "";
  });
  return { svg, styles };
}

const XML_ENTITIES = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" };

function sanitize(root) {
  const doomed = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let el = walker.currentNode; el; el = walker.nextNode()) {
    // Only SVG elements; an HTML element inside means the text broke out of SVG, and goes.
    if (el.namespaceURI !== SVG_NS || (DROPPED.has(el.localName) && el !== root) || (el.localName === "use" && !isLocal(hrefOf(el)))) {
      doomed.push(el);
      continue;
    }
    // Backwards, so that a removal does not skip the next attribute; the HTML parser has
    // lower-cased every name that could be an event handler.
    const attributes = el.attributes;
    for (let i = attributes.length - 1; i >= 0; i--) {
      const attr = attributes[i];
      const name = attr.name;
      const value = attr.value;
      if (name.startsWith("on")) el.removeAttributeNode(attr);
      else if ((name === "href" || name === "xlink:href") && !isLocal(value)) el.removeAttributeNode(attr);
      else if (value.includes("(") && /url\(\s*['"]?(?!#)/i.test(value)) el.removeAttributeNode(attr);
    }
    if (el.localName === "style" && /@import|url\(\s*['"]?(?!#)/i.test(el.textContent)) doomed.push(el);
  }
  for (const el of doomed) el.remove();
}

function hrefOf(el) {
  return el.getAttribute("href") ?? el.getAttribute("xlink:href") ?? "";
}

function isLocal(value) {
  return value.trim().startsWith("#");
}

/** The `viewBox` of an SVG element as numbers, from its attribute or its width and height. */
export function viewBoxOf(svg) {
  const box = (svg.getAttribute("viewBox") ?? "").trim().split(/[\s,]+/).map(Number);
  if (box.length === 4 && box.every(Number.isFinite) && box[2] > 0 && box[3] > 0) {
    return { x: box[0], y: box[1], width: box[2], height: box[3] };
  }
  const width = parseFloat(svg.getAttribute("width")) || 800;
  const height = parseFloat(svg.getAttribute("height")) || 600;
  return { x: 0, y: 0, width, height };
}

/**
 * The renderer's SVG text cut into its root tag and its top-level children, as text:
 * `{ open, children }`. The renderer escapes `<` and `>` everywhere outside its tags, so every
 * `<…>` is a tag. Anything else (no `<svg>` root, comments, text between the children,
 * unbalanced tags) gives null, and the caller parses the whole text instead.
 */
export function splitSvg(text) {
  const start = text.indexOf("<svg");
  if (start < 0 || text.slice(0, start).trim() !== "" || /<[!?]/.test(text)) return null;
  const tag = /<(\/?)([a-zA-Z][\w:-]*)[^<>]*?(\/?)>/g;
  tag.lastIndex = start;
  const root = tag.exec(text);
  if (!root || root.index !== start || root[1] || root[3] || root[2] !== "svg") return null;
  const children = [];
  let depth = 0;
  let childStart = -1;
  let last = tag.lastIndex;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    if (depth === 0 && text.slice(last, m.index).trim() !== "") return null;
    const [whole, close, , selfClosing] = m;
    if (close) {
      if (depth === 0) {
        if (m[2] !== "svg" || text.slice(tag.lastIndex).trim() !== "") return null;
        return { open: root[0], children };
      }
      depth -= 1;
      if (depth === 0) children.push(text.slice(childStart, tag.lastIndex));
    } else if (selfClosing) {
      if (depth === 0) children.push(whole);
    } else {
      if (depth === 0) childStart = m.index;
      depth += 1;
    }
    last = tag.lastIndex;
  }
  return null;
}

const POSITIONS = / data-(?:range|bytes)="[^"]*"/g;
const POSITIONED = "[data-range], [data-bytes]";

/**
 * Brings `target` (the page's copy of the SVG split as `previous`) to the SVG split as `next`,
 * top-level child by child: a child whose text is unchanged stays as it is; one that differs only
 * in its source positions (as everything after an edit does) gets those attributes; any other is
 * parsed and sanitised like a whole picture, given to `prepare`, and morphed into the old one.
 * `root` is the new `<svg>` element (parsed from `next.open`, attributes only); its attributes
 * are copied over. Only what changed meets the page's layout again. Returns false, having changed
 * nothing, when `target` does not hold what `previous` describes or most of the picture changed.
 */
export function patchSvg(target, root, next, previous, { prepare = () => {}, doc = document } = {}) {
  if (!previous || target.children.length !== previous.children.length) return false;
  // Whether each child reads as before but for its source positions (stripped once each).
  const same = next.children.map((child, i) => previous.children[i] !== undefined && previous.children[i].replace(POSITIONS, "") === child.replace(POSITIONS, ""));
  const changed = same.filter((s) => !s).length;
  // A picture that changed all over (another view, another document) parses faster whole.
  if (changed > next.children.length / 2) return false;
  syncAttributes(target, root);
  const old = [...target.children];
  const moved = (i) => same[i] && old[i] && (previous.children[i] === next.children[i] || movePositions(old[i], next.children[i]));
  const fresh = next.children.map((_, i) => i).filter((i) => !moved(i));
  // The changed children are parsed together, each sanitised as in a whole picture; when
  // sanitising drops one, they are parsed one by one to keep them aligned.
  let parsed = [...parseSvg(`<svg xmlns="${SVG_NS}">${fresh.map((i) => next.children[i]).join("")}</svg>`, doc).children];
  if (parsed.length !== fresh.length) {
    parsed = fresh.map((i) => parseSvg(`<svg xmlns="${SVG_NS}">${next.children[i]}</svg>`, doc).firstElementChild ?? doc.createElementNS(SVG_NS, "g"));
  }
  fresh.forEach((i, k) => {
    const el = old[i];
    const child = parsed[k];
    prepare(child);
    // A changed child is morphed into its new version, not replaced: mostly a title or a label
    // changed, and the page then lays out only what moved.
    if (!el) target.append(child);
    else if (el.nodeName === child.nodeName) morph(el, child);
    else el.replaceWith(child);
  });
  for (const el of old.slice(next.children.length)) el.remove();
  return true;
}

/** Sets the `data-range` and `data-bytes` of `el` and its descendants from `text`, in order. */
function movePositions(el, text) {
  const tags = [...text.matchAll(/<[a-zA-Z][^<>]*? data-(?:range|bytes)="[^<>]*>/g)].map(([t]) => ({
    range: / data-range="([^"]*)"/.exec(t)?.[1],
    bytes: / data-bytes="([^"]*)"/.exec(t)?.[1],
  }));
  const elements = selfAndDescendants(el, POSITIONED);
  if (elements.length !== tags.length) return false;
  elements.forEach((e, i) => {
    for (const [name, value] of [["data-range", tags[i].range], ["data-bytes", tags[i].bytes]]) {
      if (value === undefined) e.removeAttribute(name);
      else if (e.getAttribute(name) !== value) e.setAttribute(name, value);
    }
  });
  return true;
}
