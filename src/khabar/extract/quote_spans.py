"""What the attribution rules share: the `Draft` they return and small span helpers (noun phrases without
edge punctuation, the medium named by a noun, headline casing), and the content helpers more than one rule
needs: the quotation next to a cue, a told clause the parser hung on the addressee, where a reported clause
stops before a second attribution, and which cue sits in another cue's argument (one attribution). A leaf
module: spaCy, coref's sentence helpers and cues.py only."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract.coref import sentence_of, sentence_starts
from khabar.extract.cues import (
    ADDRESSEE_VERBS,
    CLAUSE_VERBS,
    CONTENT_PREPS,
    MANNER_VERBS,
    MEDIUM_NOUNS,
    NP_SPEECH_VERBS,
    SPEECH_VERBS,
    STANCE_VERBS,
    medium_of_words,
)
from khabar.extract.quote_marks import QuoteMarks

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
SAID_TO = frozenset({"say", "explain", "announce", "write", "speak", "reply", "complain"})  # "said to reporters"
PARTICIPLE_CUES = SPEECH_VERBS | STANCE_VERBS | frozenset({"echo", "cite", "refer", "call"})


@dataclass(slots=True)
class Draft:
    """A quote before it becomes a record: character offsets and the speaker as a spaCy span."""

    start: int
    end: int
    cue: tuple[int, int] | None = None
    speaker: SpacySpan | None = None
    addressee: tuple[int, int] | None = None
    medium: str | None = None
    direct: bool = False
    kind: str = "speech"
    rest: tuple[int, int] | None = None  # "<A>, he said, <B>": the side of the cue that is not the content
    confidence: float | None = None  # a learned step's probability (back-off, tagger); None from the rules


def np_span(head: Token) -> SpacySpan:
    return np_range(head.doc, head.left_edge.i, head.right_edge.i)


def np_range(doc: Doc, lo: int, hi: int) -> SpacySpan:
    """Tokens lo..hi without edge punctuation (a closing bracket stays when its opener is inside)."""
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        if doc[hi].text in ")]" and any(t.text in "([" for t in doc[lo:hi]):
            break
        if doc[hi].text == "%" and doc[hi - 1].like_num:
            break  # "42%" is a share of respondents, not a number followed by punctuation
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    return doc[lo : hi + 1]


def narrow_medium_noun(speaker: SpacySpan | None) -> tuple[SpacySpan | None, str | None]:
    """"the statement from Raggi's office" -> speaker "Raggi's office", medium statement."""
    if speaker is None:
        return None, None
    root = speaker.root
    medium = MEDIUM_NOUNS.get(root.lemma_.lower())
    if medium is None or root.pos_ != "NOUN":
        return speaker, None
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return np_span(pobj), medium
    poss = next((c for c in root.children if c.dep_ == "poss"), None)  # "the ministry's statement"
    if poss is not None:
        return np_span(poss), medium
    return speaker, medium


def before_medium_pp(last: Token, head: Token) -> Token:
    """"more school investment in a statement": the medium phrase belongs to the cue, not the content."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "on", "during") and prep.i > head.i:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            medium = pobj is not None and (pobj.lemma_.lower() in MEDIUM_NOUNS or pobj.text == "X")
            if medium and prep.i - 1 >= head.left_edge.i:
                return prep.doc[prep.i - 1]
    return last


def negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def headline_cased(sent: SpacySpan) -> bool:
    """A headline in title case ("Iran Seeks to Turn 'New Page' in Ties with Lebanon"): most words
    capitalised, short function words aside. The tagger reads such lines poorly, and they state no
    position of their own."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.8 * len(words) and sent[-1].text != ","


_HEADLINE_KEY = ("khabar", "quotes_headline")


def headline_at(token: Token) -> bool:
    """headline_cased of the token's sentence, worked out once per sentence: the cue rules ask it of every
    cue, and `Token.sent` walks the sentence on each call (coref's cached bounds slice it instead)."""
    doc = token.doc
    memo = doc.user_data.get(_HEADLINE_KEY)
    if memo is None or len(memo) != len(doc):  # a list by token index: user data may go through msgpack
        memo = doc.user_data[_HEADLINE_KEY] = [None] * len(doc)
    start = sentence_starts(doc)[token.i]
    found = memo[start]
    if found is None:
        found = memo[start] = headline_cased(sentence_of(token))
    return found


# lemmas the tagger gets wrong for cue verbs: "hopes"/"hoped"/"hoping" -> "hop"
_LEMMA_FIXES = {"hope": "hope", "hopes": "hope", "hoped": "hope", "hoping": "hope"}


def cue_lemma(token: Token) -> str:
    """The lower-cased lemma of a cue word, with the tagger's known slips mended."""
    return _LEMMA_FIXES.get(token.lower_) or token.lemma_.lower()


def end_char(token: Token) -> int:
    return token.idx + len(token)


_TEXT_KEY = ("khabar", "quotes_text")


def known_text(doc: Doc) -> str:
    """doc.text without building it: a doc made from its article's text (the pipeline's and the tests' way;
    ingest keeps that text byte for byte) has that very string, which spares spaCy's join of every token.
    A doc whose article does not span it to the character, last word included, builds its own."""
    article = doc._.article
    if article is not None and len(doc):
        text, last = article.text, doc[-1]
        end = last.idx + len(last.text_with_ws)
        if len(text) == end and text.startswith(last.text, last.idx) and text.startswith(doc[0].text, doc[0].idx):
            return text
    return doc.text


def doc_text(doc: Doc) -> str:
    """doc.text, built once per doc: spaCy joins every token on each access, and the rules ask often."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = known_text(doc)
    return text


def forget_text(doc: Doc) -> None:
    """Drop the cached text once the stage is done: it would travel with the doc between processes."""
    doc.user_data.pop(_TEXT_KEY, None)
    doc.user_data.pop(_HEADLINE_KEY, None)
    doc.user_data.pop("khabar_speaker_ents", None)  # speakers.ENTS_KEY (speakers imports this module)
    doc.user_data.pop("khabar_speaker_names", None)  # speakers.NAMES_KEY


def addressee_of(verb: Token, draft: Draft) -> tuple[int, int] | None:
    """"told Lebanese officials", "said to reporters", "in an interview with Asharq al-Awsat"."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.idx >= draft.start and child.idx < draft.end:
            continue
        if lemma in ADDRESSEE_VERBS and child.dep_ in ("dobj", "dative") and child.lower_ not in ("that", "this", "it"):
            span = np_span(child)
            return span.start_char, span.end_char
        if child.dep_ == "prep" and child.lower_ == "to" and lemma in SAID_TO:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                span = np_span(pobj)
                return span.start_char, span.end_char
        if child.dep_ == "prep" and child.lower_ == "in":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() == "interview":
                for prep in pobj.children:
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if prep.lower_ in ("with", "to") and obj is not None:
                        span = np_span(obj)
                        return span.start_char, span.end_char
    return None


def medium_of(verb: Token, draft: Draft) -> str | None:
    """Words of the cue clause outside the content: "tweeted", "on Twitter", "in a statement"."""
    lemmas = [verb.lemma_.lower()]
    for child in verb.children:
        if child.tag_ == "VBG" and child.lemma_.lower() in PARTICIPLE_CUES:
            continue  # "..., echoing a report from X": that report is another attribution's medium
        if child.dep_ in ("prep", "agent", "advcl", "npadvmod"):
            for tok in child.subtree:
                if not (draft.start <= tok.idx < draft.end):
                    lemmas.append(tok.lemma_.lower())
                    if tok.text == "X" and child.lower_ == "on":  # "on X", the renamed Twitter
                        lemmas.append("twitter")
    return medium_of_words(lemmas)


def before_cue_participle(doc: Doc, lo: Token, hi: Token) -> Token:
    """"said Kasich should leave, echoing a memo from ...": a participle cue after a comma starts an
    attribution of its own, so the content ends before it."""
    for tok in doc[lo.i + 2 : hi.i + 1]:
        if tok.tag_ != "VBG" or tok.dep_ not in ("advcl", "xcomp", "conj") or tok.lemma_.lower() not in PARTICIPLE_CUES:
            continue
        comma = tok.i - 1
        while comma > lo.i and doc[comma].is_quote:  # “...,” adding that ...
            comma -= 1
        if comma - 1 >= lo.i and doc[comma].text == ",":
            return doc[comma - 1]
    return hi


# cue verbs whose conjoined clause is an attribution of its own (before_own_attribution): "said X is Y,
# and he railed against Z" -- the prepositional and manner cues too
_OWN_CUES = SPEECH_VERBS | STANCE_VERBS | CLAUSE_VERBS | MANNER_VERBS | NP_SPEECH_VERBS | frozenset(CONTENT_PREPS)


def before_own_attribution(doc: Doc, lo: Token, hi: Token) -> Token:
    """"Republicans said they were convinced X, and Democrats accused the GOP of Y": a conjoined clause
    with its own subject and its own cue verb is a second attribution, not more of what was said."""
    for conj in doc[lo.i + 1 : hi.i + 1]:  # the conjunct may hang on a clause inside the content
        if conj.dep_ != "conj" or conj.pos_ != "VERB" or cue_lemma(conj) not in _OWN_CUES:
            continue
        if not any(c.dep_ in SUBJECTS and c.lower_ not in ("who", "that", "which") for c in conj.children):
            continue
        stop = conj.left_edge.i - 1
        while stop > lo.i and (doc[stop].dep_ == "cc" and doc[stop].head == conj.head or doc[stop].is_punct):
            stop -= 1
        if stop > lo.i:
            return doc[stop]
    return hi


def contact_clause(verb: Token) -> tuple[int, int] | None:
    """"told the forum he was against the war": with no "that", the parser reads the told clause as a
    relative clause on the addressee; a relative clause has a relative word, a told clause a plain subject."""
    if cue_lemma(verb) not in ADDRESSEE_VERBS:
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i), None)
    clause = next((c for c in obj.children if c.dep_ == "relcl" and c.i > obj.i), None) if obj is not None else None
    if clause is None:
        return None
    subject = next((c for c in clause.children if c.dep_ in SUBJECTS), None)
    first = clause.left_edge
    if subject is None or subject.left_edge != first or any(t.tag_ in ("WP", "WDT", "WP$") for t in subject.subtree):
        return None  # "told the voters who came ...", "told the crowd whose votes ...": a real relative clause
    if subject.lower_ == "that":
        return None
    return first.idx, end_char(clause.right_edge)


