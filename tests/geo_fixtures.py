"""One gazetteer for all geo tests: built once per session in a temporary data dir."""

from __future__ import annotations

import pytest

from khabar.geo import gazetteer as gz


@pytest.fixture(scope="session")
def gaz(tmp_path_factory):
    """The built gazetteer, also installed as khabar's process-wide one (the khabar_places stage uses it)."""
    directory = tmp_path_factory.mktemp("khabar-data")
    g = gz.open_gazetteer(directory)
    gz.set_gazetteer(g)
    return g


@pytest.fixture(scope="session")
def geo_doc(nlp, gaz):
    """geo_doc(text) -> Doc run through the whole pipeline, with places from the test gazetteer."""
    from conftest import make_article

    def _run(text: str):
        article = make_article(text)
        doc = nlp.make_doc(article.text)
        doc._.article = article
        return nlp(doc)

    return _run
