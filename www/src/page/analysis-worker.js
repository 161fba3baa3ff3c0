// The page's Web Worker: analyses and draws off the main thread, so typing never waits for the
// WebAssembly module. The page sends the module it compiled ({type: "init", module}), then the
// messages of analysis-core.js.

import init, { Workspace } from "podscope";
import { createAnalysisHandler } from "./analysis-core.js";

let ready = null;
self.addEventListener("message", ({ data }) => {
  if (data?.type === "init") {
    ready = init({ module_or_path: data.module }).then(
      () => {
        self.postMessage({ type: "ready" });
        return createAnalysisHandler(Workspace, (m) => self.postMessage(m));
      },
      (error) => {
        self.postMessage({ type: "failed", message: String(error?.message ?? error) });
        return null;
      },
    );
    return;
  }
  // Messages are handled in the order they came, once the module is ready.
  ready?.then((handle) => handle?.(data));
});
