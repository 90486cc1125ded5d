// sitrep dashboard: plain JavaScript over the JSON API of the same server. No build step, no libraries,
// nothing fetched from anywhere else. Text from articles is only ever set with textContent, never as HTML.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const PAGE_SIZE = 50;
const VIZ_LIMIT = 1000; // events fetched for the timeline and the map
const MAX_NODES = 28; // network nodes drawn (the most active)
const FILTERS = ["country", "type", "actor", "since", "until", "q"];

const state = { offset: 0, total: 0, colors: {}, outlines: null, token: 0 };

// -- small DOM helpers --------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function tooltip(text) {
  return svg("title", { text });
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

function $(selector) {
  return document.querySelector(selector);
}

function colorOf(type) {
  return state.colors[type] || "#888888";
}

function partyNames(parties) {
  return (parties || []).map((p) => p.name || p.text).join(", ");
}

function fmt(n) {
  return n === null || n === undefined ? "" : String(n);
}

// -- API ----------------------------------------------------------------------------------------------

class ApiError extends Error {}

async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== "" && value !== null && value !== undefined && value !== false) url.searchParams.set(key, value);
  }
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    throw new ApiError(`${response.status} ${response.statusText}`);
  }
  if (!response.ok || body.ok === false) throw new ApiError(body.error || `HTTP ${response.status}`);
  return body;
}

function currentFilters() {
  const form = $("#filters");
  const out = {};
  for (const name of FILTERS) out[name] = form.elements[name].value.trim();
  out.raw = form.elements.raw.checked;
  return out;
}

function setFilters(values) {
  const form = $("#filters");
  for (const name of FILTERS) form.elements[name].value = values[name] || "";
  form.elements.raw.checked = values.raw === true || values.raw === "true";
}

function setStatus(text, isError) {
  const status = $("#status");
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

// -- events table -------------------------------------------------------------------------------------

function typeBadge(type) {
  const badge = el("span", { class: "badge", text: type });
  const dot = svg("svg", { width: 10, height: 10, class: "dot" }, svg("circle", { cx: 5, cy: 5, r: 5, fill: colorOf(type) }));
  return el("span", { class: "type" }, dot, badge);
}

function eventRow(ev) {
  const who = el(
    "td",
    { class: "who" },
    el("span", { class: "actors", text: partyNames(ev.actors) || "—" }),
    ev.recipients && ev.recipients.length ? el("span", { class: "arrow", text: " → " }) : null,
    ev.recipients && ev.recipients.length ? el("span", { class: "recipients", text: partyNames(ev.recipients) }) : null,
  );
  const place = ev.location ? `${ev.location.name}${ev.location.country ? ` (${ev.location.country})` : ""}` : "";
  const tags = (ev.tags || []).map((t) => el("span", { class: "tag", text: t }));
  const row = el(
    "tr",
    { class: "event-row", "data-id": ev.id, tabindex: 0, title: "show sources and details" },
    el("td", { class: "date", text: ev.date || "undated" }),
    el("td", {}, typeBadge(ev.event_type), ...tags),
    who,
    el("td", { text: place }),
    el("td", { class: "num", text: fmt(ev.dead) }),
    el("td", { class: "num", text: fmt(ev.injured) }),
    el("td", { class: "num", text: fmt(ev.source_count === undefined ? 1 : ev.source_count) }),
    el("td", { class: "evidence", text: ev.evidence ? ev.evidence.sentence : "" }),
  );
  const toggle = () => toggleDetail(row, ev);
  row.addEventListener("click", toggle);
  row.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      toggle();
    }
  });
  return row;
}

async function toggleDetail(row, ev) {
  const next = row.nextElementSibling;
  if (next && next.classList.contains("detail")) {
    next.remove();
    return;
  }
  const cell = el("td", { colspan: 8, text: "loading…" });
  row.after(el("tr", { class: "detail" }, cell));
  try {
    const detail = await api(`/api/events/${encodeURIComponent(ev.id)}`);
    clear(cell).append(detailBody(detail));
  } catch (err) {
    cell.textContent = `could not load the event: ${err.message}`;
  }
}

