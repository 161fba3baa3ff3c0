// The extension's one layer that speaks VS Code. Everything here reaches VS Code through the
// `vscode` object it is given (the real module in the editor, a small stand-in in the tests); the
// decisions (which files, which diagnostics, which fixes, which HTML) are plain functions in the
// other modules.

import { LANGUAGES, isKubernetesText, fileFilter } from "./detect.js";
import { analyzeOptions, editorDiagnostics } from "./diagnostics.js";
import { RULE_SCHEME, ruleUri, codeOfPath, ruleMarkdown, unknownRuleMarkdown } from "./rule-docs.js";
import { createDiagramHost } from "./diagram-host.js";

// Schemes of documents a user edits; others (git history, output channels, our rule pages) are not checked.
const SCHEMES = new Set(["file", "untitled", "vscode-remote", "vscode-vfs"]);

/**
 * @typedef {object} Engine The `podscope` package, initialised.
 * @property {typeof import("podscope").Workspace} Workspace
 * @property {typeof import("podscope").unknownRules} unknownRules
 * @property {typeof import("podscope").rules} rules
 * @property {typeof import("podscope").version} version
 */

/**
 * Starts Podscope in `vscode` for the extension `context`.
 * Returns the controller (its methods are what the tests drive); everything it registers is in
 * `context.subscriptions`.
 * @param {typeof import("vscode")} vscode
 * @param {Pick<import("vscode").ExtensionContext, "subscriptions" | "extensionUri">} context
 * @param {{engine: Engine, debounceMs?: number}} options
 */
