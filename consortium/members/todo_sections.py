"""The to-do page's four kinds of bid section, read in one query: sections to write, sections
with open comments, sections to review and sections returned to their writers.

Each kind keeps its own rule (``kinds`` in ``consortium.members.todo``): the query reads the
sections in any of them, says for each section which kinds it is in, and the items are shared
out by kind, each kind in its own order."""

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import reverse

from consortium import compiled
from consortium.bids import comments
from consortium.bids.models import BidSection

KINDS = ("sections", "commented", "to_review", "returned")


def query(user, today, queries):
    """Every section of the four kinds, with ``in_<kind>`` for each kind and the number of
    open comments, ordered by bid title and place in the bid."""
    parts = {key: queries[key](user, today).order_by().values("pk") for key in KINDS}
    first, *rest = parts.values()
    return (
        # A union of the kinds' keys, so that each kind reads its own index (see ``_either``).
        BidSection.objects.filter(pk__in=first.union(*rest))
        .annotate(
            **{
                f"in_{key}": ExpressionWrapper(Q(pk__in=part), output_field=BooleanField())
                for key, part in parts.items()
            },
            open_comments=comments.open_count(),
        )
        .select_related("bid", "assigned_to", "reviewer")
        .order_by("bid__title", "sort_order", "pk")
    )


def items(user, today, key, queries, item):
    """{kind: its items} for the four kinds, from one query (compiled once for ``key``)."""
    sections = compiled.rows(("todo", "sections", key, today), lambda: query(user, today, queries))
    to_write = sorted(
        (s for s in sections if s.in_sections), key=lambda s: (s.due_on is None, s.due_on, s.pk)
    )
    return {
        "sections": [_to_write(section, item) for section in to_write],
        "commented": [_commented(section, item) for section in sections if section.in_commented],
        "to_review": [_to_review(section, item) for section in sections if section.in_to_review],
        "returned": [_returned(section, item) for section in sections if section.in_returned],
    }


def _to_write(section, item):
    return item(
        title=section.title,
        detail=f"In the bid “{section.bid.title}”, {section.get_status_display().lower()}",
        url=reverse("bids:section", args=[section.bid.slug, section.pk]),
        action="Write the section",
        due=section.due_on,
    )


def _commented(section, item):
    return item(
        title=section.title,
        detail=f"In the bid “{section.bid.title}”, {section.open_comments} open "
        f"comment{'' if section.open_comments == 1 else 's'}",
        url=reverse("bids:section", args=[section.bid.slug, section.pk]) + "#comments",
        action="Read and resolve the comments",
    )


def _to_review(section, item):
    return item(
        title=section.title,
        detail=f"In the bid “{section.bid.title}”, written by "
        f"{section.assigned_to.name if section.assigned_to else 'the lead'}",
        url=reverse("bids:section", args=[section.bid.slug, section.pk]) + "#review",
        action="Approve or return with comments",
        due=section.due_on,
    )


def _returned(section, item):
    reviewer = section.reviewer
    name = (reviewer.get_full_name() or reviewer.username) if reviewer else "the reviewer"
    return item(
        title=section.title,
        detail=f"In the bid “{section.bid.title}”, changes asked by {name}",
        url=reverse("bids:section", args=[section.bid.slug, section.pk]) + "#comments",
        action="Make the changes and mark it ready for review",
        due=section.due_on,
    )
