// Builds the page into dist/: plain static files with relative paths, so any static host (or a
// sub-folder of one) serves them. The `podscope` import is the npm package built into ../pkg.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const pkg = fileURLToPath(new URL("../pkg/podscope.js", import.meta.url));

export default defineConfig({
  base: "./",
  resolve: { alias: { podscope: pkg } },
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
