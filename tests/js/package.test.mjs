// The npm package as a user gets it: `npm pack` of pkg/, installed from the tarball into a fresh
// project, then imported from Node ESM, type-checked by `tsc --strict` and bundled by Vite.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = process.env.PODSCOPE_PKG ?? join(root, 'pkg');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let project;
let tarball;
let packed;

before(() => {
  project = mkdtempSync(join(tmpdir(), 'podscope-consumer-'));
  const out = mkdtempSync(join(tmpdir(), 'podscope-pack-'));
  [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out, pkg], root));
  tarball = join(out, packed.filename);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], project);
});

after(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(join(tarball, '..'), { recursive: true, force: true });
});

test('the tarball holds exactly the package files', () => {
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, ['LICENSE', 'README.md', 'package.json', 'podscope.d.ts', 'podscope.js', 'podscope_bg.wasm']);
  const manifest = JSON.parse(readFileSync(join(project, 'node_modules/podscope/package.json'), 'utf8'));
  assert.equal(manifest.name, 'podscope');
  assert.equal(manifest.license, 'Apache-2.0');
  assert.equal(manifest.type, 'module');
  assert.equal(manifest.sideEffects, false);
  assert.equal(manifest.types, './podscope.d.ts');
  assert.ok(manifest.repository.url);
  assert.deepEqual(manifest.exports['.'], { types: './podscope.d.ts', default: './podscope.js' });
  const cargoVersion = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "(.*)"/m)[1];
  assert.equal(manifest.version, cargoVersion);
});

// The limit was 400 KB before Pod Security, the best-practice checks and the documentation of
// every rule (about 55 KB gzipped, carried in the module so the page and the editor show it
// offline) came in; measured 455 KB on 2026-12-03, 497 KB with the app view (2026-12-05), and
// 523 KB once Services, PodDisruptionBudgets, autoscalers, NetworkPolicies and Ingresses were
// validated (their schema, 15 rules and their documentation; 2026-12-06).
test('the .wasm file is at most 540 KB gzipped', () => {
  const wasm = readFileSync(join(project, 'node_modules/podscope/podscope_bg.wasm'));
  const gzipped = gzipSync(wasm, { level: 9 }).length;
  assert.ok(gzipped <= 540 * 1024, `podscope_bg.wasm is ${Math.round(gzipped / 1024)} KB gzipped`);
});

test('the public types have no `any`', () => {
  const types = readFileSync(join(project, 'node_modules/podscope/podscope.d.ts'), 'utf8');
  const code = types.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  assert.doesNotMatch(code, /\bany\b/);
  for (const name of ['AnalysisDto', 'DiagnosticDto', 'DocumentDto', 'RangeDto', 'AnalyzeOptionsDto', 'RenderOptionsDto', 'AnalyzeRenderOptionsDto', 'RuleDto', 'PodGraphDto']) {
    assert.match(code, new RegExp(`export (interface|type) ${name}\\b`), name);
  }
  // The class and its methods, typed with the DTOs.
  assert.match(code, /export class Workspace\b/);
  assert.match(code, /constructor\(options\?: AnalyzeOptionsDto \| null\)/);
  assert.match(code, /analyze\(text: string\): AnalysisDto;/);
  assert.match(code, /render\(options\?: RenderOptionsDto \| null\): string;/);
  assert.match(code, /export function unknownRules\(keys: string\[\]\): string\[\];/);
});

test('Node ESM: import, initialise from the .wasm bytes, analyse the seed examples', () => {
  writeFileSync(join(project, 'consumer.mjs'), `
import { readFile } from 'node:fs/promises';
import init, { analyze, rules, version } from 'podscope';
await init({ module_or_path: await readFile(new URL(import.meta.resolve('podscope/podscope_bg.wasm'))) });
const examples = ${JSON.stringify(join(root, 'examples'))};
const report = {};
for (const name of ['elastic-stack-sidecar.yaml', 'myapp-init-containers.yaml', 'yellow-two-containers.yaml', 'mistakes.yaml']) {
  const { documents, diagnostics } = analyze(await readFile(examples + '/' + name, 'utf8'));
  report[name] = { documents: documents.map((d) => [d.kind, d.name, d.verdict]), errors: diagnostics.filter((d) => d.severity === 'error').map((d) => d.code) };
}
console.log(JSON.stringify({ version: version(), rules: rules().length, report }));
`);
  const { version, rules, report } = JSON.parse(run('node', ['consumer.mjs'], project));
  assert.match(version, /^\d+\.\d+\.\d+/);
  assert.ok(rules > 200);
  assert.deepEqual(report['elastic-stack-sidecar.yaml'], { documents: [['Pod', 'app', 'valid']], errors: [] });
  assert.deepEqual(report['myapp-init-containers.yaml'].documents, [['Pod', 'myapp-pod', 'valid']]);
  assert.deepEqual(report['yellow-two-containers.yaml'].documents, [['Pod', 'yellow', 'valid']]);
  assert.equal(report['mistakes.yaml'].documents[0][2], 'invalid');
  for (const code of ['PS1502', 'PS0005']) assert.ok(report['mistakes.yaml'].errors.includes(code), code);
});

