// Quotes page: search stored quotes by speaker (and kind); the URL's query string is the state, as on the
// events page, so a search is a shareable link. Each quote opens its article with the words highlighted.
import { api, dedupeOn, el, nav, pager, quoteItem, showError } from "./common.js";

const PAGE_SIZE = 50;
const here = new URLSearchParams(window.location.search);
const offset = Math.max(0, parseInt(here.get("offset") || "0", 10) || 0);
const speaker = (here.get("speaker") || "").trim();
const kind = ["speech", "stance"].includes(here.get("kind")) ? here.get("kind") : "";

function fillForm() {
  document.getElementById("f-speaker").value = speaker;
  document.getElementById("f-kind").value = kind;
  document.getElementById("f-dedupe").checked = dedupeOn();
  // empty fields stay out of the URL, so shared links are short
  document.getElementById("quote-filters").addEventListener("submit", () => {
    for (const input of document.querySelectorAll("#quote-filters input, #quote-filters select")) {
      input.disabled = input.value.trim() === "" || (input.type === "checkbox" && !input.checked);
    }
  });
}

async function drawList() {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  if (speaker) params.set("speaker", speaker);
  if (kind) params.set("kind", kind);
  if (dedupeOn()) params.set("dedupe", "true");
  const page = await api("/quotes", params);
  const who = speaker ? ` by “${speaker}”` : "";
  document.getElementById("count").textContent = `(${page.total}${who})`;
  const list = document.getElementById("list");
  if (!page.items.length) {
    list.append(el("p", { className: "muted" }, speaker ? `No quotes from a speaker matching “${speaker}”.` : "No quotes stored."));
  } else {
    list.append(el("ul", { className: "quote-list", id: "quote-list" }, ...page.items.map(quoteItem)));
  }
  pager(document.getElementById("pager"), page, offset, PAGE_SIZE);
}

async function main() {
  nav("Quotes");
  fillForm();
  await drawList().catch((err) => showError(document.getElementById("list"), err));
  document.body.dataset.ready = "1";
}

main();
