"""Every CSV and XLSX file Shoal writes opens safely in a spreadsheet: text that looks like a
formula shows as text, and "£" reads as "£" in Excel (the file starts with a UTF-8 byte-order
mark). The one writer is ``portal.spreadsheets``."""

import csv
import datetime
import inspect
import io
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from consortium.bids import awards
from consortium.models import BidState, JointBid, PartnerSearch, Pledge
from portal.spreadsheets import FORMULA_STARTS, SafeSpreadsheetExport, csv_text, safe_cell
from tests.bids.export_world import make_bid
from tests.buying.data import make_scheme
from tests.opportunities.helpers import make_opportunity
from tests.personas import client_for, make_personas
from tests.staff.helpers import index_url, listing

BOM = b"\xef\xbb\xbf"
HYPERLINK = '=HYPERLINK("http://x","c")'


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(response):
    content = body(response)
    assert content.startswith(BOM), "no UTF-8 byte-order mark: Excel shows '£' as 'Â£'"
    return list(csv.reader(io.StringIO(content[len(BOM) :].decode("utf-8"), newline="")))


def column(rows, heading):
    at = rows[0].index(heading)
    return [row[at] for row in rows[1:]]


def read_xlsx(response):
    return load_workbook(io.BytesIO(body(response))).active


# --- The Brokerage admin's exports -----------------------------------------------------------


@pytest.fixture
def personas(db):
    return make_personas()


@pytest.fixture
def officer(personas):
    """A Brokerage officer, signed in to the Wagtail admin."""
    return client_for("staff", personas)


@pytest.fixture
def hostile(personas):
    listing(personas.organisation, title=HYPERLINK)
    opportunity = make_opportunity()
    PartnerSearch.objects.create(
        opportunity=opportunity, organisation=personas.organisation, note=HYPERLINK
    )


def test_a_listing_titled_as_a_formula_is_plain_text_in_the_admins_csv(officer, hostile):
    rows = read_csv(officer.get(index_url("listing"), {"export": "csv"}))
    assert column(rows, "Title") == ["'" + HYPERLINK]


def test_a_seek_partners_note_written_as_a_formula_is_plain_text_in_the_admins_csv(
    officer, hostile
):
    rows = read_csv(officer.get(index_url("partnersearch"), {"export": "csv"}))
    assert column(rows, "Note") == ["'" + HYPERLINK]


@pytest.mark.parametrize("model_name, heading", [("listing", "Title"), ("partnersearch", "Note")])
def test_the_same_text_in_the_admins_xlsx_is_stored_as_text_not_a_formula(
    officer, hostile, model_name, heading
):
    sheet = read_xlsx(officer.get(index_url(model_name), {"export": "xlsx"}))
    headings = [cell.value for cell in sheet[1]]
    (cell,) = [row[headings.index(heading)] for row in sheet.iter_rows(min_row=2)]
    assert cell.data_type != "f"
    assert cell.value == "'" + HYPERLINK


def admin_lists_that_export():
    """Every wagtail-modeladmin list in the project, found through the URL resolver so that a
    new one cannot be forgotten: (model name, ModelAdmin) for those with ``list_export``."""
    found = {}

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and (pattern.name or "").endswith(
                "_modeladmin_index"
            ):
                model_admin = inspect.unwrap(pattern.callback).__self__
                if model_admin.list_export:
                    found[model_admin.model._meta.model_name] = model_admin

    walk(get_resolver().url_patterns)
    return found


def test_every_admin_list_that_exports_uses_the_safe_writer():
    lists = admin_lists_that_export()
    assert {"listing", "partnersearch", "organisation", "pledge"} <= set(lists)
    for model_name, model_admin in lists.items():
        assert issubclass(model_admin.index_view_class, SafeSpreadsheetExport), model_name


