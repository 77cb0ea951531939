// Modals (Slack views), confirm dialogs and toasts.

import { blocks as renderBlocks, initialValues } from "./blocks.js";
import { textObject } from "./mrkdwn.js";

function el(tag, className, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of [].concat(children)) {
    if (child === null || child === undefined) continue;
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function plainText(obj, fallback) {
  return obj && obj.text ? String(obj.text) : fallback;
}

/** Ask like Slack's confirm object does; resolves true when confirmed. */
export function confirmDialog(confirm, ctx = {}) {
  return new Promise((resolve) => {
    const root = document.getElementById("dialog-root");
    const finish = (answer) => {
      root.replaceChildren();
      resolve(answer);
    };
    const yes = el("button", "bk-button " + (confirm.style === "danger" ? "danger" : "primary"), [
      plainText(confirm.confirm, "Yes"),
    ]);
    yes.type = "button";
    yes.id = "confirm-yes";
    yes.addEventListener("click", () => finish(true));
    const no = el("button", "bk-button", [plainText(confirm.deny, "Cancel")]);
    no.type = "button";
    no.id = "confirm-no";
    no.addEventListener("click", () => finish(false));
    const dialog = el("div", "dialog", [
      el("h2", "dialog-title", [plainText(confirm.title, "Are you sure?")]),
      el("div", "dialog-text", [textObject(confirm.text, ctx)]),
      el("div", "dialog-buttons", [no, yes]),
    ]);
    dialog.setAttribute("role", "alertdialog");
    const backdrop = el("div", "backdrop", [dialog]);
    backdrop.addEventListener("click", (e) => {
      if (e.target === backdrop) finish(false);
    });
    root.replaceChildren(backdrop);
    yes.focus();
  });
}

let toastTimer = null;

/** A short message at the bottom of the page. */
export function toast(text) {
  const node = document.getElementById("toast");
  node.textContent = text;
  node.classList.add("shown");
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => node.classList.remove("shown"), 4000);
}

/**
 * Keeps the modal on top of the person's stack on screen. Input values live here between
 * redraws, so a redraw (another message arriving) never loses what someone typed.
 */
export class ModalView {
  constructor(root, { submit, close, act, ctx }) {
    this.root = root;
    this.submit = submit;
    this.close = close;
    this.act = act;
    this.ctx = ctx;
    this.key = null;
    this.viewId = null;
    this.hash = null;
    this.values = {};
    this.busy = false;
  }

  /** Draw `modal` ({view, depth, errors}) or nothing; redraws only when it changed. */
  show(modal) {
    if (!modal) {
      this.root.replaceChildren();
      this.key = this.viewId = this.hash = null;
      return;
    }
    const view = modal.view;
    const key = `${view.id}|${view.hash}|${JSON.stringify(modal.errors || {})}`;
    if (key === this.key) return;
    if (view.id !== this.viewId || view.hash !== this.hash) {
      // A views.update keeps what people typed into inputs that are still there, as Slack does.
      const fresh = initialValues(view.blocks);
      const kept = view.id === this.viewId ? this.values : {};
      for (const [blockId, actions] of Object.entries(fresh)) {
        for (const actionId of Object.keys(actions)) {
          if (kept[blockId] && kept[blockId][actionId]) actions[actionId] = kept[blockId][actionId];
        }
      }
      this.values = fresh;
    }
    this.key = key;
    this.viewId = view.id;
    this.hash = view.hash;
    this.render(modal);
  }

  render(modal) {
    const view = modal.view;
    const errors = modal.errors || {};
    const ctx = {
      ...this.ctx(),
      surface: "modal",
      state: this.values,
      errors,
      act: (blockId, element, entry) => this.act(view, blockId, element, entry, this.values),
    };
    const closeX = el("button", "modal-x", ["×"]);
    closeX.type = "button";
    closeX.setAttribute("aria-label", "Close");
    closeX.addEventListener("click", () => this.close(view));
    const header = el("header", "modal-header", [
      modal.depth > 1 ? el("span", "modal-depth", [`${modal.depth} ▸`]) : null,
      el("h2", "modal-title", [plainText(view.title, "")]),
      closeX,
    ]);
    const body = el("div", "modal-body");
    if (errors._modal) body.appendChild(el("div", "modal-error", [String(errors._modal)]));
    body.appendChild(renderBlocks(view.blocks, ctx));
    const buttons = [];
    const cancel = el("button", "bk-button", [plainText(view.close, "Cancel")]);
    cancel.type = "button";
    cancel.id = "modal-close";
    cancel.addEventListener("click", () => this.close(view));
    buttons.push(cancel);
    if (view.submit) {
      const submit = el("button", "bk-button primary", [plainText(view.submit, "Submit")]);
      submit.type = "submit";
      submit.id = "modal-submit";
      buttons.push(submit);
    }
    const form = el("form", "modal", [header, body, el("footer", "modal-footer", buttons)]);
    form.setAttribute("role", "dialog");
    form.dataset.viewId = view.id;
    form.dataset.callbackId = view.callback_id || "";
    form.noValidate = true; // Slack's own checks (required inputs) come back from the server
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (this.busy) return;
      this.busy = true;
      form.classList.add("busy");
      try {
        await this.submit(view, this.values);
      } finally {
        this.busy = false;
        form.classList.remove("busy");
      }
    });
    this.root.replaceChildren(el("div", "backdrop", [form]));
  }
}
