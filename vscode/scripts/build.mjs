// Builds the extension into dist/: the extension host's bundle (CommonJS, `vscode` external), the
// webview's bundle (an ES module with its stylesheet: the web page's panels and this extension's
// glue), and the WebAssembly module both load from the extension's own files.
// The `podscope` import is the npm package built into ../pkg (PODSCOPE_PKG: another build of it).
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = process.env.PODSCOPE_PKG ?? join(here, "..", "pkg");
const dist = join(here, "dist");
if (!existsSync(join(pkg, "podscope.js"))) {
  console.error(`build: the podscope package is missing in ${pkg}; run scripts/build-npm.sh first`);
  process.exit(2);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const common = { bundle: true, minify: true, sourcemap: false, legalComments: "none", logLevel: "warning", alias: { podscope: join(pkg, "podscope.js") } };

await Promise.all([
  build({
    ...common,
    entryPoints: [join(here, "src", "extension.js")],
    outfile: join(dist, "extension.cjs"),
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["vscode"],
    // The package's `init` default path uses `import.meta.url`; the host calls `initSync` instead.
    logOverride: { "empty-import-meta": "silent" },
  }),
  build({
    ...common,
    entryPoints: { webview: join(here, "src", "webview", "main.js") },
    outdir: dist,
    platform: "browser",
    format: "esm",
    target: "es2022",
    // wasm-bindgen's default `new URL("podscope_bg.wasm", import.meta.url)` is never used: the
    // webview passes the module's webview URI to `init`.
    loader: { ".wasm": "empty" },
  }),
]);
copyFileSync(join(pkg, "podscope_bg.wasm"), join(dist, "podscope_bg.wasm"));
console.log("build: dist/extension.cjs, dist/webview.js, dist/webview.css, dist/podscope_bg.wasm");
