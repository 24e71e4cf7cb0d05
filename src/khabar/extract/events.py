"""khabar_events: PLOVER 2.0 events with actors, recipients, trigger and sentence as proof.

How an event is found (PETRARCH's idea - verb patterns over a parse - with khabar's own lexicon):
1. one Matcher over the trigger lemmas of `data/event_lexicon.tsv` proposes tokens; the lexicon row
   whose argument constraint holds gives type and mode ("summon" + envoy -> ACCUSE, "block" + road ->
   PROTEST, + planes -> COERCE). Noun triggers ("air strikes", "rebuke", "invitation") need a
   participant (possessor, demonym, by/of/against phrase, or a light verb: "issued a rebuke") and are
   skipped as the predicate of a copula ("X is the largest campaign" describes, it does not report).
2. arguments come from the parse: subject / passive agent -> actors; object / passive subject /
   against-on-with phrases -> recipients; each phrase goes through `actors.actor_at` for its code
   (extract/participants.py: fallbacks when the actors stage has none, countries from places). Giving
   verbs take the to-phrase as recipient ("paid compensation to X"); a deployment keeps its force and adds
   its against-phrase or destination ("strengthened its forces in Lebanon"); a threat is aimed at whoever
   must meet its condition ("unless Israel rescinded"); a protest with only things as objects at whom its
   purpose names ("to show their anger at X"); a passive attack with no agent is done by the attack it
   happened in ("killed in a car bomb explosion"); whoever claims an attack did it ("the Taliban claimed
   (responsibility for) the bombing"); with no one named, a hostile act's place stands for the
   target ("a curfew in Algiers"), but not a state's own forces fighting at home (their target is someone
   there, not their state). A meeting noun in a setting phrase is done by the clause's subject ("In a
   surprise visit to X, he noted ..."); "with the support of Z" supports the clause's subject.
   Collective anaphors ("the pair", "the two men", "both sides") are the two actors they refer back to
   (extract/collective.py), or no one.
3. (extract/folding.py) an event inside the complement of a frame ("threatened to bomb", "urged X to
   release", "refused to meet") folds into the frame; the act an accusation alleges ("accused Tehran of
   supporting the Houthis", "blamed X for shelling") stays an event of its own, done by the accused and
   claimed by the accuser (its stance quote, else the accuser, as speaker; 0.8x confidence); same-type
   events along one clause chain merge ("killed in Israeli air strikes" is one aerial ASSAULT; "Saudi-led
   coalition air strikes hit" is done by the coalition), and a killing by way of a raid ("killed by a police
   raid") is one ASSAULT by the raid's doer. An appeal
   keeps the one called on as recipient ("called on Turkey to withdraw": REQUEST to Turkey, even where the
   parser read "a newspaper called X"), but a call to rise against someone ("called on Arabs to unite and
   mobilize against Sharon") is CAMEO's DISAPPROVE of that someone: ACCUSE.
4. modality (extract/modality.py). PLOVER codes intentions, not the intended act: a future or
   conditional cooperative act becomes AGREE, a hostile one THREATEN (announcing a military operation
   for later is MOBILIZE), "would not allow" is REJECT; the modality keeps saying it has not happened.
   An event dated more than 30 days before publication is historical; an act an accusation pins on
   someone, or one hedged ("allegedly shelled", "is suspected of attacking"), is alleged (0.8x confidence).
5. headlines and captions repeat the body: their events are dropped when a body event has the same
   type and trigger lemma or actor, and otherwise kept at 0.6x confidence.
Coding choices: summoning an envoy (a diplomatic protest) is ACCUSE (CAMEO 11), recalling or expelling one
SANCTION; blocking another state's planes, ships or convoys is COERCE (mode restrict), blocking roads is
PROTEST (obstruct); a government's military operation announced for later is MOBILIZE; a joint exercise is
COOPERATE, war games MOBILIZE. Vague counts ("dozens", "a number of") give no magnitude (extract/magnitude.py).
Confidence = lexicon weight x clause position (main/reported clause 1.0, embedded 0.85) x block x
modality, + a little when both actor and recipient are found.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract import actor_codes
from khabar.extract import dates as dates_stage
from khabar.extract import quotes as quotes_stage
from khabar.extract.arguments import Cand, has_participant, noun_args, verb_args
from khabar.extract.coref import sentence_starts
from khabar.extract.coding import COOPERATIVE, HOSTILE, PROTEST_VERBS, STRONG_MODES, code, refine_mode
from khabar.extract.folding import THREAT_MODE, fold, frame_recipients, is_frame
from khabar.extract.lexicon import Lexicon, contexts_of, load
from khabar.extract.participant_places import owned_tokens
from khabar.extract.participants import ACTOR_CODE_KEY, ACTOR_MEMO_KEY, PLACE_INDEX_KEY, refs_for, sentence_countries
from khabar.extract.quote_spans import doc_text
from khabar.extract.ranking import SAY_LEMMAS, clause_factor, dedupe_headlines
from khabar.extract.magnitude import magnitude_in
from khabar.extract.modality import ALLEGING_ACCUSATIONS, hedged_noun, is_historical_date, modality_of
from khabar.geo import places as places_stage
from khabar.nlp import extensions  # noqa: F401
from khabar.records import ActorRef, Event, EventLocation, Span

_NAME_ENTS = frozenset({"ORG", "PERSON", "GPE", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "LOC"})
_WISHES = frozenset({"seek", "want", "propose", "consider", "request", "recommend", "suggest"})
_READY = frozenset({"ready", "willing", "prepared", "offer", "promise", "pledge", "able"})


# ---------------------------------------------------------------- candidates, recoding


def _candidate(tok: Token, lex: Lexicon) -> Cand | None:
    if tok.ent_type_ in _NAME_ENTS:  # "Popular Mobilization Forces", "Operation Inherent Resolve"
        return None
    entry = lex.select(tok)
    if entry is None:
        return None
    c = Cand(tok, entry, entry.type, entry.mode, tok.i, tok.i + 1, weight=entry.weight)
    if entry.pos == "N":
        c.hedged = hedged_noun(tok)
        if tok.dep_ == "attr":  # "X is the largest campaign": a description
            return None
        noun_args(c)
        if not has_participant(c):
            return None
    else:
        if tok.dep_ in ("amod", "compound", "nmod"):  # "Tehran-backed group": a description
            return None
        prt = [ch for ch in tok.children if ch.dep_ == "prt" and ch.i == tok.i + 1]
        if prt:
            c.end = prt[0].i + 1
        verb_args(c)
        if not c.actors and not c.recipients:
            return None
    return c


def _refusal(tok: Token) -> bool:
    """'would not allow', 'will not meet': a refusal, which PLOVER codes REJECT."""
    kids = list(tok.children)
    return any(k.dep_ == "neg" for k in kids) and any(k.dep_ == "aux" and k.lower_ in ("would", "will", "wo", "can", "could", "ca") for k in kids)


def _recode(c: Cand, modality: str, unless: bool, governor: str | None = None) -> str:
    """PLOVER codes the intention: returns the (possibly new) modality."""
    if modality == "negated" and c.type in COOPERATIVE and c.type != "AGREE" and _refusal(c.anchor):
        c.type, c.mode = "REJECT", c.type.lower()
        return "asserted"
    if modality == "negated" and c.type == "AGREE" and c.anchor.lemma_ in ("fail", "reach", "agree"):
        c.type = "REJECT"
        return "asserted"
    if modality in ("future", "hypothetical") and c.type == "CONSULT" and governor in _READY:
        c.type, c.mode = "AGREE", "consult"  # "ready to host a meeting": an offer
        return modality
    if modality not in ("future", "hypothetical") or is_frame(c) or c.type in ("AGREE", "CONSULT", "REQUEST"):
        return modality
    if governor in _WISHES and c.anchor.dep_ == "dobj":
        return modality  # "sought the deployment of the army": wanted, neither threatened nor promised
    if any(a.dep_ in ("aux", "auxpass") and a.lower_ in ("have", "been", "be") for a in c.anchor.children):
        return modality  # "may have been killed": uncertain report, not an intention
    if c.anchor.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.anchor.children):
        return modality  # "seek to understand if he murdered them": an open question, not a condition
    if c.type == "ASSAULT" and c.anchor.lemma_.lower() in ("launch", "begin", "start", "mount", "conduct"):
        c.type, c.mode = "MOBILIZE", "troops"
    elif unless or c.type in HOSTILE:
        c.mode = THREAT_MODE.get(c.type, c.mode) if c.type != "COERCE" or c.mode not in ("curfew", "martial-law") else c.mode
        c.type = "THREATEN"
    elif c.type in COOPERATIVE:
        c.mode = c.type.lower()
        c.type = "AGREE"
    return modality


def _refine_mode(doc: Doc, c: Cand, facts: _DocFacts) -> None:
    """Weapon cues in the trigger's clause refine ASSAULT's mode; violence cues make a protest a riot."""
    if c.type in ("ASSAULT", "PROTEST"):
        # the trigger's own clause first; the sentence only for unmistakable weapons ("mustard gas",
        # "air strikes"), so that "fired" in one clause does not make "hurled stones" a shooting
        clause = list(c.anchor.subtree)
        if c.type == "PROTEST" and c.anchor.dep_ in ("nsubj", "nsubjpass") and c.anchor.head.pos_ in ("VERB", "AUX"):
            clause = list(c.anchor.head.subtree)  # "a protest ... descended into violence": the protest's own clause
        before = c.mode
        c.mode = refine_mode(c.type, c.mode, {t.lemma_.lower() for t in clause} | {t.lower_ for t in clause})
        if c.mode == before and c.type == "ASSAULT":
            # the sentence's lemmas and lower-cased words, read once from the id columns (not `Token.sent`)
            sent = facts.sents[sentence_starts(doc)[c.anchor.i]]
            wide = refine_mode(c.type, c.mode, _sentence_facts(doc, sent, facts)[2])
            c.mode = wide if wide in STRONG_MODES else c.mode


def _protesting(tok: Token) -> bool:
    """'students who were protesting', 'men protesting the tax', 'fire on people marching': the parse shows
    the participant demonstrating."""
    verbs = [v for v in tok.children if v.dep_ in ("relcl", "acl")]
    if tok.dep_ == "nsubj" and tok.head.dep_ == "pcomp":
        verbs.append(tok.head)
    armed = actor_codes.sector_of_noun(tok) in _STATE_FORCES | {"REB"}  # "troops marching on the city" do not protest
    return not armed and any(v.lemma_.lower() in PROTEST_VERBS for v in verbs)


def _say_requests(sent: SpacySpan) -> list[tuple[Token, Token]]:
    """'X said Y must/should do Z' -> (say verb, clause verb): a REQUEST by the speaker to Y."""
    out = []
    for tok in sent:
        if tok.lemma_.lower() not in SAY_LEMMAS or tok.pos_ != "VERB":
            continue
        for comp in tok.children:
            if comp.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in ("must", "should") for a in comp.children):
                out.append((tok, comp))
    return out


# ---------------------------------------------------------------- records


class _DocFacts:
    """What `_to_event` reads per document, built once: sentences by first token, the (lemma, lower) id
    columns, each sentence's PLOVER contexts and named countries, and its casualty counts (read only for
    the event types that carry a magnitude)."""

    __slots__ = ("cols", "sents", "facts", "counts", "refs", "text")

    def __init__(self, doc: Doc, cols: list[list[int]]) -> None:
        self.cols = cols
        self.text = doc_text(doc)  # the article's own string: `Span.text`/`Doc.text` join a Token per word
        self.sents = {s.start: s for s in doc.sents}
        self.facts: dict[int, tuple[list[str], list[str], set[str]]] = {}
        self.counts: dict[int, dict[str, int]] = {}
        self.refs: dict[tuple[int, str | None], ActorRef] = {}


#: lemma id -> the lemma lower-cased: the same few thousand lemmas come back in every sentence
_LOWER_LEMMA: dict[int, str] = {}


def _sentence_facts(doc: Doc, sent: SpacySpan, facts: _DocFacts) -> tuple[list[str], list[str], set[str]]:
    """(PLOVER contexts, countries named, lemmas and lower-cased words) of a sentence, computed once however
    many events it holds (the word set is shared: readers must not change it)."""
    found = facts.facts.get(sent.start)
    if found is None:
        strings = doc.vocab.strings  # each distinct id's string once, not two string reads per token
        rows = facts.cols[sent.start : sent.end]  # the document's columns: one array read per doc, not per sentence
        lowered = _LOWER_LEMMA
        words = {strings[h] for h in {r[1] for r in rows}}
        for h in {r[0] for r in rows}:
            word = lowered.get(h)
            if word is None:
                if len(lowered) > 200_000:  # a long stream: keep memory bounded
                    lowered.clear()
                word = lowered[h] = strings[h].lower()
            words.add(word)
        found = facts.facts[sent.start] = (contexts_of(words), sentence_countries(doc, sent), words)
    return found


def _sentence_counts(sent: SpacySpan, facts: _DocFacts) -> dict[str, int]:
    if sent.start not in facts.counts:
        facts.counts[sent.start] = magnitude_in(sent, facts.cols)
    return facts.counts[sent.start]


_STATE_FORCES = frozenset({"MIL", "GOV", "COP", "SPY"})
_PLACE_TARGETS = frozenset({"PROTEST", "COERCE", "ASSAULT", "CONCEDE", "THREATEN", "SANCTION"})
_NEAR_REASONS = frozenset({"locative_phrase", "sentence"})
_OUTWARD = frozenset({"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "MOBILIZE", "RETREAT"})


#: acts between parties, whose country as the object is a party rather than a place ("met Jordan"); a visit
#: ("visited Jordan") is to the place
_PARTY_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})


def _event_country(doc: Doc, c: Cand, sent: SpacySpan, location: EventLocation, named: list[str]) -> str | None:
    """The country a participant without one most likely belongs to: the event's place when the sentence
    names it, else the one country the sentence names outside the participants' and the act's own words:
    "wounded by Israeli tank fire", "attacks on the embassy blamed on Iran-backed militias" name the doer's
    country, not the victims' (participant_places.owned_tokens): attacks cross borders. Other acts stay
    at home: "Young Algerians blocked roads", "Nicaragua's government ordered the paper to suspend
    publication" are the actor's country's. Nor does a party's own name give the other party its country:
    "Blinken met Jordan" says nothing of where Blinken is from."""
    if location.country_iso3 and location.reason in _NEAR_REASONS:
        return location.country_iso3
    if len(named) == 1 and c.type in _PARTY_TYPES:  # "Blinken met Jordan": a state as a party is no one's home
        states = {t.i for t in (*c.actors, *c.recipients) if t.ent_type_ in ("GPE", "LOC") or t.pos_ == "PROPN"}
        return named[0] if sentence_countries(doc, sent, states) else None
    if len(named) != 1 or c.type != "ASSAULT":
        return named[0] if len(named) == 1 else None
    heads = [*c.actors, *c.recipients, *(c.claimed_by.actors if c.claimed_by is not None else [])]
    # an act noun folded into the verb keeps its words: "Saudi-led coalition air strikes hit a school"
    acts = [c.tok, *doc[c.start : c.end], *(a.head for a in c.actors if a.dep_ in ("compound", "amod", "nmod"))]
    skip = owned_tokens(heads, acts)
    return named[0] if sentence_countries(doc, sent, skip) else None


def _party_as_place(doc: Doc, c: Cand, location: EventLocation) -> bool:
    """The place the sentence gives is a participant's own name: 'Blinken met Jordan on Monday', 'Egypt called
    on Israel to ...', 'appealed to Iran', 'blamed the attack on Israel' (the accused). A target stays the
    place of an act done to it ('Israel struck Gaza')."""
    if location.reason not in ("sentence", "locative_phrase") or location.place_id is None:
        return False
    parties = list(c.actors)
    if c.type in _PARTY_TYPES and c.mode != "visit":
        parties += c.recipients
    place = next((p for p in doc._.khabar_places or [] if p.id == location.place_id), None)
    return place is not None and any(t.idx <= place.start < t.idx + len(t) for t in parties)


def _to_event(doc: Doc, c: Cand, n: int, published: str | None, facts: _DocFacts) -> Event:
    cues = modality_of(c.anchor)
    modality = _recode(c, cues.modality, cues.unless, cues.governor)
    alleging = c.claimed_by is not None and c.claimed_by.tok.lemma_.lower() in ALLEGING_ACCUSATIONS
    if modality in ("asserted", "historical") and (alleging or c.hedged):
        modality = "alleged"  # "accused Iran of supporting", "blamed on militias", "launched an alleged attack"
    _refine_mode(doc, c, facts)
    location = places_stage.location_for(doc, c.anchor)
    if _party_as_place(doc, c, location):  # a party met, not where: no place from this sentence
        location = EventLocation(place_id=None, text=None, reason="none")
    sent = facts.sents[sentence_starts(doc)[c.tok.i]]  # `Token.sent` walks the sentence on every call
    contexts, named, _ = _sentence_facts(doc, sent, facts)
    fallback = _event_country(doc, c, sent, location, named)
    # a recipient with no country of its own ("blocked roads", "23 people", "denied land allocation") is
    # the event country's; not for pacts and ties ("established diplomatic ties"), which are with others
    actors = refs_for(doc, c.actors, fallback, facts.refs)
    recipients = refs_for(doc, c.recipients, None if c.type in _OUTWARD else fallback, facts.refs)
    if c.reciprocal and len(actors) > 1 and not recipients:  # "India and Pakistan exchanged fire": one side
        actors, recipients = actors[:1], actors[1:]  # acts, the other is acted on (as "clashes between")
    own = {a.actor_id for a in actors if a.actor_id is not None}
    recipients = [r for r in recipients if r.actor_id is None or r.actor_id not in own]  # not aimed at itself
    has_target = bool(recipients)  # a place standing in for the target does not make the event more certain
    own_ground = c.type == "ASSAULT" and any(a.country == location.country_iso3 and a.sector in _STATE_FORCES for a in actors)
    if not recipients and c.type in _PLACE_TARGETS and location.country_iso3 and location.reason in _NEAR_REASONS \
            and not own_ground:  # a state's forces fighting at home attack someone there, not their own state
        # "protests in Kirkuk", "a curfew in Algiers": with no one named, the place's state is the target
        place = next((p for p in doc._.khabar_places or [] if p.id == location.place_id), None)
        if place is not None:
            name = actor_codes.lexicon().short_name.get(location.country_iso3, location.country_iso3)
            recipients = [ActorRef(None, name, place.start, place.end, place.text, location.country_iso3, None)]
    # "beat students who were protesting": victims the parse shows demonstrating are protesters
    protesting = c.type == "ASSAULT" and any(_protesting(r) for r in c.recipients)
    coding = code(c.type, c.mode, actors, recipients, protesting)
    trig = doc[c.start : c.end]
    when = dates_stage.date_for(doc, c.anchor)
    if modality == "asserted" and when is not None and when.source == "text" and is_historical_date(when.value, published):
        modality = "historical"
    magnitude = dict(_sentence_counts(sent, facts)) if c.type in ("ASSAULT", "COERCE", "PROTEST") else {}
    # an alleged act is known through its accusation: the accuser's stance quote, else the accuser
    quote = quotes_stage.quote_for(doc, c.anchor, stance=c.claimed_by is not None)
    speaker = quote.speaker_actor_id if quote is not None else None
    if c.claimed_by is not None and speaker is None:
        accusers = refs_for(doc, c.claimed_by.actors, fallback, facts.refs)
        speaker = next((r.actor_id for r in accusers if r.actor_id is not None), None)
    conf = c.weight * clause_factor(c.anchor) * (1.0 if modality in ("asserted", "historical", "alleged") else 0.85)
    conf *= 0.8 if modality == "alleged" or c.claimed_by is not None else 1.0  # alleged, not reported as fact
    conf += 0.05 if actors and has_target else -0.05 if not actors else 0.0
    return Event(
        id=f"v{n}",
        type=c.type,
        trigger=Span(trig.start_char, trig.end_char, facts.text[trig.start_char : trig.end_char]),
        sentence=Span(sent.start_char, sent.end_char, facts.text[sent.start_char : sent.end_char]),
        actors=actors,
        recipients=recipients,
        mode=c.mode,
        context=list(contexts),
        cameo=coding.cameo,
        quad_class=coding.quad_class,
        acled_type=coding.acled_type,
        acled_subtype=coding.acled_subtype,
        modality=modality,
        magnitude=magnitude,
        date=when,
        location=location,
        speaker_actor_id=speaker,
        quote_id=quote.id if quote is not None else None,
        confidence=round(max(0.05, min(0.99, conf)), 3),
    )


_MODALS = frozenset({hash_string("must"), hash_string("should")})


def find_events(doc: Doc) -> list[Event]:
    lex = load()
    lemmas, forms = lex.trigger_hashes()
    cands: list[Cand] = []
    modal_sents: dict[int, SpacySpan] = {}
    starts = sentence_starts(doc)
    # one array read, then set lookups on plain ints: a Token object per word cost more than the rules
    cols = doc.to_array([LEMMA, LOWER]).tolist() if len(doc) else []
    for i, (lemma, lower) in enumerate(cols):  # the trigger words, by lemma or by inflected form
        if lower in _MODALS:
            start = starts[i]
            if start not in modal_sents:
                modal_sents[start] = doc[i].sent
        if lemma in lemmas or lower in forms:
            cand = _candidate(doc[i], lex)
            if cand is not None:
                cands.append(cand)
    # "X said Y must do Z": a demand voiced as a statement
    for sent in modal_sents.values() if doc.has_annotation("DEP") else ():
        for say, comp in _say_requests(sent):
            req = Cand(say, lex.entries[("demand", "V")][0], "REQUEST", None, say.i, say.i + 1, weight=0.7)
            req.actors = [ch for ch in say.children if ch.dep_ == "nsubj"]
            req.recipients = [ch for ch in comp.children if ch.dep_ in ("nsubj", "nsubjpass")]
            cands.append(req)
    cands.sort(key=lambda c: c.tok.i)
    for c in cands:
        c.sent_start = starts[c.tok.i]
    fold(cands)
    for c in cands:
        frame_recipients(c)
    article = doc._.article
    published = article.published if article is not None else None
    events, lemmas = [], {}
    facts = _DocFacts(doc, cols) if cands else None
    for c in cands if facts is not None else ():
        if not c.alive:
            continue
        event = _to_event(doc, c, len(events) + 1, published, facts)
        lemmas[event.id] = c.tok.lemma_.lower()
        events.append(event)
    events = dedupe_headlines(doc, events, lemmas)
    for n, e in enumerate(events, 1):
        e.id = f"v{n}"
    return events


@Language.component("khabar_events")
def khabar_events(doc: Doc) -> Doc:
    try:
        doc._.khabar_events = find_events(doc)
    finally:
        doc.user_data.pop(PLACE_INDEX_KEY, None)  # a per-call index, not part of the doc
        doc.user_data.pop(ACTOR_MEMO_KEY, None)
        doc.user_data.pop(ACTOR_CODE_KEY, None)
        quotes_stage.forget_text(doc)  # caches left by quote_for when the quotes stage did not run
        dates_stage.release_index()  # date_for's per-document index
    return doc
