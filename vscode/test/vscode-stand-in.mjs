// A small stand-in for the `vscode` module: just the classes and calls the extension uses, with
// the same shapes, and a few handles for tests (`fire`, `open`, `edit`, `posted`). It records what
// the extension does; it does not try to be an editor.

export function createVscode({ settings = {}, workspaceRoot = "/ws" } = {}) {
  const listeners = new Map();
  const on = (name) => (listener) => {
    if (!listeners.has(name)) listeners.set(name, new Set());
    listeners.get(name).add(listener);
    return { dispose: () => listeners.get(name).delete(listener) };
  };
  const fire = (name, value) => {
    for (const l of listeners.get(name) ?? []) l(value);
  };

  class Position {
    constructor(line, character) {
      this.line = line;
      this.character = character;
    }
  }
  class Range {
    constructor(a, b, c, d) {
      [this.start, this.end] = a instanceof Position ? [a, b] : [new Position(a, b), new Position(c, d)];
    }
  }
  class Selection extends Range {
    constructor(anchor, active) {
      super(anchor, active);
      this.anchor = anchor;
      this.active = active;
    }
  }
  class Uri {
    constructor(scheme, path, fragment = "") {
      this.scheme = scheme;
      this.path = path;
      this.fragment = fragment;
    }
    static file(path) {
      return new Uri("file", path);
    }
    static parse(text) {
      const m = text.match(/^([a-z][\w+.-]*):(.*)$/i);
      return new Uri(m[1], m[2].replace(/^\/\/[^/]*/, ""));
    }
    static joinPath(base, ...parts) {
      return new Uri(base.scheme, [base.path, ...parts].join("/").replace(/\/+/g, "/"));
    }
    toString() {
      return `${this.scheme}:${this.scheme === "file" ? "//" : ""}${this.path}`;
    }
  }
  class Diagnostic {
    constructor(range, message, severity) {
      Object.assign(this, { range, message, severity });
    }
  }
  class DiagnosticRelatedInformation {
    constructor(location, message) {
      Object.assign(this, { location, message });
    }
  }
  class Location {
    constructor(uri, range) {
      Object.assign(this, { uri, range });
    }
  }
  class CodeAction {
    constructor(title, kind) {
      Object.assign(this, { title, kind });
    }
  }
  class WorkspaceEdit {
    edits = [];
    replace(uri, range, newText) {
      this.edits.push({ uri, range, newText });
    }
  }
  class ThemeColor {
    constructor(id) {
      this.id = id;
    }
  }

  function offsetAt(text, { line, character }) {
    const lines = text.split("\n");
    let offset = 0;
    for (let i = 0; i < line; i++) offset += lines[i].length + 1;
    return offset + character;
  }

  class TextDocument {
    constructor(uri, languageId, text) {
      Object.assign(this, { uri, languageId, text, version: 1 });
    }
    getText() {
      return this.text;
    }
  }

  class TextEditor {
    constructor(document, viewColumn = 1) {
      this.document = document;
      this.viewColumn = viewColumn;
      this.selection = new Selection(new Position(0, 0), new Position(0, 0));
      this.decorations = new Map();
      this.revealed = [];
    }
    setDecorations(type, ranges) {
      this.decorations.set(type.id, ranges);
    }
    revealRange(range) {
      this.revealed.push(range);
    }
  }

  const collections = [];
  const commands = new Map();
  const contexts = {};
  const panels = [];
  const messages = [];
  let decorationIds = 0;

  const vscode = {
    Position,
    Range,
    Selection,
    Uri,
    Diagnostic,
    DiagnosticRelatedInformation,
    Location,
    CodeAction,
    WorkspaceEdit,
    ThemeColor,
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    CodeActionKind: { QuickFix: "quickfix" },
    ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
    TextEditorRevealType: { InCenterIfOutsideViewport: 2 },
    languages: {
      createDiagnosticCollection(name) {
        const map = new Map();
        const collection = {
          name,
          set: (uri, diagnostics) => map.set(uri.toString(), diagnostics),
          delete: (uri) => map.delete(uri.toString()),
          get: (uri) => map.get(uri.toString()),
          dispose: () => map.clear(),
          map,
        };
        collections.push(collection);
        return collection;
      },
      registerCodeActionsProvider: (selector, provider) => ((vscode._codeActions = provider), { dispose() {} }),
    },
    workspace: {
      textDocuments: [],
      getConfiguration: (section) => ({
        get: (key, fallback) => {
          const value = settings[`${section}.${key}`];
          return value === undefined ? fallback : value;
        },
      }),
      asRelativePath: (uri) => (uri.path.startsWith(`${workspaceRoot}/`) ? uri.path.slice(workspaceRoot.length + 1) : uri.path),
      registerTextDocumentContentProvider: (scheme, provider) => ((vscode._contentProviders[scheme] = provider), { dispose() {} }),
      openTextDocument: async (uri) => new TextDocument(uri, "markdown", vscode._contentProviders[uri.scheme]?.provideTextDocumentContent(uri) ?? ""),
      onDidOpenTextDocument: on("open"),
      onDidChangeTextDocument: on("change"),
      onDidSaveTextDocument: on("save"),
      onDidCloseTextDocument: on("close"),
      onDidChangeConfiguration: on("configuration"),
    },
    window: {
      activeTextEditor: undefined,
      visibleTextEditors: [],
      onDidChangeActiveTextEditor: on("activeEditor"),
      onDidChangeTextEditorSelection: on("selection"),
      createTextEditorDecorationType: (options) => ({ id: `decoration${++decorationIds}`, options, dispose() {} }),
      showInformationMessage: (text) => messages.push(text),
      showErrorMessage: (text) => messages.push(text),
      showWarningMessage: (text) => messages.push(text),
      showQuickPick: async (items) => vscode._pick?.(items),
      async showTextDocument(document, options = {}) {
        let editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
        if (!editor) {
          editor = new TextEditor(document, options.viewColumn);
          vscode.window.visibleTextEditors.push(editor);
        }
        if (options.selection) editor.selection = new Selection(options.selection.start, options.selection.end);
        vscode.window.activeTextEditor = editor;
        return editor;
      },
      createWebviewPanel(viewType, title, showOptions, options) {
        const received = on(`webview${panels.length}`);
        const id = panels.length;
        const panel = {
          viewType,
          title,
          showOptions,
          options,
          posted: [],
          revealed: 0,
          disposed: false,
          iconPath: null,
          webview: {
            html: "",
            cspSource: "https://webview.test",
            asWebviewUri: (uri) => new Uri("https", `//webview.test${uri.path}`),
            postMessage: async (message) => (panel.posted.push(structuredClone(message)), true),
            onDidReceiveMessage: received,
          },
          /** What the webview script would send. */
          send: (message) => fire(`webview${id}`, message),
          reveal() {
            panel.revealed += 1;
          },
          onDidDispose: on(`dispose${id}`),
          dispose() {
            panel.disposed = true;
            fire(`dispose${id}`);
          },
        };
        panels.push(panel);
        return panel;
      },
    },
    commands: {
      registerCommand: (id, run) => (commands.set(id, run), { dispose: () => commands.delete(id) }),
      async executeCommand(id, ...args) {
        if (id === "setContext") return void (contexts[args[0]] = args[1]);
        if (commands.has(id)) return commands.get(id)(...args);
        vscode._executed.push([id, ...args]);
      },
    },
    _contentProviders: {},
    _executed: [],
    _pick: null,
  };

  // ---- handles for tests ----
  const test = {
    vscode,
    collections,
    commands,
    contexts,
    panels,
    messages,
    settings,
    context: { subscriptions: [], extensionUri: Uri.file("/ext"), extensionPath: "/ext" },
    /** Opens a document (as VS Code does when a file is opened) and shows it in the active editor. */
    open(path, text, languageId = "yaml") {
      const document = new TextDocument(path.startsWith("untitled:") ? Uri.parse(path) : Uri.file(path), languageId, text);
      vscode.workspace.textDocuments.push(document);
      fire("open", document);
      return document;
    },
    show(document) {
      let editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
      if (!editor) {
        editor = new TextEditor(document, vscode.window.visibleTextEditors.length + 1);
        vscode.window.visibleTextEditors.push(editor);
      }
      vscode.window.activeTextEditor = editor;
      fire("activeEditor", editor);
      return editor;
    },
    /** Replaces the whole text, as typing would. */
    edit(document, text) {
      document.text = text;
      document.version += 1;
      fire("change", { document, contentChanges: [{ text }] });
    },
    save(document) {
      fire("save", document);
    },
    close(document) {
      vscode.workspace.textDocuments.splice(vscode.workspace.textDocuments.indexOf(document), 1);
      fire("close", document);
    },
    moveCursor(editor, line, character) {
      const at = new Position(line, character);
      editor.selection = new Selection(at, at);
      fire("selection", { textEditor: editor, selections: [editor.selection] });
    },
    configure(values) {
      Object.assign(settings, values);
      fire("configuration", { affectsConfiguration: (section) => Object.keys(values).some((k) => k.startsWith(section)) });
    },
    diagnostics(document) {
      return collections[0]?.get(document.uri);
    },
    offsetAt,
    dispose() {
      for (const d of test.context.subscriptions) d.dispose?.();
    },
  };
  return test;
}