def quoted_instead(
    doc: Doc, verb: Token, speaker: SpacySpan | None, marks: list[QuoteMarks], span: tuple[int, int]
) -> tuple[int, int]:
    """A clause before the cue that the parser took for its content, when a quotation is what was said:
    "Asked whether ..., she said, “No.”" (the quotation after the cue), "His verdict: “Not good,” he said"
    (a lead-in label before a colon is not said)."""
    after = adjacent_quote(doc, verb, speaker, marks, after_only=True)
    if after is not None and after[0] > verb.idx:
        return after
    before = adjacent_quote(doc, verb, speaker, marks)
    if before is not None and span[0] < before[0] <= span[1] and ":" in doc_text(doc)[span[0] : before[0]]:
        return before
    return span


def adjacent_quote(
    doc: Doc, verb: Token, speaker: SpacySpan | None, marks: list[QuoteMarks], after_only: bool = False
) -> tuple[int, int] | None:
    """A quotation right before the cue clause (“...” he said) or right after it (He said: “...”).
    `after_only`: the one after, and only when none comes right before."""
    text = doc_text(doc)
    left = min(verb.idx, speaker.start_char if speaker is not None else verb.idx)
    right = verb.idx + len(verb)
    for child in verb.rights:  # "he told reporters: “...”" -- the clause ends after its objects
        if child.dep_ in ("dobj", "dative", "npadvmod", "prep", "advmod") and not child.is_punct:  # "adding later:"
            if doc[child.left_edge.i - 1].is_quote:
                break  # "said, “Not this time.”": the parser hung the quotation's words on the cue
            right = max(right, end_char(child.right_edge))
    for mark in marks:
        if mark.end <= left and "\n" not in text[mark.end : left] and not text[mark.end : left].strip(" ,\t—–-"):
            return None if after_only else (mark.inner_start, mark.inner_end)  # never across a paragraph break
        if mark.start >= right and text[right : mark.start].strip() in (":", ",", ":-", ""):
            gap = text[right : mark.start]
            if ":" in gap or "," in gap:
                return mark.inner_start, mark.inner_end
    return None


_COMPLEMENTS = frozenset({"ccomp", "xcomp", "acomp", "dobj", "attr", "csubj", "oprd", "pobj", "pcomp"})


def reported_within(doc: Doc, inner: Draft, outer: Draft) -> bool:
    """"Song said Clinton had said the plan would fail", "refused to confirm that ...", "according to a poll,
    most voters believe ...": a cue inside the argument of another cue is part of what the outer source
    said or did. PolNeAR never puts one attribution's cue inside another's content (not once in its 824
    single-annotator train texts) and marks the outer one here. The inner cue must hang on the outer cue through its clause,
    object or prepositional object (then complements only): a conjoined or adverbial cue ("said A and
    added B", "after the police announced") is an attribution of its own. Held out on train: dropping
    these drafts gains content and source F1 on both halves (4 of ~7,400 matched gold lost on one)."""
    if inner.cue is None or outer.cue is None or not outer.start <= inner.cue[0] < inner.cue[1] <= outer.end:
        return False
    if outer.start <= outer.cue[0] < outer.end:
        return False  # a cue inside its own content: a quotation within a quotation
    cue = doc.char_span(*inner.cue, alignment_mode="expand")
    top = doc.char_span(*outer.cue, alignment_mode="expand")
    if cue is None or top is None:
        return False
    if top[0].lower_ == "according":  # "Most voters believe X, according to a poll": the poll's finding
        return True  # (on train gold marks the inner cue too in 5 of 57 such pairs)
    heads = {t.i for t in top}
    token = cue.root
    if token.pos_ == "NOUN" and any(c.dep_ == "poss" for c in token.children):
        return False  # "questioned the senator's claim that ...": the noun's owner is a source of its own
    while token.head.i != token.i and token.head.i not in heads:
        if token.dep_ not in _COMPLEMENTS:
            return False
        token = token.head
    return token.head.i in heads and token.dep_ in ("ccomp", "xcomp", "dobj", "prep")
