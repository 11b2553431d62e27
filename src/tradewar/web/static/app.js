// The tradewar app: four views over the HTTP API (see /docs). Plain ES module, no build.
/* global Plotly */

const $ = (id) => document.getElementById(id);
const FOCUS = ["USA", "CHN", "MEX", "VNM", "DEU", "JPN", "KOR", "CAN"];

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

async function call(path, body, as = "json") {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
    throw new Error(detail);
  }
  showError("");
  if (as === "blob") return response.blob();
  if (as === "text") return response.text();
  return response.json();
}

function guard(fn) {
  return (...args) => fn(...args).catch((error) => showError(error.message));
}

function save(name, blob) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function saveText(name, text, type = "text/csv") { save(name, new Blob([text], { type })); }

function table(element, rows) {
  if (!rows.length) { element.innerHTML = ""; return; }
  const columns = Object.keys(rows[0].values);
  const head = `<tr><th></th>${columns.map((c) => `<th>${c}</th>`).join("")}</tr>`;
  const body = rows.map((r) => `<tr><td>${r.label}</td>${columns.map(
    (c) => `<td>${r.values[c].toFixed(3)}</td>`).join("")}</tr>`).join("");
  element.innerHTML = head + body;
}

function rowsCsv(rows) {
  if (!rows.length) return "";
  const columns = Object.keys(rows[0].values);
  return [["", ...columns].join(","),
    ...rows.map((r) => [r.label, ...columns.map((c) => r.values[c])].join(","))].join("\n");
}

async function drawMap(img, values, title) {
  const blob = await call("/api/map.png", { values, title }, "blob");
  if (img.dataset.url) URL.revokeObjectURL(img.dataset.url);
  img.dataset.url = URL.createObjectURL(blob);
  img.src = img.dataset.url;
  img.hidden = false;
  const placeholder = document.getElementById(`${img.id}-placeholder`);
  if (placeholder) placeholder.hidden = true;
}

// ---- tabs ---------------------------------------------------------------------------
document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => {
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t === tab));
  document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== `view-${tab.dataset.view}`; });
  if (tab.dataset.view === "whatif" && !whatif.loaded) guard(whatifBaseline)();
}));

// ---- scenario view ------------------------------------------------------------------
const scenario = { request: null, info: null, answer: null };

function renderEvents(info) {
  scenario.info = info;
  $("event-list").innerHTML = info.events.map((e) => `<li class="${e.kind}">
    <label><input type="checkbox" data-index="${e.index}" checked> ${e.date} ${e.label}
    ${e.expires ? `(until ${e.expires})` : ""}</label></li>`).join("");
}

function disabledSteps() {
  return [...$("event-list").querySelectorAll("input[type=checkbox]")]
    .filter((box) => !box.checked).map((box) => Number(box.dataset.index));
}

async function loadScenarios() {
  const files = await call("/api/scenarios");
  $("scenario-select").innerHTML = files.map(
    (f) => `<option value="${f.file}">${f.file}: ${f.name}</option>`).join("");
  const preferred = files.find((f) => f.file === "us_china_2025.yaml") || files[0];
  if (preferred) {
    $("scenario-select").value = preferred.file;
    scenario.request = { name: preferred.file };
    renderEvents(preferred);
  }
}

$("scenario-select").addEventListener("change", guard(async () => {
  scenario.request = { name: $("scenario-select").value };
  renderEvents(await call("/api/scenarios/check", scenario.request));
}));

$("scenario-upload").addEventListener("change", guard(async () => {
  const file = $("scenario-upload").files[0];
  if (!file) return;
  if (file.size > 1000000) throw new Error(`${file.name} is over 1 MB`);
  scenario.request = { text: await file.text() };
  renderEvents(await call("/api/scenarios/check", scenario.request));
}));

function marksShapes(marks) {
  return Object.entries(marks).map(([day, label]) => ({
    type: "line", xref: "x", yref: "paper", x0: day.slice(0, 7), x1: day.slice(0, 7), y0: 0, y1: 1,
    line: { dash: "dot", color: "grey", width: 1 }, label: { text: label, font: { size: 9 } },
  }));
}

