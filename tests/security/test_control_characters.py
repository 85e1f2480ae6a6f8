"""Invisible control characters (a bell, an escape sequence) typed into a form are dropped:
a spreadsheet file cannot hold them, and the admin's XLSX export failed on one listing title."""

import pytest
from django.urls import reverse

from consortium.models import Listing
from home.models import SurveyFormField
from tests.bids.world import make_bid_world
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import listing_form
from tests.factories import SurveyPageFactory
from tests.hostile import PAYLOADS, xlsx_rows

pytestmark = pytest.mark.django_db

TYPED = PAYLOADS["unicode-controls"]  # "hostile-\u202egnp.exe ... \u0007\u001b[31m"


def test_control_characters_typed_into_a_listing_are_dropped_and_the_xlsx_export_opens(
    client, home_page, admin_user
):
    world = make_bid_world()
    posted = world.client("lead").post(
        reverse("listings:create"), listing_form(title=TYPED, description=f"Tables {TYPED}")
    )
    assert posted.status_code == 302
    listing = Listing.objects.get()
    assert "\x07" not in listing.title and "\x1b" not in listing.title
    assert listing.title.startswith("hostile-\u202egnp.exe")  # right-to-left text is kept
    assert "\x07" not in listing.description
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    export = client.get("/admin/consortium/listing/", {"export": "xlsx"})
    assert export.status_code == 200
    assert any(listing.title in row for row in xlsx_rows(b"".join(export.streaming_content)))


def test_control_characters_in_a_survey_answer_are_dropped_and_the_xlsx_export_opens(
    client, home_page, admin_user
):
    survey = SurveyPageFactory(parent=home_page, to_address="surveys@shoal.localhost")
    SurveyFormField.objects.create(page=survey, label="Your name", field_type="singleline")
    assert client.post(survey.url, {"your_name": TYPED}).status_code == 200
    answer = survey.get_submission_class().objects.get()
    assert "\x07" not in answer.form_data["your_name"]
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    export = client.get(f"/admin/forms/submissions/{survey.pk}/", {"export": "xlsx"})
    assert export.status_code == 200
    cells = [str(cell) for row in xlsx_rows(b"".join(export.streaming_content)) for cell in row]
    assert any(cell.startswith("hostile-\u202egnp.exe") for cell in cells)


def test_control_characters_already_saved_do_not_stop_the_xlsx_export(
    client, home_page, admin_user
):
    # Saved by a way that skips the members' forms (an import, the shell, an older version).
    world = make_bid_world()
    make_listing(world.lead_org, title=f"Bell\x07 and escape\x1b[31m {TYPED}")
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    export = client.get("/admin/consortium/listing/", {"export": "xlsx"})
    assert export.status_code == 200
    cells = [str(cell) for row in xlsx_rows(b"".join(export.streaming_content)) for cell in row]
    assert any(cell.startswith("Bell and escape[31m") for cell in cells)
