"""The consortium demo: a lead and a partner who can sign in, a consortium of six
organisations, and bids in draft, awaiting sign-off and awarded, with real history."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from consortium import bids, permissions
from consortium.models import (
    BidSection,
    BidState,
    Consortium,
    ConsortiumRole,
    JointBid,
    SignOff,
)

pytestmark = pytest.mark.django_db

COUNTED = [Consortium, JointBid, BidSection, SignOff, JointBid.history.model]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())
    first = counts()
    call_command("load_demo_content", stdout=io.StringIO())
    assert counts() == first, "loading the demo a second time changed something"


def signs_in(username):
    return Client().login(request=HttpRequest(), username=username, password="shoal-demo")


def test_the_consortium_demo_has_a_lead_a_partner_and_bids_in_three_states(demo):
    consortium = Consortium.objects.get()
    assert consortium.members.active().count() >= 6
    lead_bid = JointBid.objects.get(state=BidState.DRAFT)
    User = get_user_model()
    lead, partner = User.objects.get(username="lead"), User.objects.get(username="partner")
    assert signs_in("lead") and signs_in("partner")
    assert permissions.consortium_role(lead, consortium) == ConsortiumRole.LEAD
    assert permissions.consortium_role(partner, consortium) == ConsortiumRole.PARTNER
    assert permissions.can_view_bid(partner, lead_bid)

    states = set(JointBid.objects.values_list("state", flat=True))
    assert {BidState.DRAFT, BidState.AWAITING_SIGN_OFF, BidState.AWARDED} <= states

    # Real history: sections written in several saves, the bid moved through the workflow.
    for bid in JointBid.objects.all():
        assert bid.version > 1
        assert bid.history.count() >= bid.version
    awarded = JointBid.objects.get(state=BidState.AWARDED)
    moves = set(awarded.history.values_list("history_change_reason", flat=True))
    assert {"Awaiting sign-off → Submitted", "Submitted → Awarded"} <= moves
    # Every partner signed the very version that was submitted, and the fingerprint is the
    # content's: nothing changed after signing.
    standing = awarded.sign_offs.filter(voided_at__isnull=True)
    assert standing.count() == consortium.members.active().exclude(role="subcontractor").count()
    assert {s.fingerprint for s in standing} == {bids.fingerprint(awarded)}
    waiting = JointBid.objects.get(state=BidState.AWAITING_SIGN_OFF)
    assert waiting.sign_offs.filter(voided_at__isnull=True).count() == 1
