"""Organisations: registering one, asking to join, and admins deciding on requests and
managing members."""

import pytest

from consortium.models import LegalForm, Membership, MembershipStatus, Organisation, Person, Role
from consortium.organisations import memberships
from tests.factories import UserFactory
from tests.organisations.helpers import registration, url
from tests.personas import client_for, make_member

pytestmark = pytest.mark.django_db


# --- registering ---------------------------------------------------------------------------------


def test_registering_makes_you_its_admin_acting_for_it_and_tells_staff(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(username="new-founder", email="founder@example.org")
    client = client_for("anonymous", p)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("register"),
            registration(charity_number=" 109 0096 ", postcode="hs1 2ab"),
        )
    organisation = Organisation.objects.get(name="Hillside Men's Shed")
    assert response.status_code == 302
    assert response["Location"] == url("profile", organisation)
    assert organisation.charity_number == "1090096"
    assert organisation.org_id == "GB-CHC-1090096"
    assert organisation.postcode == "HS1 2AB"
    assert organisation.verified_on is None
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert (membership.role, membership.status) == (Role.ADMIN, MembershipStatus.APPROVED)
    assert Person.objects.get(user=user).acting_for == organisation
    assert [m.to for m in mailoutbox] == [[p.staff.email]]
    assert "New organisation registered: Hillside Men's Shed" in mailoutbox[0].subject
    assert "GB-CHC-1090096" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"charity_number": "12345"}, "charity_number", "6 or 7 digits"),
        ({"charity_number": ""}, "charity_number", "needs it"),
        (
            {"legal_form": LegalForm.SCIO, "oscr_number": "SC12"},
            "oscr_number",
            "SC and 6 digits",
        ),
        (
            {"legal_form": LegalForm.CIC, "company_number": "ABC123456"},
            "company_number",
            "8 characters",
        ),
        ({"legal_form": LegalForm.UNINCORPORATED, "ccni_number": "NIC1"}, "ccni_number", "NIC"),
        (
            {"legal_form": LegalForm.UNINCORPORATED, "postcode": "NOT A PC"},
            "postcode",
            "UK postcode",
        ),
        ({"legal_form": LegalForm.UNINCORPORATED, "name": "!!!"}, "name", "letters or numbers"),
        ({"legal_form": LegalForm.UNINCORPORATED, "name": "Register"}, "name", "different name"),
    ],
)
def test_bad_numbers_and_postcodes_are_shown_on_the_field_they_belong_to(p, fields, field, message):
    client = client_for("volunteer", p)
    response = client.post(url("register"), registration(**fields))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "govuk-error-summary" in html and f'href="#id_{field}"' in html
    assert not Organisation.objects.filter(name="Hillside Men's Shed").exists()


def test_registering_a_name_taken_by_another_organisation_is_refused(p):
    response = client_for("volunteer", p).post(
        url("register"), registration(name="Fernlea food bank!", legal_form="unincorporated")
    )
    assert "very similar name" in " ".join(response.context["form"].errors["name"])


# --- joining and deciding -------------------------------------------------------------------------


def test_asking_to_join_tells_the_admins_and_they_approve(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    asker = UserFactory(username="asker", email="asker@example.org")
    client = client_for("anonymous", p)
    client.force_login(asker, backend="django.contrib.auth.backends.ModelBackend")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("join", p.organisation), {"message": "I run the Tuesday session"})
    membership = Membership.objects.get(user=asker)
    assert membership.status == MembershipStatus.REQUESTED
    assert [m.to for m in mailoutbox] == [[p.org_admin.email]]
    assert "I run the Tuesday session" in mailoutbox[0].body
    assert url("members", p.organisation) in mailoutbox[0].body

    admin = client_for("org_admin", p)
    page = admin.get(url("members", p.organisation)).content.decode()
    assert "I run the Tuesday session" in page
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            url("members", p.organisation), {"membership": membership.pk, "action": "approve"}
        )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert [m.to for m in mailoutbox] == [["asker@example.org"]]
    assert "is approved" in mailoutbox[0].subject


def test_a_declined_person_is_told_and_is_not_a_member(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    asker = UserFactory(username="asker")
    membership, _ = memberships.ask_to_join(asker, p.organisation, "hello")
    with django_capture_on_commit_callbacks(execute=True):
        client_for("staff", p).post(
            url("members", p.organisation), {"membership": membership.pk, "action": "decline"}
        )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.DECLINED
    assert "declined" in mailoutbox[-1].subject


def test_join_requests_go_to_staff_when_an_organisation_has_no_admin(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    asker = UserFactory(username="asker")
    with django_capture_on_commit_callbacks(execute=True):
        memberships.ask_to_join(asker, p.other_organisation, "")
    assert [m.to for m in mailoutbox] == [[p.staff.email]]


def test_asking_twice_does_not_ask_again(p, mailoutbox, django_capture_on_commit_callbacks):
    asker = UserFactory(username="asker")
    with django_capture_on_commit_callbacks(execute=True):
        memberships.ask_to_join(asker, p.organisation, "")
        _membership, asked = memberships.ask_to_join(asker, p.organisation, "")
    assert asked is False and len(mailoutbox) == 1


def test_a_member_of_another_organisation_cannot_approve_requests_here(p):
    asker = UserFactory(username="asker")
    membership, _ = memberships.ask_to_join(asker, p.organisation, "")
    response = client_for("other_member", p).post(
        url("members", p.organisation), {"membership": membership.pk, "action": "approve"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED


def test_admins_change_roles_and_remove_people(p):
    admin = client_for("org_admin", p)
    member = Membership.objects.get(user=p.member)
    admin.post(url("members", p.organisation), {"membership": member.pk, "action": "make-admin"})
    member.refresh_from_db()
    assert member.role == Role.ADMIN
    admin.post(url("members", p.organisation), {"membership": member.pk, "action": "remove"})
    member.refresh_from_db()
    assert member.status == MembershipStatus.LEFT
    assert client_for("member", p).get(url("documents", p.organisation)).status_code == 404


def test_the_last_admin_cannot_step_down_or_be_removed(p):
    admin = client_for("org_admin", p)
    own = Membership.objects.get(user=p.org_admin)
    for action in ("make-member", "remove"):
        response = admin.post(
            url("members", p.organisation), {"membership": own.pk, "action": action}, follow=True
        )
        assert "must keep at least one organisation admin" in response.content.decode()
        own.refresh_from_db()
        assert (own.role, own.status) == (Role.ADMIN, MembershipStatus.APPROVED)


def test_an_admin_may_step_down_once_someone_else_is_admin(p):
    second = make_member("second-admin", p.organisation, Role.ADMIN)
    own = Membership.objects.get(user=p.org_admin)
    memberships.change_role(own, Role.MEMBER, by=p.org_admin)
    own.refresh_from_db()
    assert own.role == Role.MEMBER
    with pytest.raises(memberships.LastAdminError):
        memberships.remove(Membership.objects.get(user=second), by=second)
