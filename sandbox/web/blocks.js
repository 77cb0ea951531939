// Block Kit to DOM: every block and element the sandbox knows, built with DOM calls only.
//
// ctx: { people, channels, surface: "message" | "modal" | "home", state, errors,
//        act(blockId, element, entry), confirm(dialog) -> Promise<bool> }
// In modals and Home `ctx.state` holds view.state.values and is updated as people type or pick.

import { textObject } from "./mrkdwn.js";

const STATEFUL = new Set([
  "plain_text_input", "number_input", "email_text_input", "url_text_input", "static_select",
  "multi_static_select", "users_select", "multi_users_select", "conversations_select",
  "channels_select", "radio_buttons", "checkboxes", "datepicker", "timepicker",
]);

function el(tag, className, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of [].concat(children)) {
    if (child === null || child === undefined) continue;
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function plainText(obj) {
  return obj && typeof obj === "object" ? String(obj.text ?? "") : String(obj ?? "");
}

/** The state entry an element starts with (Slack's `view.state.values[block][action]`). */
export function initialState(element) {
  const type = element.type;
  switch (type) {
    case "static_select":
    case "radio_buttons":
      return { type, selected_option: element.initial_option || null };
    case "multi_static_select":
    case "checkboxes":
      return { type, selected_options: element.initial_options || [] };
    case "users_select":
      return { type, selected_user: element.initial_user || null };
    case "multi_users_select":
      return { type, selected_users: element.initial_users || [] };
    case "conversations_select":
      return { type, selected_conversation: element.initial_conversation || null };
    case "channels_select":
      return { type, selected_channel: element.initial_channel || null };
    case "datepicker":
      return { type, selected_date: element.initial_date || null };
    case "timepicker":
      return { type, selected_time: element.initial_time || null };
    default:
      return { type, value: element.initial_value ?? null };
  }
}

/** Every stateful element of a view's blocks with its initial state. */
export function initialValues(blocks) {
  const values = {};
  for (const block of blocks || []) {
    const elements = [...(block.elements || [])];
    if (block.accessory) elements.push(block.accessory);
    if (block.element) elements.push(block.element);
    for (const element of elements) {
      if (!element || !STATEFUL.has(element.type) || !element.action_id) continue;
      values[block.block_id] = values[block.block_id] || {};
      values[block.block_id][element.action_id] = initialState(element);
    }
  }
  return values;
}

function currentState(ctx, blockId, element) {
  const saved = ctx.state && ctx.state[blockId] && ctx.state[blockId][element.action_id];
  return saved || initialState(element);
}

function remember(ctx, blockId, element, entry) {
  if (!ctx.state) return;
  ctx.state[blockId] = ctx.state[blockId] || {};
  ctx.state[blockId][element.action_id] = entry;
}

/** An element changed: keep its state; tell the app when Slack would (not inside inputs). */
function changed(ctx, blockId, element, entry, inInput) {
  remember(ctx, blockId, element, entry);
  if (!inInput || element.dispatch_action) ctx.act(blockId, element, entry);
}

function options(element) {
  if (element.option_groups) return element.option_groups.flatMap((g) => g.options || []);
  return element.options || [];
}

function optionLabel(option, ctx) {
  const label = el("span", "option-text", [textObject(option.text, ctx)]);
  if (option.description) label.appendChild(el("span", "option-description", [textObject(option.description, ctx)]));
  return label;
}

function button(element, blockId, ctx) {
  const node = el("button", "bk-button" + (element.style ? ` ${element.style}` : ""), [
    textObject(element.text, ctx),
  ]);
  node.type = "button";
  node.dataset.actionId = element.action_id || "";
  node.dataset.blockId = blockId;
  if (element.url) node.title = element.url;
  node.addEventListener("click", async () => {
    if (element.confirm && !(await ctx.confirm(element.confirm))) return;
    node.disabled = true;
    try {
      await ctx.act(blockId, element, { type: "button" });
    } finally {
      node.disabled = false;
    }
  });
  return node;
}

function select(element, blockId, ctx, inInput) {
  const multi = element.type.startsWith("multi_");
  const node = el("select", "bk-select");
  node.multiple = multi;
  node.dataset.actionId = element.action_id || "";
  node.dataset.blockId = blockId;
  const state = currentState(ctx, blockId, element);
  let choices;
  if (element.type.endsWith("users_select")) {
    choices = Object.values(ctx.people || {})
      .filter((p) => !p.is_bot)
      .map((p) => ({ value: p.id, label: p.real_name }));
  } else if (element.type === "conversations_select" || element.type === "channels_select") {
    choices = Object.values(ctx.channels || {}).map((c) => ({ value: c.id, label: "#" + c.name }));
  } else {
    choices = options(element).map((o) => ({ value: o.value, label: plainText(o.text), option: o }));
  }
  if (!multi) {
    const placeholder = el("option", "", [plainText(element.placeholder) || "Select an item"]);
    placeholder.value = "";
    node.appendChild(placeholder);
  }
  const chosen = new Set(
    [state.selected_option && state.selected_option.value, state.selected_user,
      state.selected_conversation, state.selected_channel,
      ...(state.selected_options || []).map((o) => o.value), ...(state.selected_users || [])]
      .filter(Boolean),
  );
  for (const choice of choices) {
    const option = el("option", "", [choice.label]);
    option.value = choice.value;
    option.selected = chosen.has(choice.value);
    node.appendChild(option);
  }
  node.addEventListener("change", () => {
    const picked = [...node.selectedOptions].map((o) => o.value).filter(Boolean);
    const byValue = Object.fromEntries(choices.map((c) => [c.value, c.option]));
    const type = element.type;
    let entry;
    if (type === "static_select") entry = { type, selected_option: byValue[picked[0]] || null };
    else if (type === "multi_static_select") entry = { type, selected_options: picked.map((v) => byValue[v]) };
    else if (type === "users_select") entry = { type, selected_user: picked[0] || null };
    else if (type === "multi_users_select") entry = { type, selected_users: picked };
    else if (type === "conversations_select") entry = { type, selected_conversation: picked[0] || null };
    else entry = { type, selected_channel: picked[0] || null };
    changed(ctx, blockId, element, entry, inInput);
  });
  return node;
}

function overflow(element, blockId, ctx) {
  const node = el("select", "bk-overflow");
  node.dataset.actionId = element.action_id || "";
  node.setAttribute("aria-label", "More actions");
  const head = el("option", "", ["⋯"]);
  head.value = "";
  node.appendChild(head);
  for (const option of element.options || []) {
    const item = el("option", "", [plainText(option.text)]);
    item.value = option.value;
    node.appendChild(item);
  }
  node.addEventListener("change", () => {
    const option = (element.options || []).find((o) => o.value === node.value);
    node.value = "";
    if (option) ctx.act(blockId, element, { type: "overflow", selected_option: option });
  });
  return node;
}

function choiceGroup(element, blockId, ctx, inInput) {
  const radio = element.type === "radio_buttons";
  const group = el("fieldset", radio ? "bk-radios" : "bk-checkboxes");
  group.dataset.actionId = element.action_id || "";
  group.dataset.blockId = blockId;
  const state = currentState(ctx, blockId, element);
  const selected = new Set(
    radio
      ? [state.selected_option && state.selected_option.value]
      : (state.selected_options || []).map((o) => o.value),
  );
  const name = `${blockId}.${element.action_id}.${Math.random().toString(36).slice(2)}`;
  for (const option of element.options || []) {
    const input = el("input");
    input.type = radio ? "radio" : "checkbox";
    input.name = name;
    input.value = option.value;
    input.checked = selected.has(option.value);
    input.addEventListener("change", () => {
      const picked = [...group.querySelectorAll("input:checked")].map((i) => i.value);
      const chosen = (element.options || []).filter((o) => picked.includes(o.value));
      const entry = radio
        ? { type: element.type, selected_option: chosen[0] || null }
        : { type: element.type, selected_options: chosen };
      changed(ctx, blockId, element, entry, inInput);
    });
    group.appendChild(el("label", "bk-choice", [input, optionLabel(option, ctx)]));
  }
  return group;
}

function textInput(element, blockId, ctx, inInput) {
  const multiline = element.type === "plain_text_input" && element.multiline;
  const node = el(multiline ? "textarea" : "input", "bk-input");
  if (!multiline) {
    node.type = { number_input: "number", email_text_input: "email", url_text_input: "url" }[element.type] || "text";
  }
  node.dataset.actionId = element.action_id || "";
  node.dataset.blockId = blockId;
  if (element.placeholder) node.placeholder = plainText(element.placeholder);
  if (element.max_length) node.maxLength = element.max_length;
  if (element.min_length) node.minLength = element.min_length;
  const state = currentState(ctx, blockId, element);
  node.value = state.value ?? "";
  node.addEventListener("input", () => {
    remember(ctx, blockId, element, { type: element.type, value: node.value === "" ? null : node.value });
  });
  if (element.dispatch_action || !inInput) {
    node.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        changed(ctx, blockId, element, { type: element.type, value: node.value }, false);
      }
    });
  }
  return node;
}

