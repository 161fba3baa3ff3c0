// Podscope's Mermaid export rendered by the real Mermaid package (11, default settings) in
// Chromium: hostile manifest text (an `%%{init}%%` directive with a URL, quotes, a trailing `\`,
// markup, entity look-alikes) must neither break the diagram nor make the viewer fetch anything,
// and must show as the text it is. A control diagram with the same directive written raw shows
// that the test would see the fetch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = process.env.PODSCOPE_PKG ?? join(root, 'pkg');
const mermaidDist = join(root, 'node_modules/mermaid/dist');
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript' };

/**
 * Serves Mermaid and one page that renders `source` with it; returns the page's DOM after the
 * render and every path the browser asked for.
 */
async function renderInChromium(source) {
  const requested = [];
  const page = `<!doctype html><meta charset="utf-8"><title>mermaid</title><div id="out">pending</div>
<script type="module">
  import mermaid from '/mermaid/mermaid.esm.min.mjs';
  mermaid.initialize({ startOnLoad: false });
  const out = document.getElementById('out');
  try {
    const { svg } = await mermaid.render('d', ${JSON.stringify(source)});
    out.innerHTML = svg;
    out.dataset.rendered = 'yes';
  } catch (error) {
    out.textContent = 'error: ' + (error?.message ?? error);
  }
</script>`;
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    requested.push(path);
    try {
      if (path === '/page.html') {
        response.writeHead(200, { 'content-type': 'text/html' }).end(page);
        return;
      }
      if (!path.startsWith('/mermaid/')) throw new Error('not ours');
      const file = join(mermaidDist, path.slice('/mermaid/'.length));
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/page.html`;
    const { stdout } = await promisify(execFile)(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--virtual-time-budget=20000', '--dump-dom', url], { timeout: 90_000 });
    return { dom: stdout, requested };
  } finally {
    server.close();
  }
}

/**
 * The manifest: every label Podscope writes into Mermaid carries something hostile. Its URLs are
 * relative, so a fetch would reach the test's own server, which records it.
 */
function hostileManifest() {
  const leak = '/leak';
  const image = `x%%{init: {'themeCSS': '* {background-image:url(${leak}/theme)}'}}%%`;
  return `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: "${image}"
    volumeMounts:
    - name: data
      mountPath: "/data\\\\"
  - name: helper
    image: '<img src=${leak}/img onerror=alert(1)>'
    command: ["sh", "-c", "tail -F /data/#35;x \\"q\\" \`b\` a|b {c}"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    emptyDir: {}
`;
}

const skip = (!chromium && 'no Chromium (apt-get install chromium)') || (!existsSync(mermaidDist) && 'mermaid is not installed (npm install)');

test('Mermaid renders the hostile labels as text and fetches nothing', { skip, timeout: 240_000 }, async () => {
  const podscope = await import(`file://${pkg}/podscope.js`);
  await podscope.default({ module_or_path: await readFile(join(pkg, 'podscope_bg.wasm')) });
  for (const view of ['pod', 'timeline']) {
    const source = podscope.render(hostileManifest(), { view, format: 'mermaid' });
    // The source keeps the directive out of Mermaid's reach, then Mermaid must show it as text.
    assert.doesNotMatch(source, /%%\{/);
    const { dom, requested } = await renderInChromium(source);
    assert.match(dom, /data-rendered="yes"/, `${view}: Mermaid could not render it:\n${dom.slice(0, 2000)}`);
    assert.deepEqual(requested.filter((p) => !p.startsWith('/mermaid/') && p !== '/page.html' && p !== '/favicon.ico'), [], `${view}: the viewer fetched`);
    assert.doesNotMatch(dom, /<img/, `${view}: markup from the manifest became markup`);
    if (view === 'pod') {
      // Mermaid decodes the entity codes: the labels read as the manifest wrote them.
      assert.match(dom, /x%%\{init: \{'themeCSS': '\* \{background-image:url\(\/leak\/theme\)\}'\}\}%%/);
      assert.match(dom, /&lt;img src=/);
    }
  }
});

test('control: the same directive written raw does make Mermaid fetch', { skip, timeout: 240_000 }, async () => {
  const { dom, requested } = await renderInChromium(`%%{init: {'themeCSS': '* {background-image:url(/leak/theme)}'}}%%\nflowchart LR\n  a --> b\n`);
  assert.match(dom, /data-rendered="yes"/);
  assert.ok(requested.includes('/leak/theme'), `Mermaid fetched ${requested.join(', ')}`);
});
