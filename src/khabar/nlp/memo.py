"""Memo fronts for the model's two rule-based components: the attribute ruler and the lemmatizer.

Both are pure Python per token in spaCy and work out the same answers for the same words in every document:
on news they cost as much as the parser (benchmarks/profile.md). Each front keeps the model's component
and its tables, asks it once per distinct input, and writes the answers back with one `Doc.from_array`.
The inputs are everything the component reads, so the output is the model's, token for token
(tests/test_memo.py compares whole pipelines on news text):

- khabar_attribute_ruler: the ruler's one-token patterns read LOWER, TAG, DEP and IS_SPACE and set TAG,
  POS, MORPH, LEMMA and DEP, in pattern order; the key is those inputs plus the token's POS, MORPH and
  LEMMA before the ruler (so a value set earlier is never lost), the memo value the five outputs. LOWER
  counts only for the ~120 words the patterns name: every other word fails their LOWER tests alike. A new
  key is learnt by running the model's ruler's matcher on that one token. Its few
  multi-token patterns ("there is" with an expletive, "gonna", "ain't") see context: where one matches,
  the model's ruler itself runs over that stretch of tokens, and those tokens teach the memo nothing.
- khabar_lemmatizer: `Lemmatizer.rule_lemmatize` reads ORTH, POS and MORPH (its own cache key); it does
  not cache base forms (most words), so they were recomputed every time; and its word lists are Python
  lists searched with `in`, which the front gives set lookups (same contents). Lemmas already set (by the
  attribute ruler) are kept unless the lemmatizer overwrites, as spaCy's does. A lemmatizer in another
  mode (lookup, custom) is called as it is.

Both memos are keyed by word, and a long stream keeps bringing new words (names, numbers, typos), so they are
bounded: the lemmatizer's and the ruler's word test keep two generations, a full one (MEMO_SIZE entries)
becoming the old one, which is dropped when the next fills; an entry asked for from the old one moves to
the new. The words in use stay and a hit is still one dict lookup. On 2,000 news stories (472k lemma
lookups, 23k distinct keys) generations of 20,000 keep the hit rate of an unbounded memo (.950); of 10,000,
.940; emptying one memo at 10,000 instead, .889. The ruler's own memo has few keys (most words leave LOWER
out of theirs) and is emptied when full. spaCy's lemmatizer caches the same answers again without a bound:
the front empties that cache after each Doc. The lemmatizer memo keeps each lemma as text, not as a StringStore hash, and adds
it to the Doc's strings on use: a lemma first seen inside `nlp.memory_zone()` leaves the strings when the
zone ends (khabar.pipeline runs each batch in one), its memo entry does not.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

#: the attribute ruler's inputs (what its patterns and the values it may overwrite read) and its outputs
_RULER_IN = [LOWER, TAG, DEP, IS_SPACE, POS, MORPH, LEMMA]
_RULER_OUT = [TAG, POS, MORPH, LEMMA, DEP]
#: entries in a memo generation (a lemma entry ~210 bytes, a word test ~75; at most two generations)
MEMO_SIZE = 20_000


class MemoAttributeRuler:
    """Wraps a spaCy `AttributeRuler`; see the module docstring."""

    def __init__(self, inner: AttributeRuler):
        self.inner = inner
        self.memo: dict[tuple[int, ...], tuple[int, ...]] = {}
        self.context = Matcher(inner.vocab)  # the multi-token patterns only
        # the words the one-token patterns name (LOWER: "x", IN [...], REGEX); any other word fails every LOWER
        # test alike, so its LOWER is left out of the key and one entry serves all such words
        self._words: set[str] = set()
        self._regexes: list[re.Pattern] = []
        self._any_word = False  # a LOWER test of another kind (NOT_IN, ...): keep every word in the key
        self._named: dict[int, bool] = {}
        self._named_old: dict[int, bool] = {}
        for i, entry in enumerate(inner.patterns):
            wide = [p for p in entry["patterns"] if len(p) > 1]
            if wide:
                self.context.add(str(i), wide)
            for pattern in entry["patterns"]:
                if len(pattern) == 1 and "LOWER" in pattern[0]:
                    self._read_lower_test(pattern[0]["LOWER"])

    def _read_lower_test(self, test) -> None:
        if isinstance(test, str):
            self._words.add(test)
        elif isinstance(test, dict) and set(test) == {"IN"}:
            self._words.update(test["IN"])
        elif isinstance(test, dict) and set(test) == {"REGEX"}:
            self._regexes.append(re.compile(test["REGEX"]))
        else:
            self._any_word = True

    def _is_named(self, lower: int, strings) -> bool:
        named = self._named.get(lower)
        if named is None:
            named = self._named_old.get(lower)
            if named is None:
                word = strings[lower]
                named = self._any_word or word in self._words or any(r.search(word) for r in self._regexes)
            if len(self._named) >= MEMO_SIZE:
                self._named_old, self._named = self._named, {}
            self._named[lower] = named
        return named

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = self._keys(doc)
        regions = self._context_regions(doc)
        inside = {i for start, end in regions for i in range(start, end)}
        memo = self.memo
        if len(memo) >= MEMO_SIZE:  # (few keys: most words leave LOWER out of theirs)
            memo.clear()
        # the stretches the model's ruler reads itself: each multi-token match, and the first token of each
        # key the memo has not seen (its one-token patterns matched on that token alone)
        new: dict[tuple[int, ...], int] = {}
        for i, key in enumerate(keys):
            if key not in memo and key not in new and i not in inside:
                new[key] = i
        stretches = regions + [(i, i + 1) for i in new.values()]
        after: list[list[int]] = []
        if stretches:
            strings = doc.vocab.strings
            for start, end in stretches:
                found = self.inner.matcher(doc[start:end], allow_missing=True, as_spans=False)
                # applied in the ruler's own order (sorted by pattern number), from the values before it
                matches = sorted((int(strings[m]), m, start + s, start + e) for m, s, e in found)
                self.inner.set_annotations(doc, matches)
            after = doc.to_array(_RULER_OUT).tolist()
            for key, i in new.items():
                memo[key] = tuple(after[i])
        rows = [tuple(after[i]) if i in inside else memo[key] for i, key in enumerate(keys)]
        doc.from_array(_RULER_OUT, numpy.array(rows, dtype=numpy.uint64))
        return doc

    def _keys(self, doc: Doc) -> list[tuple[int, ...]]:
        strings, named = doc.vocab.strings, self._named
        keys = []
        for row in doc.to_array(_RULER_IN).tolist():
            is_named = named.get(row[0])
            if is_named is None:
                is_named = self._is_named(row[0], strings)
            if not is_named:
                row[0] = 0
            keys.append(tuple(row))
        return keys

    def _context_regions(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges where multi-token patterns match, overlapping ones merged."""
        if not len(self.context):
            return []
        regions: list[tuple[int, int]] = []
        for _, start, end in sorted(self.context(doc, allow_missing=True), key=lambda m: (m[1], m[2])):
            if regions and start < regions[-1][1]:
                regions[-1] = (regions[-1][0], max(end, regions[-1][1]))
            else:
                regions.append((start, end))
        return regions