function picker(element, blockId, ctx, inInput) {
  const date = element.type === "datepicker";
  const node = el("input", "bk-input");
  node.type = date ? "date" : "time";
  node.dataset.actionId = element.action_id || "";
  const state = currentState(ctx, blockId, element);
  node.value = (date ? state.selected_date : state.selected_time) || "";
  node.addEventListener("change", () => {
    const value = node.value || null;
    const entry = date ? { type: element.type, selected_date: value } : { type: element.type, selected_time: value };
    changed(ctx, blockId, element, entry, inInput);
  });
  return node;
}

function image(element) {
  const node = el("img", "bk-image");
  node.alt = element.alt_text || "";
  node.src = element.image_url || "";
  return node;
}

/** One interactive or display element. */
export function element(element, blockId, ctx, inInput = false) {
  switch (element.type) {
    case "button":
      return button(element, blockId, ctx);
    case "static_select":
    case "multi_static_select":
    case "users_select":
    case "multi_users_select":
    case "conversations_select":
    case "channels_select":
      return select(element, blockId, ctx, inInput);
    case "overflow":
      return overflow(element, blockId, ctx);
    case "radio_buttons":
    case "checkboxes":
      return choiceGroup(element, blockId, ctx, inInput);
    case "plain_text_input":
    case "number_input":
    case "email_text_input":
    case "url_text_input":
      return textInput(element, blockId, ctx, inInput);
    case "datepicker":
    case "timepicker":
      return picker(element, blockId, ctx, inInput);
    case "image":
      return image(element);
    case "mrkdwn":
    case "plain_text":
      return el("span", "bk-text", [textObject(element, ctx)]);
    default:
      return el("span", "bk-unsupported", [`[${element.type} element]`]);
  }
}

