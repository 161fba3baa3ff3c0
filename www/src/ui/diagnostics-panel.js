// The problems panel: diagnostics grouped by document, with counts, a severity filter and a
// click (or Enter) that asks the host to reveal the range. It knows no editor.

import { h, icon, richText, replaceChildren, count, morphChildren } from "./dom.js";
import { rangeContains } from "./ranges.js";

export const SEVERITIES = ["error", "warning", "info"];
const SEVERITY_WORDS = { error: ["error", "errors"], warning: ["warning", "warnings"], info: ["note", "notes"] };
// How many problems the list draws before it offers to draw the rest.
export const ITEM_LIMIT = 200;
// The "not checked" notes (rule PS0011, one per object of a kind Podscope does not validate) are
// one collapsed line at the end, so they do not drown the findings; a click lists them.
const NOT_CHECKED = "PS0011";
const isNotChecked = (d) => d.code === NOT_CHECKED;
const VERDICTS = {
  valid: { text: "accepted", title: "The API server would accept this document" },
  invalid: { text: "rejected", title: "The API server would reject this document" },
  skipped: { text: "not checked", title: "Podscope does not check this kind" },
};

/** Counts of an analysis's diagnostics by severity. */
export function severityCounts(diagnostics) {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics ?? []) counts[d.severity] = (counts[d.severity] ?? 0) + 1;
  return counts;
}

/** What an item of the list shows of a diagnostic: all but its offsets and its range's end. */
function shownFields(d) {
  return [d.severity, d.code, d.rule, d.message, d.help, d.path, d.document, d.range.start.line, d.range.start.column];
}