function detailBody(detail) {
  const ev = detail.event;
  const art = detail.article;
  const facts = el("dl", { class: "facts" });
  const add = (k, v) => {
    if (v === null || v === undefined || v === "") return;
    facts.append(el("dt", { text: k }), el("dd", { text: v }));
  };
  add("event id", ev.id);
  add("mode", ev.mode);
  add("contexts", (ev.contexts || []).join(", "));
  add("date", ev.date ? `${ev.date}${ev.date_text ? ` (“${ev.date_text}”, from the ${ev.date_source})` : ""}` : null);
  add("ACLED", ev.acled_event_type ? `${ev.acled_event_type} / ${ev.acled_sub_event_type || ""}` : null);
  add("arrested", ev.arrested);
  add("confidence", ev.confidence !== undefined ? ev.confidence.toFixed(2) : null);
  add("article", art ? art.title || art.id : null);
  const sources = el("ul", { class: "sources" });
  for (const s of ev.sources || []) {
    const label = `${s.source || "unknown outlet"}${s.published ? `, ${s.published.slice(0, 10)}` : ""}`;
    const toll = [s.dead !== null && s.dead !== undefined ? `${s.dead} dead` : "", s.injured ? `${s.injured} injured` : ""]
      .filter(Boolean)
      .join(", ");
    sources.append(
      el(
        "li",
        {},
        s.url ? el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer", text: label }) : el("b", { text: label }),
        toll ? ` (${toll}) ` : " ",
        el("q", { text: s.evidence.sentence }),
      ),
    );
  }
  if (!ev.sources && art) {
    const label = art.source || "source";
    sources.append(el("li", {}, art.url ? el("a", { href: art.url, target: "_blank", rel: "noopener noreferrer", text: label }) : label));
  }
  return el("div", { class: "detail-body" }, facts, el("h3", { text: "Sources" }), sources, el("p", { class: "explain", text: ev.explain || "" }));
}

async function loadTable(filters) {
  const page = await api("/api/events", { ...filters, limit: PAGE_SIZE, offset: state.offset });
  state.total = page.total;
  const body = clear($("#events tbody"));
  if (!page.events.length) body.append(el("tr", { class: "empty" }, el("td", { colspan: 8, text: "No events match these filters." })));
  for (const ev of page.events) body.append(eventRow(ev));
  const last = state.offset + page.events.length;
  $("#events-total").textContent = `${page.total} ${page.fused ? "fused events" : "raw mentions"}`;
  $("#page-info").textContent = page.total ? `${state.offset + 1}–${last} of ${page.total}` : "";
  $("#prev").disabled = state.offset === 0;
  $("#next").disabled = last >= page.total;
}

// -- timeline -----------------------------------------------------------------------------------------

