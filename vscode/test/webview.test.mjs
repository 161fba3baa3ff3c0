// The diagram webview as a page in Debian's Chromium: the built dist/ files, the extension's own
// HTML with its strict Content-Security-Policy, and a stand-in `acquireVsCodeApi` that records
// what the webview posts. The host's messages are posted to the page as VS Code would.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, readFileSync, mkdirSync } from "node:fs";
import { join, dirname, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { webviewHtml } from "../src/webview-html.js";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const repo = join(here, "..", "..");
const pkg = process.env.PODSCOPE_PKG ?? join(repo, "pkg");
const shots = join(here, "..", "test-results");
const TYPES = { ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".html": "text/html" };

let server;
let origin;
let browser;
let analyze;

before(async () => {
  assert.ok(existsSync(join(dist, "webview.js")), "run `npm run build` in vscode/ first");
  const podscope = await import(join(pkg, "podscope.js"));
  podscope.initSync({ module: readFileSync(join(pkg, "podscope_bg.wasm")) });
  analyze = podscope.analyze;
  server = createServer((request, response) => {
    const url = new URL(request.url, "http://x");
    const theme = url.searchParams.get("theme") ?? "vscode-light";
    if (url.pathname === "/webview.html") {
      const html = webviewHtml({ cspSource: origin, nonce: "TestNonce123456789", scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/dist/webview.css`, wasmUri: `${origin}/dist/podscope_bg.wasm` });
      response.writeHead(200, { "content-type": "text/html" });
      return response.end(html.replace("<body>", `<body class="${theme}">`));
    }
    if (url.pathname === "/favicon.ico") return response.writeHead(204).end();
    const file = join(dist, url.pathname.replace(/^\/dist\//, ""));
    if (!url.pathname.startsWith("/dist/") || !existsSync(file)) return response.writeHead(404).end();
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens the webview page; returns the page and what it posted, logged and requested. */
async function openWebview(theme = "vscode-light", state = undefined) {
  const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
  const problems = [];
  const requests = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  await page.addInitScript((state) => {
    window.__posted = [];
    window.__state = state;
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s) => (window.__state = s),
    });
  }, state);
  await page.goto(`${origin}/webview.html?theme=${theme}`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === "ready"));
  const host = {
    posted: () => page.evaluate(() => window.__posted),
    send: (message) => page.evaluate((m) => window.postMessage(m, "*"), message),
    update: (text) => host.send({ type: "update", text, analysis: analyze(text), file: "pod.yaml" }),
  };
  return { page, problems, requests, host };
}

const mistakes = readFileSync(join(repo, "examples", "mistakes.yaml"), "utf8");
const nodeSelector = (id) => `.ps-diagram-host >> [data-id="${id}"]`;

test("draws the pod under the strict CSP, with its own styles, asking for nothing remote", async () => {
  const { page, problems, requests, host } = await openWebview();
  await host.update(mistakes);
  await page.waitForSelector(nodeSelector("container:metrics"));
  // The diagram's own stylesheet applies (an unstyled SVG paints its boxes black).
  const fill = await page.locator(".ps-diagram-host").evaluate((el) => {
    const box = el.shadowRoot.querySelector('[data-id="container:metrics"] rect');
    return getComputedStyle(box).fill;
  });
  assert.notEqual(fill, "rgb(0, 0, 0)");
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    requests.filter((u) => !u.startsWith(`${origin}/`)),
    [],
  );
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, "webview-light.png") });
  await page.close();
});

test("clicking a node asks the editor to select its range", async () => {
  const { page, host } = await openWebview();
  await host.update(mistakes);
  await page.locator(nodeSelector("container:metrics")).first().click();
  const reveal = (await host.posted()).find((m) => m.type === "reveal");
  const node = analyze(mistakes).graphs[0].nodes.find((n) => n.id === "container:metrics");
  assert.deepEqual(reveal, { type: "reveal", range: node.range, id: "container:metrics", source: "diagram" });
  assert.deepEqual(reveal.range.start, { line: 26, column: 11 });
  const highlights = (await host.posted()).filter((m) => m.type === "highlight");
  assert.ok(highlights.some((m) => m.ranges.some((r) => r.strong && r.range.start.line === 26)), "hovering lit its lines");
  await page.close();
});

test("the editor's cursor lights the node it is in", async () => {
  const { page, host } = await openWebview();
  await host.update(mistakes);
  await page.waitForSelector(nodeSelector("container:MyApp"));
  await host.send({ type: "cursor", position: { line: 18, column: 7 } }); // in MyApp's env
  await page.waitForFunction(() => document.querySelector("#diagram").dataset.cursor === "container:MyApp");
  const lit = await page.locator(".ps-diagram-host").evaluate((el) => [...el.shadowRoot.querySelectorAll(".cursor")].map((e) => e.getAttribute("data-id")));
  assert.ok(lit.includes("container:MyApp"));
  await page.close();
});

test("follows the cursor into another object of a multi-document file", async () => {
  const { page, host } = await openWebview();
  const text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: first\nspec:\n  containers:\n  - name: one\n    image: nginx\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: second\nspec:\n  containers:\n  - name: two\n    image: nginx\n";
  await host.update(text);
  await page.waitForSelector(nodeSelector("container:one"));
  await host.send({ type: "cursor", position: { line: 16, column: 12 } });
  await page.waitForSelector(nodeSelector("container:two"));
  assert.equal(await page.locator("select.ps-doc-picker").inputValue(), "1");
  await page.close();
});

test("the app view in a narrow panel: each workload with its Services, and a click opens its pod", async () => {
  const { page, host, problems } = await openWebview("vscode-dark");
  await page.setViewportSize({ width: 800, height: 1000 });
  await host.update(readFileSync(join(repo, "tests", "fixtures", "app", "online-boutique.yaml"), "utf8"));
  await page.waitForSelector(".ps-diagram-host >> svg.theme-dark");
  await page.getByRole("radio", { name: "App" }).click();
  await page.waitForSelector('.ps-diagram-host >> g.node[data-id^="workload:"]', { state: "attached" });
  const count = (selector) => page.locator(".ps-diagram-host").evaluate((el, selector) => el.shadowRoot.querySelectorAll(selector).length, selector);
  assert.equal(await count('g.node[data-id^="workload:"]'), 12);
  assert.equal(await count('g.node[data-id^="service:"]'), 12);
  assert.equal(await count("g.edge.selects"), 12);
  await page.screenshot({ path: join(shots, "webview-dark-app.png") });
  assert.deepEqual(await page.evaluate(() => window.__state), { view: "app" }, "the view is kept for the next reload");
  await page.locator('.ps-diagram-host >> g.node[data-id^="workload:"] >> nth=0').click();
  await page.waitForSelector(nodeSelector("container:server"));
  assert.deepEqual(await page.evaluate(() => window.__state), { view: "pod" });
  assert.deepEqual(problems, []);
  await page.close();
});

test("the timeline view, and VS Code's dark theme", async () => {
  const { page, host, problems } = await openWebview("vscode-dark");
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
  await host.update(readFileSync(join(repo, "examples", "myapp-init-containers.yaml"), "utf8"));
  await page.waitForSelector(".ps-diagram-host >> svg.theme-dark");
  await page.getByRole("radio", { name: "Timeline" }).click();
  await page.waitForFunction(() => document.querySelector(".ps-diagram-host").shadowRoot.querySelector("svg")?.textContent.includes("init-myservice"));
  await page.screenshot({ path: join(shots, "webview-dark-timeline.png") });
  assert.deepEqual(await page.evaluate(() => window.__state), { view: "timeline" }, "the view is kept for the next reload");
  // VS Code switches theme by changing the body's class.
  await page.evaluate(() => (document.body.className = "vscode-light"));
  await page.waitForSelector(".ps-diagram-host >> svg.theme-light");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a manifest without a pod, and text with markup in names, are shown safely", async () => {
  const { page, host } = await openWebview();
  await host.update("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
  await page.getByText("No pod to draw").waitFor();
  await host.update('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "<img src=x onerror=alert(1)>"\nspec:\n  containers:\n  - name: a\n    image: "<script>alert(1)</script>"\n');
  await page.waitForSelector(nodeSelector("container:a"));
  const injected = await page.locator(".ps-diagram-host").evaluate((el) => el.shadowRoot.querySelectorAll("img, script, [onerror]").length);
  assert.equal(injected, 0);
  await page.close();
});

test("a reloaded webview comes back in the view the user chose", async () => {
  const { page, host } = await openWebview("vscode-light", { view: "timeline" });
  await host.update(readFileSync(join(repo, "examples", "myapp-init-containers.yaml"), "utf8"));
  assert.equal(await page.getByRole("radio", { name: "Timeline" }).getAttribute("aria-checked"), "true");
  await page.close();
});
