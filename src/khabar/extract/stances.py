"""Stance cues: positions taken on a thing or a plan, and hedges that attribute a clause to nobody.

    X urged Y to <infinitive>       X called for <noun phrase>     <noun phrase> was rejected by X
    X noted <noun phrase>           X called Y a Z                 X sees Y as Z
    X said so / yes / the same      <clause> seems / appears to ... / is expected to ...
    whom X described as Z           <clause> seems / appears <predicate> ("the race appears closer")
    X was critical of Y             X is confident that <clause>   X made clear that <clause>

Rules return a `Draft` (see quote_spans.py) or content offsets that attribution.py wraps in one. The
quotes made here are of kind "stance" (unless their content is mostly a quotation): the events stage does
not read them as reported speech.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from khabar.extract.cues import (
    ADDRESSEE_VERBS,
    ATTITUDE_ADJS,
    CONTENT_PREPS,
    ENDORSE_VERBS,
    EVALUATIVE_VERBS,
    HEDGE_VERBS,
    NP_SPEECH_VERBS,
    SPEECH_VERBS,
    STANCE_VERBS,
)
from khabar.extract.quote_spans import Draft, before_medium_pp, cue_lemma, end_char, headline_at, np_span


def passive_with_agent(verb: Token) -> Draft | None:
    """"The proposal was rejected by the council": the agent speaks, the passive subject is the content."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if subject is None or pobj is None or subject.lower_ in ("it", "that", "which", "who"):
        return None
    content = np_span(subject)
    cue = (verb.idx, end_char(verb))
    draft = Draft(content.start_char, content.end_char, cue=cue, speaker=np_span(pobj), kind="stance")
    if any(c.dep_ == "ccomp" for c in verb.children):
        return None  # "it was announced by X that ...": left to the clausal rule
    return draft


def small_clause(head: Token) -> bool:
    """"their party as insufficiently committed", "the proposal a betrayal": an opinion, not a sight."""
    return head.pos_ in ("ADJ", "NOUN") or any(c.lower_ in ("as", "that") and c.i < head.i + 1 for c in head.children)


def opinion_content(verb: Token) -> tuple[int, int] | None:
    """"see their own party as insufficiently committed": the object through the as-phrase."""
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    tail = next(
        (c for c in verb.children if c.i > verb.i and (c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ == "as")),
        None,
    )
    if tail is None and obj is not None:  # "see the new tax as a punishment": "as" hangs on the object
        tail = next((c for c in obj.rights if c.dep_ == "prep" and c.lower_ == "as"), None)
    if obj is None or tail is None or tail.i < obj.i:
        return pronoun_as(verb, next((c for c in verb.children if c.dep_ == "dobj"), None))
    return obj.left_edge.idx, end_char(tail.right_edge)


_WH = frozenset({"WDT", "WP"})
_REFLEXIVES = frozenset("themselves himself herself itself myself ourselves yourself yourselves".split())


def pronoun_as(verb: Token, obj: Token | None) -> tuple[int, int] | None:
    """"whom he described as a brother", "what officials view as a threat", "describe themselves as
    conservative": a relative or reflexive object names nothing; what it is called is the content (from
    the reflexive on, which PolNeAR keeps)."""
    if obj is None or not (obj.i < verb.i and obj.tag_ in _WH or obj.i > verb.i and obj.lower_ in _REFLEXIVES):
        return None
    named = (c for c in verb.children if c.i > verb.i and (c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ == "as"))
    tail = next(named, None)
    if tail is None:
        return None
    lo = obj if obj.i > verb.i else tail.left_edge
    return lo.idx, end_char(tail.right_edge)


