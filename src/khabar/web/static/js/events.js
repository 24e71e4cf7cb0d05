// Events page: filter form (the URL's query string is the state), map, timeline, table, export links.
import {
  QUAD_COLOURS, QUAD_NAMES, api, append, articleLink, actorLink, clear, currentFilters, el, loadVendor, nav,
  pager, readableDate, showError, svg, typeColour,
} from "./common.js";

const PAGE_SIZE = 50;
const filters = currentFilters();
const here = new URLSearchParams(window.location.search);
const offset = Math.max(0, parseInt(here.get("offset") || "0", 10) || 0);
const bucket = ["day", "week", "month", "year"].includes(here.get("bucket")) ? here.get("bucket") : "week";

function fillForm(summary) {
  const typeSel = document.getElementById("f-type");
  for (const [type, n] of summary.types) typeSel.append(el("option", { value: type }, `${type} (${n})`));
  const modSel = document.getElementById("f-modality");
  for (const [mod, n] of summary.modalities) modSel.append(el("option", { value: mod }, `${mod} (${n})`));
  const quadSel = document.getElementById("f-quad");
  for (const q of [1, 2, 3, 4]) quadSel.append(el("option", { value: String(q) }, `${q} ${QUAD_NAMES[q]}`));
  const ids = { type: "f-type", modality: "f-modality", quad_class: "f-quad", actor: "f-actor", country: "f-country",
    place: "f-place", since: "f-since", until: "f-until", q: "f-q" };
  for (const [key, id] of Object.entries(ids)) {
    const value = filters.get(key);
    if (value === null) continue;
    const input = document.getElementById(id);
    if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === value)) {
      input.append(el("option", { value }, value));
    }
    input.value = value;
  }
  document.getElementById("f-bucket").value = bucket;
  document.getElementById("f-dedupe").checked = filters.get("dedupe") === "true";
  if (summary.duplicates) document.getElementById("f-dedupe-note").textContent = `${summary.duplicates} near-cop${summary.duplicates === 1 ? "y" : "ies"} stored`;
  // empty fields stay out of the URL, so shared links are short
  document.getElementById("filters").addEventListener("submit", () => {
    for (const input of document.querySelectorAll("#filters input, #filters select")) {
      input.disabled = input.value.trim() === "" || (input.name === "bucket" && input.value === "week")
        || (input.type === "checkbox" && !input.checked);
    }
  });
}

function exportLinks(formats) {
  const box = document.getElementById("exports");
  box.append("Export these events: ");
  formats.forEach((fmt, i) => {
    const params = new URLSearchParams(filters);
    params.set("format", fmt);
    if (i) box.append(" · ");
    box.append(el("a", { href: `/api/export?${params}`, className: "export", download: "" }, fmt));
  });
}

// ---------------------------------------------------------------- map

