// The npm package in Node: time to instantiate the module, and the latency of one call for a
// typical pod and a 1,000-line multi-document file (the inputs of `cargo bench --bench latency`).
// Run `npm run build:npm` first, then `npm run bench:wasm`.
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const pkg = new URL('pkg/', root);
const read = (name) => readFile(new URL(`examples/${name}`, root), 'utf8');

if (process.argv[2] === '--instantiate') {
  // One fresh process: import the glue, then time compiling and instantiating from the bytes.
  const { default: init } = await import(new URL('podscope.js', pkg));
  const bytes = await readFile(new URL('podscope_bg.wasm', pkg));
  const start = performance.now();
  await init({ module_or_path: bytes });
  console.log(performance.now() - start);
  process.exit(0);
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(rounds, f) {
  for (let i = 0; i < rounds / 10 + 1; i++) f();
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    f();
    samples.push(performance.now() - start);
  }
  return median(samples) * 1000;
}

const instantiate = median(Array.from({ length: 15 }, () => Number(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--instantiate'], { encoding: 'utf8' }))));

const { default: init, analyze, render } = await import(new URL('podscope.js', pkg));
await init({ module_or_path: await readFile(new URL('podscope_bg.wasm', pkg)) });
const pod = await read('elastic-stack-sidecar.yaml');
const examples = await Promise.all(['elastic-stack-sidecar.yaml', 'myapp-init-containers.yaml', 'yellow-two-containers.yaml', 'mistakes.yaml'].map(read));
let multi = '';
for (let i = 0; multi.split('\n').length - 1 < 1000; i++) multi += (multi ? '---\n' : '') + examples[i % examples.length];

const wasm = (await readFile(new URL('podscope_bg.wasm', pkg))).length;
console.log(`podscope_bg.wasm: ${(wasm / 1024).toFixed(0)} KB; Node ${process.version}`);
console.log(`instantiate (compile + instantiate from bytes, fresh process): ${instantiate.toFixed(1)} ms`);
console.log(`typical pod (${pod.split('\n').length - 1} lines): analyze ${time(2000, () => analyze(pod)).toFixed(0)} µs`);
let drawn = true;
try { render(pod); } catch { drawn = false; }
console.log(drawn ? `typical pod: analyze + render SVG ${time(2000, () => render(pod)).toFixed(0)} µs` : 'typical pod: render not available yet');
console.log(`multi-document file (${multi.split('\n').length - 1} lines, ${multi.split('\n---\n').length} documents): analyze ${time(200, () => analyze(multi)).toFixed(0)} µs`);
