"""Organisations: editing the profile and its logo, and generated input to the register and
edit forms."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.models import Area, LegalForm, Organisation
from tests.factories import png_bytes
from tests.organisations.helpers import url
from tests.personas import client_for

pytestmark = pytest.mark.django_db


# --- editing the profile -------------------------------------------------------------------


def edit_data(client, organisation, **changes):
    form = client.get(url("edit", organisation)).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "themes":
            data[name] = [t.pk for t in value or []]
        elif name in ("is_public", "remove_logo"):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    data.pop("logo_upload", None)
    data.update(changes)
    return data


def test_an_admin_edits_the_profile_and_uploads_a_logo(p):
    client = client_for("org_admin", p)
    data = edit_data(client, p.organisation, description="Now open on Saturdays")
    data["logo_upload"] = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client.post(url("edit", p.organisation), data)
    assert response.status_code == 302
    p.organisation.refresh_from_db()
    assert p.organisation.description == "Now open on Saturdays"
    assert p.organisation.logo.title == "Fernlea Food Bank logo"
    html = client.get(url("profile", p.organisation)).content.decode()
    assert 'alt="Fernlea Food Bank logo"' in html


def test_a_damaged_image_as_logo_is_refused_on_the_form(p):
    client = client_for("org_admin", p)
    data = edit_data(client, p.organisation, description="Changed")
    data["logo_upload"] = SimpleUploadedFile("logo.png", png_bytes()[:40])
    response = client.post(url("edit", p.organisation), data)
    assert response.status_code == 200
    assert "says it is a PNG image but cannot be read as one" in " ".join(
        response.context["form"].errors["logo_upload"]
    )
    p.organisation.refresh_from_db()
    assert p.organisation.description == "" and p.organisation.logo is None


def test_a_logo_that_is_not_an_image_is_refused_on_the_form(p):
    client = client_for("org_admin", p)
    data = edit_data(client, p.organisation, description="Changed")
    data["logo_upload"] = SimpleUploadedFile("logo.png", b"<html><script>1</script>")
    response = client.post(url("edit", p.organisation), data)
    assert "not a real .png file" in " ".join(response.context["form"].errors["logo_upload"])
    p.organisation.refresh_from_db()
    assert p.organisation.description == "" and p.organisation.logo is None


def test_saving_over_someone_elses_newer_save_is_refused_and_keeps_your_input(p):
    admin = client_for("org_admin", p)
    mine = edit_data(admin, p.organisation, description="My careful description")
    theirs = edit_data(client_for("staff", p), p.organisation, locality="Staff edit")
    assert client_for("staff", p).post(url("edit", p.organisation), theirs).status_code == 302

    response = admin.post(url("edit", p.organisation), mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this profile after you opened it" in html
    assert "My careful description" in html
    p.organisation.refresh_from_db()
    assert p.organisation.locality == "Staff edit"
    assert p.organisation.description == ""

    # Saving again, having seen the warning, replaces their version on purpose.
    again = {**mine, "version": response.context["form"].data["version"]}
    assert admin.post(url("edit", p.organisation), again).status_code == 302
    p.organisation.refresh_from_db()
    assert p.organisation.description == "My careful description"


def test_editing_never_changes_the_verified_date(p):
    p.organisation.verified_on = datetime.date(2026, 1, 5)
    p.organisation.save()
    client = client_for("org_admin", p)
    data = edit_data(client, p.organisation, verified_on="2030-01-01", description="x")
    client.post(url("edit", p.organisation), data)
    p.organisation.refresh_from_db()
    assert p.organisation.verified_on == datetime.date(2026, 1, 5)


# --- generated input -------------------------------------------------------------------------

TEXT = st.text(max_size=300)
FIELD_VALUES = st.fixed_dictionaries(
    {
        "name": TEXT,
        "legal_form": st.sampled_from([*LegalForm.values, "nonsense", ""]),
        "charity_number": TEXT,
        "oscr_number": TEXT,
        "ccni_number": TEXT,
        "company_number": TEXT,
        "income_band": st.sampled_from(["", "under-10k", "lots"]),
        "short_description": st.one_of(TEXT, st.just("<script>alert(1)</script>")),
        "description": TEXT,
        "website": st.one_of(TEXT, st.just("javascript:alert(1)")),
        "area": st.sampled_from([*Area.values, "moon"]),
        "locality": TEXT,
        "postcode": TEXT,
        "themes": st.sampled_from([[], ["999999"], ["x"]]),
    }
)
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@HYPOTHESIS
@given(data=FIELD_VALUES)
def test_generated_registrations_never_break_the_form_or_other_organisations(p, data):
    before = list(Organisation.objects.order_by("pk").values())
    response = client_for("volunteer", p).post(url("register"), data)
    assert response.status_code in (200, 302)
    after = list(Organisation.objects.order_by("pk").values())
    assert after[: len(before)] == before
    if response.status_code == 200:
        assert len(after) == len(before)
    else:
        Organisation.objects.filter(pk__gt=before[-1]["id"]).delete()


@HYPOTHESIS
@given(data=FIELD_VALUES)
def test_generated_profile_edits_never_break_the_form_or_lose_the_profile(p, data):
    client = client_for("org_admin", p)
    saved = Organisation.objects.filter(pk=p.organisation.pk).values().get()
    posted = {**edit_data(client, p.organisation), **data}
    response = client.post(url("edit", p.organisation), posted)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Organisation.objects.filter(pk=p.organisation.pk).values().get() == saved
    else:
        Organisation.objects.filter(pk=p.organisation.pk).update(
            **{k: v for k, v in saved.items() if k != "id"}
        )