def test_every_admin_csv_starts_with_the_byte_order_mark_and_keeps_pounds(officer, personas):
    personas.organisation.name = "Fernlea Food Bank (£5 a box)"
    personas.organisation.save()
    listing(personas.organisation, title="Tables, £5 each")
    for model_name in admin_lists_that_export():
        response = officer.get(index_url(model_name), {"export": "csv"})
        assert response.status_code == 200, model_name
        assert response["Content-Type"] == "text/csv; charset=utf-8", model_name
        read_csv(response)  # starts with the byte-order mark
    rows = read_csv(officer.get(index_url("organisation"), {"export": "csv"}))
    assert "Fernlea Food Bank (£5 a box)" in column(rows, "Name")


# --- The members' area's downloads -----------------------------------------------------------


def test_pledge_and_delivery_lists_start_with_the_byte_order_mark_and_keep_pounds(personas):
    scheme = make_scheme(personas.organisation, unit="£ of oil")
    Pledge.objects.create(
        scheme=scheme,
        organisation=personas.other_organisation,
        quantity=Decimal("600"),
        delivery_address=" =1+1",
    )
    client = client_for("org_admin", personas)
    pledges = read_csv(client.get(reverse("buying:export_pledges", args=[scheme.slug])))
    assert pledges[0][4] == "Unit price (£)"
    assert column(pledges, "Unit") == ["£ of oil"]
    delivery = read_csv(client.get(reverse("buying:export_delivery", args=[scheme.slug])))
    assert column(delivery, "Unit") == ["£ of oil"]
    assert column(delivery, "Deliver to") == ["' =1+1"]


def test_impact_and_360giving_csvs_start_with_the_byte_order_mark_and_keep_pounds(personas):
    personas.organisation.name = "Fernlea Food Bank (£5 a box)"
    personas.organisation.save()
    client = client_for("member", personas)
    org_id = personas.organisation.org_id
    figures = read_csv(client.get(reverse("impact:organisation_csv", args=[org_id])))
    assert column(figures, "name") == ["Fernlea Food Bank (£5 a box)"]

    bid = make_bid(personas, title="@Warm rooms, £45,000")
    JointBid.objects.filter(pk=bid.pk).update(
        state=BidState.AWARDED,
        amount_awarded=Decimal("45000"),
        award_date=datetime.date(2027, 5, 2),
    )
    awards.record(JointBid.objects.get(pk=bid.pk), None)
    grants = read_csv(client.get(reverse("open_data:threesixty_csv")))
    assert column(grants, "Title") == ["'@Warm rooms, £45,000"]
    assert column(grants, "Recipient Org:Name") == ["Fernlea Food Bank (£5 a box)"]


# --- The writer itself -----------------------------------------------------------------------


def looks_like_a_formula(cell):
    return cell.startswith(FORMULA_STARTS) or cell.lstrip().startswith(FORMULA_STARTS)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", " =", "  +", "\n@", " \t-"])
def test_text_starting_like_a_formula_gets_a_leading_quote(start):
    assert safe_cell(f"{start}SUM(A1)") == f"'{start}SUM(A1)"


def test_ordinary_text_numbers_and_dates_are_left_alone():
    assert safe_cell("Fernlea Food Bank") == "Fernlea Food Bank"
    assert safe_cell("£5, or 10% off") == "£5, or 10% off"
    assert safe_cell(-12) == -12
    assert safe_cell(Decimal("-3.50")) == Decimal("-3.50")
    assert safe_cell(datetime.date(2027, 5, 2)) == datetime.date(2027, 5, 2)


TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", " ", "\u00a0", "£", '"', ","]),
        st.characters(codec="utf-8", exclude_characters="\x00"),
    ),
    max_size=12,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(TEXT, min_size=1, max_size=3), min_size=1, max_size=3))
def test_no_cell_the_writer_writes_can_run_as_a_formula(table):
    header, rows = table[0], table[1:]
    text = csv_text(header, rows)
    assert text.startswith("\ufeff")
    read_back = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert len(read_back) == len(table)
    for written, given_row in zip(read_back, table, strict=True):
        for cell, original in zip(written, given_row, strict=True):
            assert not looks_like_a_formula(cell), cell
            # Nothing else changes: the cell is the text given, or it behind a quote.
            assert cell in (original, "'" + original)