function dayList(first, last) {
  const out = [];
  const d = new Date(`${first}T00:00:00Z`);
  const end = new Date(`${last}T00:00:00Z`);
  while (d <= end && out.length < 3700) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

function drawTimeline(events, total) {
  const host = clear($("#timeline"));
  const dated = events.filter((e) => e.date);
  $("#timeline-note").textContent = total > events.length ? `(newest ${events.length} of ${total})` : "";
  if (!dated.length) {
    host.append(el("p", { class: "empty", text: "No dated events." }));
    return;
  }
  const byDay = new Map();
  for (const ev of dated) {
    const day = ev.date.slice(0, 10);
    if (!byDay.has(day)) byDay.set(day, { types: new Map(), dead: 0 });
    const slot = byDay.get(day);
    slot.types.set(ev.event_type, (slot.types.get(ev.event_type) || 0) + 1);
    slot.dead += ev.dead || 0;
  }
  const keys = [...byDay.keys()].sort();
  const days = dayList(keys[0], keys[keys.length - 1]);
  const W = 900, H = 170, left = 34, right = 10, top = 10, bottom = 28;
  const peak = Math.max(...[...byDay.values()].map((s) => [...s.types.values()].reduce((a, b) => a + b, 0)));
  const tick = niceStep(peak / 4);
  const maxCount = Math.ceil(peak / tick) * tick;
  const step = (W - left - right) / days.length;
  const bar = Math.max(1, Math.min(28, step * 0.8));
  const y = (v) => top + (H - top - bottom) * (1 - v / maxCount);
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline-svg", role: "img", "aria-label": "events per day" });
  for (let v = 0; v <= maxCount; v += tick) {
    chart.append(svg("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), class: "grid-line" }));
    chart.append(svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", class: "axis", text: String(v) }));
  }
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));
  days.forEach((day, i) => {
    const x = left + i * step + (step - bar) / 2;
    const slot = byDay.get(day);
    if (slot) {
      let base = 0;
      const types = [...slot.types.entries()].sort((a, b) => b[1] - a[1]);
      for (const [type, n] of types) {
        chart.append(
          svg(
            "rect",
            { x, y: y(base + n), width: bar, height: y(base) - y(base + n), fill: colorOf(type), class: "bar" },
            tooltip(`${day}: ${n} ${type}`),
          ),
        );
        base += n;
      }
      const summary = `${day}: ${base} event${base === 1 ? "" : "s"}${slot.dead ? `, ${slot.dead} dead` : ""}`;
      chart.append(svg("rect", { x, y: y(base), width: bar, height: y(0) - y(base), class: "hit" }, tooltip(summary)));
    }
    if (i % labelEvery === 0) {
      chart.append(svg("text", { x: left + i * step + step / 2, y: H - 10, "text-anchor": "middle", class: "axis", text: day.slice(5) === "01-01" || i === 0 ? day : day.slice(5) }));
    }
  });
  host.append(chart, legend([...new Set(dated.map((e) => e.event_type))]));
}

function niceStep(raw) {
  // 1, 2, 5, 10, 20, 50, ...: whole events only
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

function legend(types) {
  const box = el("div", { class: "legend" });
  for (const type of types.sort()) {
    box.append(el("span", { class: "legend-item" }, svg("svg", { width: 10, height: 10 }, svg("rect", { width: 10, height: 10, fill: colorOf(type) })), ` ${type}`));
  }
  return box;
}

// -- map ----------------------------------------------------------------------------------------------

async function outlines() {
  if (!state.outlines) state.outlines = (await api("/api/map/countries")).countries;
  return state.outlines;
}

function unwrap(ring) {
  // Rings that cross the antimeridian (Russia, Fiji, Antarctica) jump from +180 to -180; keeping the
  // longitudes continuous moves the far part off the edge of the map instead of drawing a line across it.
  const out = [];
  let shift = 0;
  let prev = null;
  for (const [lon, lat] of ring) {
    if (prev !== null) {
      if (lon + shift - prev > 180) shift -= 360;
      else if (lon + shift - prev < -180) shift += 360;
    }
    prev = lon + shift;
    out.push([prev, lat]);
  }
  return out;
}

function intersects(a, b) {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

async function drawMap(events) {
  const host = $("#map");
  const countries = await outlines();
  clear(host);
  const places = new Map();
  const involved = new Set();
  for (const ev of events) {
    const loc = ev.location;
    if (!loc) continue;
    if (loc.country) involved.add(loc.country);
    if (loc.lat === null || loc.lon === null || loc.lat === undefined) continue;
    const key = `${loc.lat.toFixed(2)},${loc.lon.toFixed(2)}`;
    if (!places.has(key)) places.set(key, { name: loc.name, lat: loc.lat, lon: loc.lon, n: 0, dead: 0, types: new Map() });
    const p = places.get(key);
    p.n += 1;
    p.dead += ev.dead || 0;
    p.types.set(ev.event_type, (p.types.get(ev.event_type) || 0) + 1);
  }
  const pts = [...places.values()];
  $("#map-note").textContent = pts.length ? `(${pts.length} place${pts.length === 1 ? "" : "s"})` : "(no located events)";
  // View: the points' bounding box, padded and widened to the panel's shape; the world when there are none.
  let view = [-170, -58, 180, 80];
  if (pts.length) {
    const lons = pts.map((p) => p.lon), lats = pts.map((p) => p.lat);
    let [w, s, e, n] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
    const pad = Math.max(3, (e - w) * 0.25, (n - s) * 0.25);
    [w, s, e, n] = [w - pad, s - pad, e + pad, n + pad];
    view = [Math.max(-180, w), Math.max(-85, s), Math.min(180, e), Math.min(85, n)];
  }
  const W = 460, H = 300;
  const midLat = ((view[1] + view[3]) / 2) * (Math.PI / 180);
  const kx = Math.cos(midLat); // equirectangular, scaled at the view's middle latitude
  let spanX = (view[2] - view[0]) * kx, spanY = view[3] - view[1];
  if (spanX / spanY < W / H) {
    const grow = (spanY * (W / H)) / kx - (view[2] - view[0]);
    view = [view[0] - grow / 2, view[1], view[2] + grow / 2, view[3]];
  } else {
    const grow = spanX / (W / H) - spanY;
    view = [view[0], view[1] - grow / 2, view[2], view[3] + grow / 2];
  }
  spanX = (view[2] - view[0]) * kx;
  spanY = view[3] - view[1];
  const scale = Math.min(W / spanX, H / spanY);
  const project = (lon, lat) => [(lon - view[0]) * kx * scale, (view[3] - lat) * scale];
  const map = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "map-svg", role: "img", "aria-label": "map of event locations" });
  map.append(svg("rect", { width: W, height: H, class: "sea" }));
  for (const c of countries) {
    if (!intersects(c.bbox, view)) continue;
    const d = c.polygons
      .map((ring) => "M" + unwrap(ring).map(([lon, lat]) => project(lon, lat).map((v) => v.toFixed(1)).join(",")).join("L") + "Z")
      .join("");
    map.append(svg("path", { d, class: involved.has(c.iso3) ? "land involved" : "land" }, tooltip(c.name)));
  }
  const maxN = Math.max(1, ...pts.map((p) => p.n));
  pts.sort((a, b) => b.n - a.n);
  for (const p of pts) {
    const [x, yy] = project(p.lon, p.lat);
    const top = [...p.types.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const r = 4 + 10 * Math.sqrt(p.n / maxN);
    const label = `${p.name}: ${p.n} event${p.n === 1 ? "" : "s"}${p.dead ? `, ${p.dead} dead` : ""}`;
    map.append(svg("circle", { cx: x.toFixed(1), cy: yy.toFixed(1), r: r.toFixed(1), fill: colorOf(top), class: "point" }, tooltip(label)));
  }
  const placed = []; // label boxes already drawn: skip a label that would overlap one
  for (const p of pts.slice(0, 16)) {
    const [x, yy] = project(p.lon, p.lat);
    const box = { x: x + 6 + 10 * Math.sqrt(p.n / maxN), y: yy - 7, w: 6.2 * p.name.length, h: 13 };
    if (box.x + box.w > W) box.x = x - 6 - 10 * Math.sqrt(p.n / maxN) - box.w;
    if (placed.some((b) => box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h)) continue;
    placed.push(box);
    map.append(svg("text", { x: box.x.toFixed(1), y: (yy + 4).toFixed(1), class: "place-label", text: p.name }));
  }
  host.append(map);
}

// -- faction network ----------------------------------------------------------------------------------

const BLOC_COLORS = ["#4e79a7", "#e15759", "#59a14f", "#b07aa1", "#f28e2b", "#76b7b2", "#edc948", "#9c755f"];

async function drawNetwork(filters) {
  const host = $("#network");
  const net = await api("/api/network", { since: filters.since, until: filters.until });
  clear(host);
  const nodes = [...net.nodes].sort((a, b) => (a.bloc ?? 99) - (b.bloc ?? 99) || b.events - a.events);
  const kept = new Set(
    [...net.nodes]
      .sort((a, b) => b.events - a.events)
      .slice(0, MAX_NODES)
      .map((n) => n.id),
  );
  const shown = nodes.filter((n) => kept.has(n.id));
  $("#network-note").textContent = net.nodes.length
    ? `(${net.blocs.length} bloc${net.blocs.length === 1 ? "" : "s"}, ${net.nodes.length} actors${net.nodes.length > shown.length ? `, ${shown.length} most active shown` : ""})`
    : "";
  if (!shown.length) {
    host.append(el("p", { class: "empty", text: "No allied or hostile relations in this window." }));
    return;
  }
  const W = 460, H = 300, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 42;
  const pos = new Map();
  shown.forEach((n, i) => {
    const a = (2 * Math.PI * i) / shown.length - Math.PI / 2;
    pos.set(n.id, { x: cx + R * Math.cos(a), y: cy + R * Math.sin(a), a });
  });
  const graph = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "network-svg", role: "img", "aria-label": "actor network" });
  const maxW = Math.max(0.001, ...net.edges.map((e) => e.weight));
  const names = new Map(net.nodes.map((n) => [n.id, n.name]));
  for (const e of net.edges) {
    const a = pos.get(e.source), b = pos.get(e.target);
    if (!a || !b) continue;
    graph.append(
      svg(
        "line",
        { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: `edge ${e.relation}`, "stroke-width": (1 + 3 * (e.weight / maxW)).toFixed(1) },
        tooltip(`${names.get(e.source)} ${e.relation === "ally" ? "allied with" : "hostile to"} ${names.get(e.target)} (${e.event_ids.length} event${e.event_ids.length === 1 ? "" : "s"})`),
      ),
    );
  }
  const maxEv = Math.max(1, ...shown.map((n) => n.events));
  for (const n of shown) {
    const p = pos.get(n.id);
    const fill = n.bloc === null || n.bloc === undefined ? "#aaaaaa" : BLOC_COLORS[n.bloc % BLOC_COLORS.length];
    const node = svg(
      "g",
      { class: "node", tabindex: 0, onclick: () => filterByActor(n.name) },
      svg("circle", { cx: p.x, cy: p.y, r: (4 + 6 * Math.sqrt(n.events / maxEv)).toFixed(1), fill }),
      tooltip(`${n.name}${n.country ? ` (${n.country}${n.sector ? ` ${n.sector}` : ""})` : ""}: ${n.events} events, bloc ${n.bloc === null ? "none" : n.bloc + 1}. Click to filter.`),
    );
    const cos = Math.cos(p.a);
    const anchor = Math.abs(cos) < 0.3 ? "middle" : cos > 0 ? "start" : "end";
    const lx = p.x + 12 * cos, ly = p.y + 12 * Math.sin(p.a) + 4;
    const short = n.name.length > 22 ? `${n.name.slice(0, 21)}…` : n.name;
    node.append(svg("text", { x: lx.toFixed(1), y: ly.toFixed(1), "text-anchor": anchor, class: "node-label", text: short }));
    graph.append(node);
  }
  const key = el("div", { class: "legend" });
  key.append(el("span", { class: "legend-item" }, el("span", { class: "swatch ally" }), " allied"));
  key.append(el("span", { class: "legend-item" }, el("span", { class: "swatch hostile" }), " hostile"));
  net.blocs.forEach((members, i) => {
    key.append(
      el(
        "span",
        { class: "legend-item", title: members.join(", ") },
        svg("svg", { width: 10, height: 10 }, svg("circle", { cx: 5, cy: 5, r: 5, fill: BLOC_COLORS[i % BLOC_COLORS.length] })),
        ` bloc ${i + 1} (${members.length})`,
      ),
    );
  });
  host.append(graph, key);
}

function filterByActor(name) {
  $("#filters").elements.actor.value = name;
  apply();
}

// -- alerts -------------------------------------------------------------------------------------------

async function drawAlerts(filters) {
  const list = clear($("#alerts"));
  const data = await api("/api/alerts", { country: filters.country, since: filters.since });
  let alerts = data.alerts;
  if (filters.until) alerts = alerts.filter((a) => a.date <= filters.until.padEnd(10, "~"));
  $("#alerts-note").textContent = `(${alerts.length})`;
  if (!alerts.length) {
    list.append(el("li", { class: "empty", text: "No escalation alerts for these filters." }));
    return;
  }
  for (const a of alerts.slice().reverse()) {
    const drivers = el("ul", { class: "drivers" });
    for (const d of a.driving || []) drivers.append(el("li", { text: d.summary }));
    list.append(
      el(
        "li",
        { class: `alert ${a.severity}` },
        el("span", { class: `severity ${a.severity}`, text: a.severity }),
        " ",
        el("span", { text: a.message.split("; driven by")[0] }),
        a.low_history ? el("em", { class: "low", text: " (short history)" }) : null,
        drivers,
      ),
    );
  }
}

// -- orchestration ------------------------------------------------------------------------------------

function syncUrl(filters) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v === true ? "true" : v);
  const qs = params.toString();
  history.replaceState(null, "", qs ? `?${qs}` : window.location.pathname);
  const report = new URLSearchParams({ format: "html" });
  for (const k of ["country", "since", "until"]) if (filters[k]) report.set(k, filters[k]);
  $("#report-link").href = `/api/report?${report}`;
}