async function drawMap(summary) {
  const note = document.getElementById("map-note");
  const box = document.getElementById("map");
  if (!summary.map_assets) {
    box.classList.add("map-missing");
    append(box, [el("p", {}, "The map needs its libraries, which are not installed here."),
      el("p", {}, "Build them with ", el("code", {}, "make web-assets"), " (needs npm), then restart ",
        el("code", {}, "khabar serve"), ". The timeline and the table work without them.")]);
    return;
  }
  const vendor = "/static/vendor";
  await loadVendor(
    [`${vendor}/leaflet/leaflet.js`, `${vendor}/markercluster/leaflet.markercluster.js`, `${vendor}/topojson/topojson-client.min.js`],
    [`${vendor}/leaflet/leaflet.css`, `${vendor}/markercluster/MarkerCluster.css`, `${vendor}/markercluster/MarkerCluster.Default.css`],
  );
  const L = window.L;
  const map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([25, 30], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outlines: Natural Earth via world-atlas");
  const topo = await fetch(`${vendor}/world-atlas/countries-110m.json`).then((r) => r.json());
  L.geoJSON(window.topojson.feature(topo, topo.objects.countries), {
    style: { color: "#8a8f98", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 },
    interactive: false,
  }).addTo(map);
  let tiles = null;
  document.getElementById("tiles").addEventListener("change", (ev) => {
    if (ev.target.checked) {
      tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        { maxZoom: 18, attribution: "© OpenStreetMap contributors" }).addTo(map);
    } else if (tiles) {
      map.removeLayer(tiles);
    }
  });
  const data = await api("/map", filters);
  const clusters = L.markerClusterGroup({
    maxClusterRadius: 40,
    iconCreateFunction: (cluster) => L.divIcon({
      html: el("span", {}, String(cluster.getChildCount())), className: "cluster-icon", iconSize: L.point(34, 34),
    }),
  });
  const bounds = [];
  for (const [articleId, eventId, lat, lon, type, quad, day] of data.points) {
    const dot = el("span", { className: "dot", title: `${type} ${day || ""}` });
    dot.style.background = typeColour(type);
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ html: dot, className: "event-marker", iconSize: L.point(14, 14) }),
      title: `${type} ${day || ""}`,
    });
    marker.bindPopup(() => el("div", { className: "popup" },
      el("strong", {}, type), ` ${day || "undated"} · ${QUAD_NAMES[quad ?? 0]}`, el("br"),
      articleLink(articleId, "open the article", eventId)));
    clusters.addLayer(marker);
    bounds.push([lat, lon]);
  }
  map.addLayer(clusters);
  if (bounds.length) map.fitBounds(bounds, { maxZoom: 6, padding: [20, 20] });
  note.textContent = data.located > data.points.length
    ? `${data.points.length} most recent of ${data.located} located events shown.`
    : `${data.located} located event${data.located === 1 ? "" : "s"}.`;
  const types = [...new Set(data.points.map((p) => p[4]))].sort();
  const legend = el("p", { className: "legend", id: "map-legend" });
  for (const type of types) {
    const swatch = el("span", { className: "swatch round" });
    swatch.style.background = typeColour(type);
    legend.append(swatch, ` ${type} `);
  }
  note.after(legend);
}

// ---------------------------------------------------------------- timeline

