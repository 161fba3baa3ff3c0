// Rule documentation, bundled: every rule's text comes from the same WebAssembly module that
// reports it (`rules()`), so the docs always match the checks. A diagnostic's code links to a
// read-only Markdown document `podscope-rule:/PS0005-unknown-field.md`; nothing is fetched.

export const RULE_SCHEME = "podscope-rule";

/** The documentation link of a rule (a URI string). */
export function ruleUri(rule) {
  return `${RULE_SCHEME}:/${encodeURIComponent(rule.code)}-${encodeURIComponent(rule.name)}.md`;
}

/** The rule code a documentation URI's path names (`/PS0005-unknown-field.md` → `PS0005`). */
export function codeOfPath(path) {
  return decodeURIComponent(path).match(/^\/?(PS\d{4})\b/)?.[1] ?? null;
}

const SEVERITY = { error: "error (the API server rejects the object)", warning: "warning", info: "note" };

/** The Markdown page of one rule. */
export function ruleMarkdown(rule, version) {
  return [
    `# ${rule.code} ${rule.name}`,
    "",
    `_${rule.summary}_`,
    "",
    `Reported as: ${SEVERITY[rule.severity] ?? rule.severity}. Change it, or turn it off, with the \`podscope.rules\` setting: \`"${rule.code}": "off"\` or \`"${rule.name}": "warning"\`.`,
    "",
    rule.documentation.trim(),
    "",
    "---",
    `Podscope ${version}`,
    "",
  ].join("\n");
}

/** The Markdown page for a URI path that names no known rule. */
export function unknownRuleMarkdown(path) {
  return `# Unknown rule\n\nPodscope has no rule \`${path.replace(/[`\\]/g, "")}\`. Run **Podscope: Show Rule Documentation** for the list.\n`;
}
