// Builds the page into dist/: plain static files with relative paths, so any static host (or a
// sub-folder of one) serves them. The `podscope` import is the npm package built into ../pkg.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// PODSCOPE_PKG points at another build of the package (a preview of unmerged work, say).
const pkg = process.env.PODSCOPE_PKG ?? fileURLToPath(new URL("../pkg/podscope.js", import.meta.url));

// The WebAssembly module is fetched by the script; a preload in the HTML starts that fetch while
// the script itself is still loading, which brings the first diagram forward; so does a
// modulepreload of the editor's chunk, which the entry imports lazily.
const preloadWasm = {
  name: "podscope-preload-wasm",
  transformIndexHtml: {
    order: "post",
    handler(html, { bundle }) {
      const files = Object.values(bundle ?? {});
      const wasm = files.find((f) => f.fileName.endsWith(".wasm"));
      const lazy = files.filter((f) => f.type === "chunk" && f.isDynamicEntry);
      return [
        ...(wasm ? [{ tag: "link", attrs: { rel: "preload", href: `./${wasm.fileName}`, as: "fetch", type: "application/wasm", crossorigin: "anonymous" }, injectTo: "head" }] : []),
        ...lazy.map((f) => ({ tag: "link", attrs: { rel: "modulepreload", href: `./${f.fileName}`, crossorigin: "" }, injectTo: "head" })),
      ];
    },
  },
};

export default defineConfig({
  base: "./",
  plugins: [preloadWasm],
  resolve: {
    alias: [
      { find: /^podscope$/, replacement: pkg },
      // The module itself, for `import url from "podscope-wasm?url"` (compiled once, shared with the worker).
      { find: /^podscope-wasm(\?.*)?$/, replacement: `${pkg.replace(/podscope\.js$/, "podscope_bg.wasm")}$1` },
    ],
  },
  // The analysis worker is an ES module (it imports the package).
  worker: { format: "es" },
  server: { host: "127.0.0.1", fs: { allow: [".."] } },
  preview: { host: "127.0.0.1" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
