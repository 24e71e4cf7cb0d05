from khabar.dedupe import DuplicateIndex, near_duplicates, similarity

STORY = (
    "Iraqi forces launched a large operation on Tuesday against militants hiding in the desert southwest of "
    "Kirkuk, the army said, adding that air strikes destroyed several hideouts and tunnels used by the group."
)
REWRITE = STORY.replace("Tuesday", "Wednesday").replace("the army said", "a military statement said")
OTHER = (
    "The central bank raised interest rates by half a percentage point to curb inflation, which reached its "
    "highest level in a decade last month, the governor told reporters in the capital."
)


def test_index_finds_an_edited_copy_and_not_an_unrelated_story():
    index = DuplicateIndex(threshold=0.5)
    assert index.add("a", STORY) == []
    assert index.add("c", OTHER) == []
    found = index.add("b", REWRITE)
    assert [f[0] for f in found] == ["a"] and found[0][1] > 0.5
    assert index.add("a", STORY) == []  # the same id again is not its own duplicate
    assert len(index) == 3


def test_near_duplicates_map_to_the_first_seen_article():
    dupes = near_duplicates([("a", STORY), ("b", REWRITE), ("c", OTHER), ("d", REWRITE + " More later.")], 0.5)
    assert dupes == {"b": "a", "d": "a"}


def test_similarity_orders_pairs():
    assert similarity(STORY, STORY) > similarity(STORY, REWRITE) > similarity(STORY, OTHER)
    assert 0.0 <= similarity(STORY, OTHER) < 0.3
    assert similarity("", STORY) == 0.0


def test_stored_signatures_and_band_keys():
    """What the store keeps: 4 bytes per permutation, and band keys that agree exactly where signatures do."""
    from khabar.dedupe import LSH_BANDS, LSH_ROWS, NUM_PERM, band_keys, estimate, pack, signature, unpack

    assert LSH_BANDS * LSH_ROWS <= NUM_PERM
    a, b, c = (unpack(pack(signature(t))) for t in (STORY, REWRITE, OTHER))
    assert len(pack(signature(STORY))) == 4 * NUM_PERM
    assert estimate(a, a) == 1.0 and estimate(a, c) < 0.1 < estimate(a, b) < 1.0
    assert estimate(a, signature(REWRITE).hashvalues) == signature(STORY).jaccard(signature(REWRITE))
    keys_a, keys_b, keys_c = band_keys(a), band_keys(b), band_keys(c)
    assert len(keys_a) == LSH_BANDS and len(set(keys_a)) == LSH_BANDS  # the band number is in the key
    assert band_keys(a) == keys_a and all(-(2**63) <= k < 2**63 for k in keys_a)  # stable, fits SQLite INTEGER
    for band in range(LSH_BANDS):
        rows = slice(band * LSH_ROWS, (band + 1) * LSH_ROWS)
        assert (keys_a[band] == keys_b[band]) == bool((a[rows] == b[rows]).all())
    assert not set(keys_a) & set(keys_c)
