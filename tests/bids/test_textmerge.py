"""Shoal's own three-way merger (consortium.textmerge), tested on its own."""

from hypothesis import given
from hypothesis import strategies as st

from consortium.bids.textmerge import SyncRegion, merge, merge_groups, sync_regions


def groups(base, a, b):
    """The groups as lists of strings, so that expectations read easily."""
    return list(merge_groups(list(base), list(a), list(b)))


def merged(base, a, b):
    result, conflicts = merge(list(base), list(a), list(b))
    assert conflicts == []
    return "".join(result)


# --- clean merges ------------------------------------------------------------------------------


def test_nothing_changed_is_one_unchanged_group():
    assert groups("abc", "abc", "abc") == [("unchanged", ["a", "b", "c"])]


def test_only_one_side_changed():
    assert groups("abc", "aXc", "abc") == [
        ("unchanged", ["a"]),
        ("a", ["X"]),
        ("unchanged", ["c"]),
    ]
    assert groups("abc", "abc", "aYc") == [
        ("unchanged", ["a"]),
        ("b", ["Y"]),
        ("unchanged", ["c"]),
    ]


def test_disjoint_edits_on_both_sides_merge():
    assert groups("abcde", "Xbcde", "abcdY") == [
        ("a", ["X"]),
        ("unchanged", ["b", "c", "d"]),
        ("b", ["Y"]),
    ]
    assert merged("abcde", "Xbcde", "abcdY") == "XbcdY"


def test_identical_edits_on_both_sides_are_same():
    assert groups("abc", "aXc", "aXc") == [
        ("unchanged", ["a"]),
        ("same", ["X"]),
        ("unchanged", ["c"]),
    ]


def test_insertions_at_the_start_and_end():
    assert groups("abc", "Xabc", "abcY") == [
        ("a", ["X"]),
        ("unchanged", ["a", "b", "c"]),
        ("b", ["Y"]),
    ]
    assert merged("abc", "Xabc", "abcY") == "XabcY"


def test_insertion_in_the_middle():
    assert merged("ac", "abc", "ac") == "abc"
    assert merged("abcd", "abXcd", "abcdY") == "abXcdY"


def test_deletions():
    # one side deletes, the other leaves alone
    assert groups("abc", "ac", "abc") == [
        ("unchanged", ["a"]),
        ("a", []),
        ("unchanged", ["c"]),
    ]
    assert merged("abc", "ac", "abc") == "ac"
    # both delete the same item: nothing is yielded for it
    assert groups("abc", "ac", "ac") == [("unchanged", ["a"]), ("unchanged", ["c"])]
    # each deletes a different item
    assert merged("abcde", "acde", "abce") == "ace"


def test_one_side_deletes_everything():
    assert groups("abc", "", "abc") == [("a", [])]
    assert merged("abc", "", "abc") == ""


def test_items_need_not_be_characters():
    base = ["First paragraph.", "Second.", "Third."]
    a = ["First paragraph, edited.", "Second.", "Third."]
    b = ["First paragraph.", "Second.", "Third.", "Fourth."]
    assert merge(base, a, b) == (
        ["First paragraph, edited.", "Second.", "Third.", "Fourth."],
        [],
    )


def test_the_inputs_may_be_tuples():
    assert list(merge_groups(("a", "b"), ("a", "X"), ("a", "b"))) == [
        ("unchanged", ["a"]),
        ("a", ["X"]),
    ]


# --- conflicts ---------------------------------------------------------------------------------


def test_both_changing_the_same_item_differently_is_a_conflict():
    assert groups("abc", "aXc", "aYc") == [
        ("unchanged", ["a"]),
        ("conflict", ["b"], ["X"], ["Y"]),
        ("unchanged", ["c"]),
    ]
    assert merge(list("abc"), list("aXc"), list("aYc")) == (None, [(["b"], ["X"], ["Y"])])