async function refresh({ keepPage } = {}) {
  const token = ++state.token; // a slower, older refresh must not overwrite a newer one
  const filters = currentFilters();
  if (!keepPage) state.offset = 0;
  syncUrl(filters);
  setStatus("loading…");
  document.body.classList.add("busy");
  try {
    await loadTable(filters);
    if (token !== state.token) return;
    if (!keepPage) {
      const viz = await api("/api/events", { ...filters, limit: VIZ_LIMIT, offset: 0 });
      if (token !== state.token) return;
      drawTimeline(viz.events, viz.total);
      await Promise.all([drawMap(viz.events), drawNetwork(filters), drawAlerts(filters)]);
    }
    if (token === state.token) setStatus("");
  } catch (err) {
    if (token === state.token) setStatus(err.message, true);
  } finally {
    if (token === state.token) document.body.classList.remove("busy");
  }
}

function apply() {
  refresh();
}

async function init() {
  const params = new URLSearchParams(window.location.search);
  setFilters(Object.fromEntries(params.entries()));
  try {
    const meta = await api("/api/meta");
    const select = $("#filters").elements.type;
    for (const t of meta.event_types) {
      state.colors[t.name] = t.color;
      select.append(el("option", { value: t.name, title: t.description, text: t.name }));
    }
    select.value = params.get("type") || "";
    const c = meta.counts;
    $("#summary").textContent = `${c.articles || 0} articles · ${c.events || 0} event mentions · ${c.fused_events || 0} fused events`;
    const codes = $("#country-codes");
    for (const country of await outlines()) if (country.iso3) codes.append(el("option", { value: country.iso3, text: country.name }));
  } catch (err) {
    setStatus(`cannot reach the API: ${err.message}`, true);
  }
  $("#filters").addEventListener("submit", (e) => {
    e.preventDefault();
    apply();
  });
  $("#reset").addEventListener("click", () => {
    setFilters({});
    apply();
  });
  $("#prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    refresh({ keepPage: true });
  });
  $("#next").addEventListener("click", () => {
    state.offset += PAGE_SIZE;
    refresh({ keepPage: true });
  });
  await refresh();
}

document.addEventListener("DOMContentLoaded", init);
