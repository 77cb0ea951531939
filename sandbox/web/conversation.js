// Messages as Slack's client shows them: author, time, blocks or mrkdwn, edits, threads.

import { blocks as renderBlocks } from "./blocks.js";
import { mrkdwn } from "./mrkdwn.js";

function el(tag, className, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of [].concat(children)) {
    if (child === null || child === undefined) continue;
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function initials(name) {
  const parts = String(name).split(/[\s-]+/).filter(Boolean);
  return (parts[0] ? parts[0][0] : "?") + (parts[1] ? parts[1][0] : "");
}

function hue(id) {
  let h = 0;
  for (const c of String(id)) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

/** A message's time in the viewer's time zone (`tz` from their profile), as Slack shows it. */
export function time(ts, tz) {
  const options = { hour: "2-digit", minute: "2-digit" };
  try {
    return new Date(parseFloat(ts) * 1000).toLocaleTimeString([], { ...options, timeZone: tz });
  } catch (e) {
    return new Date(parseFloat(ts) * 1000).toLocaleTimeString([], options); // an unknown zone
  }
}

/** Who wrote a message: "bot", "me", "person" or "slackbot", and their display name. */
export function author(message, app) {
  if (message.slackbot) return { kind: "slackbot", name: "Slackbot" };
  if (message.bot) return { kind: "bot", name: app.bot.name };
  const person = app.people[message.user];
  const name = person ? person.real_name : message.user;
  return { kind: message.mine ? "me" : "person", name };
}

const IMAGE_TYPES = new Set(["png", "jpg", "jpeg", "gif", "webp"]);

function size(bytes) {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} B`;
}

/** A shared file as Slack shows it: its title and size, opened in a new tab; images previewed. */
function fileCard(file) {
  const link = el("a", "file-link", [file.title || file.name || "file"]);
  link.href = file.url;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  const card = el("div", "file-card", [link, el("span", "file-size", [` ${(file.filetype || "").toUpperCase()} · ${size(file.size || 0)}`])]);
  card.dataset.fileId = file.id;
  if (IMAGE_TYPES.has(String(file.filetype).toLowerCase())) {
    const img = el("img", "file-preview");
    img.src = file.url;
    img.alt = file.title || file.name || "";
    card.prepend(img);
  }
  return card;
}

function button(label, className, onClick) {
  const node = el("button", className, [label]);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

function content(message, app) {
  const onlyRichText = (message.blocks || []).every((b) => b.type === "rich_text");
  if (message.blocks && message.blocks.length && !onlyRichText) {
    return renderBlocks(message.blocks, {
      ...app.ctx(),
      surface: "message",
      act: (blockId, element, entry) => app.click(message, blockId, element, entry),
    });
  }
  if (!message.mrkdwn) return document.createTextNode(message.text || "");
  return mrkdwn(message.text || "", app.ctx());
}

function editor(message, app) {
  const box = el("textarea", "edit-box");
  box.value = app.editing.text;
  box.addEventListener("input", () => {
    app.editing.text = box.value;
  });
  const save = () => app.saveEdit(message, box.value);
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      save();
    } else if (e.key === "Escape") {
      app.cancelEdit();
    }
  });
  setTimeout(() => box.focus(), 0);
  return el("div", "editor", [
    box,
    el("div", "editor-buttons", [
      button("Cancel", "bk-button", () => app.cancelEdit()),
      button("Save", "bk-button primary edit-save", save),
    ]),
  ]);
}

/**
 * One message. `app` supplies people, the bot, ctx(), click(), and the edit, delete and thread
 * actions; `inThread` leaves out the reply count and the reply action.
 */
export function messageNode(message, app, { inThread = false } = {}) {
  const who = author(message, app);
  const node = el("div", `message from-${who.kind}`);
  node.dataset.ts = message.ts;
  node.dataset.from = who.kind;
  if (message.ephemeral) node.classList.add("ephemeral");
  const avatar = el("div", "avatar", [who.kind === "bot" ? "ib" : who.kind === "slackbot" ? "sb" : initials(who.name)]);
  avatar.style.background = who.kind === "bot" ? "#4a154b" : `hsl(${hue(message.user || who.name)} 45% 42%)`;
  const meta = el("div", "meta", [
    el("span", "author", [who.name]),
    who.kind === "bot" ? el("span", "app-badge", ["APP"]) : null,
    el("time", "", [time(message.ts, app.ctx().tz)]),
    message.edited ? el("span", "edited", ["(edited)"]) : null,
  ]);
  const editing = app.editing && app.editing.ts === message.ts;
  const body = el("div", "message-body", [
    meta,
    el("div", "content", [editing ? editor(message, app) : content(message, app)]),
  ]);
  for (const file of message.files || []) body.appendChild(fileCard(file));
  if (message.ephemeral) body.appendChild(el("div", "ephemeral-note", ["Only visible to you"]));
  const replies = message.replies || [];
  if (!inThread && replies.length) {
    const label = `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`;
    body.appendChild(button(label, "thread-link", () => app.openThread(message.ts)));
  }
  node.append(avatar, body);
  if (!message.ephemeral && !editing) {
    const actions = [];
    if (!inThread) actions.push(button("Reply in thread", "hover-action reply", () => app.openThread(message.ts)));
    if (message.mine) {
      actions.push(button("Edit", "hover-action edit", () => app.startEdit(message)));
      actions.push(button("Delete", "hover-action delete", () => app.remove(message)));
    }
    if (actions.length) node.appendChild(el("div", "hover-actions", actions));
  }
  return node;
}
