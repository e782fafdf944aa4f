// The AppHost dashboard: one page, hash routes, plain DOM and SVG. Every view polls the JSON API under /api
// (the session cookie goes along) every two seconds while "live" is ticked. No framework, no build, no CDN.
"use strict";

const main = document.getElementById("main");
const live = document.getElementById("live");
const palette = ["#2f6fdd", "#d9822b", "#1f9d8a", "#b04fc4", "#c8313b", "#6b8e23", "#8a6d3b", "#3c8dbc"];
const serviceColors = new Map();
let view = null;

function color(service) {
  if (!serviceColors.has(service)) serviceColors.set(service, palette[serviceColors.size % palette.length]);
  return serviceColors.get(service);
}

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function api(path, options) {
  const response = await fetch("/api" + path, options);
  if (response.status === 401) throw new Error("Not signed in: open the dashboard with the URL the AppHost printed.");
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

const time = t => new Date(t).toLocaleTimeString(undefined, { hour12: false }) + "." + String(new Date(t).getMilliseconds()).padStart(3, "0");
const ms = v => v >= 1000 ? (v / 1000).toFixed(2) + " s" : v.toFixed(v < 10 ? 2 : 0) + " ms";
const option = (value, label, selected) => `<option value="${esc(value)}"${value === selected ? " selected" : ""}>${esc(label)}</option>`;

async function serviceOptions(selected) {
  const [resources, services] = await Promise.all([api("/resources"), api("/services")]);
  const names = [...new Set([...resources.filter(r => r.type === "project").map(r => r.name), ...services])].sort();
  return option("", "all resources", selected) + names.map(n => option(n, n, selected)).join("");
}

// ---- Resources -------------------------------------------------------------------------------------------
const resourcesView = {
  async render() {
    main.innerHTML = `<h2>Resources</h2><div id="resources"></div>`;
    main.addEventListener("click", this.onClick);
    await this.refresh();
  },
  async refresh() {
    const resources = await api("/resources");
    document.getElementById("resources").innerHTML = `<table><thead><tr><th>Name</th><th>Type</th><th>State</th><th>Health</th>
      <th>Endpoints</th><th>Restarts</th><th>PID</th><th>Commands</th></tr></thead><tbody>` +
      resources.map(r => `<tr data-resource="${esc(r.name)}">
        <td><a href="#/console/${encodeURIComponent(r.name)}">${esc(r.name)}</a></td><td>${esc(r.type)}</td>
        <td><span class="badge s-${esc(r.state)}" data-field="state">${esc(r.state)}</span>${r.failure ? `<div class="muted">${esc(r.failure)}</div>` : ""}</td>
        <td class="s-${esc(r.health)}">${esc(r.health)}</td>
        <td>${r.urls.map(u => /^https?:/.test(u) ? `<a href="${esc(u)}" target="_blank" rel="noopener">${esc(u)}</a>` : esc(u)).join("<br>")}</td>
        <td data-field="restarts">${r.restarts}</td><td class="mono">${r.pid ?? ""}</td>
        <td>${r.commands.map(c => `<button data-command="${c}" data-name="${esc(r.name)}">${c}</button>`).join(" ")}</td></tr>`).join("") +
      `</tbody></table>`;
  },
  async onClick(event) {
    const button = event.target.closest("button[data-command]");
    if (!button) return;
    button.disabled = true;
    try {
      await api(`/resources/${encodeURIComponent(button.dataset.name)}/${button.dataset.command}`, { method: "POST", headers: { "X-Dashboard-Command": "1" } });
    } catch (e) {
      alert(e.message);
    }
    await resourcesView.refresh();
  },
  leave() { main.removeEventListener("click", this.onClick); },
};

// ---- Console logs ----------------------------------------------------------------------------------------
const consoleView = {
  async render(resource) {
    const resources = await api("/resources");
    this.resource = resource || resources[0]?.name || "apphost";
    this.after = 0;
    main.innerHTML = `<div class="toolbar"><h2>Console</h2>
      <select id="console-resource">${[...resources.map(r => r.name), "apphost"].map(n => option(n, n, this.resource)).join("")}</select>
      <input id="console-filter" placeholder="filter lines" size="30"></div><pre class="console" id="console"></pre>`;
    document.getElementById("console-resource").onchange = e => { location.hash = "#/console/" + encodeURIComponent(e.target.value); };
    document.getElementById("console-filter").oninput = () => { this.after = 0; document.getElementById("console").textContent = ""; this.refresh(); };
    await this.refresh();
  },
  async refresh() {
    const q = document.getElementById("console-filter").value;
    const result = await api(`/logs/console/${encodeURIComponent(this.resource)}?after=${this.after}&q=${encodeURIComponent(q)}`);
    const pre = document.getElementById("console");
    const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 20;
    pre.insertAdjacentHTML("beforeend", result.lines.map(l =>
      `<span class="${l.isError ? "err" : ""}"><span class="muted">${time(l.timestamp)}</span> ${esc(l.text)}\n</span>`).join(""));
    this.after = result.last;
    while (pre.childElementCount > 5000) pre.firstElementChild.remove();
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  },
};

// ---- Structured logs -------------------------------------------------------------------------------------
const logsView = {
  async render() {
    main.innerHTML = `<div class="toolbar"><h2>Structured logs</h2>
      <select id="logs-resource">${await serviceOptions("")}</select>
      <select id="logs-level">${["", "Debug", "Information", "Warning", "Error", "Critical"].map(l => option(l, l ? l + " and above" : "all levels", "")).join("")}</select>
      <input id="logs-q" placeholder="search message, category, attributes" size="36"></div><div id="logs"></div>`;
    for (const id of ["logs-resource", "logs-level", "logs-q"]) document.getElementById(id).oninput = () => this.refresh();
    await this.refresh();
  },
  async refresh() {
    const p = new URLSearchParams({
      resource: document.getElementById("logs-resource").value,
      level: document.getElementById("logs-level").value,
      q: document.getElementById("logs-q").value,
    });
    const logs = await api("/logs/structured?" + p);
    document.getElementById("logs").innerHTML = logs.length === 0 ? `<div class="empty">No log records.</div>` :
      `<table><thead><tr><th>Time</th><th>Level</th><th>Resource</th><th>Category</th><th>Message</th><th>Trace</th></tr></thead><tbody>` +
      logs.map(l => `<tr><td class="mono">${time(l.timestamp)}</td><td class="l-${esc(l.level)}">${esc(l.level)}</td>
        <td>${esc(l.service)}</td><td class="muted">${esc(l.category)}</td><td>${esc(l.message)}</td>
        <td>${l.traceId ? `<a class="mono" href="#/traces/${l.traceId}">${l.traceId.slice(0, 8)}</a>` : ""}</td></tr>`).join("") + `</tbody></table>`;
  },
};

// ---- Traces ----------------------------------------------------------------------------------------------
const tracesView = {
  async render() {
    main.innerHTML = `<div class="toolbar"><h2>Traces</h2>
      <select id="traces-resource">${await serviceOptions("")}</select>
      <label><input type="checkbox" id="traces-errors"> errors only</label>
      <input id="traces-q" placeholder="filter by name" size="30"></div><div id="traces"></div>`;
    for (const id of ["traces-resource", "traces-errors", "traces-q"]) document.getElementById(id).oninput = () => this.refresh();
    await this.refresh();
  },
  async refresh() {
    const p = new URLSearchParams({ resource: document.getElementById("traces-resource").value, errors: document.getElementById("traces-errors").checked });
    const q = document.getElementById("traces-q").value.toLowerCase();
    const traces = (await api("/traces?" + p)).filter(t => !q || t.name.toLowerCase().includes(q));
    const longest = Math.max(1, ...traces.map(t => t.durationMs));
    document.getElementById("traces").innerHTML = traces.length === 0 ? `<div class="empty">No traces.</div>` :
      `<table><thead><tr><th>Time</th><th>Name</th><th>Resources</th><th>Spans</th><th>Duration</th><th></th><th>Status</th></tr></thead><tbody>` +
      traces.map(t => `<tr class="clickable trace-row" data-trace="${t.traceId}" onclick="location.hash='#/traces/${t.traceId}'">
        <td class="mono">${time(t.start)}</td><td><a href="#/traces/${t.traceId}">${esc(t.name)}</a></td>
        <td>${t.services.map(s => `<span class="service-tag" style="background:${color(s)}">${esc(s)}</span>`).join("")}</td>
        <td>${t.spanCount}</td><td class="mono">${ms(t.durationMs)}</td>
        <td class="bar-cell"><div class="bar-track"><div class="bar" style="left:0;width:${(100 * t.durationMs / longest).toFixed(2)}%;background:${color(t.service)}"></div></div></td>
        <td class="${t.errorCount ? "st-Error" : ""}">${t.errorCount ? t.errorCount + " error(s)" : "ok"}</td></tr>`).join("") + `</tbody></table>`;
  },
};

// ---- One trace: the waterfall ----------------------------------------------------------------------------
const traceView = {
  async render(traceId) {
    this.traceId = traceId;
    this.selected = null;
    main.innerHTML = `<div class="toolbar"><a href="#/traces">&larr; Traces</a><h2 id="trace-title" class="mono">${esc(traceId)}</h2></div>
      <div id="waterfall"></div><div class="details" id="details"></div>`;
    main.onclick = event => {
      const row = event.target.closest("tr[data-span]");
      if (row) { this.selected = row.dataset.span; this.draw(); }
    };
    await this.refresh();
  },
  leave() { main.onclick = null; },
  async refresh() {
    try {
      this.trace = await api(`/traces/${encodeURIComponent(this.traceId)}`);
    } catch (e) {
      document.getElementById("waterfall").innerHTML = `<div class="empty">${esc(e.message)}</div>`;
      return;
    }
    this.draw();
  },
  draw() {
    const spans = this.trace.spans;
    const byId = new Map(spans.map(s => [s.spanId, s]));
    const children = new Map();
    for (const s of spans) {
      const parent = s.parentSpanId && byId.has(s.parentSpanId) ? s.parentSpanId : "";
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(s);
    }
    // Depth-first from the roots, children in start order: the classic waterfall.
    const ordered = [];
    const visit = (s, depth) => { ordered.push([s, depth]); for (const c of (children.get(s.spanId) || []).sort((a, b) => new Date(a.start) - new Date(b.start))) visit(c, depth + 1); };
    for (const root of (children.get("") || []).sort((a, b) => new Date(a.start) - new Date(b.start))) visit(root, 0);
    const start = Math.min(...spans.map(s => new Date(s.start)));
    const end = Math.max(...spans.map(s => new Date(s.end)));
    const total = Math.max(1, end - start);
    const root = ordered[0]?.[0];
    document.getElementById("trace-title").textContent = `${root?.name ?? ""} · ${ms(total)} · ${spans.length} spans`;
    this.selected ??= (spans.find(s => s.status === "Error") ?? root)?.spanId;
    document.getElementById("waterfall").innerHTML = `<table id="waterfall-table"><thead><tr><th>Span</th><th>Resource</th><th>Duration</th><th class="bar-cell">Timeline</th></tr></thead><tbody>` +
      ordered.map(([s, depth]) => {
        const left = 100 * (new Date(s.start) - start) / total;
        const width = Math.min(100 - left, Math.max(0.3, 100 * s.durationMs / total));
        return `<tr class="clickable span-row${s.spanId === this.selected ? " selected" : ""}" data-span="${s.spanId}">
          <td><div class="waterfall-name" style="padding-left:${depth * 18}px">${s.status === "Error" ? `<span class="st-Error">&#9888;</span> ` : ""}${esc(s.name)} <span class="muted">${esc(s.kind)}</span></div></td>
          <td><span class="service-tag" style="background:${color(s.service)}">${esc(s.service)}</span></td>
          <td class="mono">${ms(s.durationMs)}</td>
          <td class="bar-cell"><div class="bar-track"><div class="bar${s.status === "Error" ? " error" : ""}" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%;background:${color(s.service)}"></div></div></td></tr>`;
      }).join("") + `</tbody></table>`;
    const span = byId.get(this.selected);
    if (!span) return;
    const rows = entries => entries.map(([k, v]) => `<tr><td class="mono">${esc(k)}</td><td class="mono">${esc(v)}</td></tr>`).join("");
    const logs = this.trace.logs;
    document.getElementById("details").innerHTML = `
      <div><h2>${esc(span.name)}</h2><table id="span-attributes">${rows([
        ["resource", span.service], ["kind", span.kind], ["status", span.status + (span.statusMessage ? ": " + span.statusMessage : "")],
        ["span id", span.spanId], ["parent span id", span.parentSpanId ?? ""], ["scope", span.scope], ["start", new Date(span.start).toISOString()],
        ["duration", ms(span.durationMs)], ...Object.entries(span.attributes)])}</table></div>
      <div><h2>Events</h2>${span.events.length === 0 ? `<div class="muted">none</div>` : `<table>${span.events.map(e =>
        `<tr><td class="mono">${time(e.timestamp)}</td><td><b>${esc(e.name)}</b>${Object.keys(e.attributes).length ? `<table>${rows(Object.entries(e.attributes))}</table>` : ""}</td></tr>`).join("")}</table>`}
        <h2 style="margin-top:14px">Logs of this trace</h2>${logs.length === 0 ? `<div class="muted">none</div>` : `<table>${logs.map(l =>
        `<tr><td class="mono">${time(l.timestamp)}</td><td class="l-${esc(l.level)}">${esc(l.level)}</td><td>${esc(l.service)}</td><td>${esc(l.message)}</td></tr>`).join("")}</table>`}</div>`;
  },
};

// ---- Metrics ---------------------------------------------------------------------------------------------
// Line chart in SVG: series = [{ name, color, points: [{ t, v }] }]; an optional dashed budget line.
function lineChart(series, { unit = "", budget = null, max = null } = {}) {
  const w = 600, h = 200, left = 46, bottom = 20, top = 8;
  const points = series.flatMap(s => s.points);
  if (points.length === 0) return `<div class="empty">No data yet (metrics arrive every 5 s).</div>`;
  const t0 = Math.min(...points.map(p => p.t)), t1 = Math.max(t0 + 1000, ...points.map(p => p.t));
  const yMax = max ?? (Math.max(budget ?? 0, ...points.map(p => p.v)) * 1.15 || 1);
  const x = t => left + (w - left - 8) * (t - t0) / (t1 - t0);
  const y = v => top + (h - top - bottom) * (1 - v / yMax);
  let svg = `<svg viewBox="0 0 ${w} ${h}" preserveAspectRatio="none" role="img">`;
  for (let i = 0; i <= 4; i++) {
    const v = yMax * i / 4;
    svg += `<line class="grid" x1="${left}" x2="${w - 8}" y1="${y(v)}" y2="${y(v)}"/><text x="${left - 4}" y="${y(v) + 3}" text-anchor="end">${+v.toPrecision(3)}${unit}</text>`;
  }
  svg += `<text x="${left}" y="${h - 4}">${new Date(t0).toLocaleTimeString()}</text><text x="${w - 8}" y="${h - 4}" text-anchor="end">${new Date(t1).toLocaleTimeString()}</text>`;
  if (budget !== null) svg += `<line class="budget" x1="${left}" x2="${w - 8}" y1="${y(budget)}" y2="${y(budget)}"/>`;
  for (const s of series) {
    const d = s.points.map((p, i) => `${i ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join("");
    svg += `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`;
    if (s.points.length === 1) svg += `<circle cx="${x(s.points[0].t)}" cy="${y(s.points[0].v)}" r="3" fill="${s.color}"/>`;
  }
  return svg + `</svg><div class="legend">${series.map(s => `<span><i style="background:${s.color}"></i>${esc(s.name)}</span>`).join("")}
    ${budget !== null ? `<span><i style="background:var(--error)"></i>budget ${budget}${unit}</span>` : ""}</div>`;
}

// Sums several services' series point by point (buckets are aligned on the same step).
function total(seriesList, pick) {
  const sums = new Map();
  for (const s of seriesList) for (const p of s.points) sums.set(p.t, (sums.get(p.t) ?? 0) + pick(p));
  return [...sums.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v }));
}

const metricsView = {
  async render() {
    main.innerHTML = `<div class="toolbar"><h2>Metrics</h2><select id="metrics-resource">${await serviceOptions("")}</select>
      <span class="muted">rates per second over 5 s buckets, from the services' OTLP metrics</span></div>
      <div class="charts">
        <div class="chart"><h3>HTTP requests per second (http.server.request.duration)</h3><div id="chart-rate"></div></div>
        <div class="chart"><h3>HTTP latency percentiles</h3><div id="chart-latency"></div></div>
        <div class="chart"><h3>Enedis calls per second (enedis.requests) against the 5/s budget</h3><div id="chart-enedis"></div></div>
        <div class="chart"><h3>Cache hit ratio (gateway.cache.hits / misses)</h3><div id="chart-cache"></div></div>
      </div>`;
    document.getElementById("metrics-resource").oninput = () => this.refresh();
    await this.refresh();
  },
  async refresh() {
    const resource = document.getElementById("metrics-resource").value;
    const get = name => api(`/metrics/rate?name=${encodeURIComponent(name)}&resource=${encodeURIComponent(resource)}`)
      .then(list => list.map(s => ({ service: s.service, points: s.points.map(p => ({ ...p, t: new Date(p.t).getTime() })) })));
    const [http, enedis, hits, misses] = await Promise.all(["http.server.request.duration", "enedis.requests", "gateway.cache.hits", "gateway.cache.misses"].map(get));
    document.getElementById("chart-rate").innerHTML = lineChart(http.map(s => ({ name: s.service, color: color(s.service), points: s.points.map(p => ({ t: p.t, v: p.rate })) })), { unit: "/s" });
    const latency = http.flatMap(s => [["p50", "p50", 0], ["p90", "p90", 2], ["p99", "p99", 4]].map(([label, key, shade]) => ({
      name: `${s.service} ${label}`, color: palette[(palette.indexOf(color(s.service)) + shade) % palette.length],
      points: s.points.filter(p => p[key] !== null).map(p => ({ t: p.t, v: p[key] * 1000 })),
    })));
    document.getElementById("chart-latency").innerHTML = lineChart(latency, { unit: " ms" });
    document.getElementById("chart-enedis").innerHTML = lineChart(enedis.length ? [{ name: "all services", color: color("enedis"), points: total(enedis, p => p.rate) }] : [], { unit: "/s", budget: 5 });
    const h = new Map(total(hits, p => p.rate).map(p => [p.t, p.v]));
    const ratio = total(misses, p => p.rate).map(p => ({ t: p.t, v: (h.get(p.t) ?? 0) + p.v > 0 ? 100 * (h.get(p.t) ?? 0) / ((h.get(p.t) ?? 0) + p.v) : 0 }));
    document.getElementById("chart-cache").innerHTML = lineChart(hits.length || misses.length ? [{ name: "hit ratio", color: color("cache"), points: ratio }] : [], { unit: "%", max: 100 });
  },
};

// ---- Routing and live refresh ----------------------------------------------------------------------------
const routes = { resources: resourcesView, console: consoleView, logs: logsView, traces: tracesView, metrics: metricsView };

async function route() {
  const [name = "resources", argument] = location.hash.replace(/^#\//, "").split("/").map(decodeURIComponent);
  view?.leave?.();
  view = name === "traces" && argument ? traceView : routes[name] ?? resourcesView;
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.view === name || (!routes[name] && a.dataset.view === "resources"));
  try {
    await view.render(argument);
  } catch (e) {
    main.innerHTML = `<div class="empty">${esc(e.message)}</div>`;
  }
}

window.addEventListener("hashchange", route);
setInterval(async () => {
  if (!live.checked || !view || document.hidden) return;
  try { await view.refresh(); } catch { /* the next tick retries; a stopped AppHost just stops updating */ }
}, 2000);
route();
