"""Modality of an event trigger: asserted, negated, hypothetical, future or historical.

Read off the dependency parse around the trigger and the clauses that govern it:
- negated: a `neg` dependent ("did not attack", "never met"), "no talks", "no arrests were made", "nobody
  was arrested", or a governor like "fail to";
- hypothetical: a modal ("would", "could", "may"), an if/unless clause, a governor like "consider", or
  the object of a wish ("sought the deployment of the army");
- future: "will"/"shall", "going to", a governor like "plan/intend/aim/prepare/expect to", or the object of
  a plan ("planning attacks");
- historical: a pluperfect ("had attacked") or "once"/"formerly"; the date test (the event's date well
  before publication) is `is_historical_date`, applied by the events stage once the date is known;
- alleged: a hedge on the act ("allegedly shelled", "reportedly killed", "the alleged attack", "a suspected
  air strike") or a passive charge above it ("is suspected of attacking", "was accused of funding", "is
  alleged/believed/said to have killed"); an act an accusation pins on someone ("accused Iran of supporting
  the Houthis", "the attack was blamed on militias") is alleged too, set by the events stage from the fold,
  but not one a censure takes as done ("criticised the police for opening fire").
Negation wins over the rest: "will not attack" is negated (and the events stage may code it REJECT); a
plan, wish or condition wins over a hedge ("allegedly planned to attack" is future); a hedge on the verb
that reports the act does not make the act alleged ("reportedly said the army attacked").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Token

_MODALS_HYP = frozenset({"would", "could", "might", "may", "should", "must", "can", "'d"})
_MODALS_FUT = frozenset({"will", "shall", "'ll", "wo"})
_NEG_GOVERNORS = frozenset({"fail", "refrain", "avoid", "stop", "cease", "deny"})
_HYP_GOVERNORS = frozenset({"consider", "mull", "weigh", "propose", "suggest", "threaten", "want", "wish", "hope",
                            "seek", "offer", "ask", "urge", "demand", "call", "invite", "allow",
                            "refuse", "decline", "reject", "warn", "promise", "pledge", "vow", "agree",
                            "ready", "willing", "able", "prepared", "aim"})
_FUT_GOVERNORS = frozenset({"plan", "intend", "expect", "prepare", "schedule", "set", "go", "decide", "due",
                            "poised", "about", "announce"})
_NOBODY = frozenset({"nobody", "none", "noone", "no-one", "nothing"})
_WANTS = frozenset({"seek", "want", "propose", "consider", "request", "recommend", "suggest"})
_PLOTS = frozenset({"plan", "plot", "prepare", "intend", "contemplate"})
_HIST_ADVERBS = frozenset({"once", "formerly", "previously", "earlier"})
#: hedges a reporter puts on an act that is claimed, not established
ALLEGED_ADVERBS = frozenset({"allegedly", "reportedly", "purportedly", "supposedly", "reputedly"})
#: the same hedge on an act noun: "the alleged attack", "a suspected air strike"
ALLEGED_ADJECTIVES = frozenset({"alleged", "suspected", "purported", "supposed", "reported"})
#: passive charges whose prepositional complement is an alleged act ("is suspected of attacking", "was charged
#: with killing", "implicated in the bombing"); active ones are accusations of their own (extract/folding.py)
_CHARGES = frozenset({"suspect", "accuse", "allege", "charge", "blame", "implicate"})
_CHARGE_PREPS = frozenset({"of", "for", "with", "in"})
#: accusations that only allege the act they name ("accused X of", "blamed X for", "sued X for", "booked X for");
#: a censure takes it as done ("criticised the police for opening fire", "condemned X for killing")
ALLEGING_ACCUSATIONS = _CHARGES | {"book", "sue", "investigate", "probe", "register", "complain"}
#: passive hearsay over a perfect infinitive: "is said / believed / reported to have killed"
_HEARSAY = _CHARGES | {"believe", "think", "say", "report", "rumour", "rumor", "claim"}
_CLIMB = frozenset({"xcomp", "ccomp", "advcl", "acl", "pcomp", "prep", "pobj", "dobj", "conj"})
HISTORICAL_DAYS = 30


@dataclass(frozen=True, slots=True)
class ModalityCues:
    modality: str  # asserted, negated, hypothetical, future, historical
    conditional: bool = False  # an if/unless clause governs it (PLOVER: a threat or a promise)
    unless: bool = False
    governor: str | None = None  # the lemma of the verb that frames it ("plan", "would")


def _own(tok: Token) -> tuple[str | None, bool, bool]:
    """(modality from the token's own dependents, conditional?, unless?), in one pass over the children
    (it is asked for every event trigger and its head)."""
    marks: set[str] = set()  # marks of its adverbial clauses ("attack if ...")
    own_mark: set[str] = set()
    lowers: set[str] = set()  # its auxiliaries
    historical = alleged = False
    for c in tok.children:
        dep, low = c.dep_, c.lower_
        if dep == "neg" or (dep == "det" and low == "no"):
            return "negated", False, False
        if dep in ("nsubj", "nsubjpass", "dobj") and low in _NOBODY:
            return "negated", False, False  # "nobody was arrested"
        if dep in ("nsubjpass", "dobj") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children):
            return "negated", False, False  # "no arrests were made"
        if dep == "advcl":
            marks.update(g.lower_ for g in c.children if g.dep_ == "mark")
        elif dep == "mark":
            own_mark.add(low)
        elif dep in ("aux", "auxpass"):
            lowers.add(low)
        elif dep == "advmod" and low in _HIST_ADVERBS:
            historical = True
        elif (dep == "advmod" and low in ALLEGED_ADVERBS) or (dep == "amod" and low in ALLEGED_ADJECTIVES
                                                             and tok.pos_ in ("NOUN", "PROPN")):
            alleged = True
    conditional = bool(marks & {"if", "unless"}) or bool(own_mark & {"if", "unless"})
    unless = "unless" in marks
    if lowers & _MODALS_FUT:
        return ("hypothetical" if own_mark & {"if", "unless"} else "future"), conditional, unless
    if lowers & _MODALS_HYP or own_mark & {"if", "unless"}:
        return "hypothetical", conditional, unless
    if "going" in lowers:
        return "future", conditional, unless
    if "had" in lowers and tok.tag_ == "VBN":
        return "historical", conditional, unless
    if alleged:  # "had allegedly attacked": what the report hedges matters more than when it was
        return "alleged", conditional, unless
    if historical:
        return "historical", conditional, unless
    return None, conditional, unless


def _passive_charge(head: Token, node: Token) -> bool:
    """Whether `node` under `head` is the complement of a passive charge: "is suspected of attacking", "was
    accused of funding", "is believed to have killed" (not "said it would attack", "is set to attack")."""
    lemma = head.lemma_.lower()
    if lemma not in _HEARSAY or head.tag_ != "VBN" or not (
            head.dep_ in ("acl", "amod") or any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children)):
        return False
    if node.dep_ == "prep":
        return lemma in _CHARGES and node.lower_ in _CHARGE_PREPS
    return node.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "have" for a in node.children)


