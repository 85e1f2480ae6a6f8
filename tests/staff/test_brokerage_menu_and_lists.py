"""Brokerage staff in the Wagtail admin: the Brokerage menu, its lists, their exports, and
their queries as data grows."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from openpyxl import load_workbook

from consortium.models import ListingReport, Moderation, Organisation
from tests.staff.helpers import BROKERAGE_LISTS, index_url, inspect_url, listing

pytestmark = pytest.mark.django_db


# --- the Brokerage menu and its lists ---------------------------------------------------------


def test_staff_see_the_brokerage_menu_with_every_list(staff_client):
    dashboard = staff_client.get("/admin/").content.decode()
    assert "Brokerage" in dashboard
    for label in ["Moderation queue", "Organisations", "Memberships", "Listings", "Pledges"]:
        assert label in dashboard
    for model_name in BROKERAGE_LISTS:
        assert staff_client.get(index_url(model_name)).status_code == 200, model_name


def test_staff_filter_and_search_organisations(staff_client, personas):
    names = lambda response: {  # noqa: E731
        a.get_text(strip=True)
        for a in BeautifulSoup(response.content, "html.parser").select("td.title a, td a")
    }
    url = index_url("organisation")
    by_form = staff_client.get(url, {"legal_form__exact": "cic"})
    assert "Quarry Hill Youth Club" in names(by_form)
    assert "Fernlea Food Bank" not in names(by_form)
    by_search = staff_client.get(url, {"q": "Fernlea"})
    assert "Fernlea Food Bank" in names(by_search)
    assert "Quarry Hill Youth Club" not in names(by_search)


def test_staff_export_organisations_as_csv_and_xlsx(staff_client, personas):
    response = staff_client.get(index_url("organisation"), {"export": "csv"})
    assert response.status_code == 200
    assert "organisations.csv" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    by_name = {row["Name"]: row for row in rows}
    assert by_name["Fernlea Food Bank"]["Org-Id"] == "GB-CHC-1090095"
    assert by_name["Quarry Hill Youth Club"]["Company Number"] == "08255580"

    response = staff_client.get(index_url("organisation"), {"export": "xlsx"})
    assert "organisations.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = table[0]
    company = header.index("Company Number")
    assert ["Quarry Hill Youth Club" in row for row in table[1:]].count(True) == 1
    assert any(row[company] == "08255580" for row in table[1:])


def test_every_brokerage_list_exports(staff_client, personas):
    listing(personas.organisation)
    for model_name in BROKERAGE_LISTS:
        response = staff_client.get(index_url(model_name), {"export": "xlsx"})
        assert response.status_code == 200, model_name
        content = b"".join(response.streaming_content)
        assert load_workbook(io.BytesIO(content)).active.max_row >= 1


def test_organisation_page_shows_verified_on_apart_from_last_saved(staff_client, personas):
    page = staff_client.get(inspect_url("organisation", personas.organisation.pk))
    text = BeautifulSoup(page.content, "html.parser").get_text(" ")
    assert "Verified on" in text and "Last saved" in text
    assert "Mark verified today" in text
    listing_page = staff_client.get(index_url("organisation")).content.decode()
    assert "Verified on" in listing_page and "Last saved" in listing_page


# --- query counts ----------------------------------------------------------------------------


def add_organisations(count, start=0):
    for i in range(start, start + count):
        org = Organisation.objects.create(name=f"Group {i}")
        waiting = listing(org, title=f"Pending {i}", moderation=Moderation.PENDING)
        ListingReport.objects.create(listing=waiting, reason="Check")


@pytest.mark.parametrize(
    "url", [reverse("consortium_staff:moderation"), index_url("organisation")], ids=str
)
def test_staff_pages_cost_the_same_queries_as_data_grows(
    staff_client, personas, url, django_assert_max_num_queries
):
    add_organisations(3)
    staff_client.get(url)  # warm caches (site, menu)
    with django_assert_max_num_queries(40) as small:
        assert staff_client.get(url).status_code == 200
    add_organisations(20, start=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert staff_client.get(url).status_code == 200
