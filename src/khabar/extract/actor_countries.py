"""Countries of actors from their context: the country an article is about near a token (`CountryNear`),
a country named in a phrase about a noun ("the government of Sudan", "rebels in the Ivory Coast"), what a
subject acts on (`counterpart_tokens`: its country is the counterpart's), and the branch of a transnational
group that the text places in one country ("ISIS in Iraq", "the Iraqi branch of al-Qaeda").
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from spacy.attrs import IDX
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract import actor_codes as codes
from khabar.extract.actor_entities import Ent
from khabar.extract.lexicon import is_means, load

#: sectors whose people act where they live: their country is the place named with them
LOCAL_SECTORS = frozenset({"CVL", "COP", "EDU", "LAB", "MED", "OPP", "PTY", "JUD", "LEG", "BUS"})


class CountryNear:
    """The country an article is about near a token: most named within a window before it (else overall).

    Titled officials and forces without a country ("security forces", "then-Prime Minister X") get it.
    People who act where they live (demonstrators, police, students: `local`) named before any country take
    the city or province named after them over the countries the sentence names ("Demonstrators burned a US
    flag outside the American consulate in Karachi" -> PAK). Country words inside amounts ("US $50 million",
    "$5 million in US aid") name a currency or a donor, not a party; "anti-Syria", "ethnic Albanian" no state.
    """

    def __init__(self, doc: Doc, ents: list[Ent], window: int = 400) -> None:
        lex = codes.lexicon()
        self.marks: list[tuple[int, str]] = []
        for span, label, _ in ents:
            if label in ("GPE", "NORP", "LOC") and not codes.stance_or_descent(span[0]) \
                    and not codes.money_word(span.root):
                iso = lex.country(span.text) or lex.capitals.get(span.text.lower())
                if iso:
                    self.marks.append((span.start, iso))
        by_char = {idx: i for i, idx in enumerate(doc.to_array(IDX).tolist())}  # no Token per word
        self.places: dict[int, str] = {}  # token index -> country of the resolved place starting there
        self.local: list[tuple[int, str]] = []  # marks of places inside a country: cities, provinces
        for place in doc._.khabar_places or []:
            if place.resolved and place.country_iso3 and place.start in by_char:
                tok = doc[by_char[place.start]]
                self.places[tok.i] = place.country_iso3
                if place.level not in (None, "country") and not codes.stance_or_descent(tok):
                    self.local.append((tok.i, place.country_iso3))
                if not codes.stance_or_descent(tok) and not codes.money_word(tok):  # "anti-Syria", "US aid"
                    self.marks.append((by_char[place.start], place.country_iso3))
        self.window = window

    def place_in(self, head: Token) -> str | None:
        """Country of a resolved place in a phrase: "Sindh province", "the Tyumen region"."""
        return next((self.places[t.i] for t in head.subtree if t.i in self.places), None)

    def __call__(self, i: int, local: bool = False, skip: frozenset[int] | set[int] = frozenset()) -> str | None:
        # the sentence so far and the text before it first; then just after it; then the whole article;
        # never a mark in `skip` (the counterpart's phrases: see `counterpart_tokens`)
        marks = [(j, iso) for j, iso in self.marks if j not in skip] if skip else self.marks
        counts = (Counter(iso for j, iso in marks if i - self.window <= j <= i)
                  or (local and Counter(iso for j, iso in self.local if i < j <= i + 40 and j not in skip))
                  or Counter(iso for j, iso in marks if i < j <= i + 40)
                  or Counter(iso for _, iso in marks))
        if not counts:
            return None
        top = max(counts.values())
        # ties go to the country named last before the token
        tied = [iso for iso, n in counts.items() if n == top]  # a list in first-mark order: no hash-seed order
        before = [iso for j, iso in marks if j <= i and iso in tied]
        return before[-1] if before else tied[0]


def near_own(near: CountryNear, tok: Token, local: bool, skip: set[int]) -> tuple[str | None, bool]:
    """The country near a mention, not from a demonym of another's attack or arms ("civilians wounded by
    Israeli tank fire"); and whether such a demonym was all there was (then no country later either)."""
    country = near(tok.i, local=local, skip=skip | others_modifiers(tok))
    return country, country is None and near(tok.i, local=local, skip=skip) is not None


#: sectors whose unnamed members ("officials", "the ministry", "troops") most often face a foreign counterpart
COUNTERPART_SECTORS = frozenset({"GOV", "MIL", "SPY"})
_WHERE = frozenset({"in", "at", "near", "inside", "across", "throughout", "around", "within"})


