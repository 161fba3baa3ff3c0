// The extension host's logic with the real `podscope` WebAssembly module and a stand-in `vscode`:
// which files are checked, text → diagnostics (exact ranges, codes, links, related places),
// quick fixes, settings, rule documentation, and the diagram webview's message protocol.

import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createVscode } from "./vscode-stand-in.mjs";
import { activatePodscope } from "../src/controller.js";
import { isKubernetesText, fileFilter } from "../src/detect.js";
import { pathSegments } from "../src/diagnostics.js";
import { webviewHtml } from "../src/webview-html.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const pkg = process.env.PODSCOPE_PKG ?? join(repo, "pkg");
const example = (name) => readFileSync(join(repo, "examples", name), "utf8");
let engine;

before(async () => {
  const podscope = await import(join(pkg, "podscope.js"));
  podscope.initSync({ module: readFileSync(join(pkg, "podscope_bg.wasm")) });
  engine = podscope;
});

function start(settings = {}) {
  const t = createVscode({ settings });
  const controller = activatePodscope(t.vscode, t.context, { engine, debounceMs: 5 });
  return { t, controller, vscode: t.vscode };
}

/** The text a diagnostic's (0-based) range covers. */
function textAt(t, document, range) {
  return document.getText().slice(t.offsetAt(document.getText(), range.start), t.offsetAt(document.getText(), range.end));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe("which documents are checked", () => {
  test("YAML and JSON with Kubernetes objects; not other YAML, JSON or Helm templates", () => {
    assert.equal(isKubernetesText("apiVersion: v1\nkind: Pod\n", "yaml"), true);
    assert.equal(isKubernetesText("# x\n---\nkind: List\napiVersion: v1\nitems: []\n", "yaml"), true);
    assert.equal(isKubernetesText('{"apiVersion": "v1", "kind": "Pod"}', "json"), true);
    assert.equal(isKubernetesText("services:\n  web:\n    image: nginx\n", "yaml"), false);
    assert.equal(isKubernetesText("jobs:\n  build:\n    kind: x\n", "yaml"), false);
    assert.equal(isKubernetesText('{"name": "x", "version": "1.0.0"}', "json"), false);
    assert.equal(isKubernetesText("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n", "yaml"), false);
    assert.equal(isKubernetesText("apiVersion: v1\nkind: Pod\n", "markdown"), false);
  });

  test("include and exclude globs, relative to the workspace", () => {
    const files = fileFilter({ include: ["**/*.{yaml,yml,json}"], exclude: ["**/node_modules/**", "charts/**"] });
    assert.equal(files("deploy/web.yaml"), true);
    assert.equal(files("web.yml"), true);
    assert.equal(files("a/node_modules/x/pod.yaml"), false);
    assert.equal(files("charts/web/templates/pod.yaml"), false);
    assert.equal(files("notes.txt"), false);
    assert.equal(files("/tmp/outside/pod.yaml"), true);
  });

  test("a CI file and package.json get no diagnostics; an untitled manifest does", () => {
    const { t } = start();
    const ci = t.open("/ws/.github/workflows/ci.yaml", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n");
    const json = t.open("/ws/package.json", '{"name": "x"}', "json");
    const untitled = t.open("untitled:Untitled-1", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: []\n");
    assert.equal(t.diagnostics(ci), undefined);
    assert.equal(t.diagnostics(json), undefined);
    assert.ok(t.diagnostics(untitled).length > 0);
  });
});

describe("diagnostics", () => {
  test("not-checked notes of a file are one note at the first such object, with each object as a related place", () => {
    const { t } = start();
    const doc = t.open(
      "/ws/app.yaml",
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: a}\nrules: []\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: b}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: MyApp}\nspec:\n  containers: [{name: app, image: nginx}]\n",
    );
    const notes = t.diagnostics(doc).filter((d) => d.code.value === "PS0011");
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /^2 objects not checked: ClusterRole, Role/);
    assert.equal(notes[0].range.start.line, 1, "at the first object's kind");
    assert.deepEqual(
      notes[0].relatedInformation.map((r) => [r.message, r.location.range.start.line]),
      [
        ["Role a (document 1) is not checked", 0],
        ["ClusterRole b (document 2) is not checked", 5],
      ],
    );
    assert.ok(t.diagnostics(doc).some((d) => d.code.value === "PS1101"), "the findings stay");
  });

  test("every finding of the mistakes example, with its exact range, severity, code and link", () => {
    const { t, vscode } = start();
    const doc = t.open("/ws/mistakes.yaml", example("mistakes.yaml"));
    const diagnostics = t.diagnostics(doc);
    const summary = diagnostics.map((d) => [d.code.value, d.severity, d.range.start.line + 1, d.range.start.character + 1, textAt(t, doc, d.range)]);
    assert.deepEqual(summary, [
      ["PS1210", vscode.DiagnosticSeverity.Error, 12, 5, "livenessProbe"],
      ["PS1202", vscode.DiagnosticSeverity.Error, 16, 11, "MyApp"],
      ["PS1502", vscode.DiagnosticSeverity.Error, 24, 13, "data"],
      ["PS3016", vscode.DiagnosticSeverity.Warning, 29, 22, "8080"],
      ["PS0005", vscode.DiagnosticSeverity.Error, 30, 5, "volumeMount"],
      ["PS2006", vscode.DiagnosticSeverity.Error, 33, 18, "Sometimes"],
      ["PS1901", vscode.DiagnosticSeverity.Error, 37, 11, "Config"],
    ]);
    for (const d of diagnostics) {
      assert.equal(d.source, "podscope");
      assert.equal(d.code.target.scheme, "podscope-rule");
      assert.match(d.code.target.path, new RegExp(`^/${d.code.value}-[a-z-]+\\.md$`));
    }
    const unknown = diagnostics.find((d) => d.code.value === "PS0005");
    assert.equal(unknown.message, 'unknown field "spec.containers[1].volumeMount"\nhelp: did you mean `volumeMounts`?');
  });

  test("a message naming another field links to it as related information", () => {
    const { t } = start();
    const doc = t.open("/ws/mistakes.yaml", example("mistakes.yaml"));
    const duplicate = t.diagnostics(doc).find((d) => d.code.value === "PS3016");
    assert.equal(duplicate.relatedInformation.length, 1);
    const [related] = duplicate.relatedInformation;
    assert.equal(related.message, "spec.containers[0].ports[0]");
    assert.equal(related.location.uri.toString(), doc.uri.toString());
    assert.equal(textAt(t, doc, related.location.range), "containerPort: 8080");
    assert.equal(related.location.range.start.line + 1, 22);
  });

  test("columns count UTF-16 code units, as VS Code does", () => {
    const { t } = start();
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations: {note: "😀 ünï"}\nspec:\n  containers:\n  - {name: "😀", image: "ü😀", image2: x}\n';
    const doc = t.open("/ws/emoji.yaml", text);
    const diagnostics = t.diagnostics(doc);
    const unknown = diagnostics.find((d) => d.code.value === "PS0005");
    assert.ok(unknown, JSON.stringify(diagnostics.map((d) => d.message)));
    assert.equal(textAt(t, doc, unknown.range), "image2");
    assert.equal(unknown.range.start.character, text.split("\n")[7].indexOf("image2"));
    const name = diagnostics.find((d) => d.code.value === "PS1202");
    assert.equal(textAt(t, doc, name.range), '"😀"');
  });

  test("multi-document files: each object checked on its own, each finding names its object", () => {
    const { t } = start();
    const text = [
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\ndata:\n  a: b\n",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: Web\n        image: nginx\n",
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: busybox\n    imagePullpolicy: Always\n",
    ].join("---\n");
    const doc = t.open("/ws/all.yaml", text);
    const diagnostics = t.diagnostics(doc);
    const byCode = Object.fromEntries(diagnostics.map((d) => [d.code.value, d]));
    assert.equal(textAt(t, doc, byCode.PS1202.range), "Web");
    assert.deepEqual(
      byCode.PS1202.relatedInformation.map((r) => r.message),
      ["in Deployment web (document 2)"],
    );
    assert.equal(textAt(t, doc, byCode.PS0005.range), "imagePullpolicy");
    assert.deepEqual(
      byCode.PS0005.relatedInformation.map((r) => r.message),
      ["in Pod p (document 3)"],
    );
    assert.equal(byCode.PS0005.relatedInformation[0].location.range.start.line, text.split("\n").indexOf("kind: Pod") - 1);
  });

  test("JSON manifests, with the same ranges", () => {
    const { t } = start();
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"},\n  "spec": {"containers": [{"name": "a", "image": "nginx", "imagePullpolicy": "Always"}]}\n}\n';
    const doc = t.open("/ws/pod.json", text, "json");
    const [unknown] = t.diagnostics(doc);
    assert.equal(unknown.code.value, "PS0005");
    assert.equal(textAt(t, doc, unknown.range), '"imagePullpolicy"');
    assert.equal(unknown.range.start.line, 4);
    const [fix] = t.vscode._codeActions.provideCodeActions(doc, unknown.range, { diagnostics: [unknown] });
    assert.equal(fix, undefined, "the suggestion would drop the quotes: no certain fix");
  });

  test("items of a kind: List are checked one by one, and named with their item", () => {
    const { t } = start();
    const text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec:\n    containers:\n    - {name: a, image: nginx, ports: [{containerPort: 80}]}\n    - {name: b, image: nginx, ports: [{containerPort: 80}]}\n";
    const doc = t.open("/ws/list.yaml", text);
    const duplicate = t.diagnostics(doc).find((d) => d.code.value === "PS3016");
    assert.ok(duplicate, JSON.stringify(t.diagnostics(doc).map((d) => d.message)));
    assert.equal(duplicate.range.start.line, 12);
    const messages = duplicate.relatedInformation.map((r) => r.message);
    assert.deepEqual(messages, ["spec.containers[0].ports[0]", "in Pod p (document 1, item 2)"]);
    assert.equal(duplicate.relatedInformation[0].location.range.start.line, 11);
  });

  test("validates on open, as you type (debounced), on save; forgets closed files", async () => {
    const { t, controller } = start();
    const doc = t.open("/ws/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\nspec:\n  containers:\n  - name: a\n    image: nginx\n");
    assert.deepEqual(t.diagnostics(doc), []);
    t.edit(doc, doc.getText().replace("name: a", "name: A"));
    assert.deepEqual(t.diagnostics(doc), [], "not yet: the check waits for a pause in typing");
    await sleep(30);
    assert.deepEqual(
      t.diagnostics(doc).map((d) => d.code.value),
      ["PS1202"],
    );
    t.edit(doc, doc.getText().replace("name: A", "name: a"));
    t.save(doc);
    assert.deepEqual(t.diagnostics(doc), [], "saving checks at once");
    t.edit(doc, "just: notes\n");
    controller.flush();
    assert.equal(t.diagnostics(doc), undefined, "no longer a manifest");
    t.edit(doc, "apiVersion: v1\nkind: Pod\n");
    controller.flush();
    assert.ok(t.diagnostics(doc).length > 0);
    t.close(doc);
    assert.equal(t.diagnostics(doc), undefined);
  });
});

