// Which documents Podscope checks: text that holds Kubernetes objects, in files the user's globs
// allow. Other YAML and JSON (CI configs, Compose files, package.json) is left alone.

import picomatch from "picomatch";

/** Languages whose documents may hold manifests. */
export const LANGUAGES = ["yaml", "json", "jsonc"];

// A top-level `apiVersion:` and `kind:` (at the start of a line, in any YAML document of the file),
// or their JSON keys anywhere.
const YAML_API_VERSION = /^apiVersion[ \t]*:/m;
const YAML_KIND = /^kind[ \t]*:/m;
const JSON_API_VERSION = /"apiVersion"\s*:/;
const JSON_KIND = /"kind"\s*:/;
// Go template actions: a Helm chart's templates are not manifests until Helm renders them.
const GO_TEMPLATE = /\{\{-?\s*(?:\.|\$|include\b|template\b|if\b|range\b|with\b|define\b|toYaml\b|tpl\b)/;

/** Whether `text` (of a document in `languageId`) holds Kubernetes objects. */
export function isKubernetesText(text, languageId) {
  if (!LANGUAGES.includes(languageId)) return false;
  if (GO_TEMPLATE.test(text)) return false;
  if (languageId === "yaml") return YAML_API_VERSION.test(text) && YAML_KIND.test(text);
  return JSON_API_VERSION.test(text) && JSON_KIND.test(text);
}

/**
 * A matcher for the `podscope.files.include` and `podscope.files.exclude` globs. Paths are the
 * workspace-relative ones (or absolute, for a file outside any folder), with `/` separators.
 */
export function fileFilter({ include = ["**/*"], exclude = [] } = {}) {
  const options = { dot: true, nocase: process.platform === "win32" };
  const included = picomatch(include.length ? include : ["**/*"], options);
  const excluded = exclude.length ? picomatch(exclude, options) : () => false;
  return (path) => {
    const normalized = path.replace(/\\/g, "/").replace(/^\/+/, "");
    return included(normalized) && !excluded(normalized);
  };
}
