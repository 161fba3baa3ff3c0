// Node tests of the page's logic that needs no browser: positions and YAML blocks, share-link
// encoding, and the exported reports, which must equal the CLI's JSON and SARIF byte for byte
// in content (the WebAssembly package runs here in Node).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { lineStarts, offsetAt, positionAt, blockLines, itemAt } from "../src/ui/ranges.js";
import { encodeFragment, decodeFragment } from "../src/page/share.js";
import { jsonReport, sarifReport, fileStem, diagramFileName } from "../src/ui/exports.js";
import { podDocuments, patternTitle, documentAt } from "../src/ui/graph.js";
import { splitSvg } from "../src/ui/svg.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const fixture = readFileSync(new URL("./fixtures/elastic-stack.yaml", import.meta.url), "utf8");

test("offsets and positions count UTF-16 code units, 1-based, CRLF or not", () => {
  const text = "a: é😀x\r\nb: 1\n";
  const starts = lineStarts(text);
  assert.deepEqual(starts, [0, 9, 14]);
  // "x" follows é (1 unit) and 😀 (2 units): column 7.
  assert.equal(text[offsetAt(text, starts, { line: 1, column: 7 })], "x");
  assert.deepEqual(positionAt(starts, text.indexOf("x")), { line: 1, column: 7 });
  assert.equal(offsetAt(text, starts, { line: 1, column: 99 }), 7, "clamped before the CR");
  assert.equal(text[offsetAt(text, starts, { line: 2, column: 4 })], "1");
});

test("a node's block is the list item or mapping that holds its key", () => {
  const lines = fixture.split("\n");
  const at = (line, column, end = column + 1) => ({ start: { line, column }, end: { line, column: end } });
  // container "app": `name` is the third key of the item that starts at line 13.
  assert.deepEqual(blockLines(lines, at(15, 11, 14)), { first: 13, last: 24 });
  // container "sidecar": the item starts on its own `- name:` line.
  assert.deepEqual(blockLines(lines, at(25, 11, 18)), { first: 25, last: 29 });
  // a volume mount of sidecar
  assert.deepEqual(blockLines(lines, at(29, 13, 23)), { first: 28, last: 29 });
  // metadata.name: the metadata mapping
  assert.deepEqual(blockLines(lines, at(7, 9, 12)), { first: 4, last: 10 });
});

test("the cursor finds the smallest item around it", () => {
  const lines = fixture.split("\n");
  const r = (line, column, end) => ({ start: { line, column }, end: { line, column: end } });
  const items = [
    { id: "container:app", range: r(15, 11, 14) },
    { id: "container:sidecar", range: r(25, 11, 18) },
    { id: "e0", range: r(21, 13, 23) },
    { id: "e1", range: r(29, 13, 23) },
  ];
  const find = (line, column) => itemAt(lines, items, { line, column })?.id ?? null;
  assert.equal(find(14, 5), "container:app");
  assert.equal(find(20, 9), "e0");
  assert.equal(find(26, 5), "container:sidecar");
  assert.equal(find(28, 9), "e1");
  assert.equal(find(30, 3), null);
});

test("share fragments are deflate-raw in base64url and round-trip any text", async () => {
  const text = `${fixture}\n# ünïcödé ✓ 😀 "quotes" <tags> & #hash ?query\n`;
  const fragment = await encodeFragment(text);
  assert.match(fragment, /^m=[A-Za-z0-9_-]+$/);
  const raw = Buffer.from(fragment.slice(2), "base64url");
  assert.equal(inflateRawSync(raw).toString("utf8"), text, "plain deflate-raw, readable by any zlib");
  assert.ok(fragment.length < text.length, "compressed");
  assert.equal(await decodeFragment(`#${fragment}`), text);
  assert.equal(await decodeFragment("#example=mistakes"), null);
  await assert.rejects(decodeFragment("#m=AAAA"));
});

