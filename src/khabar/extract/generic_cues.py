"""A learned back-off after the cue rules: any verb or attitude adjective may be a cue, if a model says so.

The lexicons (cues.py, learned_cues.py) hold the cue words seen often; PolNeAR's misses are a long tail of
one-off cues ("bewailed the cuts", "is against it", "was described as a disaster", "whined about X"). For a
token the rules made no draft for, `candidates` builds the draft a cue there would make, in the frames the
rules use:

    ccomp      X lamented (that) <clause>                 the clause, "that" dropped
    xcomp      X vowed to <infinitive> / pressed Y to ...   object and infinitive
    dobj       X bewailed <noun phrase> (for / over ...)  the object, with a reason or as-phrase after it
    oprd       X was dubbed <noun phrase>                 what the passive names
    agent      <noun phrase> was hailed by X              the passive subject; the agent speaks
    prep:<p>   X railed against <noun phrase>             the preposition's object ("is against it" too)
    adj:<p>    X was wary of <noun phrase> / that ...     an attitude adjective's complement

The speaker is the source rules' (sources.speaker_of, the by-agent, the inverted subject), trimmed as
from_verb trims it. Never candidates: stored learned cue words (the learned gate decides those), verbs of
material action unless their content is a person or something said ("attacked the town", "released the
prisoners" are acts; "attacked Clinton", "released a statement" may be words), and the rules' refusals
of principle (`_refusal_stands`: negation, headlines, agendas, names, backing by no person, a
clause verb with a mere object). Other lexicon words the rules turned down ("was described as ...", "is
known for ...": no source, or a frame the rules do not read) are candidates when the model was fitted
with them (`CueModel.reconsider`, the stored one is).

`CueModel` (data/cue_model.npz, written by scripts/train_cue_model.py from PolNeAR train only) scores a
candidate with a logistic regression over the static word vectors (from the loaded spaCy model's vocab,
not stored) of the cue lemma ("bewail" lies near "lament", far from "shell") and of the content's head
word, and one-hot features of frame, speaker kind, tag, dependency, negation, length, quotation marks,
headline casing and event type; a draft is kept when P(right) reaches the stored threshold. Kept drafts
are stance quotes unless their content is mostly a quotation, so the events stage never reads them as
reported speech (quote_for skips stances). Without the weights file the back-off is off and the rules'
output is unchanged. The stored model (reconsider, C 0.3, threshold 0.3), held out on PolNeAR train
(fitted on even texts, scored on odd ones): content F1 0.776 -> 0.784, source 0.738 -> 0.741.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy
from spacy.attrs import DEP, POS
from spacy.symbols import ADJ, AUX, VERB, acomp
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract import attribution, cues, learned_cues
from khabar.extract.cue_model import (  # noqa: F401 -- MODEL, unit_vector: re-exported for callers and tests
    MODEL,
    Candidate,
    CueModel,
    event_verbs,
    features,
    load_model,
    unit_vector,
)
from khabar.extract.cues import LEARNED
from khabar.extract.quote_spans import (
    SUBJECTS,
    Draft,
    before_cue_participle,
    cue_lemma,
    doc_text,
    end_char,
    headline_at,
    narrow_medium_noun,
    negated,
    np_span,
)
from khabar.extract.sources import agent, speaker_after, speaker_of, tidy_source, without_relative
from khabar.extract.stances import endorser, object_content

# prepositions that never carry what was said: time, place, means ("spoke in Ohio", "left on Monday")
_NO_CONTENT_PREPS = frozenset("in on at from into during after before since until through by near within".split())
_AUX_PREPS = frozenset({"against", "for"})  # "is against it", "are for the plan"
# the stored learned cue words (cues.LEARNED, not the set learned_cues.using may swap in): their quotes are
# the rules' and the learned gate's to make or refuse
_LEARNED = frozenset().union(*(LEARNED[f] for f in learned_cues.SETS), *({p.split()[0] for p in LEARNED[f]}
                                                                        for f in learned_cues.PAIRS))


# a frame's reading: content offsets, the content's head word, the frame's name
_Reading = tuple[int, int, Token, str]


# ---------------------------------------------------------------- drafts


def candidates(doc: Doc, skip: set[int], snap: Callable[[Draft], bool], said: list[tuple[int, int]] = (),
               keep: Callable[[Candidate], bool] | None = None, refused: set[int] | None = None) -> list[Candidate]:
    """The drafts of every verb and attitude-shaped adjective not in `skip` (tokens that gave the rules a
    draft, or that lie inside a rule's cue), fitted by `snap` (quotes._snap: trims, decides direct);
    `said` holds the rules' contents (a cue inside one is part of what somebody said). `keep`, when
    given, is asked before the costlier `snap` (the model's score without the "direct" feature, which
    only lowers it). `refused` (CueModel.reconsider) holds lexicon words the rules turned down that are
    candidates too, unless the refusal is one of principle (`_refusal_stands`)."""
    if not len(doc):
        return []
    inside = numpy.zeros(len(doc_text(doc)) + 1, dtype=bool)
    for a, b in said:
        inside[a:b] = True
    out = []
    for i, (pos, dep) in enumerate(doc.to_array([POS, DEP]).tolist()):
        if i in skip or not (pos == VERB or pos == AUX or pos == ADJ and dep == acomp):
            continue
        token = doc[i]
        lemma = cue_lemma(token)
        if lemma in _LEARNED:
            continue  # the learned gate's to refuse (or, while learned_cues.using swaps it out, would have)
        found = _adjective(token) if pos == ADJ else _verb(token, aux=pos == AUX)
        if found is None:
            continue
        draft, frame, head = found
        if pos == VERB and lemma in event_verbs()[0] and not _words_or_person(head):
            continue  # an action ("attacked the town", "released the prisoners") is nobody's stance
        if pos == VERB and attribution.gives_office(token):
            continue  # "was elected president": an office given, an event of its own
        if draft.speaker is not None and draft.speaker.start_char < draft.end and draft.start < draft.speaker.end_char:
            continue  # the subject inside the content: not an attribution of it
        turned_down = refused is not None and i in refused
        if turned_down and _refusal_stands(token, draft, frame):
            continue
        cand = Candidate(token, draft, frame, head, features(token, draft, frame, head))
        if turned_down:
            cand.feats.append("refused")
        if inside[token.idx]:
            cand.feats.append("inside_quote")
        if keep is not None and not keep(cand) or not snap(draft):
            continue
        if draft.direct:
            cand.feats.append("direct")
        out.append(cand)
    return out


def _refusal_stands(token: Token, draft: Draft, frame: str) -> bool:
    """The rules' refusals the back-off never overrules: a negated cue ("did not mention"), a headline, a
    meeting's agenda, a name given, a belief inside reported speech (attribution.py's checks), backing by
    no person ("the air force supported ..."), and a clause or opinion verb with a mere object ("saw the
    tanks", "claimed a narrow victory")."""
    if negated(token) or headline_at(token):
        return True
    if token.pos_ != "VERB":
        return False
    if attribution.refused(token):
        return True
    lemma = cue_lemma(token)
    if lemma in cues.ENDORSE_VERBS and not endorser(token, draft.speaker):
        return True
    if frame != "dobj" or lemma in cues.NP_SPEECH_VERBS or lemma in cues.STANCE_VERBS:
        return False
    return lemma in cues.CLAUSE_VERBS or lemma in cues.OPINION_VERBS or lemma in cues.SPEECH_VERBS


def _words_or_person(head: Token) -> bool:
    """A content that is a person ("attacked Clinton", "pushed her") or something said ("released a
    statement", "gave a speech"): an action verb may then report words."""
    lemma = head.lemma_.lower()
    return (head.ent_type_ == "PERSON" or head.lower_ in ("him", "her") or lemma in cues.MEDIUM_NOUNS
            or lemma in cues.CLAIM_NOUNS)


def _verb(verb: Token, aux: bool) -> tuple[Draft, str, Token] | None:
    children = list(verb.children)
    passive = any(c.dep_ == "nsubjpass" for c in children)
    found, speaker = None, None
    if not aux:
        found = _clause(verb, children)
        if found is None and passive:
            found, speaker = _passive(verb, children)
        if found is None:
            found = _object(verb, children)
    if found is None:
        found = _prep(verb, children, _AUX_PREPS if aux else None)
    if found is None:
        return None
    start, end, head, frame = found
    if frame != "agent":
        speaker = None if passive else speaker_of(verb)
        if speaker is None and not passive:
            speaker = speaker_after(verb)
        if speaker is None:
            speaker = agent(verb)
    speaker, medium = narrow_medium_noun(tidy_source(without_relative(speaker, verb)))
    draft = Draft(start, end, cue=(verb.idx, end_char(verb)), speaker=speaker, medium=medium, kind="stance")
    return draft, frame, head


def _clause(verb: Token, children: list[Token]) -> _Reading | None:
    """"lamented that the plan failed": the clausal complement; "vowed to fight" / "pressed Y to act"."""
    comp = next((c for c in children if c.dep_ == "ccomp"), None)
    if comp is not None:
        lo, hi = comp.left_edge, comp.right_edge
        if lo.i < verb.i < hi.i:
            lo = verb.doc[verb.i + 1]
        if lo.lower_ == "that" and lo.i < hi.i:
            lo = verb.doc[lo.i + 1]
        return lo.idx, end_char(before_cue_participle(verb.doc, lo, hi)), comp, "ccomp"
    xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > verb.i and c.pos_ in ("VERB", "AUX")), None)
    if xcomp is not None:
        obj = next((c for c in children if c.dep_ == "dobj" and verb.i < c.i < xcomp.i), None)
        lo = obj.left_edge if obj is not None else xcomp.left_edge
        return lo.idx, end_char(xcomp.right_edge), xcomp, "xcomp"
    return None


