// The JavaScript API of the built package (pkg/), as a Node user calls it: positions in UTF-16,
// errors as `Error`s, bad input answered in bounded time, and the module usable afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';

const root = new URL('../../', import.meta.url);
const pkg = process.env.PODSCOPE_PKG ? new URL(`file://${process.env.PODSCOPE_PKG}/`) : new URL('pkg/', root);
const podscope = await import(new URL('podscope.js', pkg));
const { analyze, render, rules, version, Workspace, unknownRules } = podscope;
await podscope.default({ module_or_path: await readFile(new URL('podscope_bg.wasm', pkg)) });

const examples = new URL('examples/', root);
const example = (name) => readFile(new URL(name, examples), 'utf8');
const BOUND = { timeout: 60_000 };

/** The module still answers correctly after whatever happened before. */
async function stillWorks() {
  const analysis = analyze(await example('elastic-stack-sidecar.yaml'));
  assert.deepEqual(analysis.documents.map((d) => [d.kind, d.name, d.verdict]), [['Pod', 'app', 'valid']]);
}

test('every example is analysed with verdicts and ranges', async () => {
  for (const name of (await readdir(examples)).filter((f) => f.endsWith('.yaml'))) {
    const text = await example(name);
    const analysis = analyze(text);
    assert.ok(analysis.documents.length > 0, name);
    for (const d of analysis.diagnostics) {
      assert.match(d.code, /^PS\d{4}$/);
      assert.ok(['error', 'warning', 'info'].includes(d.severity));
      assert.equal(text.slice(d.range.startOffset, d.range.endOffset).length, d.range.endOffset - d.range.startOffset);
    }
    assert.ok(Array.isArray(analysis.graphs));
  }
  const mistakes = analyze(await example('mistakes.yaml'));
  const codes = mistakes.diagnostics.map((d) => d.code);
  for (const code of ['PS1502', 'PS3016', 'PS0005']) assert.ok(codes.includes(code), code);
  const typo = mistakes.diagnostics.find((d) => d.code === 'PS0005');
  assert.equal(typo.help, 'did you mean `volumeMounts`?');
  assert.deepEqual([typo.range.start.line, typo.range.start.column], [30, 5]);
});

test('columns and offsets count UTF-16 code units (accents, CJK, emoji)', () => {
  const text = [
    '# Crème brûlée 日本語 😀😀 — comments may hold anything',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    '  annotations: {note: "élan 漢字 🚀"}  # ✓',
    'spec:',
    '  containers:',
    '  - {name: "Ünïcödé-😀", image: "日本/app:1"}  # 👋',
    '  - name: b',
    '    image: nginx',
    '    env: [{name: "GRÜSSE 🌍", value: "¡hola!"}]',
  ].join('\n');
  const { diagnostics } = analyze(text);
  const expectAt = (path, value) => {
    const d = diagnostics.find((x) => x.path === path);
    assert.ok(d, `a diagnostic at ${path}: ${JSON.stringify(diagnostics.map((x) => x.path))}`);
    const offset = text.indexOf(value);
    const lineStart = text.lastIndexOf('\n', offset) + 1;
    assert.equal(d.range.startOffset, offset, path);
    assert.equal(text.slice(d.range.startOffset, d.range.endOffset), value, path);
    assert.equal(d.range.start.line, text.slice(0, offset).split('\n').length, path);
    assert.equal(d.range.start.column, offset - lineStart + 1, path);
    assert.equal(d.range.end.column, offset - lineStart + 1 + value.length, path);
  };
  expectAt('spec.containers[0].name', '"Ünïcödé-😀"');
  expectAt('spec.containers[1].env[0].name', '"GRÜSSE 🌍"');
});

test('options change rules and the server settings; bad options are Errors', async () => {
  const text = await example('mistakes.yaml');
  const all = analyze(text).diagnostics;
  const off = analyze(text, { rules: { PS0005: 'off', 'duplicate-port-definition': 'error' } }).diagnostics;
  assert.equal(off.length, all.length - 1);
  assert.equal(off.find((d) => d.code === 'PS3016').severity, 'error');
  const privileged = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a\n    securityContext: {privileged: true}\n';
  assert.equal(analyze(privileged).documents[0].verdict, 'valid');
  assert.equal(analyze(privileged, { allowPrivileged: false }).documents[0].verdict, 'invalid');
  for (const [options, message] of [
    [{ rulez: {} }, /unknown field `rulez`/],
    [{ rules: { PS9999: 'off' } }, /unknown rule "PS9999"/],
    [{ rules: { PS0005: 'warn' } }, /unknown variant `warn`/],
    [[], /options must be a plain object/],
  ]) {
    assert.throws(() => analyze(text, options), (e) => e instanceof Error && message.test(e.message));
  }
  assert.throws(() => analyze(new Uint8Array([1, 2])), /must be a string/);
  assert.throws(() => render(text, { format: 'png' }), /unknown variant `png`/);
  await stillWorks();
});

