"""Brokerage staff in the Wagtail admin: verifying organisations, the organisation edit
form, and two people editing at once."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.models import Moderation, Organisation
from consortium.permissions import BROKERAGE_GROUP
from tests.factories import UserFactory
from tests.personas import client_for
from tests.staff.helpers import history_url, listing

pytestmark = pytest.mark.django_db


# --- verification -----------------------------------------------------------------------------


def test_staff_mark_an_organisation_verified_today(staff_client, personas):
    organisation = personas.organisation
    response = staff_client.post(
        reverse("consortium_staff:verify_organisation", args=[organisation.pk])
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.verified_on == timezone.localdate()
    assert organisation.verified_by == personas.staff
    latest = organisation.history.latest()
    assert latest.history_user == personas.staff
    assert latest.history_change_reason == "Marked verified"


def test_verifying_needs_a_post(staff_client, personas):
    url = reverse("consortium_staff:verify_organisation", args=[personas.organisation.pk])
    assert staff_client.get(url).status_code == 405
    personas.organisation.refresh_from_db()
    assert personas.organisation.verified_on is None


def organisation_form(organisation, **changes):
    data = {
        "name": organisation.name,
        "slug": organisation.slug,
        "legal_form": organisation.legal_form,
        "charity_number": organisation.charity_number,
        "oscr_number": organisation.oscr_number,
        "ccni_number": organisation.ccni_number,
        "company_number": organisation.company_number,
        "income_band": organisation.income_band,
        "short_description": organisation.short_description,
        "description": organisation.description,
        "website": organisation.website,
        "area": organisation.area,
        "locality": organisation.locality,
        "postcode": organisation.postcode,
        "is_public": "on" if organisation.is_public else "",
        "verified_on": "",
    }
    data.update(changes)
    return data


def test_setting_verified_on_in_the_edit_form_records_who(staff_client, personas):
    organisation = personas.organisation
    edit = reverse("consortium_organisation_modeladmin_edit", args=[organisation.pk])
    response = staff_client.post(edit, organisation_form(organisation, verified_on="2026-11-02"))
    assert response.status_code == 302, response.content.decode()[:3000]
    organisation.refresh_from_db()
    assert str(organisation.verified_on) == "2026-11-02"
    assert organisation.verified_by == personas.staff


def test_a_bad_registration_number_in_the_edit_form_is_refused_and_nothing_lost(
    staff_client, personas
):
    organisation = personas.organisation
    edit = reverse("consortium_organisation_modeladmin_edit", args=[organisation.pk])
    response = staff_client.post(
        edit, organisation_form(organisation, charity_number="12AB", name="Renamed")
    )
    assert response.status_code == 200
    assert "charity" in response.content.decode().lower()
    organisation.refresh_from_db()
    assert organisation.name == "Fernlea Food Bank" and organisation.charity_number == "1090095"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.text(max_size=250),
    postcode=st.text(max_size=12),
    number=st.text(max_size=10),
    reason=st.text(max_size=500),  # longer is refused: test_staff_moderation.py
)
def test_generated_input_to_staff_forms_never_breaks_or_loses_data(
    staff_client, personas, name, postcode, number, reason
):
    organisation = personas.organisation
    before = Organisation.objects.get(pk=organisation.pk)
    edit = reverse("consortium_organisation_modeladmin_edit", args=[organisation.pk])
    response = staff_client.post(
        edit,
        organisation_form(
            before,
            name=name.replace("\x00", ""),
            postcode=postcode.replace("\x00", ""),
            charity_number=number.replace("\x00", ""),
        ),
    )
    assert response.status_code in (200, 302)
    after = Organisation.objects.get(pk=organisation.pk)
    if response.status_code == 200:  # refused: nothing already saved is lost
        assert (after.name, after.postcode, after.charity_number) == (
            before.name,
            before.postcode,
            before.charity_number,
        )
    else:
        assert after.name  # saved: still a named organisation
    waiting = listing(after, moderation=Moderation.PENDING)
    response = staff_client.post(
        reverse("consortium_staff:reject_listing", args=[waiting.pk]),
        {"reason": reason.replace("\x00", "")},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.moderation == Moderation.REJECTED and waiting.title == "Folding tables to lend"


# --- two people editing at once ---------------------------------------------------------------


def loaded_version(client, url):
    form = BeautifulSoup(client.get(url).content, "html.parser")
    return form.find("input", {"name": "shoal_version"})["value"]


def test_a_stale_save_is_refused_and_keeps_what_was_typed(staff_client, personas):
    organisation = personas.organisation
    edit = reverse("consortium_organisation_modeladmin_edit", args=[organisation.pk])
    colleague = UserFactory(username="colleague")
    colleague.groups.add(Group.objects.get(name=BROKERAGE_GROUP))
    other_client = client_for("anonymous", personas)
    other_client.force_login(colleague, backend="django.contrib.auth.backends.ModelBackend")

    form = staff_client.get(edit).content.decode()
    assert history_url(organisation) in form  # the edit form links to the history too
    mine = loaded_version(staff_client, edit)
    theirs = loaded_version(other_client, edit)
    response = other_client.post(
        edit, organisation_form(organisation, locality="Fernlea", shoal_version=theirs)
    )
    assert response.status_code == 302

    response = staff_client.post(
        edit,
        organisation_form(organisation, short_description="My careful words", shoal_version=mine),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this organisation while you were editing it" in page
    assert "My careful words" in page  # what they typed is still in the form
    organisation.refresh_from_db()
    assert organisation.locality == "Fernlea" and organisation.short_description == ""

    # Having seen the warning, saving again from the refreshed form goes through.
    fresh = BeautifulSoup(page, "html.parser").find("input", {"name": "shoal_version"})["value"]
    response = staff_client.post(
        edit,
        organisation_form(organisation, short_description="My careful words", shoal_version=fresh),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.short_description == "My careful words"
    assert organisation.locality == "Fernlea"
