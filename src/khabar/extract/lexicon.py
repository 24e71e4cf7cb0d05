"""The event lexicon: trigger lemmas with the PLOVER type they signal and the argument constraint.

`data/event_lexicon.tsv` holds the rows (see its header for the format). This module parses it once,
builds one spaCy `Matcher` over the trigger lemmas, and picks the row whose constraint holds for a
matched token: "summon" + an envoy object is ACCUSE, "block" + a road is PROTEST, + planes COERCE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.matcher import Matcher
from spacy.strings import hash_string
from spacy.tokens import Token
from spacy.vocab import Vocab

from khabar.errors import KhabarError

LEXICON = Path(__file__).resolve().parents[1] / "data" / "event_lexicon.tsv"
CONTEXTS = LEXICON.with_name("event_contexts.tsv")

_SUBJ = ("nsubj", "csubj")
_OBJ = ("dobj", "obj", "dative", "attr", "oprd")
_MOD = ("compound", "amod", "nmod", "poss", "npadvmod")
#: nouns that name people: "killed 12 civilians" has a person object even without NER
PERSON_NOUNS = frozenset(
    "people person civilian man woman child soldier officer policeman militant fighter terrorist insurgent "
    "rebel member worker villager resident protester demonstrator student journalist official leader commander "
    "guard pilgrim passenger farmer youth boy girl citizen national refugee migrant prisoner hostage trooper "
    "gunman jihadist suspect minister president governor mayor lawmaker activist family tourist patient doctor "
    "staff employee teacher crew troop personnel kid ambassador envoy diplomat delegation counterpart "
    "premier king prince emir chancellor secretary spokesman spokesperson chief head opponent dissident "
    "supporter leadership cadre worker mp senator cleric imam priest monk nun marcher worshipper worshiper mourner "
    "shopper bystander pedestrian voter rioter picketer pupil shopkeeper trader son daughter brother sister wife "
    "husband father mother relative neighbour neighbor".split()
)
PLACE_NOUNS = frozenset(
    "town village city area territory region district province base position home house building office "
    "camp market mosque church temple school hospital shelter hideout compound target site depot tunnel "
    "vehicle convoy headquarters facility infrastructure plant bridge checkpoint post station country state "
    "capital port airport neighborhood neighbourhood".split()
)
#: the means of an attack, not its doer: weapons and the platforms that carry them, as a modifier of the act
#: ("drone attacks", "missile strikes", "rocket fire", "car bomb", "artillery shelling", "a suicide bombing").
#: Who used them is the clause's subject or a modifier of the weapon ("Houthi missile attacks"). A platform
#: heading a subject stays an actor ("Israeli jets struck"): only the modifier position is the means.
MEANS_WORDS = frozenset(
    "drone uav missile rocket bomb mortar artillery shell ied vbied airstrike air aerial grenade explosive "
    "landmine mine car truck vehicle suicide tank helicopter warplane jet aircraft plane gunship chopper cannon "
    "howitzer gun gunfire machine-gun rifle knife arson chemical gas barrel cluster ballistic cruise kamikaze "
    "katyusha grad rpg projectile munition bullet shrapnel tear teargas petrol molotov incendiary "
    "nerve chlorine napalm phosphorus limpet".split()
)
#: verbs whose object is what is launched or used ("fired rockets at X"), not the one it is aimed at
LAUNCH_VERBS = frozenset("fire launch lob hurl throw toss detonate explode use employ drop plant emplace set rain "
                         "unleash blow".split())
#: a platform as such an object is a target ("blew up a car", "shot down a drone"), not the means; nor is
#: "fired into the air"
_PLATFORMS = frozenset("car truck vehicle tank helicopter plane aircraft jet warplane gunship chopper air".split())
#: heads launched without being weapon words themselves: "an explosive device", "suicide vests", "stones"
_LAUNCHED = frozenset("device round vest charge shot canister stone rock brick cocktail explosive".split())
#: fighters' nouns the tagger often calls adjectives before an act ("a rebel mortar attack")
FIGHTER_WORDS = frozenset({"rebel", "insurgent", "militant", "guerrilla", "jihadist"})
_PERSON_ENTS = frozenset({"PERSON", "NORP", "ORG", "GPE"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_NAMED = frozenset({"ORG", "PERSON", "GPE", "FAC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT"})


@dataclass(frozen=True, slots=True)
class Entry:
    lemma: str
    pos: str  # "V" or "N"
    type: str
    mode: str | None
    cond: str
    weight: float
    check: Callable[[Token], bool]


# ---------------------------------------------------------------- argument views used by constraints


def subjects(tok: Token) -> list[Token]:
    found = [c for c in tok.children if c.dep_ in _SUBJ]
    if not found and tok.dep_ in ("xcomp", "conj", "advcl") and tok.head is not tok:
        found = [c for c in tok.head.children if c.dep_ in _SUBJ]
    return found


def objects(tok: Token) -> list[Token]:
    """Direct objects, the subject of a passive, and (for nouns) the object of 'of'/'on'/'against'."""
    if tok.pos_ in ("NOUN", "PROPN"):
        found = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "on", "against")
                 for g in c.children if g.dep_ == "pobj"]
    else:
        found = [c for c in tok.children if (c.dep_ in _OBJ or c.dep_ == "nsubjpass") and not _resultative(c)]
        if not found and any(_resultative(c) for c in tok.children):
            # "shot dead at least four marchers": the parser hangs the object after the adjective as npadvmod
            found = [c for c in tok.children if c.dep_ == "npadvmod" and c.pos_ in ("NOUN", "PROPN")
                     and c.ent_type_ not in ("DATE", "TIME") and c.i > tok.i][:1]
        # "kidnapped up to 16 advisers", "killed at least 12 people": the count's preposition hides the object
        found += [g for c in tok.children if c.dep_ == "prep" and (c.ent_type_ == "CARDINAL" or (
                  c.lower_ == "to" and c.i > 0 and c.doc[c.i - 1].lower_ == "up"))
                  for g in c.children if g.dep_ == "pobj"]
        if not found and tok.i + 2 < len(tok.doc) and tok.doc[tok.i + 1].dep_ == "cc":
            # "beat and detained dozens of marchers": two verbs joined back to back share the second's object
            nxt = tok.doc[tok.i + 2]
            if nxt.dep_ == "conj" and nxt.head == tok:
                found = [c for c in nxt.children if c.dep_ in ("dobj", "obj")]
        if not found and tok.dep_ in ("acl", "relcl") and tok.tag_ == "VBN":
            found = [tok.head]  # "the planes blocked by Iran", "Nasrallah, killed in ..."
        if not found and tok.dep_ == "conj" and any(c.dep_ == "auxpass" for c in tok.children):
            # "28 men were stopped at the border and were arrested", "the leaders left the office and were
            # arrested": the first verb's subject is the one arrested
            found = [c for c in tok.head.children if c.dep_ == "nsubjpass"] or [
                c for c in tok.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
    # "the sabha, which was held in Delhi": the relative pronoun stands for the noun it hangs on
    found = [tok.head if f.tag_ in ("WDT", "WP") and tok.dep_ == "relcl" else f for f in found]
    found = [unquant(f) for f in found]
    more = [cj for f in found for cj in f.conjuncts]
    return found + more


def _resultative(tok: Token) -> bool:
    """'shot dead', 'beaten unconscious': an adjective saying how the act left its object, never a participant."""
    return tok.dep_ == "oprd" and tok.pos_ == "ADJ"


#: heads that only quantify the real participant: "tens of thousands of students", "part of a program"
QUANT_HEADS = frozenset({"ten", "tens", "hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "number",
                         "group", "some", "many", "all", "most", "scores", "members", "member", "one", "several",
                         "third", "half", "quarter", "part", "rest", "majority", "batch", "lot", "bunch",
                         "amount", "quantity", "kg", "kilogram", "tonne", "ton", "string", "series", "wave", "spate",
                         "haul", "consignment", "remnants", "remnant"})  # "the remnants of ISIS" -> ISIS


def unquant(tok: Token) -> Token:
    """'Tens of thousands of students' -> students; 'part of a military aid program' -> program."""
    for _ in range(3):
        if tok.lower_ not in QUANT_HEADS:
            break
        of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        if not of:
            break
        tok = of[0]
    return tok


def modifiers(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in _MOD]


def is_person(tok: Token) -> bool:
    if tok.ent_type_ in _PERSON_ENTS or tok.pos_ == "PRON":
        return tok.ent_type_ != "GPE" or tok.dep_ != "pobj"
    return tok.lemma_.lower() in PERSON_NOUNS or tok.like_num


def is_means(tok: Token) -> bool:
    """A weapon or platform word that is not part of a longer name ("the Air Force" is an actor; a lone
    "Drone" the tagger calls an ORG at the start of a sentence is still a drone)."""
    if tok.lemma_.lower() not in MEANS_WORDS and tok.lower_ not in MEANS_WORDS:
        return False
    doc = tok.doc
    in_name = tok.ent_iob_ == "I" or (tok.ent_iob_ == "B" and tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "I")
    return not (in_name and tok.ent_type_ in _PERSON_ENTS)


def is_launched(tok: Token) -> bool:
    """The object of a launching verb that is its means: a weapon or missile, not a platform."""
    lemma = tok.lemma_.lower()
    return lemma in _LAUNCHED or (lemma not in _PLATFORMS and is_means(tok))


def is_place(tok: Token) -> bool:
    return tok.ent_type_ in _PLACE_ENTS or tok.lemma_.lower() in PLACE_NOUNS


# ---------------------------------------------------------------- constraint compiler


def _lemmas(toks: list[Token]) -> set[str]:
    return {t.lemma_.lower() for t in toks} | {t.lower_ for t in toks}


def _one(key: str, value: str, sets: dict[str, frozenset[str]]) -> Callable[[Token], bool]:
    words: set[str] = set()
    for part in value.split("|"):
        words |= sets[part[1:]] if part.startswith("@") else {part}
    if key == "obj":
        return lambda t: bool(_lemmas(objects(t)) & words)
    if key == "subj":
        return lambda t: bool(_lemmas(subjects(t)) & words)
    if key == "mod":
        return lambda t: bool(_lemmas(modifiers(t)) & words)
    if key == "prep":
        return lambda t: any(c.dep_ in ("prep", "agent") and c.lower_ in words for c in t.children)
    if key == "prt":  # "pulled out of the city" parses "out" as a preposition
        return lambda t: any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ in words for c in t.children)
    if key == "before":  # the word the tokenizer split off at a hyphen: "lathi-charged", "baton-charged"
        return lambda t: _before(t) in words
    if key == "pkind":  # a prepositional object of that kind: "withdrew from the city"
        return lambda t: any(is_place(g) if "place" in words else is_person(g)
                             for c in t.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj")
    if key == "head":  # the governing word, through a preposition: "launch an operation", "took part in"
        return lambda t: t.head.lemma_.lower() in words or (t.head.dep_ in ("prep", "agent") and t.head.head.lemma_.lower() in words)
    if key == "pobj":  # a prepositional object's lemma: "took to the streets", "taken into custody"
        return lambda t: bool(_lemmas([g for c in t.children if c.dep_ in ("prep", "agent", "dative")
                                       for g in c.children if g.dep_ == "pobj"]) & words)
    if key == "objmod":  # a modifier of the object: "used tear gas" is not a chemical attack
        return lambda t: bool(_lemmas([m for o in objects(t) for m in modifiers(o)]) & words)
    if key == "sent":  # a word anywhere in the trigger's sentence: "killed when the bus plunged" (a disaster);
        # names do not count ("Storm Corps", "Operation Desert Storm")
        return lambda t: bool(_lemmas([w for w in t.sent if w.ent_type_ not in _NAMED]) & words)
    if key == "objkind":
        tests = [is_person if w == "person" else is_place for w in words]
        return lambda t: any(test(o) for o in objects(t) for test in tests)
    raise KhabarError("bad_option", f"event lexicon: unknown constraint {key!r}")


def _before(tok: Token) -> str:
    i = tok.i - 1
    if i >= 0 and tok.doc[i].text == "-":
        i -= 1
    return tok.doc[i].lower_ if i >= 0 else ""


def compile_cond(cond: str, sets: dict[str, frozenset[str]]) -> Callable[[Token], bool]:
    """'obj=a|b;!prt=up;comp' -> a predicate over the trigger token."""
    tests: list[tuple[bool, Callable[[Token], bool]]] = []
    for raw in filter(None, (c.strip() for c in cond.split(";"))):
        if raw == "-":
            continue
        negate = raw.startswith("!")
        raw = raw.lstrip("!")
        if raw == "comp":
            test: Callable[[Token], bool] = lambda t: any(c.dep_ in ("xcomp", "ccomp") for c in t.children)  # noqa: E731
        else:
            key, _, value = raw.partition("=")
            test = _one(key, value, sets)
        tests.append((negate, test))
    return lambda t: all(test(t) != negate for negate, test in tests)


#: irregular verbs whose prefixed forms the lemmatizer does not know ("retook" stays "retook")
_IRREGULAR = {"take": ("took", "taken"), "shoot": ("shot",), "fight": ("fought",), "hold": ("held",),
              "draw": ("drew", "drawn"), "strike": ("struck",), "throw": ("threw", "thrown"), "run": ("ran",),
              "build": ("built",), "win": ("won",)}


def inflections(lemma: str) -> set[str]:
    """Regular English forms of a verb or noun: the model's lemmatizer misses some ("raped" -> "rap")."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    for prefix in ("", "re", "over", "with"):
        stem = lemma[len(prefix):] if lemma.startswith(prefix) else None
        if stem in _IRREGULAR:
            forms |= {prefix + f for f in _IRREGULAR[stem]}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing"}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if len(lemma) > 2 and lemma[-1] in "bdgmnprt" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def form_map(lemmas: set[str] | frozenset[str]) -> dict[str, str]:
    """inflected form -> lemma; a form that is itself a lemma keeps it."""
    out: dict[str, str] = {}
    for lemma in sorted(lemmas):
        for form in inflections(lemma):
            out.setdefault(form, lemma)
    out.update({lemma: lemma for lemma in lemmas})
    return out