/** The diagnostics by document, in the list's order: [document index or -1, diagnostics][]. */
/** The diagnostics by rule, in code order, each rule's in reading order. */
function byRule(diagnostics) {
  const groups = new Map();
  for (const d of diagnostics) {
    if (!groups.has(d.code)) groups.set(d.code, []);
    groups.get(d.code).push(d);
  }
  return [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function byDocument(diagnostics) {
  const groups = new Map();
  for (const d of diagnostics) {
    const key = d.document ?? -1;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(d);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]);
}

/** "Ln 24, Col 13" for a diagnostic. */
export function locationText(d) {
  return `Ln ${d.range.start.line}, Col ${d.range.start.column}`;
}

/** The body of a diagnostic shown in a hover or list: message, help, code and rule. */
export function diagnosticDetails(d, { location = false } = {}) {
  return h(
    "div",
    { class: ["ps-diag", `ps-sev-${d.severity}`] },
    h("div", { class: "ps-diag-message" }, icon(d.severity, "ps-sev-icon"), h("span", {}, richText(d.message))),
    d.help ? h("div", { class: "ps-diag-help" }, h("span", { class: "ps-diag-help-label", text: "help" }), " ", richText(d.help)) : null,
    h(
      "div",
      { class: "ps-diag-meta" },
      h("span", { class: "ps-diag-code", text: d.code }),
      h("span", { class: "ps-diag-rule", text: d.rule }),
      d.path ? h("span", { class: "ps-diag-path", text: d.path }) : null,
      location ? h("span", { class: "ps-diag-loc", text: locationText(d) }) : null,
    ),
  );
}

/**
 * Creates the panel inside `root` (emptied).
 * options: onReveal(diagnostic), onHover(diagnostic | null), onFilter(enabledSeverities)
 */
export function createDiagnosticsPanel(root, options = {}) {
  const enabled = new Set(options.severities ?? SEVERITIES);
  let analysis = { documents: [], diagnostics: [] };
  let buttons = [];
  let active = 0;
  // Grouped by document (where each finding is) or by rule (what is found, with counts).
  let groupBy = options.groupBy === "rule" ? "rule" : "document";
  let notCheckedOpen = false;
  const grouped = (diagnostics) => (groupBy === "rule" ? byRule(diagnostics) : byDocument(diagnostics));
  const groupButton = h("button", {
    type: "button",
    class: "ps-filter ps-group-toggle",
    "aria-pressed": String(groupBy === "rule"),
    title: "Group the problems by rule, with counts",
    text: "By rule",
    on: {
      click: () => {
        groupBy = groupBy === "rule" ? "document" : "rule";
        groupButton.setAttribute("aria-pressed", String(groupBy === "rule"));
        draw();
      },
    },
  });

  const filterButtons = SEVERITIES.map((severity) =>
    h(
      "button",
      {
        type: "button",
        class: ["ps-filter", `ps-sev-${severity}`],
        "aria-pressed": String(enabled.has(severity)),
        dataset: { severity },
        on: { click: () => toggle(severity) },
      },
      icon(severity, "ps-sev-icon"),
      h("span", { class: "ps-filter-count", text: "0" }),
      h("span", { class: "ps-filter-word", text: SEVERITY_WORDS[severity][1] }),
    ),
  );
  const title = h("h2", { class: "ps-panel-title", text: "Problems" });
  const list = h("div", { class: "ps-problems-list", on: { keydown: onKey } });
  replaceChildren(
    root,
    h(
      "div",
      { class: "ps-problems" },
      h("div", { class: "ps-problems-head" }, title, h("div", { class: "ps-filters", role: "group", "aria-label": "Show severities" }, filterButtons, groupButton)),
      list,
    ),
  );

  function toggle(severity) {
    if (enabled.has(severity)) enabled.delete(severity);
    else enabled.add(severity);
    for (const b of filterButtons) b.setAttribute("aria-pressed", String(enabled.has(b.dataset.severity)));
    options.onFilter?.(new Set(enabled));
    draw();
  }

  let drawn = null;
  let limit = ITEM_LIMIT;
  function update(next) {
    analysis = next ?? { documents: [], diagnostics: [] };
    // Typing mostly leaves the problems reading as they did, though their offsets move: then the
    // list stays as it is and its items take the new diagnostics (with the new ranges).
    const key = JSON.stringify([analysis.diagnostics.map(shownFields), analysis.documents.map((d) => [d.index, d.kind, d.name, d.verdict, d.item])]);
    if (key !== drawn) {
      drawn = key;
      if (analysis.diagnostics.length <= ITEM_LIMIT) limit = ITEM_LIMIT;
      draw();
    } else {
      buttons.forEach((b, i) => (b.diagnostic = inButtonOrder()[i]));
    }
    return severityCounts(analysis.diagnostics);
  }

  /** The shown diagnostics in the order their buttons are drawn (see `draw`). */
  function inButtonOrder() {
    const shown = analysis.diagnostics.filter((d) => enabled.has(d.severity));
    const findings = grouped(shown.filter((d) => !isNotChecked(d)))
      .flatMap(([, items]) => items)
      .slice(0, limit);
    return notCheckedOpen ? [...findings, ...shown.filter(isNotChecked)] : findings;
  }

  function draw() {
    const diagnostics = analysis.diagnostics ?? [];
    const counts = severityCounts(diagnostics);
    for (const b of filterButtons) {
      const n = counts[b.dataset.severity];
      b.querySelector(".ps-filter-count").textContent = String(n);
      b.dataset.zero = String(n === 0);
      b.querySelector(".ps-filter-word").textContent = SEVERITY_WORDS[b.dataset.severity][n === 1 ? 0 : 1];
      b.title = `${enabled.has(b.dataset.severity) ? "Hide" : "Show"} ${SEVERITY_WORDS[b.dataset.severity][1]}`;
    }
    const visible = diagnostics.filter((d) => enabled.has(d.severity));
    const notChecked = visible.filter(isNotChecked);
    const shown = visible.filter((d) => !isNotChecked(d));
    buttons = [];
    if (!diagnostics.length) {
      const docs = analysis.documents ?? [];
      const checked = docs.filter((d) => d.verdict !== "skipped").length;
      replaceChildren(
        list,
        h(
          "div",
          { class: "ps-empty", role: "status" },
          icon(docs.length ? "ok" : "info", docs.length ? "ps-ok-icon" : "ps-sev-icon"),
          h(
            "span",
            {},
            !docs.length
              ? "No Kubernetes objects yet. Type or paste a manifest."
              : checked
                ? `No problems. The API server would accept ${docs.length === 1 ? "this document" : `all ${docs.length} documents`}.`
                : "No problems found, but Podscope does not check these kinds.",
          ),
        ),
      );
      return;
    }
    const docsByIndex = new Map((analysis.documents ?? []).filter((d) => d.item == null).map((d) => [d.index, d]));
    const multi = new Set(diagnostics.map((d) => d.document ?? -1)).size > 1 || (analysis.documents?.length ?? 0) > 1;
    const sections = [];
    // A long list is drawn in part (a 2 MB manifest can have thousands of problems): the first
    // `limit` items, then a button that draws the rest. Counts always cover every problem.
    let room = limit;
    for (const [key, all] of grouped(shown)) {
      if (room <= 0) break;
      const items = all.slice(0, room);
      room -= items.length;
      const groupCounts = severityCounts(all);
      const counted = SEVERITIES.filter((s) => groupCounts[s]).map((s) => count(groupCounts[s], ...SEVERITY_WORDS[s])).join(", ");
      if (groupBy === "rule") {
        sections.push(
          h(
            "section",
            { class: "ps-group", "aria-label": `${key} ${all[0].rule}` },
            h(
              "h3",
              { class: "ps-group-head" },
              h("span", { class: "ps-group-kind", text: key }),
              h("span", { class: "ps-group-name", text: all[0].rule }),
              h("span", { class: "ps-spacer" }),
              h("span", { class: "ps-group-counts ps-muted", text: counted }),
            ),
            itemList(items),
          ),
        );
        continue;
      }
      const doc = docsByIndex.get(key);
      const verdict = doc && VERDICTS[doc.verdict];
      sections.push(
        h(
          "section",
          { class: "ps-group", "aria-label": doc ? `${doc.kind} ${doc.name}` : "File" },
          multi || doc
            ? h(
                "h3",
                { class: "ps-group-head" },
                h("span", { class: "ps-group-kind", text: doc ? doc.kind || "Document" : "File" }),
                doc?.name ? h("span", { class: "ps-group-name", text: doc.name }) : null,
                doc ? h("span", { class: "ps-muted ps-group-index", text: `document ${key + 1}` }) : null,
                h("span", { class: "ps-spacer" }),
                verdict ? h("span", { class: ["ps-verdict", `ps-verdict-${doc.verdict}`], title: verdict.title, text: verdict.text }) : null,
                h("span", { class: "ps-group-counts ps-muted", text: counted }),
              )
            : null,
          itemList(items),
        ),
      );
    }
    function itemList(items) {
      return h(
        "ul",
        { class: "ps-items", role: "list" },
        items.map((d) => {
          const button = h(
            "button",
            {
              type: "button",
              class: ["ps-item", `ps-sev-${d.severity}`],
              tabindex: "-1",
              "aria-label": `${d.severity}: ${d.message}. ${locationText(d)}. ${d.code}`,
              on: {
                click: () => reveal(button.diagnostic, button),
                mouseenter: () => options.onHover?.(button.diagnostic),
                mouseleave: () => options.onHover?.(null),
              },
            },
            icon(d.severity, "ps-sev-icon"),
            h(
              "span",
              { class: "ps-item-body" },
              h("span", { class: "ps-item-message" }, richText(d.message)),
              d.help ? h("span", { class: "ps-item-help" }, h("span", { class: "ps-diag-help-label", text: "help" }), " ", richText(d.help)) : null,
            ),
            h("span", { class: "ps-item-side" }, h("span", { class: "ps-item-loc", text: `${d.range.start.line}:${d.range.start.column}` }), h("span", { class: "ps-item-code", text: d.code })),
          );
          button.diagnostic = d;
          buttons.push(button);
          return h("li", {}, button);
        }),
      );
    }
    if (shown.length > limit) {
      sections.push(
        h("button", {
          type: "button",
          class: ["ps-link-button", "ps-more"],
          text: `Show all ${count(shown.length, "problem")} (${shown.length - limit} more)`,
          on: {
            click: () => {
              limit = Infinity;
              draw();
            },
          },
        }),
      );
    }
    if (notChecked.length) sections.push(notCheckedGroup(notChecked));
    if (!visible.length) {
      sections.push(h("div", { class: "ps-empty ps-muted", role: "status", text: `${count(diagnostics.length, "problem")} hidden by the filter.` }));
    }
    function notCheckedGroup(items) {
      const kinds = [...new Set(items.map((d) => docsByIndex.get(d.document)?.kind).filter(Boolean))].sort();
      const summary = `${count(items.length, "object")} not checked${kinds.length ? `: ${kinds.join(", ")}` : ""}`;
      const toggle = h("button", {
        type: "button",
        class: ["ps-link-button", "ps-not-checked-toggle"],
        "aria-expanded": String(notCheckedOpen),
        title: "Podscope does not validate these kinds",
        text: notCheckedOpen ? `Hide the ${summary}` : `Show the ${summary}`,
        on: {
          click: () => {
            notCheckedOpen = !notCheckedOpen;
            draw();
          },
        },
      });
      return h("section", { class: ["ps-group", "ps-not-checked"], "aria-label": "Not checked" }, toggle, notCheckedOpen ? itemList(items) : null);
    }
    // Morphed into the list on the page: the items that read as before keep their place in the
    // page's layout. The buttons on the page take the new diagnostics (their handlers read them).
    morphChildren(list, h("div", {}, sections));
    const fresh = buttons;
    buttons = [...list.querySelectorAll("button.ps-item")];
    buttons.forEach((b, i) => (b.diagnostic = fresh[i]?.diagnostic));
    active = Math.min(active, Math.max(buttons.length - 1, 0));
    if (buttons[active]) buttons[active].tabIndex = 0;
  }

  function reveal(d, button) {
    setActive(buttons.indexOf(button));
    options.onReveal?.(d);
  }

  function setActive(i, focus = false) {
    if (!buttons.length) return;
    active = Math.max(0, Math.min(i, buttons.length - 1));
    buttons.forEach((b, j) => (b.tabIndex = j === active ? 0 : -1));
    if (focus) {
      buttons[active].focus();
      buttons[active].scrollIntoView({ block: "nearest" });
    }
  }

  function onKey(event) {
    const i = buttons.indexOf(event.target);
    if (i < 0) return;
    const moves = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: buttons.length - 1, PageDown: i + 8, PageUp: i - 8 };
    if (event.key in moves) {
      event.preventDefault();
      setActive(moves[event.key], true);
    }
  }

  /** Marks the diagnostics whose range holds the editor's cursor. */
  function setCursor(position) {
    for (const b of buttons) {
      const on = position && rangeContains(b.diagnostic.range, position);
      b.classList.toggle("ps-at-cursor", Boolean(on));
      if (on) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    }
  }

  return {
    update,
    setCursor,
    /** Moves keyboard focus into the list. */
    focus: () => (buttons.length ? setActive(active, true) : list.focus()),
    get enabled() {
      return new Set(enabled);
    },
  };
}
