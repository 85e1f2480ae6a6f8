"""The to-do page's section review kinds: sections to review, and sections returned to their
writers (their items are made with the other kinds of section, in
``consortium.members.todo_sections``)."""

from consortium.bids.models import BidSection
from consortium.bids.workflow import EDITABLE
from consortium.permissions import todo as rules


def to_review(user, today):
    return BidSection.objects.filter(rules.sections_to_review(user), bid__state__in=EDITABLE)


def returned(user, today):
    return BidSection.objects.filter(rules.sections_returned_to(user), bid__state__in=EDITABLE)
