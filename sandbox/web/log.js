// The call log page: Web API calls and deliveries, newest first, live.

const $ = (id) => document.getElementById(id);
const open = new Set();
let entries = [];
let loading = false;
let dirty = false;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function stamp(at) {
  const d = new Date(at * 1000);
  return d.toLocaleTimeString([], { hour12: false }) + "." + String(d.getMilliseconds()).padStart(3, "0");
}

function result(entry) {
  if (entry.direction === "Slack → app") {
    const status = entry.status === null ? "no answer" : `HTTP ${entry.status}`;
    const retry = entry.retry_num ? ` · retry ${entry.retry_num} (${entry.retry_reason})` : "";
    return `${entry.outcome === "ok" ? "acked" : entry.outcome} · ${status} · ${entry.seconds}s${retry}`;
  }
  const error = entry.response && entry.response.error;
  return entry.ok ? `ok · HTTP ${entry.status}` : `${error || "failed"} · HTTP ${entry.status}`;
}

function key(entry) {
  return `${entry.at}|${entry.name}|${entry.retry_num || ""}`;
}

function pretty(value) {
  if (typeof value === "string") {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

function visible(entry) {
  const words = $("filter").value.trim().toLowerCase();
  const fromApp = entry.direction === "app → Slack";
  if (fromApp && !$("show-calls").checked) return false;
  if (!fromApp && !$("show-deliveries").checked) return false;
  if (!words) return true;
  return `${entry.name} ${result(entry)} ${JSON.stringify(entry.request)}`.toLowerCase().includes(words);
}

function render() {
  const rows = [];
  for (const entry of entries.filter(visible)) {
    const id = key(entry);
    const row = el("tr", entry.ok ? "ok" : "failed");
    row.dataset.name = entry.name;
    row.append(
      el("td", "at", stamp(entry.at)),
      el("td", "direction", entry.direction),
      el("td", "name", entry.name),
      el("td", "result", result(entry)),
      el("td", "toggle", open.has(id) ? "▾" : "▸"),
    );
    row.addEventListener("click", () => {
      if (open.has(id)) open.delete(id);
      else open.add(id);
      render();
    });
    rows.push(row);
    if (open.has(id)) {
      const cell = el("td");
      cell.colSpan = 5;
      cell.append(
        el("h3", "", entry.direction === "Slack → app" ? "payload" : "arguments"),
        el("pre", "json", pretty(entry.request)),
        el("h3", "", "response"),
        el("pre", "json", pretty(entry.response)),
      );
      const detail = el("tr", "detail");
      detail.append(cell);
      rows.push(detail);
    }
  }
  if (!rows.length) {
    const cell = el("td", "empty", "Nothing yet: use the app on the sandbox page.");
    cell.colSpan = 5;
    const row = el("tr");
    row.append(cell);
    rows.push(row);
  }
  $("entries").replaceChildren(...rows);
}

async function refresh() {
  if (loading) {
    dirty = true;
    return;
  }
  loading = true;
  try {
    do {
      dirty = false;
      const response = await fetch("/ui/log");
      const data = await response.json();
      entries = data.entries;
      $("rate-limit").checked = data.rate_limit_post_message;
      render();
    } while (dirty);
  } finally {
    loading = false;
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

for (const id of ["filter", "show-calls", "show-deliveries"]) $(id).addEventListener("input", render);
$("rate-limit").addEventListener("change", async () => {
  await fetch("/ui/settings", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ rate_limit_post_message: $("rate-limit").checked }),
  });
});
connect();
