"""Survey responses: only moderators and survey managers list and export them, and the
exports open safely in a spreadsheet."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group

from home.models import SurveySubmission
from tests.factories import UserFactory
from tests.public.survey_answers import GOOD_ANSWERS

pytestmark = pytest.mark.django_db


def test_staff_export_responses_as_csv(client, survey, admin_user):
    client.post(survey.url, GOOD_ANSWERS)
    client.force_login(admin_user)
    listing = client.get(f"/admin/forms/submissions/{survey.pk}/")
    assert listing.status_code == 200 and "Riverside Befrienders" in listing.content.decode()
    response = client.get(f"/admin/forms/submissions/{survey.pk}/", {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert "Your organisation" in rows[0]
    column = rows[0].index("Your organisation")
    assert rows[1][column] == "Riverside Befrienders"


def test_members_cannot_see_survey_responses(client, survey):
    client.post(survey.url, GOOD_ANSWERS)
    client.force_login(UserFactory())
    response = client.get(f"/admin/forms/submissions/{survey.pk}/")
    assert response.status_code in (302, 403)


# --- Exports open safely in a spreadsheet ---------------------------------------------------

# Answers a spreadsheet would otherwise run as formulas (OWASP "CSV injection").
HOSTILE_ANSWERS = [
    '=HYPERLINK("http://x", "Click")',
    "+1+2",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    # The form strips leading white space, but answers stored another way may keep it.
    "\t=1+1",
    "\r=1+1",
]
# A summer afternoon: 13:05 in UTC is 14:05 in the UK (British Summer Time).
SENT_IN_JULY = datetime.datetime(2026, 7, 1, 13, 5, tzinfo=datetime.UTC)


def export(client, survey, export_format):
    response = client.get(f"/admin/forms/submissions/{survey.pk}/", {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def hostile_answers(client, survey):
    for answer in HOSTILE_ANSWERS:
        answers = {**GOOD_ANSWERS, "your_organisation": answer, "anything_else": "We charge £10."}
        if answer[0].isspace():
            SurveySubmission.objects.create(page=survey, form_data=answers)
        else:
            assert "Thank you" in client.post(survey.url, answers).content.decode()
    SurveySubmission.objects.update(submit_time=SENT_IN_JULY)


def test_csv_export_opens_in_excel_with_pounds_uk_times_and_no_live_formulas(
    client, survey, admin_user, hostile_answers
):
    client.force_login(admin_user)
    body = export(client, survey, "csv")

    assert body.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark: Excel shows '£' as 'Â£'"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    headings, answers = rows[0], rows[1:]
    organisation = [row[headings.index("Your organisation")] for row in answers]
    assert organisation == ["'" + answer for answer in HOSTILE_ANSWERS]
    assert {row[headings.index("Anything else?")] for row in answers} == {"We charge £10."}
    assert {row[headings.index("Sent (UK time)")] for row in answers} == {"01/07/2026 14:05"}
    # Ordinary answers are exported as they were given.
    assert {row[headings.index("Email address")] for row in answers} == {"hello@riverside.example"}


def test_xlsx_export_has_no_live_formulas_and_uk_times(client, survey, admin_user, hostile_answers):
    client.force_login(admin_user)
    sheet = openpyxl.load_workbook(io.BytesIO(export(client, survey, "xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    headings, answers = rows[0], rows[1:]
    organisation = [row[headings.index("Your organisation")] for row in answers]
    # Every answer comes back exactly, a carriage return included (openpyxl writes it as
    # &#13; with lxml, which python-docx installs).
    assert organisation == ["'" + answer for answer in HOSTILE_ANSWERS]
    assert {row[headings.index("Sent (UK time)")] for row in answers} == {
        datetime.datetime(2026, 7, 1, 14, 5)
    }
    assert {row[headings.index("Anything else?")] for row in answers} == {"We charge £10."}


# --- Only moderators and survey managers see the answers ------------------------------------


def staff(username, *group_names):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=group_names))
    return user


def submissions_url(survey):
    return f"/admin/forms/submissions/{survey.pk}/"


def test_communications_staff_cannot_list_or_export_survey_answers(client, survey):
    client.post(survey.url, GOOD_ANSWERS)
    client.force_login(staff("editor", "Communications"))

    assert "/admin/forms/" not in client.get("/admin/").content.decode()  # no Forms menu item
    assert survey.title not in client.get("/admin/forms/").content.decode()
    for params in ({}, {"export": "csv"}, {"export": "xlsx"}):
        response = client.get(submissions_url(survey), params)
        assert response.status_code in (302, 403), params
        assert b"hello@riverside.example" not in response.content
    editing = client.get(f"/admin/pages/{survey.pk}/edit/")
    assert editing.status_code == 200  # they still edit the survey itself
    assert submissions_url(survey) not in editing.content.decode()


@pytest.mark.parametrize(
    "groups",
    [("Moderators",), ("Communications", "Survey managers")],
    ids=["moderator", "survey manager"],
)
def test_moderators_and_survey_managers_list_and_export_survey_answers(client, survey, groups):
    client.post(survey.url, GOOD_ANSWERS)
    client.force_login(staff("manager", *groups))

    assert submissions_url(survey) in client.get("/admin/forms/").content.decode()
    listing = client.get(submissions_url(survey))
    assert listing.status_code == 200 and "hello@riverside.example" in listing.content.decode()
    assert b"hello@riverside.example" in export(client, survey, "csv")
    editing = client.get(f"/admin/pages/{survey.pk}/edit/").content.decode()
    assert submissions_url(survey) in editing


def test_admins_can_let_another_group_see_survey_answers(client, admin_user):
    client.force_login(admin_user)
    group = Group.objects.get(name="Survey managers")
    html = client.get(f"/admin/groups/edit/{group.pk}/").content.decode()
    assert "<h3>Survey response</h3>" in html
