// Light and dark. `system` follows the operating system (prefers-color-scheme); the user may pin
// one. The resolved theme is written to `data-theme` on the root element, which the CSS reads.
// In a VS Code webview, pass `source: "vscode"` to follow VS Code's theme classes instead.

const MODES = ["system", "light", "dark"];

/**
 * options: root (default: <html>), storage (a Storage, or null), onChange(theme, mode),
 * source ("system" | "vscode").
 */
export function createTheme(options = {}) {
  const root = options.root ?? document.documentElement;
  const storage = options.storage === undefined ? safeStorage() : options.storage;
  const key = "podscope.theme";
  const media = window.matchMedia("(prefers-color-scheme: dark)");
  let mode = options.source === "vscode" ? "system" : MODES.includes(storage?.getItem(key)) ? storage.getItem(key) : "system";
  let theme = null;

  function systemTheme() {
    if (options.source === "vscode") {
      const c = document.body.classList;
      return c.contains("vscode-dark") || c.contains("vscode-high-contrast") ? "dark" : "light";
    }
    return media.matches ? "dark" : "light";
  }

  function apply() {
    const next = mode === "system" ? systemTheme() : mode;
    root.dataset.theme = next;
    root.dataset.themeMode = mode;
    root.style.colorScheme = next;
    if (next !== theme) {
      theme = next;
      options.onChange?.(theme, mode);
    }
  }

  media.addEventListener("change", () => mode === "system" && apply());
  if (options.source === "vscode") new MutationObserver(apply).observe(document.body, { attributes: true, attributeFilter: ["class"] });
  apply();

  return {
    get theme() {
      return theme;
    },
    get mode() {
      return mode;
    },
    setMode(next) {
      if (!MODES.includes(next)) return;
      mode = next;
      try {
        if (mode === "system") storage?.removeItem(key);
        else storage?.setItem(key, mode);
      } catch {
        // Storage may be full or refused; the choice then lasts for this visit only.
      }
      apply();
    },
    /** system → light → dark → system. */
    cycle() {
      this.setMode(MODES[(MODES.indexOf(mode) + 1) % MODES.length]);
      return mode;
    },
  };
}

function safeStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
