"""Exports of a joint bid as at a past version: exactly as it was then, a clear error for
a version the bid never had, and as many queries for a big bid as for a small one."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.bids import versions as bids
from consortium.bids.exports.snapshot import UnknownVersion, snapshot
from consortium.models import BidSection, BudgetLine, JointBid
from tests.bids.export_world import add_people, docx_text, download, pdf_text, squash

# The fixtures bid and p (the redundant aliases tell ruff that the imports are wanted).
from tests.bids.export_world import bid_fixture as bid_fixture
from tests.bids.export_world import personas_fixture as personas_fixture
from tests.personas import client_for

pytestmark = pytest.mark.django_db


# --- as at version N ----------------------------------------------------------------------------


def edit_section(bid, user, title, new_body):
    section = bid.sections.get(title=title)
    bids.save_with_merge(BidSection, section.pk, section.version, {"body": new_body}, user)
    bids.content_changed(bid, user, f"The section “{title}”")


def test_a_past_version_is_exported_exactly_as_it_was(p, bid, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        edit_section(bid, p.org_admin, "Delivery plan", "Version two of the plan.")
        signed = bids.sign_off(bid, p.organisation, p.org_admin).fingerprint
        edit_section(bid, p.org_admin, "Delivery plan", "Version three rewrites the plan.")
    bid.refresh_from_db()
    assert bid.version == 3
    client = client_for("member", p)

    text, _ = pdf_text(download(client, bid, "pdf", version=2).content)
    assert squash("Version two of the plan.") in text
    assert squash("Version three") not in text
    assert signed[:20] in text and "Valid" in text  # the sign-off given on version 2
    assert download(client, bid, "pdf", version=2)["Content-Disposition"].endswith(
        f'"{bid.slug}-v2.pdf"'
    )

    old, _ = docx_text(download(client, bid, "docx", version=2).content)
    assert "Version two of the plan." in old and "Version three" not in old
    now, _ = docx_text(download(client, bid, "docx").content)
    assert "Version three rewrites the plan." in now and "Version two" not in now


def test_a_line_made_private_later_stays_visible_in_the_version_before(p, bid):
    line = BudgetLine.objects.get(description="Hall heaters")
    sub = add_people(p)["subcontractor"]
    bids.content_changed(bid, p.org_admin, "The budget")  # version 2 shows the line
    bids.save_with_merge(BudgetLine, line.pk, line.version, {"is_private": True}, p.org_admin)
    bids.content_changed(bid, p.org_admin, "The budget")
    bid.refresh_from_db()
    partner_now = snapshot(bid, p.other_member)
    partner_v2 = snapshot(bid, p.other_member, version=2)
    assert "Hall heaters" not in [ln.description for _, ln in partner_now.budget_lines]
    assert "Hall heaters" in [ln.description for _, ln in partner_v2.budget_lines]
    assert "Hall heaters" in [ln.description for _, ln in snapshot(bid, sub).budget_lines]


@pytest.mark.parametrize("version", ["0", "4", "abc", "-1", "1.5", "99999999999999999999"])
def test_a_version_the_bid_never_had_gets_a_clear_error(p, bid, version):
    bids.content_changed(bid, p.org_admin, "The budget")
    response = download(client_for("member", p), bid, "pdf", version=version)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter a version from 1 to 2" in page or "whole number" in page


def test_the_export_page_sends_a_valid_choice_to_the_download(p, bid):
    bids.content_changed(bid, p.org_admin, "The budget")
    client = client_for("member", p)
    url = reverse("bids:export", args=[bid.slug])
    page = client.get(url)
    assert page.status_code == 200 and 'name="version"' in page.content.decode()
    response = client.get(url, {"format": "docx", "version": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("bids:export_docx", args=[bid.slug]) + "?version=1"
    response = client.get(url, {"format": "pdf", "version": ""})
    assert response["Location"] == reverse("bids:export_pdf", args=[bid.slug])


def test_an_unknown_version_in_the_snapshot_says_so(p, bid):
    with pytest.raises(UnknownVersion):
        snapshot(bid, p.org_admin, version=2)


TEXT = st.text(st.characters(codec="utf-8"), max_size=40)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(version=TEXT, kind=TEXT)
def test_generated_input_to_the_export_form_never_fails(p, bid, version, kind):
    client = client_for("member", p)
    response = client.get(
        reverse("bids:export", args=[bid.slug]), {"format": kind, "version": version}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "govuk-error-summary" in response.content.decode()
    assert JointBid.objects.get(pk=bid.pk).version == 1  # nothing saved, nothing lost


# --- query counts --------------------------------------------------------------------------------


def grow(bid, p, n):
    for i in range(n):
        BidSection.objects.create(
            bid=bid, title=f"Extra {i}", body="Words " * 50, sort_order=10 + i
        )
        BudgetLine.objects.create(
            bid=bid,
            organisation=p.other_organisation,
            category="other",
            description=f"Line {i}",
            amount=Decimal("10"),
            is_private=bool(i % 2),
        )
        bids.content_changed(bid, p.org_admin, "The budget")


@pytest.mark.parametrize("who", ["org_admin", "other_member"])
def test_the_snapshot_takes_as_many_queries_for_a_big_bid_as_a_small_one(
    p, bid, who, django_assert_max_num_queries
):
    user = getattr(p, who)

    def count(**kwargs):
        bid.refresh_from_db()
        user.__dict__.pop("_shoal_access", None)
        with django_assert_max_num_queries(20) as captured:
            snapshot(JointBid.objects.select_related("consortium").get(pk=bid.pk), user, **kwargs)
        return len(captured)

    grow(bid, p, 2)
    small, small_past = count(), count(version=2)
    grow(bid, p, 25)
    assert count() == small
    assert count(version=2) == small_past
    assert count(version=20) == small_past
