// Quick fixes, offered only where the right edit is certain:
// - an unknown field for which Podscope suggests the field meant (`volumeMount` → `volumeMounts`);
// - a value YAML reads as a number or boolean where Kubernetes wants a string (`value: yes`):
//   quoting keeps exactly what was written.
// Each fix is `{title, edits: [{range, newText}]}` with editor (0-based) ranges.

import { toRange } from "./positions.js";

const SUGGESTION = /did you mean `([A-Za-z_$][\w$-]*)`\?/;
// The decode error of a string field given a YAML number or boolean, as the API server words it.
const STRING_GOT_SCALAR = /cannot unmarshal (?:bool|number)\b.* of type string/;
// A plain scalar: no quotes, no flow or block indicators, no comment, nothing that needs escaping.
const PLAIN_SCALAR = /^[A-Za-z0-9_.+-][A-Za-z0-9_.:+-]*$/;

/** The certain fixes for one diagnostic of the analysis (`d`) in `text`. */
export function quickFixes(text, d) {
  const written = text.slice(d.range.startOffset, d.range.endOffset);
  if (d.rule === "unknown-field") {
    const meant = d.help?.match(SUGGESTION)?.[1];
    const key = d.path.match(/([^.[\]]+)$/)?.[1];
    if (meant && key && written === key) {
      return [{ title: `Change to \`${meant}\``, edits: [{ range: toRange(d.range), newText: meant }], preferred: true }];
    }
  }
  if (d.rule === "decode-type" && STRING_GOT_SCALAR.test(d.message) && PLAIN_SCALAR.test(written)) {
    return [{ title: `Quote ${written} as a string: "${written}"`, edits: [{ range: toRange(d.range), newText: `"${written}"` }], preferred: true }];
  }
  return [];
}
