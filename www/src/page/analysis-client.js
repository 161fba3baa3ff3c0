// The page's end of the analysis (analysis-core.js, in a Web Worker): it sends texts to analyse
// and pictures to draw, and hands back only what is still current.
//
// - One analysis at a time. A text asked for while one is being analysed waits; a newer one
//   replaces it (the older promise resolves to null, never sent). When the running analysis
//   returns while a newer text waits, its result is stale: dropped (null), and the newer is sent.
// - A picture is drawn from a given analysis (its id); once another text has been analysed, the
//   answer is null (stale).
// - How long to wait after a keystroke grows with the text's size (`debounceFor`).

/** Milliseconds to wait after a keystroke before analysing a text of `length` characters. */
export function debounceFor(length) {
  return Math.round(Math.min(DEBOUNCE.max, DEBOUNCE.base + length / DEBOUNCE.charsPerMs));
}
// 120 ms for a small manifest; 2 MB waits about 0.6 s (the analysis itself takes longer than that).
export const DEBOUNCE = { base: 120, charsPerMs: 4096, max: 800 };

/**
 * `channel`: {post(message), listen(handler)}: a Worker, or anything that speaks like one.
 * Returns {analyze(text, options) → Promise<result | null>, render(analysisId, options) →
 * Promise<svg | null>, busy}. A result is {id, analysis, time, counts}.
 */
export function createAnalysisClient(channel) {
  let nextId = 0;
  let running = null; // the analysis sent and not answered: {id, resolve, reject}
  let waiting = null; // the newest text asked for meanwhile: {text, options, resolve, reject}
  const renders = new Map(); // id → {resolve, reject}
  const counts = { workspaces: 0, analyze: 0, render: 0, dropped: 0 };

  channel.listen((message) => {
    if (message?.counts) Object.assign(counts, message.counts);
    if (message?.type === "render" || (message?.type === "error" && renders.has(message.id))) {
      const r = renders.get(message.id);
      renders.delete(message.id);
      if (!r) return;
      if (message.type === "error") r.reject(Object.assign(new Error(message.message), { internal: message.internal }));
      else r.resolve(message.stale ? null : message.svg);
      return;
    }
    if ((message?.type === "analysis" || message?.type === "error") && running?.id === message.id) {
      const done = running;
      running = null;
      if (waiting) {
        // A newer text came while this one was analysed: this answer is out of date.
        counts.dropped += 1;
        done.resolve(null);
      } else if (message.type === "error") {
        done.reject(Object.assign(new Error(message.message), { internal: message.internal }));
      } else {
        done.resolve({ id: message.id, analysis: message.analysis, time: message.time, counts: { ...counts } });
      }
      send();
    }
  });

  function send() {
    if (running || !waiting) return;
    const next = waiting;
    waiting = null;
    running = { id: ++nextId, resolve: next.resolve, reject: next.reject };
    channel.post({ type: "analyze", id: running.id, text: next.text, options: next.options });
  }

  return {
    analyze(text, options) {
      return new Promise((resolve, reject) => {
        waiting?.resolve(null); // replaced before it was sent
        waiting = { text, options, resolve, reject };
        send();
      });
    },
    render(analysis, options) {
      return new Promise((resolve, reject) => {
        const id = ++nextId;
        renders.set(id, { resolve, reject });
        channel.post({ type: "render", id, analysis, options });
      });
    },
    get busy() {
      return Boolean(running || waiting);
    },
    counts,
  };
}

/** A channel to a Worker. */
export function workerChannel(worker) {
  return { post: (m) => worker.postMessage(m), listen: (f) => worker.addEventListener("message", (e) => f(e.data)) };
}

/** A channel to a handler on this thread (no worker): answers come asynchronously, in order. */
export function localChannel(makeHandler) {
  let listener = () => {};
  const handle = makeHandler((m) => setTimeout(() => listener(m), 0));
  return { post: (m) => setTimeout(() => handle(m), 0), listen: (f) => (listener = f) };
}
