"""A partner asked to sign off may instead request changes (the bid goes back to internal
review) or decline to take part (back to draft). Either voids the sign-offs given so far, is
kept as a dated record, tells the lead, shows on the bid's history and, to the lead, on the
bid page. A partner that declined blocks the next request for sign-off until the lead
removes it or it joins again."""

import pytest
from django.urls import reverse
from django.utils import timezone

from consortium.bids import moves, review
from consortium.bids import versions as bids
from consortium.bids.workflow import TransitionRefused
from consortium.models import (
    BidState,
    ConsortiumMember,
    InvitationStatus,
    JointBid,
    ResponseKind,
    SignOff,
    SignOffResponse,
)
from tests.bids.world import BID_PERSONAS, make_bid_world, make_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    world = make_bid_world()
    JointBid.objects.filter(pk=world.bid.pk).update(state=BidState.AWAITING_SIGN_OFF)
    world.bid.refresh_from_db()
    make_ready(world.bid)
    return world


def changes_url(bid):
    return reverse("bids:request_changes", args=[bid.slug])


def decline_url(bid):
    return reverse("bids:decline_to_take_part", args=[bid.slug])


def ask_for_changes(w, persona="partner", reason="The delivery plan leaves out Tuesdays.", **data):
    return w.client(persona).post(changes_url(w.bid), {"reason": reason, **data})


def test_the_sign_off_page_offers_request_changes_beside_signing_off(w):
    page = w.client("partner").get(reverse("bids:sign_off", args=[w.bid.slug])).content.decode()
    assert "Sign off version 1" in page
    assert "Request changes" in page and changes_url(w.bid) in page
    assert "Decline to take part" in page and decline_url(w.bid) in page


def test_the_lead_and_the_subcontractor_are_not_offered_request_changes(w):
    for persona in ("lead", "subcontractor"):
        url = reverse("bids:sign_off", args=[w.bid.slug])
        page = w.client(persona).get(url).content.decode()
        assert changes_url(w.bid) not in page


def test_a_partner_requests_changes_naming_a_section_and_the_bid_goes_back_to_review(w):
    bids.sign_off(w.bid, w.lead_org, w.lead)
    delivery = w.sections[1]
    response = ask_for_changes(w, sections=[delivery.pk])
    assert response.status_code == 302
    w.bid.refresh_from_db()
    assert w.bid.state == BidState.INTERNAL_REVIEW
    answer = SignOffResponse.objects.get()
    assert answer.organisation == w.partner_org and answer.person == w.partner
    assert answer.answer == ResponseKind.CHANGES and answer.bid_version == 1
    assert list(answer.sections.all()) == [delivery]
    assert answer.created_at is not None
    assert not SignOff.objects.filter(voided_at__isnull=True).exists()  # the lead's is voided


def test_a_request_for_changes_without_a_reason_gets_a_clear_error(w):
    response = ask_for_changes(w, reason="  ")
    assert response.status_code == 200
    assert "Enter what needs to change" in response.content.decode()
    assert not SignOffResponse.objects.exists()
    w.bid.refresh_from_db()
    assert w.bid.state == BidState.AWAITING_SIGN_OFF


def test_a_reason_that_is_too_long_says_the_limit_and_the_count(w):
    response = ask_for_changes(w, reason="x" * 2001)
    assert response.status_code == 200
    assert "Your reason must be 2,000 characters or fewer (it has 2,001)" in (
        response.content.decode()
    )
    assert not SignOffResponse.objects.exists()


def test_a_section_of_another_bid_is_refused_on_the_form(w):
    response = ask_for_changes(w, sections=["999999"])
    assert response.status_code == 200
    assert "Choose only sections of this bid" in response.content.decode()


def test_a_partner_declines_to_take_part_and_the_bid_goes_back_to_draft(w):
    response = w.client("partner").post(decline_url(w.bid), {"reason": "We lost our funding."})
    assert response.status_code == 302
    w.bid.refresh_from_db()
    assert w.bid.state == BidState.DRAFT
    answer = SignOffResponse.objects.get()
    assert answer.answer == ResponseKind.DECLINED and answer.reason == "We lost our funding."


def test_declining_without_a_reason_gets_a_clear_error(w):
    response = w.client("partner").post(decline_url(w.bid), {"reason": ""})
    assert response.status_code == 200
    assert "Enter why you are declining to take part" in response.content.decode()


@pytest.mark.parametrize("persona", ["non_member", "subcontractor", "lead", "staff"])
def test_only_a_partner_asked_to_sign_may_request_changes(w, persona):
    response = ask_for_changes(w, persona)
    assert response.status_code in (403, 404)
    assert not SignOffResponse.objects.exists()


def test_the_engine_refuses_the_lead_a_partners_move(w):
    with pytest.raises(TransitionRefused):
        review.respond(w.bid, w.lead_org, w.lead, ResponseKind.DECLINED, "No")
    assert not SignOffResponse.objects.exists()


