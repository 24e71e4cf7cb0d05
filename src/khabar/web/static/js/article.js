// Article view: the cleaned text with every coded span highlighted (hover shows the record), and its events.
// The text is split at every annotation boundary into plain text nodes inside <span>s: nothing from the
// article is ever parsed as HTML.
import { actorLink, api, articleLink, clear, el, nav, names, readableDate, safeHref, showError } from "./common.js";

const KINDS = {
  event: "event trigger", actor: "actor", place: "place", date: "date", quote: "quote", speaker: "speaker",
  cue: "quote cue", entity: "entity",
};

function annotations(ex) {
  const out = [];
  const add = (kind, span, record, label) => {
    if (span && Number.isInteger(span.start) && span.end > span.start) out.push({ kind, start: span.start, end: span.end, record, label });
  };
  for (const e of ex.entities) add("entity", e, e, `${e.label} ${e.text}`);
  for (const a of ex.actors) for (const m of a.mentions) add("actor", m, a, `actor ${a.name}${a.country ? ` (${a.country})` : ""}`);
  for (const p of ex.places) add("place", p, p, `place ${p.name || p.text}${p.country_iso3 ? ` (${p.country_iso3})` : ""}`);
  for (const d of ex.dates) add("date", d, d, `date ${readableDate(d.value) || "?"}${d.value && readableDate(d.value) !== d.value ? ` [${d.value}]` : ""} (${d.text})`);
  for (const q of ex.quotes) {
    add("quote", q.content, q, `quote by ${q.speaker_name || (q.speaker && q.speaker.text) || "?"}`);
    add("speaker", q.speaker, q, `speaker ${q.speaker_name || ""}`);
    add("cue", q.cue, q, `cue ${q.cue ? q.cue.text : ""}`);
  }
  for (const v of ex.events) {
    add("event", v.trigger, v, `${v.id} ${v.type}: ${names(v.actors) || "?"} → ${names(v.recipients) || "-"} [${v.modality}]`);
  }
  return out;
}

// `selected`: {kind: "event" | "quote", record, region: {start, end}}: an event's sentence is underlined and its
// trigger marked; a quote's words are marked and the first piece gets id quote-<id> to scroll to.
function render(container, text, notes, selected) {
  clear(container);
  const cuts = new Set([0, text.length]);
  for (const n of notes) { cuts.add(n.start); cuts.add(n.end); }
  if (selected) { cuts.add(selected.region.start); cuts.add(selected.region.end); }
  let quoteAnchored = false;
  const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const covering = notes.filter((n) => n.start <= a && n.end >= b);
    const inSentence = selected && selected.region.start <= a && selected.region.end >= b;
    if (!covering.length && !inSentence) {
      container.append(document.createTextNode(piece));
      continue;
    }
    const span = el("span", { className: [...new Set(covering.map((n) => `hl hl-${n.kind}`))].join(" ") });
    if (inSentence) span.classList.add(selected.kind === "quote" ? "hl-selected-quote" : "hl-selected");
    if (selected && selected.kind === "event" && covering.some((n) => n.record === selected.record && n.kind === "event")) {
      span.classList.add("hl-selected-trigger");
      span.id = `trigger-${selected.record.id}`;
    }
    if (inSentence && selected.kind === "quote" && !quoteAnchored) {
      span.id = `quote-${selected.record.id}`;
      quoteAnchored = true;
    }
    span.title = covering.map((n) => n.label).join("\n");
    span.textContent = piece;
    span.addEventListener("mouseenter", () => {
      document.getElementById("record").textContent = covering.map((n) => JSON.stringify(n.record, null, 2)).join("\n\n");
    });
    container.append(span);
  }
}

function quotesTable(ex, onSelect) {
  const table = el("table", { className: "events", id: "quotes-table" });
  table.append(el("thead", {}, el("tr", {}, ...["Id", "Kind", "Speaker", "Cue", "Quote"].map((h) => el("th", {}, h)))));
  const body = el("tbody");
  for (const q of ex.quotes) {
    const speaker = q.speaker_name || (q.speaker && q.speaker.text) || "";
    const row = el("tr", { id: `qrow-${q.id}`, className: "clickable", dataset: { quote: q.id } },
      el("td", {}, el("a", { href: `#${encodeURIComponent(q.id)}` }, q.id)),
      el("td", {}, q.kind),
      el("td", {}, speaker ? actorLink(speaker) : ""),
      el("td", {}, q.cue ? q.cue.text : ""),
      el("td", { className: "sentence" }, q.content.text));
    row.addEventListener("click", () => onSelect(q));
    body.append(row);
  }
  table.append(body);
  return table;
}

