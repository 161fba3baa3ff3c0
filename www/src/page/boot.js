// The page's entry: starts loading and compiling the WebAssembly module at once, then loads the
// rest of the page (the editor is the larger part) while the module compiles.
import "../ui/ui.css";
import "./page.css";
import init from "podscope";

performance.mark("podscope:script");
export const wasmReady = init();
wasmReady.catch(() => {}); // reported by the page once it has loaded
import("./main.js");
