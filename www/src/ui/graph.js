// Reading the analysis DTO: which documents hold a pod, each pod's graph, and what a diagram
// element stands for. Shared by the diagram panel and the page's exports.

/** Kinds whose documents hold a pod spec or a pod template. */
export const POD_KINDS = new Set([
  "Pod",
  "Deployment",
  "ReplicaSet",
  "DaemonSet",
  "StatefulSet",
  "Job",
  "CronJob",
  "ReplicationController",
  "PodTemplate",
]);

/** The pod graphs of an analysis (`graphs`; `pods` in early builds). */
export function graphsOf(analysis) {
  return analysis?.graphs ?? analysis?.pods ?? [];
}

/**
 * The documents a diagram can show: one entry per pod graph, or, when the analysis carries no
 * graphs, every document of a kind that holds a pod. `{index, kind, name, label}`.
 */
export function podDocuments(analysis) {
  const documents = analysis?.documents ?? [];
  const byIndex = new Map(documents.map((d) => [d.index, d]));
  const graphs = graphsOf(analysis);
  const entries = graphs.length
    ? graphs.map((g) => ({ index: g.document, kind: g.kind ?? byIndex.get(g.document)?.kind ?? "Pod", name: g.name ?? byIndex.get(g.document)?.name ?? "" }))
    : documents.filter((d) => POD_KINDS.has(d.kind) && d.item == null).map((d) => ({ index: d.index, kind: d.kind, name: d.name }));
  const seen = new Set();
  return entries
    .filter((e) => !seen.has(e.index) && seen.add(e.index))
    .map((e) => ({ ...e, label: `${e.kind}${e.name ? " " + e.name : ""}` }));
}

/** The graph of one document, or null. */
export function graphOf(analysis, document) {
  return graphsOf(analysis).find((g) => g.document === document) ?? null;
}

/** The document (DTO) a position falls in, by its range. */
export function documentAt(analysis, position) {
  for (const d of analysis?.documents ?? []) {
    const { start, end } = d.range;
    const afterStart = position.line > start.line || (position.line === start.line && position.column >= start.column);
    const beforeEnd = position.line < end.line || (position.line === end.line && position.column <= end.column);
    if (afterStart && beforeEnd) return d;
  }
  return null;
}

const PATTERN_TITLES = {
  sidecar: "Sidecar",
  adapter: "Adapter",
  ambassador: "Ambassador",
  initFetcher: "Init fetcher",
  legacySidecar: "Legacy sidecar",
};

/** "Init fetcher" for `initFetcher`; unknown kinds are spelt out from camelCase. */
export function patternTitle(kind) {
  return PATTERN_TITLES[kind] ?? String(kind).replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
}

/**
 * An index over one graph: items by id (nodes then edges, each `{id, type, range, label, ...}`)
 * and, for each node, the edges that touch it.
 */
export function indexGraph(graph) {
  const items = new Map();
  const edgesOf = new Map();
  for (const n of graph?.nodes ?? []) {
    items.set(n.id, { ...n, type: "node", label: `${n.kind} ${n.name}` });
    edgesOf.set(n.id, []);
  }
  for (const e of graph?.edges ?? []) {
    items.set(e.id, { ...e, type: "edge", label: e.label || e.kind });
    edgesOf.get(e.from)?.push(e);
    edgesOf.get(e.to)?.push(e);
  }
  return { items, edgesOf };
}
