"""Arguments of a trigger: who acts (actors) and to whom (recipients), read off the parse.

Verbs: subject or passive agent -> actors (a relative clause's noun, the subject of a clause above, of a
conjoined verb); object, passive subject, the type's prepositional phrases -> recipients. Giving verbs take
their to-phrase ("paid compensation to X"); a deployment keeps its force and adds its against-phrase or
destination; a protest whose objects are things is aimed at whom its purpose names ("to show their anger at
X"); a passive attack with no agent is done by the attack it happened in ("killed in a car bomb explosion").
Nouns: possessor, demonym, by/of/against phrases, and the light verb that carries them ("issued a rebuke").
A weapon is the means, not the doer ("launched drone attacks") nor the target ("fired rockets at X").
Used by the events stage (extract/events.py); the phrases get their codes in extract/participants.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from khabar.extract import actor_codes
from khabar.extract.coordination import modifier_conjuncts
from khabar.extract.lexicon import LAUNCH_VERBS, QUANT_HEADS, Entry, form_map, is_launched, objects, unquant
from khabar.extract.participants import (
    ACTOR_ENTS, MOD_DEPS, NOT_ACTORS, actorish, is_actorish, is_gathering, is_side, left_noun, mod_doers, place_of,
    prep_objects,
)
from khabar.extract.responsibility import blamed_on, claimer, climb_subject

LIGHT_VERBS = frozenset(
    "launch stage hold issue make extend conduct carry mount voice express lodge file impose begin start lead "
    "organize organise join take deliver send provide offer sign reach give pay call announce declare order "
    "continue resume step intensify escalate wage unleash undertake accept receive hold have resort".split()
)
_LIGHT_FORMS = form_map(LIGHT_VERBS)
_RECIPIENT_PREPS = {
    "CONSULT": {"with", "to", "between"},
    "AID": {"to", "for"},
    "REQUEST": {"on", "to", "from"},
    "ACCUSE": {"against", "on", "of", "into"},
    "SANCTION": {"on", "against", "from", "to"},
    "AGREE": {"with"},
    "COOPERATE": {"with", "to"},
    "PROTEST": {"against", "outside"},
    "RETREAT": {"from"},
    "ASSAULT": {"against", "on", "at", "upon", "into"},
    "COERCE": {"against", "on", "at", "upon", "into"},
}
_DEFAULT_PREPS = {"against", "on", "at", "upon", "with", "into"}
_CLASH_PREPS = {"against", "on", "at", "upon", "with", "into"}
_OF_IS_RECIPIENT = frozenset({"ACCUSE", "ASSAULT", "COERCE", "SANCTION", "CONCEDE", "REJECT", "AID"})
#: types whose recipient is often in a with/to/from/for phrase rather than the object
_TO_ACTOR_TYPES = frozenset({"SANCTION", "THREATEN", "AGREE", "REJECT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "CONSULT"})
_EFFORT_NOUNS = frozenset({"effort", "bid", "attempt", "process", "mission", "initiative", "drive", "push", "round",
                           "session", "plan", "program", "programme", "package", "deal", "team", "mechanism"})
_TRANSFER = frozenset("give pay send contribute donate deliver provide supply hand offer grant return transfer "
                      "extradite lend sell ship".split())
#: attacks that stand for their (unnamed, mostly local) doers; air strikes and shelling are left out: who
#: flies or fires them is as often a foreign force
_ATTACK_NOUNS = frozenset("explosion blast bombing attack ambush shooting bomb".split())
_AGAINST = frozenset({"against", "on", "toward", "towards", "upon"})
#: words for what is said, planned or done rather than who does it: "comments alleging ...", "supported the
#: second phase of the operation"; they stand for an actor only through their possessor or agent
#: ("Iran's comments" -> Iran, "a statement by the ministry" -> the ministry)
ABSTRACT_NOUNS = frozenset(
    "comment remark statement report plan phase stage part proposal idea claim allegation accusation decision "
    "move policy issue matter question speech article study survey analysis document letter note message "
    "assessment view opinion argument reason result outcome aspect element portion section conspiracy rumour "
    "rumor news information detail".split()
)
#: prepositions that set a clause in a meeting: "in a visit to", "during talks with", "on a trip to"
_SETTING_PREPS = frozenset({"in", "during", "on"})
#: "called for talks with the army": the REQUEST is aimed at the other side of what it asks for
_REQUEST_FOR = frozenset({"with", "between", "against", "on", "to"})
#: purpose verbs that name a force's target: "operations were launched to pursue the remnants of ISIS"
_PURSUE = frozenset("pursue target hunt track chase attack strike fight eliminate purge clear flush root destroy "
                    "capture arrest crush combat confront neutralize neutralise dislodge expel repel raid disperse "
                    "scatter".split())
#: "..., involving units from the army", "including police units": who takes part in an agentless operation
_INVOLVE = frozenset({"involve", "include"})
_FORCE_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})
#: verbs whose conjoined subject acts on itself: "India and Pakistan exchanged fire" (each side the other's target)
RECIPROCAL = frozenset({"exchange", "trade", "swap", "clash"})


@dataclass(slots=True)
class Cand:
    tok: Token
    entry: Entry
    type: str
    mode: str | None
    start: int  # trigger tokens [start, end)
    end: int
    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    light: Token | None = None  # "issued" in "issued a rebuke"
    weight: float = 0.5
    alive: bool = True
    sent_start: int = -1
    folded: list[str] = field(default_factory=list)
    reciprocal: bool = False  # a conjoined subject whose sides act on each other ("X and Y exchanged fire")
    claimed_by: Cand | None = None  # the accusation this act is only alleged in ("accused X of backing Y")
    hedged: bool = False  # "the alleged attack": the act noun, or one folded into this act, is hedged

    @property
    def anchor(self) -> Token:
        """The verb that carries tense, modality and date: the light verb for a noun trigger."""
        return self.light or self.tok


# ---------------------------------------------------------------- arguments


def _is_doer(tok: Token) -> bool:
    return is_actorish(tok) or tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and bool(actor_codes.sector_of_noun(tok)))


def _concrete(toks: list[Token]) -> list[Token]:
    """Participants, with abstract nouns replaced by their possessor or agent, else left out."""
    out: list[Token] = []
    for t in toks:
        if t.lemma_.lower() not in ABSTRACT_NOUNS or t.ent_type_ in ACTOR_ENTS:
            out.append(t)
            continue
        owner = [ch for ch in t.children if ch.dep_ == "poss" and _is_doer(ch)]
        owner += [g for g in prep_objects(t, {"by", "from", "of"}) if _is_doer(g)]
        owner += [ch for ch in t.children if ch.dep_ in ("amod", "compound", "nmod") and ch.ent_type_ in ACTOR_ENTS]
        out.extend(o for o in owner[:1] if o not in out)
    return out


def _same(a: Token, b: Token) -> bool:
    """One participant: the token itself, or a relative pronoun and its antecedent ("Karimi, who ...")."""
    def res(t: Token) -> Token:
        if t.tag_ in ("WDT", "WP", "WP$") and t.head.dep_ == "relcl":
            return t.head.head
        return t
    return res(a) == res(b)


def drop_self(c: Cand) -> None:
    """An event is not aimed at its own actor: such a recipient is a misread, not a self-directed act."""
    if c.actors and c.recipients:
        c.recipients = [r for r in c.recipients if not any(_same(r, a) for a in c.actors)]


def _between(tok: Token) -> tuple[list[Token], list[Token]]:
    """"clashes between police and protesters", "fighting between X and Y": the two sides, one each way."""
    for g in prep_objects(tok, {"between", "among"}):
        others = [u for u in g.conjuncts if u.i > g.i]
        if others:
            return [g], others
    return [], []


def _all_sides(toks: list[Token], split: bool) -> list[Token]:
    """The sides of a between-phrase that act together ("talks between X and Y" held by a mediator) are
    listed here, since `with_conjuncts` leaves them apart."""
    if split:
        return toks
    out = list(toks)
    for t in toks:
        if is_side(t):
            out.extend(u for u in t.conjuncts if u not in out)
    return out


def _modifier_doer(tok: Token) -> list[Token]:
    """"killed in police firing", "injured in army shelling": the attack's modifier names who did it."""
    return [m for g in prep_objects(tok, {"in", "by"}) for m in mod_doers(g, MOD_DEPS, ("NOUN", "PROPN"))][:1]


