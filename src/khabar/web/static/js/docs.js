// API docs without a CDN: render the app's own /openapi.json as a list of endpoints and their parameters.
import { el, nav, showError } from "./common.js";

function schemaText(schema) {
  if (!schema) return "";
  if (schema.anyOf) return schema.anyOf.map(schemaText).filter((t) => t !== "null").join(" | ");
  return schema.type || (schema.$ref ? schema.$ref.split("/").pop() : "");
}

async function main() {
  nav("API");
  const box = document.getElementById("endpoints");
  try {
    const spec = await fetch("/openapi.json").then((r) => r.json());
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const params = (op.parameters || []).map((p) => el("tr", {},
          el("td", {}, el("code", {}, p.name)), el("td", {}, p.in), el("td", {}, schemaText(p.schema)),
          el("td", {}, p.description || (p.schema && p.schema.description) || "")));
        const example = method === "get" && !path.includes("{") ? el("a", { href: path }, "try it") : "";
        box.append(el("section", { className: "endpoint" },
          el("h2", {}, el("code", {}, `${method.toUpperCase()} ${path}`), " ", example),
          el("p", {}, op.summary || ""),
          params.length ? el("table", { className: "events" },
            el("thead", {}, el("tr", {}, ...["Parameter", "In", "Type", "Meaning"].map((h) => el("th", {}, h)))),
            el("tbody", {}, ...params)) : el("p", { className: "muted" }, "No parameters.")));
      }
    }
  } catch (err) {
    showError(box, err);
  }
  document.body.dataset.ready = "1";
}

main();
