"""Staff import a membership spreadsheet (CSV or Excel) with a preview and per-row errors."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consortium.models import LegalForm, Organisation
from tests.personas import client_for, make_personas
from tests.public.community import CommunitySite

pytestmark = pytest.mark.django_db

HEADER = [
    "Name",
    "Legal form",
    "Charity number",
    "OSCR number",
    "CCNI number",
    "Company number",
    "Postcode",
    "Area",
    "Website",
    "Short description",
]
ROWS = [
    [
        "Oakfield Lunch Club",
        "Registered charity",
        "209631",
        "",
        "",
        "",
        "ox1 2jd",
        "North",
        "",
        "Hot lunches",
    ],
    ["Glen Scouts", "SCIO", "", "sc 007427", "", "", "EH1 1YZ", "", "", ""],
    ["Belfast Befrienders", "Registered charity", "", "", "NIC100012", "", "", "", "", ""],
    ["Quarry Hill Youth Club", "CIC", "", "", "", "8255580", "", "Rural", "", "Now rural"],
    ["Bad Numbers Trust", "Registered charity", "12", "", "", "", "NOWHERE", "", "", ""],
    ["Odd Form Group", "Cooperative", "", "", "", "", "", "Moon", "", ""],
]
URL = "/admin/organisations/import/"


@pytest.fixture
def p():
    CommunitySite()
    return make_personas()


def csv_file(rows=ROWS, header=HEADER):
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return SimpleUploadedFile("members.csv", ("\n".join(lines) + "\n").encode(), "text/csv")


def xlsx_file(rows=ROWS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        # Spreadsheets hold charity numbers as numbers and drop company numbers' zeros.
        sheet.append([int(v) if v.isdigit() and not v.startswith("0") else v for v in row])
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("members.xlsx", data.getvalue())


@pytest.fixture
def staff(p, admin_user):
    client = client_for("anonymous", p)
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def preview(client, upload):
    response = client.post(URL, {"file": upload})
    assert response.status_code == 200
    return response


def outcomes(response):
    return {row["name"]: row for row in response.context["report"]}


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_the_preview_shows_new_updated_and_row_errors_without_saving(staff, make_file):
    before = Organisation.objects.count()
    response = preview(staff, make_file())
    rows = outcomes(response)
    assert rows["Oakfield Lunch Club"]["outcome"] == "New"
    assert rows["Glen Scouts"]["outcome"] == "New"
    assert rows["Belfast Befrienders"]["outcome"] == "New"
    assert rows["Quarry Hill Youth Club"]["outcome"] == "Updated"  # matched by GB-COH-08255580
    bad = rows["Bad Numbers Trust"]
    assert bad["outcome"] == "Error"
    assert any("6 or 7 digits" in m for m in bad["messages"])
    assert any("UK postcode" in m for m in bad["messages"])
    odd = rows["Odd Form Group"]
    assert any("“Cooperative” is not a legal form" in m for m in odd["messages"])
    assert any("“Moon” is not an area" in m for m in odd["messages"])
    html = response.content.decode()
    assert "4 new" not in html and "3 new, 1 updated, 0 unchanged, 2 with errors" in html
    assert Organisation.objects.count() == before


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_confirming_imports_the_good_rows_normalised_and_is_idempotent(staff, make_file):
    client = staff
    response = preview(client, make_file())
    token = response.context["token"]
    confirmed = client.post(URL, {"token": token, "extension": response.context["extension"]})
    assert confirmed.status_code == 200
    oakfield = Organisation.objects.get(name="Oakfield Lunch Club")
    assert oakfield.org_id == "GB-CHC-209631"
    assert (oakfield.postcode, oakfield.area) == ("OX1 2JD", "north")
    assert Organisation.objects.get(name="Glen Scouts").org_id == "GB-SC-SC007427"
    assert Organisation.objects.get(name="Belfast Befrienders").org_id == "GB-NIC-100012"
    quarry = Organisation.objects.get(org_id="GB-COH-08255580")
    assert quarry.short_description == "Now rural" and quarry.legal_form == LegalForm.CIC
    refused = ["Bad Numbers Trust", "Odd Form Group"]
    assert not Organisation.objects.filter(name__in=refused).exists()
    count = Organisation.objects.count()

    again = outcomes(preview(client, make_file()))
    good = {name: row for name, row in again.items() if name not in refused}
    assert {row["outcome"] for row in good.values()} == {"Unchanged"}
    assert Organisation.objects.count() == count


def test_a_confirmed_import_cannot_be_replayed(staff):
    client = staff
    response = preview(client, csv_file())
    data = {"token": response.context["token"], "extension": "csv"}
    client.post(URL, data)
    replay = client.post(URL, data, follow=True)
    assert "already been done" in replay.content.decode()


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_form(staff):
    response = staff.post(URL, {"file": SimpleUploadedFile("members.pdf", b"%PDF-1.4")})
    assert "CSV file or an Excel workbook" in response.content.decode()
    bad_xlsx = staff.post(URL, {"file": SimpleUploadedFile("members.xlsx", b"not zip")})
    assert "could not read this file" in bad_xlsx.content.decode()
    no_header = staff.post(URL, {"file": SimpleUploadedFile("m.csv", b"Oakfield,charity\n")})
    assert "must name the columns" in no_header.content.decode()


def test_only_staff_see_the_import_menu_and_page(p, staff):
    for persona in ("anonymous", "member", "org_admin"):
        assert client_for(persona, p).get(URL).status_code == 302  # to the admin sign-in
    editor = client_for("member", p)
    editor_user = p.member
    editor_user.is_staff = True
    editor_user.save()
    from django.contrib.auth.models import Permission

    editor_user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    editor.force_login(editor_user, backend="django.contrib.auth.backends.ModelBackend")
    refused = editor.get(URL)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert "Import organisations" not in editor.get(reverse("wagtailadmin_home")).content.decode()
    assert "Import organisations" in staff.get(reverse("wagtailadmin_home")).content.decode()
    assert staff.get(URL).status_code == 200
