// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, the built
// page served on 127.0.0.1 by scripts/serve-web.mjs, and a record of every request the page
// makes, of console errors and of page errors.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve-web.mjs";

export const WWW = fileURLToPath(new URL("..", import.meta.url));
export const DIST = join(WWW, "dist");
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/**
 * Starts the server (dist at /, the UI sources and test fixtures mounted for component tests).
 * `headers: false` serves without the CSP header, so only the page's own meta tag protects it.
 */
export async function startServer({ headers = true } = {}) {
  return serve({ root: DIST, headers, mounts: { "/src/": join(WWW, "src"), "/tests/": join(WWW, "tests") } });
}

/** Launches Chromium with a fresh profile; resolves to {browser, close()}. */
export async function launch() {
  const profile = await mkdtemp(join(tmpdir(), "podscope-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-default-apps",
      "--disable-extensions",
      "--metrics-recording-only",
      "--no-default-browser-check",
    ],
  });
  return {
    context: browser,
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a page that records requests, console errors and page errors. `options.colorScheme`
 * emulates the system theme; `options.viewport` resizes.
 */
export async function openPage(context, url, options = {}) {
  const page = await context.newPage();
  const record = { requests: [], blocked: [], consoleErrors: [], pageErrors: [] };
  page.on("request", (request) => record.requests.push(request.url()));
  // Chromium reports a request the CSP refused as a request that failed before it was sent.
  page.on("requestfailed", (request) => {
    if (/^csp$|ERR_BLOCKED_BY_CSP/.test(request.failure()?.errorText ?? "")) record.blocked.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error") record.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => record.pageErrors.push(String(error)));
  if (options.viewport) await page.setViewportSize(options.viewport);
  await page.emulateMedia({ colorScheme: options.colorScheme ?? "light", reducedMotion: "reduce" });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window.__cspViolations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  if (url) {
    await page.goto(url);
    if (options.waitReady !== false) await waitReady(page);
  }
  return { page, record };
}

/** Waits until the page has analysed its first manifest. */
export async function waitReady(page) {
  await page.waitForFunction(() => window.podscopePage?.analysis && window.podscopePage.timings.length > 0, null, { timeout: 15_000 });
}

/** Replaces the editor's text, as a paste would, and waits for the analysis. */
export async function setText(page, text) {
  const before = await page.evaluate(() => window.podscopePage.timings.length);
  await page.evaluate((t) => window.podscopePage.editor.setText(t), text);
  await page.waitForFunction((n) => window.podscopePage.timings.length > n, before);
}

/** The requests that went anywhere but the test server (and were not stopped by the CSP). */
export function foreignRequests(record, origin) {
  return record.requests.filter((u) => !u.startsWith(origin + "/") && !u.startsWith("blob:") && !u.startsWith("data:") && !record.blocked.includes(u));
}
