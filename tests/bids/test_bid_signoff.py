"""Partners sign off the exact current version of a bid; any change afterwards voids every
sign-off and tells the partners, and the bid cannot be marked submitted until all sign
again."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from consortium.bids import moves
from consortium.bids import versions as bids
from consortium.bids.workflow import TransitionRefused
from consortium.models import BidSection, BidState, ConsortiumMember, JointBid, SignOff
from tests.bids.world import add_line, make_bid_world, make_ready
from tests.personas import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    world = make_bid_world()
    JointBid.objects.filter(pk=world.bid.pk).update(state=BidState.AWAITING_SIGN_OFF)
    world.bid.refresh_from_db()
    make_ready(world.bid)
    return world


def sign_off_url(bid):
    return reverse("bids:sign_off", args=[bid.slug])


def sign_as(w, persona, version=None, confirm=True):
    data = {"version": w.bid.version if version is None else version}
    if confirm:
        data["confirm"] = "on"
    organisation = {"lead": w.lead_org, "partner": w.partner_org, "subcontractor": w.sub_org}.get(
        persona
    )
    if organisation:
        data["organisation"] = organisation.pk
    return w.client(persona).post(sign_off_url(w.bid), data)


def test_the_sign_off_page_shows_the_version_and_fingerprint_and_asks_to_confirm(w):
    page = w.client("partner").get(sign_off_url(w.bid)).content.decode()
    fingerprint = bids.fingerprint(w.bid)
    assert f"<code>{fingerprint[:12]}</code>" in page
    assert fingerprint in page and "<details" in page
    assert "I have read the whole bid and sign it off for Millbank Advice Centre" in page
    assert "Sign off version 1" in page


def test_a_partner_signs_off_the_current_version_with_who_when_and_fingerprint(w):
    response = sign_as(w, "partner")
    assert response.status_code == 302
    record = SignOff.objects.get()
    assert record.organisation == w.partner_org and record.signed_by == w.partner
    assert record.bid_version == 1 and record.fingerprint == bids.fingerprint(w.bid)
    assert record.signed_at is not None


def test_signing_without_ticking_the_box_gets_a_clear_error(w):
    response = sign_as(w, "partner", confirm=False)
    assert response.status_code == 200
    assert "Tick the box to confirm you have read the whole bid" in response.content.decode()
    assert not SignOff.objects.exists()


def test_signing_a_version_that_changed_meanwhile_is_refused_and_says_so(w):
    bids.content_changed(w.bid, w.lead, "The section “Summary”")
    response = sign_as(w, "partner", version=1)
    assert response.status_code == 409
    assert "it is now version 2" in response.content.decode()
    assert not SignOff.objects.exists()


def test_only_admins_or_named_contacts_of_a_member_organisation_sign(w):
    colleague = make_member("pantry-volunteer", w.partner_org)  # a plain member, not a contact
    client = w.client("partner")
    client.force_login(colleague, backend="django.contrib.auth.backends.ModelBackend")
    data = {"version": 1, "confirm": "on", "organisation": w.partner_org.pk}
    assert client.post(sign_off_url(w.bid), data).status_code == 403
    ConsortiumMember.objects.get(organisation=w.partner_org).contacts.add(colleague)
    assert client.post(sign_off_url(w.bid), data).status_code == 302
    assert w.client("staff").post(sign_off_url(w.bid), data).status_code == 403
    assert SignOff.objects.count() == 1


def test_nobody_signs_off_a_bid_that_is_not_awaiting_sign_off(w):
    JointBid.objects.filter(pk=w.bid.pk).update(state=BidState.DRAFT)
    w.bid.refresh_from_db()
    assert (
        "partners sign off when the lead asks"
        in w.client("partner").get(sign_off_url(w.bid)).content.decode()
    )
    assert sign_as(w, "partner").status_code == 403


def test_the_sign_off_record_lists_every_sign_off_and_why_one_was_voided(w):
    sign_as(w, "partner")
    bids.content_changed(w.bid, w.lead, "The budget")
    page = w.client("subcontractor").get(reverse("bids:sign_offs", args=[w.bid.slug]))
    html = page.content.decode()
    record = SignOff.objects.get()
    for text in ["Millbank Advice Centre", "bid-partner", record.fingerprint[:12], "Voided"]:
        assert text in html, text
    assert "The budget changed after it was signed off." in html


def test_sign_off_end_to_end_a_change_voids_every_sign_off_and_submission_waits_for_all(
    w, django_capture_on_commit_callbacks, mailoutbox
):
    # The lead and the partner sign; a subcontractor is not party to the bid and does not.
    for persona in ["lead", "partner"]:
        assert sign_as(w, persona).status_code == 302
    assert sign_as(w, "subcontractor").status_code == 403
    assert SignOff.objects.filter(voided_at__isnull=True).count() == 2

    # The partner edits its section after signing, as the section page does.
    section = BidSection.objects.get(bid=w.bid, title="Delivery plan")
    with django_capture_on_commit_callbacks(execute=True):
        bids.save_with_merge(
            BidSection, section.pk, section.version, {"body": "A better plan."}, w.partner
        )
        bids.content_changed(w.bid, w.partner, "The section “Delivery plan”")
    assert SignOff.objects.filter(voided_at__isnull=True).count() == 0
    told = {m.to[0] for m in mailoutbox if "no longer count" in m.body}
    assert {w.lead.email, w.partner.email, w.subcontractor.email} <= told

    submit = {"target": BidState.SUBMITTED}
    refused = w.client("lead").post(reverse("bids:move", args=[w.bid.slug]), submit)
    assert refused.status_code == 302
    (note,) = [str(m) for m in get_messages(refused.wsgi_request)]
    assert note.startswith("Still to sign off this version:")
    assert JointBid.objects.get().state == BidState.AWAITING_SIGN_OFF

    w.bid.refresh_from_db()
    assert w.bid.version == 2
    sign_as(w, "lead")
    with pytest.raises(TransitionRefused, match=w.partner_org.name):
        moves.move(w.bid, BidState.SUBMITTED, w.lead)
    sign_as(w, "partner")
    done = w.client("lead").post(reverse("bids:move", args=[w.bid.slug]), submit)
    assert done.status_code == 302
    bid = JointBid.objects.get()
    assert bid.state == BidState.SUBMITTED and bid.submitted_at is not None


def test_a_budget_change_after_sign_off_voids_it_too(w):
    sign_as(w, "partner")
    w.client("partner").post(
        reverse("bids:budget_add", args=[w.bid.slug]),
        {
            "organisation": w.partner_org.pk,
            "category": "staff",
            "description": "Cook",
            "year": "1",
            "amount": "100",
        },
    )
    assert SignOff.objects.get().voided_at is not None


def test_reopening_for_changes_voids_sign_offs_and_tells_partners(
    w, django_capture_on_commit_callbacks, mailoutbox
):
    sign_as(w, "partner")
    with django_capture_on_commit_callbacks(execute=True):
        moves.move(w.bid, BidState.INTERNAL_REVIEW, w.lead)
    assert SignOff.objects.get().voided_at is not None
    bodies = " ".join(m.body for m in mailoutbox)
    assert "no longer count" in bodies


def test_the_fingerprint_changes_with_the_content_and_only_with_it(w):
    before = bids.fingerprint(w.bid)
    assert bids.fingerprint(JointBid.objects.get()) == before
    add_line(w.bid, w.partner_org, 10)
    assert bids.fingerprint(w.bid) != before