def _aimed(tok: Token, recips: list[Token], doer: bool) -> list[Token]:
    """"fired a missile at the town", "lobbed a grenade towards a police post", "used tear gas to disperse
    the crowd": what is launched is the means, not the target; the target is where it is aimed or whom the
    purpose names (else the place, as for any thing, or no one). With no doer either ("grenades were hurled")
    the weapon stays, standing for the attack as an attack noun does."""
    means = [r for r in recips if is_launched(r)]
    if not means:
        return recips
    rest = [r for r in recips if r not in means]
    aimed = [g for m in means for g in prep_objects(m, _AGAINST | {"at", "into"})]  # the phrase on the object
    aimed += [o for ch in tok.children if ch.dep_ in ("xcomp", "advcl") and ch.tag_ == "VB" for o in objects(ch)]
    found = [r for r in rest if is_actorish(r)] or _concrete(actorish([unquant(a) for a in aimed])) or rest
    return found or ([] if doer else means)


def _appeal(tok: Token) -> bool:
    """"called on X to ...", "appealed to X to ...": an on/to-phrase and an infinitive complement."""
    kids = list(tok.children)
    return any(k.dep_ == "prep" and k.lower_ in ("on", "upon", "to") for k in kids) and any(
        k.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in k.children) for k in kids)