def _passive(verb: Token, children: list[Token]) -> tuple[_Reading | None, SpacySpan | None]:
    """"was dubbed a traitor": what the passive names; "the plan was hailed by X": the subject, X speaks."""
    named = next((c for c in children if c.dep_ in ("oprd", "attr") and c.i > verb.i), None)
    if named is not None:
        return (named.left_edge.idx, end_char(named.right_edge), named, "oprd"), None
    subject = next((c for c in children if c.dep_ == "nsubjpass"), None)
    by = agent(verb)
    if subject is None or by is None or subject.pos_ == "PRON" and subject.lower_ not in ("it", "this"):
        return None, None
    content = np_span(subject)
    return (content.start_char, content.end_char, subject, "agent"), by


def _object(verb: Token, children: list[Token]) -> _Reading | None:
    """"bemoaned the cuts to the program", "hailed Trump as a hero", "blasted X for ...": the object,
    stretched over an as-phrase, a predicate or a reason phrase right after it (stances.stance_content's
    reading for a lexicon verb)."""
    obj = next((c for c in children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or obj.pos_ == "PRON" and obj.lower_ not in ("it", "this", "that"):
        return None
    if any(c.dep_ == "det" and c.lower_ == "no" for c in obj.children):
        return None
    return *object_content(verb, obj), obj, "dobj"


def _prep(verb: Token, children: list[Token], only: frozenset[str] | None) -> _Reading | None:
    """"railed against the deal", "is against it": the object of the first content-like preposition."""
    for prep in children:
        if prep.dep_ != "prep" or prep.i < verb.i or prep.lower_ in _NO_CONTENT_PREPS:
            continue
        if only is not None and prep.lower_ not in only:
            continue
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if pobj is not None:
            return pobj.left_edge.idx, end_char(pobj.right_edge), pobj, f"prep:{prep.lower_}"
        break
    return None


def _adjective(adj: Token) -> tuple[Draft, str, Token] | None:
    """"X was wary of the deal", "X is adamant that ...": the complement; the copula's subject holds it."""
    head = adj.head
    if head.pos_ not in ("AUX", "VERB"):
        return None
    comp = next((c for c in adj.children if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i), None)
    frame = "adj:clause"
    if comp is None:
        prep = next((c for c in adj.children if c.dep_ == "prep" and c.i > adj.i), None)
        comp = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        frame = f"adj:{prep.lower_}" if prep is not None else frame
    subject = next((c for c in head.children if c.dep_ in SUBJECTS and c.i < adj.i), None)
    if comp is None or subject is None or subject.lower_ in ("it", "there", "this", "that"):
        return None
    lo, hi = comp.left_edge, comp.right_edge
    if lo.lower_ == "that" and lo.dep_ == "mark" and lo.i < hi.i:
        lo = adj.doc[lo.i + 1]
    speaker = tidy_source(np_span(subject))
    return Draft(lo.idx, end_char(hi), cue=(adj.idx, end_char(adj)), speaker=speaker, kind="stance"), frame, comp


ACTIVE: CueModel | None = load_model()
_COLLECT: list[tuple[list[Candidate], bool]] = []


def back_off(doc: Doc, drafts: list[Draft], taken: set[int], snap: Callable[[Draft], bool]) -> list[Draft]:
    """The drafts the model keeps among the candidates of tokens the rules left alone (quotes.find_quotes
    calls this after its rules). Nothing without a model (or while `collecting`)."""
    if ACTIVE is None and not _COLLECT:
        return []
    cue_tokens: set[int] = set()
    for draft in drafts:  # "according to", "pointed out": every token of a rule's cue
        if draft.cue is not None:
            span = doc.char_span(draft.cue[0], draft.cue[1], alignment_mode="expand")
            cue_tokens.update(range(span.start, span.end) if span is not None else ())
    said = [(d.start, d.end) for d in drafts]
    if _COLLECT:
        found, reconsider = _COLLECT[-1]
        found.extend(candidates(doc, cue_tokens if reconsider else cue_tokens | taken, snap, said,
                                refused=taken - cue_tokens if reconsider else None))
        return []
    reconsider = ACTIVE.reconsider
    skip = set(cue_tokens) if reconsider else cue_tokens | taken
    for draft in drafts:  # find_quotes drops a stance whose cue lies inside reported speech: not worth scoring
        if draft.kind == "speech":
            lo = doc.char_span(draft.start, draft.end, alignment_mode="contract")
            if lo is not None:
                skip.update(range(lo.start, lo.end))
    found = candidates(doc, skip, snap, said, keep=ACTIVE.keeps, refused=taken - cue_tokens if reconsider else None)
    kept = []
    for c in found:
        score = ACTIVE.score(c)
        if score >= ACTIVE.threshold:
            c.draft.confidence = round(score, 3)
            kept.append(c.draft)
    return kept


@contextmanager
def using(model: CueModel | None) -> Iterator[None]:
    """Within the block the back-off scores with `model` (None: off); the stored model is put back after."""
    global ACTIVE
    stored, ACTIVE = ACTIVE, model
    try:
        yield
    finally:
        ACTIVE = stored


@contextmanager
def collecting(reconsider: bool = False) -> Iterator[list[Candidate]]:
    """Within the block the back-off keeps no draft and lists every candidate it built (for training);
    with `reconsider`, also those of the words the rules turned down (see CueModel.reconsider)."""
    found: list[Candidate] = []
    _COLLECT.append((found, reconsider))
    try:
        yield found
    finally:
        _COLLECT.pop()
