// Actors page: the most active participants (paginated) and a circular network of who acts on whom.
import { actorLink, api, currentFilters, dedupeOn, el, nav, pager, showError, svg, withDedupe } from "./common.js";

const PAGE_SIZE = 50;
const here = new URLSearchParams(window.location.search);
const filters = currentFilters();
const offset = Math.max(0, parseInt(here.get("offset") || "0", 10) || 0);

function fillForm() {
  for (const key of ["name", "type", "country", "since", "until"]) {
    const value = here.get(key);
    if (value) document.getElementById(`f-${key}`).value = value;
  }
  document.getElementById("f-dedupe").checked = dedupeOn();
}

async function drawList() {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  if (here.get("name")) params.set("q", here.get("name"));
  const page = await api("/actors", params);
  document.getElementById("count").textContent = `(${page.total})`;
  const table = el("table", { className: "events", id: "actors-table" },
    el("thead", {}, el("tr", {}, ...["Name", "Country", "Events", "As actor", "As recipient"].map((h) => el("th", {}, h)))));
  const body = el("tbody");
  for (const a of page.items) {
    body.append(el("tr", {}, el("td", {}, actorLink(a.name)), el("td", {}, a.country || ""),
      el("td", {}, String(a.events)), el("td", {}, String(a.as_actor)), el("td", {}, String(a.as_recipient))));
  }
  table.append(body);
  document.getElementById("list").append(table);
  pager(document.getElementById("pager"), page, offset, PAGE_SIZE, { back: "← previous", forward: "next →", count: null });
}

// Nodes on a circle (heaviest first), edges as arrows actor -> recipient, width by number of events.
export function drawNetwork(box, net, size = 560) {
  if (!net.nodes.length) {
    box.append(el("p", { className: "muted" }, "No actor → recipient pairs in these events."));
    return;
  }
  const c = size / 2, r = size / 2 - 40;
  const order = net.nodes.map((n, i) => i).sort((a, b) => net.nodes[b].events - net.nodes[a].events);
  const pos = [];
  order.forEach((idx, k) => {
    const angle = (2 * Math.PI * k) / net.nodes.length - Math.PI / 2;
    pos[idx] = [c + r * Math.cos(angle), c + r * Math.sin(angle), angle];
  });
  const maxEdge = Math.max(...net.edges.map((e) => e.n), 1);
  const maxNode = Math.max(...net.nodes.map((n) => n.events), 1);
  const margin = 90; // room for labels left and right of the circle
  const chart = svg("svg", { viewBox: `${-margin} 0 ${size + 2 * margin} ${size}`, class: "network", role: "img", "aria-label": "actor network" });
  chart.append(svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 9, markerHeight: 9,
    markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
    svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow" }))));
  for (const e of net.edges) {
    const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
    chart.append(svg("line", { x1, y1, x2, y2, class: "edge", "stroke-width": 1 + (3 * e.n) / maxEdge, "marker-end": "url(#arrow)" },
      svg("title", {}, `${net.nodes[e.source].name} → ${net.nodes[e.target].name}: ${e.n}`)));
  }
  net.nodes.forEach((n, i) => {
    const [x, y, angle] = pos[i];
    const right = Math.cos(angle) >= 0;
    const link = svg("a", { href: withDedupe(`/actor/${encodeURIComponent(n.name)}`), class: "node" },
      svg("circle", { cx: x, cy: y, r: 4 + (6 * n.events) / maxNode }, svg("title", {}, `${n.name}: ${n.events}`)),
      svg("text", { x: x + (right ? 10 : -10), y: y + 4, "text-anchor": right ? "start" : "end" }, n.name.slice(0, 28)));
    chart.append(link);
  });
  box.append(chart);
}

async function main() {
  nav("Actors");
  fillForm();
  const params = new URLSearchParams(filters);
  params.set("limit", "40");
  await Promise.all([
    drawList().catch((err) => showError(document.getElementById("list"), err)),
    api("/network", params).then((net) => drawNetwork(document.getElementById("network"), net))
      .catch((err) => showError(document.getElementById("network"), err)),
  ]);
  document.body.dataset.ready = "1";
}

main();
