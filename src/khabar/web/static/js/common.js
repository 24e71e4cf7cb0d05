// Shared helpers for khabar's pages. Article text and every field from the API are untrusted: the DOM is built
// with el()/textContent only (no HTML parsing of data), and links only ever go to our own paths or http(s) URLs.

export const FILTERS = ["type", "modality", "country", "actor", "place", "article", "since", "until",
  "quad_class", "min_confidence", "q", "dedupe"];
const TRUE = new Set(["true", "1", "on", "yes"]);

export const QUAD_NAMES = { 0: "uncoded", 1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict" };
export const QUAD_COLOURS = { 0: "#9aa0a6", 1: "#4c9be8", 2: "#2e9e5b", 3: "#f0a030", 4: "#d7263d" };

// el("a", {href: "/x", className: "y"}, "text", child) -> element; strings become text nodes
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "on") for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else if (key === "href") node.setAttribute("href", safeHref(value));
    else node[key] = value;
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  append(node, children);
  return node;
}

// Only our own paths and http(s) URLs become links: `javascript:` and friends from article metadata never do.
export function safeHref(value) {
  const text = String(value);
  if (text.startsWith("/") && !text.startsWith("//")) return text;
  try {
    const url = new URL(text);
    if (url.protocol === "http:" || url.protocol === "https:") return url.href;
  } catch (_) { /* not a URL */ }
  return "#";
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export class ApiError extends Error {
  constructor(status, body) {
    const err = (body && body.error) || {};
    super(err.message || `HTTP ${status}`);
    this.status = status;
    this.code = err.code || "";
  }
}

export async function api(path, params) {
  const qs = params ? `?${params.toString()}` : "";
  const res = await fetch(`/api${path}${qs}`, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

// The page's filters, from its own URL: a filtered view is a shareable link.
export function currentFilters() {
  const here = new URLSearchParams(window.location.search);
  const out = new URLSearchParams();
  for (const key of FILTERS) {
    const value = here.get(key);
    if (key === "dedupe") {
      if (dedupeOn()) out.set("dedupe", "true"); // one spelling, and "false" means the same as absent
    } else if (value !== null && value.trim() !== "") {
      out.set(key, value.trim());
    }
  }
  return out;
}

// "hide near-copies": on when the page's URL says dedupe=true; links between pages carry it along
export function dedupeOn() {
  return TRUE.has((new URLSearchParams(window.location.search).get("dedupe") || "").trim().toLowerCase());
}

// A "hide near-copies" checkbox for pages without a filter form: ticking it reloads the page with dedupe=true.
export function dedupeToggle(container) {
  const box = el("input", { type: "checkbox", id: "f-dedupe", checked: dedupeOn() });
  box.addEventListener("change", () => {
    const params = new URLSearchParams(window.location.search);
    params.delete("offset"); // another set of rows: start at the first page
    if (box.checked) params.set("dedupe", "true");
    else params.delete("dedupe");
    const qs = params.toString();
    window.location.assign(`${window.location.pathname}${qs ? `?${qs}` : ""}${window.location.hash}`);
  });
  container.append(el("label", { className: "check", title: "leave out articles that are near-copies of an earlier one" },
    box, " hide near-copies"));
}

export function withDedupe(path) {
  if (!dedupeOn()) return path;
  return `${path}${path.includes("?") ? "&" : "?"}dedupe=true`;
}

// Previous/next links under a paginated list: this page's URL (its filters kept) at another offset, and between
// them "first–last of total" (`count`: text after the total, e.g. "+" for a capped count; null: no range).
export function pager(container, page, offset, pageSize, { back = "← newer", forward = "older →", count = "" } = {}) {
  const link = (off, label) => {
    const p = new URLSearchParams(window.location.search);
    p.set("offset", String(off));
    return el("a", { href: `${window.location.pathname}?${p}` }, label);
  };
  const shown = page.items.length;
  if (offset > 0) container.append(link(Math.max(0, offset - pageSize), back), " ");
  if (count !== null) container.append(`${page.total ? offset + 1 : 0}–${offset + shown} of ${page.total}${count}`);
  if (offset + shown < page.total) container.append(...(count === null ? [] : [" "]), link(offset + pageSize, forward));
}

export function showError(container, err) {
  console.error(err); // eslint-disable-line no-console -- tests and people see failures in the console too
  const code = err.code ? `${err.code}: ` : "";
  container.append(el("p", { className: "error", role: "alert" }, `${code}${err.message}`));
}

export function nav(active) {
  const links = [["/", "Events"], ["/actors", "Actors"], ["/quotes", "Quotes"], ["/docs", "API"]];
  const bar = el("nav", { className: "topnav" }, el("a", { href: "/", className: "brand" }, "khabar"));
  for (const [href, label] of links) {
    bar.append(el("a", { href: withDedupe(href), className: label === active ? "active" : "" }, label));
  }
  document.body.prepend(bar);
}

export function actorLink(name) {
  return el("a", { href: withDedupe(`/actor/${encodeURIComponent(name)}`), className: "actor-link" }, name);
}

export function articleLink(articleId, label, eventId) {
  const hash = eventId ? `#${encodeURIComponent(eventId)}` : "";
  return el("a", { href: `/article/${encodeURIComponent(articleId)}${hash}`, className: "article-link" }, label);
}

// Load the npm-built vendor scripts (make web-assets) only when the server says they are there.
export async function loadVendor(scripts, styles) {
  for (const href of styles) {
    document.head.append(el("link", { rel: "stylesheet", href }));
  }
  for (const src of scripts) {
    await new Promise((resolve, reject) => {
      const tag = el("script", { src });
      tag.addEventListener("load", resolve);
      tag.addEventListener("error", () => reject(new Error(`cannot load ${src}`)));
      document.head.append(tag);
    });
  }
}

export function typeColour(type) {
  // a stable colour per event type: hue from a string hash
  let h = 0;
  for (const ch of String(type)) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${h}, 65%, 45%)`;
}

export function names(refs) {
  return (refs || []).map((r) => r.name).join(", ");
}

// One stored quote (an /api/quotes item) as a list entry: who, the cue, speech or stance, the words (a link that
// opens the article with the quote highlighted) and the article it is from.
export function quoteItem(hit) {
  const q = hit.quote;
  const speaker = q.speaker_name || (q.speaker && q.speaker.text) || "unknown speaker";
  const words = q.direct ? `“${q.content.text}”` : q.content.text;
  return el("li", { className: "quote-item", dataset: { article: hit.article_id, quote: q.id } },
    el("span", { className: "muted" }, `${hit.published || "undated"} · `),
    el("span", { className: `kind kind-${q.kind}`, title: q.kind === "stance" ? "a position taken" : "words said" }, q.kind),
    " ", actorLink(speaker), " ",
    el("span", { className: "cue", title: "the word that introduces the quote" }, q.cue ? q.cue.text : "(no cue)"),
    ": ",
    el("a", { href: `/article/${encodeURIComponent(hit.article_id)}#${encodeURIComponent(q.id)}`, className: "quote-link" }, words),
    el("span", { className: "muted" }, " · "),
    articleLink(hit.article_id, hit.title || hit.source || hit.article_id),
    hit.source && hit.title ? el("span", { className: "muted" }, ` (${hit.source})`) : null);
}

// A TIMEX3 value as a reader would say it ("2025-05-11TEV" -> "2025-05-11 evening"). Display only: the stored
// value is unchanged and goes in the element's title, so the exact value is one hover away.
const DAY_PARTS = { MO: "morning", MI: "midday", AF: "afternoon", EV: "evening", NI: "night", DT: "daytime" };
const SEASONS = { SP: "spring", SU: "summer", FA: "autumn", WI: "winter" };
const REFS = { PRESENT_REF: "now", PAST_REF: "the past", FUTURE_REF: "the future" };
export function readableDate(value) {
  if (!value) return "";
  const v = String(value);
  let m;
  if (REFS[v]) return REFS[v];
  if ((m = /^(\d{4}-\d{2}-\d{2})T(MO|MI|AF|EV|NI|DT)$/.exec(v))) return `${m[1]} ${DAY_PARTS[m[2]]}`;
  if ((m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/.exec(v))) return `${m[1]} ${m[2]}`;
  if ((m = /^(\d{4})-W(\d{2})-WE$/.exec(v))) return `weekend of week ${+m[2]}, ${m[1]}`;
  if ((m = /^(\d{4})-W(\d{2})$/.exec(v))) return `week ${+m[2]} of ${m[1]}`;
  if ((m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(v))) return `${SEASONS[m[2]]} ${m[1]}`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(v))) return `Q${m[2]} ${m[1]}`;
  if ((m = /^(\d{4})-H([12])$/.exec(v))) return `${m[2] === "1" ? "first" : "second"} half of ${m[1]}`;
  if ((m = /^(\d{3})X$/.exec(v))) return `${m[1]}0s`;
  if ((m = /^(\d{2})XX$/.exec(v))) return `${m[1]}00s`;
  if ((m = /^XXXX-(\d{2}(?:-\d{2})?)$/.exec(v))) return `${m[1]} (year unknown)`;
  return v;
}