// "near-copy of <link>" / "near-copies: <links>" from the store's duplicate links
function nearCopies(box, links) {
  const label = (l) => `${l.title || l.id}${l.similarity ? ` (${Math.round(l.similarity * 100)}% similar)` : ""}`;
  if (links && links.duplicate_of) {
    box.append(el("span", { className: "near-copy" }, "near-copy of ", articleLink(links.duplicate_of.id, label(links.duplicate_of))));
  }
  if (links && links.copies.length) {
    if (links.duplicate_of) box.append(" · ");
    box.append(el("span", { className: "copies" }, "near-copies of this article: ",
      ...links.copies.flatMap((c, i) => [i ? ", " : "", articleLink(c.id, label(c))])));
  }
  box.hidden = !box.firstChild;
}

function eventsTable(ex, onSelect) {
  const table = el("table", { className: "events" });
  table.append(el("thead", {}, el("tr", {}, ...["Id", "Type", "Actor", "Recipient", "Date", "Place", "Modality", "Conf."].map((h) => el("th", {}, h)))));
  const body = el("tbody");
  for (const v of ex.events) {
    const row = el("tr", { id: `row-${v.id}`, className: "clickable", dataset: { event: v.id } },
      el("td", {}, el("a", { href: `#${encodeURIComponent(v.id)}` }, v.id)),
      el("td", {}, v.type),
      el("td", {}, ...v.actors.flatMap((r, i) => [i ? ", " : "", actorLink(r.name)])),
      el("td", {}, ...v.recipients.flatMap((r, i) => [i ? ", " : "", actorLink(r.name)])),
      el("td", { title: (v.date && v.date.value) || "" },
        v.date && v.date.value ? `${readableDate(v.date.value)}${v.date.source === "published" ? " (pub.)" : ""}` : ""),
      el("td", {}, v.location && v.location.text ? v.location.text : ""),
      el("td", {}, v.modality),
      el("td", {}, v.confidence.toFixed(2)));
    row.addEventListener("click", () => onSelect(v));
    body.append(row);
  }
  table.append(body);
  return table;
}

async function main() {
  nav("");
  const main = document.querySelector("main");
  const id = decodeURIComponent(window.location.pathname.split("/").pop());
  let ex;
  try {
    ex = await api(`/articles/${encodeURIComponent(id)}`);
  } catch (err) {
    showError(main, err);
    document.body.dataset.ready = "1";
    return;
  }
  const art = ex.article;
  document.title = `khabar · ${art.title || art.id}`;
  document.getElementById("title").textContent = art.title || art.id;
  const meta = document.getElementById("meta");
  meta.append([art.published, art.source, art.author].filter(Boolean).join(" · ") || "undated");
  if (art.url) {
    meta.append(" · ", el("a", { href: safeHref(art.url), rel: "noopener noreferrer nofollow", target: "_blank" }, "source"));
  }
  meta.append(` · id ${art.id} · ${art.origin.path}:${art.origin.position}`);
  nearCopies(document.getElementById("near-copies"), ex.near_copies);
  const legend = document.getElementById("legend");
  const textBox = document.getElementById("text");
  for (const [kind, label] of Object.entries(KINDS)) {
    const box = el("input", { type: "checkbox", checked: kind !== "entity" });
    box.addEventListener("change", () => textBox.classList.toggle(`hide-${kind}`, !box.checked));
    textBox.classList.toggle(`hide-${kind}`, kind === "entity");
    legend.append(el("label", { className: `legend-item hl hl-${kind}` }, box, ` ${label}`), " ");
  }
  const notes = annotations(ex);
  // an event (#v1: its sentence and trigger) or a quote (#q1: its words) picked by the URL's hash or a click
  const select = (record) => {
    const isQuote = record && ex.quotes.includes(record);
    const picked = !record ? null : isQuote
      ? { kind: "quote", record, region: record.content }
      : { kind: "event", record, region: record.sentence };
    render(textBox, art.text, notes, picked);
    for (const row of document.querySelectorAll("tr.selected")) row.classList.remove("selected");
    if (picked) {
      document.getElementById(`${isQuote ? "qrow" : "row"}-${record.id}`)?.classList.add("selected");
      document.getElementById(`${isQuote ? "quote" : "trigger"}-${record.id}`)?.scrollIntoView({ block: "center" });
      document.getElementById("record").textContent = JSON.stringify(record, null, 2);
    }
  };
  const byHash = () => {
    const wanted = decodeURIComponent(window.location.hash.slice(1));
    return ex.events.find((v) => v.id === wanted) || ex.quotes.find((q) => q.id === wanted) || null;
  };
  document.getElementById("event-count").textContent = `(${ex.events.length})`;
  document.getElementById("events").append(eventsTable(ex, select));
  document.getElementById("quote-count").textContent = `(${ex.quotes.length})`;
  document.getElementById("quotes").append(ex.quotes.length ? quotesTable(ex, select) : el("p", { className: "muted" }, "No quotes."));
  select(byHash());
  window.addEventListener("hashchange", () => {
    const record = byHash();
    if (record) select(record);
  });
  document.body.dataset.ready = "1";
}

main();
