""" "Download your data" holds what a volunteer did in the brokerage too: when they said they
can help and the shifts they signed up for; and no record that names a person is missed."""

import json
import pathlib

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

from consortium.brokerage import shifts
from tests.brokerage.availability_world import make_availability
from tests.brokerage.data import make_listing
from tests.brokerage.shift_helpers import make_role_on, make_shift
from tests.members.account_helpers import confirmed_client
from tests.personas import make_personas

pytestmark = pytest.mark.django_db

# Links to a person that are not theirs to download, each with the reason.
NOT_THEIR_DATA = {
    # Wagtail pages: the editor's published work, kept with the site (and in the admin's history).
    "owner",
    "locked_by",
}
COUNTED_AS_HISTORY = {
    # The last person to change a shared bid record: the record is the organisations', and
    # the person's changes are counted under "Changes you made" (from the history tables).
    "consortium.BudgetLine.updated_by",
    "consortium.PartnerStatement.updated_by",
    "consortium.BidSection.updated_by",  # each version saved is given, from the history
}


def test_a_volunteers_download_holds_their_availability_and_shifts():
    people = make_personas()
    volunteer = people.volunteer
    make_availability(volunteer, note="I can give lifts on Tuesday mornings")
    need = make_listing(people.organisation, title="Drivers for the lunch club")
    shifts.sign_up(make_shift(make_role_on(need)), volunteer)

    data = json.loads(confirmed_client(volunteer).get("/accounts/data.json").content)
    sections = {section["key"]: section["rows"] for section in data["sections"]}
    assert sections["availability"][0]["Note"] == "I can give lifts on Tuesday mornings"
    assert sections["shift_sign_ups"][0]["Need"] == "Drivers for the lunch club"
    assert sections["hours"] == []


def test_every_record_that_names_a_person_is_in_their_download():
    sources = "".join(
        path.read_text()
        for path in pathlib.Path(settings.BASE_DIR, "consortium", "members").glob(
            "personal_data*.py"
        )
    )
    user_model = get_user_model()
    missed = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical") or model._meta.app_label not in {
            "consortium",
            "home",
        }:
            continue
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            label = f"{model._meta.label}.{field.name}"
            if field.related_model is not user_model or field.name in NOT_THEIR_DATA:
                continue
            if label in COUNTED_AS_HISTORY:
                continue
            surveys = model._meta.label == settings.SHOAL_SURVEY_SUBMISSION_MODEL  # by setting
            if f"{model.__name__}.objects.filter({field.name}=user" not in sources and not surveys:
                missed.append(label)
    assert missed == []
