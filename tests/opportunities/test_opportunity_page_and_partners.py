"""Funding opportunities: one opportunity's page, organisations seeking partners for it,
and its pages and form answers as valid HTML."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.models import Opportunity, OpportunityKind, PartnerSearch
from tests.opportunities.helpers import detail_url, make_opportunity, seek_url
from tests.personas import client_for, make_member

pytestmark = pytest.mark.django_db


# --- one opportunity --------------------------------------------------------------------------


def test_the_page_shows_every_detail_and_links_to_the_funder_safely(client):
    opportunity = make_opportunity(
        "Befriending contract",
        kind=OpportunityKind.TENDER,
        programme="Ageing well",
        reference="WCC-2026-0147",
        description="Weekly visits.",
        eligibility="Registered charities and CICs.",
        amount_max=Decimal("240000"),
        link="https://www.contractsfinder.service.gov.uk/Notice/0147",
        eoi_deadline=timezone.now() + datetime.timedelta(days=3),
    )
    page = client.get(detail_url(opportunity)).content.decode()
    for text in (
        "Befriending contract",
        "Ageing well",
        "WCC-2026-0147",
        "Weekly visits.",
        "Registered charities and CICs.",
        "Up to £240,000",
        "Expressions of interest by",
    ):
        assert text in page
    assert (
        'href="https://www.contractsfinder.service.gov.uk/Notice/0147" '
        'rel="noopener noreferrer external"' in page
    )


def test_anonymous_visitors_see_how_many_seek_partners_but_not_who(client, p):
    opportunity = make_opportunity()
    PartnerSearch.objects.create(
        opportunity=opportunity, organisation=p.organisation, note="We run the kitchen"
    )
    page = client.get(detail_url(opportunity)).content.decode()
    assert "1 organisation seeking partners" in page
    assert "Sign in" in page
    assert p.organisation.name not in page and "We run the kitchen" not in page


def test_members_see_who_seeks_partners_with_their_notes(p):
    opportunity = make_opportunity()
    PartnerSearch.objects.create(
        opportunity=opportunity, organisation=p.organisation, note="We run the kitchen"
    )
    page = client_for("other_member", p).get(detail_url(opportunity)).content.decode()
    assert p.organisation.name in page and "We run the kitchen" in page


def test_volunteers_without_an_organisation_see_only_the_count(p):
    opportunity = make_opportunity()
    # The note has spaces, so no random token on the page (a nonce, a CSRF token) can hold it.
    PartnerSearch.objects.create(
        opportunity=opportunity, organisation=p.organisation, note="Our kitchen note"
    )
    page = client_for("volunteer", p).get(detail_url(opportunity)).content.decode()
    assert "1 organisation seeking partners" in page and "Our kitchen note" not in page
    assert 'name="note"' not in page


def test_organisation_admins_see_start_a_consortium_bid_and_members_do_not(p):
    opportunity = make_opportunity()
    link = f"/bids/new/?opportunity={opportunity.slug}"
    assert link in client_for("org_admin", p).get(detail_url(opportunity)).content.decode()
    assert link not in client_for("member", p).get(detail_url(opportunity)).content.decode()
    assert link not in client_for("anonymous", p).get(detail_url(opportunity)).content.decode()


# --- seeking partners -------------------------------------------------------------------------


def opened_token(client, opportunity):
    return client.get(detail_url(opportunity)).context["form"]["opened"].value()


def seek_as(client, opportunity, note, opened=None, **extra):
    if opened is None:
        opened = opened_token(client, opportunity)
    return client.post(seek_url(opportunity), {"note": note, "opened": opened, **extra})


def test_a_member_seeks_partners_changes_the_note_and_withdraws(p):
    opportunity = make_opportunity()
    client = client_for("member", p)
    response = seek_as(client, opportunity, "We deliver in the north")
    assert response.status_code == 302
    search = PartnerSearch.objects.get(opportunity=opportunity)
    assert search.organisation == p.organisation and search.created_by == p.member
    page = client.get(detail_url(opportunity)).content.decode()
    assert "is now listed as seeking partners" in page and "We deliver in the north" in page

    seek_as(client, opportunity, "We deliver in the north and in town")
    search.refresh_from_db()
    assert search.note == "We deliver in the north and in town"

    seek_as(client, opportunity, "", withdraw="1")
    assert not PartnerSearch.objects.filter(opportunity=opportunity).exists()
    page = client.get(detail_url(opportunity)).content.decode()
    assert "no longer listed as seeking partners" in page


def test_people_not_acting_for_an_organisation_cannot_seek_partners(p):
    opportunity = make_opportunity()
    assert client_for("volunteer", p).post(seek_url(opportunity), {"note": "x"}).status_code == 403
    staff = client_for("staff", p).post(seek_url(opportunity), {"note": "x"})
    assert staff.status_code == 403
    anonymous = client_for("anonymous", p).post(seek_url(opportunity), {"note": "x"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not PartnerSearch.objects.exists()


def test_a_too_long_note_gets_an_error_and_keeps_the_saved_note(p):
    opportunity = make_opportunity()
    PartnerSearch.objects.create(opportunity=opportunity, organisation=p.organisation, note="Kept")
    client = client_for("member", p)
    response = seek_as(client, opportunity, "x" * 1001)
    assert response.status_code == 400
    assert (
        "Your note must be 1,000 characters or fewer (it has 1,001)." in response.content.decode()
    )
    assert PartnerSearch.objects.get().note == "Kept"


def test_two_people_editing_the_note_never_overwrite_each_other(p):
    opportunity = make_opportunity()
    PartnerSearch.objects.create(opportunity=opportunity, organisation=p.organisation, note="Old")
    colleague = make_member("colleague-persona", p.organisation)
    member, other = client_for("member", p), client_for("anonymous", p)
    other.force_login(colleague, backend="django.contrib.auth.backends.ModelBackend")
    mine_opened, theirs_opened = opened_token(member, opportunity), opened_token(other, opportunity)
    assert seek_as(other, opportunity, "Their note", opened=theirs_opened).status_code == 302
    response = seek_as(member, opportunity, "My note", opened=mine_opened)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Their note" in page and "My note" in page and "changed or withdrew" in page
    assert PartnerSearch.objects.get().note == "Their note"
    # Saving again from the conflict page, having read theirs, goes through.
    again = response.context["form"]["opened"].value()
    assert seek_as(member, opportunity, "My note", opened=again).status_code == 302
    assert PartnerSearch.objects.get().note == "My note"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    note=st.text(max_size=1200),
    opened=st.one_of(st.just("none"), st.text(max_size=20)),
    withdraw=st.booleans(),
)
def test_generated_input_never_breaks_the_seek_partners_form(p, note, opened, withdraw):
    opportunity = Opportunity.objects.filter(slug="generated").first() or make_opportunity(
        slug="generated"
    )
    PartnerSearch.objects.all().delete()
    PartnerSearch.objects.create(opportunity=opportunity, organisation=p.organisation, note="Kept")
    client = client_for("member", p)
    data = {"note": note, "opened": opened}
    if withdraw:
        data["withdraw"] = "1"
    response = client.post(seek_url(opportunity), data)
    assert response.status_code in (302, 400, 409)
    if response.status_code != 302:
        assert PartnerSearch.objects.get().note == "Kept"


def test_the_opportunity_pages_and_form_answers_are_valid_html(p, tmp_path):
    from tests.platform.test_valid_html import validate

    opportunity = make_opportunity(
        "Befriending contract",
        amount_max=Decimal("240000"),
        link="https://example.org/notice?a=1&b=2",
        eoi_deadline=timezone.now() + datetime.timedelta(days=3),
        suits_small=True,
    )
    PartnerSearch.objects.create(opportunity=opportunity, organisation=p.other_organisation)
    member = client_for("member", p)
    answers = {
        "list": client_for("anonymous", p).get(reverse("opportunities:index")),
        "list with a bad filter": member.get(
            reverse("opportunities:index"), {"kind": "nope", "q": "<b>", "suits_small": "on"}
        ),
        "page": client_for("anonymous", p).get(detail_url(opportunity)),
        "page for a member": member.get(detail_url(opportunity)),
        "note too long": member.post(seek_url(opportunity), {"note": "x" * 1001}),
        "stale note": member.post(seek_url(opportunity), {"note": "x", "opened": "old"}),
    }
    for number, (name, response) in enumerate(answers.items()):
        assert response.status_code in (200, 400, 409), name
        (tmp_path / f"{number}.html").write_bytes(response.content)
    assert validate(tmp_path) == ""
