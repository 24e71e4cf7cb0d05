"""Folding: an event inside the complement of a frame becomes part of the frame.

"threatened to bomb", "urged X to release", "refused to meet": the complement is what is threatened, asked
for or refused, so it folds into the frame (THREATEN, REQUEST, REJECT, ACCUSE, or an intention word:
"promised to", "an invitation to"), which takes its recipient from it; same-type events along one clause
chain merge ("killed in Israeli air strikes" is one aerial ASSAULT; so is "wounded by Israeli tank fire", done
by the fire's doer; so is "Saudi-led coalition air strikes hit a school", done by the coalition). A killing
done by way of a raid or crackdown ("killed by a police raid", "a police raid killed") is one ASSAULT by the
raid's doer, not an ASSAULT beside a COERCE (PLOVER codes the more specific act). An appeal to rise against
someone ("called on Arabs to unite and mobilize against Sharon") is CAMEO's DISAPPROVE of that someone: ACCUSE.
The act an accusation alleges ("accused Tehran of supporting the Houthis", "blamed X for shelling Y") does not
fold: it stays an event done by the accused, marked `claimed_by` the accusation, so the events stage gives it
the accuser as speaker, as for an event inside a quote; so does an act blamed on someone ("rocket attacks were
blamed on militias", "blamed the bombing on rebels": the accused do it and are the accusation's recipient).
Split out of extract/events.py.
"""

from __future__ import annotations

from spacy.tokens import Token

from khabar.extract.arguments import Cand
from khabar.extract.coding import HOSTILE, REFINABLE
from khabar.extract.lexicon import objects
from khabar.extract.participants import actorish, is_actorish, prep_objects
from khabar.extract.responsibility import blamed_on

#: frames whose complement is folded in: the complement is what is threatened, refused, asked for
FRAME_TYPES = frozenset({"THREATEN", "REJECT", "REQUEST", "ACCUSE"})
INTENT_LEMMAS = frozenset({"promise", "pledge", "vow", "swear", "offer", "commit", "undertake", "agree", "invite", "invitation"})
_FOLD_DEPS = frozenset({"xcomp", "ccomp", "advcl", "acl", "pcomp", "prep", "pobj", "dobj", "relcl"})
_FOLD_PREPS = frozenset({"in", "of", "for", "to", "at", "by", "with", "into", "from", "on", "against"})
#: a same-type act in a during-phrase is the same act ("killed three men during a raid"); a frame's complement
#: never sits there ("rejected the offer during talks" does not reject the talks)
_SAME_TYPE_PREPS = _FOLD_PREPS | {"during"}
THREAT_MODE = {"ASSAULT": "violence", "MOBILIZE": "violence", "SANCTION": "sanctions", "PROTEST": "protest",
               "COERCE": "restrict", "ACCUSE": "accuse", "REJECT": "relations", "RETREAT": "relations"}
#: acts others are called on to do against someone that make the call a denunciation of that someone
_RISE_TYPES = frozenset({"MOBILIZE", "ASSAULT", "PROTEST"})
_ABSORBS = frozenset({("PROTEST", "REQUEST"), ("MOBILIZE", "ASSAULT"), ("PROTEST", "ACCUSE")})


def _path_to(inner: Token, outer: set[int], steps: int = 4, conj: bool = False,
             preps: frozenset[str] = _FOLD_PREPS) -> bool:
    node = inner
    for _ in range(steps):
        if conj and node.dep_ == "conj" and node.head.dep_ in ("xcomp", "ccomp"):
            node = node.head  # "called on Arabs to unite and mobilize against X": a conjunct of the complement
        if node.head is node or node.dep_ not in _FOLD_DEPS:
            return False
        if node.dep_ == "pobj" and node.head.lower_ not in preps:
            return False
        if node.dep_ == "prep" and node.lower_ not in preps:
            return False
        node = node.head
        if node.i in outer:
            return True
    return False


def is_frame(c: Cand) -> bool:
    return c.type in FRAME_TYPES or c.entry.lemma in INTENT_LEMMAS