function periodRange(period) {
  if (bucket === "week") {
    const end = new Date(`${period}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 6);
    return [period, end.toISOString().slice(0, 10)];
  }
  return [period, period]; // day, month, year: prefixes compare
}

async function drawTimeline() {
  const box = document.getElementById("timeline");
  const pick = document.getElementById("buckets");
  for (const b of ["day", "week", "month", "year"]) {
    const params = new URLSearchParams(filters);
    if (b !== "week") params.set("bucket", b);
    pick.append(b === bucket ? el("strong", {}, b) : el("a", { href: `/?${params}` }, b), " ");
  }
  const params = new URLSearchParams(filters);
  params.set("bucket", bucket);
  const data = await api("/timeline", params);
  if (!data.periods.length) {
    box.append(el("p", { className: "muted" }, "No dated events."));
    return;
  }
  const W = 600, H = 200, pad = 28;
  const totals = data.periods.map((_, i) => Object.values(data.series).reduce((s, arr) => s + arr[i], 0));
  const max = Math.max(...totals, 1);
  const bw = Math.min((W - pad * 2) / data.periods.length, 48); // a few periods: bars, not slabs
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": "events per period" });
  chart.append(svg("text", { x: 2, y: 12, class: "axis" }, String(max)));
  chart.append(svg("line", { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, class: "axis-line" }));
  data.periods.forEach((period, i) => {
    let y = H - pad;
    const [since, until] = periodRange(period);
    const link = new URLSearchParams(filters);
    link.set("since", since);
    link.set("until", until);
    if (bucket !== "week") link.set("bucket", bucket);
    const group = svg("a", { href: `/?${link}`, class: "bar" });
    for (const quad of ["1", "2", "3", "4", "0"]) {
      const n = data.series[quad][i];
      if (!n) continue;
      const h = (n / max) * (H - pad * 2);
      y -= h;
      group.append(svg("rect", { x: pad + i * bw + 1, y, width: Math.max(bw - 2, 1), height: h, fill: QUAD_COLOURS[quad] },
        svg("title", {}, `${period}: ${n} ${QUAD_NAMES[quad]}`)));
    }
    chart.append(group);
  });
  chart.append(svg("text", { x: pad, y: H - 8, class: "axis" }, data.periods[0]));
  if (data.periods.length > 1) {
    chart.append(svg("text", { x: pad + data.periods.length * bw, y: H - 8, class: "axis", "text-anchor": "end" }, data.periods.at(-1)));
  }
  box.append(chart);
  const legend = el("p", { className: "legend" });
  for (const q of [1, 2, 3, 4, 0]) {
    const swatch = el("span", { className: "swatch" });
    swatch.style.background = QUAD_COLOURS[q];
    legend.append(swatch, ` ${QUAD_NAMES[q]} `);
  }
  if (data.undated) legend.append(el("span", { className: "muted" }, ` · ${data.undated} undated`));
  box.append(legend);
}

// ---------------------------------------------------------------- table

export function sentenceWithTrigger(event) {
  const s = event.sentence, t = event.trigger;
  const a = Math.max(0, t.start - s.start), b = Math.min(s.text.length, t.end - s.start);
  if (a >= b) return el("span", {}, s.text);
  return el("span", {}, s.text.slice(0, a), el("mark", {}, s.text.slice(a, b)), s.text.slice(b));
}

async function drawTable() {
  const params = new URLSearchParams(filters);
  params.set("limit", String(PAGE_SIZE));
  params.set("offset", String(offset));
  const page = await api("/events", params);
  const plus = page.total_is_lower_bound ? "+" : "";
  document.getElementById("count").textContent = `(${page.total}${plus} events)`;
  const table = el("table", { className: "events", id: "events-table" });
  table.append(el("thead", {}, el("tr", {}, ...["Date", "Type", "Actor", "Recipient", "Place", "Modality", "Sentence", "Article"].map((h) => el("th", {}, h)))));
  const body = el("tbody");
  for (const hit of page.items) {
    const ev = hit.event;
    const colour = el("span", { className: "swatch" });
    colour.style.background = typeColour(ev.type);
    const place = ev.location && ev.location.text ? ev.location.text : "";
    body.append(el("tr", { dataset: { article: hit.article_id, event: ev.id } },
      el("td", { className: "nowrap", title: (ev.date && ev.date.value) || "" }, readableDate((ev.date && ev.date.value) || hit.published)),
      el("td", {}, colour, " ", ev.type),
      el("td", {}, ...ev.actors.flatMap((r, i) => [i ? ", " : "", actorLink(r.name)])),
      el("td", {}, ...ev.recipients.flatMap((r, i) => [i ? ", " : "", actorLink(r.name)])),
      el("td", {}, place),
      el("td", {}, ev.modality),
      el("td", { className: "sentence" }, sentenceWithTrigger(ev)),
      el("td", {}, articleLink(hit.article_id, hit.title || hit.article_id, ev.id),
        // shown when near-copies are not hidden: the article repeats an earlier one (its events too)
        hit.duplicate_of ? [" ", el("a", { className: "copy-mark", href: `/article/${encodeURIComponent(hit.duplicate_of)}`,
          title: `near-copy of article ${hit.duplicate_of}` }, "copy")] : null)));
  }
  table.append(body);
  clear(document.getElementById("table-wrap")).append(table);
  pager(document.getElementById("pager"), page, offset, PAGE_SIZE, { count: plus });
}

async function main() {
  nav("Events");
  const main = document.querySelector("main");
  let summary;
  try {
    summary = await api("/summary");
  } catch (err) {
    showError(main, err);
    return;
  }
  document.getElementById("summary").textContent =
    `${summary.events} events from ${summary.articles} articles${summary.read_only ? " · read-only" : ""}`
    + (filters.get("dedupe") === "true" ? " · near-copies hidden" : "");
  fillForm(summary);
  exportLinks(summary.export_formats);
  const parts = [
    drawTable().catch((err) => showError(document.getElementById("table-wrap"), err)),
    drawTimeline().catch((err) => showError(document.getElementById("timeline"), err)),
    drawMap(summary).catch((err) => showError(document.getElementById("map-note"), err)),
  ];
  await Promise.all(parts);
  document.body.dataset.ready = "1"; // for tests and scripts: everything drawn
}

main();