@dataclass(slots=True)
class Lexicon:
    entries: dict[tuple[str, str], list[Entry]]
    sets: dict[str, frozenset[str]]
    forms: dict[str, str] = field(default_factory=dict)
    _hashes: tuple[frozenset[int], frozenset[int]] | None = None

    def lemmas(self) -> set[str]:
        return {lemma for lemma, _ in self.entries}

    def lemma_of(self, tok: Token) -> str:
        """The token's lemma, or the lexicon lemma its form belongs to when the lemmatizer went astray."""
        lemma = tok.lemma_.lower()
        if (lemma, "V") in self.entries or (lemma, "N") in self.entries:
            return lemma
        return self.forms.get(tok.lower_, lemma)

    def select(self, tok: Token) -> Entry | None:
        """The first row for this token's lemma and part of speech whose constraint holds; a row of type '-'
        that holds vetoes the word ("died in the floods" reports no political event)."""
        pos = "N" if tok.pos_ in ("NOUN", "PROPN") else "V" if tok.pos_ in ("VERB", "AUX", "ADJ") else None
        if pos is None:
            return None
        keys = [(self.lemma_of(tok), pos)]
        if tok.tag_ == "VBG" and tok.dep_ in ("pobj", "nsubj", "dobj", "nsubjpass", "compound"):
            keys.insert(0, (tok.lower_, "N"))  # "killed in police firing": a gerund used as a noun
        for key in keys:
            for entry in self.entries.get(key, ()):
                if entry.check(tok):
                    return entry if entry.type != "-" else None
        return None

    def trigger_hashes(self) -> tuple[frozenset[int], frozenset[int]]:
        """(lemma hashes, form hashes) of the trigger words: a set lookup per token costs a third of the
        Matcher's IN predicates, which call back into Python for every token."""
        if self._hashes is None:
            self._hashes = (frozenset(hash_string(x) for x in self.lemmas()), frozenset(hash_string(x) for x in self.forms))
        return self._hashes

    def matcher(self, vocab: Vocab) -> Matcher:
        matcher = Matcher(vocab)
        lemmas = sorted(self.lemmas())
        matcher.add("TRIGGER", [[{"LEMMA": {"IN": lemmas}}], [{"LOWER": {"IN": sorted(self.forms)}}]])
        return matcher