def hedged_noun(tok: Token) -> bool:
    """'the alleged attack', 'launched a suspected air strike': a hedge on an act noun carried by a light
    verb, whose own modality is read off the verb."""
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "amod" and c.lower_ in ALLEGED_ADJECTIVES for c in tok.children)


def _was_able(head: Token) -> bool:
    """'the police have been able to arrest', 'was able to reach': a done deed, not a possibility."""
    if head.lemma_.lower() != "able" or head.dep_ != "acomp":
        return False
    cop = head.head
    auxes = {a.lower_ for a in cop.children if a.dep_ in ("aux", "auxpass")}
    return not auxes & (_MODALS_HYP | _MODALS_FUT) and (cop.tag_ in ("VBD", "VBN") or bool(auxes & {"have", "has", "had"}))


def modality_of(tok: Token, max_climb: int = 4) -> ModalityCues:
    """Modality of the event triggered by `tok`, looking up through the clauses that frame it."""
    found, conditional, unless = _own(tok)
    if found:
        return ModalityCues(found, conditional, unless, tok.lemma_.lower())
    node, governor = tok, None
    for _ in range(max_climb):
        if node.dep_ not in _CLIMB or node.head is node:
            break
        head = node.head
        lemma = head.lemma_.lower()
        if _passive_charge(head, node):
            return ModalityCues("alleged", conditional, unless, lemma)
        if node.dep_ in ("xcomp", "ccomp", "pcomp", "acl", "dobj", "pobj", "prep", "conj"):
            if lemma in _NEG_GOVERNORS and node.dep_ in ("xcomp", "pcomp", "prep", "pobj"):
                return ModalityCues("negated", conditional, unless, lemma)
            if (node.dep_ in ("xcomp", "acl") and lemma in _FUT_GOVERNORS) or (node.dep_ == "dobj" and lemma in _PLOTS):
                # "planning attacks": the object of a plan has not happened
                return ModalityCues("future", conditional, unless, lemma)
            if node.dep_ == "dobj" and lemma in _WANTS:  # "sought the deployment of the army": not yet done
                return ModalityCues("hypothetical", conditional, unless, lemma)
            if node.dep_ in ("xcomp", "acl") and lemma in _HYP_GOVERNORS and not _was_able(head):
                return ModalityCues("hypothetical", conditional, unless, lemma)
        h_mod, h_cond, h_unless = _own(head)
        conditional, unless = conditional or h_cond, unless or h_unless
        # a reporting verb's own tense does not transfer ("said it would" is the inner clause's business)
        if h_mod and node.dep_ in ("xcomp", "conj", "acl", "pcomp"):
            return ModalityCues(h_mod, conditional, unless, lemma)
        if node.dep_ == "ccomp":
            break
        node, governor = head, lemma
    return ModalityCues("hypothetical" if conditional else "asserted", conditional, unless, governor)


def _to_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    parts = value.split("T")[0].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 12
        day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 28
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def is_historical_date(event_date: str | None, published: str | None, days: int = HISTORICAL_DAYS) -> bool:
    """True when the event's date (its latest possible day) lies more than `days` before publication."""
    when, pub = _to_date(event_date), _to_date(published)
    if when is None or pub is None:
        return False
    return (pub - when).days > days
