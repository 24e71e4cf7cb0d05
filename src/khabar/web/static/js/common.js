// Shared helpers for khabar's pages. Article text and every field from the API are untrusted: the DOM is built
// with el()/textContent only (no HTML parsing of data), and links only ever go to our own paths or http(s) URLs.

export const FILTERS = ["type", "modality", "country", "actor", "place", "article", "since", "until",
  "quad_class", "min_confidence", "q"];

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
    if (value !== null && value.trim() !== "") out.set(key, value.trim());
  }
  return out;
}

export function showError(container, err) {
  console.error(err); // eslint-disable-line no-console -- tests and people see failures in the console too
  const code = err.code ? `${err.code}: ` : "";
  container.append(el("p", { className: "error", role: "alert" }, `${code}${err.message}`));
}

export function nav(active) {
  const links = [["/", "Events"], ["/actors", "Actors"], ["/docs", "API"]];
  const bar = el("nav", { className: "topnav" }, el("a", { href: "/", className: "brand" }, "khabar"));
  for (const [href, label] of links) {
    bar.append(el("a", { href, className: label === active ? "active" : "" }, label));
  }
  document.body.prepend(bar);
}

export function actorLink(name) {
  return el("a", { href: `/actor/${encodeURIComponent(name)}`, className: "actor-link" }, name);
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
