"""A three-way merge of two edited copies of a sequence against the copy both started from.

This is the classic *diff3* algorithm, written for Shoal on top of the standard library's
:class:`difflib.SequenceMatcher`; it has no dependencies and knows nothing of Django. The
items are usually paragraphs or lines, but any hashable, comparable items work.

How it works
------------

1. Compare the base with each side (``base`` ↔ ``a`` and ``base`` ↔ ``b``). Each comparison
   gives the blocks of base that the side kept unchanged, in order.
2. Intersect the two lists: the stretches of base kept by *both* sides are the **sync
   regions**. Both sides agree there, so they are copied through unchanged.
3. Between two sync regions lies a stretch of base and the matching stretch of each side.
   Compare the three stretches:

   - both sides identical to each other (whatever base had): ``"same"``, take either;
   - only ``b`` differs from base: ``"b"``, take b's;
   - only ``a`` differs from base: ``"a"``, take a's;
   - both differ from base, and from each other: ``"conflict"``.

   A stretch where neither side has anything (both deleted the same base items) yields
   nothing.

:func:`merge_groups` yields these outcomes in order as tuples::

    ("unchanged", base_items)
    ("a", a_items)
    ("b", b_items)
    ("same", a_items)                      # a_items == b_items
    ("conflict", base_items, a_items, b_items)

Every group's items are lists (slices of the inputs). Concatenating the items of every
group except conflicts, with a conflict's resolution put in its place, gives the merge.
:func:`merge` does that for the common case of wanting the merged list or to know that it
clashed.

Matching uses ``SequenceMatcher(autojunk=False)``: with autojunk on, difflib ignores items
that occur often in sequences of 200 or more items, which for text would make common
paragraphs (a repeated heading, a blank line) unmatchable and so turn clean merges into
clashes.
"""

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["SyncRegion", "merge", "merge_groups", "sync_regions"]


@dataclass(frozen=True)
class SyncRegion:
    """A stretch kept unchanged by both sides: ``base[base_start:base_end]`` equals
    ``a[a_start:a_end]`` and ``b[b_start:b_end]``. The last region of
    :func:`sync_regions` is always an empty one at the ends of all three sequences."""

    base_start: int
    base_end: int
    a_start: int
    a_end: int
    b_start: int
    b_end: int


def _kept_blocks(base, other):
    """The blocks of ``base`` that ``other`` kept, as (base_start, other_start, length),
    in order, without difflib's final empty sentinel."""
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [block for block in matcher.get_matching_blocks() if block.size]


def sync_regions(base: Sequence, a: Sequence, b: Sequence) -> list[SyncRegion]:
    """The stretches of ``base`` that both ``a`` and ``b`` kept, in order, followed by an
    empty region at the ends of all three sequences (so that whatever follows the last
    real region is handled like any other gap)."""
    kept_by_a, kept_by_b = _kept_blocks(base, a), _kept_blocks(base, b)
    regions = []
    i = j = 0
    while i < len(kept_by_a) and j < len(kept_by_b):
        a_base, a_pos, a_len = kept_by_a[i]
        b_base, b_pos, b_len = kept_by_b[j]
        start = max(a_base, b_base)
        end = min(a_base + a_len, b_base + b_len)
        if start < end:  # the two blocks overlap on base[start:end]
            a_start = a_pos + (start - a_base)
            b_start = b_pos + (start - b_base)
            length = end - start
            regions.append(
                SyncRegion(start, end, a_start, a_start + length, b_start, b_start + length)
            )
        # Move past whichever block ends first; the other may still overlap the next one.
        if a_base + a_len < b_base + b_len:
            i += 1
        else:
            j += 1
    regions.append(SyncRegion(len(base), len(base), len(a), len(a), len(b), len(b)))
    return regions


def merge_groups(base: Sequence, a: Sequence, b: Sequence) -> Iterator[tuple]:
    """Merge ``a`` and ``b``, two edited copies of ``base``, yielding the groups described
    in the module's docstring, in order."""
    base, a, b = list(base), list(a), list(b)
    base_pos = a_pos = b_pos = 0
    for region in sync_regions(base, a, b):
        # The gap before this sync region.
        base_part = base[base_pos : region.base_start]
        a_part = a[a_pos : region.a_start]
        b_part = b[b_pos : region.b_start]
        if a_part or b_part:
            if a_part == b_part:
                yield ("same", a_part)
            elif a_part == base_part:
                yield ("b", b_part)
            elif b_part == base_part:
                yield ("a", a_part)
            else:
                yield ("conflict", base_part, a_part, b_part)
        # The sync region itself.
        if region.base_end > region.base_start:
            yield ("unchanged", base[region.base_start : region.base_end])
        base_pos, a_pos, b_pos = region.base_end, region.a_end, region.b_end


def merge(base: Sequence[Hashable], a: Sequence[Hashable], b: Sequence[Hashable]):
    """Merge ``a`` and ``b`` against ``base``. Returns ``(merged list, [])`` when the
    edits do not clash, otherwise ``(None, conflicts)`` with each conflict a
    ``(base_items, a_items, b_items)`` tuple."""
    merged, conflicts = [], []
    for group in merge_groups(base, a, b):
        if group[0] == "conflict":
            conflicts.append(group[1:])
        else:
            merged.extend(group[1])
    if conflicts:
        return None, conflicts
    return merged, []