test('render draws every view in every format and theme', async () => {
  const text = await example('elastic-stack-sidecar.yaml');
  const svg = render(text, { view: 'pod', format: 'svg', theme: 'dark' });
  assert.ok(svg.startsWith('<svg'), svg.slice(0, 100));
  assert.ok(svg.trimEnd().endsWith('</svg>'));
  assert.match(svg, /class="ps theme-dark"/);
  assert.match(svg, /data-id="container:sidecar"/);
  assert.match(render(text), /class="ps theme-light"/, 'light pod view by default');
  const timeline = render(text, { view: 'timeline' });
  assert.ok(timeline.startsWith('<svg') && timeline !== svg);
  assert.match(render(text, { format: 'mermaid' }), /^flowchart/m);
  assert.match(render(text, { view: 'timeline', format: 'mermaid' }), /^gantt/m);
  assert.match(render(text, { format: 'dot' }), /^digraph/m);
  const json = JSON.parse(render(text, { format: 'json' }));
  assert.equal(json.view, 'pod');
  assert.ok(json.boxes.length > 0 && json.graph.nodes.some((n) => n.id === 'container:app'));
});

test('the app view and the application graph: workloads, their Services, and what they use', async () => {
  const text = await readFile(new URL('tests/fixtures/app/shop.yaml', root), 'utf8');
  const { application } = analyze(text);
  const byId = new Map(application.nodes.map((n) => [n.id, n]));
  const selects = application.edges.filter((e) => e.kind === 'selects').map((e) => [byId.get(e.from).name, byId.get(e.to).name, e.label]);
  assert.deepEqual(selects, [['frontend', 'frontend', 'app=frontend · 80→8080 (http)'], ['cart', 'cart', 'app=cart · 6379→6379']]);
  const frontend = application.nodes.find((n) => n.kind === 'workload' && n.name === 'frontend');
  assert.equal(frontend.document, 0);
  assert.equal(text.slice(frontend.range.startOffset, frontend.range.endOffset), 'frontend');
  const svg = render(text, { view: 'app', theme: 'dark', document: 5 });
  assert.ok(svg.startsWith('<svg') && svg.includes('data-id="workload:0"'), 'document is ignored');
  assert.match(render(text, { view: 'app', format: 'mermaid' }), /^flowchart LR/m);
  assert.match(render(text, { view: 'app', format: 'dot' }), /^digraph app/m);
  const json = JSON.parse(render(text, { view: 'app', format: 'json' }));
  assert.equal(json.view, 'app');
  assert.ok(json.graph.nodes.every((n) => json.boxes.some((b) => b.id === n.id)));
  assert.throws(() => render('kind: ClusterRole\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: r}\n', { view: 'app' }), /defines no workload/);
});

test('a Workspace validates its options once, analyses, and draws its last analysis with them', async () => {
  const text = await example('mistakes.yaml');
  for (const [options, message] of [
    [{ rulez: {} }, /^Workspace: .*unknown field `rulez`/],
    [{ rules: { PS9999: 'off' } }, /^Workspace: .*unknown rule "PS9999"/],
    [{ podSecurity: 'strict' }, /unknown variant `strict`/],
  ]) {
    assert.throws(() => new Workspace(options), (e) => e instanceof Error && message.test(e.message));
  }
  const options = { rules: { PS3016: 'off' }, profile: 'all' };
  const workspace = new Workspace(options);
  assert.throws(() => workspace.render(), /call analyze\(text\) first/);
  assert.deepEqual(workspace.analyze(text), analyze(text, options));
  // The finding chips of the diagram follow the settings (the stateless render takes both kinds of options).
  const drawn = workspace.render({ theme: 'dark' });
  assert.doesNotMatch(drawn, /duplicate-port-definition/);
  assert.match(render(text), /⚠ duplicate-port-definition/);
  assert.equal(render(text, { ...options, theme: 'dark' }), drawn);
  assert.match(render(text, { rules: { PS3016: 'error' } }), /✖ duplicate-port-definition/);
  // Another text replaces the analysis it draws.
  workspace.analyze(await example('elastic-stack-sidecar.yaml'));
  assert.match(workspace.render(), /data-id="container:sidecar"/);
  assert.throws(() => workspace.render({ format: 'png' }), /unknown variant `png`/);
  workspace.free();
  assert.deepEqual(unknownRules(['PS3016', 'duplicate-port-definition', 'PS9999', 'duplicat-port-definition']), ['PS9999', 'duplicat-port-definition']);
});

test('rules() lists every rule once; version() is the package version', async () => {
  const list = rules();
  assert.ok(list.length > 200);
  assert.equal(new Set(list.map((r) => r.code)).size, list.length);
  for (const r of list) {
    assert.match(r.code, /^PS\d{4}$/);
    assert.ok(r.name && r.summary && typeof r.documentation === 'string');
  }
  const manifest = JSON.parse(await readFile(new URL('package.json', pkg), 'utf8'));
  assert.equal(version(), manifest.version);
});

