// End to end in a real VS Code: code-server (from npm, installed by scripts/ensure-code-server.sh
// into a cache), the packaged .vsix installed into it, a workspace with a faulty manifest, and
// Debian's Chromium driven by playwright-core. Everything listens on 127.0.0.1 only.
//
// CODE_SERVER_HOME: the folder ensure-code-server.sh prints (it is run when this is not set).
// VSIX: the package to install (default: the newest podscope-*.vsix in vscode/).
// PODSCOPE_E2E_THEME: the colour theme (default "Default Light Modern"), for screenshots.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync, copyFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const extension = join(here, "..");
const repo = join(extension, "..");
const shots = join(extension, "test-results");
const home = process.env.CODE_SERVER_HOME ?? execFileSync("bash", [join(repo, "scripts", "ensure-code-server.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
const node = join(home, "node", "bin", "node");
const entry = join(home, "code-server", "node_modules", "code-server", "out", "node", "entry.js");
const vsix = process.env.VSIX ?? join(extension, readdirSync(extension).filter((f) => /^podscope-.*\.vsix$/.test(f)).sort().at(-1) ?? "missing.vsix");

let dir;
let server;
let browser;
let page;
let base;
let serverLog = "";

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "podscope-e2e-"));
  const [userData, extensions, workspace] = ["user-data", "extensions", "workspace"].map((d) => join(dir, d));
  mkdirSync(join(userData, "User"), { recursive: true });
  mkdirSync(workspace);
  copyFileSync(join(repo, "examples", "mistakes.yaml"), join(workspace, "mistakes.yaml"));
  writeFileSync(join(workspace, "notes.yaml"), "# not a manifest: Podscope leaves it alone\nsteps:\n  - run: make\n");
  // Quiet, offline, predictable: no trust prompt, no welcome page, no chat, no update or gallery checks.
  writeFileSync(
    join(userData, "User", "settings.json"),
    JSON.stringify({
      "workbench.startupEditor": "none",
      "security.workspace.trust.enabled": false,
      "telemetry.telemetryLevel": "off",
      "update.mode": "none",
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "workbench.enableExperiments": false,
      "workbench.tips.enabled": false,
      "chat.disableAIFeatures": true,
      "workbench.secondarySideBar.defaultVisibility": "hidden",
      "editor.minimap.enabled": false,
      "workbench.colorTheme": process.env.PODSCOPE_E2E_THEME ?? "Default Light Modern",
    }),
  );
  const common = ["--config", join(dir, "config.yaml"), "--user-data-dir", userData, "--extensions-dir", extensions];
  execFileSync(node, [entry, ...common, "--install-extension", vsix], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  assert.ok(readdirSync(extensions).some((d) => d.startsWith("podscope.podscope-")), "the .vsix installed");

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(node, [entry, ...common, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override", workspace], {
    env: { ...process.env, PATH: `${join(home, "node", "bin")}:${process.env.PATH}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.on("data", (d) => (serverLog += d));
  server.stderr.on("data", (d) => (serverLog += d));
  for (let i = 0; !serverLog.includes("HTTP server listening"); i++) {
    assert.ok(i < 300 && server.exitCode === null, `code-server did not start:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function quickOpen(name) {
  await page.keyboard.press("Control+P");
  await page.locator(".quick-input-widget input").waitFor();
  await page.keyboard.type(name);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().click();
}

async function runCommand(title) {
  await page.keyboard.press("F1");
  await page.locator(".quick-input-widget input").waitFor();
  await page.keyboard.type(title);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().click();
}

const selection = () => page.locator("#status\\.editor\\.selection").innerText();

test("the faulty manifest's diagnostics appear in the Problems panel at their lines and columns", async () => {
  await quickOpen("mistakes.yaml");
  const problems = page.locator("#status\\.problems");
  await page.waitForFunction(() => document.querySelector("#status\\.problems")?.getAttribute("aria-label") === "Errors: 6, Warnings: 1", null, { timeout: 30_000 });
  assert.equal(await problems.getAttribute("aria-label"), "Errors: 6, Warnings: 1");
  await page.keyboard.press("Control+Shift+M");
  const rows = page.locator(".markers-panel .monaco-list-row");
  await rows.filter({ hasText: "volumeMount" }).first().waitFor();
  const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  const expected = [
    ["spec.initContainers[0].livenessProbe: Forbidden", 12, 5],
    ['spec.containers[0].name: Invalid value: "MyApp"', 16, 11],
    ['Not found: "data"', 24, 13],
    ['unknown field "spec.containers[1].volumeMount"', 30, 5],
    ['spec.restartPolicy: Unsupported value: "Sometimes"', 33, 18],
    ['spec.volumes[1].name: Invalid value: "Config"', 37, 11],
    ["duplicate port definition with spec.containers[0].ports[0]", 29, 22],
  ];
  for (const [text, line, column] of expected) {
    const label = labels.find((l) => l?.includes(text));
    assert.ok(label, `no problem row for ${text} in\n${labels.join("\n")}`);
    assert.match(label, new RegExp(`at line ${line} and character ${column}\\b`));
    assert.match(label, /generated by podscope/);
  }
  // The related place of the duplicate port, and the rule code shown as a link.
  assert.ok(labels.some((l) => l?.startsWith("spec.containers[0].ports[0] at line 22 and character 7")));
  const link = page.locator('.markers-panel a.monaco-link[href="podscope-rule:/PS0005-unknown-field.md"]');
  assert.equal(await link.count(), 1);
  await page.screenshot({ path: join(shots, "e2e-diagnostics.png") });
  // The code links to the rule's documentation, bundled in the extension.
  await link.click();
  await page.locator(".tab.active", { hasText: "PS0005-unknown-field.md" }).waitFor({ timeout: 30_000 });
  await page.locator(".editor-instance .view-lines", { hasText: "# PS0005 unknown-field" }).first().waitFor();
  await page.screenshot({ path: join(shots, "e2e-rule-docs.png") });
  await page.keyboard.press("Control+W");
});

test("a YAML file without Kubernetes objects gets no diagnostics", async () => {
  await quickOpen("notes.yaml");
  await page.locator(".tab.active", { hasText: "notes.yaml" }).waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator("#status\\.problems").getAttribute("aria-label"), "Errors: 6, Warnings: 1");
  await page.keyboard.press("Control+W");
});

test("the diagram opens beside the editor, and a click on a node selects its range", async () => {
  await quickOpen("mistakes.yaml");
  await page.locator(".tab.active", { hasText: "mistakes.yaml" }).waitFor();
  // The editor-title button is there for a manifest.
  await page.locator('.editor-actions a[aria-label="Podscope: Show Pod Diagram"], .editor-actions a[aria-label="Show Pod Diagram"]').first().waitFor();
  await runCommand("Podscope: Show Pod Diagram");
  await page.locator(".tab", { hasText: "Pod Diagram: mistakes.yaml" }).waitFor();
  let frame = null;
  for (let i = 0; !frame && i < 200; i++) {
    for (const f of page.frames()) if (await f.locator("#diagram").count().catch(() => 0)) frame = f;
    if (!frame) await page.waitForTimeout(100);
  }
  assert.ok(frame, "the webview's frame");
  const node = frame.locator('[data-id="container:metrics"]').first();
  await node.waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(shots, "e2e-diagram.png") });

  assert.equal(await selection(), "Ln 1, Col 1");
  await node.click();
  await page.waitForFunction(() => /Ln 26, Col 18 \(7 selected\)/.test(document.querySelector("#status\\.editor\\.selection")?.innerText ?? ""), null, { timeout: 30_000 });
  assert.equal(await selection(), "Ln 26, Col 18 (7 selected)");

  // Moving the cursor in the editor lights the node the cursor is in.
  await page.keyboard.press("Control+G");
  await page.keyboard.type("19");
  await page.keyboard.press("Enter");
  await frame.waitForFunction(() => document.querySelector("#diagram").dataset.cursor === "container:MyApp", null, { timeout: 30_000 });
  await page.screenshot({ path: join(shots, "e2e-cursor.png") });
});

test("a quick fix repairs the misspelt field", async () => {
  const fix = page.locator(".action-widget .monaco-list-row", { hasText: "Change to `volumeMounts`" });
  // The menu lists the code actions known when it opens: on a busy machine the diagnostics may
  // not be there yet, and the diagram panel beside the editor may have taken the focus. So each
  // attempt brings the editor forward, puts the cursor on the misspelt key and asks again.
  for (let attempt = 1; ; attempt++) {
    await page.locator(".tab", { hasText: /^mistakes\.yaml/ }).first().click();
    await page.keyboard.press("Control+1"); // focus the first editor group, where the file is (the diagram is beside it)
    await page.keyboard.press("Control+G");
    await page.keyboard.type("30:6");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+.");
    try {
      await fix.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      await page.screenshot({ path: join(shots, `e2e-quick-fix-attempt-${attempt}.png`) });
      if (attempt === 6) throw error;
      await page.keyboard.press("Escape");
    }
  }
  await page.screenshot({ path: join(shots, "e2e-quick-fix.png") });
  await fix.click();
  await page.waitForFunction(() => document.querySelector("#status\\.problems")?.getAttribute("aria-label") === "Errors: 5, Warnings: 1", null, { timeout: 30_000 });
  assert.match(readFileSync(join(dir, "workspace", "mistakes.yaml"), "utf8"), /volumeMount:/, "the fix edits the buffer, not the file, until saved");
});
