// The page's entry: starts loading and compiling the WebAssembly module at once, then loads the
// rest of the page (the editor is the larger part) while the module compiles. The compiled
// module is shared: this thread instantiates it (rules, version, and analysis when no worker can
// start), and the analysis worker is sent the same module, so it is fetched and compiled once.
import "../ui/ui.css";
import "./page.css";
import init from "podscope";
import wasmUrl from "podscope-wasm?url";

performance.mark("podscope:script");
export const wasmModule = WebAssembly.compileStreaming(fetch(wasmUrl)).catch(() =>
  // A server that does not say application/wasm: compile from the bytes instead.
  fetch(wasmUrl)
    .then((r) => r.arrayBuffer())
    .then((bytes) => WebAssembly.compile(bytes)),
);
export const wasmReady = wasmModule.then((module) => init({ module_or_path: module }));
wasmReady.catch(() => {}); // reported by the page once it has loaded
import("./main.js");