test('binary input is a diagnostic', BOUND, async () => {
  const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
  for (const text of [new TextDecoder('latin1').decode(bytes), new TextDecoder().decode(bytes)]) {
    const { diagnostics } = analyze(text);
    assert.equal(diagnostics[0].code, 'PS0007');
  }
  await stillWorks();
});

test('10 MB of manifests is analysed', BOUND, async () => {
  const pod = await example('elastic-stack-sidecar.yaml');
  const text = `${pod}---\n`.repeat(Math.ceil(10e6 / (pod.length + 4)));
  const analysis = analyze(text);
  assert.ok(analysis.documents.length > 5000);
  assert.ok(analysis.documents.every((d) => d.verdict === 'valid'));
  await stillWorks();
});

test('an alias bomb is refused quickly', BOUND, async () => {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 12; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  const { diagnostics } = analyze(text);
  assert.equal(diagnostics[0].code, 'PS0002');
  assert.match(diagnostics[0].message, /excessive aliasing/);
  await stillWorks();
});

test('deep nesting is refused or analysed, never a crash', BOUND, async () => {
  const nested = (depth) => ['['.repeat(depth) + ']'.repeat(depth), '{"a":'.repeat(depth) + '1' + '}'.repeat(depth), 'a: {'.repeat(depth - 1) + '}'.repeat(depth - 1)];
  // 1,000 nested collections is the bound: at it the document is read (and judged as the server
  // judges a list or a kindless object), past it the input is refused with the go-yaml wording.
  assert.deepEqual(nested(1_000).map((text) => analyze(text).diagnostics[0].code), ['PS0008', 'PS0009', 'PS0009']);
  for (const depth of [1_001, 100_000]) {
    for (const text of nested(depth)) {
      const [first] = analyze(text).diagnostics;
      assert.equal(first.code, 'PS0002');
      assert.equal(first.message, 'yaml: exceeded max depth of 1000');
    }
  }
  const block = Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
  assert.ok(analyze(block).diagnostics.length > 0);
  const managed = Array.from({ length: 990 }, (_, i) => `${' '.repeat(2 * i + 8)}f${i}:`).join('\n');
  const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  managedFields:\n  - fieldsV1:\n${managed} 1\nspec:\n  containers:\n  - {name: a, image: a}\n`;
  assert.equal(analyze(pod).documents.length, 1);
  await stillWorks();
});

// A build with the `panic-probe` feature (scripts/test.sh makes one) has an export that panics.
const probe = process.env.PODSCOPE_PROBE_PKG;
test('a panic reaches JavaScript as an Error, and the next call works', { skip: !probe && 'PODSCOPE_PROBE_PKG not set' }, async () => {
  const probed = await import(`file://${probe}/podscope.js`);
  await probed.default({ module_or_path: await readFile(`${probe}/podscope_bg.wasm`) });
  for (let i = 0; i < 3; i++) {
    assert.throws(() => probed.__panicProbe(), (e) => e instanceof Error && !(e instanceof WebAssembly.RuntimeError) && /podscope internal error.*panic probe/s.test(e.message));
    const analysis = probed.analyze(await example('elastic-stack-sidecar.yaml'));
    assert.equal(analysis.documents[0].verdict, 'valid');
    // A workspace made after the panic works (the page and the extension make a new one when a call throws).
    const workspace = new probed.Workspace({ rules: { PS3016: 'off' } });
    assert.equal(workspace.analyze(await example('mistakes.yaml')).documents[0].verdict, 'invalid');
    assert.doesNotMatch(workspace.render(), /duplicate-port-definition/);
  }
});

test('after a trap (as out of memory gives), the next call says so and the one after works on a fresh instance', { skip: !probe && 'PODSCOPE_PROBE_PKG not set' }, async () => {
  const probed = await import(`file://${probe}/podscope.js?trap`);
  await probed.default({ module_or_path: await readFile(`${probe}/podscope_bg.wasm`) });
  const text = await example('elastic-stack-sidecar.yaml');
  for (let i = 0; i < 3; i++) {
    const before = new probed.Workspace();
    assert.throws(() => probed.__trapProbe(), (e) => e instanceof WebAssembly.RuntimeError);
    // The call after the trap: the core sees the earlier call never returned.
    assert.throws(() => before.analyze(text), (e) => e instanceof Error && /^podscope: the previous call stopped with a trap/.test(e.message));
    // Then a fresh instance: every entry point works again.
    assert.equal(probed.analyze(text).documents[0].verdict, 'valid');
    const workspace = new probed.Workspace();
    assert.equal(workspace.analyze(text).documents[0].verdict, 'valid');
    assert.match(workspace.render(), /^<svg/);
    assert.ok(probed.rules().length > 100);
    assert.deepEqual(probed.unknownRules(['PS0001', 'nope']), ['nope']);
  }
});
