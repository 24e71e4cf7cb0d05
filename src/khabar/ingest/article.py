"""Build `Article` records: text from blocks with offsets, a content-hash id, a cheap language guess.

The id hashes the normalised title and body (the text without its title block), so the same story read
from a JSONL line (title given apart, text alone) and from a scraped dump (title as the first block) gets
the same id; case, whitespace and curly-vs-straight quotes do not change it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from khabar.records import Article, Block, BlockKind, Caption, DatePrecision, DateSource, Origin

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'})
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class Piece:
    """One block before assembly: its kind, its text, and for captions the credit."""

    kind: BlockKind
    text: str
    credit: str | None = None


def normalise(text: str) -> str:
    """The form hashed for ids: NFKC, case-folded, quotes straightened, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()).strip()


def content_id(title: str | None, body: str) -> str:
    digest = hashlib.sha256(f"{normalise(title or '')}\x1f{normalise(body)}".encode()).hexdigest()
    return digest[:16]


def body_of(text: str, blocks: list[Block]) -> str:
    """The article text without a leading title block."""
    if blocks and blocks[0].kind == "title":
        rest = [b for b in blocks if b.kind != "title"]
        return text[rest[0].start :] if rest else ""
    return text


def assemble(pieces: Iterable[Piece]) -> tuple[str, list[Block], list[Caption]]:
    """Join pieces with blank lines into the article text; each gets a Block, captions a Caption too."""
    parts: list[str] = []
    blocks: list[Block] = []
    captions: list[Caption] = []
    pos = 0
    for piece in pieces:
        text = piece.text.strip()
        if not text:
            continue
        if parts:
            pos += 2
        blocks.append(Block(piece.kind, pos, pos + len(text)))
        if piece.kind == "caption":
            captions.append(Caption(pos, pos + len(text), text, piece.credit))
        parts.append(text)
        pos += len(text)
    return "\n\n".join(parts), blocks, captions


def build(
    pieces: list[Piece],
    origin: Origin,
    *,
    published: tuple[str, DatePrecision] | None = None,
    date_source: DateSource = "none",
    source: str | None = None,
    url: str | None = None,
    author: str | None = None,
    external_id: str | None = None,
    language: str | None = None,
) -> Article:
    """An Article from its pieces (title first, if any)."""
    text, blocks, captions = assemble(pieces)
    title = next((text[b.start : b.end] for b in blocks if b.kind == "title"), None)
    return Article(
        id=content_id(title, body_of(text, blocks)),
        text=text,
        title=title,
        blocks=blocks,
        captions=captions,
        published=published[0] if published else None,
        date_precision=published[1] if published else None,
        date_source=date_source if published else "none",
        source=source,
        url=url,
        author=author,
        language=language or detect_language(text),
        origin=origin,
        external_id=external_id,
    )


# ---------------------------------------------------------------- language

#: frequent function words per language; a text's language is the one whose words it uses most
_STOPWORDS = {
    "en": "the of and to in a is that for on was with said by as at from it his be have has are were",
    "fr": "le la les de des du et en un une est que qui dans pour sur au par pas avec se il ont été",
    "es": "el la los las de del y en un una que por con para es se su al lo como más fue ha",
    "de": "der die das und den dem des ein eine ist nicht zu mit von sich auf für im dass wurde auch",
    "pt": "o a os as de do da dos das e em um uma que para com não por se foi mais ao pelo",
    "it": "il la le di del della e che un una per con non sono è al dei nel ha anche gli",
    "nl": "de het een en van in is dat op te zijn met voor niet er aan ook als bij werd",
    "tr": "ve bir bu da de için ile olarak olan çok daha gibi ama en kadar sonra",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
#: (first code point, last code point, language) for scripts that name a language well enough
_SCRIPTS = [
    (0x0600, 0x06FF, "ar"), (0x0400, 0x04FF, "ru"), (0x0590, 0x05FF, "he"), (0x0370, 0x03FF, "el"),
    (0x0900, 0x097F, "hi"), (0x4E00, 0x9FFF, "zh"), (0x3040, 0x30FF, "ja"), (0xAC00, 0xD7AF, "ko"),
    (0x0E00, 0x0E7F, "th"),
]  # fmt: skip
_TOKEN = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[\x00-\u036f\W\d_]+")  # Latin letters, and everything that is not a letter


def detect_language(text: str, sample: int = 1000) -> str | None:
    """ISO 639-1 code by script, else by function words; None when the text is too short to tell."""
    head = text[:sample]
    tokens = _TOKEN.findall(head)
    letters = sum(map(len, tokens))
    if letters < 20:
        return None
    if not head.isascii():
        beyond_latin = _LATIN.sub("", head)  # letters of other scripts
        if len(beyond_latin) > letters / 2:
            counts: dict[str, int] = {}
            for c in beyond_latin:
                o = ord(c)
                for lo, hi, lang in _SCRIPTS:
                    if lo <= o <= hi:
                        counts[lang] = counts.get(lang, 0) + 1
                        break
            if counts:
                lang, n = max(counts.items(), key=lambda kv: kv[1])
                if n > letters / 2:
                    # Persian shares the Arabic script; tell it by its own letters
                    return "fa" if lang == "ar" and any(c in head for c in "پچژگ") else lang
    if len(tokens) < 5:
        return None
    words = Counter(t.lower() for t in tokens)
    scores = {lang: sum(n for w, n in words.items() if w in vocab) for lang, vocab in _WORDS.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    return lang if best >= max(2, len(tokens) // 20) else None
