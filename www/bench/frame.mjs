// Benchmark, not a test: how long a keystroke costs on the built page (www/dist) in Debian's
// Chromium, from the analysis to the end of style and layout; and, in a 2 MB manifest, how long
// the editor takes to answer a keystroke while the analysis runs in its worker. Prints figures;
// asserts nothing, so a busy machine only makes the numbers worse. Run with `npm run bench:web`.

import { startServer, launch, openPage, setText } from "../tests/browser.mjs";
import { manifestOfLines, manifestOfBytes } from "../tests/fixtures/generate.mjs";

const server = await startServer({ headers: false });
const browser = await launch();
try {
  const { page } = await openPage(browser.context, server.url);
  await page.waitForSelector(".ps-diagram-host [data-id]", { state: "attached" });
  const first = await page.evaluate(() => performance.getEntriesByName("podscope:first-diagram")[0]?.startTime);
  console.log(`first diagram (analysis, problems and diagram panel drawn): ${first?.toFixed(0)} ms after navigation (goal 500 ms)`);

  await setText(page, manifestOfLines(300));
  const lines = await page.evaluate(() => window.podscopePage.editor.view.state.doc.lines);
  // Two kinds of keystroke: one in a container's name (the picture changes), one in the last
  // line's comment (nothing drawn changes). The page's own timing ends before style and layout;
  // the total here includes them.
  const samples = await page.evaluate(async () => {
    const page = window.podscopePage;
    const view = page.editor.view;
    const named = view.state.doc.line(view.state.doc.toString().split("\n").findIndex((l) => l.includes("- name: service-0")) + 1).to;
    view.dispatch({ changes: { from: view.state.doc.length, insert: "# end\n" } });
    const commented = view.state.doc.length - 1;
    const out = { drawn: [], elsewhere: [] };
    for (let i = 0; i < 88; i++) {
      const kind = i % 4 < 2 ? "drawn" : "elsewhere";
      const at = kind === "drawn" ? named : commented;
      view.dispatch({ changes: i % 2 === 0 ? { from: at, insert: "x" } : { from: at, to: at + 1 } });
      await new Promise(requestAnimationFrame);
      const start = performance.now();
      await page.run();
      void document.body.getBoundingClientRect().height;
      if (i >= 8) out[kind].push({ ...page.timings.at(-1), total: performance.now() - start });
    }
    return out;
  });
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const report = (kind) => {
    const s = samples[kind];
    return `median ${median(s.map((x) => x.total)).toFixed(1)} ms (analysis in the worker ${median(s.map((x) => x.analyze)).toFixed(1)}, drawing ${median(s.map((x) => x.render)).toFixed(1)}) over ${s.length} keystrokes`;
  };
  console.log(`${lines}-line manifest, analysis + redraw of editor marks, problems, diagram and layout (goal 16 ms):`);
  console.log(`  typing where the diagram changes: ${report("drawn")}`);
  console.log(`  typing where it does not:         ${report("elsewhere")}`);

  // Typing in a 2 MB manifest: real key presses, 60 ms apart (a quick typist), in a container's
  // name. Each keystroke's latency is from its keydown event to the next frame the page paints;
  // long tasks are the main thread's busy stretches of 50 ms and more.
  const big = manifestOfBytes(2_000_000);
  await setText(page, big);
  const typing = await page.evaluate(() => {
    const view = window.podscopePage.editor.view;
    const at = view.state.doc.toString().indexOf("- name: service-0") + "- name: service-0".length;
    view.dispatch({ selection: { anchor: at }, userEvent: "select" });
    view.focus();
    window.__latency = [];
    window.__longTasks = [];
    window.__keyTimes = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration })))).observe({ type: "longtask" });
    document.addEventListener(
      "keydown",
      (event) => {
        const start = event.timeStamp;
        window.__keyTimes.push(performance.now());
        requestAnimationFrame(() => setTimeout(() => window.__latency.push(performance.now() - start), 0));
      },
      true,
    );
    return { bytes: view.state.doc.length, lines: view.state.doc.lines };
  });
  const runsBefore = await page.evaluate(() => window.podscopePage.timings.length);
  await page.keyboard.type("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrst", { delay: 60 });
  const typed = await page.evaluate(() => performance.now());
  await page.waitForFunction((n) => window.podscopePage.timings.length > n, runsBefore, { timeout: 60_000 });
  const result = await page.evaluate((typed) => {
    const p = window.podscopePage;
    return {
      latency: window.__latency,
      // While typing: from the first keystroke to the last; the rest come when the results are shown.
      longTasks: window.__longTasks.filter((t) => t.start <= window.__keyTimes.at(-1)).map((t) => t.duration),
      afterTasks: window.__longTasks.filter((t) => t.start > window.__keyTimes.at(-1)).map((t) => t.duration),
      last: p.timings.at(-1),
      settled: performance.now() - typed,
      dropped: p.calls.dropped,
      analyzer: p.analyzer,
    };
  }, typed);
  const sorted = [...result.latency].sort((a, b) => a - b);
  const pct = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(`typing in a ${(typing.bytes / 1e6).toFixed(1)} MB manifest (${typing.lines} lines), analysis in the ${result.analyzer}, ${result.latency.length} keystrokes 60 ms apart:`);
  console.log(`  keydown to next frame: median ${pct(0.5).toFixed(1)} ms, 95th percentile ${pct(0.95).toFixed(1)} ms, worst ${sorted.at(-1).toFixed(1)} ms`);
  const tasks = (xs) => `${xs.length}${xs.length ? ` (longest ${Math.max(...xs).toFixed(0)} ms)` : ""}`;
  console.log(`  main-thread tasks of 50 ms or more: ${tasks(result.longTasks)} while typing, ${tasks(result.afterTasks)} after the last keystroke (showing the results)`);
  console.log(`  one analysis of the whole text in the worker: ${result.last.analyze.toFixed(0)} ms (it would block every keystroke that long on the main thread); shown ${result.last.total.toFixed(0)} ms after it was asked for, ${result.settled.toFixed(0)} ms after the last keystroke; ${result.dropped} stale results dropped`);
} finally {
  await browser.close();
  await server.close();
}