def test_different_insertions_at_the_same_place_conflict():
    assert groups("ab", "aXb", "aYb") == [
        ("unchanged", ["a"]),
        ("conflict", [], ["X"], ["Y"]),
        ("unchanged", ["b"]),
    ]


def test_a_deletion_against_a_change_conflicts():
    assert groups("abc", "ac", "aYc") == [
        ("unchanged", ["a"]),
        ("conflict", ["b"], [], ["Y"]),
        ("unchanged", ["c"]),
    ]


def test_changes_to_neighbouring_items_are_one_conflict():
    # diff3 has no sync point between b and c, so the two edits are one clash
    assert groups("abcd", "aXcd", "abYd") == [
        ("unchanged", ["a"]),
        ("conflict", ["b", "c"], ["X", "c"], ["b", "Y"]),
        ("unchanged", ["d"]),
    ]


def test_a_conflict_does_not_spoil_clean_groups_elsewhere():
    assert groups("abcdefg", "Xbcdefg", "abcdeYg")[0] == ("a", ["X"])
    assert groups("abcdefg", "XbcdePg", "abcdeYg") == [
        ("a", ["X"]),
        ("unchanged", ["b", "c", "d", "e"]),
        ("conflict", ["f"], ["P"], ["Y"]),
        ("unchanged", ["g"]),
    ]


# --- empty inputs ------------------------------------------------------------------------------


def test_all_empty():
    assert groups("", "", "") == []
    assert merge([], [], []) == ([], [])


def test_empty_base_with_one_side_adding():
    assert groups("", "abc", "") == [("a", ["a", "b", "c"])]
    assert groups("", "", "abc") == [("b", ["a", "b", "c"])]


def test_empty_base_with_both_adding_the_same():
    assert groups("", "ab", "ab") == [("same", ["a", "b"])]


def test_empty_base_with_both_adding_different_things():
    assert groups("", "ab", "cd") == [("conflict", [], ["a", "b"], ["c", "d"])]


def test_both_sides_emptied():
    assert groups("abc", "", "") == []


# --- sync regions ------------------------------------------------------------------------------


def test_sync_regions_are_what_both_sides_kept_plus_an_end_sentinel():
    assert sync_regions(list("abcde"), list("abXde"), list("Yabcde")) == [
        SyncRegion(0, 2, 0, 2, 1, 3),
        SyncRegion(3, 5, 3, 5, 4, 6),
        SyncRegion(5, 5, 5, 5, 6, 6),
    ]


# --- properties --------------------------------------------------------------------------------

# Few distinct items, so that sequences share items and the matcher has real choices.
items = st.lists(st.sampled_from("abcdefgh"), max_size=12)


def rebuild(groups_):
    """The merged sequence, or None if any group is a conflict."""
    out = []
    for group in groups_:
        if group[0] == "conflict":
            return None
        out.extend(group[1])
    return out


@given(base=items, a=items)
def test_merging_with_an_unchanged_other_side_gives_this_side(base, a):
    assert rebuild(merge_groups(base, a, base)) == a
    assert merge(base, a, base) == (a, [])


@given(base=items, b=items)
def test_merging_with_an_unchanged_this_side_gives_the_other_side(base, b):
    assert rebuild(merge_groups(base, base, b)) == b
    assert merge(base, base, b) == (b, [])


@given(base=items, x=items)
def test_both_sides_making_the_same_edit_gives_that_edit(base, x):
    assert rebuild(merge_groups(base, x, x)) == x
    assert merge(base, x, x) == (x, [])


SWAP = {"a": "b", "b": "a"}


@given(base=items, a=items, b=items)
def test_swapping_the_sides_swaps_the_groups(base, a, b):
    swapped = []
    for group in merge_groups(base, b, a):
        if group[0] == "conflict":
            swapped.append(("conflict", group[1], group[3], group[2]))
        else:
            swapped.append((SWAP.get(group[0], group[0]), group[1]))
    assert list(merge_groups(base, a, b)) == swapped
