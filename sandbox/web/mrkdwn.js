// Slack mrkdwn to DOM nodes. Text only ever becomes text nodes: nothing is parsed as HTML, so a
// `<script>` in a message (sent as `&lt;script&gt;`) is shown, never run.

const EMOJI = {
  white_check_mark: "✅", heavy_check_mark: "✔️", x: "❌", warning: "⚠️", wave: "👋",
  tada: "🎉", memo: "📝", calendar: "📅", bar_chart: "📊", hourglass: "⌛", bell: "🔔",
  speech_balloon: "💬", mag: "🔍", bulb: "💡", rocket: "🚀", pushpin: "📌", clipboard: "📋",
  sparkles: "✨", star: "⭐", zzz: "💤", pencil: "✏️", lock: "🔒", eyes: "👀", pray: "🙏",
  chart_with_upwards_trend: "📈", point_right: "👉", raised_hands: "🙌", "+1": "👍",
  thumbsup: "👍", smile: "😄", slightly_smiling_face: "🙂", thinking_face: "🤔", question: "❓",
  information_source: "ℹ️", arrow_right: "➡️", repeat: "🔁", hourglass_flowing_sand: "⏳",
};

const ATOM = /\u0001(\d+)\u0002/g;
const FORMATS = [
  ["b", "*"],
  ["i", "_"],
  ["s", "~"],
];

/** `&lt;`, `&gt;` and `&amp;` back to characters (the only entities Slack uses). */
export function decode(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function emojify(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] || all);
}

function pattern(mark) {
  const m = mark === "*" ? "\\*" : mark;
  // Opens after a non-word character, closes before one; no space just inside the marks.
  return new RegExp(
    `(^|[^\\p{L}\\p{N}${m}])${m}(?=\\S)([^${m}\\n]*?\\S)${m}(?![\\p{L}\\p{N}${m}])`,
    "u",
  );
}
const PATTERNS = FORMATS.map(([tag, mark]) => [tag, pattern(mark)]);

