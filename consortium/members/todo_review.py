"""The to-do page's section review kinds: sections to review, and sections returned to their
writers. One query a kind, like every kind of ``consortium.members.todo``."""

from django.urls import reverse

from consortium.bids.models import BidSection
from consortium.bids.workflow import EDITABLE
from consortium.permissions import todo as rules


def to_review(user, today):
    return BidSection.objects.filter(rules.sections_to_review(user), bid__state__in=EDITABLE)


def returned(user, today):
    return BidSection.objects.filter(rules.sections_returned_to(user), bid__state__in=EDITABLE)


def _name(user):
    return (user.get_full_name() or user.username) if user else "the reviewer"


def to_review_items(queryset, user, item):
    sections = queryset.select_related("bid", "assigned_to").order_by("bid__title", "sort_order")
    return [
        item(
            title=section.title,
            detail=f"In the bid “{section.bid.title}”, written by "
            f"{section.assigned_to.name if section.assigned_to else 'the lead'}",
            url=reverse("bids:section", args=[section.bid.slug, section.pk]) + "#review",
            action="Approve or return with comments",
            due=section.due_on,
        )
        for section in sections
    ]


def returned_items(queryset, user, item):
    sections = queryset.select_related("bid", "reviewer").order_by("bid__title", "sort_order")
    return [
        item(
            title=section.title,
            detail=f"In the bid “{section.bid.title}”, changes asked by {_name(section.reviewer)}",
            url=reverse("bids:section", args=[section.bid.slug, section.pk]) + "#comments",
            action="Make the changes and mark it ready for review",
            due=section.due_on,
        )
        for section in sections
    ]
