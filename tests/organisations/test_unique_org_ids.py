"""One org-id, one organisation: registering or editing with a number another organisation
holds is refused on the form, naming it and offering to ask to join it or to dispute it with
the brokerage staff, who resolve disputes in the admin's "Org-id disputes" queue."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from consortium.models import (
    DisputeStatus,
    LegalForm,
    Membership,
    MembershipStatus,
    Organisation,
    OrgIdDispute,
)
from tests.factories import UserFactory
from tests.organisations.helpers import private_organisation, registration, url
from tests.personas import client_for

pytestmark = pytest.mark.django_db

QUEUE = "consortium_staff:org_id_disputes"


def dispute_url(org_id, **query):
    address = reverse("organisations:dispute_org_id", kwargs={"org_id": org_id})
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def decide_url(dispute):
    return reverse("consortium_staff:decide_org_id_dispute", args=[dispute.pk])


def links(response):
    return re.findall(r'href="([^"]+)"', response.content.decode().replace("&amp;", "&"))


def newcomer(p, username="newcomer"):
    user = UserFactory(username=username, email=f"{username}@example.org")
    client = client_for("anonymous", p)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return user, client


# --- the form refuses, names the holder and offers a way on -----------------------------------


def test_registering_with_an_org_id_that_exists_is_refused_naming_it_and_offering_to_join(p):
    _user, client = newcomer(p)
    response = client.post(
        url("register"),
        registration(name="Fernlea Food Bank Copy", charity_number="109 0095"),
    )
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["charity_number"])
    assert "Fernlea Food Bank already has the org-id GB-CHC-1090095" in message
    assert "ask to join Fernlea Food Bank" in message
    html = response.content.decode()
    assert 'href="#id_charity_number"' in html  # the error summary links to the field
    assert url("join", p.organisation) in links(response)
    assert dispute_url("GB-CHC-1090095", name="Fernlea+Food+Bank+Copy") in links(response)
    assert Organisation.objects.filter(org_id="GB-CHC-1090095").count() == 1
    assert not Organisation.objects.filter(name="Fernlea Food Bank Copy").exists()


def test_asking_to_join_from_the_refusal_reaches_the_holders_admins(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    user, client = newcomer(p)
    response = client.post(url("register"), registration(charity_number="1090095"))
    join = response.context["org_id_taken"]["join_url"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(join, {"message": "I started a copy by mistake"})
    membership = Membership.objects.get(user=user, organisation=p.organisation)
    assert membership.status == MembershipStatus.REQUESTED
    assert [m.to for m in mailoutbox] == [[p.org_admin.email]]


def test_any_registration_number_another_organisation_holds_is_refused(p):
    response = client_for("volunteer", p).post(
        url("register"),
        registration(legal_form=LegalForm.CIC, charity_number="1111111", company_number="8255580"),
    )
    message = " ".join(response.context["form"].errors["company_number"])
    assert "Quarry Hill Youth Club already has the org-id GB-COH-08255580" in message
    assert "charity_number" not in response.context["form"].errors


def test_editing_a_profile_to_another_organisations_number_is_refused_and_nothing_saved(p):
    client = client_for("org_admin", p)
    form = client.get(url("edit", p.organisation)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "themes"}
    data.update(company_number="08255580", is_public="on")
    response = client.post(url("edit", p.organisation), data)
    assert response.status_code == 200
    assert "Quarry Hill Youth Club already has" in " ".join(
        response.context["form"].errors["company_number"]
    )
    offer = response.context["org_id_taken"]
    assert offer["dispute_url"] == dispute_url("GB-COH-08255580", **{"for": p.organisation.slug})
    p.organisation.refresh_from_db()
    assert p.organisation.company_number == ""


def test_a_member_of_the_holder_is_sent_to_it_rather_than_asked_to_join(p):
    response = client_for("member", p).post(url("register"), registration(charity_number="1090095"))
    assert response.context["org_id_taken"]["already_member"]
    assert "which you already belong to" in response.content.decode()


def test_a_private_holder_is_named_but_joining_goes_through_the_staff(p):
    private_organisation(p)
    _user, client = newcomer(p)
    response = client.post(
        url("register"), registration(legal_form=LegalForm.CIC, company_number="08255580")
    )
    assert response.context["org_id_taken"]["join_url"] is None
    assert "its profile is not public" in response.content.decode()


def test_the_database_itself_refuses_a_second_holder_of_a_number(p):
    for numbers in ({"charity_number": "1090095"}, {"company_number": "08255580"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Organisation.objects.create(name="Second Holder", **numbers)
    Organisation.objects.create(name="No Numbers Group")
    Organisation.objects.create(name="No Numbers Either")  # empty numbers never clash


def test_staff_editing_in_the_admin_are_told_the_number_is_taken_not_shown_an_error_page(p):
    from tests.staff.test_staff_verification_and_editing import organisation_form

    organisation = p.other_organisation
    edit = reverse("consortium_organisation_modeladmin_edit", args=[organisation.pk])
    response = client_for("staff", p).post(
        edit, organisation_form(organisation, charity_number="1090095")
    )
    assert response.status_code == 200
    assert "Another organisation already has this charity number" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.charity_number == ""


def test_a_number_taken_between_checking_and_saving_is_refused_on_the_form_not_a_500(
    p, monkeypatch
):
    from consortium.organisations import org_ids

    real_first_clash = org_ids.first_clash
    calls = []

    def blind_the_first_time(numbers, exclude=None):
        calls.append(numbers)
        return None if len(calls) == 1 else real_first_clash(numbers, exclude=exclude)

    monkeypatch.setattr(org_ids, "first_clash", blind_the_first_time)
    # As if the other organisation saved its number just after these checks.
    monkeypatch.setattr(Organisation, "validate_constraints", lambda self, **kwargs: None)
    _user, client = newcomer(p)
    response = client.post(url("register"), registration(charity_number="1090095"))
    assert response.status_code == 200
    assert "Fernlea Food Bank already has" in " ".join(
        response.context["form"].errors["charity_number"]
    )
    assert not Organisation.objects.filter(name="Hillside Men's Shed").exists()


def test_an_imported_row_with_a_number_another_organisation_holds_is_a_row_error(p):
    from django.contrib.auth import get_user_model

    from tests.organisations.test_organisation_import import HEADER, csv_file, outcomes, preview

    row = ["Quarry Copy Trust", "CIC", "1111113", "", "", "8255580", "", "", "", ""]
    assert len(row) == len(HEADER)
    staff = client_for("anonymous", p)
    staff.force_login(
        get_user_model().objects.create_superuser("importer", "importer@example.org", "x"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    result = outcomes(preview(staff, csv_file(rows=[row])))["Quarry Copy Trust"]
    assert result["outcome"] == "Error"
    assert any("already has this company number" in m for m in result["messages"])


# --- disputing --------------------------------------------------------------------------------


def test_a_dispute_goes_to_the_staff_queue_and_staff_are_emailed(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    user, client = newcomer(p)
    page = client.get(dispute_url("GB-CHC-1090095", name="Castle Ward Food Pantry"))
    assert page.context["form"]["claimant_name"].value() == "Castle Ward Food Pantry"
    assert "Fernlea Food Bank has the org-id GB-CHC-1090095" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            dispute_url("GB-CHC-1090095"),
            {"claimant_name": "Castle Ward Food Pantry", "reason": "It is our number."},
        )
    assert response.status_code == 302
    dispute = OrgIdDispute.objects.get()
    assert (dispute.holder, dispute.raised_by, dispute.status) == (
        p.organisation,
        user,
        DisputeStatus.OPEN,
    )
    assert [m.to for m in mailoutbox] == [[p.staff.email]]
    assert "GB-CHC-1090095" in mailoutbox[0].subject
    assert "It is our number." in mailoutbox[0].body
    queue = client_for("staff", p).get(reverse(QUEUE)).content.decode()
    assert "Castle Ward Food Pantry" in queue and "It is our number." in queue


def test_a_dispute_from_an_edit_page_names_the_disputing_organisation(p):
    other = p.other_organisation
    admin = UserFactory(username="quarry-admin")
    Membership.objects.create(
        user=admin, organisation=other, role="admin", status=MembershipStatus.APPROVED
    )
    client = client_for("anonymous", p)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        dispute_url("GB-CHC-1090095", **{"for": other.slug}),
        {"claimant_name": other.name, "reason": "Ours since 2004."},
    )
    assert response["Location"] == url("profile", other)
    assert OrgIdDispute.objects.get().claimant == other


def test_a_reason_too_long_or_missing_is_refused_on_the_dispute_form(p):
    _user, client = newcomer(p)
    long = client.post(dispute_url("GB-CHC-1090095"), {"claimant_name": "X", "reason": "a" * 2001})
    assert "2,000" in " ".join(long.context["form"].errors["reason"])
    empty = client.post(dispute_url("GB-CHC-1090095"), {"claimant_name": "X", "reason": " "})
    assert "Say why" in " ".join(empty.context["form"].errors["reason"])
    assert not OrgIdDispute.objects.exists()


def test_disputing_twice_says_the_first_is_with_the_staff(p):
    _user, client = newcomer(p)
    data = {"claimant_name": "Castle Ward", "reason": "Ours."}
    client.post(dispute_url("GB-CHC-1090095"), data)
    response = client.get(dispute_url("GB-CHC-1090095"), follow=True)
    assert "You disputed GB-CHC-1090095 on" in response.content.decode()
    assert OrgIdDispute.objects.count() == 1


def test_an_org_id_nobody_holds_cannot_be_disputed_and_members_cannot_dispute_their_own(p):
    _user, client = newcomer(p)
    assert client.get(dispute_url("GB-CHC-7777777")).status_code == 404
    assert client.get(dispute_url("not-an-org-id")).status_code == 404
    assert client_for("member", p).get(dispute_url("GB-CHC-1090095")).status_code == 403
    assert client_for("anonymous", p).get(dispute_url("GB-CHC-1090095")).status_code == 302


# --- staff decide -----------------------------------------------------------------------------


def raise_dispute(p):
    user = UserFactory(username="disputer", email="disputer@example.org")
    dispute = OrgIdDispute.objects.create(
        org_id="GB-CHC-1090095",
        holder=p.organisation,
        claimant_name="Castle Ward Food Pantry",
        raised_by=user,
        reason="Ours.",
    )
    return dispute


@pytest.mark.parametrize("decision", ["resolved", "rejected"])
def test_staff_resolve_or_reject_a_dispute_with_a_note_and_the_disputer_is_told(
    p, decision, mailoutbox, django_capture_on_commit_callbacks
):
    dispute = raise_dispute(p)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff", p).post(
            decide_url(dispute), {"decision": decision, "note": "We checked the register."}
        )
    assert response["Location"] == reverse(QUEUE)
    dispute.refresh_from_db()
    assert (dispute.status, dispute.decided_by) == (decision, p.staff)
    assert dispute.staff_note == "We checked the register."
    assert [m.to for m in mailoutbox] == [["disputer@example.org"]]
    assert f"is {decision}" in mailoutbox[0].subject
    assert "We checked the register." in mailoutbox[0].body
    queue = client_for("staff", p).get(reverse(QUEUE)).content.decode()
    assert "No disputes are waiting" in queue


def test_a_note_over_the_limit_or_no_decision_leaves_the_dispute_open_with_a_message(p):
    dispute = raise_dispute(p)
    staff = client_for("staff", p)
    long = staff.post(
        decide_url(dispute), {"decision": "rejected", "note": "n" * 1001}, follow=True
    )
    assert "1,000" in long.content.decode()
    none = staff.post(decide_url(dispute), {"note": "ok"}, follow=True)
    assert "Choose to resolve or reject" in none.content.decode()
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.OPEN


def test_only_brokerage_staff_see_the_queue_in_the_menu(p):
    staff_page = client_for("staff", p).get(reverse("wagtailadmin_home")).content.decode()
    assert "Org-id disputes" in staff_page
    assert client_for("org_admin", p).get(reverse(QUEUE)).status_code == 302


def test_the_refusal_and_dispute_pages_are_valid_html(p, tmp_path):
    from tests.platform.test_valid_html import validate

    _user, client = newcomer(p)
    answers = {
        "register with a taken org-id": client.post(
            url("register"), registration(charity_number="1090095")
        ),
        "edit with a taken org-id": client_for("org_admin", p).post(
            url("edit", p.organisation),
            {"name": p.organisation.name, "company_number": "08255580", "area": "countywide"},
        ),
        "dispute": client.get(dispute_url("GB-CHC-1090095", name="A <b>name</b>")),
        "dispute with errors": client.post(dispute_url("GB-CHC-1090095"), {}),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response.status_code == 200, name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
