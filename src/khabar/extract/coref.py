"""A small rule-based coreference for actors: surnames, title-only mentions and he/she subjects.

- "Kadhimi", "Abu Ragheef", "Salam" join the full name they end ("Mustafa al-Kadhimi"), nearest first;
- "the prime minister", "the top Iranian diplomat", "Iraq PM" join the latest person introduced with that
  title (and a compatible country);
- "he"/"she" as the subject of a verb joins the most recent salient person subject: the subject of a
  sentence root or a reporting verb wins over a subject buried in a subordinate clause (no gender check);
- "it"/"they" join an organisation, country or group only inside a clause it reports ("Lebanon said it ...");
- "the group", "the militant organisation" join the latest group or organisation named before them that fits
  (an armed modifier needs an armed group or a gang).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span as SpacySpan, Token

#: name particles ignored when comparing names ("al-Kadhimi" == "Kadhimi")
PARTICLES = {"al", "el", "-", " al-", "el-", "'", "’"}
REPORTING = {
    "say", "tell", "add", "note", "explain", "announce", "state", "affirm", "stress", "tweet", "write", "warn",
    "declare", "insist", "confirm", "deny", "claim", "argue", "urge", "ask", "accuse", "reply", "assert", "report",
    "indicate", "reveal", "emphasize", "emphasise", "underline", "pledge", "vow", "threaten", "demand", "call",
}
#: titles that answer for each other: "the top diplomat" may be the foreign minister or the ambassador
TITLE_FAMILIES = {
    "Diplomat": {"Foreign Minister", "Ambassador", "Envoy", "Diplomat", "Secretary of State"},
    "Foreign Minister": {"Foreign Minister", "Secretary of State"},
    "Prime Minister": {"Prime Minister"},
    "Official": {"Official", "Minister", "Foreign Minister", "Ambassador", "Spokesperson"},
    "Leader": {"Leader", "Secretary General", "President", "Prime Minister", "Chairman", "Head", "Chief"},
}
PRONOUNS = {"he", "she"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@dataclass(slots=True)
class Mention:
    """One mention of a (future) actor: token span, head token, cluster key and the codes it shows."""

    start: int
    end: int
    head: int
    source: str  # name, known, org, country, group, generic, title, proxy, pronoun, surname
    key: str
    kind: str
    name: str = ""
    country: str | None = None
    sector: str | None = None
    title: str | None = None
    subject: bool = False
    rootish: bool = False
    stateless: bool = False  # multinational or deliberately without a country: no fallback country


_SENT_BOUNDS = "khabar_sent_bounds"


def _sentence_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Token index -> start and end (exclusive) of its sentence, both from one walk over `doc.sents`, cached in
    `doc.user_data`: `Token.sent` walks the whole sentence on every call, and the rules ask it per token (lists
    of ints: the user data travels through msgpack between processes)."""
    bounds = doc.user_data.get(_SENT_BOUNDS)
    if bounds is None or len(bounds[0]) != len(doc):
        starts, ends = [0] * len(doc), [0] * len(doc)
        for sent in doc.sents:
            width = sent.end - sent.start
            starts[sent.start : sent.end] = [sent.start] * width
            ends[sent.start : sent.end] = [sent.end] * width
        bounds = doc.user_data[_SENT_BOUNDS] = [starts, ends]
    return bounds[0], bounds[1]


def sentence_starts(doc: Doc) -> list[int]:
    """Token index -> index of the first token of its sentence (cached per Doc)."""
    return _sentence_bounds(doc)[0]


def sentence_ends(doc: Doc) -> list[int]:
    """Token index -> end (exclusive) of its sentence (cached per Doc)."""
    return _sentence_bounds(doc)[1]


def sentence_of(tok: Token) -> SpacySpan:
    """`tok.sent` from the cached indexes: a slice, not a walk over the sentence."""
    doc = tok.doc
    return doc[sentence_starts(doc)[tok.i] : sentence_ends(doc)[tok.i]]


