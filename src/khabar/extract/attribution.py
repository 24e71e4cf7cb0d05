"""Attribution cues in the dependency parse: who said (or took a stance on) which stretch of text.

Each rule reads one verb cue and returns a `Draft` (content offsets, cue, speaker, addressee, medium):
    X said (that) <clause>            X told Y that <clause>        X, in a statement, said <clause>
    <clause>, X added.                <clause>, said X.             <A>, X said, <B>  (B is `Draft.rest`)
    “<quote>,” X said.                X said: “<quote>”             “<quote>,” beamed X  (manner verbs)
    X urged Y to <infinitive>         X called for <noun phrase>    <noun phrase> was rejected by X
    X said in an interview: <paragraph>   X issued a statement saying <clause>   As X noted, <clause>
    the court ruled that <clause>     it was announced by X that <clause>      X sees Y as Z
Stances and hedges (noun-phrase contents, "seems to", "was critical of") live in stances.py,
noun cues ("according to", "X's claim that") in cue_nouns.py, the source of a cue (subject, inverted
subject, agent, issuer; datelines trimmed) in sources.py, shared helpers in quote_spans.py,
headline labels and dash signatures in signatures.py; quotes.py fits drafts to quotation marks.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract.coref import sentence_of
from khabar.extract.cues import (
    CLAIM_NOUNS,
    CLAUSE_VERBS,
    CONTENT_PREPS,
    ENDORSE_VERBS,
    MANNER_VERBS,
    MEDIUM_NOUNS,
    NP_SPEECH_VERBS,
    OPINION_VERBS,
    SPEECH_VERBS,
    STANCE_VERBS,
)
from khabar.extract.quote_marks import QuoteMarks
from khabar.extract.quote_spans import (
    SUBJECTS,
    Draft,
    adjacent_quote,
    addressee_of,
    before_cue_participle,
    before_own_attribution,
    contact_clause,
    cue_lemma,
    doc_text,
    end_char,
    headline_at,
    medium_of,
    narrow_medium_noun,
    negated,
    np_span,
    quoted_instead,
)
from khabar.extract.sources import (
    QUESTION_VERBS,
    agent,
    asks,
    put_to as questioned,
    speaker_after,
    speaker_of,
    tidy_source,
    without_relative,
)
from khabar.extract.stances import (
    hedge,
    opinion_content,
    passive_with_agent,
    pro_form_content,
    endorser,
    headline_speech,
    small_clause,
    stance_content,
)

__all__ = ["Draft", "from_verb"]

_SUBJECTS = SUBJECTS


# a meeting's agenda, not a position: "met Aoun to discuss the war", "talks to review the deal"
_AGENDA_VERBS = frozenset({"discuss", "debate", "review", "address", "negotiate", "examine", "explore", "consider"})


_MEETINGS = frozenset({"meeting", "session", "summit", "conference", "talk", "election", "vote", "referendum", "strike"})


def refused(verb: Token) -> bool:
    """The refusals of principle: a meeting's agenda, convening, a name given, a belief inside reported
    speech, a fixed term ("pledged delegates"). The learned back-off (generic_cues.py) never overrules them."""
    return _agenda(verb) or _convenes(verb) or _naming(verb) or gives_office(verb) or _reported_belief(verb) or _term(verb)


def from_verb(doc: Doc, verb: Token, marks: list[QuoteMarks]) -> Draft | None:
    if refused(verb):
        return None
    passive = passive_with_agent(verb) or hedge(verb)
    if passive is not None:
        return passive
    as_cue = _as_clause(doc, verb)
    if as_cue is not None:
        return as_cue
    speaker = speaker_of(verb)
    put_to = questioned(verb)
    if put_to:  # "Asked about the polls, Christie said ...": the one asked answers; the asker speaks
        speaker = agent(verb)
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and _is_clause(c)]
    if not clauses and cue_lemma(verb) in QUESTION_VERBS:  # "asked the senator if he would run": the parser
        clauses = [c for c in verb.children if c.dep_ == "advcl" and c.i > verb.i and asks(c)]  # hangs it as advcl
    # "He said A, and when asked, he said, ''B''": the parser may hang A on the second cue too
    content = next((c for c in clauses if 0 < c.left_edge.i - verb.i <= 3), clauses[0] if clauses else None)
    cue_end = _cue_end(verb)
    draft = Draft(0, 0, cue=(verb.idx, cue_end))
    lemma = cue_lemma(verb)
    if content is not None and lemma in OPINION_VERBS and small_clause(content):
        draft.kind = "stance"  # "see their party as too timid", "considered the proposal a betrayal"
    if content is not None and (
        lemma in SPEECH_VERBS or lemma in STANCE_VERBS or lemma in CLAUSE_VERBS or draft.kind == "stance"
    ):
        lo, hi = content.left_edge, content.right_edge
        if lo.i < verb.i < hi.i:  # "what Trump says his plan would do": the fronted object is not said
            lo = doc[verb.i + 1]
        if lo.lower_ == "that" and lo.i > 0 and _claim_object(doc[lo.i - 1], verb):
            return None  # "questioned the senator's claim that ...": the clause is the claim's (from_noun)
        after = doc[lo.i + 1] if lo.i + 1 < len(doc) else lo  # "that he wanted": misparsed as an object
        opener = lo.dep_ == "mark" or lo.pos_ == "SCONJ" or after.dep_ in _SUBJECTS and after.head == content
        if lo.lower_ == "that" and opener and lo.i < hi.i:
            lo = doc[lo.i + 1]  # the complementiser introduces the content, it is not part of it
        hi = before_cue_participle(doc, lo, hi)
        hi = before_own_attribution(doc, lo, hi)
        if hi.i < verb.i:  # "Still, the plan is sound, he said": the content before the cue
            lo = doc[_after_fronted_phrase(doc, lo.i, hi.i)]
        draft.start, draft.end = lo.idx, end_char(hi)
        if hi.i < verb.i:
            draft.start, draft.end = quoted_instead(doc, verb, speaker, marks, (draft.start, draft.end))
        if speaker is None:  # "it was announced by the ministry that ...": the agent speaks
            speaker = agent(verb)
    elif lemma in MANNER_VERBS and lemma not in SPEECH_VERBS:
        span = adjacent_quote(doc, verb, speaker, marks)
        if span is None and lemma in STANCE_VERBS and speaker is not None and not negated(verb):
            span, draft.kind = stance_content(verb), "stance"  # "mocked the ambitions of ..." needs no quotation
        if span is None:
            return None
        speaker = speaker or speaker_after(verb)
        draft.start, draft.end = span
    elif lemma in OPINION_VERBS:
        span = opinion_content(verb)
        if span is None or speaker is None or negated(verb) or headline_at(verb):
            return None
        draft.start, draft.end = span
        draft.kind = "stance"
    elif not (lemma in SPEECH_VERBS or lemma in STANCE_VERBS or lemma in NP_SPEECH_VERBS or lemma in CONTENT_PREPS
              or lemma in ENDORSE_VERBS and endorser(verb, speaker)):
        return None  # a clause-only cue without its clause, or an army "supporting" an offensive
    else:
        span = None
        if lemma in SPEECH_VERBS:
            span = (  # "Asked whether ..., she shook her head and said, ''No.''": the quotation after the cue
                adjacent_quote(doc, verb, speaker, marks, after_only=True)
                or _inverted_content(doc, verb, speaker)
                or _parenthetical_content(doc, verb, speaker)
                or adjacent_quote(doc, verb, speaker, marks)
                or _misattached_clause(verb)
                or contact_clause(verb)
                or _colon_paragraph(doc, verb)
            )
        if span is None:
            if speaker is None and not put_to:  # a relative subject counts: "voters who want a continuation of
                return None  # his policies"; "asked about X" needs no asker named
            if negated(verb) or headline_at(verb) and not headline_speech(verb, speaker):
                return None  # "did not mention X" takes no position; "Iran Seeks to Turn ..." is a headline
            span = stance_content(verb) or pro_form_content(verb)
            draft.kind = "stance"
        if span is None:
            return None
        if speaker is None:
            speaker = speaker_after(verb)
        draft.start, draft.end = span
    if draft.kind == "speech":
        draft.rest = _other_side(doc, verb, speaker, (draft.start, draft.end))
    if speaker is not None and speaker.start_char < draft.end and draft.start < speaker.end_char:
        return None  # the subject lies inside the content: not an attribution of this clause
    if speaker is None and headline_at(verb):
        return None  # "Saying We Need Fewer Philosophers": a headline with nobody saying it
    speaker, medium = narrow_medium_noun(tidy_source(without_relative(speaker, verb)))
    draft.speaker = speaker
    draft.addressee = addressee_of(verb, draft)
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in MEDIUM_NOUNS:  # "issued a statement saying"
        medium = medium or MEDIUM_NOUNS[verb.head.lemma_.lower()]
    draft.medium = medium or medium_of(verb, draft)
    return draft


# what a reported speaker thinks: "she said she thinks X" reports one attribution (the saying), not two
_BELIEF_VERBS = frozenset(
    """think believe hope expect feel recall realize realise suspect know understand worry fear want wish doubt
    assume suppose remember""".split()
)

# what a reported clause says evidence shows: "said the videos show ...", "says a review shows ..."
_EVIDENCE_VERBS = frozenset("show suggest prove indicate".split())


def _reported_belief(verb: Token) -> bool:
    """"Clinton said she thinks America is strongest": a belief verb heading the clause of a speech verb
    is part of what was said; PolNeAR marks the saying only."""
    lemma = cue_lemma(verb)
    if lemma not in _BELIEF_VERBS and lemma not in _EVIDENCE_VERBS:
        return False
    current = verb
    for _ in range(3):  # "said he thought that ...", "said he was not worried because he doubted ..."
        if current.dep_ not in ("ccomp", "advcl", "conj", "xcomp") or current.head == current:
            return False
        current = current.head
        if current.i < verb.i and cue_lemma(current) in SPEECH_VERBS and any(c.dep_ in _SUBJECTS for c in current.children):
            return True
    return False


# participles that with the noun after them name a thing, which the parser may read as verb and object:
# "leads by 270 pledged delegates" (delegates bound to a candidate), not a pledge
_TERMS = {"pledged": frozenset({"delegate", "superdelegate"})}


def _term(verb: Token) -> bool:
    nouns = _TERMS.get(verb.lower_)
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return nouns is not None and nxt is not None and nxt.lemma_.lower() in nouns


def _agenda(verb: Token) -> bool:
    """"to discuss the war": an infinitive of purpose or intent with an agenda verb reports no saying."""
    if cue_lemma(verb) not in _AGENDA_VERBS or verb.dep_ not in ("advcl", "xcomp", "acl", "relcl", "conj"):
        return False
    if verb.dep_ == "conj":  # "met to review the deal and discuss trade": the first verb decides
        return _agenda(verb.head) and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.head.children)
    if verb.dep_ in ("xcomp", "advcl") and verb.head.lemma_.lower() in _DOING:
        return False  # "went on to discuss the polls" did discuss them
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _convenes(verb: Token) -> bool:
    """"called an emergency session (to review ...)": calling a meeting or a vote convenes it, no stance."""
    if verb.lemma_.lower() != "call":
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or any(c.dep_ == "oprd" for c in verb.children):
        return False  # "called her vote a mistake": a verdict on the vote, not a vote called
    return obj.lemma_.lower() in _MEETINGS and not any(c.dep_ == "poss" for c in obj.children)


_OFFICE_VERBS = frozenset({"elect", "re-elect", "reelect", "appoint", "reappoint", "name", "nominate", "designate",
                           "install", "swear", "crown", "promote"})


def gives_office(verb: Token) -> bool:
    """"was elected president", "was named foreign minister", "was sworn in as prime minister": an office
    given to somebody, an event of its own, not a position anybody takes."""
    return verb.lemma_.lower() in _OFFICE_VERBS and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _naming(verb: Token) -> bool:
    """"a visa program called EB-5", "a stream, called Silver Run,": a name given, not a position taken."""
    return (
        verb.lemma_.lower() == "call"
        and verb.dep_ == "acl"
        and verb.tag_ in ("VBN", "VBD")
        and verb.head.pos_ in ("NOUN", "PROPN")
        and verb.i > 0
        and (verb.doc[verb.i - 1] == verb.head or verb.i > 1 and verb.doc[verb.i - 1].text == ","
             and verb.doc[verb.i - 2] == verb.head)  # right after the noun: "Tim Cook, called X" is his words
        and sum(c.dep_ == "oprd" for c in verb.children) <= 1  # "the letter called Oz a quack": two objects
        # "Trump called Clinton X": the parser made the subject a bare root noun; a person is not so named
        and not (verb.head.dep_ == "ROOT" and verb.head.ent_type_ == "PERSON")
        and not any(c.dep_ in ("agent", "nsubj", "dobj") or c.dep_ == "prep" and c.lower_ == "for" for c in verb.children)
    )


_DOING = frozenset({"go", "begin", "start", "continue", "proceed"})


def _as_clause(doc: Doc, verb: Token) -> Draft | None:
    """"As the Times noted, <clause>" / "<clause>, as one aide put it": the clause the as-phrase hangs on."""
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ == "as" and c.i < verb.i), None)
    if mark is None or verb.dep_ != "advcl" or any(c.dep_ in ("dobj", "ccomp") and c.lower_ != "it" for c in verb.children):
        return None
    lemma = cue_lemma(verb)
    if lemma == "put" and not any(c.lower_ == "it" for c in verb.children):
        return None
    if lemma not in SPEECH_VERBS and lemma not in CLAUSE_VERBS and lemma != "put":
        return None  # "as planned", "as the army wanted": no saying
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    head = verb.head
    if subject is None or head.pos_ not in ("VERB", "AUX"):
        return None
    lo, hi = mark.i, verb.right_edge.i
    before = (head.left_edge.i, lo - 1)
    after = (hi + 1, head.right_edge.i)
    side = before if before[1] - before[0] >= after[1] - after[0] else after
    tokens = [t for t in doc[side[0] : side[1] + 1] if not (t.is_punct or t.is_space)]
    if len(tokens) < 3:
        return None
    return Draft(tokens[0].idx, end_char(tokens[-1]), cue=(verb.idx, _cue_end(verb)), speaker=np_span(subject))


def _claim_object(noun: Token, verb: Token) -> bool:
    return noun.lemma_.lower() in CLAIM_NOUNS and noun.dep_ == "dobj" and noun.head == verb


def _is_clause(head: Token) -> bool:
    if head.pos_ in ("VERB", "AUX"):
        return True
    return any(c.dep_ in _SUBJECTS or (c.dep_ == "mark" and c.lower_ == "that") for c in head.children)


def _cue_end(verb: Token) -> int:
    """The cue with its particle: "pointed out", "called for" stays the verb alone."""
    prt = [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    return end_char(prt[0]) if prt else end_char(verb)


def _inverted_content(doc: Doc, verb: Token, speaker: SpacySpan | None) -> tuple[int, int] | None:
    """Content before the cue: "<clause>, X added." / "<clause>, announced the service in a statement"."""
    sent = sentence_of(verb)
    first = min(verb.i, speaker.start) if speaker is not None and speaker.start < verb.i else verb.i
    if first - 1 <= sent.start or doc[first - 1].text not in (",", "—", "–"):
        return None
    if speaker is None and verb.dep_ not in ("parataxis", "conj", "ROOT", "ccomp"):
        return None
    if verb.head.i > verb.i:  # "The dam, the engineer said, will flood ...": a parenthetical, not a closing cue
        return None
    if verb.dep_ == "relcl" or speaker is not None and speaker.root.lower_ in ("who", "which", "that"):
        return None  # "..., said X, who urged ...": what comes before the relative clause is the main cue's
    trailing = [t for t in doc[verb.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
    if len(trailing) > 10:  # the cue should close the sentence
        return None
    inverted = speaker_after(verb)  # "..., announced the service": the parser may call the speaker an object
    own = [c for c in verb.children if c.dep_ in ("dobj", "ccomp") and c.i > verb.i]
    if negated(verb) or any(inverted is None or not inverted.start <= c.i < inverted.end for c in own):
        return None  # "Unlike earlier visits, his comments did not mention X": the cue has its own object
    if speaker is None and speaker_after(verb) is None:
        return None
    start = sent.start
    while start < first - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if first - 2 < start:
        return None
    if not any(t.pos_ in ("VERB", "AUX") for t in doc[start : first - 1]):
        return None  # "During the service, the pastor asked ...": a fronted phrase is not what was said
    if _circumstance(doc, verb, start, first - 2):
        return None  # "When he came to Washington, he felt ...": a fronted clause of the cue's own
    start = _after_fronted_phrase(doc, start, first - 2)
    return doc[start].idx, end_char(doc[first - 2])


_FRONTED = frozenset({"advmod", "prep", "advcl", "npadvmod", "cc"})


def _circumstance(doc: Doc, verb: Token, lo: int, hi: int) -> bool:
    """Tokens lo..hi hang on the cue as an adverbial ("When X came, he felt", "Despite the slump, hiring
    continues", "Among parents, 50 percent believe that"): the cue's circumstance, not what was said."""
    roots = [t for t in doc[lo : hi + 1] if not (lo <= t.head.i <= hi) or t.head == t]
    words = [t for t in roots if not (t.is_punct or t.is_space)]
    return bool(words) and all(t.head == verb and t.dep_ in _FRONTED for t in words)


def _after_fronted_phrase(doc: Doc, start: int, end: int) -> int:
    """"Still, the plan is sound, he said": a fronted adverbial set off by a comma frames the saying, it is
    not part of what was said (PolNeAR leaves it out); the clause starts after the comma."""
    head = doc[start]
    while head.head.i != head.i and start <= head.head.i <= end and head.dep_ not in _FRONTED:
        head = head.head
    if head.dep_ not in _FRONTED or head.head.i < start or head.head.i > end:
        return start
    stop = head.right_edge.i + 1
    if stop >= end or doc[stop].text != "," or head.left_edge.i != start:
        return start
    return stop + 1


def _cue_clause_end(doc: Doc, verb: Token) -> int:
    """The last token of the cue clause after the verb ("said in a statement", "said the minister")."""
    # the subtree ends by its right edge, inside the sentence; ancestry is asked only of the tokens walked
    hi, last = verb.i, verb.right_edge.i
    while hi < last and doc[hi + 1].text not in (",", "—", "–", ":") and verb.is_ancestor(doc[hi + 1]):
        hi += 1
    return hi


def _other_side(doc: Doc, verb: Token, speaker: SpacySpan | None, span: tuple[int, int]) -> tuple[int, int] | None:
    """"It would take weeks, he said, and the wrangling could be paralyzing": a cue between commas splits
    what was said; the side that is not the content continues it."""
    sent = sentence_of(verb)
    lo = min(verb.i, speaker.start) if speaker is not None else verb.i
    if lo - 1 <= sent.start or doc[lo - 1].text != ",":
        return None  # asked first: most cues have no comma before them, and the clause's end costs a walk
    hi = _cue_clause_end(doc, verb)
    if speaker is not None and speaker.start > verb.i:  # "..., said X, a senior official with ...": the
        hi = max(hi, speaker.end - 1)  # apposition after an inverted source is the source's, not said
    if hi + 2 >= sent.end or doc[hi + 1].text != ",":
        return None
    left = doc[sent.start : lo - 1]
    right = doc[hi + 2 : sent.end]
    if span[1] <= doc[lo].idx:
        other = right
    elif span[0] >= end_char(doc[hi]):
        other = left
    else:
        return None
    words = [t for t in other if not (t.is_punct or t.is_space)]
    if not words or words[0].pos_ == "VERB" or any(t.lemma_.lower() in SPEECH_VERBS for t in words[:2]):
        return None  # "..., he said, adding that ...": the next cue has its own content
    # "Climate change, he often says, is ...", "But to prevent problems, he said, officials should ...": a cue
    # inside one clause splits it; both sides are what was said, however short the fronted one
    inside = verb.dep_ == "parataxis" and other is left and all(verb.head.is_ancestor(t) for t in words)
    inside = inside and words[0].dep_ != "prep"  # "In the end, he said, ...": a circumstance of the saying
    clause = inside or any(t.dep_ in _SUBJECTS for t in words) or (other is right and words[0].dep_ == "cc")
    if not inside and len(words) < 3 or not clause or words[0].lower_ in ("who", "which", "whose"):
        return None  # "In the end, he said, ...", "..., he said, on condition of anonymity": circumstances
    edge = [t for t in other if not (t.is_space or t.text in ",;.")]
    return edge[0].idx, end_char(edge[-1])


def _parenthetical_content(doc: Doc, verb: Token, speaker: SpacySpan | None) -> tuple[int, int] | None:
    """"Acts of protest, Mr. Obama said, are acts of patriotism": the clause around the cue. A span is
    contiguous, so the content is the larger side of the clause; the cue never sits inside it."""
    head = verb.head
    if speaker is None or verb.dep_ != "parataxis" or head.i <= verb.i:
        return None
    lo, hi = verb.left_edge.i, verb.right_edge.i
    left = (head.left_edge.i, lo - 1)
    right = (hi + 1, head.right_edge.i)
    side = right if right[1] - right[0] >= left[1] - left[0] else left
    if side[1] < side[0]:
        return None
    return doc[side[0]].idx, end_char(doc[side[1]])


def _colon_paragraph(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """"The governor added:" closing a paragraph: the next paragraph is what he said."""
    sent = sentence_of(verb)
    if ":" not in doc_text(doc)[verb.idx + len(verb) : sent.end_char]:
        return None  # no colon after the cue in its sentence: no token walk needed
    colon = next((t for t in doc[verb.i + 1 : sent.end] if t.text == ":"), None)
    if colon is None or any(not t.is_space for t in doc[colon.i + 1 : sent.end]):
        return None
    text = doc_text(doc)
    start = end_char(colon)
    if "\n" not in text[start : start + 3]:
        return None
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return (start, end) if end > start else None


def _misattached_clause(verb: Token) -> tuple[int, int] | None:
    """"told CNN in an interview that the city was safe": the parser hangs the that-clause on "interview"."""
    lo, hi = verb.left_edge, verb.right_edge
    if "that" not in doc_text(verb.doc)[lo.idx : end_char(hi)].lower():
        return None  # the clause's "that" lies in the verb's subtree, so in its text: no walk without one
    for tok in verb.subtree:
        if tok.i <= verb.i or tok.dep_ not in ("acl", "relcl", "advcl", "ccomp"):
            continue
        if not any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
            continue
        if tok.head.lemma_.lower() in CLAIM_NOUNS and tok.head.lemma_.lower() not in MEDIUM_NOUNS:
            continue  # "questioned the senator's claim that ...": the claim's clause (from_noun)
        up = tok.head
        while up != verb and up.dep_ in ("prep", "pobj", "dobj", "dative", "npadvmod"):
            up = up.head
        if up == verb:
            lo = tok.left_edge
            if lo.dep_ == "mark" and lo.i < tok.right_edge.i:
                lo = tok.doc[lo.i + 1]
            return lo.idx, end_char(tok.right_edge)
    return None