def fold(cands: list[Cand]) -> None:
    """Fold complements into their frames and merge same-type events along one clause chain."""
    for b in cands:  # an alleged act belongs to its accusation, not to an act the clause above reports
        b.claimed_by = next((a for a in cands if a is not b and a.type == "ACCUSE" and a.sent_start == b.sent_start
                             and _alleged(a, b)), None)
    for b in cands:  # "attacks were blamed on militias", "blamed X for the attack": alleged, done by the accused
        a = _pinned_by(b, cands) if b.claimed_by is None else None
        if a is not None:
            b.claimed_by, a.recipients = a, blamed_on(b.tok)
    for b in cands:  # "accused X of sending troops ... to attack Y": the attack is alleged too, not folded away
        if b.claimed_by is None:
            node = b.anchor if b.light is not None else b.tok
            c = next((c for c in cands if c.claimed_by is not None and c.sent_start == b.sent_start
                      and (c.type, b.type) in _ABSORBS and _path_to(node, {c.tok.i})), None)
            if c is not None:  # done by the one alleged to deploy, not the accuser the parse climbs to
                b.claimed_by, b.actors = c.claimed_by, list(c.actors)
    for b in cands:
        for a in cands:
            if a is b or not a.alive or not b.alive or a.sent_start != b.sent_start:
                continue
            if b.claimed_by is not None:
                if a is b.claimed_by and not any(is_actorish(r) for r in a.recipients):
                    # "groups it accused of carrying out an attack": the accused is the alleged act's doer
                    a.recipients = [x for x in b.actors if x not in a.actors] or a.recipients
                continue
            outer = {a.tok.i} | ({a.light.i} if a.light is not None else set())
            if a.entry.pos == "N" and is_frame(a) and a.tok.dep_ == "dobj" and b.anchor.dep_ == "ccomp":
                outer.add(a.tok.head.i)
            preps = _SAME_TYPE_PREPS if a.type == b.type else _FOLD_PREPS
            linked = b.tok.i not in outer and _path_to(b.anchor if b.light is not None else b.tok, outer, preps=preps)
            linked = linked or (b.light is not None and b.light.i in outer)
            linked = linked or (a.type == b.type and b.tok.head.i in outer and b.tok.i not in outer)
            # "wounded by Israeli air strikes", "hit by tank fire": the act the passive's agent names is the act
            by_act = a.type == b.type and b.light is None and _agent_of(b.tok, outer)
            linked = linked or by_act
            # "Saudi-led coalition air strikes hit a school", "an ambush claimed by X killed": the act standing
            # as the verb's doer is the act, done by its own doer; a bare demonym ("Russian drone attacks")
            # names the doer through the phrase, which stays the mention (same code either way)
            by_act = by_act or (a.type == b.type and b.light is None and b.tok in a.actors
                                and any(x.pos_ != "ADJ" for x in b.actors))
            # "killed by a police raid", "killed in a crackdown": the force used is the killing's means
            means = a.type != b.type and _means_of(a, b)
            linked = linked or means
            # an appeal to rise against someone may name it in a conjunct of its complement
            linked = linked or (a.type == "REQUEST" and b.type in HOSTILE and bool(_against(b))
                                and _path_to(b.anchor, outer, conj=True))
            if not linked:
                continue
            a.hedged = a.hedged or (b.hedged and (a.type == b.type or means))  # "killed in the alleged raid"
            if a.type == b.type:
                if a.mode in REFINABLE and b.mode not in REFINABLE:
                    a.mode = b.mode
                a.actors = a.actors or b.actors
                if a.entry.lemma.startswith("invit") and b.actors:
                    a.recipients = b.actors  # "an invitation for Salam to visit Iran": the invitee
                a.recipients = a.recipients or b.recipients
                if by_act and b.actors:  # the act's doer did it, not the act ("by Israeli air strikes")
                    a.actors = [x for x in a.actors if x.i != b.tok.i] + [x for x in b.actors if x not in a.actors]
                if by_act:  # its target was hit too ("by air strikes on Gaza")
                    a.recipients += [r for r in b.recipients if r not in a.recipients and r.i != b.tok.i]
                if b.tok.head is a.tok and abs(b.tok.i - a.tok.i) <= 4:
                    a.start, a.end = min(a.start, b.start), max(a.end, b.end)
            elif means:  # one act, coded as the more specific of the two (PLOVER: a killing is ASSAULT)
                a.actors = [x for x in a.actors if x.i != b.tok.i] + [x for x in b.actors if x not in a.actors]
                a.recipients += [r for r in b.recipients if r not in a.recipients and r.i != b.tok.i]
            elif (a.type, b.type) in _ABSORBS:
                # a protest's demand, a deployment's planned attack: context of the one event, whose target
                # is the one it names ("prepared to resume shelling Albanian positions")
                if not any(is_actorish(r) for r in a.recipients) and any(is_actorish(r) for r in b.recipients):
                    a.recipients = b.recipients
            elif is_frame(a):
                if a.type in ("AGREE",) and b.type in HOSTILE:
                    a.type = "THREATEN"  # "vowed to fight", "promised to retaliate"
                against = _against(b) if a.type == "REQUEST" and b.type in HOSTILE else []
                if against:  # "called on Arabs to mobilize against Sharon": a denunciation of Sharon
                    a.type, a.recipients = "ACCUSE", against
                if a.type == "THREATEN" and a.mode is None:
                    a.mode = THREAT_MODE.get(b.type, b.mode)
                if not a.recipients:
                    a.recipients = b.actors if a.type == "REQUEST" or a.entry.lemma.startswith("invit") else b.recipients
            else:
                continue
            b.alive = False
            a.folded.append(b.type)


