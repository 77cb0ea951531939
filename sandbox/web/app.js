// The sandbox page: who you are, your conversations with the app, Home, modals; live updates.

import { blocks as renderBlocks, initialValues } from "./blocks.js";
import { messageNode } from "./conversation.js";
import { ModalView, confirmDialog, toast } from "./dialogs.js";

const $ = (id) => document.getElementById(id);

const app = {
  bot: null,
  team: null,
  people: {},
  channels: {},
  user: null,
  channel: null,
  tab: "messages",
  screen: null,
  thread: null,
  editing: null,
  homeKey: null,
  homeValues: {},
  shownFor: null,
  loading: false,
  dirty: false,
};

async function api(path, body) {
  const init =
    body === undefined
      ? {}
      : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  const data = await response.json().catch(() => null);
  if (!response.ok || (data && data.ok === false)) {
    throw new Error((data && data.error) || `HTTP ${response.status}`);
  }
  return data;
}

async function attempt(action) {
  try {
    return await action();
  } catch (e) {
    toast(`Slack said: ${e.message}`);
    return null;
  }
}

// -- what people do ---------------------------------------------------------------------------

// `tz`: the viewer's time zone from their profile; Slack shows every time in it.
app.ctx = () => ({
  people: app.people,
  channels: app.channels,
  confirm: confirmDialog,
  tz: app.people[app.user] ? app.people[app.user].tz : undefined,
});

app.click = (message, blockId, element, entry) =>
  attempt(() =>
    api("/ui/click", {
      user: app.user,
      channel: app.channel,
      ts: message.ts,
      block_id: blockId,
      action_id: element.action_id,
      state: entry,
    }),
  );

function clickInView(view, blockId, element, entry, values) {
  return attempt(() =>
    api("/ui/click", {
      user: app.user,
      view_id: view.id,
      block_id: blockId,
      action_id: element.action_id,
      state: entry,
      view_state: values,
    }),
  );
}

app.openThread = (ts) => {
  app.thread = ts;
  render();
  $("thread-box").focus();
};

app.startEdit = (message) => {
  app.editing = { ts: message.ts, text: decodeForEditing(message.text) };
  render();
};

app.cancelEdit = () => {
  app.editing = null;
  render();
};

app.saveEdit = async (message, text) => {
  app.editing = null;
  await attempt(() => api("/ui/edit", { user: app.user, channel: app.channel, ts: message.ts, text }));
  render();
};

app.remove = async (message) => {
  const sure = await confirmDialog({
    title: { type: "plain_text", text: "Delete message" },
    text: { type: "plain_text", text: "Are you sure you want to delete this message? This cannot be undone." },
    confirm: { type: "plain_text", text: "Delete" },
    style: "danger",
  });
  if (sure) await attempt(() => api("/ui/delete", { user: app.user, channel: app.channel, ts: message.ts }));
};

