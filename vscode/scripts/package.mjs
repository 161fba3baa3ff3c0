// Packages the built extension (dist/) as podscope-<version>.vsix with @vscode/vsce, offline, and
// fails on any warning vsce prints.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const { version } = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
const out = `podscope-${version}.vsix`;
const vsce = join(here, "node_modules", "@vscode", "vsce", "vsce");
// --no-dependencies: dist/ is bundled, the .vsix needs no node_modules.
const run = spawnSync(process.execPath, [vsce, "package", "--no-dependencies", "--out", out], { cwd: here, encoding: "utf8" });
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
const warnings = `${run.stdout}\n${run.stderr}`.split("\n").filter((line) => /\bWARNING\b|\bwarn/i.test(line));
if (run.status !== 0) process.exit(run.status ?? 1);
if (warnings.length) {
  console.error(`package: vsce printed ${warnings.length} warning(s); the package must have none`);
  process.exit(1);
}
console.log(`package: ${out}`);
