"""An award is fixed when it is recorded: handing on the lead role afterwards changes nothing
published, and a correction is a new, dated record that says why (issue 19, item 2)."""

import datetime
import importlib
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from consortium.bids import awards, consortia
from consortium.bids.models import AwardRecordIsFixed
from consortium.models import AwardRecord, BidState, ConsortiumMember, JointBid, Organisation
from tests.bids.world import BID_PERSONAS, make_bid_world

pytestmark = pytest.mark.django_db

AWARDED_ON = datetime.datetime(2026, 11, 16, 15, 30, tzinfo=datetime.UTC)
HANDED_ON = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
CORRECTED_ON = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=datetime.UTC)


def kitchen_world():
    """The issue's consortium: Wharf Street Community Kitchen leads, Riverside Befrienders is
    a partner, and their bid has gone to the funder."""
    w = make_bid_world()
    Organisation.objects.filter(pk=w.lead_org.pk).update(name="Wharf Street Community Kitchen")
    Organisation.objects.filter(pk=w.partner_org.pk).update(name="Riverside Befrienders")
    JointBid.objects.filter(pk=w.bid.pk).update(state=BidState.SUBMITTED, version=45)
    w.bid.refresh_from_db()
    return w


@pytest.fixture
def w():
    return kitchen_world()


def record_the_award(w, amount="48,500"):
    with time_machine.travel(AWARDED_ON, tick=False):
        response = w.client("lead").post(
            reverse("bids:award", args=[w.bid.slug]),
            {"amount_awarded": amount, "award_date": "2026-11-16"},
        )
    assert response.status_code == 302
    return AwardRecord.objects.get(bid=w.bid)


def published_grant(client):
    (grant,) = client.get(reverse("open_data:threesixty_json")).json()["grants"]
    return grant


def hand_on_the_lead(w):
    riverside = ConsortiumMember.objects.get(consortium=w.consortium, organisation=w.partner_org)
    with time_machine.travel(HANDED_ON, tick=False):
        consortia.hand_on(w.consortium, riverside, w.lead)


def correct_url(w):
    return reverse("bids:correct_award", args=[w.bid.slug])


def correction(record, **changes):
    data = {
        "amount": str(record.amount),
        "award_date": record.award_date.isoformat(),
        "recipient": record.recipient_id,
        "funder_org_id": record.funder_org_id,
        "record": record.pk,
        "reason": "",
    }
    return {**data, **changes}


def test_handing_on_the_lead_leaves_a_published_grant_exactly_as_it_was(client, w):
    record_the_award(w)
    before = published_grant(client)
    assert before["recipientOrganization"][0]["name"] == "Wharf Street Community Kitchen"
    assert before["awardDate"] == "2026-11-16"
    assert before["amountAwarded"] == 48500

    hand_on_the_lead(w)

    after = published_grant(client)
    assert after == before  # the recipient, amount, dates and dateModified all unchanged
    assert after["recipientOrganization"][0]["name"] == "Wharf Street Community Kitchen"


def test_a_correction_is_a_new_dated_record_and_the_open_data_shows_it(client, w):
    first = record_the_award(w)
    published = published_grant(client)
    hand_on_the_lead(w)
    # The funder's letter named Riverside Befrienders after all: the lead corrects the award.
    form = correction(
        first,
        recipient=w.partner_org.pk,
        amount="47,500",
        reason="The funder's letter names Riverside Befrienders, for £47,500.",
    )
    with time_machine.travel(CORRECTED_ON, tick=False):
        response = w.client("staff").post(correct_url(w), form)
    assert response.status_code == 302

    grant = published_grant(client)
    assert grant["id"] == published["id"]
    assert grant["recipientOrganization"][0]["name"] == "Riverside Befrienders"
    assert grant["amountAwarded"] == 47500
    assert grant["dateModified"] > published["dateModified"]
    assert grant["dateModified"].startswith("2026-11-24")

    latest = awards.current(w.bid)
    assert latest.supersedes == first and latest.reason.startswith("The funder's letter")
    first.refresh_from_db()
    assert (first.recipient_name, first.amount) == ("Wharf Street Community Kitchen", 48500)
    page = w.client("lead").get(w.bid.get_absolute_url()).content.decode()
    assert "Riverside Befrienders" in page and "as a correction" in page