def _purpose_target(v: Token) -> list[Token]:
    """"operations were launched to pursue the remnants of ISIS": whom the purpose clause goes after."""
    return [o for ch in v.children if ch.dep_ in ("xcomp", "advcl") and ch.lemma_.lower() in _PURSUE
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in ch.children) for o in objects(ch)]


def _involved(vs: list[Token]) -> list[Token]:
    """"..., involving a number of units from the Popular Mobilization Forces": the forces named (their
    from-phrase when the units are unnamed), for an operation the passive leaves without an agent."""
    for v in vs:
        for g in v.children:
            if g.tag_ != "VBG" or g.lemma_.lower() not in _INVOLVE:
                continue
            for o in (ch for ch in g.children if ch.dep_ == "dobj"):
                src = [x for n in (o, unquant(o)) for x in prep_objects(n, {"from", "of"}) if is_actorish(x)]
                return src[:1] or [unquant(o)]
    return []


def _reciprocal(tok: Token, actors: list[Token], recips: list[Token]) -> bool:
    """"India and Pakistan exchanged fire", "police and protesters clashed": a conjoined subject and no other
    side named; each side is the other's recipient (split by the events stage once the sides are resolved)."""
    return (tok.lemma_.lower() in RECIPROCAL and len(actors) == 1
            and bool(actors[0].conjuncts or modifier_conjuncts(actors[0]))  # "Ethiopian and Eritrean troops"
            and not is_side(actors[0]) and not any(is_actorish(r) and not _traded(tok, r) for r in recips))


def _traded(tok: Token, r: Token) -> bool:
    """"exchanged prisoners": what the sides trade is no side."""
    return r.head == tok and r.dep_ == "dobj" or r.dep_ == "conj" and r.head.head == tok and r.head.dep_ == "dobj"


#: the content of a plan nobody is said to own ("plans to disarm Hezbollah were a conspiracy") is no event
_PLAN_NOUNS = frozenset("plan proposal idea scheme plot conspiracy".split())
#: what a gerund's controller may be reached through: "ties that were grounded in supporting X"
_CONTROL_PATH = frozenset({"prep", "pobj", "pcomp", "relcl", "advcl", "acl"})
_CONTROL_PREPS = frozenset({"for", "of", "from", "with"})  # "charged two officers with beating"


def _object_of(verb: Token) -> list[Token]:
    """The one a control verb is about, who does its gerund: its object ("accused the government of
    arresting", "accused ISIS of carrying out", whatever the tagger made of the name), its passive subject
    ("was accused of backing"), or the noun its relative clause hangs on ("groups it accused of carrying out
    an attack", "groups which were accused of ...")."""
    found = [ch for ch in verb.children if ch.dep_ in ("dobj", "nsubjpass")]
    rel = verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN")
    found = [verb.head if rel and ch.tag_ in ("WDT", "WP") else ch for ch in found] or ([verb.head] if rel else [])
    return [ch for ch in found if ch.pos_ in ("NOUN", "PROPN", "PRON", "NUM")][:1]  # "one of the people"


