"""Staff carry out an erasure request from the admin: a superuser finds the person in
Settings → Users, chooses "Erase personal data", confirms, and the same erasure as "Delete
your account" runs. Nobody else can."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from consortium.members import erasure
from consortium.models import Membership, MembershipStatus, Reply
from tests.brokerage.data import make_listing
from tests.factories import UserFactory
from tests.members.account_helpers import confirmed_client
from tests.staff.helpers import index_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="data-officer", is_superuser=True, is_staff=True)


def erase_url(user):
    return reverse("consortium_erase_user", args=[user.pk])


def test_a_superuser_sees_erase_personal_data_on_the_users_list(personas, superuser):
    html = confirmed_client(superuser).get(reverse("wagtailusers_users:index")).content.decode()
    assert "Erase personal data" in html
    assert erase_url(personas.member) in html


def test_a_superuser_erases_a_member_after_confirming(personas, superuser):
    member = personas.member
    listing = make_listing(personas.other_organisation, title="Gazebo to lend")
    Reply.objects.create(
        listing=listing, user=member, organisation=personas.organisation, message="Yes please"
    )
    client = confirmed_client(superuser)
    page = client.get(erase_url(member)).content.decode()
    assert "member-persona@example.org" in page
    assert "Yes, erase the personal data of member-persona" in page

    response = client.post(erase_url(member))
    assert response.status_code == 302
    member = get_user_model().objects.get(pk=member.pk)
    assert erasure.is_erased(member)
    assert member.get_full_name() == "Deleted user"
    assert Reply.objects.get().message == "Yes please"  # the record stays
    assert Membership.objects.get(user=member).status == MembershipStatus.LEFT
    client.get(reverse("wagtailusers_users:index"))  # shows "... is erased" once
    users = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "Deleted user" in users
    assert "member-persona@example.org" not in users
    for model_name in ["reply", "membership"]:
        listing_page = client.get(index_url(model_name)).content.decode()
        assert "Deleted user" in listing_page, model_name


def test_staff_who_are_not_superusers_cannot_erase_anyone(personas, superuser):
    response = confirmed_client(personas.staff).post(erase_url(personas.member))
    assert response.status_code in (302, 403)
    assert not erasure.is_erased(get_user_model().objects.get(pk=personas.member.pk))


def test_staff_are_told_to_appoint_another_admin_before_erasing_the_only_one(personas, superuser):
    client = confirmed_client(superuser)
    page = client.get(erase_url(personas.org_admin)).content.decode()
    assert "You are the only admin of Fernlea Food Bank" in page
    client.post(erase_url(personas.org_admin))
    assert not erasure.is_erased(get_user_model().objects.get(pk=personas.org_admin.pk))