function section(block, ctx) {
  const node = el("div", "bk-section");
  const main = el("div", "bk-section-main");
  if (block.text) main.appendChild(el("div", "bk-section-text", [textObject(block.text, ctx)]));
  if (block.fields && block.fields.length) {
    main.appendChild(el("div", "bk-fields", block.fields.map((f) => el("div", "bk-field", [textObject(f, ctx)]))));
  }
  node.appendChild(main);
  if (block.accessory) node.appendChild(el("div", "bk-accessory", [element(block.accessory, block.block_id, ctx)]));
  return node;
}

function input(block, ctx) {
  const node = el("div", "bk-input-block");
  node.dataset.blockId = block.block_id;
  const label = el("label", "bk-label", [plainText(block.label)]);
  if (block.optional) label.appendChild(el("span", "bk-optional", [" (optional)"]));
  node.appendChild(label);
  node.appendChild(element(block.element, block.block_id, ctx, true));
  if (block.hint) node.appendChild(el("div", "bk-hint", [plainText(block.hint)]));
  const error = ctx.errors && ctx.errors[block.block_id];
  if (error) {
    node.classList.add("has-error");
    node.appendChild(el("div", "bk-error", [String(error)]));
  }
  return node;
}

function cellText(cell) {
  if (!cell) return "";
  if (cell.type === "raw_text") return String(cell.text || "");
  const walk = (node) =>
    node == null ? "" : typeof node.text === "string" ? node.text : (node.elements || []).map(walk).join("");
  return walk(cell);
}