def _controller(tok: Token, steps: int = 8) -> list[Token]:
    """"Iran wanted ..., hinting at a shift in ties that were long grounded in supporting Hezbollah": a
    gerund with no subject of its own is done by the subject of the clause it hangs off, reached through
    prepositions, nouns and relative or adverbial clauses (not through a reported clause: "told ... that")."""
    node, path = tok, [tok]
    for _ in range(steps):
        if node.dep_ not in _CONTROL_PATH or node.head is node:
            return []
        via, node = node, node.head
        path.append(node)
        # "his role in forming the group": the possessor (a pronoun is passed over: the clause above names
        # whom it stands for)
        if node.pos_ in ("NOUN", "PROPN"):
            owner = [ch for ch in node.children if ch.dep_ == "poss" and ch.pos_ != "PRON"]
            if owner:
                return owner if is_actorish(owner[0]) else []
        elif via.lower_ in _CONTROL_PREPS:
            # "sentenced X for forming", "accused X of backing", "kept X from meeting", "charged X with
            # beating": the one the verb is about, not its subject; read loosely only for the verb's own
            # gerund phrase (not "imposed sanctions for the first time after accusing ...")
            direct = len(path) >= 3 and path[-3].dep_ == "pcomp"
            owner = _object_of(node) if direct else [ch for ch in node.children if ch.dep_ == "dobj" and is_actorish(ch)]
            if owner:
                return owner
        if node.pos_ in ("VERB", "AUX"):
            subj = [ch for ch in node.children if ch.dep_ == "nsubj" and ch.tag_ not in ("WDT", "WP")]
            if subj:
                return subj if is_actorish(subj[0]) else []
    return []


