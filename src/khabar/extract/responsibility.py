"""Who an act is pinned on: the one who claims it ("the Taliban claimed the bombing"), the one it is blamed
on ("attacks were blamed on militias", "blamed X for the attack"), and the subject of the clause above a
trigger ("CTS units succeeded in destroying ...", object control: "forced them to flee").

Used by extract/arguments.py (the doers of an act) and extract/folding.py (an alleged act is done by the
accused and claimed by the accuser). Split out of extract/participants.py.
"""

from __future__ import annotations

from spacy.tokens import Token

_CLAIM_VERBS = frozenset({"claim", "accept", "admit", "take"})
_CLAIM_NOUNS = frozenset({"responsibility", "credit"})


def claimer(tok: Token) -> list[Token]:
    """Who claims an act is its doer: "the Taliban claimed a car bomb attack", "IS claimed responsibility for
    the bombing", "Al-Shabaab, which claimed the attack"; not "the bombing claimed 20 lives" (the act is the
    subject); in the passive, the by-phrase: "the attack was claimed by X", "an attack claimed by X",
    "responsibility for the attack was claimed by X"."""
    head = tok.head
    resp = tok.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in _CLAIM_NOUNS
    if resp:  # "claimed responsibility for": the responsibility is claimed
        tok, head = head.head, head.head.head
    verbs = _CLAIM_VERBS if resp else {"claim"}  # "credit was taken by X"; not "the attack was taken by X"
    claimed = next((c for c in tok.children if c.dep_ == "acl" and c.lemma_.lower() == "claim"), None)
    if (tok.dep_ == "nsubjpass" and head.lemma_.lower() in verbs) or claimed is not None:
        verb = claimed if claimed is not None else head
        if any(c.dep_ == "neg" for c in verb.children):
            return []  # "the attack was not claimed by any group"
        return [g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"
                and g.lower_ not in ("nobody", "none") and not any(d.lower_ in ("no", "any") for d in g.children)]
    if head.lemma_.lower() not in verbs:
        return []
    if tok.dep_ not in ("dobj", "obj") or head.pos_ not in ("VERB", "AUX"):
        return []
    if any(c.dep_ == "neg" for c in head.children):
        return []  # "the Taliban did not claim the attack"
    # a relative clause the parser hangs on a place is not the place's ("a group based in Borno state that
    # claimed ..."): a claimer found by climbing is no place
    found = [c for c in head.children if c.dep_ in ("nsubj", "csubj")] or [
        c for c in climb_subject(head) if c.ent_type_ not in ("GPE", "LOC", "FAC")]
    # "no group has claimed responsibility", "nobody claimed the attack": no claimer
    return [c for c in found if c.lower_ not in ("nobody", "none") and not any(
        d.dep_ == "det" and d.lower_ == "no" for d in c.children)]


#: verbs that pin an act on someone: (verb, preposition naming the accused) - "blamed the attacks on X"; not
#: "attributed the blast to a gas leak" (a cause, not an accused)
_PIN_VERBS = {"blame": "on"}
#: verbs that name the accused as object and the act in a phrase: "blamed X for the attack", "accused X of it"
_CHARGE_VERBS = {"blame": "for", "accuse": "of"}


def blamed_on(tok: Token) -> list[Token]:
    """The one an act is blamed on, its alleged doer: "rocket attacks were blamed on militias", "blamed the
    attacks on militias" (the on-phrase often parsed under the act: the last one there), "blamed militias for
    the attack", "the bombing, which was blamed on ISIS, ..."."""
    head = tok.head
    verb = head.lemma_.lower()
    if tok.dep_ == "pobj" and head.head.pos_ == "VERB" and _CHARGE_VERBS.get(head.head.lemma_.lower()) == head.lower_:
        return [c for c in head.head.children if c.dep_ in ("dobj", "obj")]
    if tok.dep_ == "pobj" and head.head.dep_ in ("dobj", "obj") and head.head.head.pos_ == "VERB" \
            and _CHARGE_VERBS.get(head.head.head.lemma_.lower()) == head.lower_:
        return [head.head]  # "blamed militias for the attacks", the for-phrase parsed under the accused
    pinned = next((c for c in tok.children if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in _PIN_VERBS), None)
    if pinned is not None:  # "the bombing, (which was) blamed on ISIS, killed 30"
        if any(c.dep_ == "neg" for c in pinned.children):
            return []
        prep = _PIN_VERBS[pinned.lemma_.lower()]
        return [g for p in pinned.children if p.dep_ == "prep" and p.lower_ == prep
                for g in p.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN", "PRON")]
    if tok.dep_ not in ("dobj", "obj", "nsubjpass") or head.pos_ != "VERB" or verb not in _PIN_VERBS:
        return []
    prep = _PIN_VERBS[verb]
    phrases = [c for c in head.children if c.dep_ == "prep" and c.lower_ == prep] or [
        c for c in tok.subtree if c.dep_ == "prep" and c.lower_ == prep][-1:]
    return [g for p in phrases for g in p.children if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN", "PRON")]


_COMMAND_VERBS = frozenset({"order", "direct", "instruct", "command", "tell", "require"})


def climb_subject(tok: Token, steps: int = 4) -> list[Token]:
    """Subject of the nearest clause above: "CTS units succeeded in destroying ..." -> CTS units."""
    node = tok
    for _ in range(steps):
        if node.head is node or node.dep_ not in ("xcomp", "advcl", "acl", "pcomp", "prep", "pobj", "conj", "ccomp", "acomp"):
            return []
        came_by = node.dep_
        node = node.head
        if node.dep_ == "relcl" and node.head.pos_ in ("NOUN", "PROPN") and node.tag_ != "VBN":
            found = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
            return found or [node.head]
        if came_by == "xcomp" and node.lemma_.lower() not in _COMMAND_VERBS:
            # object control: "prompting the personnel to open fire", "forced them to flee"; a command's
            # action is the commander's ("the government ordered the paper to suspend publication")
            found = [c for c in node.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN", "PRON")]
            if found:
                return found
        # "the police was forced to fire": the passive subject does the complement's action
        found = [c for c in node.children if c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and came_by == "xcomp")]
        if found:
            return found
        if node.pos_ in ("NOUN", "PROPN") and node.dep_ in ("nsubj", "dobj"):
            return []
    return []
