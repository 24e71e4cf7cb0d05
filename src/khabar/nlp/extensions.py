"""The `Doc._` extensions khabar's components read and write.

`doc._.article` is set before the pipeline runs (the Article, for its publication date and blocks);
each stage component then sets its own list of records. Defaults are None, never a shared mutable list.
"""

from __future__ import annotations

from spacy.tokens import Doc

#: extension name -> what sets it
EXTENSIONS = {
    "article": "pipeline (before nlp.pipe)",
    "khabar_dates": "khabar_dates component (extract/dates.py)",
    "khabar_places": "khabar_places component (geo/places.py)",
    "khabar_entities": "khabar_actors component (extract/actors.py)",
    "khabar_actors": "khabar_actors component (extract/actors.py)",
    "khabar_quotes": "khabar_quotes component (extract/quotes.py)",
    "khabar_events": "khabar_events component (extract/events.py)",
}


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