test('TypeScript: a consumer type-checks with tsc --strict, and misuse does not', () => {
  writeFileSync(join(project, 'consumer.ts'), `
import init, { analyze, render, rules, unknownRules, version, Workspace, type AnalysisDto, type AnalyzeOptionsDto, type DiagnosticDto, type RenderOptionsDto, type RuleDto, type Severity } from 'podscope';

export async function check(text: string, bytes: Uint8Array): Promise<string[]> {
  await init({ module_or_path: bytes });
  const options: AnalyzeOptionsDto = { rules: { PS0005: 'off', 'duplicate-port-definition': 'error' }, allowPrivileged: false };
  const analysis: AnalysisDto = analyze(text, options);
  const severity: Severity = analysis.diagnostics[0].severity;
  const lines = analysis.diagnostics.map((d: DiagnosticDto) => \`\${d.range.start.line}:\${d.range.start.column} \${d.code} \${d.message} \${d.help ?? ''}\`);
  const verdicts: ('valid' | 'invalid' | 'skipped')[] = analysis.documents.map((d) => d.verdict);
  const firstPod: number | undefined = analysis.graphs[0]?.document;
  const drawing: RenderOptionsDto = { document: 0, view: 'timeline', format: 'mermaid', theme: 'dark' };
  const svg: string = render(text, drawing);
  const workspace = new Workspace(options);
  const again: AnalysisDto = workspace.analyze(text);
  const drawn: string = workspace.render(drawing);
  const honoured: string = render(text, { ...options, ...drawing });
  const unknown: string[] = unknownRules(Object.keys(options.rules ?? {}));
  workspace.free();
  // @ts-expect-error: a workspace renders its last analysis; it takes no text
  workspace.render(text);
  // @ts-expect-error: no such option
  new Workspace({ allowPrivilegd: true });
  const codes: string[] = rules().map((r: RuleDto) => r.code + r.summary + r.documentation);
  // @ts-expect-error: "warn" is not a rule setting
  analyze(text, { rules: { PS0005: 'warn' } });
  // @ts-expect-error: no such option
  analyze(text, { allowPrivilegd: true });
  // @ts-expect-error: the text is a string
  analyze(bytes);
  // @ts-expect-error: columns are numbers
  const column: string = analysis.diagnostics[0].range.start.column;
  return [...lines, ...verdicts, severity, String(firstPod), svg, ...codes, version(), column, String(again.documents.length), drawn, honoured, ...unknown];
}
`);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'], types: [] },
    files: ['consumer.ts'],
  }));
  try {
    run(bin('tsc'), ['-p', 'tsconfig.json'], project);
  } catch (e) {
    assert.fail(`tsc --strict failed:\n${e.stdout}${e.stderr}`);
  }
});

test('Vite: an app importing podscope builds, with the .wasm as an asset', () => {
  const app = join(project, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'index.html'), '<!doctype html><title>app</title><pre id="out"></pre><script type="module" src="./main.js"></script>\n');
  writeFileSync(join(app, 'main.js'), `
import init, { analyze } from 'podscope';
await init();
const { documents } = analyze('apiVersion: v1\\nkind: Pod\\nmetadata: {name: web}\\nspec:\\n  containers: [{name: a, image: a}]\\n');
document.getElementById('out').textContent = documents.map((d) => d.kind + ' ' + d.verdict).join('\\n');
`);
  try {
    run(bin('vite'), ['build', '--logLevel', 'warn', app], project);
  } catch (e) {
    assert.fail(`vite build failed:\n${e.stdout}${e.stderr}`);
  }
  const assets = readdirSync(join(app, 'dist/assets'));
  const wasm = assets.find((f) => f.endsWith('.wasm'));
  assert.ok(wasm, `a .wasm asset in ${assets}`);
  const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(app, 'dist/assets', f), 'utf8')).join('');
  assert.ok(js.includes(wasm), 'the bundle loads the .wasm asset');
});

// A real browser loads the package from a plain <script type="module"> page and the Vite build.
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

async function pageText(dir, page) {
  const server = createServer(async (request, response) => {
    const path = join(dir, decodeURIComponent(new URL(request.url, 'http://x').pathname));
    try {
      const body = await readFile(path);
      response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${server.address().port}/${page}`;
    const { stdout } = await promisify(execFile)(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--virtual-time-budget=20000', '--dump-dom', url], { timeout: 60_000 });
    return stdout;
  } finally {
    server.close();
  }
}

test('browser: a <script type="module"> page and the Vite app run in Chromium', { skip: !chromium && 'no Chromium (apt-get install chromium)' }, async () => {
  const site = join(project, 'node_modules/podscope');
  writeFileSync(join(site, 'page.html'), `<!doctype html><title>page</title><pre id="out">pending</pre>
<script type="module">
  import init, { analyze } from './podscope.js';
  await init();
  const { documents, diagnostics } = analyze('apiVersion: v1\\nkind: Pod\\nmetadata: {name: web}\\nspec:\\n  containers: [{name: MyApp, image: a}]\\n');
  document.getElementById('out').textContent = documents[0].verdict + ' ' + diagnostics.map((d) => d.code + '@' + d.range.start.line + ':' + d.range.start.column).join(' ');
</script>
`);
  assert.match(await pageText(site, 'page.html'), /<pre id="out">invalid PS1202@5:23<\/pre>/);
  const dist = join(project, 'app/dist');
  if (existsSync(dist)) assert.match(await pageText(dist, 'index.html'), /<pre id="out">Pod valid<\/pre>/);
});
