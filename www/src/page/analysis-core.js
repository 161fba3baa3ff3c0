// The analysing side of the page, wherever it runs: in the Web Worker (analysis-worker.js), or on
// the page itself when no worker can start. It holds one Workspace for the current options,
// analyses each text it is sent, and draws the last analysis. Messages are plain JSON:
//
//   page → here   {type: "analyze", id, text, options}   {type: "render", id, analysis, options}
//   here → page   {type: "analysis", id, analysis, time, counts}
//                 {type: "render", id, svg, time, counts} (or `stale: true`: another text was analysed since)
//                 {type: "error", id, message, internal}
//
// `counts` says how often the WebAssembly API was called (workspaces made, analyses, renders).

/** A message handler around `Workspace` (the podscope class); `post` sends the replies. */
export function createAnalysisHandler(Workspace, post) {
  let workspace = null;
  let optionsKey = null;
  let analysed = null; // the id of the analysis the workspace holds
  const counts = { workspaces: 0, analyze: 0, render: 0 };

  function drop() {
    try {
      workspace?.free();
    } catch {
      // An instance replaced after an internal error: nothing left to free.
    }
    workspace = null;
    analysed = null;
  }

  function renew() {
    try {
      new Workspace().free();
    } catch {
      // Expected: it reports the trap and schedules the fresh instance.
    }
  }

  return function handle(message) {
    const { id } = message;
    try {
      if (message.type === "analyze") {
        const key = JSON.stringify(message.options ?? {});
        if (!workspace || key !== optionsKey) {
          drop();
          workspace = new Workspace(message.options ?? {});
          optionsKey = key;
          counts.workspaces += 1;
        }
        const start = performance.now();
        analysed = null;
        const analysis = workspace.analyze(message.text);
        analysed = id;
        counts.analyze += 1;
        post({ type: "analysis", id, analysis, time: performance.now() - start, counts: { ...counts } });
      } else if (message.type === "render") {
        if (!workspace || message.analysis !== analysed) return post({ type: "render", id, stale: true, counts: { ...counts } });
        const start = performance.now();
        const svg = workspace.render(message.options);
        counts.render += 1;
        post({ type: "render", id, svg, time: performance.now() - start, counts: { ...counts } });
      }
    } catch (error) {
      const text = String(error?.message ?? error);
      // A render error is the renderer's answer (the pod cannot be drawn); anything else is
      // internal, and the module is renewed after one: the next analysis makes a new workspace.
      const internal = !/^render: /.test(text);
      if (internal) drop();
      // A trap (out of memory) skips the core's panic hook; the call after it finds out, renews the
      // instance and throws. Make that call now, so the next analysis runs on a fresh instance.
      if (error instanceof WebAssembly.RuntimeError) renew();
      post({ type: "error", id, message: text, internal });
    }
  };
}
