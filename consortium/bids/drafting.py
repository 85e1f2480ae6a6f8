"""Writing a joint bid: starting it from a template, its list of sections, restoring a
section, word-level differences between versions, and the bid's history feed.

Saving a section's text goes through ``consortium.bids.save_with_merge``; every saved
change to the bid's content calls ``consortium.bids.content_changed``.
"""

import difflib

from django.db import models, transaction
from django.db.models import F, Max, Value

from consortium import events, permissions
from consortium.bids import formatting, review
from consortium.bids import versions as bids
from consortium.bids.models import (
    BidSection,
    BidTemplate,
    BudgetLine,
    ConsortiumMember,
    JointBid,
    PartnerStatement,
    SignOff,
)
from consortium.events import Event
from consortium.opportunities.models import OpportunityKind

PARAGRAPH = "\n\n"


# --- starting a bid and its sections ------------------------------------------------------------


def template_for(opportunity):
    """The template a new bid starts from: one named for tenders when bidding for a tender
    (the "Tender response" staff keep), otherwise the first (a grant application)."""
    templates = BidTemplate.objects.order_by("name", "pk")
    if opportunity is not None and opportunity.kind == OpportunityKind.TENDER:
        tender = templates.filter(name__icontains="tender").first()
        if tender is not None:
            return tender
    return templates.first()


def start_bid(consortium, template, details, user, opportunity=None):
    """A new draft bid with the template's sections copied in order."""
    with transaction.atomic():
        bid = JointBid.objects.create(
            consortium=consortium, opportunity=opportunity, created_by=user, **details
        )
        for n, section in enumerate(template.sections.all(), start=1):
            copy = BidSection(
                bid=bid,
                title=section.title,
                guidance=section.guidance,
                word_limit=section.word_limit,
                sort_order=n,
                updated_by=user,
            )
            copy._change_reason = f"Copied from the template “{template.name}”"
            copy.save()
    return bid


def add_section(bid, title, user):
    last = bid.sections.aggregate(last=Max("sort_order"))["last"] or 0
    section = BidSection.objects.create(bid=bid, title=title, sort_order=last + 1, updated_by=user)
    bids.content_changed(bid, user, f"A new section “{title}”")
    return section


def remove_section(section, user):
    bid, title = section.bid, section.title
    section.delete()
    bids.content_changed(bid, user, f"The removal of the section “{title}”")


def move_section(section, direction, user):
    """Swap the section with its neighbour above (-1) or below (+1); renumbers from 1."""
    ordered = list(section.bid.sections.order_by("sort_order", "pk"))
    i = next(n for n, s in enumerate(ordered) if s.pk == section.pk)
    j = i + direction
    if not 0 <= j < len(ordered):
        return False
    ordered[i], ordered[j] = ordered[j], ordered[i]
    with transaction.atomic():
        for n, s in enumerate(ordered, start=1):
            if s.sort_order != n:
                s.sort_order = n
                s.save(update_fields=["sort_order", "updated_at"])
    bids.content_changed(section.bid, user, "The order of the sections")
    return True


def change_section_settings(section, changes, user):
    """Title, word limit, assigned organisation, due date; tells a newly assigned partner."""
    newly_assigned = (
        changes.get("assigned_to") is not None
        and changes["assigned_to"].pk != section.assigned_to_id
    )
    for name, value in changes.items():
        setattr(section, name, value)
    section.version += 1
    section.updated_by = user
    section.save()
    bids.content_changed(section.bid, user, f"The section “{section.title}”")
    if newly_assigned:
        events.announce(Event.SECTION_ASSIGNED, section=section)
    return section


def words_over(section, body):
    """How many words ``body`` is over the section's limit (0 when within it)."""
    if section.word_limit is None:
        return 0
    return max(0, len(formatting.plain_words(body)) - section.word_limit)


def restore_section(section, record, user):
    """Put back the text of an earlier version; the restore is itself a new version."""
    with transaction.atomic():
        current = BidSection.objects.select_for_update().get(pk=section.pk)
        current.body = record.body
        current.version = current.version + 1
        current.updated_by = user
        current._change_reason = f"Restored version {record.version}"
        current.save()
        current.refresh_from_db()
    bids.content_changed(current.bid, user, f"The section “{current.title}”")
    return current


