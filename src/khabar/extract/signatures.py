"""Quotes signed outside a sentence: headline and transcript labels ("Sanders: ...", "WALLACE: ..."),
quotations signed with a dash (“...” ― Karen Bobadilla) and quotations introduced by a clause ending in a
colon ("17-year-old Jared Potts echoed:" then the quotation, whatever the verb)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span as SpacySpan

from khabar.extract.quote_spans import SUBJECTS, Draft, doc_text, end_char, np_range, np_span
from khabar.extract import cues
from khabar.extract.cues import LABEL_WORDS
from khabar.extract.quote_marks import QuoteMarks


def colon_labels(doc: Doc, blocks: list[tuple[int, int]] | None) -> list[Draft]:
    """Headline and transcript style: "Sanders: Clinton must talk policy", "WALLACE: Let's start"."""
    out = []
    text = doc_text(doc)
    starts = [b[0] for b in blocks] if blocks else [0] + [m.end() for m in re.finditer("\n", text)]
    for char in starts:
        if ":" not in text[char : char + 80]:
            continue  # most blocks: no label, no need to look at tokens
        while char < len(text) and text[char] in ' \t"“':
            char += 1  # a transcript pasted as a quotation: "PENCE: Well, look, ...
        span = doc.char_span(char, min(len(text), char + 80), alignment_mode="contract")
        if span is None:
            continue
        colon = next((t for t in span[:8] if t.text == ":"), None)
        if colon is None or colon.i == span.start:
            continue
        label = doc[span.start : colon.i]
        words = [t for t in label if not t.is_space]
        quoted = label.start > 0 and doc[label.start - 1].is_sent_start and doc[label.start - 1].is_quote
        opens = label[0].is_sent_start or quoted
        if any(t.is_space or t.text in ".!?" for t in label) or not opens:
            continue  # a label is one short phrase opening the block
        if not words or any(t.pos_ in ("AUX", "NUM") or t.lower_ in LABEL_WORDS or t.like_num for t in words):
            continue
        # headline casing fools the tagger ("Pence/NOUN", "Poll/ADJ"): trust capitals, not parts of speech
        if not (words[0].is_title or words[0].is_upper) or any(t.pos_ == "VERB" and not t.is_title for t in words):
            continue
        if _is_place(doc, label):
            continue  # "BEIRUT:" is a dateline
        if not (all(t.is_upper for t in words) or _names_source(doc, label)):
            continue  # "Little Relief for Refugees:", "Stealth Over Health:": a section title, nobody speaking
        end_tok = colon.sent.end if colon.sent.end > colon.i + 1 else doc[colon.i + 1].sent.end
        if all(t.is_upper for t in words):  # a transcript turn ("PENCE: ..."): the whole paragraph is his
            line_end = text.find("\n", colon.idx)
            last = doc.char_span(colon.idx, line_end if line_end > 0 else len(text), alignment_mode="contract")
            end_tok = last.end if last is not None else end_tok
        rest = [t for t in doc[colon.i + 1 : end_tok] if not t.is_space]
        rest = rest[: next((k for k, t in enumerate(rest) if "\n" in t.text_with_ws), len(rest) - 1) + 1]
        if len(rest) < 3:
            continue
        start, end = rest[0].idx, end_char(rest[-1])
        out.append(Draft(start, end, cue=(colon.idx, colon.idx + 1), speaker=np_range(doc, words[0].i, words[-1].i)))
    return out


# label heads that speak for a source without a name: "Poll: ...", "Report: ...", "Newspaper: ..."
_SOURCE_LABELS = frozenset(
    "poll polls survey report study analysis newspaper paper editorial guide fact-check review memo sources".split()
)
# entity kinds that can speak: a person, a body, a people, a country ("Iran: ...", "Poll: ...")
_SPEAKING_ENTS = frozenset("PERSON ORG NORP GPE".split())


def _names_source(doc: Doc, label: SpacySpan) -> bool:
    """A label that names who speaks: one word, a person, organisation, people or country among its words
    (NER), or a source noun ("Poll:", "Newspaper:"); a section title ("The Gap Goes On:") names nobody."""
    if len([t for t in label if not t.is_punct]) == 1 or any(t.lower_ in _SOURCE_LABELS for t in label):
        return True  # "Trump:", "Historians:" (one word: a name or a group), "Poll:"
    return any(e.label_ in _SPEAKING_ENTS and label.start <= e.start < label.end for e in doc.ents)


def _is_place(doc: Doc, label: SpacySpan) -> bool:
    """A place name, by the NER or by khabar_places (which runs before quotes in the pipeline)."""
    if any(e.label_ in ("GPE", "LOC") and e.start <= label.start and label.end <= e.end for e in doc.ents):
        return True
    places = doc._.khabar_places or []
    return any(p.start <= label.start_char and label.end_char <= p.end for p in places)


def dash_signature(doc: Doc, mark: QuoteMarks) -> tuple[SpacySpan, tuple[int, int]] | None:
    """“...” ― Karen Bobadilla: a quotation signed with a dash and a name (speaker, cue = the dash); also
    the short closing clause of `closing_signature` (“...,” Viguerie notes.)."""
    text = doc_text(doc)
    i = mark.end
    while i < len(text) and text[i] in " \t\u00a0":
        i += 1
    if i >= len(text) or text[i] not in "―—–":
        return closing_signature(doc, mark)
    j = i + 1
    while j < len(text) and text[j] in " \t\u00a0":
        j += 1
    span = doc.char_span(j, text.find("\n", j) if "\n" in text[j:] else len(text), alignment_mode="contract")
    if span is None:
        return None
    name = []
    for tok in span:
        joiner = bool(name) and (tok.text in (".", "-", "'") or tok.lower_ in ("al", "de", "van", "von", "bin"))
        if tok.is_title or tok.is_upper or joiner:
            name.append(tok)
        else:
            break
    while name and name[-1].is_punct:
        name.pop()
    if not name or len(name) > 6:
        return None
    return doc[name[0].i : name[-1].i + 1], (i, i + 1)


def colon_introducer(doc: Doc, mark: QuoteMarks) -> tuple[SpacySpan, tuple[int, int]] | None:
    """A clause ending in a colon right before a quotation ("Potts echoed:", "the group wrote on its site:"):
    its subject is the speaker and its main verb the cue, whatever the verb."""
    text = doc_text(doc)
    i = mark.start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == 0 or text[i - 1] != ":":
        return None
    colon = doc.char_span(i - 1, i, alignment_mode="expand")
    if colon is None:
        return None
    sent = colon[0].sent
    root = sent.root
    if root.pos_ not in ("VERB", "AUX") or root.i > colon[0].i:
        return None
    subject = next((c for c in root.children if c.dep_ in SUBJECTS and c.dep_ != "csubj"), None)
    if subject is None or subject.lower_ in ("it", "there", "this", "that"):
        return None
    return np_span(subject), (root.idx, end_char(root))


_SUBJECT_PRONOUNS = frozenset("he she they i we".split())
_NOT_CUES = frozenset("is was are were has had have does did will would can could".split())


def closing_signature(doc: Doc, mark: QuoteMarks) -> tuple[SpacySpan, tuple[int, int]] | None:
    """“...,” Viguerie notes. / “...,” Oliver barked.: a quotation ending in a comma (or ? !) and closed by
    a short clause of a name and one verb, which the parser often misreads ("notes", "answers" as plural
    nouns) or which no lexicon lists: that name is the speaker and the word after it the cue."""
    text = doc_text(doc)
    if mark.inner_end < 1 or text[mark.inner_end - 1] not in ",?!":
        return None
    inverted = _inverted_signature(doc, mark)
    if inverted is not None:
        return inverted
    stop = len(text)
    for ch in ".\n":
        at = text.find(ch, mark.end)
        stop = min(stop, at + 1 if at >= 0 else stop)
    if stop - mark.end > 80 or text[stop - 1] != ".":
        return None
    span = doc.char_span(mark.end, stop, alignment_mode="contract")
    words = [t for t in span if not (t.is_punct or t.is_space)] if span is not None else []
    if not 2 <= len(words) <= 6:
        return None
    name = []
    for tok in words:
        if tok.is_title or tok.lower_ in _SUBJECT_PRONOUNS and not name:
            name.append(tok)
        else:
            break
    if not name or len(name) > 4 or len(name) == len(words) or name[0].lower_ in _SUBJECT_PRONOUNS and len(name) > 1:
        return None
    verb = words[len(name)]
    past_or_present = verb.lower_.endswith(("s", "ed")) or verb.tag_ in ("VBD", "VBZ")
    if not verb.is_alpha or not verb.is_lower or verb.lower_ in _NOT_CUES or not past_or_present:
        return None
    if verb.pos_ != "VERB" and verb.lemma_.lower() not in cues.SPEECH_VERBS | cues.MANNER_VERBS:
        return None  # "“...,” Obamacare opponents argue": a plural noun is a cue only when it is a speech word
    if any(t.pos_ in ("VERB", "AUX") for t in words[len(name) + 1 :]):
        return None  # "..., Smith said he would ...": a clause of its own, for the verb rules
    return doc[name[0].i : name[-1].i + 1], (verb.idx, end_char(verb))


_NAME_STOPS = frozenset("ADP VERB AUX SCONJ PRON CCONJ".split())


def _inverted_signature(doc: Doc, mark: QuoteMarks) -> tuple[SpacySpan, tuple[int, int]] | None:
    """“...,” said Robert Reich, who served ...: a quotation closed by a speech verb and then a name, which
    the parser may read as the subject of what follows the name ("said X, angered that ...") and so leave
    the quotation unsigned. The verb is the cue and the name, up to its comma, the speaker."""
    text = doc_text(doc)
    line_end = text.find("\n", mark.end)
    span = doc.char_span(mark.end, min(len(text), mark.end + 200, line_end if line_end >= 0 else len(text)),
                         alignment_mode="contract")
    words = [t for t in span if not t.is_space] if span is not None else []
    if len(words) < 2:
        return None
    verb = words[0]
    if not verb.is_lower or verb.tag_ not in ("VBD", "VBZ") or verb.lower_ in _NOT_CUES:
        return None
    if verb.pos_ != "VERB" and verb.lemma_.lower() not in cues.SPEECH_VERBS:
        return None  # “...,” recalled Mr. Rhodes: any verb in that slot signs the quotation
    name = []
    for tok in words[1:]:
        if tok.is_punct or tok.pos_ in _NAME_STOPS or tok.ent_type_ in ("DATE", "TIME"):
            break
        name.append(tok)
    if not name or len(name) > 8 or not (name[0].is_title or name[0].lower_ in ("the", "a", "an")):
        return None
    if not any(t.pos_ == "PROPN" for t in name) or name[-1].pos_ not in ("PROPN", "NOUN"):
        return None
    return doc[name[0].i : name[-1].i + 1], (verb.idx, end_char(verb))