def _pinned_by(b: Cand, cands: list[Cand]) -> Cand | None:
    """The accusation verb that pins act `b` on the actors it names (responsibility.blamed_on)."""
    if b.entry.pos != "N" or b.type == "ACCUSE" or not b.actors or not set(b.actors) & set(blamed_on(b.tok)):
        return None
    verb = b.tok.head.head if b.tok.dep_ == "pobj" else b.tok.head
    verb = verb.head if verb.dep_ in ("dobj", "obj") else verb  # the for-phrase under the accused
    return next((a for a in cands if a.tok.i == verb.i and a.type == "ACCUSE" and a.entry.pos == "V"), None)


#: force a killing may be done by way of: a raid, a crackdown, a baton charge (not a curfew or a kidnapping,
#: which are acts of their own beside it)
_MEANS_MODES = frozenset({"detain", "repress", "force"})
_MEANS_PREPS = frozenset({"by", "in", "during"})


def _means_of(a: Cand, b: Cand) -> bool:
    """Whether noun act `b` is the force verb `a`'s killing or wounding was done by: its subject ("a police
    raid killed"), agent ("killed by a police raid") or setting ("killed in/during a police raid")."""
    if a.type != "ASSAULT" or a.entry.pos != "V" or b.type != "COERCE" or b.entry.pos != "N" or b.light is not None \
            or b.mode not in _MEANS_MODES:
        return False
    tok = b.tok
    if tok.dep_ == "nsubj":
        return tok.head.i == a.tok.i
    return tok.dep_ == "pobj" and tok.head.lower_ in _MEANS_PREPS and tok.head.head.i == a.tok.i


def _agent_of(tok: Token, outer: set[int]) -> bool:
    """Whether `tok` is the object of the by-phrase that names the agent of a passive in `outer`."""
    return tok.dep_ == "pobj" and tok.head.dep_ == "agent" and tok.head.head.i in outer


#: prepositions that carry the alleged act of an accusation: "accused X of", "blamed X for", "charged X with"
_ALLEGED_PREPS = frozenset({"of", "for", "with"})


def _alleged(a: Cand, b: Cand) -> bool:
    """Whether `b` is the act an accusation verb alleges: a gerund with a doer of its own in its of/for/with
    phrase ("accused Tehran of supporting the Houthis", "blamed the army for killing ...", a light verb's
    noun: "accused Iran of launching attacks"); not another accusation ("accused X of slandering")."""
    if a.entry.pos != "V" or b.type == "ACCUSE" or not b.actors:
        return False
    node = b.anchor
    while node.dep_ == "conj" and node.head is not node:  # "of arming and funding the Houthis"
        node = node.head
    return (node.dep_ == "pcomp" and node.tag_ == "VBG" and node.head.dep_ == "prep"
            and node.head.lower_ in _ALLEGED_PREPS and node.head.head.i == a.tok.i)


def _against(c: Cand) -> list[Token]:
    """Whom a hostile act is explicitly against: "(to) mobilize against X", "rise up against the government";
    not an accusation or a sanction inside the complement ("an inquiry into the accusations against her")."""
    if c.entry.pos != "V" or c.type not in _RISE_TYPES:
        return []
    return [r for r in c.recipients if is_actorish(r) and r.dep_ == "pobj" and r.head.lower_ == "against"
            and r.head.head.i == c.tok.i]


def frame_recipients(c: Cand) -> None:
    """'threatened to cut off electricity to Nakhichevan': a frame's recipient sits in its complement;
    'threatened to strike unless Israel withdrew': a threat is aimed at whoever must meet its condition."""
    if c.type == "THREATEN" and not any(is_actorish(r) for r in c.recipients):
        cond = [g for t in c.anchor.subtree if t.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("unless", "until") for m in t.children)
                for g in t.children if g.dep_ in ("nsubj", "nsubjpass") and is_actorish(g) and g.pos_ != "PRON"]
        c.recipients = cond[:1] or c.recipients
    if c.recipients or not is_frame(c):
        return
    for comp in c.tok.children:
        if comp.dep_ in ("xcomp", "ccomp"):
            found = [o for o in objects(comp) if o.dep_ != "nsubjpass"] + prep_objects(comp, {"to", "against", "on", "with"})
            found = actorish(found)
            c.recipients = [r for r in found if is_actorish(r) or r.ent_type_ in ("GPE", "NORP")]
            return