/** Slack's table block: the first row is the header, column_settings align and wrap. */
function table(block) {
  const settings = block.column_settings || [];
  const node = el("table", "bk-table");
  (block.rows || []).forEach((row, i) => {
    const tr = el("tr", "");
    row.forEach((cell, j) => {
      const td = el(i === 0 ? "th" : "td", "", [cellText(cell)]);
      const setting = settings[j] || {};
      if (setting.align) td.style.textAlign = setting.align;
      td.style.whiteSpace = setting.is_wrapped ? "normal" : "nowrap";
      tr.appendChild(td);
    });
    node.appendChild(tr);
  });
  return el("div", "bk-table-wrap", [node]);
}

const SERIES_COLOURS = ["#1264a3", "#e8912d", "#2bac76", "#cd2553", "#7c3085", "#616061"];

function legendOf(series) {
  const legend = series.map((s, i) => {
    const key = el("span", "bk-chart-key", [s.name]);
    key.style.borderColor = SERIES_COLOURS[i % SERIES_COLOURS.length];
    return key;
  });
  return el("div", "bk-chart-legend", legend);
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text; // text, never markup
  return node;
}

/** A line or area chart as SVG: one polyline per series over the categories, a dot per value
 * (its tooltip says series, category and value), the zero line, and the first and last labels. */
function lines(spec) {
  const series = spec.series || [];
  const categories = (spec.axis_config || {}).categories || [];
  const values = series.flatMap((s) => (s.data || []).map((p) => Number(p.value || 0)));
  const low = Math.min(0, ...values);
  const high = Math.max(low + 1, ...values);
  const [width, height, pad] = [480, 180, 30];
  const x = (i) => pad + (categories.length > 1 ? (i * (width - 2 * pad)) / (categories.length - 1) : (width - 2 * pad) / 2);
  const y = (v) => height - pad - ((v - low) * (height - 2 * pad)) / (high - low);
  const node = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "bk-chart-svg", role: "img" });
  node.appendChild(svg("line", { x1: pad, x2: width - pad, y1: y(0), y2: y(0), stroke: "#bbb", "stroke-dasharray": "4 3" }));
  node.appendChild(svg("text", { x: 2, y: y(high) + 4, "font-size": 10 }, String(high)));
  node.appendChild(svg("text", { x: 2, y: y(low) + 4, "font-size": 10 }, String(low)));
  series.forEach((s, i) => {
    const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
    const points = [];
    categories.forEach((category, j) => {
      const point = (s.data || []).find((p) => p.label === category);
      if (point) points.push([x(j), y(Number(point.value)), category, Number(point.value)]);
    });
    const path = points.map(([px, py]) => `${px},${py}`).join(" ");
    if (spec.type === "area" && points.length) {
      const floor = `${points[points.length - 1][0]},${y(low)} ${points[0][0]},${y(low)}`;
      node.appendChild(svg("polygon", { points: `${path} ${floor}`, fill: colour, "fill-opacity": 0.25 }));
    }
    node.appendChild(svg("polyline", { points: path, fill: "none", stroke: colour, "stroke-width": 2, class: "bk-chart-line" }));
    for (const [px, py, category, value] of points) {
      const dot = svg("circle", { cx: px, cy: py, r: 3, fill: colour, class: "bk-chart-dot" });
      dot.appendChild(svg("title", {}, `${s.name}, ${category}: ${value}`));
      node.appendChild(dot);
    }
  });
  if (categories.length) {
    node.appendChild(svg("text", { x: x(0), y: height - 8, "font-size": 10, "text-anchor": "start" }, categories[0]));
    if (categories.length > 1) {
      const last = categories[categories.length - 1];
      node.appendChild(svg("text", { x: x(categories.length - 1), y: height - 8, "font-size": 10, "text-anchor": "end" }, last));
    }
  }
  return node;
}

