// One actor: counts by role and type, a monthly timeline by role, counterparts, and the events naming them.
import { actorLink, api, articleLink, el, names, nav, showError, svg, typeColour } from "./common.js";

const ROLE_COLOURS = { actor: "#4c6ef5", recipient: "#e8590c" };

function typeBars(box, byType) {
  const types = [...new Set([...Object.keys(byType.actor || {}), ...Object.keys(byType.recipient || {})])].sort();
  const table = el("table", { className: "events" },
    el("thead", {}, el("tr", {}, el("th", {}, "Type"), el("th", {}, "As actor"), el("th", {}, "As recipient"))));
  const body = el("tbody");
  for (const t of types) {
    const swatch = el("span", { className: "swatch" });
    swatch.style.background = typeColour(t);
    body.append(el("tr", {}, el("td", {}, swatch, " ", t), el("td", {}, String((byType.actor || {})[t] || 0)),
      el("td", {}, String((byType.recipient || {})[t] || 0))));
  }
  table.append(body);
  box.append(table);
}

function monthChart(box, byMonth) {
  const months = [...new Set(byMonth.map(([m]) => m))].filter(Boolean).sort();
  if (!months.length) {
    box.append(el("p", { className: "muted" }, "No dated events."));
    return;
  }
  const counts = Object.fromEntries(months.map((m) => [m, { actor: 0, recipient: 0 }]));
  for (const [m, role, n] of byMonth) if (m) counts[m][role] += n;
  const max = Math.max(...months.map((m) => counts[m].actor + counts[m].recipient), 1);
  const W = 500, H = 160, pad = 24, bw = (W - 2 * pad) / months.length;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart" });
  months.forEach((m, i) => {
    let y = H - pad;
    for (const role of ["actor", "recipient"]) {
      const h = (counts[m][role] / max) * (H - 2 * pad);
      if (!h) continue;
      y -= h;
      chart.append(svg("rect", { x: pad + i * bw + 1, y, width: Math.max(bw - 2, 1), height: h, fill: ROLE_COLOURS[role] },
        svg("title", {}, `${m}: ${counts[m][role]} as ${role}`)));
    }
  });
  chart.append(svg("text", { x: pad, y: H - 6, class: "axis" }, months[0]));
  chart.append(svg("text", { x: W - pad, y: H - 6, class: "axis", "text-anchor": "end" }, months.at(-1)));
  chart.append(svg("text", { x: 2, y: 12, class: "axis" }, String(max)));
  box.append(chart);
}

function counterparts(box, rows) {
  if (!rows.length) {
    box.append(el("p", { className: "muted" }, "None."));
    return;
  }
  box.append(el("ul", {}, ...rows.map(([name, n]) => el("li", {}, actorLink(name), ` ${n}`))));
}

async function main() {
  nav("Actors");
  const main = document.querySelector("main");
  const name = decodeURIComponent(window.location.pathname.split("/").pop());
  document.getElementById("name").textContent = name;
  try {
    const p = await api(`/actors/${encodeURIComponent(name)}`);
    document.getElementById("name").textContent = p.name;
    const countries = Object.keys(p.countries).join(", ");
    const sectors = Object.keys(p.sectors).join(", ");
    document.getElementById("meta").textContent =
      `${p.events} events${countries ? ` · country ${countries}` : ""}${sectors ? ` · sector ${sectors}` : ""}`;
    typeBars(document.getElementById("by-type"), p.by_type);
    monthChart(document.getElementById("by-month"), p.by_month);
    counterparts(document.getElementById("targets"), p.targets);
    counterparts(document.getElementById("sources"), p.sources);
    const page = await api("/events", new URLSearchParams({ actor: p.name, limit: "100" }));
    document.getElementById("count").textContent = `(${page.total} naming “${p.name}”)`;
    const list = el("ul", { className: "event-list" });
    for (const hit of page.items) {
      const v = hit.event;
      const role = v.actors.some((r) => r.name.toLowerCase() === p.name.toLowerCase()) ? "actor" : "recipient";
      list.append(el("li", {}, `${(v.date && v.date.value) || hit.published || "undated"} · ${v.type} · as ${role} · `,
        `${names(v.actors) || "?"} → ${names(v.recipients) || "-"} · `, articleLink(hit.article_id, hit.title || hit.article_id, v.id)));
    }
    document.getElementById("events").append(list);
  } catch (err) {
    showError(main, err);
  }
  document.body.dataset.ready = "1";
}

main();
