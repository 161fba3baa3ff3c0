#!/usr/bin/env node
// Serves the built page (www/dist) on 127.0.0.1 and prints its URL. A plain static server: the
// page needs nothing from it but files. Usage: node scripts/serve-web.mjs [--port N] [--dir D]
// (PORT in the environment works too; port 0 picks a free one). Also used by the browser tests.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json; charset=utf-8",
  ".yaml": "text/yaml; charset=utf-8",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

// The same policy as the page's meta tag, plus what only a header can say (frame-ancestors).
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; font-src 'self'; connect-src 'self'; media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Starts a server for `root`. `mounts` maps URL prefixes to other folders (the tests mount the UI
 * sources). Resolves to {server, url, close()}.
 */
export async function serve({ root, port = 0, host = "127.0.0.1", mounts = {}, headers = true } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://localhost");
      let path = decodeURIComponent(url.pathname);
      let dir = base;
      for (const [prefix, folder] of Object.entries(mounts)) {
        if (path.startsWith(prefix)) {
          dir = resolve(folder);
          path = path.slice(prefix.length - 1);
          break;
        }
      }
      let file = normalize(join(dir, path));
      if (file !== dir && !file.startsWith(dir + sep)) return send(res, 403, "forbidden");
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) return send(res, 404, "not found");
      const body = await readFile(file);
      res.writeHead(200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Content-Length": body.length,
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        ...(headers && extname(file) === ".html" ? { "Content-Security-Policy": CSP } : {}),
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (error) {
      send(res, 500, String(error?.message ?? error));
    }
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  const address = server.address();
  const url = `http://${host}:${address.port}/`;
  return { server, url, close: () => new Promise((ok) => server.close(ok)) };
}

function send(res, status, text) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
  res.end(text);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const here = fileURLToPath(new URL(".", import.meta.url));
  const root = option("--dir", join(here, "..", "www", "dist"));
  const wanted = Number(option("--port", process.env.PORT ?? 8080));
  const index = await stat(join(root, "index.html")).catch(() => null);
  if (!index) {
    console.error(`serve-web: ${root} has no index.html; build the page first (npm run build:web)`);
    process.exit(2);
  }
  let started;
  for (let port = wanted; !started; port = port === 0 ? 0 : port + 1) {
    try {
      started = await serve({ root, port });
    } catch (error) {
      if (error.code !== "EADDRINUSE" || port > wanted + 20) throw error;
    }
  }
  console.log(`\nPodscope is running at ${started.url}\n(serving ${root} on 127.0.0.1 only; press Ctrl+C to stop)\n`);
  const stop = () => started.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
