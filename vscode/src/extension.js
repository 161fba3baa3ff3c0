// The extension's entry point: loads the `podscope` WebAssembly module from the extension's own
// files (no network) and hands the real `vscode` module to the controller.

import * as vscode from "vscode";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync, Workspace, unknownRules, rules, version } from "podscope";
import { activatePodscope } from "./controller.js";

export function activate(context) {
  initSync({ module: readFileSync(join(context.extensionPath, "dist", "podscope_bg.wasm")) });
  activatePodscope(vscode, context, { engine: { Workspace, unknownRules, rules, version } });
}

export function deactivate() {}
