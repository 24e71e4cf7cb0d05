"""Near-duplicate articles: the same story from two outlets, or a wire copy re-published with edits.

Exact duplicates already share an id (a content hash). Near-duplicates are found with MinHash signatures over
word shingles (datasketch) and an LSH index, so each new article is compared with a few candidates, not with
every stored one. `similarity` grades any pair from 0 to 1 for ranking and for the news_similarity benchmark.

The store keeps the index across runs (khabar.store.duplicates): a signature as a blob per article, and its
LSH band keys as integers in an indexed table, so a lookup is one indexed query, not a rebuilt index.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
_WORD = re.compile(r"\w+", re.UNICODE)
# function words carry no story: leaving them out of the unigram sets keeps short texts from looking alike
_STOP = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been it its this that these those "
    "he she they we you i his her their our has have had not no will would said says also after before than".split()
)


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(text)


def shingles(text: str, size: int = 3) -> set[str]:
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


@cache
def _template(num_perm: int) -> MinHash:
    return MinHash(num_perm=num_perm)  # seed 1: every signature has the same permutations, so draw them once


def signature_of(shingle_set: set[str], num_perm: int = NUM_PERM) -> LeanMinHash:
    base = _template(num_perm)
    mh = MinHash(num_perm=num_perm, permutations=base.permutations, scheme=base.scheme)
    mh.update_batch([s.encode("utf-8") for s in shingle_set])
    return LeanMinHash(mh)


def signature(text: str, size: int = 3, num_perm: int = NUM_PERM) -> LeanMinHash:
    return signature_of(shingles(text, size), num_perm)


class DuplicateIndex:
    """An LSH index of article signatures: `add` returns the ids already indexed that near-duplicate it."""

    def __init__(self, threshold: float = 0.7, num_perm: int = NUM_PERM) -> None:
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._sigs: dict[str, LeanMinHash] = {}

    def add(self, article_id: str, text: str) -> list[tuple[str, float]]:
        if article_id in self._sigs:
            return []
        sig = signature(text, num_perm=self.num_perm)
        found = [(other, sig.jaccard(self._sigs[other])) for other in self._lsh.query(sig)]
        self._lsh.insert(article_id, sig)
        self._sigs[article_id] = sig
        return sorted(found, key=lambda pair: -pair[1])

    def __len__(self) -> int:
        return len(self._sigs)


def near_duplicates(items: Iterable[tuple[str, str]], threshold: float = 0.7) -> dict[str, str]:
    """Map each near-duplicate article id to the first-seen article it duplicates."""
    index, dupes = DuplicateIndex(threshold), {}
    for article_id, text in items:
        found = index.add(article_id, text)
        if found:
            dupes[article_id] = dupes.get(found[0][0], found[0][0])
    return dupes


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# The stored banding is fixed (band keys written today must match tomorrow's), so it is tuned low: 25 bands of
# 5 rows find ~99% of pairs at Jaccard 0.7 and ~87% at 0.6; the caller's threshold is applied to the estimate.
LSH_BANDS, LSH_ROWS = 25, 5
MIN_SHINGLES = 5  # a text shorter than this (a headline, a stub) is too short to call a copy of anything


def pack(sig: LeanMinHash) -> bytes:
    """A signature as 4 bytes per permutation (datasketch's hash values are 32-bit)."""
    return sig.hashvalues.astype("<u4").tobytes()


def unpack(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")


def estimate(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard estimate of two signatures: the share of permutations whose minima agree."""
    return float(np.count_nonzero(a == b)) / len(a) if len(a) == len(b) and len(a) else 0.0


def band_keys(values: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band (band number mixed in, so equal rows in two bands never meet)."""
    values = np.asarray(values, dtype="<u4")
    keys = []
    for band in range(LSH_BANDS):
        chunk = values[band * LSH_ROWS : (band + 1) * LSH_ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def similarity(text_a: str, text_b: str) -> float:
    """How alike two stories are, 0..1: content-word overlap (what is talked about) blended with shared
    word trigrams (the same wording), weighted towards content since outlets rephrase."""
    content_a = {w for w in words(text_a) if w not in _STOP and not w.isdigit()}
    content_b = {w for w in words(text_b) if w not in _STOP and not w.isdigit()}
    # overlap coefficient, not Jaccard: a short wire item inside a long feature is still the same story
    overlap = len(content_a & content_b) / min(len(content_a), len(content_b)) if content_a and content_b else 0.0
    return 0.75 * overlap + 0.25 * _jaccard(shingles(text_a), shingles(text_b))