/** A mention, channel, special mention or link from a `<...>` control sequence. */
function control(inner, ctx) {
  const [target, label] = splitOnce(inner, "|");
  const span = (cls, text) => {
    const el = document.createElement("span");
    el.className = cls;
    el.textContent = text;
    return el;
  };
  if (target.startsWith("@")) {
    const id = target.slice(1);
    const person = ctx.people && ctx.people[id];
    return span("mention", "@" + (person ? person.real_name : decode(label || id)));
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    const channel = ctx.channels && ctx.channels[id];
    return span("mention channel", "#" + (channel ? channel.name : decode(label || id)));
  }
  if (target.startsWith("!")) {
    const [kind] = target.slice(1).split("^");
    if (kind === "date") return document.createTextNode(slackDate(target.slice(1), label, ctx.tz));
    if (kind === "subteam") return span("mention", decode(label || "@group"));
    return span("mention special", "@" + kind);
  }
  const url = decode(target);
  const text = decode(label || target);
  if (/^(https?:|mailto:)/i.test(url)) {
    const a = document.createElement("a");
    a.href = url;
    a.textContent = text;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  return document.createTextNode(label ? text : "<" + url + ">");
}

/**
 * `<!date^1700000000^{date_short} at {time}|fallback>` as Slack shows it: the tokens filled in
 * the viewer's time zone; the fallback when the timestamp or zone is not usable.
 */
export function slackDate(target, fallback, tz) {
  const [, seconds, format] = target.split("^");
  const when = new Date(Number(seconds) * 1000);
  if (!format || !Number.isFinite(when.getTime())) return decode(fallback || "");
  const part = (options) => when.toLocaleString("en-US", { ...options, timeZone: tz });
  try {
    const tokens = {
      date_num: part({ year: "numeric", month: "2-digit", day: "2-digit" }),
      date: part({ year: "numeric", month: "long", day: "numeric" }),
      date_short: part({ year: "numeric", month: "short", day: "numeric" }),
      date_long: part({ weekday: "long", year: "numeric", month: "long", day: "numeric" }),
      date_pretty: part({ year: "numeric", month: "long", day: "numeric" }),
      date_short_pretty: part({ year: "numeric", month: "short", day: "numeric" }),
      date_long_pretty: part({ weekday: "long", year: "numeric", month: "long", day: "numeric" }),
      time: part({ hour: "numeric", minute: "2-digit" }),
      time_secs: part({ hour: "numeric", minute: "2-digit", second: "2-digit" }),
    };
    return decode(format).replace(/\{(\w+)\}/g, (all, name) => tokens[name] ?? all);
  } catch (e) {
    return decode(fallback || "");
  }
}

function splitOnce(text, sep) {
  const at = text.indexOf(sep);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}

/** Inline mrkdwn (bold, italic, strike, code, links, mentions) of one line into `parent`. */
function inline(text, ctx, parent) {
  const atoms = [];
  // Code spans and control sequences are atoms: formatting never reaches inside them.
  const masked = text
    .replace(/`([^`\n]+)`/g, (all, code) => {
      const el = document.createElement("code");
      el.textContent = decode(code);
      atoms.push(el);
      return `\u0001${atoms.length - 1}\u0002`;
    })
    .replace(/<([^<>\n]+)>/g, (all, inner) => {
      atoms.push(control(inner, ctx));
      return `\u0001${atoms.length - 1}\u0002`;
    });
  formatted(masked, atoms, parent);
}

function formatted(text, atoms, parent) {
  let best = null;
  for (const [tag, re] of PATTERNS) {
    const m = re.exec(text);
    if (m && (best === null || m.index + m[1].length < best.start)) {
      best = { tag, start: m.index + m[1].length, end: m.index + m[0].length, inner: m[2] };
    }
  }
  if (best === null) {
    plain(text, atoms, parent);
    return;
  }
  plain(text.slice(0, best.start), atoms, parent);
  const el = document.createElement(best.tag === "b" ? "strong" : best.tag === "i" ? "em" : "s");
  formatted(best.inner, atoms, el);
  parent.appendChild(el);
  formatted(text.slice(best.end), atoms, parent);
}

function plain(text, atoms, parent) {
  let last = 0;
  for (const m of text.matchAll(ATOM)) {
    if (m.index > last) parent.appendChild(document.createTextNode(emojify(decode(text.slice(last, m.index)))));
    parent.appendChild(atoms[Number(m[1])].cloneNode(true));
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.appendChild(document.createTextNode(emojify(decode(text.slice(last)))));
}

function lines(text, ctx, parent) {
  const rows = text.split("\n");
  let quote = null;
  rows.forEach((row, i) => {
    const quoted = /^(&gt;|>)\s?/.exec(row);
    if (quoted) {
      if (quote === null) {
        quote = document.createElement("blockquote");
        parent.appendChild(quote);
      } else {
        quote.appendChild(document.createElement("br"));
      }
      inline(row.slice(quoted[0].length), ctx, quote);
      return;
    }
    if (quote !== null) {
      quote = null;
    } else if (i > 0) {
      parent.appendChild(document.createElement("br"));
    }
    inline(row, ctx, parent);
  });
}

/** Render Slack mrkdwn into a fragment. `ctx.people` / `ctx.channels` map ids to names. */
export function mrkdwn(text, ctx = {}) {
  const fragment = document.createDocumentFragment();
  const source = String(text ?? "");
  let last = 0;
  // A pre block is a block of its own: the line breaks just around it are not extra lines.
  for (const m of source.matchAll(/```([\s\S]*?)```/g)) {
    let before = source.slice(last, m.index);
    if (last) before = before.replace(/^\n/, "");
    before = before.replace(/\n$/, "");
    if (before) lines(before, ctx, fragment);
    const pre = document.createElement("pre");
    pre.textContent = decode(m[1].replace(/^\n/, ""));
    fragment.appendChild(pre);
    last = m.index + m[0].length;
  }
  const rest = last ? source.slice(last).replace(/^\n/, "") : source;
  if (rest) lines(rest, ctx, fragment);
  return fragment;
}

/** A text object (`plain_text` or `mrkdwn`) as nodes. */
export function textObject(obj, ctx = {}) {
  if (!obj) return document.createDocumentFragment();
  if (typeof obj === "string") return mrkdwn(obj, ctx);
  if (obj.type === "mrkdwn") return mrkdwn(obj.text, ctx);
  const text = obj.emoji === false ? String(obj.text ?? "") : emojify(String(obj.text ?? ""));
  return document.createTextNode(text);
}