def stance_content(verb: Token) -> tuple[int, int] | None:
    """A noun phrase or infinitive the cue takes a position on: "urged voters to stay home", "called
    for talks", "criticized the ruling", "called the plan a disaster"."""
    lemma = cue_lemma(verb)
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.lower_ not in ("that",)), None)
    endorse = lemma in ENDORSE_VERBS  # from_verb has checked the holder
    xcomp = next((c for c in verb.children if c.dep_ in ("xcomp", "oprd") and c.i > verb.i), None)
    content_prep = any(c.dep_ == "prep" and c.lower_ in CONTENT_PREPS.get(lemma, ()) for c in verb.children)
    if lemma in ADDRESSEE_VERBS - {"warn", "promise", "urge", "ask"} and xcomp is None and not content_prep:
        return None  # "told reporters": an addressee, no content ("cautioned against ..." has one)
    if xcomp is not None and (lemma in STANCE_VERBS or lemma in SPEECH_VERBS or endorse) and lemma not in _NO_STANCE:
        # "what officials called a hate crime": a fronted wh-object is not what was said, its predicate is
        lo = obj.left_edge if obj is not None and verb.i < obj.i < xcomp.i else xcomp.left_edge
        if obj is None:  # "called on Trump to stop", "called for contestants to wear": who is to act belongs in
            prep = next((c for c in verb.children if c.dep_ == "prep" and verb.i < c.i < xcomp.i), None)
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if pobj is not None and prep.lower_ in ("on", "for", "upon") and pobj.right_edge.i < xcomp.i:
                lo = pobj.left_edge
        # "called Oz a quack": the parser may read both the object and the predicate as predicates
        last = max((c for c in verb.children if c.dep_ in ("xcomp", "oprd") and c.i > verb.i), key=lambda c: c.i)
        return lo.idx, end_char(last.right_edge)
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in CONTENT_PREPS.get(lemma, ()) and prep.i > verb.i:
            pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:  # "referred to Rubio as a leader": the as-phrase belongs to the content
                tail = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > prep.i), pobj)
                return pobj.left_edge.idx, end_char(tail.right_edge)
        # "called for Trump to drop out": the parser reads "for" as the mark of a clause
        marks = CONTENT_PREPS.get(lemma, ())
        if prep.dep_ == "advcl" and prep.i > verb.i and any(m.dep_ == "mark" and m.lower_ in marks for m in prep.children):
            first = prep.left_edge
            return prep.doc[first.i + 1].idx, end_char(prep.right_edge)
    if lemma == "call" and verb.dep_ == "acl":
        return None  # "a group called Black Votes Matter": a name
    if obj is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in obj.children):
        return None  # "offered no proof", "gave no details": nothing was put forward
    if obj is not None and (lemma in STANCE_VERBS or lemma in NP_SPEECH_VERBS or endorse) and _content_object(obj):
        return object_content(verb, obj)
    named = pronoun_as(verb, obj)
    if named is not None and (lemma in STANCE_VERBS or lemma in NP_SPEECH_VERBS):
        return named
    if obj is not None and (lemma in _TARGETING or endorse) and obj.lower_ in _PERSONS:
        return object_content(verb, obj)  # "backed her", "criticized him": the person is what the stance is on
    return None


def object_content(verb: Token, obj: Token) -> tuple[int, int]:
    """The object stretched over an as-phrase, a predicate or a reason phrase right after it: "described
    the deal as a betrayal", "mocked Romney for hiding his returns" (a trailing medium phrase left out)."""
    hi = obj.right_edge
    for extra in verb.children:
        if extra.i <= hi.i:
            continue
        reason = extra.dep_ == "prep" and extra.lower_ in REASON_PREPS and extra.i == hi.i + 1
        if extra.dep_ in ("oprd", "ccomp") or extra.dep_ == "prep" and extra.lower_ == "as" or reason:
            hi = extra.right_edge
    return obj.left_edge.idx, end_char(before_medium_pp(hi, obj))


# a phrase right after the object that says what the position is about: "blamed X for Y", "charged X with
# Y", "accused X of Y", "praised X over Y", "proposed projects like Y" (time and place phrases stay out)
REASON_PREPS = frozenset("for with of over like against".split())


# stances on a person, whose pronoun object is the content ("endorsed him", "praised her"), unlike a
# hearer ("told him", "asked her"), a recipient ("offered them") or a stance on an act ("sought it")
_TARGETING = frozenset(
    """endorse oppose criticize criticise blast slam condemn denounce decry praise hail applaud blame accuse
    mock ridicule scorn trash lambaste chide scold rebuke congratulate dismiss reject disavow repudiate
    champion thank""".split()
)
_PERSONS = frozenset("him her them me us".split())


def _content_object(obj: Token) -> bool:
    """An object that can be what was said: a noun phrase, or "it"/"this" standing for one."""
    return obj.pos_ != "PRON" or obj.lower_ in ("it", "this")


# speech verbs whose infinitive is no position: "continued to interject", "found it hard to ..."
_NO_STANCE = frozenset("continue repeat add know find show feel conclude".split())


# "said so", "said yes, yes, yes", "said the same of Trump", "said as much": a pro-form stands for the content
_PRO_FORMS = frozenset("so yes no same much".split())


def pro_form_content(verb: Token) -> tuple[int, int] | None:
    """What "say"/"do" refer back to with a pro-form after the verb: the pro-form (and its phrase)."""
    if verb.lemma_.lower() not in ("say", "tell", "write", "agree", "answer", "reply"):
        return None
    parts = [c for c in verb.rights if c.dep_ in ("intj", "npadvmod", "advmod", "dobj") and c.lower_ in _PRO_FORMS]
    if not parts:
        return None
    last = parts[-1]
    lo, hi = parts[0].left_edge, last.right_edge if last.dep_ in ("dobj", "npadvmod") else last  # not "on Sunday"
    if lo.i != verb.i + 1 and not (lo.i == verb.i + 2 and verb.doc[verb.i + 1].pos_ == "PRON"):
        return None  # the pro-form must follow the cue ("said so", "told me so")
    return lo.idx, end_char(hi)


# hedges that take a predicate as well as a verb: "the race appears closer", "he seemed unperturbed"
_LOOKS = frozenset({"seem", "appear"})