def test_nobody_may_request_changes_once_the_bid_is_no_longer_awaiting_sign_off(w):
    JointBid.objects.filter(pk=w.bid.pk).update(state=BidState.INTERNAL_REVIEW)
    response = ask_for_changes(w)
    assert response.status_code == 302
    assert not SignOffResponse.objects.exists()


def test_the_leads_people_are_emailed_the_reason(w, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_changes(w, sections=[w.sections[1].pk])
    told = [m for m in mailoutbox if "asked for changes" in m.subject]
    assert [m.to for m in told] == [[w.lead.email]]
    assert "The delivery plan leaves out Tuesdays." in told[0].body
    assert "Sections concerned: Delivery plan" in told[0].body


def test_the_history_says_who_asked_for_changes_and_why(w):
    ask_for_changes(w)
    page = w.client("partner").get(reverse("bids:history", args=[w.bid.slug])).content.decode()
    assert "Millbank Advice Centre asked for changes: The delivery plan leaves out Tuesdays." in (
        page
    )


def test_the_history_says_who_declined(w):
    w.client("partner").post(decline_url(w.bid), {"reason": "No capacity this year."})
    page = w.client("lead").get(reverse("bids:history", args=[w.bid.slug])).content.decode()
    assert "Millbank Advice Centre declined to take part: No capacity this year." in page


def test_the_lead_sees_the_latest_request_on_the_bid_page_and_partners_do_not(w):
    ask_for_changes(w)
    page = w.client("lead").get(w.bid.get_absolute_url()).content.decode()
    assert "Millbank Advice Centre asked for changes" in page
    assert "The delivery plan leaves out Tuesdays." in page
    page = w.client("subcontractor").get(w.bid.get_absolute_url()).content.decode()
    assert "asked for changes" not in page


def test_a_declined_partner_blocks_asking_for_sign_off_until_removed(w):
    w.client("partner").post(decline_url(w.bid), {"reason": "No capacity."})
    w.bid.refresh_from_db()
    moves.move(w.bid, BidState.INTERNAL_REVIEW, w.lead)
    with pytest.raises(TransitionRefused, match="Millbank Advice Centre"):
        moves.move(w.bid, BidState.AWAITING_SIGN_OFF, w.lead)
    ConsortiumMember.objects.filter(organisation=w.partner_org).update(status=InvitationStatus.LEFT)
    moves.move(w.bid, BidState.AWAITING_SIGN_OFF, w.lead)
    assert w.bid.state == BidState.AWAITING_SIGN_OFF


def test_a_declined_partner_that_joins_again_no_longer_blocks(w):
    w.client("partner").post(decline_url(w.bid), {"reason": "No capacity."})
    w.bid.refresh_from_db()
    moves.move(w.bid, BidState.INTERNAL_REVIEW, w.lead)
    ConsortiumMember.objects.filter(organisation=w.partner_org).update(responded_at=timezone.now())
    moves.move(w.bid, BidState.AWAITING_SIGN_OFF, w.lead)
    assert w.bid.state == BidState.AWAITING_SIGN_OFF


def test_an_answer_is_never_edited(w):
    ask_for_changes(w)
    answer = SignOffResponse.objects.get()
    answer.reason = "Something else"
    with pytest.raises(ValueError):
        answer.save()


# --- who gets what (for tests/members/test_members_access.py) ---------------------------------


def make_access_personas():
    world = make_bid_world()
    JointBid.objects.filter(pk=world.bid.pk).update(state=BidState.AWAITING_SIGN_OFF)
    world.bid.refresh_from_db()
    return world


ACCESS_PERSONAS = BID_PERSONAS
ANSWERERS = {
    "anonymous": 302,
    "non_member": 404,
    "partner": 200,
    "subcontractor": 403,
    "lead": 403,
    "staff": 403,
}
ACCESS = [
    ("the request-changes form", lambda w: changes_url(w.bid), ANSWERERS),
    ("the decline form", lambda w: decline_url(w.bid), ANSWERERS),
]


@pytest.mark.parametrize("persona", BID_PERSONAS)
@pytest.mark.parametrize("description, build, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_each_person_gets_what_they_may_of_the_answers(persona, description, build, expected):
    world = make_access_personas()
    response = world.client(persona).get(build(world))
    assert response.status_code == expected[persona], f"{persona} on {description}"


def test_the_lead_cannot_take_a_partners_move_through_the_move_page(w):
    url = reverse("bids:move", args=[w.bid.slug]) + "?target=draft"
    response = w.client("lead").get(url)
    assert response.status_code == 302 and response["Location"] == w.bid.get_absolute_url()
    w.bid.refresh_from_db()
    assert w.bid.state == BidState.AWAITING_SIGN_OFF
