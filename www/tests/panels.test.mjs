// The panels on their own, as the VS Code webview will use them: plain ES modules with no
// bundler and no editor, talking through the panel protocol. The diagram is a stand-in written
// to the renderer's contract (tests/fixtures/diagram-fixture.js), so these run whatever state
// the renderer is in.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openPage } from "./browser.mjs";

let server;
let browser;
let page;
let record;

before(async () => {
  server = await startServer();
  browser = await launch();
  ({ page, record } = await openPage(browser.context, `${server.url}tests/fixtures/diagram-harness.html`, { waitReady: false, viewport: { width: 1000, height: 760 } }));
  await page.waitForFunction(() => window.harness?.diagram);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const sent = () => page.evaluate(() => window.harness.sent.splice(0));
const classes = (id) => page.evaluate((id) => document.querySelector(".ps-diagram-host").shadowRoot.querySelector(`[data-id="${id}"]`).getAttribute("class"), id);

test("the renderer's SVG is drawn, with nothing in it that could run or fetch", async () => {
  const report = await page.evaluate(() => {
    const root = document.querySelector(".ps-diagram-host").shadowRoot;
    const all = [...root.querySelectorAll("*")];
    return {
      nodes: root.querySelectorAll("[data-id]").length,
      dangerous: root.querySelectorAll("script, foreignObject, img, iframe").length,
      handlers: all.filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
      links: all.filter((e) => e.hasAttribute("href")).length,
      pwned: window.__pwned ?? null,
      escaped: root.textContent.includes("<script>alert(1)</script>"),
    };
  });
  assert.equal(report.dangerous, 0);
  assert.equal(report.handlers, 0);
  assert.equal(report.links, 0);
  assert.equal(report.pwned, null);
  assert.ok(report.escaped, "escaped names show as text");
  assert.ok(report.nodes >= 8);
  assert.deepEqual(record.pageErrors, []);
  // The stand-in's handlers were refused by the CSP while parsing; nothing else may complain.
  assert.deepEqual(record.consoleErrors.filter((m) => !/inline event handler/.test(m)), []);
});

test("hovering a node lights its edges and their ends, and asks for its lines", async () => {
  await sent();
  await page.hover('[data-id="container:app"]');
  assert.match(await classes("e0"), /\blit\b/);
  assert.match(await classes("e2"), /\blit\b/);
  assert.match(await classes("volume:log-volume"), /\blit\b/);
  assert.doesNotMatch(await classes("container:sidecar"), /\blit\b/);
  const messages = await sent();
  const last = messages.at(-1);
  assert.equal(last.type, "highlight");
  assert.deepEqual(last.ranges[0], { range: { start: { line: 15, column: 11 }, end: { line: 15, column: 14 } }, strong: true });
  assert.equal(last.ranges.filter((r) => !r.strong).length, 2, "the two mounts, weakly");
  await page.mouse.move(2, 2);
  assert.deepEqual((await sent()).at(-1), { type: "highlight", ranges: [] });
});

test("clicking a node or an edge asks the editor to select its range", async () => {
  await page.click('[data-id="container:sidecar"]');
  assert.deepEqual((await sent()).find((m) => m.type === "reveal"), {
    type: "reveal",
    range: { start: { line: 25, column: 11 }, end: { line: 25, column: 18 } },
    id: "container:sidecar",
    source: "diagram",
  });
  assert.match(await classes("container:sidecar"), /\bselected\b/);
  await page.locator('[data-id="e1"] text').click();
  const reveal = (await sent()).find((m) => m.type === "reveal");
  assert.equal(reveal.id, "e1");
  assert.equal(reveal.range.start.line, 29);
});

test("the editor's cursor lights the node or edge it is in", async () => {
  const cursorAt = async (line, column) => {
    await page.evaluate(([line, column]) => window.harness.receive({ type: "cursor", position: { line, column } }), [line, column]);
    return page.evaluate(() => document.querySelector(".ps-diagram").parentElement.dataset.cursor);
  };
  assert.equal(await cursorAt(14, 5), "container:app");
  assert.match(await classes("container:app"), /\bcursor\b/);
  assert.equal(await cursorAt(28, 9), "e1");
  assert.equal(await cursorAt(26, 7), "container:sidecar");
  assert.equal(await cursorAt(40, 3), "");
});

test("zoom and pan change the view, and fit brings it back", async () => {
  const box = () => page.evaluate(() => document.querySelector(".ps-diagram-host").shadowRoot.querySelector("svg").getAttribute("viewBox"));
  const label = () => page.textContent(".ps-zoom-label");
  await page.click('button[aria-label="Fit diagram to panel"]');
  const fitted = await box();
  const fittedLabel = await label();
  await page.click('button[aria-label="Zoom in"]');
  assert.notEqual(await box(), fitted);
  assert.ok(parseInt(await label()) > parseInt(fittedLabel));
  await page.click('button[aria-label="Fit diagram to panel"]');
  assert.equal(await box(), fitted);
  // Drag on the background pans; a wheel with Ctrl zooms around the pointer.
  const stage = await page.locator(".ps-diagram-viewport").boundingBox();
  await page.mouse.move(stage.x + 30, stage.y + stage.height - 30);
  await page.mouse.down();
  await page.mouse.move(stage.x + 130, stage.y + stage.height - 80, { steps: 4 });
  await page.mouse.up();
  const panned = (await box()).split(" ").map(Number);
  const start = fitted.split(" ").map(Number);
  assert.ok(panned[0] < start[0] && panned[1] > start[1], `panned: ${panned} from ${start}`);
  assert.equal(panned[2], start[2], "panning keeps the zoom");
  await page.keyboard.down("Control");
  await page.mouse.wheel(0, -200);
  await page.keyboard.up("Control");
  assert.ok((await box()).split(" ").map(Number)[2] < start[2], "zoomed in");
  // Keyboard: focus the viewport, 0 fits.
  await page.focus(".ps-diagram-viewport");
  await page.keyboard.press("0");
  assert.equal(await box(), fitted);
  await page.keyboard.press("+");
  assert.notEqual(await box(), fitted);
  await page.keyboard.press("0");
});

test("nodes are reachable by keyboard, and Enter selects", async () => {
  await sent();
  await page.focus(".ps-diagram-viewport");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.querySelector(".ps-diagram-host").shadowRoot.activeElement?.getAttribute("data-id"));
  assert.equal(focused, "pod");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const reveal = (await sent()).find((m) => m.type === "reveal");
  assert.equal(reveal.id, "container:app");
});

test("pattern badges open their evidence without moving the picture", async () => {
  const box = () => page.evaluate(() => document.querySelector(".ps-diagram-host").shadowRoot.querySelector("svg").getBoundingClientRect().toJSON());
  const before = await box();
  await page.click(".ps-badge");
  assert.equal(await page.getAttribute(".ps-badge", "aria-expanded"), "true");
  const evidence = await page.textContent(".ps-evidence");
  assert.match(evidence, /Sidecar: sidecar/);
  assert.match(evidence, /sidecar reads log-volume, which app writes/);
  assert.deepEqual(await box(), before);
  await sent();
  await page.click(".ps-evidence .ps-link-button");
  assert.equal((await sent()).find((m) => m.type === "reveal").range.start.line, 25);
  await page.click('.ps-evidence button[aria-label="Close evidence"]');
  assert.equal(await page.isHidden(".ps-evidence"), true);
});

test("views switch by click and arrow keys; the renderer is asked for each", async () => {
  await page.evaluate(() => (window.harness.renders.length = 0));
  await page.click('.ps-seg[data-view="timeline"]');
  assert.equal(await page.getAttribute('.ps-seg[data-view="timeline"]', "aria-checked"), "true");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.getAttribute('.ps-seg[data-view="pod"]', "aria-checked"), "true");
  const views = await page.evaluate(() => window.harness.renders.map((r) => r.view));
  assert.deepEqual(views, ["timeline", "pod"]);
});