def counterpart_tokens(tok: Token) -> set[int]:
    """Tokens of what a subject acts on: "Officials accused Iran", "The ministry said Russian jets had ...".
    A country named only there is the counterpart's, not the subject's; the place the act happens in
    ("arrested two Syrians in Amman") stays."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head is tok:
        return set()
    verb = tok.head
    own = {t.i for t in tok.subtree}
    where = {t.i for c in verb.children if c.dep_ == "prep" and c.lower_ in _WHERE for t in c.subtree}
    return {t.i for t in verb.subtree} - own - where


def of_country(tok: Token, near: CountryNear | None = None,
                preps: tuple[str, ...] = ("of", "in", "from", "throughout")) -> str | None:
    """"the government of Sudan" -> SDN; "rebels in the Ivory Coast" -> CIV; "guerrillas operating in
    Macedonia", "militants based in Syria" (a participle placing them) -> MKD, SYR; with the article's
    places, a province or city too: "the government of Sindh province" -> PAK."""
    rights = list(tok.rights)
    rights += [p for v in rights if v.dep_ == "acl" and v.tag_ in ("VBG", "VBN") for p in v.rights
               if p.lower_ != "of"]
    for child in rights:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    iso = codes.country_in(list(pobj.subtree)) or (near.place_in(pobj) if near is not None else None)
                    if iso:
                        return iso
    return None


_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
#: sectors of armed doers: their demonym says who attacks, not who is attacked
_ARMED_SECTORS = frozenset({"MIL", "REB"})


@lru_cache(maxsize=1)
def _attack_nouns() -> frozenset[str]:
    """Nouns the event lexicon reads as an attack ("fire", "strike", "shelling", "raid")."""
    return frozenset(lemma for (lemma, pos), entries in load().entries.items()
                     if pos == "N" and any(e.type == "ASSAULT" for e in entries))


def _armed(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    return lemma in _attack_nouns() or is_means(noun) or codes.sector_of_noun(noun) in _ARMED_SECTORS


def others_modifiers(tok: Token) -> set[int]:
    """Country words of the sentence that modify an attack, a weapon or an armed doer other than `tok`:
    "Three civilians were wounded by Israeli tank fire", "attacks on the embassy were blamed on Iran-backed
    militias". The demonym says who attacks, not whose the others are; the demonym of an official ("Iraqi
    Prime Minister X announced that security forces ...") still lends its country."""
    out: set[int] = set()
    for t in tok.sent:
        if t.ent_type_ not in ("GPE", "NORP") or t.dep_ not in _MODIFIER_DEPS:
            continue
        node = t
        for _ in range(4):  # "Iran-backed militias": Iran -> backed -> militias
            if node.dep_ not in _MODIFIER_DEPS or node.head is node:
                break
            node = node.head
        if node is not tok and node.pos_ in ("NOUN", "PROPN") and tok not in node.subtree and _armed(node):
            out.add(t.i)
    return out


#: nouns for a part of a transnational group that acts in one country
BRANCH_NOUNS = frozenset({"branch", "affiliate", "wing", "franchise", "chapter", "offshoot", "arm", "province"})


def branch_country(span: SpacySpan) -> str | None:
    """The country the text gives a transnational group's name: "ISIS in Iraq", "al-Qaeda in Yemen", "the
    Iraqi branch of ISIS", "ISIS's Libyan affiliate", "al-Qaeda's branch in Syria". A city or a province
    ("ISIS remnants in Kirkuk") places its fighters, not the group: only a country name counts."""
    lex = codes.lexicon()
    root = span.root

    def named(tokens) -> str | None:
        for t in tokens:
            if t.ent_type_ in ("GPE", "NORP") and (iso := lex.country(t.text)) and not codes.stance_or_descent(t):
                return iso
        return None

    def in_country(tok: Token) -> str | None:
        return named(g for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"
                     for g in c.children if g.dep_ == "pobj")

    found = in_country(root)  # "ISIS in Iraq"
    branch = None
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in BRANCH_NOUNS:
        branch = root.head.head  # "the Iraqi branch of ISIS"
    elif root.dep_ == "poss" and root.head.lower_ in BRANCH_NOUNS:
        branch = root.head  # "ISIS's Iraqi branch"
    if found is None and branch is not None:
        found = named(c for c in branch.children if c.dep_ in ("amod", "compound")) or in_country(branch)
    return found


def demonym_country(span: SpacySpan) -> str | None:
    """The country of a demonym written straight before a group's name: "the Pakistani Taliban" (TTP) is
    Pakistan's, "Iraqi Hezbollah (fighters)" Iraq's, although the bare names are Afghanistan's and Lebanon's. Only a
    word that modifies the name itself counts: not a stance or descent ("pro-Iranian", "ethnic Kurdish"),
    nor one half of a pair ("the Israeli-Hezbollah war", "Iranian-backed Houthis")."""
    i = span.start - 1
    if i < 0 or i < span.sent.start:
        return None
    tok = span.doc[i]
    # "Iraqi Hezbollah fighters": the parser hangs both the demonym and the name on the fighters
    shared = span.root.dep_ in ("compound", "nmod", "amod") and tok.head.i == span.root.head.i
    if (tok.head.i not in range(span.start, span.end) and not shared) or tok.dep_ not in ("amod", "compound", "nmod"):
        return None
    if not tok.whitespace_ or (i > 0 and span.doc[i - 1].text in ("-", "–")):
        return None  # "Israeli-Hezbollah", "Iranian-backed": a hyphen joins it to something else
    return codes.country_of_token(tok) if tok.ent_type_ in ("NORP", "GPE") else None