function renderScenario(answer) {
  scenario.answer = answer;
  const host = $("scenario-charts");
  host.innerHTML = "";
  answer.charts.forEach((chart, k) => {
    const div = document.createElement("div");
    div.className = "chart";
    div.id = k === 0 ? "chart-trade" : `chart-${k}`;
    host.appendChild(div);
    const traces = Object.entries(chart.lines).map(([name, values]) => ({
      x: answer.months, y: values, name, mode: "lines+markers", marker: { size: 4 },
    }));
    Plotly.newPlot(div, traces, {
      title: { text: chart.title, font: { size: 14 } }, yaxis: { title: { text: chart.unit } },
      xaxis: { title: { text: "month" } },
      margin: { t: 40, r: 10, b: 90 }, shapes: k === 0 ? marksShapes(answer.marks) : [],
      legend: { orientation: "h", y: -0.35 },
    }, { responsive: true, displaylogo: false });
  });
  table($("scenario-table"), answer.table);
  guard(drawMap)($("scenario-map"), answer.welfare, `Long-run welfare: ${answer.info.name}`);
}

$("run-scenario").addEventListener("click", guard(async () => {
  if (!scenario.request) return;
  const request = { ...scenario.request, disabled: disabledSteps() };
  const progress = $("job-progress");
  progress.hidden = false;
  progress.value = 0;
  let job = await call("/api/jobs", request);
  while (job.state === "queued" || job.state === "running") {
    await new Promise((resolve) => setTimeout(resolve, 400));
    job = await call(`/api/jobs/${job.id}`);
    progress.value = job.progress;
    $("job-step").textContent = job.step;
  }
  progress.hidden = true;
  if (job.state === "failed") throw new Error(job.error);
  $("job-step").textContent = `done: ${request.disabled.length} step(s) switched off`;
  renderScenario(job.answer);
}));

$("scenario-csv").addEventListener("click", () => {
  const a = scenario.answer;
  if (!a) return;
  const lines = ["chart,series,month,value"];
  a.charts.forEach((chart) => Object.entries(chart.lines).forEach(([name, values]) =>
    values.forEach((v, k) => lines.push(`"${chart.title}","${name}",${a.months[k]},${v}`))));
  saveText("scenario.csv", lines.join("\n"));
});
$("scenario-png").addEventListener("click", () => {
  if (scenario.answer) Plotly.downloadImage("chart-trade", { format: "png", filename: "us_china_trade" });
});
$("scenario-yaml").addEventListener("click", guard(async () => {
  const text = await call("/api/scenarios/file", { ...scenario.request, disabled: disabledSteps() }, "text");
  saveText("scenario.yaml", text, "text/yaml");
}));

// ---- what-if view -------------------------------------------------------------------
const whatif = { loaded: false, countries: [], sectors: [], answer: null, seq: 0, timer: null };

function options(values, chosen) {
  return values.map((v) => `<option${v === chosen ? " selected" : ""}>${v}</option>`).join("");
}

function addRow(importer, exporter, rate) {
  const k = $("tariff-rows").children.length;
  const row = document.createElement("div");
  row.className = "tariff-row";
  row.innerHTML = `<label>importer <select id="importer-${k}">${options(whatif.countries, importer)}</select></label>
    <label>on <select id="exporter-${k}">${options(["ALL", ...whatif.countries], exporter)}</select></label>
    <label>sector <select id="sector-${k}">${options(["all", ...whatif.sectors], "all")}</select></label>
    <label>tariff <input id="rate-${k}" type="range" min="0" max="200" step="1" value="${rate}"></label>
    <output id="rate-out-${k}">${rate}%</output>`;
  $("tariff-rows").appendChild(row);
  row.querySelectorAll("select, input").forEach((el) => el.addEventListener("input", scheduleWhatif));
}

async function whatifBaseline() {
  const name = $("whatif-baseline").value;
  const info = await call(`/api/baselines/${name}`);
  whatif.countries = info.countries;
  whatif.sectors = info.sectors;
  whatif.loaded = true;
  $("tariff-rows").innerHTML = "";
  addRow("USA", "CHN", 100);
  addRow("CHN", "USA", 0);
  $("control-row").hidden = !info.sectors.includes("Rare earths");
  $("quota").value = 1;
  await solveWhatif();
}

function whatifEvents() {
  const events = [...$("tariff-rows").children].map((_, k) => {
    const sector = $(`sector-${k}`).value;
    $(`rate-out-${k}`).textContent = `${$(`rate-${k}`).value}%`;
    return {
      date: "2025-06-01", actor: $(`importer-${k}`).value, target: $(`exporter-${k}`).value,
      rate: Number($(`rate-${k}`).value) / 100, mode: "absolute",
      ...(sector === "all" ? {} : { sectors: [sector] }),
    };
  });
  const quota = Number($("quota").value);
  $("quota-out").textContent = `${Math.round(100 * quota)}%`;
  if (!$("control-row").hidden && quota < 1) {
    events.push({
      date: "2025-06-01", actor: "CHN", target: "ALL", instrument: "export_control", quota,
      sectors: ["Rare earths", "Magnets"], exempt: $("green").checked ? ["EU27"] : [],
      label: "rare-earth licensing",
    });
  }
  return events;
}

