// Benchmark, not a test: how long a keystroke costs on the built page (www/dist) in Debian's
// Chromium, from the analysis to the end of style and layout. Prints figures; asserts nothing,
// so a busy machine only makes the numbers worse. Run with `npm run bench:web`.

import { startServer, launch, openPage, setText } from "../tests/browser.mjs";
import { manifestOfLines } from "../tests/fixtures/generate.mjs";

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
      page.run();
      void document.body.getBoundingClientRect().height;
      if (i >= 8) out[kind].push({ ...page.timings.at(-1), total: performance.now() - start });
    }
    return out;
  });
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const report = (kind) => {
    const s = samples[kind];
    return `median ${median(s.map((x) => x.total)).toFixed(1)} ms (analyze ${median(s.map((x) => x.analyze)).toFixed(1)}, render ${median(s.map((x) => x.render)).toFixed(1)}) over ${s.length} keystrokes`;
  };
  console.log(`${lines}-line manifest, analysis + redraw of editor marks, problems, diagram and layout (goal 16 ms):`);
  console.log(`  typing where the diagram changes: ${report("drawn")}`);
  console.log(`  typing where it does not:         ${report("elsewhere")}`);
} finally {
  await browser.close();
  await server.close();
}