def verb_args(c: Cand) -> None:
    tok = c.tok
    bare_participle = tok.tag_ == "VBN" and tok.dep_ in ("acl", "relcl", "advcl") and not any(
        ch.dep_ in ("nsubj", "aux", "nsubjpass") for ch in tok.children)
    if bare_participle and tok.dep_ == "acl" and _appeal(tok):
        # "An official Syrian newspaper called Thursday on Arabs to unite": the parser's reduced relative
        # ("a newspaper called X") is a main verb here; the noun it hangs on is who appeals
        bare_participle = False
    passive = bare_participle or any(ch.dep_ in ("nsubjpass", "auxpass") for ch in tok.children)
    # "120 were arrested" parsed as a copula with a participle complement
    predicative = tok.tag_ == "VBN" and tok.dep_ in ("acomp", "oprd") and tok.head.lemma_ == "be"
    passive = passive or predicative
    agent = [g for ch in tok.children if ch.dep_ == "agent" for g in ch.children if g.dep_ == "pobj"]
    sides: tuple[list[Token], list[Token]] = ([], [])  # set when the two sides of "between" split the roles
    if passive:
        c.actors = agent or (_involved([tok, *[x for x in tok.children if x.dep_ in ("xcomp", "advcl")]])
                             if c.type in _FORCE_TYPES else [])
        if not c.actors and c.type == "ASSAULT":  # "killed in a car bomb explosion": the attack stands for its doers
            c.actors = _modifier_doer(tok) if c.type == "ASSAULT" else []
            c.actors = c.actors or [g for g in prep_objects(tok, {"in"}) if g.lemma_.lower() in _ATTACK_NOUNS][:1]
    else:
        c.actors = [ch for ch in tok.children if ch.dep_ in ("nsubj", "csubj")]
        if tok.dep_ == "relcl" and c.actors and c.actors[0].tag_ in ("WDT", "WP"):
            c.actors = [tok.head]
        if not c.actors and (tok.dep_ == "relcl" or (tok.dep_ == "acl" and (tok.tag_ == "VBG" or _appeal(tok)))):
            c.actors = [tok.head]  # "forces that attacked", "comments alleging" (the latter left out below)
        if not c.actors and tok.tag_ == "VBG":  # "fighting between Armenia and Azerbaijan resumed"
            sides = _between(tok)
            c.actors = sides[0]
        if not c.actors and tok.tag_ == "VBG" and tok.dep_ == "pcomp":
            c.actors = _controller(tok)
        if not c.actors and tok.tag_ == "VBG" and tok.dep_ == "conj" and tok.head.tag_ == "VBG" and tok.head.dep_ == "pcomp":
            c.actors = _controller(tok.head)  # "accused Iran of arming and funding X": the first gerund's doer
        if not c.actors:
            c.actors = climb_subject(tok)
        if not c.actors:  # "doctors donated and delivered": the subject sits on the conjoined verb
            c.actors = next((found for v in tok.children if v.dep_ == "conj" and v.pos_ == "VERB"
                             if (found := [ch for ch in v.children if ch.dep_ == "nsubj"])), [])
    recips = [o for o in objects(tok) if o.dep_ != "nsubjpass" or passive]
    if predicative and not recips:
        recips = [ch for ch in tok.head.children if ch.dep_ in ("nsubj", "nsubjpass")]
    if bare_participle and tok.dep_ == "advcl" and not recips:
        recips = left_noun(tok)  # "..., Hassan Nasrallah, killed in air strikes": the noun before the comma
    if not passive:
        recips = [o for o in recips if o.dep_ != "nsubjpass"]
    recips += [ch for ch in tok.children if ch.dep_ == "dative" and ch.pos_ != "ADP"]
    # "paid compensation to X" with "to" parsed as the dative: its object is the one given to
    recips += [g for ch in tok.children if ch.dep_ == "dative" and ch.pos_ == "ADP" for g in ch.children if g.dep_ == "pobj"]
    recips += prep_objects(tok, _CLASH_PREPS if c.mode == "clash" else _RECIPIENT_PREPS.get(c.type, _DEFAULT_PREPS))
    recips += prep_objects(tok, {"with", "to", "from", "for"} - _RECIPIENT_PREPS.get(c.type, _DEFAULT_PREPS)) if c.type in _TO_ACTOR_TYPES else []
    if c.type == "REQUEST" and not recips:  # "called for talks with the army": the side the thing asked for involves
        recips = [g for f in prep_objects(tok, {"for"}) for g in prep_objects(f, _REQUEST_FOR)]
    recips += sides[1]
    # "fought heavy clashes with the army": the other side hangs on the fight's object
    other_side = [g for o in recips if o.dep_ == "dobj" for g in prep_objects(o, {"with", "against"})]
    if c.mode == "clash" and other_side:
        recips = [r for r in recips if r.dep_ != "dobj"] + other_side
    given_to = []
    if tok.lemma_.lower() in _TRANSFER:  # the to-phrase may hang on the thing given: "paid compensation to X"
        given_to = prep_objects(tok, {"to", "for"}) + [
            g for d in tok.children if d.dep_ == "dobj" for g in prep_objects(d, {"to"})]
    if given_to:  # "paid compensation to British nationals": the object is what changes hands
        recips = [r for r in recips if r.dep_ != "dobj"] + given_to
    if c.type == "MOBILIZE":
        # "mobilized reservists for a war against Iraq", "strengthened its forces in Lebanon": the object is
        # the deployed force (kept: it says who moves); the target is an against-phrase or the place it is sent to
        against = [t for t in tok.subtree if t.dep_ == "pobj" and t.head.lower_ in _AGAINST
                   and (is_actorish(t) or t.ent_type_ == "GPE")]
        sent_to = [g for r in [tok] + [r for r in recips if r.dep_ == "dobj"] for g in prep_objects(r, {"in", "into", "to"})
                   if g.ent_type_ in ("GPE", "LOC")]
        recips = against + sent_to + recips
    if not recips:  # "allow the Turkish vessel to enter", "urged Iran to free": the complement's subject
        # "demanded that control of the ministry be taken away": a passive complement's subject too
        recips = [g for ch in tok.children if ch.dep_ in ("ccomp", "xcomp") for g in ch.children
                  if g.dep_ == "nsubj" or (g.dep_ == "nsubjpass" and c.type in ("REQUEST", "REJECT", "ACCUSE"))]
    c.actors = _concrete(c.actors)
    c.recipients = _concrete(actorish([unquant(r) for r in recips]))
    if tok.lemma_.lower() in LAUNCH_VERBS:
        c.recipients = _aimed(tok, c.recipients, bool(c.actors))
    c.reciprocal = not passive and _reciprocal(tok, c.actors, c.recipients)
    if c.reciprocal:  # the sides are each other's targets: what they trade or where they fire ("on the border") is not
        c.recipients = [r for r in c.recipients if not _traded(tok, r) and _is_doer(r)]
    if passive and c.type in _FORCE_TYPES and not any(is_actorish(r) for r in c.recipients):
        c.recipients = actorish(_purpose_target(tok)) or c.recipients
    elif c.type in _FORCE_TYPES and not c.recipients:  # "opened fire to disperse the protesters": whom it was for
        c.recipients = [r for r in actorish(_purpose_target(tok)) if is_actorish(r)]
    if c.type == "PROTEST" and not any(is_actorish(r) for r in c.recipients):
        # "blocked a road to show their anger at the United States' policies": whom the purpose names
        purpose = [o for ch in tok.children if ch.dep_ in ("xcomp", "advcl") and ch.tag_ == "VB"
                   for o in objects(ch) + prep_objects(ch, _AGAINST | {"from", "to", "at"})]
        purpose += [g for o in purpose for g in prep_objects(o, {"at", "over", "with"})]  # "their anger at China'
        c.recipients = [r for r in actorish(purpose) if is_actorish(r)] or c.recipients
    if c.type != "CONSULT" and not c.reciprocal and not any(is_actorish(r) or is_gathering(r) for r in c.recipients):
        # "eased emergency measures in Montenegro", "demonstrated in Kirkuk": the place stands for the target
        c.recipients = place_of(tok) or c.recipients
    c.actors = _all_sides(c.actors, bool(sides[0]))
    c.recipients = _all_sides(c.recipients, bool(sides[0]))
    if not c.actors and tok.dep_ == "acl" and tok.tag_ == "VB" and tok.head.lemma_.lower() in _PLAN_NOUNS \
            and not any(ch.dep_ == "poss" for ch in tok.head.children):
        c.recipients = []  # an unowned plan's content: no event (the caller drops a trigger with no one)
    drop_self(c)