test("a theme change redraws the diagram in that theme", async () => {
  await page.evaluate(() => window.harness.receive({ type: "theme", theme: "dark" }));
  assert.equal((await page.evaluate(() => window.harness.renders.at(-1))).theme, "dark");
  await page.evaluate(() => window.harness.receive({ type: "theme", theme: "light" }));
  assert.equal((await page.evaluate(() => window.harness.renders.at(-1))).theme, "light");
});

test("the problems panel escapes messages, counts, filters and reveals", async () => {
  const item = page.locator(".ps-item").first();
  assert.match(await item.textContent(), /a <b>bold<\/b> "><img src=x onerror=alert\(1\)> message/);
  assert.equal(await page.locator("#problems img, #problems b").count(), 0);
  assert.equal(await page.textContent('.ps-filter[data-severity="warning"] .ps-filter-count'), "1");
  await sent();
  await item.click();
  assert.deepEqual((await sent()).find((m) => m.type === "reveal"), {
    type: "reveal",
    range: { start: { line: 25, column: 11 }, end: { line: 25, column: 18 } },
    source: "problems",
    code: "PS5001",
  });
  await page.click('.ps-filter[data-severity="warning"]');
  assert.equal(await page.locator(".ps-item").count(), 0);
  assert.match(await page.textContent(".ps-problems-list"), /1 problem hidden by the filter/);
  await page.click('.ps-filter[data-severity="warning"]');
  assert.equal(await page.locator(".ps-item").count(), 1);
});

test("when the renderer fails, the panel says why and offers no zoom", async () => {
  await page.evaluate(() => {
    window.harness.failing = true;
    window.harness.receive({ type: "update", text: window.harness.text + "\n", analysis: window.harness.analysis });
  });
  assert.match(await page.textContent(".ps-diagram-message"), /This pod cannot be drawn\s*the layout gave up/);
  assert.equal(await page.isVisible(".ps-zoom"), false);
  await page.evaluate(() => {
    window.harness.failing = false;
    window.harness.receive({ type: "update", text: window.harness.text, analysis: window.harness.analysis });
  });
  assert.equal(await page.isHidden(".ps-diagram-message"), true);
});

test("a file with several pods gets a document picker", async () => {
  await page.evaluate(() => {
    const a = window.harness.analysis;
    const second = { ...a.graphs[0], document: 1, kind: "Deployment", name: "web" };
    const documents = [...a.documents, { index: 1, apiVersion: "apps/v1", kind: "Deployment", name: "web", verdict: "valid", range: { start: { line: 73, column: 1 }, end: { line: 90, column: 1 } } }];
    window.harness.receive({ type: "update", text: window.harness.text, analysis: { ...a, documents, graphs: [a.graphs[0], second] } });
  });
  assert.equal(await page.isVisible(".ps-doc-picker"), true);
  assert.deepEqual(await page.locator(".ps-doc-picker option").allTextContents(), ["Pod app (document 1)", "Deployment web (document 2)"]);
  await page.evaluate(() => (window.harness.renders.length = 0));
  await page.selectOption(".ps-doc-picker", "1");
  assert.equal((await page.evaluate(() => window.harness.renders)).at(-1).document, 1);
  // The cursor moving into the first document brings its pod back.
  await page.evaluate(() => window.harness.receive({ type: "cursor", position: { line: 15, column: 3 } }));
  assert.equal(await page.inputValue(".ps-doc-picker"), "0");
});

test("a redraw keeps what did not change, moves positions in place, and sanitises what it parses", async () => {
  const NS = 'xmlns="http://www.w3.org/2000/svg"';
  const picture = (groups) => `<svg ${NS} class="ps theme-light" width="400" height="200" viewBox="0 0 400 200"><title>t</title>${groups.join("")}</svg>`;
  const box = (id, range, label, extra = "") => `<g class="node" data-id="${id}" data-range="${range}" data-bytes="0-1"${extra}><title>${label}</title><rect x="0" y="0" width="90" height="40"/><text x="4" y="20">${label}</text></g>`;
  const result = await page.evaluate(
    async ({ first, second, hostile }) => {
      const h = window.harness;
      const root = document.querySelector(".ps-diagram-host").shadowRoot;
      const draw = (svg) => {
        h.svg = svg;
        h.receive({ type: "update", text: h.text + "\n".repeat(h.renders.length % 3 + 1), analysis: h.analysis });
        return root.querySelector("svg");
      };
      const ids = (svg) => Object.fromEntries([...svg.querySelectorAll(":scope > g")].map((g) => [g.dataset.id, g]));
      const svg1 = draw(first);
      const before = ids(svg1);
      const svg2 = draw(second);
      const after = ids(svg2);
      const patched = svg2.innerHTML;
      // The same picture drawn from scratch: after an error the panel starts over.
      h.failing = true;
      draw(second);
      h.failing = false;
      const fresh = draw(second).innerHTML;
      draw(first);
      const svg3 = draw(hostile);
      const report = {
        sameRoot: svg1 === svg2,
        kept: before.a === after.a,
        moved: before.b === after.b && after.b.getAttribute("data-range") === "9:1-9:4",
        relabelled: before.c === after.c && after.c.querySelector("text").textContent === "renamed",
        equal: patched === fresh,
        dangerous: svg3.querySelectorAll("script, foreignObject, img").length,
        handlers: [...svg3.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
        pwned: window.__pwned ?? null,
      };
      h.svg = null;
      draw(null);
      return report;
    },
    {
      first: picture([box("a", "1:1-1:4", "a"), box("b", "2:1-2:4", "b"), box("c", "3:1-3:4", "c"), box("d", "4:1-4:4", "d")]),
      second: picture([box("a", "1:1-1:4", "a"), box("b", "9:1-9:4", "b"), box("c", "3:1-3:4", "renamed"), box("d", "4:1-4:4", "d")]),
      hostile: picture([
        box("a", "1:1-1:4", "a"),
        box("b", "2:1-2:4", "b", ' onclick="window.__pwned = 1"'),
        `<g data-id="c"><foreignObject width="9" height="9"><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="window.__pwned = 2"/></foreignObject></g>`,
        box("d", "4:1-4:4", "d"),
      ]),
    },
  );
  assert.deepEqual(result, { sameRoot: true, kept: true, moved: true, relabelled: true, equal: true, dangerous: 0, handlers: 0, pwned: null });
});
