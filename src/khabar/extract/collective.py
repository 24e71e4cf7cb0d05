"""Collective anaphors: "the pair", "the duo", "the two men", "both sides", "both" as participants.

Such a phrase names no one; it points back at two actors already named. A news reader takes the two most
salient: the latest subject of a main or reporting clause, and the latest other actor named before the
phrase ("Araqchi met Salam. The pair discussed ..."; "Ethiopia and Eritrea held talks. The two sides
agreed ..."), within the phrase's sentence and the three before it. The kind of noun narrows the
candidates: "the two men" are people, "the two countries" countries, "both sides" anyone. When two
cannot be found the phrase is no actor at all (an actor named "pair" is never right). "two men" without
"the" or "both" is a new, indefinite pair ("two men were arrested"), not an anaphor.

Used by the events stage (`participants.refs_for`): each antecedent becomes an ActorRef with the
anaphor's own offsets, so the event still points at the words that say it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from khabar.extract.coref import REPORTING, SUBJECT_DEPS, sentence_starts
from khabar.records import Actor

#: nouns that stand for two participants by themselves: "the pair", "the duo"
PAIR_NOUNS = frozenset({"pair", "duo", "twosome"})
#: what "the two X" / "both X" may be, by the kinds of actor it can refer to
_PEOPLE = frozenset({"person"})
_STATES = frozenset({"country", "organization"})
_ANY = frozenset({"person", "country", "organization", "group"})
COLLECTIVE_NOUNS: dict[str, frozenset[str]] = {
    **{w: _PEOPLE for w in ("men", "women", "leaders", "ministers", "presidents", "premiers", "diplomats",
                            "officials", "envoys", "politicians", "heads", "counterparts", "generals")},
    **{w: _STATES for w in ("countries", "nations", "states", "governments", "neighbours", "neighbors", "capitals")},
    **{w: _ANY for w in ("sides", "parties", "allies", "rivals", "partners", "delegations", "groups", "camps")},
}
_LOOKBACK = 3  # sentences before the anaphor's own


def collective_kinds(tok: Token) -> frozenset[str] | None:
    """The actor kinds a collective anaphor headed by `tok` may refer to; None when it is not one."""
    low = tok.lower_
    kids = list(tok.children)
    if any(k.dep_ in ("appos", "prep", "acl", "relcl") for k in kids) or (tok.i + 1 < len(tok.doc) and tok.nbor().text in ("(", "—", "–")):
        return None  # "the two parties (Hindus and Muslims)", "both allies of the government": they are named
    if any(t.dep_ == "cc" for k in kids if k.i < tok.i for t in k.subtree):
        return None  # "both treasury and opposition leaders": the coordinated modifiers name them
    definite = any(k.dep_ in ("det", "poss") and k.lower_ in ("the", "these", "those") for k in kids)
    both = any(k.lower_ == "both" and k.dep_ in ("det", "predet", "preconj", "nummod", "amod") for k in kids)
    two = any(k.lower_ in ("two", "2") and k.dep_ in ("nummod", "amod", "compound") for k in kids)
    if low in PAIR_NOUNS:
        return _ANY if definite or both else None
    if low in COLLECTIVE_NOUNS and ((two and definite) or both):
        return COLLECTIVE_NOUNS[low]
    if low == "both" and tok.dep_ in SUBJECT_DEPS | {"dobj", "pobj"}:
        return _ANY  # "Both signed the accord"; not "both of them" (whose object names them)
    if low in ("two", "2") and definite and tok.dep_ in SUBJECT_DEPS | {"dobj", "pobj"}:
        return _ANY  # "the two met again"
    return None


def _token_at(doc: Doc, char: int, end: int) -> Token | None:
    span = doc.char_span(char, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _subject_rank(tok: Token) -> int:
    """2: subject of a main or reporting clause; 1: any subject; 0: other."""
    node = tok
    if node.dep_ == "conj" and node.head.dep_ in SUBJECT_DEPS:
        node = node.head  # "Ethiopia and Eritrea held talks"
    if node.dep_ in ("poss", "compound") and node.head.dep_ in SUBJECT_DEPS:
        node = node.head  # "Raggi's office said"
    if node.dep_ not in SUBJECT_DEPS:
        return 0
    verb = node.head
    return 2 if verb.dep_ == "ROOT" or verb.lemma_.lower() in REPORTING else 1


def collective_antecedents(doc: Doc, tok: Token, kinds: frozenset[str]) -> list[Actor]:
    """The two actors a collective anaphor refers back to (in text order), else []."""
    starts = sentence_starts(doc)
    sent_firsts = sorted(set(starts[: tok.i + 1]))
    window_start = doc[sent_firsts[max(0, len(sent_firsts) - 1 - _LOOKBACK)]].idx
    anaphor_start = doc[tok.left_edge.i].idx
    latest: list[tuple[int, int, Actor]] = []  # (mention start, subject rank, actor) in the window
    heads: dict[int, tuple[Token, Actor]] = {}  # mention start -> (head token, actor)
    for actor in doc._.khabar_actors or []:
        if actor.kind not in kinds:
            continue
        for m in actor.mentions:
            if window_start <= m.start and m.end <= anaphor_start:
                head = _token_at(doc, m.start, m.end)
                latest.append((m.start, _subject_rank(head) if head is not None else 0, actor))
                if head is not None:
                    heads[m.start] = (head, actor)
    if not latest:
        return []
    latest.sort(key=lambda x: x[0])
    last_head, last_actor = heads.get(latest[-1][0], (None, None))
    if last_head is not None and last_head.dep_ == "conj":
        # "talks between Israel and Hamas. Both sides agreed": the pair the text named last, coordinated
        first_head = last_head.head
        other = next((a for h, a in heads.values() if h.i == first_head.i and a.id != last_actor.id), None)
        if other is not None:
            return [other, last_actor]
    first = max(latest, key=lambda x: (x[1], x[0]))[2]  # the latest subject, main clauses first
    second = next((a for _, _, a in reversed(latest) if a.id != first.id), None)
    if second is None:
        return []
    last_seen = {a.id: start for start, _, a in latest}
    return sorted([first, second], key=lambda a: last_seen[a.id])  # in the order the text last names them