class _IndexList(list):
    """A list whose `in` is a set lookup (it is never changed after it is made)."""

    def __init__(self, items: list) -> None:
        super().__init__(items)
        self._members = frozenset(items)

    def __contains__(self, item: object) -> bool:
        return item in self._members


class MemoLemmatizer:
    """Wraps a spaCy `Lemmatizer`; see the module docstring."""

    def __init__(self, inner: Lemmatizer):
        self.inner = inner
        self.memo: dict[tuple[int, int, int], str] = {}
        self._old: dict[tuple[int, int, int], str] = {}
        self._rule = getattr(inner, "mode", None) == "rule"
        if self._rule:
            # `rule_lemmatize` asks its word lists (57k nouns...) only `form in index`, and they are lists:
            # give them set-speed membership, same contents (a new word cost ~80 µs, most of it that scan)
            index = inner.lookups.get_table("lemma_index", {})
            for pos, words in list(index.items()):
                if isinstance(words, list) and not isinstance(words, _IndexList):
                    index[pos] = _IndexList(words)

    def __call__(self, doc: Doc) -> Doc:
        if not self._rule:
            return self.inner(doc)
        if not len(doc):
            return doc
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = table[:, 3].copy()
        overwrite = self.inner.overwrite
        memo, strings = self.memo, doc.vocab.strings
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(table.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                value = self._old.get(key)
                if value is None:
                    value = self.inner.rule_lemmatize(doc[i])[0]
                if len(memo) >= MEMO_SIZE:
                    self._old, self.memo = memo, {}
                    memo = self.memo
                memo[key] = value
            lemmas[i] = strings.add(value)
            changed = True
        if self.inner.cache:
            self.inner.cache.clear()  # rule_lemmatize's own copy of the answers the memo keeps
        if changed:
            doc.from_array([LEMMA], numpy.ascontiguousarray(lemmas.reshape(-1, 1)))
        return doc


@Language.factory("khabar_attribute_ruler")
def make_attribute_ruler(nlp: Language, name: str) -> MemoAttributeRuler:
    return MemoAttributeRuler(nlp.get_pipe("attribute_ruler"))


@Language.factory("khabar_lemmatizer")
def make_lemmatizer(nlp: Language, name: str) -> MemoLemmatizer:
    return MemoLemmatizer(nlp.get_pipe("lemmatizer"))


#: (the model's component, khabar's front for it, the spaCy class the front knows how to wrap)
_FRONTS = (
    ("attribute_ruler", "khabar_attribute_ruler", AttributeRuler),
    ("lemmatizer", "khabar_lemmatizer", Lemmatizer),
)


def use_memo_components(nlp: Language) -> Language:
    """Put each front in place of the model's component (same position). A pipeline without one, or with a
    component of another class under that name, is left as it is."""
    for name, front, cls in _FRONTS:
        if name in nlp.pipe_names and isinstance(nlp.get_pipe(name), cls):
            nlp.add_pipe(front, after=name)
            nlp.remove_pipe(name)
    return nlp