describe("quick fixes", () => {
  function fixesAt(t, doc, code) {
    const diagnostic = t.diagnostics(doc).find((d) => d.code.value === code);
    return t.vscode._codeActions.provideCodeActions(doc, diagnostic.range, { diagnostics: [diagnostic] });
  }
  function apply(t, doc, action) {
    let text = doc.getText();
    for (const e of [...action.edit.edits].reverse()) text = text.slice(0, t.offsetAt(text, e.range.start)) + e.newText + text.slice(t.offsetAt(text, e.range.end));
    t.edit(doc, text);
  }

  test("an unknown field becomes the field Podscope suggests", () => {
    const { t, controller } = start();
    const doc = t.open("/ws/mistakes.yaml", example("mistakes.yaml"));
    const [fix, ...more] = fixesAt(t, doc, "PS0005");
    assert.equal(more.length, 0);
    assert.equal(fix.title, "Change to `volumeMounts`");
    assert.equal(fix.kind, "quickfix");
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.diagnostics[0].code.value, "PS0005");
    apply(t, doc, fix);
    controller.flush();
    assert.ok(doc.getText().includes("    volumeMounts:              # a typo"));
    assert.ok(!t.diagnostics(doc).some((d) => d.code.value === "PS0005"));
  });

  test("a value YAML reads as a boolean or number gets quoted", () => {
    const { t, controller } = start();
    const doc = t.open("/ws/decode.yaml", example("decode-error.yaml"));
    const [fix] = fixesAt(t, doc, "PS0004");
    assert.equal(fix.title, 'Quote yes as a string: "yes"');
    apply(t, doc, fix);
    controller.flush();
    assert.match(doc.getText(), /value: "yes"\n$/);
    assert.deepEqual(t.diagnostics(doc), []);

    const octal = t.open("/ws/octal.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    mode: 0644\n");
    const [quote] = fixesAt(t, octal, "PS0004");
    assert.equal(quote.edit.edits[0].newText, '"0644"');
  });

  test("a missing Pod Security setting is added where it belongs, from the core's fixes", () => {
    const { t, controller } = start({ "podscope.podSecurity": "restricted" });
    const doc = t.open("/ws/p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n");
    const [fix] = fixesAt(t, doc, "PS4102");
    assert.equal(fix.title, "Set allowPrivilegeEscalation: false");
    assert.equal(fix.isPreferred, true);
    apply(t, doc, fix);
    controller.flush();
    assert.match(doc.getText(), /  - name: a\n    securityContext:\n      allowPrivilegeEscalation: false\n    image: nginx:1.27\n/);
    assert.ok(!t.diagnostics(doc).some((d) => d.code.value === "PS4102"));
    const [suggested] = fixesAt(t, doc, "PS4103");
    assert.equal(suggested.isPreferred, false, "runAsNonRoot depends on the image: suggested, not certain");
  });

  test("no fix where it is not certain, and none for stale text", () => {
    const { t } = start();
    const doc = t.open("/ws/mistakes.yaml", example("mistakes.yaml"));
    assert.deepEqual(fixesAt(t, doc, "PS1202"), []);
    const diagnostic = t.diagnostics(doc).find((d) => d.code.value === "PS0005");
    doc.version += 1; // edited, not yet checked again
    assert.deepEqual(t.vscode._codeActions.provideCodeActions(doc, diagnostic.range, { diagnostics: [diagnostic] }), []);
  });
});