def parse(text: str) -> Lexicon:
    sets: dict[str, frozenset[str]] = {}
    entries: dict[tuple[str, str], list[Entry]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if line.startswith("@"):
            sets[cols[0][1:]] = frozenset(cols[1].split("|"))
            continue
        if len(cols) != 6:
            raise KhabarError("bad_option", f"event lexicon line {n}: expected 6 columns, got {len(cols)}")
        lemma, pos, ptype, mode, cond, weight = cols
        entry = Entry(lemma, pos, ptype, None if mode == "-" else mode, cond, float(weight), compile_cond(cond, sets))
        entries.setdefault((lemma, pos), []).append(entry)
    return Lexicon(entries, sets, form_map({lemma for lemma, _ in entries}))


@lru_cache(maxsize=1)
def load(path: Path = LEXICON) -> Lexicon:
    return parse(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def context_cues(path: Path = CONTEXTS) -> tuple[tuple[str, frozenset[str]], ...]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, cues = line.split("\t")
            rows.append((name, frozenset(cues.split("|"))))
    return tuple(rows)


def contexts_of(lemmas: set[str]) -> list[str]:
    """PLOVER contexts whose cue words occur among `lemmas` (a sentence's lemmas and lower-cased words)."""
    return [name for name, cues in context_cues() if lemmas & cues]
