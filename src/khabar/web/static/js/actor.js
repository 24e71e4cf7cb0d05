// One actor: counts by role and type, a monthly timeline by role, counterparts, the events naming them and the
// quotes they said. `?dedupe=true` (the "hide near-copies" box) leaves near-copy articles out of both lists.
import {
  actorLink, api, articleLink, currentFilters, dedupeToggle, el, names, nav, quoteItem, readableDate, showError, svg,
  typeColour,
} from "./common.js";

const QUOTES_SHOWN = 50;

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

// Quotes whose speaker matches the name (the speaker's canonical name or any mention of them, as /api/quotes does)
async function drawQuotes(name, dedupe) {
  const params = new URLSearchParams({ speaker: name, limit: String(QUOTES_SHOWN) });
  if (dedupe) params.set("dedupe", "true");
  const page = await api("/quotes", params);
  const more = page.total > page.items.length ? `, ${page.items.length} shown` : "";
  document.getElementById("quote-count").textContent = `(${page.total} by “${name}”${more})`;
  const box = document.getElementById("quotes");
  if (!page.items.length) {
    box.append(el("p", { className: "muted" }, "No quotes from this speaker."));
  } else {
    box.append(el("ul", { className: "quote-list" }, ...page.items.map(quoteItem)));
  }
  const search = new URLSearchParams({ speaker: name });
  if (dedupe) search.set("dedupe", "true");
  box.append(el("p", {}, el("a", { href: `/quotes?${search}`, id: "all-quotes" }, "Search all quotes →")));
}

async function main() {
  nav("Actors");
  const main = document.querySelector("main");
  const name = decodeURIComponent(window.location.pathname.split("/").pop());
  const dedupe = currentFilters().get("dedupe") === "true";
  document.getElementById("name").textContent = name;
  dedupeToggle(document.getElementById("dedupe-box"));
  const quotes = drawQuotes(name, dedupe).catch((err) => showError(document.getElementById("quotes"), err));
  try {
    const p = await api(`/actors/${encodeURIComponent(name)}`).catch((err) => {
      if (err.status !== 404) throw err;
      return null; // a speaker who is in no event still has a page: their quotes
    });
    if (!p) {
      document.getElementById("meta").textContent = "No events name this actor.";
      for (const id of ["by-type", "by-month", "targets", "sources", "events"]) {
        document.getElementById(id).append(el("p", { className: "muted" }, "None."));
      }
      await quotes;
      document.body.dataset.ready = "1";
      return;
    }
    document.getElementById("name").textContent = p.name;
    const countries = Object.keys(p.countries).join(", ");
    const sectors = Object.keys(p.sectors).join(", ");
    document.getElementById("meta").textContent =
      `${p.events} events${countries ? ` · country ${countries}` : ""}${sectors ? ` · sector ${sectors}` : ""}`;
    typeBars(document.getElementById("by-type"), p.by_type);
    monthChart(document.getElementById("by-month"), p.by_month);
    counterparts(document.getElementById("targets"), p.targets);
    counterparts(document.getElementById("sources"), p.sources);
    const params = new URLSearchParams({ actor: p.name, limit: "100" });
    if (dedupe) params.set("dedupe", "true");
    const page = await api("/events", params);
    document.getElementById("count").textContent = `(${page.total} naming “${p.name}”)`;
    const list = el("ul", { className: "event-list" });
    for (const hit of page.items) {
      const v = hit.event;
      const role = v.actors.some((r) => r.name.toLowerCase() === p.name.toLowerCase()) ? "actor" : "recipient";
      list.append(el("li", {}, `${readableDate((v.date && v.date.value) || hit.published) || "undated"} · ${v.type} · as ${role} · `,
        `${names(v.actors) || "?"} → ${names(v.recipients) || "-"} · `, articleLink(hit.article_id, hit.title || hit.article_id, v.id)));
    }
    document.getElementById("events").append(list);
  } catch (err) {
    showError(main, err);
  }
  await quotes;
  document.body.dataset.ready = "1";
}

main();
