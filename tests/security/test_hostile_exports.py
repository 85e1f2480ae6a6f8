"""Every CSV and XLSX export the project writes, with the hostile corpus in every field:
no cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return), and no
export that fails on what a member typed.

These are the assertions of issue 18's "formula injection" item: the safe CSV writer comes
from the branch safe-csv, so some of them fail on main until it is merged.
"""

import pytest
from django.urls import get_resolver, reverse

from tests.hostile import (
    PAYLOADS,
    SPREADSHEET_PAYLOADS,
    assert_no_formulas,
    csv_rows,
    formula_cells,
    marker,
    xlsx_rows,
)
from tests.security.seeded import make_seeded_world

pytestmark = pytest.mark.django_db

NAMES = SPREADSHEET_PAYLOADS


def admin_export_pages():
    """The Brokerage admin's lists (modeladmin index pages), taken from the URL resolver so
    that a list added later is exported too."""
    names = [
        name
        for name in get_resolver().reverse_dict
        if isinstance(name, str) and name.endswith("_modeladmin_index")
    ]
    return sorted(reverse(name) for name in names)


def test_the_admin_lists_are_found():
    pages = admin_export_pages()
    assert any("listing" in page for page in pages), pages
    assert len(pages) >= 10, pages


@pytest.fixture
def seeded(request, home_page, admin_user):
    world = make_seeded_world(PAYLOADS[request.param])
    world.payload_name = request.param
    return world


def read(response, kind):
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return csv_rows(content) if kind == "csv" else xlsx_rows(content)


@pytest.mark.parametrize("seeded", NAMES, indirect=True)
def test_every_admin_list_export_is_safe_to_open_in_a_spreadsheet(client, admin_user, seeded):
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    live = {}
    for page in [*admin_export_pages(), "/admin/snippets/consortium/organisation/"]:
        for kind in ("csv", "xlsx"):
            response = client.get(page, {"export": kind})
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                continue  # a list without an export
            cells = formula_cells(read(response, kind))
            if cells:
                live[f"{page}?export={kind}"] = cells[0][:60]
    assert not live, f"cells a spreadsheet would run: {live}"


@pytest.mark.parametrize("seeded", NAMES, indirect=True)
def test_survey_answers_exports_are_safe_to_open_in_a_spreadsheet(client, admin_user, seeded):
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    page = f"/admin/forms/submissions/{seeded.survey.pk}/"
    for kind in ("csv", "xlsx"):
        rows = read(client.get(page, {"export": kind}), kind)
        assert_no_formulas(rows, where=f"{page}?export={kind}")
        assert marker(seeded_name(seeded)) in str(rows)


def seeded_name(world):
    return world.payload_name


@pytest.mark.parametrize("seeded", NAMES, indirect=True)
def test_pledge_and_delivery_lists_are_safe_to_open_in_a_spreadsheet(seeded):
    coordinator = seeded.client("partner")
    for view in ("buying:export_pledges", "buying:export_delivery"):
        rows = read(coordinator.get(reverse(view, args=[seeded.scheme.slug])), "csv")
        assert_no_formulas(rows, where=view)
        assert marker(seeded_name(seeded)) in str(rows), f"{view}: the typed text is missing"


@pytest.mark.parametrize("seeded", NAMES, indirect=True)
def test_impact_and_360giving_csvs_are_safe_to_open_in_a_spreadsheet(client, seeded):
    organisation = seeded.bids.lead_org
    for url in (
        reverse("impact:organisation_csv", args=[organisation.org_id]),
        reverse("open_data:threesixty_csv"),
    ):
        assert_no_formulas(read(client.get(url), "csv"), where=url)