def test_an_award_record_refuses_to_be_changed(w):
    record = record_the_award(w)
    record.amount = Decimal("1")
    with pytest.raises(AwardRecordIsFixed):
        record.save()
    with pytest.raises(AwardRecordIsFixed):
        AwardRecord.objects.filter(pk=record.pk).update(recipient_name="Someone else")
    assert AwardRecord.objects.get(pk=record.pk).amount == Decimal("48500")


def test_a_correction_must_say_why_and_must_change_something(w):
    record = record_the_award(w)
    lead = w.client("lead")
    page = lead.post(correct_url(w), correction(record, amount="40000")).content.decode()
    assert "Say why the award is corrected" in page
    same = correction(record, reason="Checking it again")
    page = lead.post(correct_url(w), same).content.decode()
    assert "Nothing differs from the award as recorded" in page
    page = lead.post(correct_url(w), correction(record, amount="£1,2,3", reason="x"))
    assert "with commas only between thousands" in page.content.decode()
    page = lead.post(correct_url(w), correction(record, funder_org_id="charity 123", reason="x"))
    assert "Enter an org-id such as GB-CHC-1090095" in page.content.decode()
    assert AwardRecord.objects.filter(bid=w.bid).count() == 1


def test_a_correction_sent_from_a_stale_page_keeps_what_was_typed_and_asks_again(w):
    first = record_the_award(w)
    awards.correct(first, w.staff, reason="The letter says £48,000.", amount=Decimal("48000"))
    stale = correction(first, amount="47,000", reason="The letter says £47,000.")
    response = w.client("lead").post(correct_url(w), stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone corrected this award after you opened the page" in page
    assert "The letter says £47,000." in page and 'value="47,000"' in page
    assert AwardRecord.objects.filter(bid=w.bid).count() == 2
    assert awards.current(w.bid).amount == Decimal("48000")


def test_a_bid_with_no_award_recorded_has_nothing_to_correct(w):
    response = w.client("lead").get(correct_url(w))
    assert response.status_code == 302 and response["Location"] == w.bid.get_absolute_url()


def test_bids_awarded_before_records_existed_get_one_as_the_open_data_showed_them(w):
    JointBid.objects.filter(pk=w.bid.pk).update(
        state=BidState.AWARDED, amount_awarded=Decimal("30000"), award_date=AWARDED_ON.date()
    )
    bid = JointBid.objects.get(pk=w.bid.pk)
    migration = importlib.import_module("consortium.migrations.0016_award_records")
    migration.record_awarded_bids(apps, None)
    (record,) = AwardRecord.objects.filter(bid=bid)
    assert record.recipient_name == "Wharf Street Community Kitchen"
    assert record.amount == Decimal("30000") and record.award_date == AWARDED_ON.date()
    assert record.recorded_at == bid.updated_at


# --- who gets what (tests/members/test_members_access.py gathers this) -----------------------


def _awarded(w):
    JointBid.objects.filter(pk=w.bid.pk).update(
        state=BidState.AWARDED, amount_awarded=Decimal("30000"), award_date=AWARDED_ON.date()
    )
    w.bid.refresh_from_db()
    if not AwardRecord.objects.filter(bid=w.bid).exists():
        awards.record(w.bid, w.lead)
    return w.bid


ACCESS_PERSONAS = BID_PERSONAS
make_access_personas = make_bid_world
MOVERS = {
    "anonymous": 302,
    "non_member": 404,
    "partner": 403,
    "subcontractor": 403,
    "lead": 200,
    "staff": 200,
}
ACCESS = [
    (
        "correcting the award",
        lambda w: reverse("bids:correct_award", args=[_awarded(w).slug]),
        MOVERS,
    ),
]


@pytest.mark.parametrize("persona", BID_PERSONAS)
def test_only_the_lead_and_staff_correct_an_award(persona):
    w = make_bid_world()
    (_, build, expected), *_ = ACCESS
    assert w.client(persona).get(build(w)).status_code == expected[persona]


def test_deleting_the_person_who_recorded_an_award_keeps_the_record(w):
    record = record_the_award(w)
    w.lead.delete()
    kept = AwardRecord.objects.get(pk=record.pk)
    assert kept.recorded_by is None and kept.recipient_name == "Wharf Street Community Kitchen"
