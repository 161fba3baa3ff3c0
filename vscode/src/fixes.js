// Quick fixes: the core's own (`fixes` in each diagnostic: a misspelt field, the Pod Security
// settings a container lacks), and one the core leaves to the editor: a value YAML reads as a
// number or boolean where Kubernetes wants a string (`value: yes`), where quoting keeps exactly
// what was written. Each fix is `{title, edits: [{range, newText}], preferred}` with editor
// (0-based) ranges.

import { toRange } from "./positions.js";

// The decode error of a string field given a YAML number or boolean, as the API server words it.
const STRING_GOT_SCALAR = /cannot unmarshal (?:bool|number)\b.* of type string/;
// A plain scalar: no quotes, no flow or block indicators, no comment, nothing that needs escaping.
const PLAIN_SCALAR = /^[A-Za-z0-9_.+-][A-Za-z0-9_.:+-]*$/;

/** The quick fixes for one diagnostic of the analysis (`d`) in `text`. */
export function quickFixes(text, d) {
  const fromCore = (d.fixes ?? []).map((fix) => ({
    title: fix.title,
    edits: fix.edits.map((e) => ({ range: toRange(e.range), newText: e.newText })),
    preferred: fix.preferred,
  }));
  if (fromCore.length) return fromCore;
  const written = text.slice(d.range.startOffset, d.range.endOffset);
  if (d.rule === "decode-type" && STRING_GOT_SCALAR.test(d.message) && PLAIN_SCALAR.test(written)) {
    return [{ title: `Quote ${written} as a string: "${written}"`, edits: [{ range: toRange(d.range), newText: `"${written}"` }], preferred: true }];
  }
  return [];
}
