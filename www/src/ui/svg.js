// Turning the diagram's SVG text into DOM. The renderer escapes every name already; this is the
// second fence: the text is parsed as XML (parsing runs nothing), and anything that could run
// code or reach the network is dropped before the tree enters the page.

const DROPPED_ELEMENTS = new Set(["script", "foreignObject", "iframe", "object", "embed", "audio", "video", "image", "use"]);

/** Parses SVG text into a sanitised `<svg>` element of this document; throws on invalid SVG. */
export function parseSvg(text, doc = document) {
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = parsed.documentElement;
  if (!root || root.localName !== "svg" || parsed.getElementsByTagName("parsererror").length) {
    throw new Error("the diagram is not valid SVG");
  }
  sanitize(root);
  return doc.importNode(root, true);
}

/**
 * Splits the renderer's `<style>` sheets off the SVG text, for the panel to adopt as constructed
 * sheets: a strict Content-Security-Policy (the VS Code webview's) refuses inline `<style>`, even
 * in a document DOMParser makes. A sheet that could reach the network is dropped, as below.
 */
export function takeStyles(text) {
  const styles = [];
  const svg = text.replace(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi, (_, css) => {
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
    if (DROPPED_ELEMENTS.has(el.localName) && !(el.localName === "use" && isLocal(hrefOf(el)))) {
      doomed.push(el);
      continue;
    }
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) el.removeAttributeNode(attr);
      else if ((name === "href" || name === "xlink:href") && !isLocal(attr.value)) el.removeAttributeNode(attr);
      else if (/url\(\s*['"]?(?!#)/i.test(attr.value)) el.removeAttributeNode(attr);
    }
    if (el.localName === "style" && /@import|url\(\s*['"]?(?!#)/i.test(el.textContent)) doomed.push(el);
  }
  for (const el of doomed) el.remove();
}

function hrefOf(el) {
  return el.getAttribute("href") ?? el.getAttributeNS("http://www.w3.org/1999/xlink", "href") ?? "";
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
