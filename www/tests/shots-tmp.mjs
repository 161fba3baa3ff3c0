import { readFileSync } from "node:fs";
import { startServer, launch, openPage, setText } from "./browser.mjs";
const server = await startServer({ headers: false });
const browser = await launch();
const text = readFileSync("/tmp/app/argocd.yaml", "utf8");
for (const [w, h] of [[1440, 900], [800, 1000]]) {
  for (const view of ["pod", "app"]) {
    const { page } = await openPage(browser.context, server.url, { viewport: { width: w, height: h } });
    await setText(page, text);
    await page.waitForTimeout(1500);
    if (view === "app") { await page.click('.ps-seg[data-view="app"]'); await page.waitForTimeout(1500); }
    const state = await page.evaluate(() => ({ doc: window.podscopePage.diagram.state.document, scale: window.podscopePage.diagram.state.scale }));
    console.log(w, h, view, JSON.stringify(state));
    await page.screenshot({ path: `/tmp/app/shots/argocd-${view}-${w}x${h}.png` });
    await page.close();
  }
}
await browser.close();
await server.close();