test("graph helpers: pod documents, pattern titles, documents by position", () => {
  const analysis = {
    documents: [
      { index: 0, kind: "ConfigMap", name: "c", range: { start: { line: 1, column: 1 }, end: { line: 4, column: 1 } } },
      { index: 1, kind: "Deployment", name: "web", range: { start: { line: 5, column: 1 }, end: { line: 30, column: 1 } } },
    ],
    diagnostics: [],
  };
  assert.deepEqual(podDocuments(analysis), [{ index: 1, kind: "Deployment", name: "web", label: "Deployment web" }]);
  assert.equal(patternTitle("initFetcher"), "Init fetcher");
  assert.equal(patternTitle("someNewPattern"), "Some New Pattern");
  assert.equal(documentAt(analysis, { line: 6, column: 3 }).index, 1);
  assert.equal(fileStem(analysis), "c-configmap");
  assert.equal(fileStem(analysis, "manifest", 1), "web-deployment", "the drawn document names its exports");
  assert.equal(diagramFileName(analysis, { view: "timeline", document: 1, extension: "png" }), "web-deployment-timeline.png");
  assert.equal(diagramFileName(analysis, { view: "pod", document: 1, extension: "png" }), "web-deployment-pod.png");
  assert.equal(diagramFileName(null, { extension: "svg" }), "manifest-pod.svg");
});

// ---- reports against the CLI ----

const wasmPath = join(ROOT, "pkg", "podscope_bg.wasm");
const cliPath = [process.env.PODSCOPE_BIN, process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, "release", "podscope"), join(ROOT, "target", "release", "podscope")].find(
  (p) => p && existsSync(p),
);

test("JSON and SARIF exports equal the CLI's", { skip: !cliPath && "no release build of the CLI (cargo build --release)" }, async () => {
  const podscope = await import(join(ROOT, "pkg", "podscope.js"));
  podscope.initSync({ module: readFileSync(wasmPath) });
  const path = "examples/mistakes.yaml";
  const text = readFileSync(join(ROOT, path), "utf8");
  const analysis = podscope.analyze(text);
  const cli = (format) => {
    try {
      return JSON.parse(execFileSync(cliPath, ["check", "--format", format, path], { cwd: ROOT, encoding: "utf8" }));
    } catch (error) {
      return JSON.parse(error.stdout); // exit status 1: the manifest has errors
    }
  };
  assert.deepEqual(jsonReport({ path, analysis, version: podscope.version() }), cli("json"));
  assert.deepEqual(sarifReport({ path, analysis, version: podscope.version(), rules: podscope.rules() }), cli("sarif"));
});

test("the renderer's SVG splits into its root tag and its top-level children", () => {
  const children = ['<title id="t">a &lt; b</title>', '<defs><marker id="m"><path d="M0 1z"/></marker></defs>', '<rect class="bg" width="4"/>', '<g data-id="x"><g><text x="1">y</text></g></g>'];
  const open = '<svg xmlns="http://www.w3.org/2000/svg" class="ps" viewBox="0 0 4 4">';
  assert.deepEqual(splitSvg(`${open}${children.join("")}</svg>`), { open, children });
  assert.deepEqual(splitSvg(`${open}</svg>\n`), { open, children: [] });
  for (const text of [
    `x${open}</svg>`, // text before the root
    `${open}<g></svg>`, // unbalanced
    `${open}<g></g>`, // no end
    `${open}</svg><g></g>`, // something after the end
    `${open}text<g></g></svg>`, // text between the children
    `${open}<!-- c --><g></g></svg>`, // a comment
    "<g></g>", // no root
  ]) {
    assert.equal(splitSvg(text), null, text);
  }
});

test("the CLI's diagrams split, and join back to the same text", { skip: !cliPath && "no release build of the CLI (cargo build --release)" }, () => {
  for (const example of ["elastic-stack-sidecar", "myapp-init-containers", "yellow-two-containers"]) {
    for (const view of ["pod", "timeline"]) {
      const svg = execFileSync(cliPath, ["graph", join(ROOT, "examples", `${example}.yaml`), "--view", view], { encoding: "utf8" });
      const split = splitSvg(svg);
      assert.ok(split && split.children.length > 3, `${example} ${view}`);
      assert.equal(`${split.open}${split.children.join("")}</svg>`, svg.trimEnd());
    }
  }
});

