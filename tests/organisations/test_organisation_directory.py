"""Organisations: the directory, its filters, search and pages."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consortium.models import Area, Organisation, Theme
from home.models import ClusterMember, ForumMember
from tests.organisations.helpers import private_organisation, url
from tests.personas import client_for

pytestmark = pytest.mark.django_db


# --- the directory ---------------------------------------------------------------------------


def test_directory_shows_name_org_id_area_and_the_verified_date(client, p):
    p.organisation.verified_on = datetime.date(2026, 3, 14)
    p.organisation.area = Area.NORTH
    p.organisation.save()
    html = client.get(url("directory")).content.decode()
    assert "Fernlea Food Bank" in html
    assert "GB-CHC-1090095" in html
    assert "North" in html
    assert "Verified</strong> on 14 March 2026" in html
    # The other organisation has not been verified: only one tag.
    assert html.count(">Verified<") == 1


def test_private_profiles_are_listed_only_for_signed_in_members(p):
    private_organisation(p)
    assert "Quarry Hill" not in client_for("anonymous", p).get(url("directory")).content.decode()
    for persona in ("volunteer", "member", "staff"):
        assert "Quarry Hill" in client_for(persona, p).get(url("directory")).content.decode()


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("?area=north", "Fernlea Food Bank", "Quarry Hill"),
        ("?legal_form=cic", "Quarry Hill", "Fernlea Food Bank"),
        ("?theme=food", "Fernlea Food Bank", "Quarry Hill"),
        ("?q=Quarry", "Quarry Hill", "Fernlea Food Bank"),
        ("?q=parcels", "Fernlea Food Bank", "Quarry Hill"),
    ],
)
def test_directory_filters_and_search(client, p, query, found, not_found):
    p.organisation.area = Area.NORTH
    p.organisation.description = "Emergency food parcels for families"
    p.organisation.save()
    p.organisation.themes.add(Theme.objects.create(name="Food", slug="food"))
    html = client.get(url("directory") + query).content.decode()
    assert found in html
    assert not_found not in html


def test_directory_filters_by_forum_and_by_cluster(client, site, p):
    forum = site.forum(title="Food Forum")
    cluster = site.cluster(title="Youth Cluster")
    ForumMember.objects.create(page=forum, organisation=p.organisation)
    ClusterMember.objects.create(page=cluster, organisation=p.other_organisation)
    html = client.get(url("directory") + f"?forum={forum.pk}").content.decode()
    assert "Fernlea Food Bank" in html and "Quarry Hill" not in html
    html = client.get(url("directory") + f"?cluster={cluster.pk}").content.decode()
    assert "Quarry Hill" in html and "Fernlea Food Bank" not in html


def test_a_forum_gains_its_first_member_and_is_offered_in_the_directory_filter_at_once(
    client, site, p
):
    forum = site.forum(title="Food Forum")
    before = client.get(url("directory")).content.decode()
    assert f'<option value="{forum.pk}">Food Forum</option>' not in before
    ForumMember.objects.create(page=forum, organisation=p.organisation)
    after = client.get(url("directory") + f"?forum={forum.pk}").content.decode()
    assert f'<option value="{forum.pk}" selected>Food Forum</option>' in after
    assert '<option value="">Any</option>' in after  # the forum's "Any" is no longer chosen


def test_directory_is_paginated(client, p):
    for n in range(25):
        Organisation.objects.create(name=f"Aardvark Trust {n:02}")
    first = client.get(url("directory")).content.decode()
    assert "Aardvark Trust 00" in first and "Fernlea" not in first
    assert 'aria-label="Page 2"' in first
    second = client.get(url("directory") + "?page=2").content.decode()
    assert "Fernlea Food Bank" in second


def test_directory_count_is_kept_until_an_organisation_changes(client, p):
    def heading():
        page = client.get(url("directory")).content.decode()
        return re.search(r'<h2 class="govuk-heading-m">(\d+) organisations?', page).group(1)

    before = int(heading())
    with CaptureQueriesContext(connection) as counted:
        assert int(heading()) == before
    assert not any("COUNT(" in q["sql"] for q in counted.captured_queries)

    Organisation.objects.create(name="Zephyr Community Shop")
    assert int(heading()) == before + 1


@pytest.mark.parametrize(
    "query",
    ['"', "AND OR (", "*", "<script>alert(1)</script>", "x" * 300, "?page=999", "?page=x"],
)
def test_odd_searches_and_pages_in_the_directory_never_fail(client, p, query):
    address = url("directory") + (query if query.startswith("?") else "?q=" + query)
    response = client.get(address)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