function decodeForEditing(text) {
  // What the person typed: entities back to characters, mentions back to @handles.
  return String(text || "")
    .replace(/<@([A-Z0-9]+)(\|[^>]*)?>/g, (all, id) => (app.people[id] ? "@" + app.people[id].name : all))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

async function send(box, threadTs) {
  const text = box.value;
  if (!text.trim()) return;
  box.value = "";
  const sent = await attempt(() =>
    api("/ui/write", { user: app.user, channel: app.channel, text, thread_ts: threadTs || null }),
  );
  if (sent === null) box.value = text;
}

const modal = new ModalView($("modal-root"), {
  ctx: app.ctx,
  act: clickInView,
  submit: (view, values) => attempt(() => api("/ui/submit", { user: app.user, view_id: view.id, values })),
  close: (view) => attempt(() => api("/ui/close", { user: app.user, view_id: view.id })),
});

// -- drawing ---------------------------------------------------------------------------------

function render() {
  const screen = app.screen;
  if (!screen) return;
  renderSidebar(screen);
  const conversation = screen.conversations.find((c) => c.id === screen.channel);
  const isApp = conversation && conversation.kind === "app";
  $("title").textContent = isApp ? conversation.name : `# ${conversation ? conversation.name : ""}`;
  $("tabs").hidden = !isApp;
  const onHome = isApp && app.tab === "home";
  $("tab-home").classList.toggle("active", onHome);
  $("tab-messages").classList.toggle("active", !onHome);
  $("home").hidden = !onHome;
  $("messages").hidden = onHome;
  $("composer").hidden = onHome;
  if (onHome) renderHome(screen.home);
  else renderMessages(screen, conversation);
  renderThread(screen);
  modal.show(screen.modal);
}

function renderSidebar(screen) {
  const nav = $("conversations");
  const items = screen.conversations.map((c) => {
    const item = document.createElement("button");
    item.type = "button";
    item.className = "conversation" + (c.id === screen.channel ? " active" : "");
    item.dataset.channel = c.id;
    item.dataset.kind = c.kind;
    item.textContent = c.kind === "app" ? c.name : `# ${c.name}`;
    item.addEventListener("click", () => {
      app.channel = c.id;
      app.tab = "messages";
      app.thread = null;
      app.editing = null;
      refresh();
    });
    return item;
  });
  const apps = items.filter((i) => i.dataset.kind === "app");
  const channels = items.filter((i) => i.dataset.kind !== "app");
  nav.replaceChildren(heading("Apps"), ...apps, heading("Channels"), ...channels);
  const me = app.people[app.user];
  $("me-card").replaceChildren(
    line("me-name", me.real_name),
    line("me-title", [me.title, me.department].filter(Boolean).join(" · ")),
    line("me-tz", `${me.tz} · @${me.name}`),
  );
}

function heading(text) {
  const node = document.createElement("div");
  node.className = "nav-heading";
  node.textContent = text;
  return node;
}

function line(className, text) {
  const node = document.createElement("div");
  node.className = className;
  node.textContent = text;
  return node;
}

function renderMessages(screen, conversation) {
  const list = $("messages");
  const key = `${app.user}|${screen.channel}`;
  const stick = app.shownFor !== key || list.scrollHeight - list.scrollTop - list.clientHeight < 60;
  // Redraw only what changed: an update elsewhere (another channel, the call log) leaves these
  // nodes in place, so a half-picked menu or a button about to be clicked is not replaced.
  const drawn = JSON.stringify([key, screen.messages, app.editing, app.thread]);
  if (drawn === app.drawnMessages && list.childElementCount) return;
  app.drawnMessages = drawn;
  const nodes = screen.messages.map((m) => messageNode(m, app));
  if (!nodes.length) {
    const hint = document.createElement("div");
    hint.className = "empty";
    hint.textContent =
      conversation && conversation.kind === "app"
        ? `This is the very beginning of your messages with ${app.bot.name}. Try /interview.`
        : "No messages yet.";
    nodes.push(hint);
  }
  list.replaceChildren(...nodes);
  if (stick) list.scrollTop = list.scrollHeight;
  app.shownFor = key;
  $("message-box").placeholder =
    conversation && conversation.kind === "app"
      ? `Message ${conversation.name}, or type /interview`
      : `Message #${conversation ? conversation.name : ""}`;
}

function renderThread(screen) {
  const pane = $("thread");
  const parent = app.thread && screen.messages.find((m) => m.ts === app.thread);
  pane.hidden = !parent;
  if (!parent) return;
  const replies = (parent.replies || []).map((m) => messageNode(m, app, { inThread: true }));
  $("thread-messages").replaceChildren(messageNode(parent, app, { inThread: true }), ...replies);
}

function renderHome(view) {
  const root = $("home");
  if (!view) {
    app.homeKey = null;
    root.replaceChildren(line("empty", "Opening Home…"));
    return;
  }
  const key = `${view.id}|${view.hash}`;
  if (key === app.homeKey) return;
  app.homeKey = key;
  app.homeValues = initialValues(view.blocks);
  root.replaceChildren(
    renderBlocks(view.blocks, {
      ...app.ctx(),
      surface: "home",
      state: app.homeValues,
      act: (blockId, element, entry) => clickInView(view, blockId, element, entry, app.homeValues),
    }),
  );
}

// -- loading ---------------------------------------------------------------------------------

async function refresh() {
  if (app.loading) {
    app.dirty = true;
    return;
  }
  app.loading = true;
  try {
    do {
      app.dirty = false;
      const query = new URLSearchParams({ user: app.user });
      if (app.channel) query.set("channel", app.channel);
      const screen = await api(`/ui/screen?${query}`);
      app.screen = screen;
      app.channel = screen.channel;
      app.channels = Object.fromEntries(
        screen.conversations.filter((c) => c.kind === "channel").map((c) => [c.id, c]),
      );
      render();
    } while (app.dirty);
  } catch (e) {
    toast(`Could not load: ${e.message}`);
  } finally {
    app.loading = false;
  }
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/ui/changes`);
  socket.addEventListener("open", () => {
    $("live").classList.add("on");
    refresh();
  });
  socket.addEventListener("message", () => refresh());
  socket.addEventListener("close", () => {
    $("live").classList.remove("on");
    setTimeout(connect, 1000);
  });
}

function switchTo(user) {
  app.user = user;
  app.channel = null;
  app.tab = "messages";
  app.thread = null;
  app.editing = null;
  app.homeKey = null;
  localStorage.setItem("sandbox.user", user);
  $("person").value = user;
  refresh();
}

async function init() {
  const workspace = await api("/ui/workspace");
  app.bot = workspace.bot;
  app.team = workspace.team;
  app.people = Object.fromEntries(workspace.people.map((p) => [p.id, p]));
  $("team-name").textContent = workspace.team.name;
  const humans = workspace.people.filter((p) => !p.is_bot);
  $("person").replaceChildren(
    ...humans.map((p) => {
      const option = document.createElement("option");
      option.value = p.id;
      option.dataset.handle = p.name;
      option.textContent = p.role ? `${p.real_name} — ${p.role}` : p.real_name;
      return option;
    }),
  );
  const wanted = new URLSearchParams(location.search).get("as");
  const byHandle = humans.find((p) => p.name === wanted);
  const saved = humans.find((p) => p.id === localStorage.getItem("sandbox.user"));
  const first = humans.find((p) => p.role === "Facilitator") || humans[0];
  $("person").addEventListener("change", () => switchTo($("person").value));
  $("tab-home").addEventListener("click", () => {
    app.tab = "home";
    render();
    attempt(() => api("/ui/home", { user: app.user }));
  });
  $("tab-messages").addEventListener("click", () => {
    app.tab = "messages";
    render();
  });
  $("thread-close").addEventListener("click", () => {
    app.thread = null;
    render();
  });
  for (const [form, box, thread] of [
    ["composer", "message-box", false],
    ["thread-composer", "thread-box", true],
  ]) {
    $(form).addEventListener("submit", (e) => {
      e.preventDefault();
      send($(box), thread ? app.thread : null);
    });
    $(box).addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        send($(box), thread ? app.thread : null);
      }
    });
  }
  $("reset").addEventListener("click", async () => {
    const sure = await confirmDialog({
      title: { type: "plain_text", text: "Reset the sandbox?" },
      text: {
        type: "plain_text",
        text: "Every message, modal and log entry is wiped, and the app starts on fresh data.",
      },
      confirm: { type: "plain_text", text: "Reset" },
      style: "danger",
    });
    if (!sure) return;
    $("reset").disabled = true;
    const done = await attempt(() => api("/ui/reset", {}));
    $("reset").disabled = false;
    if (done) {
      toast("The sandbox starts afresh.");
      switchTo(app.user);
    }
  });
  connect();
  switchTo((byHandle || saved || first).id);
}

init();