test("the analysis client: one analysis at a time, the newest text wins, stale answers are dropped", async () => {
  const { createAnalysisClient, debounceFor, localChannel } = await import("../src/page/analysis-client.js");
  const { createAnalysisHandler } = await import("../src/page/analysis-core.js");
  // A stand-in worker that answers only when told to, so the order of events is the test's.
  const sent = [];
  let reply = null;
  const client = createAnalysisClient({ post: (m) => sent.push(m), listen: (f) => (reply = f) });
  const first = client.analyze("a", {});
  const second = client.analyze("b", {});
  const third = client.analyze("c", {});
  assert.deepEqual(sent.map((m) => m.text), ["a"], "one analysis at a time");
  assert.equal(await second, null, "replaced while it waited: never sent");
  reply({ type: "analysis", id: sent[0].id, analysis: { text: "a" }, time: 1, counts: { analyze: 1 } });
  assert.equal(await first, null, "came back after a newer text was asked for: dropped");
  assert.equal(client.counts.dropped, 1);
  assert.deepEqual(sent.map((m) => m.text), ["a", "c"], "the newest is sent next");
  reply({ type: "analysis", id: sent[1].id, analysis: { text: "c" }, time: 1, counts: { analyze: 2 } });
  const result = await third;
  assert.deepEqual(result.analysis, { text: "c" });
  assert.equal(client.busy, false);
  // Pictures: drawn from a given analysis; a stale answer is null, an error rejects.
  const picture = client.render(result.id, { view: "pod" });
  assert.deepEqual(sent.at(-1), { type: "render", id: sent.at(-1).id, analysis: result.id, options: { view: "pod" } });
  reply({ type: "render", id: sent.at(-1).id, svg: "<svg/>" });
  assert.equal(await picture, "<svg/>");
  const old = client.render(result.id - 1, {});
  reply({ type: "render", id: sent.at(-1).id, stale: true });
  assert.equal(await old, null);
  const broken = client.render(result.id, {});
  reply({ type: "error", id: sent.at(-1).id, message: "render: no such document", internal: false });
  await assert.rejects(broken, /no such document/);
  const failing = client.analyze("d", {});
  reply({ type: "error", id: sent.at(-1).id, message: "boom", internal: true });
  await assert.rejects(failing, /boom/);

  // The same through the real handler and the WebAssembly package, on this thread.
  const pkg = await import(join(ROOT, "pkg", "podscope.js"));
  pkg.initSync({ module: readFileSync(join(ROOT, "pkg", "podscope_bg.wasm")) });
  const local = createAnalysisClient(localChannel((post) => createAnalysisHandler(pkg.Workspace, post)));
  const [stale, fresh] = [local.analyze(fixture.replace("name: app", "name: app_A"), {}), local.analyze(fixture, {})];
  const done = await Promise.all([stale, fresh]);
  assert.equal(done[0], null);
  assert.ok(done[1].analysis.graphs.length >= 1);
  assert.match(await local.render(done[1].id, { document: done[1].analysis.graphs[0].document, view: "pod", format: "svg", theme: "light" }), /^<svg/);
  const newer = await local.analyze(fixture + "\n# more\n", {});
  assert.equal(await local.render(done[1].id, { document: 0, view: "pod", format: "svg", theme: "light" }), null, "drawn from an older analysis: stale");
  assert.ok(newer.id > done[1].id);
  assert.equal(local.counts.workspaces, 1, "one workspace while the options stay");

  // The pause before analysing grows with the text, within bounds.
  assert.equal(debounceFor(0), 120);
  assert.ok(debounceFor(200_000) > debounceFor(20_000));
  assert.ok(debounceFor(2_000_000) <= 800 && debounceFor(2_000_000) > 500);
});
