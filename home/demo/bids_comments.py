"""Demo comments on the draft bid "Riverside: nobody alone": a thread with replies on one
paragraph of the partner's section, a resolved thread, and a comment whose paragraph was
rewritten since (it shows the words it was on)."""

from django.contrib.auth import get_user_model

from consortium import permissions
from consortium.bids import comments
from consortium.bids import versions as bids
from consortium.models import BidSection, JointBid, SectionComment
from home.demo.bids import _write_section

DRAFT = "Riverside: nobody alone"
FIRST = [
    "Kingfisher Repair Café runs the weekly drop-in at the Wharf Street kitchen, with two "
    "paid sessional workers and twelve volunteers.",
    "Referrals come from the GP surgeries, the housing team and people themselves; each person "
    "is called back within two working days.",
    "We will visit people at home in the first month when they cannot come to the drop-in.",
]
REWRITTEN = "Home visits start in month three, once the volunteers are trained and checked."


def load_bid_comments():
    bid = JointBid.objects.filter(title=DRAFT).first()
    if bid is None:
        return
    section = bid.sections.order_by("sort_order", "pk")[1]
    if section.comments.exclude(anchor_hash="").exists():
        return
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["lead", "partner"])
    }
    lead, partner = users["lead"], users["partner"]
    lead_org = next(iter(permissions.consortium_places(lead, bid.consortium)), None)
    partner_org = next(iter(permissions.consortium_places(partner, bid.consortium)), None)

    _write_section(section, partner, bids.join_paragraphs(FIRST))
    section = BidSection.objects.get(pk=section.pk)

    def on(number, author, organisation, body):
        return SectionComment.objects.create(
            section=section,
            author=author,
            organisation_id=organisation,
            body=body,
            **comments.anchor_fields(section.body, number),
        )

    thread = on(2, lead, lead_org, "How many referrals a month do we expect from the surgeries?")
    answer = comments.reply(thread, partner, partner_org, "About 25, from last year's figures.")
    comments.reply(answer, lead, lead_org, "Good: please put the 25 in the text.")

    resolved = on(1, lead, lead_org, "Say how many volunteers, not “a team”.")
    comments.resolve(resolved, partner)

    on(3, lead, lead_org, "The funder asks for DBS checks before any home visit.")
    _write_section(section, partner, bids.join_paragraphs([*FIRST[:2], REWRITTEN]))
