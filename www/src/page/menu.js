// A small accessible menu button: a button that opens a list of actions, driven by mouse or
// keyboard (arrows, Home/End, Enter, Escape), closed by a click outside.

import { h, icon } from "../ui/dom.js";

/**
 * root: an empty element. options: label, iconName, title, items() → [{label, detail, action,
 * disabled, separator, id}] (called on every open, so items can reflect the current state).
 */
export function createMenu(root, { label, iconName, title, items, id }) {
  const menuId = `${id}-list`;
  const button = h(
    "button",
    { type: "button", class: "tool", id: `${id}-button`, title, "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": menuId },
    icon(iconName),
    h("span", { class: "tool-label", text: label }),
    icon("chevron", "tool-chevron"),
  );
  const list = h("div", { class: "menu-list", id: menuId, role: "menu", "aria-label": label, hidden: true });
  root.append(button, list);
  let entries = [];

  function open(focusIndex = 0) {
    entries = [];
    list.replaceChildren();
    for (const item of items()) {
      if (item.separator) {
        list.append(h("div", { class: "menu-separator", role: "separator", ...(item.label ? {} : {}) }, item.label ? h("span", { text: item.label }) : null));
        continue;
      }
      const entry = h(
        "button",
        {
          type: "button",
          class: "menu-item",
          role: "menuitem",
          tabindex: "-1",
          "aria-disabled": item.disabled ? "true" : null,
          title: item.disabled && item.disabledReason ? item.disabledReason : null,
          dataset: item.id ? { item: item.id } : {},
          on: {
            click: () => {
              if (item.disabled) return;
              close(true);
              item.action();
            },
          },
        },
        h("span", { class: "menu-item-label", text: item.label }),
        item.detail ? h("span", { class: "menu-item-detail", text: item.detail }) : null,
      );
      entries.push(entry);
      list.append(entry);
    }
    list.hidden = false;
    button.setAttribute("aria-expanded", "true");
    focusEntry(focusIndex < 0 ? entries.length - 1 : focusIndex);
    document.addEventListener("pointerdown", outside, true);
  }

  function close(returnFocus) {
    if (list.hidden) return;
    list.hidden = true;
    button.setAttribute("aria-expanded", "false");
    document.removeEventListener("pointerdown", outside, true);
    if (returnFocus) button.focus();
  }

  function outside(event) {
    if (!root.contains(event.target)) close(false);
  }

  function focusEntry(i) {
    if (!entries.length) return;
    entries[(i + entries.length) % entries.length].focus();
  }

  button.addEventListener("click", () => (list.hidden ? open(0) : close(false)));
  button.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      open(event.key === "ArrowDown" ? 0 : -1);
    }
  });
  list.addEventListener("keydown", (event) => {
    const i = entries.indexOf(document.activeElement);
    const moves = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: entries.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      focusEntry(moves[event.key]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") {
      close(false);
    }
  });

  return { open, close, button };
}
