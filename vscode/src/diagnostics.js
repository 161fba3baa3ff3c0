// From Podscope's analysis to editor diagnostics, as plain data: 0-based lines and UTF-16
// characters (VS Code's `Position`), the rule's code with a link to its documentation, the help
// text, and related places (the other field a message names; the object a finding belongs to in a
// file of several). The one layer that speaks VS Code turns these into `vscode.Diagnostic`s.

import { parseAllDocuments, isMap, isSeq, isScalar } from "yaml";
import { quickFixes } from "./fixes.js";
import { toRange, rangeFromOffsets } from "./positions.js";

const LEVELS = ["privileged", "baseline", "restricted"];
const PROFILES = ["none", "default", "all"];

/**
 * Analysis options from the user's settings (`podscope.rules`, `podscope.allowPrivileged`,
 * `podscope.podSecurity`, `podscope.profile`); values outside a setting's choices fall back to
 * its default.
 * @returns {import("podscope").AnalyzeOptionsDto}
 */
export function analyzeOptions({ rules = {}, allowPrivileged = true, podSecurity = "privileged", profile = "default" } = {}) {
  const settings = {};
  for (const [rule, setting] of Object.entries(rules ?? {})) {
    const value = String(setting).toLowerCase();
    if (["off", "error", "warning", "info"].includes(value)) settings[rule.trim()] = value;
  }
  return {
    rules: settings,
    allowPrivileged: allowPrivileged !== false,
    podSecurity: /** @type {import("podscope").Level} */ (LEVELS.includes(podSecurity) ? podSecurity : "privileged"),
    profile: /** @type {import("podscope").Profile} */ (PROFILES.includes(profile) ? profile : "default"),
  };
}

/**
 * Editor diagnostics for one analysed text:
 * `[{range, severity, code, rule, message, help, documentation, related: [{range, message}], fixes}]`.
 * `documentation(code)` gives the link target of a rule's code (a string).
 * @param {string} text
 * @param {import("podscope").AnalysisDto} analysis
 * @param {{documentation?: (code: string) => string | undefined}} [options]
 */
export function editorDiagnostics(text, analysis, { documentation = () => undefined } = {}) {
  const objects = analysis.documents.filter((d) => !isListWrapper(analysis, d));
  const several = objects.length > 1;
  const paths = lazyPathResolver(text);
  const diagnostics = foldNotChecked(analysis.diagnostics, objects);
  return diagnostics.map((d) => {
    const doc = objectOf(objects, d);
    const related = [];
    for (const path of mentionedPaths(d)) {
      const range = doc && paths(doc, path);
      if (range) related.push({ range: toRange(range), message: path });
    }
    if (d.notChecked) {
      for (const o of d.notChecked) related.push({ range: toRange(o.range), message: `${describe(o)} is not checked` });
    } else if (several && doc) related.push({ range: toRange(doc.range), message: `in ${describe(doc)}` });
    return {
      range: toRange(d.range),
      severity: d.severity,
      code: d.code,
      rule: d.rule,
      message: d.help ? `${d.message}\nhelp: ${d.help}` : d.message,
      help: d.help ?? null,
      documentation: documentation(d.code),
      related,
      fixes: quickFixes(text, d),
    };
  });
}

// The "not checked" notes (PS0011, one per object of a kind Podscope does not validate) would fill
// the Problems view in a file of many objects: two or more become one note at the first of them,
// naming the kinds, with each object as a related place.
const NOT_CHECKED = "PS0011";

function foldNotChecked(diagnostics, objects) {
  const notes = diagnostics.filter((d) => d.code === NOT_CHECKED);
  if (notes.length < 2) return diagnostics;
  const owners = notes.map((d) => objectOf(objects, d));
  const kinds = [...new Set(owners.map((o) => o?.kind).filter(Boolean))].sort();
  const folded = {
    ...notes[0],
    message: `${notes.length} objects not checked: ${kinds.join(", ")}`,
    notChecked: owners.filter(Boolean),
  };
  return diagnostics.flatMap((d) => (d === notes[0] ? [folded] : d.code === NOT_CHECKED ? [] : [d]));
}

// A `kind: List` document is reported with its items, which share its index.
function isListWrapper(analysis, doc) {
  return (doc.item === undefined || doc.item === null) && analysis.documents.some((o) => o.index === doc.index && o.item !== undefined && o.item !== null);
}

/** The object a diagnostic belongs to: of its document's objects, the smallest around its range. */
function objectOf(objects, d) {
  let best = null;
  for (const o of objects) {
    if (o.index !== d.document) continue;
    const holds = o.range.startOffset <= d.range.startOffset && d.range.endOffset <= o.range.endOffset;
    if (holds && (!best || o.range.endOffset - o.range.startOffset < best.range.endOffset - best.range.startOffset)) best = o;
  }
  return best ?? objects.find((o) => o.index === d.document) ?? null;
}

/** "Deployment web (document 2)". */
export function describe(doc) {
  const what = [doc.kind || "object", doc.name].filter(Boolean).join(" ");
  return doc.item === undefined || doc.item === null ? `${what} (document ${doc.index + 1})` : `${what} (document ${doc.index + 1}, item ${doc.item + 1})`;
}

// Field paths such as `spec.containers[0].ports[0]` that a message names besides its own.
const PATH = /\b(?:spec|metadata|template|items\[\d+\])(?:\.[A-Za-z_$][\w$-]*|\[\d+\])+/g;

function mentionedPaths(d) {
  const found = new Set();
  for (const m of d.message.matchAll(PATH)) {
    const path = m[0];
    if (path !== d.path && !d.path.startsWith(`${path}.`) && !d.path.startsWith(`${path}[`)) found.add(path);
  }
  return [...found];
}

/** Splits `spec.containers[0].name` into `["spec", "containers", 0, "name"]`. */
export function pathSegments(path) {
  const segments = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) segments.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return segments;
}

// Field paths are resolved with the `yaml` library's positioned tree, parsed only when a message
// names another field. YAML is a superset of JSON, so JSON manifests resolve the same way.
function lazyPathResolver(text) {
  let documents = null;
  return (doc, path) => {
    documents ??= parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false, strict: false });
    if (!Array.isArray(documents)) documents = [documents];
    // Podscope counts documents the way kubectl does; take the parsed one at the same place.
    const parsed = documents.find((p) => p.range[0] < doc.range.endOffset && doc.range.startOffset < p.range[2]);
    let node = parsed?.contents;
    if (doc.item !== undefined && doc.item !== null) {
      const items = isMap(node) ? node.get("items", true) : null;
      node = isSeq(items) ? items.items[doc.item] : null;
    }
    let found = null; // the last pair or item walked through
    for (const segment of pathSegments(path)) {
      if (typeof segment === "number") {
        found = isSeq(node) ? node.items[segment] : null;
        node = found;
      } else {
        found = isMap(node) ? node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === segment) : null;
        node = found?.value;
      }
      if (!found) return null;
    }
    const range = nodeRange(found);
    if (!range) return null;
    let end = range[1];
    while (end > range[0] && /\s/.test(text[end - 1])) end -= 1;
    return rangeFromOffsets(text, range[0], end);
  };
}

// A pair spans its key and value; an item its own node.
function nodeRange(found) {
  if (found?.key?.range) return [found.key.range[0], (found.value?.range ?? found.key.range)[1]];
  return found?.range ? [found.range[0], found.range[1]] : null;
}
