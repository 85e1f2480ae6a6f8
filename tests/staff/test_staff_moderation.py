"""Brokerage staff in the Wagtail admin: the moderation queue of listings and reports."""

import pytest
from django.urls import reverse

from consortium.models import ListingReport, ListingStatus, Moderation
from tests.personas import client_for
from tests.staff.helpers import listing

pytestmark = pytest.mark.django_db


# --- moderation -------------------------------------------------------------------------------


def test_staff_approve_a_waiting_listing_from_the_queue(staff_client, personas):
    waiting = listing(personas.organisation, moderation=Moderation.PENDING)
    queue = staff_client.get(reverse("consortium_staff:moderation")).content.decode()
    assert "Folding tables to lend" in queue
    staff_client.post(reverse("consortium_staff:approve_listing", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.moderation == Moderation.APPROVED
    queue = staff_client.get(reverse("consortium_staff:moderation")).content.decode()
    assert "Approve “Folding tables to lend”" not in queue
    assert "No listings are waiting" in queue


def test_staff_reject_a_listing_with_a_reason(staff_client, personas):
    waiting = listing(personas.organisation, moderation=Moderation.PENDING)
    staff_client.post(
        reverse("consortium_staff:reject_listing", args=[waiting.pk]), {"reason": "Not allowed"}
    )
    waiting.refresh_from_db()
    assert waiting.moderation == Moderation.REJECTED
    assert waiting.status == ListingStatus.CLOSED
    assert waiting.history.latest().history_change_reason == "Rejected by staff: Not allowed"


def test_a_rejection_reason_over_500_characters_is_refused_and_the_listing_still_waits(
    staff_client, personas
):
    waiting = listing(personas.organisation, moderation=Moderation.PENDING)
    response = staff_client.post(
        reverse("consortium_staff:reject_listing", args=[waiting.pk]),
        {"reason": "r" * 501},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The reason must be 500 characters or fewer (it has 501)." in html
    waiting.refresh_from_db()
    assert waiting.moderation == Moderation.PENDING


def test_staff_resolve_a_report_and_the_listing_stays(staff_client, personas):
    item = listing(personas.organisation)
    report = ListingReport.objects.create(
        listing=item, reporter=personas.other_member, reason="Looks like spam"
    )
    queue = staff_client.get(reverse("consortium_staff:moderation")).content.decode()
    assert "Looks like spam" in queue
    staff_client.post(reverse("consortium_staff:resolve_report", args=[report.pk]))
    report.refresh_from_db()
    item.refresh_from_db()
    assert report.resolved_by == personas.staff and report.resolved_at
    assert item.moderation == Moderation.APPROVED
    queue = staff_client.get(reverse("consortium_staff:moderation")).content.decode()
    assert "Looks like spam" not in queue


def test_moderation_actions_need_post_and_staff(client, personas):
    waiting = listing(personas.organisation, moderation=Moderation.PENDING)
    approve = reverse("consortium_staff:approve_listing", args=[waiting.pk])
    assert client_for("staff", personas).get(approve).status_code == 405
    assert client_for("org_admin", personas).post(approve).status_code == 302  # to sign-in
    waiting.refresh_from_db()
    assert waiting.moderation == Moderation.PENDING