function scheduleWhatif() {
  clearTimeout(whatif.timer);
  whatif.timer = setTimeout(guard(solveWhatif), 80);
}

async function solveWhatif() {
  const seq = ++whatif.seq;
  const started = performance.now();
  const request = {
    baseline: $("whatif-baseline").value, events: whatifEvents(),
    focus: FOCUS.filter((c) => whatif.countries.includes(c)), diversion: "USA",
  };
  const answer = await call("/api/policy", request);
  if (seq !== whatif.seq) return;  // a newer request is on its way
  whatif.answer = answer;
  whatif.request = request;
  table($("whatif-table"), answer.table);
  $("whatif-time").textContent = `solved in ${answer.solve_ms.toFixed(0)} ms on the server, ` +
    `${(performance.now() - started).toFixed(0)} ms round trip`;
  const d = answer.diversion;
  Plotly.react("whatif-diversion", [{
    type: "bar", orientation: "h", y: d.map((r) => r.label), x: d.map((r) => r.values.change),
  }], {
    title: { text: "US imports by source: largest changes", font: { size: 13 } },
    margin: { l: 60, t: 40, r: 10, b: 50 },
    yaxis: { autorange: "reversed", title: { text: "exporter" } },
    xaxis: { title: { text: `change in US imports, ${answer.unit}` }, ticksuffix: "" },
  }, { displaylogo: false });
  guard(drawMap)($("whatif-map"), answer.welfare, "Welfare change (%)");
}

$("whatif-baseline").addEventListener("change", guard(whatifBaseline));
$("add-row").addEventListener("click", () => { addRow("USA", "ALL", 10); scheduleWhatif(); });
$("quota").addEventListener("input", scheduleWhatif);
$("green").addEventListener("change", scheduleWhatif);
$("whatif-csv").addEventListener("click", () => {
  if (whatif.answer) saveText("whatif.csv", rowsCsv(whatif.answer.table));
});
$("whatif-png").addEventListener("click", () =>
  Plotly.downloadImage("whatif-diversion", { format: "png", filename: "trade_diversion" }));
$("whatif-yaml").addEventListener("click", guard(async () => {
  const text = await call("/api/scenario-file", whatif.request, "text");
  saveText("whatif.yaml", text, "text/yaml");
}));

// ---- talks view ---------------------------------------------------------------------
const talks = { answer: null, request: null };

function talksRequest() {
  const a = $("talks-a").value.toUpperCase();
  const b = $("talks-b").value.toUpperCase();
  const pct = (id) => Number($(id).value) / 100;
  const pair = (date, ra, rb) => [
    { date, actor: a, target: b, rate: ra, mode: "absolute", label: `${a} on ${b}` },
    { date, actor: b, target: a, rate: rb, mode: "absolute", label: `${b} on ${a}` },
  ];
  return {
    baseline: "default", a, b, grid: 11, top: 1.5,
    disagreement: pair("2025-04-12", pct("dis-a"), pct("dis-b")),
    deal: pair("2025-05-14", pct("deal-a"), pct("deal-b")),
  };
}

function showDeal(answer) {
  const p = answer.point;
  $("deal-gains").textContent = `${talks.answer.a} on ${talks.answer.b} ${(100 * p.rate_a).toFixed(1)}%, ` +
    `${talks.answer.b} on ${talks.answer.a} ${(100 * p.rate_b).toFixed(1)}%: gains ` +
    `${talks.answer.a} ${p.gain_a.toFixed(3)}%, ${talks.answer.b} ${p.gain_b.toFixed(3)}%`;
  table($("deal-table"), answer.table);
}

async function clickDeal(rateA, rateB) {
  const r = talks.request;
  showDeal(await call("/api/deal", {
    baseline: r.baseline, a: r.a, b: r.b, disagreement: r.disagreement, rate_a: rateA, rate_b: rateB,
  }));
}