def tokens_in(doc: Doc, lowers) -> list[Token]:
    """The tokens whose lower-case form is one of `lowers`, in order: an array compare, not a Token per word."""
    column = doc.to_array(LOWER)
    hit = numpy.zeros(len(doc), dtype=bool)
    for word in lowers:
        hit |= column == numpy.uint64(doc.vocab.strings[word])  # string hashes are uint64
    return [doc[int(i)] for i in numpy.flatnonzero(hit)]


def name_key(words: list[str]) -> tuple[str, ...]:
    """Comparable form of a person name: lower case, particles and punctuation dropped."""
    out: list[str] = []
    for w in words:
        w = w.lower().replace("’", "'")
        for p in ("al-", "el-"):
            if w.startswith(p) and len(w) > len(p):
                w = w[len(p):]
        if w in PARTICLES or not any(ch.isalnum() for ch in w):
            continue
        out.append(w)
    return tuple(out)


def link_surnames(doc: Doc, persons: list[Mention]) -> None:
    """Give each short person mention the key of the fuller name it ends (nearest before, else after)."""
    full = [m for m in persons if m.source == "name"]
    keys = {id(m): name_key([t.text for t in doc[m.start : m.end]]) for m in full}
    # longest names settle first, so a short name joins a key that no longer changes
    for m in sorted(full, key=lambda x: -len(keys[id(x)])):
        mine = keys[id(m)]
        best: Mention | None = None
        for other in full:
            theirs = keys[id(other)]
            if not mine or len(theirs) <= len(mine) or theirs[-len(mine) :] != mine:
                continue
            if best is None or _closer(m, other, best):  # nearest before, then nearest after
                best = other
        if best is not None:
            m.key = best.key
            m.source = "surname"


def _closer(m: Mention, a: Mention, b: Mention) -> bool:
    def rank(x: Mention) -> tuple[int, int]:
        return (0, m.start - x.start) if x.start < m.start else (1, x.start - m.start)

    return rank(a) < rank(b)


def titles_match(wanted: str, have: str | None) -> bool:
    if have is None:
        return False
    return have == wanted or have in TITLE_FAMILIES.get(wanted, ())


def link_title(mention: Mention, earlier: list[Mention]) -> Mention | None:
    """The latest titled person before `mention` whose title and country fit it."""
    for other in reversed(earlier):
        if other.kind != "person" or other.start >= mention.start or other.source not in ("name", "surname"):
            continue
        if not titles_match(mention.title or "", other.title):
            continue
        if mention.country and other.country and mention.country != other.country:
            continue
        return other
    return None


def is_rootish(tok: Token) -> bool:
    """A subject whose verb is its sentence's root or a reporting verb (the salient subject)."""
    verb = tok.head
    return verb.dep_ == "ROOT" or verb.lemma_.lower() in REPORTING


def subject_token(doc: Doc, m: Mention) -> Token | None:
    """The token through which the mention is a subject, if it is one."""
    head = doc[m.head]
    if head.dep_ in SUBJECT_DEPS:
        return head
    if head.dep_ in ("compound", "poss", "appos") and head.head.dep_ in SUBJECT_DEPS:
        return head.head
    return None


def resolve_pronouns(doc: Doc, persons: list[Mention], lookback: int = 4) -> list[Mention]:
    """Mentions for he/she subjects, each joined to the most recent salient person subject."""
    out: list[Mention] = []
    pool = sorted(persons, key=lambda m: m.start)
    sents: list[SpacySpan] = []
    sent_index: dict[int, int] = {}
    for tok in tokens_in(doc, PRONOUNS):
        if tok.dep_ not in SUBJECT_DEPS or tok.head.pos_ not in ("VERB", "AUX"):
            continue
        if not sents:  # the sentence index, only for an article with a he/she subject
            sents = list(doc.sents)
            for n, sent in enumerate(sents):
                for t in sent:
                    sent_index[t.i] = n
        target = _antecedent(tok, pool, sents, sent_index, lookback)
        if target is None:
            continue
        m = Mention(
            tok.i, tok.i + 1, tok.i, "pronoun", target.key, "person",
            subject=True, rootish=is_rootish(tok),
        )
        out.append(m)
        pool.append(m)
        pool.sort(key=lambda x: x.start)
    return out


