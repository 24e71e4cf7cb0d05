"""Actor coding (country, sector) on the PLOVER gold-standard sentences (plover_gsr/dev.json).

Each record gives the sentence and its source/target actors: the actor text as it appears in the sentence
(`actorText`; a "..." gap keeps the part before it), a `code` (ISO alpha-3 country, or IGO/NGO/IMG/ISM for
actors with no country) and for some a `sector` (GOV, MIL, REB, ...; suffixes such as "REBsna" are cut to
three letters, "***" means none). The sentence runs through khabar (spaCy + khabar_actors only), the actor
text is located in it, and `actor_at` on that span gives khabar's code (media included). Figures:
country accuracy over all located actors (gold IGO/NGO/IMG/ISM mean "no country"; older CAMEO codes such as
JAP are mapped to ISO), sector accuracy over actors with a gold sector (an IGO/NGO code counts as the
sector), and both together where both are given. No actor found at the span counts as wrong.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

NO_COUNTRY = {"IGO", "NGO", "IMG", "ISM", "MNC", "UAF"}
CAMEO_TO_ISO = {"JAP": "JPN", "VTN": "VNM", "ROM": "ROU", "GER": "DEU", "DEN": "DNK", "ZAR": "COD", "BUR": "MMR"}


def gold_items(path: Path) -> list[tuple[str, int, int, str | None, str | None]]:
    """(sentence, start, end, gold country, gold sector) per located actor."""
    items = []
    for rec in json.loads(path.read_text(encoding="utf-8")):
        text = rec.get("text") or ""
        for role in ("source", "target"):
            actors = rec.get(role)
            if not isinstance(actors, list):
                continue
            for actor in actors:
                surface = (actor.get("actorText") or "").split(" ... ")[0].strip()
                start = text.find(surface) if surface else -1
                if start < 0:
                    continue
                code = (actor.get("code") or "").upper()
                country = None if code in NO_COUNTRY else CAMEO_TO_ISO.get(code, code) or None
                sector = (actor.get("sector") or "")[:3].upper()
                if sector in ("", "***"):
                    sector = code if code in ("IGO", "NGO") else None
                items.append((text, start, start + len(surface), country, sector))
    return items


def run(bench_dir: Path, quick: bool = False) -> list[dict]:
    from khabar.extract.actors import actor_at
    from khabar.pipeline import build_nlp

    path = Path(bench_dir) / "plover_gsr" / "dev.json"
    items = gold_items(path)
    if quick:
        items = items[:80]
    nlp = build_nlp(stages=("khabar_actors",))
    start = time.perf_counter()
    docs = {}
    for text in dict.fromkeys(t for t, *_ in items):
        docs[text] = nlp(text)
    country_ok = sector_ok = both_ok = sector_n = both_n = 0
    for text, s, e, g_country, g_sector in items:
        doc = docs[text]
        span = doc.char_span(s, e, alignment_mode="expand")
        ref = actor_at(doc, span, include_media=True) if span is not None else None
        p_country = ref.country if ref else None
        p_sector = ref.sector if ref else None
        if g_sector == "IGO" and p_sector == "IGO":
            p_country = None
        country_ok += ref is not None and p_country == g_country
        if g_sector:
            sector_n += 1
            sector_ok += ref is not None and p_sector == g_sector
            both_n += 1
            both_ok += ref is not None and p_sector == g_sector and p_country == g_country
    seconds = round(time.perf_counter() - start, 1)
    n = len(items)
    row = {"dataset": "plover_gsr/dev", "seconds": seconds}
    return [
        {**row, "task": "actor country code", "metric": "accuracy", "value": round(country_ok / n, 4), "items": n},
        {**row, "task": "actor sector code", "metric": "accuracy", "value": round(sector_ok / max(1, sector_n), 4),
         "items": sector_n},
        {**row, "task": "actor country+sector", "metric": "accuracy", "value": round(both_ok / max(1, both_n), 4),
         "items": both_n},
    ]


if __name__ == "__main__":
    for r in run(Path(sys.argv[1]), quick="--quick" in sys.argv):
        print(r)