/** Slack's data_visualization block: bars, lines or areas over categories (SVG), or a pie as
 * shares of the whole. */
function chart(block) {
  const spec = block.chart || {};
  const rows = el("div", "bk-chart-rows");
  if (spec.type === "pie") {
    const segments = spec.segments || [];
    const total = segments.reduce((sum, s) => sum + Number(s.value || 0), 0) || 1;
    segments.forEach((s, i) => {
      const share = (100 * Number(s.value || 0)) / total;
      const bar = el("span", "bk-chart-bar", []);
      bar.style.width = `${share}%`;
      bar.style.background = SERIES_COLOURS[i % SERIES_COLOURS.length];
      rows.appendChild(el("div", "bk-chart-row", [el("span", "bk-chart-label", [s.label]), bar, ` ${share.toFixed(0)}%`]));
    });
  } else if (spec.type === "line" || spec.type === "area") {
    rows.appendChild(lines(spec));
    rows.appendChild(legendOf(spec.series || []));
  } else {
    const series = spec.series || [];
    const peak = Math.max(1, ...series.flatMap((s) => (s.data || []).map((p) => Number(p.value || 0))));
    for (const category of (spec.axis_config || {}).categories || []) {
      const bars = series.map((s, i) => {
        const point = (s.data || []).find((p) => p.label === category);
        const value = point ? Number(point.value) : 0;
        const bar = el("span", "bk-chart-bar", [String(value)]);
        bar.style.width = `${(70 * value) / peak}%`;
        bar.style.background = SERIES_COLOURS[i % SERIES_COLOURS.length];
        bar.title = `${s.name}: ${value}`;
        return bar;
      });
      rows.appendChild(el("div", "bk-chart-row", [el("span", "bk-chart-label", [category]), el("span", "bk-chart-bars", bars)]));
    }
    rows.appendChild(legendOf(series));
  }
  const axis = spec.axis_config || {};
  const caption = [block.title, axis.x_label || axis.y_label ? ` (${[axis.x_label, axis.y_label].filter(Boolean).join(" · ")})` : ""];
  return el("figure", "bk-chart", [el("figcaption", "", caption), el("div", "bk-chart-kind", [`${spec.type} chart`]), rows]);
}

/** One block. */
export function block(block, ctx) {
  let node;
  switch (block.type) {
    case "section":
      node = section(block, ctx);
      break;
    case "header":
      node = el("h3", "bk-header", [textObject(block.text, ctx)]);
      break;
    case "divider":
      node = el("hr", "bk-divider");
      break;
    case "context":
      node = el("div", "bk-context", (block.elements || []).map((e) => element(e, block.block_id, ctx)));
      break;
    case "actions":
      node = el("div", "bk-actions", (block.elements || []).map((e) => element(e, block.block_id, ctx)));
      break;
    case "input":
      node = input(block, ctx);
      break;
    case "image":
      node = el("figure", "bk-image-block", [
        block.title ? el("figcaption", "", [textObject(block.title, ctx)]) : null,
        image(block),
      ]);
      break;
    case "table":
      node = table(block);
      break;
    case "data_visualization":
      node = chart(block);
      break;
    case "rich_text":
      node = el("div", "bk-rich-text", [ctx.fallbackText ? ctx.fallbackText() : ""]);
      break;
    default:
      node = el("div", "bk-unsupported", [`[${block.type} block]`]);
  }
  if (block.block_id) node.dataset.blockId = block.block_id;
  node.dataset.blockType = block.type;
  return node;
}

/** A list of blocks. */
export function blocks(list, ctx) {
  const fragment = document.createDocumentFragment();
  for (const b of list || []) fragment.appendChild(block(b, ctx));
  return fragment;
}