def resolve_it_they(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Lebanon said it would not allow ...": it/they in a clause reported by an organisation, country or
    group joins that reporter (only there: elsewhere "it" is too often the weather or the situation)."""
    by_head: dict[int, Mention] = {}
    for m in mentions:
        if m.kind in ("organization", "country", "group") and m.source != "pronoun":
            by_head.setdefault(m.head, m)
    out: list[Mention] = []
    for tok in tokens_in(doc, ("it", "they")):
        if tok.dep_ not in SUBJECT_DEPS:
            continue
        node = tok.head
        for _ in range(3):
            if node.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or node.head is node:
                break
            node = node.head
            if node.lemma_.lower() not in REPORTING:
                continue
            subj = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
            target = by_head.get(subj.i) if subj is not None else None
            if target is not None and (tok.lower_ == "they" or target.kind != "group" or doc[target.head].tag_ != "NNS"):
                out.append(Mention(tok.i, tok.i + 1, tok.i, "pronoun", target.key, target.kind))
            break
    return out


def _antecedent(tok: Token, pool: list[Mention], sents: list[SpacySpan], sent_index: dict[int, int], lookback: int) -> Mention | None:
    here = sent_index.get(tok.i, 0)
    for n in range(here, max(-1, here - lookback - 1), -1):
        cands = [m for m in pool if sent_index.get(m.head) == n and m.kind == "person" and m.start < tok.i]
        if not cands:
            continue
        subjects = [m for m in cands if m.subject]
        roots = [m for m in subjects if m.rootish]
        if roots:
            return roots[-1]
        if subjects:
            return subjects[-1]
        if n < here:  # a person named (not as subject) in an earlier sentence is still a fair guess
            return cands[-1]
    return None


#: nouns by which a text refers back to a named group ("the group said", "the militant organisation")
GROUP_ANAPHORS = frozenset({"group", "organization", "organisation", "movement", "outfit", "faction"})
#: modifiers that say the group is armed: it must be an armed group (REB) or a gang (CRM)
_ARMED = frozenset({"terrorist", "militant", "armed", "rebel", "jihadist", "extremist", "insurgent", "islamist",
                    "criminal", "militia", "terror", "jihadi", "separatist"})
#: sectors "the group" does not refer back to: states and their forces, outlets
_NOT_GROUPS = frozenset({"GOV", "MIL", "COP", "SPY", "JRN"})


def link_group_anaphor(doc: Doc, tok: Token, start: int, mentions: list[Mention], window: int = 120) -> Mention | None:
    """"the group", "the terrorist organization" with no name of its own: the latest group or organisation
    named before it (within `window` tokens; "a criminal gang" too) that fits its modifiers, as a mention of
    that actor.
    Not "the group of protesters" (it says who) nor "a group" (a new one)."""
    if tok.lower_ not in GROUP_ANAPHORS or tok.tag_ != "NN":
        return None
    kids = list(tok.children)
    if not any(k.dep_ == "det" and k.lower_ == "the" for k in kids) or any(
            k.dep_ in ("prep", "appos", "poss", "acl", "relcl") or (k.dep_ == "compound" and k.pos_ == "PROPN") for k in kids):
        return None
    armed = any(k.lower_ in _ARMED for k in kids if k.dep_ in ("amod", "compound"))
    for m in sorted(mentions, key=lambda x: x.start, reverse=True):
        if m.start >= start or m.start < tok.i - window or m.source not in ("known", "org", "name", "generic"):
            continue
        if m.kind not in ("group", "organization") or m.sector in _NOT_GROUPS:
            continue
        if armed and m.sector not in ("REB", "CRM"):
            continue
        return Mention(start, tok.i + 1, tok.i, "proxy", m.key, m.kind)
    return None
