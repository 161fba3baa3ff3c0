// Exports made in the browser from the analysis DTO: the report as the CLI's JSON and as SARIF
// 2.1.0 (the same shapes as `podscope check --format json|sarif`, see src/render.rs), the diagram
// as PNG, and the download of any of them. Nothing is sent anywhere: files are saved locally.

import { severityCounts } from "./diagnostics-panel.js";

const SARIF_LEVELS = { error: "error", warning: "warning", info: "note" };

/** The CLI's `--format json` report for one file: the same DTOs, with `null` where serde writes it. */
export function jsonReport({ path, analysis, version }) {
  const counts = severityCounts(analysis.diagnostics);
  const plain = (value) => JSON.parse(JSON.stringify(value, (_, v) => (v === undefined ? null : v)));
  return {
    podscope: version,
    files: [{ path, documents: plain(analysis.documents), diagnostics: plain(analysis.diagnostics) }],
    summary: { files: 1, errors: counts.error, warnings: counts.warning, infos: counts.info },
  };
}

/** A SARIF 2.1.0 log for one file, as `podscope check --format sarif` writes it. */
export function sarifReport({ path, analysis, version, rules, informationUri = "https://github.com/podscope/podscope" }) {
  // Only the rules that have results, in code order (as the CLI lists them).
  const used = new Set(analysis.diagnostics.map((d) => d.code));
  rules = rules.filter((r) => used.has(r.code)).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const ruleIndex = new Map(rules.map((r, i) => [r.code, i]));
  const uri = path.replace(/^\.\//, "");
  const results = analysis.diagnostics.map((d) => {
    const { start, end } = d.range;
    const empty = end.line === start.line && end.column === start.column;
    return {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code) ?? null,
      level: SARIF_LEVELS[d.severity] ?? "note",
      message: { text: d.help ? `${d.message}\nhelp: ${d.help}` : d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: Math.max(end.column, start.column + (empty ? 1 : 0)) },
          },
        },
      ],
      properties: { fieldPath: d.path },
    };
  });
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "podscope",
            version,
            informationUri,
            rules: rules.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.summary },
              help: { text: r.documentation, markdown: r.documentation },
              helpUri: r.helpUri,
              defaultConfiguration: { level: SARIF_LEVELS[r.severity] ?? "note" },
              properties: r.securitySeverity ? { tags: r.tags, "security-severity": r.securitySeverity } : { tags: r.tags },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

/**
 * Draws SVG text onto a canvas and returns a PNG blob (`scale` × the SVG's size, white or dark
 * background so the picture reads outside the page).
 */
export async function svgToPng(svgText, { scale = 2, background = "#ffffff", maxPixels = 16_000_000 } = {}) {
  const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
  const svg = doc.documentElement;
  const box = (svg.getAttribute("viewBox") ?? "").split(/[\s,]+/).map(Number);
  let width = parseFloat(svg.getAttribute("width")) || box[2] || 800;
  let height = parseFloat(svg.getAttribute("height")) || box[3] || 600;
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  scale = Math.min(scale, Math.sqrt(maxPixels / (width * height)));
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.decoding = "async";
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const context = canvas.getContext("2d");
    context.fillStyle = background;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("the PNG could not be made"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves a blob or text as a file on the user's machine. */
export function download(name, content, type = "text/plain") {
  const blob = content instanceof Blob ? content : new Blob([content], { type: `${type};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from the manifest's first named document (or from document `index` when given
 * and named): `payments-pod`. */
export function fileStem(analysis, fallback = "manifest", index = null) {
  const docs = analysis?.documents ?? [];
  const d = (index === null ? null : docs.find((x) => x.index === index && x.name && (x.item ?? null) === null)) ?? docs.find((x) => x.name) ?? null;
  const stem = d ? `${d.name}-${d.kind}` : fallback;
  return stem.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || fallback;
}

/** A diagram export's file name: the drawn document's stem, then the view, so the pod and the
 * timeline of one manifest never overwrite each other: `payments-deployment-timeline.png`. */
export function diagramFileName(analysis, { view = "pod", document = null, extension }) {
  return `${fileStem(analysis, "manifest", document)}-${view || "pod"}.${extension}`;
}
