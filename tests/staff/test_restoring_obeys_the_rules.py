"""Restoring an earlier version in the admin is a new save through the same rules as any
edit: what an edit could not do, a restore cannot do either, and the preview says why."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from consortium.brokerage import availability as volunteering
from consortium.brokerage import rules as brokerage
from consortium.buying.models import Pledge, Scheme, SchemeStatus
from consortium.history import kinds_with_restore_rules
from consortium.models import (
    BidState,
    ListingStatus,
    Match,
    MatchStatus,
    Membership,
    MembershipStatus,
    Organisation,
    Reply,
    Role,
    Verdict,
)
from tests.bids.world import make_bid_world
from tests.brokerage.availability_world import make_availability
from tests.factories import UserFactory
from tests.staff.helpers import listing

pytestmark = pytest.mark.django_db

REFUSED = "This version cannot be restored"
RESTORE_BUTTON = "Yes, restore this version"


def restore_url(obj, record):
    opts = obj._meta
    args = [opts.app_label, opts.model_name, obj.pk, record.history_id]
    return reverse("consortium_staff:restore", args=args)


def completed_match(personas):
    """A listing whose reply was accepted and whose match both sides said happened."""
    offer = listing(personas.organisation, posted_by=personas.org_admin)
    reply = Reply.objects.create(
        listing=offer,
        user=personas.other_member,
        organisation=personas.other_organisation,
        message="We would love the tables",
    )
    match = brokerage.accept_reply(reply, personas.org_admin)
    brokerage.confirm_match(match, "owner", Verdict.COMPLETED, {"items": 12})
    brokerage.confirm_match(match, "responder", Verdict.COMPLETED, {"items": 12})
    offer.refresh_from_db()
    match.refresh_from_db()
    assert offer.status == ListingStatus.MATCHED and match.status == MatchStatus.COMPLETED
    return offer, match


def test_the_preview_refuses_to_reopen_a_listing_whose_match_is_completed(staff_client, personas):
    offer, _ = completed_match(personas)
    page = staff_client.get(restore_url(offer, offer.history.earliest())).content.decode()
    assert f"{REFUSED}: its match is completed, so the listing must stay matched." in page
    assert RESTORE_BUTTON not in page


def test_a_forced_restore_of_a_matched_listings_first_version_changes_nothing(
    staff_client, personas
):
    offer, _ = completed_match(personas)
    versions = offer.history.count()
    response = staff_client.post(restore_url(offer, offer.history.earliest()))
    assert response.status_code == 400
    assert "its match is completed" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == ListingStatus.MATCHED
    assert offer.history.count() == versions


def test_a_listings_earlier_wording_can_still_be_restored_while_its_match_stands(
    staff_client, personas
):
    offer, _ = completed_match(personas)
    offer.title = "Tables (all gone)"
    offer.save()
    before_rename = offer.history.order_by("-history_date", "-history_id")[1]
    assert RESTORE_BUTTON in staff_client.get(restore_url(offer, before_rename)).content.decode()
    assert staff_client.post(restore_url(offer, before_rename)).status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Folding tables to lend" and offer.status == ListingStatus.MATCHED


def test_a_withdrawn_availability_is_not_reopened_from_its_history(staff_client, personas):
    offered = make_availability(personas.volunteer)
    volunteering.withdraw(offered)
    page = staff_client.get(restore_url(offered, offered.history.earliest())).content.decode()
    assert f"{REFUSED}: the availability is withdrawn; only the volunteer withdraws" in page
    assert RESTORE_BUTTON not in page


def test_a_completed_match_is_counted_and_cannot_be_restored_at_all(staff_client, personas):
    _, match = completed_match(personas)
    response = staff_client.post(restore_url(match, match.history.earliest()))
    assert response.status_code == 400
    assert "counted in the impact figures" in response.content.decode()
    assert Match.objects.get(pk=match.pk).status == MatchStatus.COMPLETED


def test_a_rejected_listing_is_not_approved_again_by_restoring(staff_client, personas):
    offer = listing(personas.organisation)
    brokerage.reject_listing(offer, personas.staff, "Spam")
    page = staff_client.get(restore_url(offer, offer.history.earliest())).content.decode()
    assert f"{REFUSED}: the listing is rejected" in page
    assert RESTORE_BUTTON not in page


def test_a_pledge_cannot_be_restored_once_its_scheme_has_closed(staff_client, personas):
    today = timezone.localdate()
    scheme = Scheme.objects.create(
        title="Heating oil 2027",
        coordinator=personas.organisation,
        commodity="heating-oil",
        unit="litres",
        target_total=Decimal("10000"),
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
        status=SchemeStatus.OPEN,
    )
    pledge = Pledge.objects.create(
        scheme=scheme, organisation=personas.other_organisation, quantity=Decimal("500")
    )
    pledge.quantity = Decimal("800")
    pledge.save()
    scheme.status = SchemeStatus.ORDERED
    scheme.save()
    response = staff_client.post(restore_url(pledge, pledge.history.earliest()))
    assert response.status_code == 400
    assert "pledges can no longer be made, changed or withdrawn" in response.content.decode()
    assert Pledge.objects.get(pk=pledge.pk).quantity == Decimal("800")


def test_restoring_cannot_leave_an_organisation_without_an_admin(staff_client, personas):
    pantry = Organisation.objects.create(name="Castle Ward Food Pantry")
    user = UserFactory(username="pantry-admin")
    membership = Membership.objects.create(
        user=user, organisation=pantry, status=MembershipStatus.REQUESTED
    )
    membership.status = MembershipStatus.APPROVED
    membership.role = Role.ADMIN
    membership.save()
    response = staff_client.post(restore_url(membership, membership.history.earliest()))
    assert response.status_code == 400
    assert "must keep at least one organisation admin" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN and membership.status == MembershipStatus.APPROVED


def test_a_submitted_bid_cannot_be_restored():
    world = make_bid_world()
    bid = world.bid
    bid.title = "Later Life Advice Network (final)"
    bid.state = BidState.SUBMITTED
    bid.save()
    staff = world.client("staff")
    page = staff.get(restore_url(bid, bid.history.earliest())).content.decode()
    assert f"{REFUSED}: the bid is submitted; what was sent never changes afterwards." in page
    assert RESTORE_BUTTON not in page
    assert staff.post(restore_url(bid, bid.history.earliest())).status_code == 400
    bid.refresh_from_db()
    assert bid.title == "Later Life Advice Network (final)"


def test_every_kind_of_record_with_a_history_has_restore_rules():
    with_history = {
        model._meta.label
        for model in apps.get_models()
        if hasattr(model, "history") and not model._meta.label.split(".")[1].startswith("Hist")
    }
    assert with_history == {model._meta.label for model in kinds_with_restore_rules()}