def noun_args(c: Cand) -> None:
    tok = c.tok
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in _EFFORT_NOUNS:
        tok = tok.head  # "launched a mediation effort between ...": the effort carries the arguments
    actors = [ch for ch in tok.children if ch.dep_ == "poss"]
    actors += mod_doers(tok)  # "Israeli air strikes", "police raids"; not "drone attacks" (the means)
    actors += prep_objects(tok, {"by", "from"})
    preps = _RECIPIENT_PREPS.get(c.type, _DEFAULT_PREPS) | ({"of"} if c.type in _OF_IS_RECIPIENT else set())
    if c.mode == "clash":  # "clashes with the army": the other side
        preps = preps | {"with"}
    recips = prep_objects(tok, preps)
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in QUANT_HEADS and head.head.dep_ in ("dobj", "obj") \
            and _LIGHT_FORMS.get(head.head.head.lower_, head.head.head.lemma_.lower()) in LIGHT_VERBS:
        tok, head = head.head, head.head.head  # "carried out a string of airstrikes": the count's verb is the light verb
    governs = head.pos_ in ("VERB", "AUX") and tok.dep_ in ("dobj", "obj")
    if c.type == "MOBILIZE":  # "approved the deployment of troops to Somalia": the destination, as for the verb
        recips += [g for n in [tok, *prep_objects(tok, {"of"}), *([head] if governs else [])]
                   for g in prep_objects(n, {"to", "into", "in"}) if g.ent_type_ in ("GPE", "LOC")]
        if not actors and governs:  # the of-phrase is the force moved; who deploys it is the verb's subject
            actors = [ch for ch in head.children if ch.dep_ in ("nsubj", "csubj")]
    if c.type not in _OF_IS_RECIPIENT:
        actors += [g for g in prep_objects(tok, {"of"}) if g != c.tok]
    if head.pos_ not in ("VERB", "AUX"):
        pass  # "calls for a ceasefire": a noun governs it, no light verb
    elif tok.dep_ in ("dobj", "obj", "nsubjpass") and _LIGHT_FORMS.get(head.lower_, head.lemma_.lower()) in LIGHT_VERBS:
        c.light = head
    if c.light is None and tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX") \
            and head.head.lemma_.lower() in LIGHT_VERBS | {"participate", "engage"} and head.lower_ != "for":
        # not "called for talks": a request for the thing, whose own sides are its arguments
        c.light = head.head  # "took part in protests", "engaged in talks"
    if c.light is not None and tok.dep_ == "nsubjpass":  # "operations were launched": no climbing for an actor
        actors = actors or [g for ch in c.light.children if ch.dep_ == "agent" for g in ch.children if g.dep_ == "pobj"]
        if c.type in _FORCE_TYPES:  # "... launched to pursue ISIS, involving units from the army"
            purpose = [x for x in c.light.children if x.dep_ in ("xcomp", "advcl")]
            actors = actors or _involved([c.light, *purpose])
            recips += [] if any(is_actorish(r) for r in recips) else _purpose_target(c.light)
    if c.light is not None:
        if not actors and tok.dep_ != "nsubjpass":
            actors = [ch for ch in c.light.children if ch.dep_ in ("nsubj", "csubj", "nsubjpass")] or (
                _controller(c.light) if c.light.tag_ == "VBG" and c.light.dep_ == "pcomp" else []) or climb_subject(c.light)
        recips += prep_objects(c.light, _RECIPIENT_PREPS.get(c.type, _DEFAULT_PREPS) | {"to"})
        recips += [ch for ch in c.light.children if ch.dep_ == "dative" and ch.pos_ != "ADP"]
        c.start, c.end = min(c.light.i, c.start), max(c.light.i + 1, c.end)
        if c.end - c.start > 5:
            c.start, c.end = (c.tok.i, c.tok.i + 1) if tok.lower_ in QUANT_HEADS else (tok.i, tok.i + 1)
    if not actors and c.type in ("ASSAULT", "COERCE"):
        actors = claimer(tok)  # "the Taliban claimed (responsibility for) a car bomb attack": the claimer did it
    accused = [] if actors else blamed_on(c.tok)  # "attacks blamed on militias": the alleged doer (folding.py)
    c.hedged = c.hedged or (not actors and bool(accused))  # known by whom it is blamed on: alleged
    actors, recips = actors or accused, [r for r in recips if r not in accused]
    if c.type in ("SUPPORT", "AID", "COOPERATE") and not recips and tok.dep_ == "pobj" and head.lower_ == "with" \
            and head.head.pos_ == "VERB":
        # "CTS units destroyed ISIS shelters with the support of the army": the army supports the units
        recips = [ch for ch in head.head.children if ch.dep_ == "nsubj"] or climb_subject(head.head)
    if not actors and c.light is None and c.type == "CONSULT" and recips and tok.dep_ == "pobj" and head.dep_ == "prep" \
            and head.lower_ in _SETTING_PREPS and head.head.pos_ in ("VERB", "AUX"):
        # "In a surprise visit to X, he noted ...", "during talks with Y, the minister said": the clause's
        # (active) subject is the one visiting or talking with the one the phrase names
        actors = [ch for ch in head.head.children if ch.dep_ == "nsubj"]
    sides = _between(tok)
    split = bool(sides[0]) and not actors
    if split:  # "clashes between police and protesters": one side acts, the other is acted on
        actors, recips = sides[0], [r for r in recips if r not in sides[0] and r not in sides[1]] + sides[1]
    c.actors = _all_sides(_concrete([unquant(a) for a in actors if unquant(a).ent_type_ not in NOT_ACTORS]), split)
    c.recipients = _all_sides(_concrete(actorish([unquant(r) for r in recips])), split)
    drop_self(c)


def has_participant(c: Cand) -> bool:
    return bool(c.actors or c.recipients or c.light is not None)