# --- word-level differences ---------------------------------------------------------------------


def _words(text):
    """Words of the Markdown source, with a paragraph mark between blocks (paragraphs,
    headings, list items, table rows) so the layout survives the diff."""
    tokens = []
    for n, paragraph in enumerate(formatting.blocks(text)):
        if n:
            tokens.append(PARAGRAPH)
        tokens.extend(paragraph.split())
    return tokens


def word_diff(old, new):
    """[(kind, text)] with kind "same", "del" or "ins"; paragraphs come as (kind, "\\n\\n")."""
    a, b = _words(old), _words(new)
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(("same", w) for w in a[i1:i2])
        if op in ("delete", "replace"):
            out.extend(("del", w) for w in a[i1:i2])
        if op in ("insert", "replace"):
            out.extend(("ins", w) for w in b[j1:j2])
    return out


def diff_paragraphs(old, new):
    """The word diff grouped into paragraphs: [[(kind, word), ...], ...] for templates."""
    paragraphs, current = [], []
    for kind, word in word_diff(old, new):
        if word == PARAGRAPH:
            if current:
                paragraphs.append(current)
            current = []
        else:
            current.append((kind, word))
    if current:
        paragraphs.append(current)
    return paragraphs


# --- the bid's history --------------------------------------------------------------------------

KINDS = {
    "bid": "Bid details",
    "section": "Section",
    "line": "Budget line",
    "statement": "Partner's statement",
    "sign-off": "Sign-off",
    "member": "Consortium member",
    "response": "Answer to sign-off",
}
ACTIONS = {"+": "Added", "~": "Changed", "-": "Removed"}


def _feed(queryset, kind, label):
    # No ordering in the parts: SQL orders the union as a whole.
    return (
        queryset.order_by()
        .annotate(
            kind=Value(kind, output_field=models.CharField()),
            label=label,
        )
        .values(*review.FEED_COLUMNS)
    )


def bid_history(user, bid):
    """Every change to the bid, its sections, budget lines, statements, sign-offs and the
    consortium's members, newest first, as one queryset of dicts (a SQL union).

    Budget lines the user may not see (another partner's private lines) are left out.
    """
    lines = BudgetLine.history.filter(bid_id=bid.pk)
    mine = _places_unless_all_seen(user, bid)
    if mine is not None:
        ever_private = BudgetLine.history.filter(bid_id=bid.pk, is_private=True).exclude(
            organisation_id__in=mine
        )
        lines = lines.exclude(id__in=ever_private.values("id"))
    parts = [
        _feed(JointBid.history.filter(id=bid.pk), "bid", F("title")),
        _feed(BidSection.history.filter(bid_id=bid.pk), "section", F("title")),
        _feed(lines, "line", F("description")),
        _feed(PartnerStatement.history.filter(bid_id=bid.pk), "statement", F("organisation__name")),
        _feed(SignOff.history.filter(bid_id=bid.pk), "sign-off", F("organisation__name")),
        _feed(
            ConsortiumMember.history.filter(consortium_id=bid.consortium_id),
            "member",
            F("organisation__name"),
        ),
        review.history_feed(bid),
    ]
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-history_date", "-history_id")


def _places_unless_all_seen(user, bid):
    """The person's organisations in the consortium, or None when they see every line."""
    if permissions.is_staff(user) or permissions.is_bid_lead(user, bid):
        return None
    return sorted(permissions.consortium_places(user, bid.consortium))


def bid_history_key(user, bid):
    """Everything the SQL of ``bid_history(user, bid)`` depends on, as a key for keeping it
    compiled (``consortium.compiled``)."""
    mine = _places_unless_all_seen(user, bid)
    return ("bid-history", bid.pk, bid.consortium_id, None if mine is None else tuple(mine))


def describe(rows):
    """Add who and what to a page of history rows (one query for the people)."""
    from django.contrib.auth import get_user_model

    ids = {row["history_user_id"] for row in rows if row["history_user_id"]}
    people = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)}
    for row in rows:
        person = people.get(row["history_user_id"])
        row["who"] = (person.get_full_name() or person.username) if person else "Shoal"
        row["kind_label"] = KINDS[row["kind"]]
        row["action"] = ACTIONS.get(row["history_type"], "Changed")
    return rows
