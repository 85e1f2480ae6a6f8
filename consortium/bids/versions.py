"""Joint bids: content versions, fingerprints, sign-offs, and saves that never lose work.

Every form that edits a shared part of a bid (a section, a budget line, a partner's
statement) carries the ``version`` it was opened on. Saving goes through
:func:`save_with_merge`:

- nobody else saved meanwhile: the change is saved;
- someone did, and the two changes touch different paragraphs (or different fields): both
  are kept, by a three-way merge against the version both started from, and the caller is
  told it was merged;
- they overlap: :class:`Conflict` is raised with the person's text, the other text and the
  base, and nothing is saved; the view shows both side by side and keeps what they typed.

Any saved change to a bid's content raises the bid's version and voids its sign-offs.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from consortium import events
from consortium.bids import formatting, textmerge
from consortium.bids.models import BidState, JointBid, SignOff
from consortium.events import Event

# The bid's own fields that are part of what partners sign.
BID_FIELDS = [
    "title",
    "funder",
    "programme",
    "reference",
    "deadline",
    "amount_requested",
    "start_date",
    "duration_months",
    "summary",
    "area",
]
SECTION_FIELDS = ["title", "body", "sort_order", "word_limit", "assigned_to_id"]
LINE_FIELDS = [
    "organisation_id",
    "category",
    "description",
    "year",
    "amount",
    "match_funding",
    "is_private",
]
STATEMENT_FIELDS = ["organisation_id", "role_in_bid", "delivery_areas", "capacity"]


# --- fingerprints and versions ---------------------------------------------------------------


def content(bid, sections=None, lines=None, statements=None):
    """The bid's content as plain data, in a fixed order: what a sign-off vouches for."""
    sections = sections if sections is not None else bid.sections.all()
    lines = lines if lines is not None else bid.budget_lines.all()
    statements = statements if statements is not None else bid.statements.all()

    def pick(obj, names):
        return {name: _plain(getattr(obj, name)) for name in names}

    return {
        "bid": pick(bid, BID_FIELDS),
        "sections": sorted(
            (pick(s, SECTION_FIELDS) for s in sections),
            key=lambda s: (s["sort_order"], s["title"]),
        ),
        "budget": sorted(
            (pick(line, LINE_FIELDS) for line in lines),
            key=lambda line: json.dumps(line, sort_keys=True),
        ),
        "statements": sorted(
            (pick(s, STATEMENT_FIELDS) for s in statements), key=lambda s: s["organisation_id"]
        ),
    }