$("talks-run").addEventListener("click", guard(async () => {
  talks.request = talksRequest();
  const t = await call("/api/talks", talks.request);
  talks.answer = t;
  const pct = t.rates.map((r) => 100 * r);
  const z = pct.map((_, j) => pct.map((__, i) =>
    (t.gain_a[i][j] > 0 && t.gain_b[i][j] > 0) ? 3 : t.gain_a[i][j] > 0 ? 2 : t.gain_b[i][j] > 0 ? 1 : 0));
  const text = pct.map((_, j) => pct.map((__, i) =>
    `${t.a} gains ${t.gain_a[i][j].toFixed(3)}%, ${t.b} gains ${t.gain_b[i][j].toFixed(3)}%`));
  const traces = [{
    type: "heatmap", x: pct, y: pct, z, text, hoverinfo: "x+y+text", showscale: false, zmin: 0, zmax: 3,
    colorscale: [[0, "#ddd"], [0.33, "#ddd"], [0.34, "#f59e0b"], [0.66, "#3b82f6"], [0.67, "#3b82f6"], [1, "#16a34a"]],
  }];
  if (t.nash) traces.push({ type: "scatter", mode: "markers+text", x: [100 * t.nash.rate_a], y: [100 * t.nash.rate_b],
    marker: { symbol: "star", size: 16, color: "black" }, text: ["Nash bargain"], textposition: "top right", name: "Nash bargain" });
  const dis = talks.request.disagreement;
  traces.push({ type: "scatter", mode: "markers+text", x: [100 * dis[0].rate], y: [100 * dis[1].rate],
    marker: { symbol: "x", size: 14, color: "black" }, text: ["if talks fail"], textposition: "bottom left", name: "if talks fail" });
  traces.push({ type: "scatter", mode: "markers+text", x: [100 * t.deal.rate_a], y: [100 * t.deal.rate_b],
    marker: { symbol: "diamond", size: 13, color: "red" }, text: ["proposed deal"], textposition: "bottom right", name: "proposed deal" });
  await Plotly.newPlot("talks-chart", traces, {
    title: { text: `Deals ${t.a}-${t.b} against the disagreement point<br>green: both gain; blue: only ${t.a}; orange: only ${t.b}; grey: neither`, font: { size: 13 } },
    xaxis: { title: { text: `tariff of ${t.a} on ${t.b} (%)` } },
    yaxis: { title: { text: `tariff of ${t.b} on ${t.a} (%)` } },
    showlegend: false, margin: { t: 60 },
  }, { displaylogo: false });
  $("talks-chart").on("plotly_click", (event) => {
    const p = event.points[0];
    guard(clickDeal)(p.x / 100, p.y / 100);
  });
  $("talks-note").textContent = t.note;
  showDeal({ point: t.deal, table: [] });
  await clickDeal(t.deal.rate_a, t.deal.rate_b);
}));

$("talks-csv").addEventListener("click", () => {
  const t = talks.answer;
  if (!t) return;
  const lines = [`tariff_${t.a}_on_${t.b},tariff_${t.b}_on_${t.a},gain_${t.a},gain_${t.b}`];
  t.rates.forEach((ra, i) => t.rates.forEach((rb, j) => lines.push(`${ra},${rb},${t.gain_a[i][j]},${t.gain_b[i][j]}`)));
  saveText("talks.csv", lines.join("\n"));
});
$("talks-png").addEventListener("click", () =>
  Plotly.downloadImage("talks-chart", { format: "png", filename: "talks" }));
$("talks-yaml").addEventListener("click", guard(async () => {
  const r = talks.request || talksRequest();
  const text = await call("/api/scenario-file", { baseline: r.baseline, events: [...r.disagreement, ...r.deal] }, "text");
  saveText("talks.yaml", text, "text/yaml");
}));

guard(loadScenarios)();

// ---- draft view: a news report as a scenario (docs/drafting.md) ----------------------
function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
}

$("draft-run").addEventListener("click", guard(async () => {
  const answer = await call("/api/draft", {
    text: $("draft-text").value,
    published: $("draft-published").value,
    use_enacted: $("draft-enacted").checked,
  });
  $("draft-table").innerHTML = answer.events.length
    ? "<tr><th>date</th><th>event</th><th>confidence</th><th>sentence</th><th>law</th></tr>"
      + answer.events.map((e) => `<tr><td>${e.date}</td><td>${escapeHtml(e.label)}</td>
        <td>${e.confidence.toFixed(2)}</td><td>${escapeHtml(e.sentence)}</td>
        <td>${escapeHtml(e.law)}</td></tr>`).join("")
    : "<tr><td>No policy statement found.</td></tr>";
  $("draft-yaml").value = answer.yaml;
  $("draft-note").textContent = `${answer.events.length} events, ${answer.observed.length} observed figures, `
    + `${answer.unread.length} sentences not read`;
}));

$("draft-to-scenario").addEventListener("click", guard(async () => {
  scenario.request = { text: $("draft-yaml").value };
  renderEvents(await call("/api/scenarios/check", scenario.request));
  $("tab-scenario").click();
  $("run-scenario").click();
}));

$("draft-download").addEventListener("click", () =>
  saveText("draft.yaml", $("draft-yaml").value, "text/yaml"));