def hedge(verb: Token) -> Draft | None:
    """"Trump seemed to be shrinking", "he is expected to attend", "it appears that ...": the writer's
    hedge attributes the clause to nobody; the content is the whole clause, cue included (PolNeAR's way)."""
    lemma = cue_lemma(verb)
    if lemma not in HEDGE_VERBS or headline_at(verb):
        return None
    comp = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.i > verb.i), None)
    if comp is None and lemma in _LOOKS:  # "the race appears closer", "Trump seemed unperturbed"
        comp = next((c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd") and c.i > verb.i), None)
    elif comp is not None and comp.pos_ not in ("VERB", "AUX") and lemma not in _LOOKS:
        comp = None
    if comp is None:
        return None
    if lemma == "expect":  # only the agentless passive: "X is expected to"; "we expect" has a source
        if not any(c.dep_ == "auxpass" for c in verb.children) or any(c.dep_ == "agent" for c in verb.children):
            return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is None or subject.lower_ in ("who", "which", "that"):
        return None
    dummy = subject.dep_ == "expl" or subject.lower_ == "it" and comp.dep_ == "ccomp"
    if subject.dep_ == "expl" and comp.dep_ != "ccomp":
        return None
    lo = subject.left_edge
    if dummy:  # "it appears that X": the that-clause
        lo = comp.left_edge
        if lo.lower_ == "that" and lo.i < comp.i:
            lo = verb.doc[lo.i + 1]
    hi = comp.right_edge
    while hi.i > lo.i and (hi.is_punct or hi.is_space):
        hi = verb.doc[hi.i - 1]
    return Draft(lo.idx, end_char(hi), cue=(verb.idx, end_char(verb)), kind="stance")


# heads of subjects that are people holding an opinion ("most voters", "a majority of Republicans")
_PEOPLE = frozenset(
    """voter respondent supporter democrat republican independent american people majority half third quarter
    most many percent adult woman man student member delegate conservative liberal evangelical""".split()
)


def endorser(verb: Token, speaker: SpacySpan | None) -> bool:
    """Backing ("support", "back", "prefer") is a stance when people hold it or a person receives it."""
    if speaker is not None:
        root = speaker.root
        if root.pos_ == "PRON" and root.lower_ not in ("it", "which", "that"):
            return True
        if root.ent_type_ in ("PERSON", "NORP", "PERCENT", "CARDINAL") or cue_lemma(root) in _PEOPLE:
            return True
        if root.pos_ == "PROPN" and root.ent_type_ not in ("GPE", "LOC", "FAC", "ORG"):
            return True  # a name the tagger did not type is most often a person's
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return obj is not None and (obj.ent_type_ == "PERSON" or obj.lower_ in ("him", "her"))


def headline_speech(verb: Token, speaker: SpacySpan | None) -> bool:
    """"Chris Christie Calls Hillary Clinton 'A Disgrace'": a title-case headline whose root is a speech
    verb after its subject still reports speech; stance verbs in headlines ("Iran Seeks to ...") do not."""
    lemma = cue_lemma(verb)
    said = lemma in SPEECH_VERBS or lemma in EVALUATIVE_VERBS or lemma == "call"  # "Clinton Calls ... 'Genocide'"
    return verb.dep_ == "ROOT" and speaker is not None and speaker.end <= verb.i and said


_ATTITUDE_PREPS = frozenset("of about on with over toward towards at in".split())
_IMPERSONAL = frozenset("clear unclear certain uncertain".split())  # "it is unclear whether ...": nobody's


def attitude(adj: Token) -> Draft | None:
    """"The senator was critical of the plan", "he is confident that it will pass", "she made clear that
    ...": an attitude adjective on its clause, infinitive or prepositional phrase; the subject holds it."""
    lemma = adj.lemma_.lower()
    head = adj.head
    made = head.lemma_.lower() == "make" and adj.dep_ in ("ccomp", "oprd", "acomp")
    if lemma not in ATTITUDE_ADJS or not (adj.dep_ == "acomp" and head.pos_ in ("AUX", "VERB") or made):
        return None
    if headline_at(adj):
        return None
    doc = adj.doc
    content = next((c for c in adj.children if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i), None)
    content = content or next(
        (c for c in adj.children if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("that", "whether", "if") for m in c.children)),
        None,
    )
    if content is None and not made:  # "it is unclear whether ...": the clause hangs on the copula
        content = next((c for c in head.children if c.dep_ == "ccomp" and c.i > adj.i), None)
    if content is None:
        prep = next((c for c in adj.children if c.dep_ == "prep" and c.lower_ in _ATTITUDE_PREPS and c.i > adj.i), None)
        content = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    if content is None:
        return None
    lo = content.left_edge
    if lo.lower_ in ("that",) and lo.dep_ == "mark" and lo.i < content.i:
        lo = doc[lo.i + 1]
    hi = content.right_edge
    while hi.i > lo.i and (hi.is_punct or hi.is_space):
        hi = doc[hi.i - 1]
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < adj.i), None)
    speaker = np_span(subject) if subject is not None else None
    if speaker is not None and speaker.root.lower_ in ("it", "this", "that", "there"):
        if lemma not in _IMPERSONAL:
            return None
        speaker = None
    if speaker is None and not (lemma in _IMPERSONAL and not made):
        return None
    return Draft(lo.idx, end_char(hi), cue=(adj.idx, end_char(adj)), speaker=speaker, kind="stance")