def _plain(value):
    """One spelling per value, however the object was loaded: an aware datetime in UTC, an
    amount to the penny ("18500" typed and "18500.00" read back are the same money)."""
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def fingerprint(bid, **parts):
    """SHA-256 of the bid's content: the same text and numbers always give the same value."""
    data = json.dumps(content(bid, **parts), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def content_changed(bid, user, what):
    """Record that the bid's content changed: raise its version and void any sign-offs."""
    with transaction.atomic():
        current = JointBid.objects.select_for_update().get(pk=bid.pk)
        current.version += 1
        current._history_user = user
        current._change_reason = f"{what} changed"[:100]
        current.save()  # through save(), so the bid's history has a row for every version
    bid.version, bid.updated_at = current.version, current.updated_at
    void_sign_offs(bid, user, reason=f"{what} changed after it was signed off.")


def void_sign_offs(bid, user, reason):
    """Void every sign-off still standing on ``bid`` and tell the consortium."""
    standing = list(SignOff.objects.filter(bid=bid, voided_at__isnull=True))
    if not standing:
        return 0
    now = timezone.now()
    for sign_off in standing:
        sign_off.voided_at = now
        sign_off.voided_reason = reason[:200]
        sign_off._history_user = user
        sign_off._change_reason = reason[:100]
        sign_off.save(update_fields=["voided_at", "voided_reason"])
    events.announce(Event.SIGN_OFFS_VOIDED, bid=bid, reason=reason)
    return len(standing)


def state_changed(bid, previous, user):
    """Tell the consortium the bid moved; ask for sign-offs when that is the new state."""
    if bid.state == BidState.AWAITING_SIGN_OFF:
        events.announce(Event.SIGN_OFF_REQUESTED, bid=bid)
    else:
        events.announce(Event.BID_STATE_CHANGED, bid=bid, previous=BidState(previous))


def sign_off(bid, organisation, user):
    """Sign off the bid's current version for ``organisation``; returns the SignOff."""
    with transaction.atomic():
        bid = JointBid.objects.select_for_update().get(pk=bid.pk)
        SignOff.objects.filter(bid=bid, organisation=organisation, voided_at__isnull=True).exclude(
            bid_version=bid.version
        ).update(
            voided_at=timezone.now(), voided_reason="Replaced by a sign-off of a later version"
        )
        existing = SignOff.objects.filter(
            bid=bid, organisation=organisation, voided_at__isnull=True, bid_version=bid.version
        ).first()
        if existing:
            return existing
        return SignOff.objects.create(
            bid=bid,
            organisation=organisation,
            signed_by=user,
            bid_version=bid.version,
            fingerprint=fingerprint(bid),
        )


# --- merging -----------------------------------------------------------------------------------


def paragraphs(text):
    """Split text into paragraphs (blank-line separated), normalising line endings."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text:
        return []
    return [p.strip("\n") for p in text.split("\n\n") if p.strip()]


def join_paragraphs(items):
    return "\n\n".join(items)


def _merge_paragraph_by_paragraph(base, mine, theirs):
    """A three-way merge reports changes to neighbouring paragraphs as one clash. When both
    sides kept the same number of paragraphs there, take each paragraph from whichever side
    changed it; None when one paragraph was changed by both (a real clash) or paragraphs were
    added or removed."""
    if not (len(base) == len(mine) == len(theirs)):
        return None
    result = []
    for b, m, t in zip(base, mine, theirs, strict=True):
        if m in (b, t):
            result.append(t)
        elif t == b:
            result.append(m)
        else:
            return None
    return result


def merge_text(base, mine, theirs):
    """Three-way merge by block (paragraph, heading, list item, table row). Returns
    (merged text, None) or (None, the conflicts)."""
    blocks = formatting.blocks
    base_p, mine_p, theirs_p = blocks(base), blocks(mine), blocks(theirs)
    merged, conflicts = [], []
    for group in textmerge.merge_groups(base_p, mine_p, theirs_p):
        kind = group[0]
        if kind == "conflict":
            _, base_part, mine_part, theirs_part = group
            pairwise = _merge_paragraph_by_paragraph(base_part, mine_part, theirs_part)
            if pairwise is not None:  # neighbouring paragraphs, each changed by one side
                merged.extend(pairwise)
                continue
            conflicts.append(
                {
                    "base": formatting.join_blocks(base_part),
                    "mine": formatting.join_blocks(mine_part),
                    "theirs": formatting.join_blocks(theirs_part),
                }
            )
        else:
            merged.extend(group[1])
    if conflicts:
        return None, conflicts
    return formatting.join_blocks(merged), None


@dataclass
class Conflict(Exception):
    """Someone else saved an overlapping change. Nothing was saved."""

    current: object  # the object as it is now
    mine: dict  # what the person submitted
    base: dict  # the version they opened
    fields: list = field(default_factory=list)  # the fields that clash
    details: dict = field(default_factory=dict)  # per text field: the clashing paragraphs

    def __str__(self):
        return "Someone else saved a change that overlaps yours."


def _history_at(obj, version):
    """The values ``obj`` had at ``version`` (from its history), or None if unknown.

    A bid's version also rises without a history record (``content_changed`` when a section
    or line changes); its own fields were then as at the last record up to that version.
    """
    record = obj.history.filter(version__lte=version).order_by("version", "history_date").last()
    return record


def save_with_merge(model, pk, opened_version, changes, user, text_fields=("body",), reason=None):
    """Save ``changes`` (field → value) to one row, never silently overwriting another save.

    Returns ``(obj, merged)``; raises :class:`Conflict` when the changes overlap another
    save made since ``opened_version``. Text fields merge by paragraph; other fields merge
    when only one side changed them. ``reason`` is the history's note for the save.
    """
    with transaction.atomic():
        obj = model.objects.select_for_update().get(pk=pk)
        merged = False
        if obj.version != opened_version:
            record = _history_at(obj, opened_version)
            if record is None:
                raise Conflict(current=obj, mine=changes, base={}, fields=list(changes))
            resolved, clashes, details = {}, [], {}
            for name, mine in changes.items():
                base = getattr(record, name)
                theirs = getattr(obj, name)
                if mine in (base, theirs):
                    resolved[name] = theirs  # only they changed it, or both the same way
                elif base == theirs:
                    resolved[name] = mine  # only this person changed it
                elif name in text_fields:
                    text, conflicts = merge_text(base, mine, theirs)
                    if conflicts:
                        clashes.append(name)
                        details[name] = conflicts
                    else:
                        resolved[name] = text
                else:
                    clashes.append(name)
            if clashes:
                base_values = {name: getattr(record, name) for name in changes}
                raise Conflict(
                    current=obj, mine=changes, base=base_values, fields=clashes, details=details
                )
            changes = resolved
            merged = True
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.version = obj.version + 1
        if hasattr(obj, "updated_by"):
            obj.updated_by = user
        obj._history_user = user
        if merged:
            obj._change_reason = "Merged with another person's save"
        elif reason:
            obj._change_reason = reason[:100]
        obj.save()
    return obj, merged
