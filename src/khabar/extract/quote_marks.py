"""Quotation-mark pairing: the quoted stretches of a text, found on characters rather than tokens, because
spaCy splits "’s" and "’" the same way and because a quote may run over several paragraphs. Pairing restarts
at each paragraph; a stray or unclosed mark in one paragraph does not re-pair the marks after it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Double quotation marks that open / close by themselves; the straight '"' is decided by its neighbours.
_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_STRAIGHT_DOUBLE = '"‟'
# Characters after which a straight or single quote mark opens rather than closes.
_OPENING_CONTEXT = " \t\n\r([{—–-/:;"


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """One quoted stretch of text: [start, end) with the marks, [inner_start, inner_end) without them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    double: bool = True

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def _blocks(text: str, blocks: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Paragraph ranges: the article's blocks, else lines split on newlines."""
    if blocks:
        return sorted(blocks)
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _double_mark(text: str, i: int) -> tuple[str, int] | None:
    """('open'|'close'|'inch', length) when a double quotation mark starts at i ('' and `` count as one).

    A straight mark reads its direction from its neighbours: after a space, a paragraph start or an
    opening bracket/dash and before a non-space it opens; otherwise it closes. After a digit it is
    an inch mark ('12" pipe') unless it is the only thing that can close a quotation open before it."""
    ch = text[i]
    pair = text[i : i + 2]
    if pair == "``":
        return "open", 2
    if pair == "''":
        before = text[i - 1] if i > 0 else " "
        return ("open" if before in _OPENING_CONTEXT else "close"), 2
    if ch in _OPEN_DOUBLE:  # a “ after a word and before a space, a bracket or the end is a mistyped ”
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        shut = before not in _OPENING_CONTEXT and (after.isspace() or after in "[]()")
        return ("close" if shut else "open"), 1
    if ch in _CLOSE_DOUBLE:  # a ” that starts a paragraph is a mistyped “
        before = text[i - 1] if i > 0 else "\n"
        after = text[i + 1] if i + 1 < len(text) else " "
        return ("open" if before in "\n\r" and not after.isspace() else "close"), 1
    if ch in _STRAIGHT_DOUBLE:
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if before in _OPENING_CONTEXT and not after.isspace():
            return "open", 1
        if before.isdigit():
            return "inch", 1
        return "close", 1
    return None


def _starts_with_open_mark(text: str, start: int, end: int) -> int:
    """Length of the opening double mark a paragraph begins with (after spaces), else 0."""
    i = start
    while i < end and text[i].isspace():
        i += 1
    if i < end:
        mark = _double_mark(text, i)
        if mark and mark[0] == "open":
            return i - start + mark[1]
    return 0


def _continues(text: str, open_at: int, length: int, end: int) -> bool:
    """Whether a quotation left open at a paragraph's end may run on into the next paragraph.

    News style continues only whole-sentence quotations over paragraphs: the quoted words do not start
    in lower case and the paragraph ends a sentence (or a clause). A partial quotation left open mid-sentence
    ('called it a "disaster, the mayor said.') is a stray mark, and joining it to the next paragraph's
    quotation would swallow the real cue between them."""
    inner = text[open_at + length : end].lstrip(" \t.…")
    tail = text[open_at + length : end].rstrip()
    return bool(inner) and not inner[0].islower() and tail[-1:] in ".!?…:—–-,;)"


def _sentence_end(text: str, start: int, end: int) -> int:
    """End of the last sentence that finishes in [start, end), else end: where a stray open mark's
    stretch stops when a new quotation opens after it in the same paragraph."""
    cut = end
    for hit in re.finditer(r"[.!?…](?=\s)", text[start:end]):
        cut = start + hit.end()
    return cut


def _stray(text: str, open_at: tuple[int, int], pos: int) -> bool:
    """Whether an opening mark at pos shows that the quotation open since open_at was never closed.

    Writers nest with the other style ("... read the question: “As you know ...” ...") and sometimes
    with the same one around a word or two (“... what he calls “hell” than ...”); a same-style opening
    mark after a finished sentence is a new quotation ('a "disgrace. The governor said "it held"'),
    unless it opens a new line of the block: that is the multi-paragraph convention again."""
    curly = text[open_at[0]] in _OPEN_DOUBLE + _CLOSE_DOUBLE
    if curly != (text[pos] in _OPEN_DOUBLE + _CLOSE_DOUBLE):
        return False
    line = text.rfind("\n", open_at[0], pos)
    if line >= 0 and not text[line:pos].strip():  # a line that re-opens a whole-sentence quotation continues it
        return not _continues(text, open_at[0], open_at[1], line)
    return _sentence_end(text, open_at[0] + open_at[1], pos) < pos


def find_quote_marks(text: str, blocks: list[tuple[int, int]] | None = None) -> list[QuoteMarks]:
    """Every double-quoted stretch, then single-quoted ones outside them; sorted by start.

    A double quote left open at the end of a paragraph continues when the next paragraph opens with a
    quotation mark (the newspaper convention for multi-paragraph quotes) and it quotes whole sentences;
    otherwise it ends there, so one paragraph's stray mark never shifts the pairing of the next ones.
    A same-style opening mark met after a finished sentence of an open quotation means the earlier mark
    was stray (see `_stray`): its stretch ends at its last full sentence, unclosed, and the new one opens.
    A mark after a digit (12" pipe) closes only a quotation that nothing
    later in the paragraph could close. The scan visits only the characters that can be marks (one regex
    pass per paragraph), not every character.
    """
    paragraphs = _blocks(text, blocks)
    found: list[QuoteMarks] = []
    open_at: tuple[int, int] | None = None  # (position, mark length)
    for k, (start, end) in enumerate(paragraphs):
        i = start
        if open_at is not None:  # continuing from the paragraph before: skip this paragraph's opening mark
            i = start + _starts_with_open_mark(text, start, end)
        hits = (hit.start() for hit in _DOUBLE_RE.finditer(text, i, end))
        marks = [(pos, mark) for pos in hits if (mark := _double_mark(text, pos))]
        nested = None  # whether a quotation in the other style is open inside the open one (curly or not)
        for n, (pos, (kind, length)) in enumerate(marks):
            curly = text[pos] in _OPEN_DOUBLE + _CLOSE_DOUBLE
            if kind == "open" and open_at is not None and _stray(text, open_at, pos):
                cut = _sentence_end(text, open_at[0] + open_at[1], pos)
                found.append(QuoteMarks(open_at[0], cut, open_at[0] + open_at[1], cut))
                open_at, nested = None, None
            if kind == "open" and open_at is not None and curly != (text[open_at[0]] in _OPEN_DOUBLE + _CLOSE_DOUBLE):
                nested = curly
            elif nested is not None and kind == "close" and curly == nested:
                nested = None  # the inner quotation's closing mark
            elif kind == "open" and open_at is None:
                open_at = (pos, length)
            elif kind == "inch" and (open_at is None or any(m[1][0] in ("close", "inch") for m in marks[n + 1 :])):
                continue
            elif kind != "open" and open_at is not None:
                found.append(QuoteMarks(open_at[0], pos + length, open_at[0] + open_at[1], pos))
                open_at, nested = None, None
        if open_at is not None:
            nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
            if (
                nxt is None
                or not _starts_with_open_mark(text, nxt[0], nxt[1])
                or not _continues(text, open_at[0], open_at[1], end)
            ):
                if text[open_at[0] + open_at[1] : end].strip():  # a lone mark at the end quotes nothing
                    found.append(QuoteMarks(open_at[0], end, open_at[0] + open_at[1], end))
                open_at = None
    found.extend(_single_quotes(text, paragraphs, found))
    return sorted(found, key=lambda q: q.start)


# the characters (and `` / '' pairs) that can be double marks; the pairs come first, as in _double_mark
_DOUBLE_RE = re.compile(r"``|''|[" + re.escape(_OPEN_DOUBLE + _CLOSE_DOUBLE + _STRAIGHT_DOUBLE) + "]")
_SINGLE_RE = re.compile("[‘'`’]")


def _single_quotes(text: str, paragraphs: list[tuple[int, int]], doubles: list[QuoteMarks]) -> list[QuoteMarks]:
    """‘…’ and '…' pairs, never apostrophes: an opener follows a space and precedes a letter; a closer
    follows a non-space and precedes a non-letter ("Iran’s", "don't" and "’90s" are neither)."""
    out = []
    starts = [q.start for q in doubles]  # doubles are found in text order and never overlap
    for start, end in paragraphs:
        open_at = None
        for hit in _SINGLE_RE.finditer(text, start, end):
            i = hit.start()
            k = bisect_right(starts, i) - 1
            if k >= 0 and i < doubles[k].end:
                continue
            ch = text[i]
            before = text[i - 1] if i > start else " "
            after = text[i + 1] if i + 1 < end else " "
            if ch in "‘'`" and before in _OPENING_CONTEXT and after.isalnum() and open_at is None:
                if not (after.isdigit() and text[i + 1 : i + 4].rstrip("s").isdigit()):  # '90s
                    open_at = i
            elif ch in "’'" and open_at is not None and not before.isspace() and not after.isalnum():
                if i - open_at <= 300:
                    out.append(QuoteMarks(open_at, i + 1, open_at + 1, i, double=False))
                open_at = None
    return out
