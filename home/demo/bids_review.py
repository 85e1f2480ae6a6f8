"""Demo of review and sign-off: one bid where a partner asked for changes, and one that a
partner declined to take part in (the lead must remove it or invite it back before asking
for sign-off again). Made through the same services the members' pages use. Idempotent."""

from consortium.bids import moves, review
from consortium.models import (
    BidState,
    BidTemplate,
    Consortium,
    JointBid,
    Organisation,
    ResponseKind,
    SectionStatus,
)

from .bids import (
    CONSORTIUM,
    LEAD_ORGANISATION,
    OTHER_PARTNERS,
    PARTNER_ORGANISATION,
    _new_bid,
    _text,
    _write_section,
)
from .site import ensure_user

CHANGES_BID = "Healthy minds by the river"
DECLINED_BID = "Meals on the move"


def _awaiting_sign_off(consortium, lead, title, partners, **fields):
    template = BidTemplate.objects.get(name="Grant application (ten sections)")
    bid = _new_bid(consortium, lead, title, template, partners, 14, **fields)
    for section in bid.sections.all():
        _write_section(section, lead, _text(section.title), SectionStatus.APPROVED)
    moves.move(bid, BidState.INTERNAL_REVIEW, lead)
    moves.move(bid, BidState.AWAITING_SIGN_OFF, lead)
    return bid


def load_bids_review():
    consortium = Consortium.objects.filter(name=CONSORTIUM).first()
    if consortium is None or JointBid.objects.filter(title=CHANGES_BID).exists():
        return
    by_name = {o.name: o for o in Organisation.objects.all()}
    partners = [by_name[LEAD_ORGANISATION], by_name[PARTNER_ORGANISATION]] + [
        by_name[name] for name in OTHER_PARTNERS
    ]
    lead, ruth, lily = (ensure_user(name) for name in ("lead", "ruth", "lily"))

    asked = _awaiting_sign_off(
        consortium, lead, CHANGES_BID, partners, summary="Peer support groups by the river."
    )
    delivery = asked.sections.order_by("sort_order")[1]
    review.respond(
        asked,
        by_name["Riverside Befrienders"],
        ruth,
        ResponseKind.CHANGES,
        "The delivery plan promises weekly home visits; we can only do fortnightly ones with "
        "the volunteers we have. Please change it before we sign.",
        [delivery],
    )

    declined = _awaiting_sign_off(
        consortium, lead, DECLINED_BID, partners, summary="Hot meals delivered by volunteers."
    )
    review.respond(
        declined,
        by_name["Long Meadow Memory Café"],
        lily,
        ResponseKind.DECLINED,
        "Our kitchen is closed for refurbishment until next autumn, so we cannot cook for "
        "this project.",
    )
