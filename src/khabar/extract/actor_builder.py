"""From a parsed Doc to actor mentions: names with their titles, organisations, countries, generic phrases.

`build_mentions` turns the cleaned entities (`actor_entities.entity_spans`) and noun phrases headed by a
sector noun or a title ("the Iraqi army", "the prime minister") into `coref.Mention`s with cluster keys
and codes, then runs the coreference rules (surnames, titles, he/she, "the group"). Countries from context
(`CountryNear`, "the government of Sudan", a group's branch) live in `actor_countries`.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, LEMMA, ORTH, POS
from spacy.parts_of_speech import NOUN, PROPN
from spacy.tokens import Doc, Span as SpacySpan, Token

from khabar.extract import actor_codes as codes
from khabar.extract.actor_codes import INHERIT, KnownActor
from khabar.extract.actor_countries import (  # noqa: F401 -- COUNTERPART_SECTORS, LOCAL_SECTORS: re-exported
    BRANCH_NOUNS, COUNTERPART_SECTORS, LOCAL_SECTORS, CountryNear, branch_country, counterpart_tokens, of_country,
    demonym_country, near_own,
)
from khabar.extract.actor_entities import Ent, trim
from khabar.extract.coordination import modifier_countries
from khabar.extract.coref import (
    GROUP_ANAPHORS, Mention, is_rootish, link_group_anaphor, link_surnames, link_title, resolve_it_they, resolve_pronouns, sentence_starts, subject_token,
)

#: heads through which a person or organisation speaks: "Kadhimi's media office", "CTS units"
PROXY_HEADS = {"office", "offices", "spokesman", "spokesperson", "spokeswoman", "aide", "aides", "camp",
               "leaders", "officials", "commanders", "delegation", "negotiators", "representatives",
               "unit", "units", "fighter", "fighters", "member", "members", "forces", "militants", "troops",
               "rebels", "gunmen", "militiamen", "militia", "guerrillas", "jets", "warplanes", "drones"}
#: words that make an outlet the state's ("state-run", "official", "government-owned"): coded GOV, not JRN
STATE_OWNED = frozenset({"state", "official", "government", "regime"})
#: deps of a noun that is a predicate, not a participant ("was named prime minister")
PREDICATE_DEPS = {"attr", "oprd", "acomp", "compound", "amod", "npadvmod"}
#: generic heads too vague alone: they need a modifier to be an actor
WEAK_NOUNS = {"force", "unit", "party", "union", "command", "authority", "assembly", "court", "company",
              "national", "resident", "commander", "member", "official", "head", "chief", "leader", "director"}
LOCATIVE = {"in", "at", "near", "inside", "across", "throughout", "around", "within", "to", "into", "from"}


def _context(doc: Doc, span: SpacySpan) -> list[Token]:
    """Tokens that describe a name: its left modifiers, appositions and "of" phrases (not the name)."""
    root = span.root
    sent = span.sent
    idx: set[int] = set()
    left = root.left_edge.i
    if left < span.start:
        idx.update(range(max(left, sent.start), span.start))
    for child in root.children:
        if child.i >= span.end and (child.dep_ == "appos" or (child.dep_ == "prep" and child.lower_ == "of")):
            idx.update(t.i for t in child.subtree)
    if root.dep_ == "appos" and root.head.i < span.start:
        idx.update(range(max(root.head.left_edge.i, sent.start), span.start))
    first = min(idx | {span.start})
    if first - 2 >= sent.start and doc[first - 1].text == ",":
        # "Iraqi Armed Forces spokesperson, Brigadier General Yahya Rasool": a title phrase before a comma
        j, seg = first - 2, []
        while j >= sent.start and doc[j].text not in (",", ";", ":", ".") and (doc[j].pos_ not in ("VERB", "AUX") or doc[j].dep_ == "amod"):
            seg.append(doc[j])
            j -= 1
        if seg and codes.title_at(seg[::-1]) is not None:
            idx.update(t.i for t in seg)
    if not idx:  # the parse broke the name's compound chain: take the capitalised words just before it
        i = span.start - 1
        while i >= sent.start and doc[i].is_title and doc[i].pos_ in ("PROPN", "NOUN", "ADJ") and span.start - i <= 4:
            idx.add(i)
            i -= 1
    return [doc[i] for i in sorted(idx) if not (span.start <= i < span.end)]


def _affiliation(tokens: list[Token], by_token: dict[int, Ent]) -> tuple[str | None, str | None]:
    """(country, sector) of an organisation named among the tokens ("Hezbollah's secretary general")."""
    for tok in tokens:
        ent = by_token.get(tok.i)
        if ent is None:
            continue
        span, label, entry = ent
        if entry is not None:
            return entry.country, entry.sector
        if label == "ORG":
            return codes.country_in(list(span)), codes.sector_of_name(list(span))
    return None, None


#: a diplomat serves abroad: the country named near "the ambassador" is as likely the host as the sender
ENVOY_TITLES = frozenset({"Ambassador", "Envoy", "Diplomat"})
ENVOY_NOUNS = frozenset({"ambassador", "envoy", "diplomat"})
def _subject_country(tok: Token) -> str | None:
    """The country of the clause subject a possessive "its"/"their" stands for ("Britain ... recalled its
    ambassador"), through conjoined and complement verbs."""
    node = tok.head
    for _ in range(4):
        subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ != "PRON":  # "Britain said it would ...": on to the clause above
            return codes.country_in(list(subj.subtree))
        if node.dep_ not in ("conj", "xcomp", "advcl", "ccomp") or node.head is node:
            return None
        node = node.head
    return None


#: "the new emir of the organization", "a commander of the group": a body named before, not a state
_GROUP_NOUNS = frozenset("organization organisation group movement militia network faction outfit".split())


def _group_before(ctx: list[Token], start: int, by_token: dict[int, Ent]) -> tuple[str | None, str | None]:
    """(country, sector) of the armed group "the organization" in the title phrase refers back to: the last
    rebel group named before the person."""
    if not any(t.lemma_.lower() in _GROUP_NOUNS and t.dep_ == "pobj" and any(d.lower_ in ("the", "this", "that")
               for d in t.children) for t in ctx):
        return None, None
    for i in range(start - 1, -1, -1):
        ent = by_token.get(i)
        if ent is not None and ent[2] is not None and ent[2].sector == "REB":
            return ent[2].country, "REB"
    return None, None


def _person(doc: Doc, span: SpacySpan, by_token: dict[int, Ent], used: set[int]) -> Mention:
    ctx = _context(doc, span)
    used.update(t.i for t in ctx)
    # a title just before the name ("Brig. Gen. Robert Mood, head of ...") beats one in an apposition
    before = [t for t in ctx if t.i < span.start]
    adjacent = []
    for t in reversed(before):
        if adjacent and t.i != adjacent[-1].i - 1:
            break
        adjacent.append(t)
    title = codes.title_at(adjacent[::-1]) or codes.title_at(ctx)
    aff_country, aff_sector = _affiliation(ctx, by_token)
    if aff_sector is None and title:
        aff_country, aff_sector = _group_before(ctx, span.start, by_token)
    country = codes.country_in(ctx) or aff_country
    sector = None
    if aff_sector == "REB":  # "Hamas commander X", "ISIS emir X": the group's sector, not the title's
        sector = aff_sector
    elif title and title[1] != INHERIT:
        sector = title[1]
    elif title:  # "spokesperson", "secretary general": the sector of the body they speak for
        span_of_title = range(title[2], title[3] + 1)
        nouns = [t for t in ctx if t.pos_ in ("NOUN", "PROPN") and t.i not in span_of_title]
        sector = aff_sector or next((s for t in nouns if (s := codes.sector_of_noun(t))), None)
        if sector is None and country:
            sector = "GOV"  # "Palestinian leader X", "an Iraqi spokesperson": speaks for the state
    if sector is None and any(t.lower_ in ("forces", "army", "military") for t in ctx):
        sector = "MIL"
    name = span.text
    return Mention(
        span.start, span.end, span.root.i, "name", f"p:{name.lower()}", "person", name=name,
        country=country, sector=sector, title=title[0] if title else None,
    )


def _org(span: SpacySpan, label: str, entry: KnownActor | None, acronyms: dict[str, str]) -> Mention:
    lex = codes.lexicon()
    if entry is not None:
        source = "known" if span.text in lex.known or span.text.lower() in {a.lower() for a in lex.known} else "org"
        # a transnational group has no country unless the text gives this mention one ("ISIS in Iraq")
        # a demonym before a group's name sets its country ("the Pakistani Taliban" is Pakistan's TTP)
        group = entry.kind == "group"
        country = (demonym_country(span) if group else None) or entry.country or (branch_country(span) if group else None)
        return Mention(span.start, span.end, span.root.i, source, f"k:{entry.canonical}", entry.kind,
                       name=span.text, country=country, sector=entry.sector)
    tokens = list(span)
    key = acronyms.get(span.text, f"o:{span.text.lower()}")
    country = codes.country_in(tokens)
    multinational = codes.is_multinational(tokens)
    sector = codes.sector_of_name(tokens)
    if sector is None:  # "the opposition newspaper La Prensa", "the rebel group M23": the noun before it
        before = [t for t in span.doc[max(span.sent.start, span.start - 3) : span.start] if t.pos_ in ("NOUN", "ADJ")]
        if before and before[-1].i == span.start - 1 and before[-1].pos_ == "NOUN":
            sector = codes.sector_of_noun(before[-1])
            country = country or codes.country_in(before)
    return Mention(span.start, span.end, span.root.i, "org", key, "organization", name=span.text,
                   country=None if multinational else country, sector=sector, stateless=multinational)


def _acronyms(doc: Doc, ents: list[Ent]) -> dict[str, str]:
    """"Operation Inherent Resolve (OIR)": later "OIR" is the same organisation."""
    out: dict[str, str] = {}
    for span, label, entry in ents:
        if label != "ORG" or span.end + 2 >= len(doc):
            continue
        if doc[span.end].text == "(" and doc[span.end + 2].text == ")" and doc[span.end + 1].is_upper:
            key = f"k:{entry.canonical}" if entry else f"o:{span.text.lower()}"
            out[doc[span.end + 1].text] = key
    return out


def build_mentions(doc: Doc, ents: list[Ent]) -> tuple[list[Mention], CountryNear]:
    near = CountryNear(doc, ents)
    by_token: dict[int, Ent] = {i: e for e in ents for i in range(e[0].start, e[0].end)}
    acronyms = _acronyms(doc, ents)
    mentions: list[Mention] = []
    used: set[int] = set()  # tokens already inside a mention or a name's description
    persons_by_root: dict[int, Mention] = {}
    for span, label, entry in ents:
        if entry is None and label == "ORG" and len(span.text) <= 2:
            continue  # "TT": scraping debris more often than an organisation
        if entry is not None and entry.kind == "person":
            # a well-known leader: titles and sector from the context, the country from the lexicon when the
            # context names none ("President Bill Clinton imposed sanctions on ... Afghanistan")
            m = _person(doc, span, by_token, used)
            m.country, m.sector = m.country or entry.country, m.sector or entry.sector
            persons_by_root[span.root.i] = m
        elif entry is not None or label == "ORG":
            if span.text in acronyms and entry is None:
                m = Mention(span.start, span.end, span.root.i, "org", acronyms[span.text], "organization", name=span.text)
            else:
                m = _org(span, label, entry, acronyms)
        elif label == "PERSON":
            m = _person(doc, span, by_token, used)
            first = persons_by_root.get(span.root.head.i) if span.root.dep_ == "conj" else None
            if first is not None and m.country is None:  # "Lebanon's PM Salam and Foreign Minister Raggi"
                m.country = first.country
            persons_by_root[span.root.i] = m
        else:
            continue
        mentions.append(m)
        used.update(range(span.start, span.end))
    persons = [m for m in mentions if m.kind == "person"]
    link_surnames(doc, persons)
    mentions.extend(_generic(doc, by_token, used, mentions, near))
    mentions.extend(_countries(doc, ents, used, near))
    for m in mentions:
        tok = subject_token(doc, m)
        m.subject, m.rootish = tok is not None, tok is not None and is_rootish(tok)
    mentions.extend(resolve_pronouns(doc, [m for m in mentions if m.kind == "person"]))
    mentions.extend(resolve_it_they(doc, mentions))
    return mentions, near


def _countries(doc: Doc, ents: list[Ent], used: set[int], near: CountryNear) -> list[Mention]:
    """Countries (and capitals standing for governments) as actors; a demonym group ("Palestinians")."""
    lex = codes.lexicon()
    out: list[Mention] = []
    for span, label, entry in ents:
        if entry is not None or label not in ("GPE", "NORP") or any(i in used for i in range(span.start, span.end)):
            continue
        root = span.root
        if codes.stance_or_descent(span[0]):
            if label == "NORP" and root.tag_ in ("NNS", "NNPS") and lex.demonyms.get(span.text.lower()):
                # "ethnic Albanians": a people coded where they live, not by their kin state
                iso = near(root.i)
                out.append(Mention(span.start, span.end, root.i, "group", f"n:{iso}:{span.text.lower()}", "group",
                                   name=span.text, country=iso, sector="CVL"))
            continue  # "anti-Syria": a stance, no actor
        if label == "NORP":
            iso = lex.demonyms.get(span.text.lower())
            if iso and root.dep_ not in ("amod", "compound") and root.tag_ in ("NNS", "NNPS"):
                where = of_country(root, near, ("of",))  # "the Albanians of southern Serbia": where they live
                out.append(Mention(span.start, span.end, root.i, "group", f"n:{iso}", "group", name=span.text,
                                   country=where or iso, sector="CVL"))
            continue
        iso = lex.country(span.text)
        if iso is None:
            iso = lex.capitals.get(span.text.lower())
            governs = root.dep_ in ("nsubj", "nsubjpass", "dobj", "poss") or (
                root.dep_ == "pobj" and root.head.lower_ in ("with", "against", "between", "by"))
            if iso is None or not governs:
                continue
        if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE and root.head.head.pos_ in ("VERB", "NOUN"):
            if root.head.lower_ != "from":
                continue  # "stranded in Tehran", "a trip to Beirut": a place, not a party
        name = lex.short_name.get(iso, span.text)
        out.append(Mention(span.start, span.end, root.i, "country", f"c:{iso}", "country", name=name,
                           country=iso, sector="GOV"))
    return out


class _HeadTest:
    """Whether a word may head a generic actor (a superset of `_generic`'s cheap test, from the strings
    alone), memoised by (orth id, lemma id) for one lexicon: vocab ids are stable within a process."""

    def __init__(self, lex: codes.Lexicon) -> None:
        self.lex = lex
        self.noun_ends = frozenset(key.rsplit(" ", 1)[-1] for key in lex.nouns)
        self.title_ends = frozenset(key[-1] for key in lex.titles)  # as `codes.may_end_title` reads them
        self.memo: dict[tuple[int, int], bool] = {}

    def __call__(self, text: str, lemma: str) -> bool:
        low, lex = text.lower(), self.lex
        return (low in PROXY_HEADS or low in BRANCH_NOUNS or low in GROUP_ANAPHORS or low in self.noun_ends or lemma.lower() in lex.nouns or low in lex.nouns
                or text in ("-", "–", ".") or low.rstrip(".") in self.title_ends or low in ("'s", "’s")
                or lex.country(text) is not None)


_HEAD_TEST: list[_HeadTest] = []


def _head_candidates(doc: Doc, lex: codes.Lexicon) -> list[int]:
    """Nouns that may head a generic actor and are not predicates or modifiers (PREDICATE_DEPS), from id
    arrays: a Token only for the few that pass."""
    if not _HEAD_TEST or _HEAD_TEST[0].lex is not lex:
        _HEAD_TEST[:] = [_HeadTest(lex)]
    test, strings = _HEAD_TEST[0], doc.vocab.strings
    cols = doc.to_array([POS, ORTH, LEMMA, DEP])
    # a predicate's or modifier's dependency is `_generic`'s first skip: drop those words here, by id
    keep = (cols[:, 0] == NOUN) | (cols[:, 0] == PROPN)
    for dep in PREDICATE_DEPS:  # six compares: cheaper than numpy.isin on a few hundred words
        keep &= cols[:, 3] != strings[dep]
    at = numpy.flatnonzero(keep)
    out, memo = [], test.memo
    # plain ints from whole columns: indexing a numpy array per word costs more than the test's memo
    for i, key in zip(at.tolist(), zip(cols[at, 1].tolist(), cols[at, 2].tolist())):
        hit = memo.get(key)
        if hit is None:
            if len(memo) >= 200_000:  # keyed by word: a long stream would grow it without end
                memo.clear()
            hit = memo[key] = test(strings[key[0]], strings[key[1]])
        if hit:
            out.append(i)
    return out


def _generic(doc: Doc, by_token: dict[int, Ent], used: set[int], mentions: list[Mention],
             near: CountryNear) -> list[Mention]:
    """Noun phrases headed by a sector noun or a title: "the Iraqi army", "the prime minister"."""
    lex = codes.lexicon()
    out: list[Mention] = []
    head_of = {i: m for m in mentions for i in range(m.start, m.end)}
    sent_of = sentence_starts(doc)
    for at in _head_candidates(doc, lex):  # nouns that may head an actor, without a Token per word
        tok = doc[at]
        if tok.i in used or tok.dep_ in PREDICATE_DEPS:
            continue
        if tok.head.i in head_of and tok.i < tok.head.i and tok.dep_ in ("nmod", "appos", "compound", "dep"):
            continue  # "the opposition newspaper La Prensa": the noun describes the name that follows
        if tok.dep_ == "conj" and any(h.dep_ in PREDICATE_DEPS for h in (tok.head, tok.head.head)):
            continue  # "a powerful armed movement and political party": still a predicate
        if tok.lower_ in GROUP_ANAPHORS:  # "the group", "the terrorist organization": the named group before
            mods = [c for c in tok.lefts if c.dep_ in ("det", "amod", "compound")]
            found = link_group_anaphor(doc, tok, min([tok.i] + [c.left_edge.i for c in mods]), mentions + out)
            if found is not None:
                out.append(found)
                used.update(range(found.start, found.end))
                continue
        low = tok.lower_
        noun_sector = codes.sector_of_noun(tok)  # depends on the word and its compound alone: asked once
        if (low not in PROXY_HEADS and low not in BRANCH_NOUNS and noun_sector is None and not codes.may_end_title(tok)
                and low not in ("'s", "’s") and not codes.country_of_token(tok)):
            continue  # no sector, no title can end here, no proxy: every branch below would skip it (cheap test)
        mods = [c for c in tok.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "npadvmod")]
        start = min([tok.i] + [c.left_edge.i for c in mods])
        # a bad parse must not stretch a noun phrase over a verb; a participle modifier stays ("Saudi-led")
        verb = next((i for i in range(tok.i - 1, start - 1, -1) if doc[i].pos_ in ("VERB", "AUX")
                     and not (doc[i].dep_ == "amod" and doc[i].tag_ == "VBN" and doc[i].head.i == tok.i)), None)
        start = verb + 1 if verb is not None else start
        phrase = [t for t in doc[start : tok.i + 1] if sent_of[t.i] == sent_of[tok.i]]
        named = next((head_of[c.i] for c in tok.children if c.dep_ == "appos" and c.i in head_of), None)
        if named is not None and named.kind != "person" and noun_sector:
            # "the opposition newspaper, La Prensa": one actor, coded by the noun when the name says nothing
            out.append(Mention(start, tok.i + 1, tok.i, "proxy", named.key, named.kind,
                               country=codes.country_in(phrase), sector=noun_sector))
            used.update(range(start, tok.i + 1))
            continue
        # a person or organisation speaking through this head: "Kadhimi's media office", "CTS units"
        owner = next((head_of[c.i] for c in mods if c.i in head_of and c.dep_ in ("poss", "compound")), None)
        pron = next((c for c in mods if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
        if owner is None and pron is not None:  # "the Israeli military said its jets ...": the subject owns them
            owner = next((m for m in reversed(mentions + out) if m.start < tok.i and sent_of[m.head] == sent_of[tok.i]
                          and m.kind in ("organization", "country", "group")), None)
        branch = tok.lower_ in BRANCH_NOUNS
        if branch and owner is None:  # "the Iraqi branch of ISIS": a group acting through one country's branch
            owner = next((head_of[g.i] for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                          for g in p.children if g.dep_ == "pobj" and g.i in head_of), None)
        outlet = owner is not None and owner.kind in ("organization", "media") and noun_sector == "JRN"
        if outlet:  # "Al-Ahram newspaper": the outlet its name says, coded as one
            out.append(Mention(start, tok.i + 1, tok.i, "proxy", owner.key, owner.kind, sector="JRN"))
            used.update(range(start, tok.i + 1))
            continue
        if owner is not None and (tok.lower_ in PROXY_HEADS or (branch and owner.kind in ("group", "organization"))):
            last = owner
            for c in mods:  # "Salam and Raggi's offices": the possessor next to the head owns the mention
                for conj in c.conjuncts:
                    if conj.i in head_of and conj.i > last.start:
                        last = head_of[conj.i]
            first = max(start, last.start) if last.start < tok.i else start  # an of-owner comes after the head
            out.append(Mention(first, tok.i + 1, tok.i, "proxy", last.key, last.kind))
            continue
        words = [t for t in phrase if (t.i == tok.i or t.dep_ not in ("det", "poss", "case")) and not codes.country_of_token(t)]
        words = [t for t in words if t.lower_ not in ("'s", "’s")]
        title = codes.title_of_words([t.text for t in words]) if words else None
        sector = noun_sector
        if sector == "JRN" and any(t.lower_ in STATE_OWNED for t in phrase):
            sector = "GOV"  # "an official Syrian newspaper", "Iran's state television": the state's own voice
        if title is None and sector is None:
            continue
        if tok.lemma_.lower() in WEAK_NOUNS and not any(c.dep_ != "det" for c in mods):
            continue  # "the force", "the party": too vague without a modifier
        if pron is not None and tok.lemma_.lower() in ENVOY_NOUNS:  # "Kenya recalled its ambassador from
            country = codes.country_in(phrase) or _subject_country(tok)  # Somalia": the sender, not the host
        else:
            country = codes.country_in(phrase) or of_country(tok, near) or (owner.country if owner is not None else None)
        name = doc[phrase[0].i : tok.i + 1]
        name = _name_of(name)
        multinational = codes.is_multinational(phrase)
        sides = modifier_countries(tok)
        if len(sides) > 1:  # "Ethiopian and Eritrean troops": two groups, no one country (the events stage
            country, multinational = None, True  # gives each side its own); not the same actor as "troops"
        # "European Community foreign ministers", "UN officials": they act for the body, coded IGO/NGO as it is
        body = next((head_of[c.i] for c in mods if c.i in head_of and c.dep_ in ("poss", "compound", "nmod")
                     and head_of[c.i].sector in ("IGO", "NGO") and not head_of[c.i].country), None)
        if body is not None and codes.country_in(phrase) is None:
            country, sector, multinational = None, body.sector, True
            title = (title[0], body.sector) if title is not None else None
        if title is not None and tok.tag_ not in ("NNS", "NNPS"):
            m = Mention(start, tok.i + 1, tok.i, "title", "", "person", name="", country=country,
                        sector=title[1] if title[1] != INHERIT else None, title=title[0])
            target = link_title(m, mentions + out)
            envoy = title[0] in ENVOY_TITLES and country is None
            if target is None and envoy:  # "the ambassador" after "Somalia's ambassador": the same envoy
                target = next((o for o in reversed(out) if o.source == "title" and o.title == title[0]
                               and o.country and o.start < start), None)
            if target is not None:
                m.key, m.country = target.key, m.country or target.country
                m.name = m.name or target.name
            elif title[1] == INHERIT:
                continue  # "the leader", "a spokesman" of nobody named: too vague to be an actor
            elif envoy:  # "Kenya would expel the ambassador": an envoy is accredited elsewhere, so neither the
                m.key, m.name, m.stateless = f"t:None:{title[0]}:{tok.i}", name, True  # country near nor its host's
            else:
                m.key, m.name = f"t:{country}:{title[0]}:{tok.i}", name
                if m.country is None and not multinational:
                    skip = counterpart_tokens(tok) if m.sector in COUNTERPART_SECTORS else set()
                    m.country, lost = near_own(near, tok, False, skip)
                    m.stateless = m.country is None and (bool(skip) or lost)  # not the counterpart's country later
            out.append(m)
            used.update(range(start, tok.i + 1))
            continue
        if sector is None or (title is not None and title[1] == INHERIT):
            continue
        if country is None and not multinational and sector not in ("IGO", "NGO", "REB", "JRN", "CRM"):
            skip = counterpart_tokens(tok) if sector in COUNTERPART_SECTORS else set()
            country, lost = near_own(near, tok, sector in LOCAL_SECTORS, skip)
            multinational = multinational or (country is None and (bool(skip) or lost))  # nor the counterpart's later
        # kidnappers or smugglers of no stated country are not the victims' ("Kidnappers released two Italians")
        multinational = multinational or (country is None and sector == "CRM")
        lemma = " ".join(t.lemma_.lower() for t in words if t.dep_ == "compound" or t.i == tok.i)
        kind = "group" if tok.tag_ in ("NNS", "NNPS") and sector not in ("MIL", "COP", "GOV") else "organization"
        keyed = "+".join(sides) if len(sides) > 1 else country
        out.append(Mention(start, tok.i + 1, tok.i, "generic", f"g:{keyed}:{sector}:{lemma}", kind, name=name,
                           country=country, sector=sector, stateless=multinational))
        used.update(range(start, tok.i + 1))
    return out


def _name_of(span: SpacySpan) -> str:
    trimmed = trim(span)
    return (trimmed or span).text
