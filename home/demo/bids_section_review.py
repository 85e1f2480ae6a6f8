"""Demo of section review on the draft bid "Riverside: nobody alone": sections in every state
(not started, drafting, in review, changes asked, approved), each with a reviewer, and one
returned with a note on its first paragraph. Made through the same services the section page
uses. Idempotent."""

from consortium.bids import section_review
from consortium.models import BidSection, JointBid, Organisation

from .bids import LEAD_ORGANISATION, _text, _write_section
from .site import ensure_user

DRAFT_BID = "Riverside: nobody alone"
RETURN_NOTE = (
    "Please say how many people the befriending reaches each month, and which days the "
    "groups meet: the funder asks for both."
)


def _reviewed_by(section, reviewer):
    BidSection.objects.filter(pk=section.pk).update(reviewer=reviewer)
    section.reviewer = reviewer
    return section


def _written(section, writer):
    if not section.body.strip():
        _write_section(section, writer, _text(section.title))
    return BidSection.objects.select_related("bid").get(pk=section.pk)


def load_bids_section_review():
    bid = JointBid.objects.filter(title=DRAFT_BID).first()
    if bid is None or bid.sections.filter(reviewer__isnull=False).exists():
        return
    lead, partner, ruth, lily = (ensure_user(n) for n in ("lead", "partner", "ruth", "lily"))
    # The first three sections carry the comments and formatting demos; these are the next five.
    sections = list(bid.sections.order_by("sort_order", "pk")[3:8])
    if len(sections) < 5:
        return
    in_review, returned, approved, drafting, not_started = sections

    section_review.mark_ready(_reviewed_by(_written(in_review, lead), ruth), lead)

    returned = _reviewed_by(_written(returned, partner), lead)
    section_review.mark_ready(returned, partner)
    kitchen = Organisation.objects.get(name=LEAD_ORGANISATION)
    section_review.return_with_comments(returned, lead, kitchen.pk, RETURN_NOTE, 1)

    approved = _reviewed_by(_written(approved, lead), ruth)
    section_review.mark_ready(approved, lead)
    section_review.approve(approved, ruth)

    _reviewed_by(_written(drafting, lead), lily)
    _reviewed_by(not_started, ruth)
