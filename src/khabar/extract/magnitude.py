"""Magnitude of an event: how many were killed, injured or arrested, when the sentence says so.

Counts come from numbers attached to a casualty word in the parse: "killing 12", "12 people were
killed", "killed at least 12 civilians", "left three dead", "shot dead five demonstrators", "wounding five
others", "the death toll rose to 30", "arrested 40 protesters". Vague quantities ("a number of", "dozens",
"scores", "hundreds", "several") give no number: the count is unknown, and khabar records only stated figures.
A range or approximation ("about 30", "at least 30", "more than 30") records its stated figure, 30.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import LEMMA, LOWER
from spacy.strings import StringStore
from spacy.tokens import Span as SpacySpan, Token

_KILL = frozenset({"kill", "murder", "slay", "massacre", "slaughter", "execute", "behead", "dead", "die", "death",
                   "fatality", "body", "corpse", "assassinate", "lynch"})
_INJURE = frozenset({"injure", "wound", "hurt", "injured", "wounded", "injury", "casualty", "maim"})
_ARREST = frozenset({"arrest", "detain", "apprehend", "nab", "round", "jail", "imprison", "capture", "held",
                     "hold", "custody", "detention", "arrested", "detained"})
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "a": 1, "an": 1,
}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE = frozenset({"dozens", "scores", "hundreds", "thousands", "several", "many", "number", "some", "few", "numerous"})


def parse_number(tok: Token) -> int | None:
    """12 / 1,200 / twelve / twenty-five / 3 million -> int; vague words -> None."""
    text = tok.lower_.replace(",", "")
    if text in _VAGUE:
        return None
    if re.fullmatch(r"\d+", text):
        value = int(text)
    elif text in _WORDS and text not in ("a", "an"):
        value = _WORDS[text]
    elif "-" in text and all(p in _WORDS for p in text.split("-")):
        value = sum(_WORDS[p] for p in text.split("-"))
    else:
        return None
    if value < 10:
        # the tokenizer splits "twenty-five" at the hyphen and the parser hangs "twenty" on "five"
        tens = [c for c in tok.lefts if c.dep_ in ("compound", "nummod", "quantmod") and c.i >= tok.i - 2
                and _WORDS.get(c.lower_, 0) in range(20, 100, 10)]
        value += _WORDS[tens[0].lower_] if tens else 0
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in _SCALE and nxt.head == tok.head:
        value *= _SCALE[nxt.lower_]
    return value


def _count_of(noun: Token) -> int | None:
    """A number that quantifies `noun` ("12 people", "twelve", or the noun itself a number)."""
    if noun.like_num:
        return parse_number(noun)
    for child in noun.children:
        if child.dep_ == "nummod":
            if any(g.lower_ in _VAGUE for g in child.children):
                return None
            return parse_number(child)
    # "at least 12 of them", "12 others"
    return None


def _kind(lemma: str) -> str | None:
    if lemma in _KILL:
        return "killed"
    if lemma in _INJURE:
        return "injured"
    if lemma in _ARREST:
        return "arrested"
    return None


#: lower-case form hash -> whether `parse_number` could read it (digits, a number word, "twenty-five")
_NUMLIKE: dict[int, bool] = {}


def _numlike(text: str) -> bool:
    text = text.replace(",", "")
    if text in _VAGUE:
        return False
    return (bool(re.fullmatch(r"\d+", text)) or (text in _WORDS and text not in ("a", "an"))
            or ("-" in text and all(p in _WORDS for p in text.split("-"))))


def _memo(table: dict, h: int, strings: StringStore, test: Callable[[str], object]):
    """`test` of the string with id `h`, kept per id: vocab ids are stable within a process."""
    hit = table.get(h, table)
    if hit is table:  # not seen yet (None is a valid answer)
        if len(table) >= 200_000:  # keyed by word: a long stream would grow it without end
            table.clear()
        hit = table[h] = test(strings[h])
    return hit


def _lemma_kind(lemma: str) -> str | None:
    return _kind(lemma.lower())


#: lemma / lower-case form hash -> casualty kind (None for most words)
_LEMMA_KIND: dict[int, str | None] = {}
_LOWER_KIND: dict[int, str | None] = {}


def magnitude_in(sent: SpacySpan, doc_cols: list[list[int]] | None = None) -> dict[str, int]:
    """killed / injured / arrested counts stated in the sentence (the largest figure per kind).

    `doc_cols` is the whole document's `to_array([LEMMA, LOWER]).tolist()` when the caller has it: reading
    the array per sentence made the cost quadratic in document length."""
    found: dict[str, int] = {}
    if not len(sent):
        return found
    doc, strings = sent.doc, sent.doc.vocab.strings
    # ids, not strings: a token's strings are read only for casualty words, and only where the sentence
    # has a number-like word at all (every count comes from `parse_number` on a token of the sentence;
    # parse heads and children stay in it)
    if doc_cols is None:
        doc_cols = doc.to_array([LEMMA, LOWER]).tolist()
    cols = doc_cols[sent.start : sent.end]
    if not any(_memo(_NUMLIKE, lower, strings, _numlike) for _, lower in cols):
        return found

    def note(kind: str | None, value: int | None) -> None:
        if kind and value is not None and value > 0:
            found[kind] = max(found.get(kind, 0), value)

    for off, (lemma_id, lower_id) in enumerate(cols):
        kind = (_memo(_LEMMA_KIND, lemma_id, strings, _lemma_kind)
                or _memo(_LOWER_KIND, lower_id, strings, _kind))
        if kind is None:
            continue
        tok = doc[sent.start + off]
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX"):
            # active: "killing 12", "killed 12 people"; passive: "12 people were killed"
            for child in tok.children:
                if child.dep_ in ("dobj", "nsubjpass", "obj"):
                    note(kind, _count_of(child))
                    for cj in child.conjuncts:  # "killed 12 soldiers and 3 civilians"
                        value = _count_of(cj)
                        if value is not None and kind in found:
                            found[kind] += value
                elif child.dep_ == "nsubj" and lemma in ("die",):
                    note(kind, _count_of(child))
            # reduced relative / participle: "12 people killed", "five others wounded"
            if tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN":
                note(kind, _count_of(tok.head))
        elif tok.pos_ == "ADJ" and tok.dep_ in ("amod", "acomp", "oprd", "ccomp", "xcomp"):
            # "left three dead", "12 were dead"
            head = tok.head
            note(kind, _count_of(head) if head.pos_ in ("NOUN", "NUM", "PRON") else None)
            for child in head.children:
                # "shot dead at least four marchers": the object the parser left as an npadvmod after "dead"
                late = child.dep_ == "npadvmod" and child.i > tok.i
                # "five demonstrators were shot dead": the passive subject
                if (child.dep_ in ("dobj", "nsubj", "nsubjpass") or late) and child is not tok:
                    note(kind, _count_of(child))
        elif tok.pos_ in ("NOUN", "PROPN"):
            # "the death toll rose to 30", "30 deaths", "12 casualties"
            note(kind, _count_of(tok))
            if lemma in ("death", "toll") or (tok.dep_ == "compound" and tok.head.lemma_ == "toll"):
                verb = tok.head if tok.dep_ == "nsubj" else tok.head.head if tok.dep_ == "compound" else None
                if verb is not None:
                    for prep in verb.children:
                        if prep.dep_ == "prep" and prep.lower_ in ("to", "at"):
                            for obj in prep.children:
                                if obj.dep_ == "pobj":
                                    note(kind, _count_of(obj))
                        elif prep.dep_ in ("attr", "dobj"):
                            note(kind, _count_of(prep))
    return found