describe("settings", () => {
  test("checks turned off or given another severity, by code or name (the analysis's `rules`)", () => {
    const { t, vscode } = start({ "podscope.rules": { PS3016: "off", "unknown-field": "warning", "restart-policy": "bogus" } });
    const doc = t.open("/ws/mistakes.yaml", example("mistakes.yaml"));
    const byCode = Object.fromEntries(t.diagnostics(doc).map((d) => [d.code.value, d]));
    assert.equal(byCode.PS3016, undefined);
    assert.equal(byCode.PS0005.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(byCode.PS2006.severity, vscode.DiagnosticSeverity.Error, "an unknown setting value is ignored");
    t.configure({ "podscope.rules": {} });
    assert.ok(t.diagnostics(doc).some((d) => d.code.value === "PS3016"), "a settings change checks open files again");
  });

  test("a misspelt rule key: one notification naming it, and diagnostics keep coming with the other settings", async () => {
    const { t, controller } = start({ "podscope.rules": { PS3016: "off", "unknow-field": "warning", PS0005: "info" } });
    const doc = t.open("/ws/mistakes.yaml", example("mistakes.yaml"));
    const codes = () => Object.fromEntries(t.diagnostics(doc).map((d) => [d.code.value, d.severity]));
    assert.equal(t.messages.length, 1, t.messages.join("\n"));
    assert.match(t.messages[0], /podscope\.rules names no rule "unknow-field"; it is ignored/);
    assert.equal(codes().PS3016, undefined, "the valid settings apply");
    assert.equal(codes().PS0005, t.vscode.DiagnosticSeverity.Information);
    for (const name of ["MyApp2", "MyApp3", "MyApp4"]) {
      t.edit(doc, doc.getText().replace(/name: MyApp\d*/, `name: ${name}`));
      await sleep(20);
      controller.flush();
      assert.ok(t.diagnostics(doc).some((d) => d.code.value === "PS1202" && textAt(t, doc, d.range) === name), `checked after typing ${name}`);
    }
    t.open("/ws/other.yaml", example("mistakes.yaml"));
    t.configure({ "podscope.allowPrivileged": false });
    assert.equal(t.messages.length, 1, "not again for each keystroke, file or unrelated settings change");
    t.configure({ "podscope.rules": { PS3016: "off", "unknow-field": "warning", PS9999: "off" } });
    assert.equal(t.messages.length, 2, "a new unknown key is reported");
    assert.match(t.messages[1], /names no rules "unknow-field", "PS9999"; they are ignored/);
    t.configure({ "podscope.rules": { PS3016: "off" } });
    assert.equal(t.messages.length, 2);
    assert.equal(codes().PS3016, undefined);
    assert.equal(codes().PS0005, t.vscode.DiagnosticSeverity.Error, "the new settings apply");
  });

  test("the diagram webview is told the options the text was checked with", () => {
    const { t } = start({ "podscope.rules": { PS3016: "off", nope: "off" }, "podscope.profile": "all" });
    const doc = t.open("/ws/mistakes.yaml", example("mistakes.yaml"));
    t.show(doc);
    t.commands.get("podscope.showDiagram")();
    const panel = t.panels[0];
    panel.send({ type: "ready" });
    const update = panel.posted.find((m) => m.type === "update");
    assert.deepEqual(update.options, { rules: { PS3016: "off" }, allowPrivileged: true, podSecurity: "privileged", profile: "all" });
  });

  test("Podscope off; files excluded by glob", () => {
    const { t } = start({ "podscope.files.exclude": ["generated/**"] });
    const skipped = t.open("/ws/generated/pod.yaml", example("mistakes.yaml"));
    const checked = t.open("/ws/pod.yaml", example("mistakes.yaml"));
    assert.equal(t.diagnostics(skipped), undefined);
    assert.equal(t.diagnostics(checked).length, 7);
    t.configure({ "podscope.enable": false });
    assert.equal(t.diagnostics(checked), undefined);
  });

  test("allowPrivileged: false reports privileged containers", () => {
    const text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n    securityContext:\n      privileged: true\n";
    const { t } = start({ "podscope.allowPrivileged": false });
    const doc = t.open("/ws/p.yaml", text);
    assert.ok(t.diagnostics(doc).some((d) => d.severity === 0 && /privileged/i.test(d.message)));
    t.configure({ "podscope.allowPrivileged": true });
    assert.ok(!t.diagnostics(doc).some((d) => d.severity === 0));
  });

  test("podSecurity and profile settings reach the analysis", () => {
    const text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n";
    const { t } = start({ "podscope.podSecurity": "restricted" });
    const doc = t.open("/ws/p.yaml", text);
    const psa = t.diagnostics(doc).filter((d) => d.code.value.startsWith("PS41"));
    assert.ok(psa.length >= 4, "the restricted controls are reported");
    assert.ok(psa.every((d) => d.severity === 0 && /^violates PodSecurity "restricted:latest"/.test(d.message)));
    assert.ok(!t.diagnostics(doc).some((d) => d.code.value === "PS6009"), "image tags are not in the default profile");
    t.configure({ "podscope.podSecurity": "privileged", "podscope.profile": "all" });
    assert.ok(!t.diagnostics(doc).some((d) => d.code.value.startsWith("PS41")));
    assert.ok(t.diagnostics(doc).some((d) => d.code.value === "PS6009"));
  });
});

describe("rule documentation", () => {
  test("a read-only Markdown page per rule, from the WebAssembly module's own docs", async () => {
    const { t, controller } = start();
    const page = controller.ruleDocs.provideTextDocumentContent(t.vscode.Uri.parse("podscope-rule:/PS0005-unknown-field.md"));
    assert.match(page, /^# PS0005 unknown-field\n/);
    assert.match(page, /strict field validation/);
    assert.match(page, /`"PS0005": "off"`/);
    assert.match(controller.ruleDocs.provideTextDocumentContent(t.vscode.Uri.parse("podscope-rule:/nothing.md")), /^# Unknown rule/);
    await controller.showRuleDocumentation("unknown-field");
    assert.deepEqual(
      t.vscode._executed.map(([id, uri]) => [id, uri.toString()]),
      [["markdown.showPreview", "podscope-rule:/PS0005-unknown-field.md"]],
    );
    t.vscode._pick = (items) => items.find((i) => i.label === "PS3016");
    await t.commands.get("podscope.showRuleDocumentation")();
    assert.match(t.vscode._executed[1][1].path, /^\/PS3016-duplicate-port-definition\.md$/);
  });
});

describe("the diagram webview", () => {
  function openDiagram() {
    const s = start();
    const doc = s.t.open("/ws/mistakes.yaml", example("mistakes.yaml"));
    const editor = s.t.show(doc);
    s.t.commands.get("podscope.showDiagram")();
    const panel = s.t.panels[0];
    return { ...s, doc, editor, panel };
  }

  test("opens beside the editor, with scripts, local resources only, and a strict CSP", () => {
    const { t, panel } = openDiagram();
    assert.equal(panel.viewType, "podscope.diagram");
    assert.deepEqual(panel.showOptions, { viewColumn: t.vscode.ViewColumn.Beside, preserveFocus: true });
    assert.equal(panel.options.enableScripts, true);
    assert.deepEqual(
      panel.options.localResourceRoots.map(String),
      ["file:///ext/dist"],
    );
    const html = panel.webview.html;
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1].replace(/&#39;/g, "'");
    const nonce = csp.match(/'nonce-([\w-]+)'/)[1];
    assert.ok(nonce.length >= 16);
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce}' 'wasm-unsafe-eval';`));
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*|http:/);
    for (const src of html.matchAll(/(?:src|href|data-wasm)="([^"]+)"/g)) assert.match(src[1], /^https:\/\/webview\.test\/ext\/dist\/[\w.]+$/);
    assert.match(html, new RegExp(`<script type="module" nonce="${nonce}" src="https://webview.test/ext/dist/webview.js">`));
    assert.equal(t.contexts["podscope.isManifest"], true);
  });

  test("sends the text, the analysis and the cursor once the webview is ready; follows edits", async () => {
    const { t, doc, editor, panel, controller } = openDiagram();
    assert.equal(panel.posted.length, 0, "nothing before the webview is ready");
    panel.send({ type: "ready" });
    assert.deepEqual(
      panel.posted.map((m) => m.type),
      ["update", "cursor"],
    );
    assert.equal(panel.posted[0].text, doc.getText());
    assert.equal(panel.posted[0].analysis.graphs.length, 1);
    assert.equal(panel.posted[0].file, "mistakes.yaml");
    assert.equal(panel.title, "Pod Diagram: mistakes.yaml");
    assert.deepEqual(panel.posted[1].position, { line: 1, column: 1 });

    t.moveCursor(editor, 15, 12);
    assert.deepEqual(panel.posted.at(-1), { type: "cursor", position: { line: 16, column: 13 } });

    t.edit(doc, doc.getText().replace("name: metrics", "name: exporter"));
    controller.flush();
    assert.equal(panel.posted.at(-1).type, "update");
    assert.match(panel.posted.at(-1).text, /name: exporter/);
  });

  test("a node click selects its range in the editor; hovering highlights lines", async () => {
    const { t, doc, panel } = openDiagram();
    panel.send({ type: "ready" });
    const container = panel.posted[0].analysis.graphs[0].nodes.find((n) => n.id === "container:metrics");
    panel.send({ type: "reveal", range: container.range, id: container.id, source: "diagram" });
    await sleep(0);
    const editor = t.vscode.window.activeTextEditor;
    assert.equal(editor.document, doc);
    assert.equal(textAt(t, doc, editor.selection), "metrics");
    assert.equal(editor.selection.start.line + 1, 26);
    assert.equal(editor.revealed.length, 1);

    panel.send({ type: "highlight", ranges: [{ range: container.range, strong: true }, { range: panel.posted[0].analysis.graphs[0].nodes[0].range, strong: false }] });
    const [strong, weak] = [...editor.decorations.values()];
    assert.equal(textAt(t, doc, strong[0]), "metrics");
    assert.equal(weak.length, 1);
    panel.send({ type: "highlight", ranges: [] });
    assert.deepEqual([...editor.decorations.values()], [[], []]);
  });

  test("follows the active editor when it shows another manifest, and keeps it otherwise", () => {
    const { t, panel } = openDiagram();
    panel.send({ type: "ready" });
    const other = t.open("/ws/sidecar.yaml", example("elastic-stack-sidecar.yaml"));
    t.show(other);
    assert.equal(panel.posted.at(-2).type, "update");
    assert.equal(panel.posted.at(-2).file, "elastic-stack-sidecar.yaml".replace("elastic-stack-", ""));
    assert.equal(panel.title, "Pod Diagram: sidecar.yaml");
    const count = panel.posted.length;
    t.show(t.open("/ws/README.md", "# notes", "markdown"));
    assert.equal(panel.posted.length, count, "a non-manifest editor leaves the diagram as it was");
    assert.equal(t.contexts["podscope.isManifest"], false);
    t.commands.get("podscope.showDiagram")();
    assert.equal(t.panels.length, 1, "the command brings the one panel forward");
    assert.equal(panel.revealed, 1);
  });

  test("the HTML escapes what it is given", () => {
    const html = webviewHtml({ cspSource: "x", nonce: "n", scriptUri: 'a"><script>', styleUri: "s", wasmUri: "w" });
    assert.ok(!html.includes('a"><script>'));
  });
});

test("field paths split into keys and indexes", () => {
  assert.deepEqual(pathSegments("spec.containers[0].ports[12].name"), ["spec", "containers", 0, "ports", 12, "name"]);
});