export function activatePodscope(vscode, context, { engine, debounceMs = 150 }) {
  const collection = vscode.languages.createDiagnosticCollection("podscope");
  const entries = new Map(); // uri → {version, text, analysis, diagnostics (editor specs)}
  const timers = new Map();
  const rules = engine.rules();
  const ruleByCode = new Map(rules.map((r) => [r.code, r]));
  const severity = {
    error: vscode.DiagnosticSeverity.Error,
    warning: vscode.DiagnosticSeverity.Warning,
    info: vscode.DiagnosticSeverity.Information,
  };
  let reportedUnknown = ""; // the unknown rule keys last reported, so each set is reported once
  let settings = readSettings();
  /** @type {import("podscope").Workspace | null} One for the current settings; made when first needed. */
  let workspace = null;

  /** The workspace of the current settings (a new one after a settings change or a failed call). */
  function currentWorkspace() {
    if (workspace) return workspace;
    try {
      workspace = new engine.Workspace(settings.options);
    } catch (error) {
      // The options are checked before; should the core refuse them anyway, say so and use the defaults.
      vscode.window.showErrorMessage?.(`Podscope settings: ${error?.message ?? error}; checking with the default settings`);
      workspace = new engine.Workspace();
    }
    return workspace;
  }

  function dropWorkspace() {
    try {
      workspace?.free();
    } catch {
      // An instance replaced after an internal error: nothing left to free.
    }
    workspace = null;
  }

  /**
   * The analysis options without the `podscope.rules` keys that name no rule; those are reported
   * in one notification (again only when the set of unknown keys changes).
   */
  function withoutUnknownRules(options) {
    const unknown = engine.unknownRules(Object.keys(options.rules));
    const key = unknown.join("\n");
    if (key !== reportedUnknown) {
      reportedUnknown = key;
      if (unknown.length) {
        const names = unknown.map((k) => `"${k}"`).join(", ");
        vscode.window.showWarningMessage?.(
          `Podscope: podscope.rules names ${unknown.length === 1 ? "no rule" : "no rules"} ${names}; ${unknown.length === 1 ? "it is" : "they are"} ignored, the other settings apply. Use a code such as "PS3016" or a name such as "duplicate-port-definition" (the command "Podscope: Show Rule Documentation" lists them).`,
        );
      }
    }
    if (!unknown.length) return options;
    return { ...options, rules: Object.fromEntries(Object.entries(options.rules).filter(([k]) => !unknown.includes(k))) };
  }

  function readSettings() {
    const config = vscode.workspace.getConfiguration("podscope");
    return {
      enable: config.get("enable", true),
      options: withoutUnknownRules(
        analyzeOptions({
          rules: config.get("rules", {}),
          allowPrivileged: config.get("allowPrivileged", true),
          podSecurity: config.get("podSecurity", "privileged"),
          profile: config.get("profile", "default"),
        }),
      ),
      files: fileFilter({ include: config.get("files.include", ["**/*.{yaml,yml,json}"]), exclude: config.get("files.exclude", []) }),
    };
  }

  /** Whether Podscope checks `document`: the setting, its language, scheme, globs and content. */
  function isChecked(document) {
    if (!settings.enable || !LANGUAGES.includes(document.languageId) || !SCHEMES.has(document.uri.scheme)) return false;
    if (document.uri.scheme !== "untitled" && !settings.files(vscode.workspace.asRelativePath(document.uri, false))) return false;
    return isKubernetesText(document.getText(), document.languageId);
  }

  function toRange({ start, end }) {
    return new vscode.Range(start.line, start.character, end.line, end.character);
  }

  function toDiagnostic(uri, spec) {
    const diagnostic = new vscode.Diagnostic(toRange(spec.range), spec.message, severity[spec.severity] ?? vscode.DiagnosticSeverity.Error);
    diagnostic.source = "podscope";
    diagnostic.code = spec.documentation ? { value: spec.code, target: vscode.Uri.parse(spec.documentation) } : spec.code;
    if (spec.related.length) {
      diagnostic.relatedInformation = spec.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(r.range)), r.message));
    }
    return diagnostic;
  }

  /** Analyses `document` now (or forgets it when it is not checked); returns its entry. */
  function validate(document) {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.delete(key);
    if (!isChecked(document)) {
      const known = entries.has(key);
      forget(document.uri);
      if (known) updateContext(vscode.window.activeTextEditor);
      return null;
    }
    const text = document.getText();
    let analysis;
    try {
      analysis = currentWorkspace().analyze(text);
    } catch (error) {
      // The core never panics on bad input; should it fail anyway, say so once, keep the editor
      // usable: the next check makes a new workspace (the module is renewed after an internal error).
      dropWorkspace();
      // A trap (out of memory) skips the core's panic hook; the call after it renews the instance
      // (and throws): make that call now, so the next check runs on a fresh instance.
      if (error instanceof WebAssembly.RuntimeError) {
        try {
          new engine.Workspace().free();
        } catch {
          // Expected: it reports the trap and schedules the fresh instance.
        }
      }
      forget(document.uri);
      vscode.window.showErrorMessage?.(`Podscope could not check ${document.uri.path.split("/").pop()}: ${error?.message ?? error}`);
      return null;
    }
    const diagnostics = editorDiagnostics(text, analysis, { documentation: (code) => (ruleByCode.has(code) ? ruleUri(ruleByCode.get(code)) : undefined) });
    const entry = { uri: document.uri, version: document.version, text, analysis, diagnostics, options: settings.options };
    const isNew = !entries.has(key);
    entries.set(key, entry);
    if (isNew) updateContext(vscode.window.activeTextEditor);
    collection.set(
      document.uri,
      diagnostics.map((spec) => toDiagnostic(document.uri, spec)),
    );
    diagram.documentChanged(document);
    return entry;
  }

  function schedule(document) {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => validate(document), debounceMs),
    );
  }

  function forget(uri) {
    const key = uri.toString();
    clearTimeout(timers.get(key));
    timers.delete(key);
    entries.delete(key);
    collection.delete(uri);
  }

  /** The current analysis of `document`, analysing it when the stored one is stale. */
  function entryOf(document) {
    const entry = entries.get(document.uri.toString());
    if (entry && entry.version === document.version) return entry;
    return validate(document);
  }

  function updateContext(editor) {
    const isManifest = Boolean(editor && entries.has(editor.document.uri.toString()));
    vscode.commands.executeCommand("setContext", "podscope.isManifest", isManifest);
  }

  const diagram = createDiagramHost(vscode, context, { entryOf, isChecked: (document) => entries.has(document.uri.toString()) || isChecked(document) });

  // ---- quick fixes ----
  const codeActions = {
    provideCodeActions(document, _range, codeActionContext) {
      const entry = entries.get(document.uri.toString());
      if (!entry || entry.version !== document.version) return [];
      const actions = [];
      for (const diagnostic of codeActionContext.diagnostics) {
        if (diagnostic.source !== "podscope") continue;
        const code = typeof diagnostic.code === "object" ? diagnostic.code?.value : diagnostic.code;
        const spec = entry.diagnostics.find((s) => s.code === code && sameRange(toRange(s.range), diagnostic.range));
        for (const fix of spec?.fixes ?? []) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = new vscode.WorkspaceEdit();
          for (const edit of fix.edits) action.edit.replace(document.uri, toRange(edit.range), edit.newText);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.preferred === true;
          actions.push(action);
        }
      }
      return actions;
    },
  };

  // ---- rule documentation ----
  const ruleDocs = {
    provideTextDocumentContent(uri) {
      const rule = ruleByCode.get(codeOfPath(uri.path));
      return rule ? ruleMarkdown(rule, engine.version()) : unknownRuleMarkdown(uri.path);
    },
  };

  async function showRuleDocumentation(code) {
    let rule = typeof code === "string" ? ruleByCode.get(code.toUpperCase()) ?? rules.find((r) => r.name === code) : null;
    if (!rule) {
      const picked = await vscode.window.showQuickPick(
        rules.map((r) => ({ label: r.code, description: r.name, detail: r.summary, rule: r })),
        { placeHolder: "Podscope rule", matchOnDescription: true, matchOnDetail: true },
      );
      rule = picked?.rule;
    }
    if (!rule) return;
    const uri = vscode.Uri.parse(ruleUri(rule));
    try {
      await vscode.commands.executeCommand("markdown.showPreview", uri);
    } catch {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    }
  }

  // ---- events ----
  const selector = LANGUAGES.map((language) => ({ language }));
  context.subscriptions.push(
    collection,
    diagram,
    vscode.languages.registerCodeActionsProvider(selector, codeActions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, ruleDocs),
    vscode.commands.registerCommand("podscope.showDiagram", () => diagram.show(vscode.window.activeTextEditor)),
    vscode.commands.registerCommand("podscope.showRuleDocumentation", showRuleDocumentation),
    vscode.workspace.onDidOpenTextDocument((document) => {
      validate(document);
      updateContext(vscode.window.activeTextEditor);
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0) return;
      schedule(event.document);
    }),
    vscode.workspace.onDidSaveTextDocument((document) => validate(document)),
    vscode.workspace.onDidCloseTextDocument((document) => forget(document.uri)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration("podscope")) return;
      settings = readSettings();
      dropWorkspace();
      revalidateAll();
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor) entryOf(editor.document);
      updateContext(editor);
      diagram.follow(editor);
    }),
    vscode.window.onDidChangeTextEditorSelection((event) => diagram.selectionChanged(event.textEditor)),
    {
      dispose: () => {
        timers.forEach((t) => clearTimeout(t));
        dropWorkspace();
      },
    },
  );

  function revalidateAll() {
    for (const document of vscode.workspace.textDocuments) validate(document);
    updateContext(vscode.window.activeTextEditor);
  }
  revalidateAll();
  diagram.follow(vscode.window.activeTextEditor);

  return {
    validate,
    entryOf,
    isChecked,
    diagram,
    codeActions,
    ruleDocs,
    showRuleDocumentation,
    /** Runs the pending (debounced) checks at once. */
    flush() {
      for (const document of vscode.workspace.textDocuments) if (timers.has(document.uri.toString())) validate(document);
    },
  };
}

function sameRange(a, b) {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
