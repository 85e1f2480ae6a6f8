"""The people of the members' area, for permission and journey tests.

``make_personas()`` creates two organisations and one person of each kind that the
permission rules tell apart; ``PERSONAS`` names them in the order tests report them.
Use ``client_for(persona_name, personas)`` to get a Django test client signed in as one.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.test import Client

from consortium.models import (
    AccountType,
    LegalForm,
    Membership,
    MembershipStatus,
    Organisation,
    Person,
    Role,
)
from consortium.permissions import BROKERAGE_GROUP
from tests.factories import UserFactory

PERSONAS = ["anonymous", "volunteer", "other_member", "member", "org_admin", "staff"]


@dataclass
class Personas:
    organisation: Organisation  # the one "member" and "org_admin" act for
    other_organisation: Organisation  # the one "other_member" acts for
    volunteer: object
    other_member: object
    member: object
    org_admin: object
    staff: object

    def user(self, name):
        return None if name == "anonymous" else getattr(self, name)


def make_member(username, organisation, role=Role.MEMBER):
    user = UserFactory(username=username)
    Person.objects.get_or_create(user=user, defaults={"acting_for": organisation})
    Membership.objects.create(
        user=user, organisation=organisation, role=role, status=MembershipStatus.APPROVED
    )
    return user


def make_personas():
    organisation = Organisation.objects.create(
        name="Fernlea Food Bank",
        legal_form=LegalForm.REGISTERED_CHARITY,
        charity_number="1090095",
        postcode="SW1A 1AA",
    )
    other = Organisation.objects.create(
        name="Quarry Hill Youth Club",
        legal_form=LegalForm.CIC,
        company_number="08255580",
    )
    volunteer = UserFactory(username="volunteer-persona")
    Person.objects.create(user=volunteer, account_type=AccountType.VOLUNTEER, areas=["north"])
    staff = UserFactory(username="staff-persona")
    Person.objects.create(user=staff)
    staff.groups.add(Group.objects.get_or_create(name=BROKERAGE_GROUP)[0])
    return Personas(
        organisation=organisation,
        other_organisation=other,
        volunteer=volunteer,
        other_member=make_member("other-member-persona", other),
        member=make_member("member-persona", organisation),
        org_admin=make_member("org-admin-persona", organisation, Role.ADMIN),
        staff=staff,
    )


def client_for(name, personas):
    client = Client()
    user = personas.user(name)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
