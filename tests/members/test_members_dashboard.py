"""The members' dashboard: who you are, your organisations, acting for one, emails, volunteering."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.events import Event
from consortium.models import Membership, MembershipStatus, Organisation, Person, Role
from consortium.notifications import messenger as messaging
from tests.personas import PERSONAS, client_for, make_member, make_personas

pytestmark = pytest.mark.django_db

SIGN_IN = 302  # redirected to /accounts/login/?next=...

# (description, url-builder, {persona: expected status}); GET unless the builder says POST.
ACCESS = [
    (
        "the to-do page",
        lambda p: "/members/to-do/",
        {
            "anonymous": SIGN_IN,
            "volunteer": 200,
            "other_member": 200,
            "member": 200,
            "org_admin": 200,
            "staff": 200,
        },
    ),
    (
        "members' dashboard",
        lambda p: "/members/",
        {
            "anonymous": SIGN_IN,
            "volunteer": 200,
            "other_member": 200,
            "member": 200,
            "org_admin": 200,
            "staff": 200,
        },
    ),
    (
        "notification settings",
        lambda p: "/members/notifications/",
        {
            "anonymous": SIGN_IN,
            "volunteer": 200,
            "other_member": 200,
            "member": 200,
            "org_admin": 200,
            "staff": 200,
        },
    ),
    (
        "volunteering details",
        lambda p: "/members/volunteering/",
        {
            "anonymous": SIGN_IN,
            "volunteer": 200,
            "other_member": 403,
            "member": 403,
            "org_admin": 403,
            "staff": 403,
        },
    ),
    (
        "switch to acting for the member's organisation (POST)",
        lambda p: ("POST", "/members/acting-for/", {"organisation": p.organisation.pk}),
        {
            "anonymous": SIGN_IN,
            "volunteer": 403,
            "other_member": 403,
            "member": 302,
            "org_admin": 302,
            "staff": 403,
        },
    ),
]


def request_as(client, target):
    if isinstance(target, tuple):
        _, url, data = target
        return client.post(url, data)
    return client.get(target)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description, url, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_who_gets_what_on_the_members_pages(description, url, expected, persona):
    personas = make_personas()
    response = request_as(client_for(persona, personas), url(personas))
    assert response.status_code == expected[persona]
    if expected[persona] == SIGN_IN and persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.fixture
def personas():
    return make_personas()


def test_dashboard_shows_who_you_are_and_your_organisations_with_role_and_status(personas):
    pending = Organisation.objects.create(name="Moorside Community Transport")
    Membership.objects.create(user=personas.org_admin, organisation=pending)

    html = client_for("org_admin", personas).get("/members/").content.decode()

    assert "org-admin-persona@example.org" in html
    assert "For an organisation" in html
    fernlea = html.split("Fernlea Food Bank", 1)[1].split("</tr>", 1)[0]
    assert "Organisation admin" in fernlea and "Approved" in fernlea and "Acting for" in fernlea
    moorside = html.split("Moorside Community Transport", 1)[1].split("</tr>", 1)[0]
    assert "Waiting for approval" in moorside
    assert "Quarry Hill Youth Club" not in html


def test_volunteer_sees_their_volunteering_details_and_a_link_to_change_them(personas):
    html = client_for("volunteer", personas).get("/members/").content.decode()
    assert "As an individual volunteer" in html
    assert "North" in html
    assert 'href="/members/volunteering/"' in html
    assert "You do not belong to any organisation yet." in html


def test_dashboard_links_only_to_pages_that_exist(personas, client):
    html = client_for("org_admin", personas).get("/members/").content.decode()
    main = html.split('id="main-content"', 1)[1].split("</main>", 1)[0]
    links = set(re.findall(r'href="(/[^"]*)"', main))
    assert links
    for href in links:
        response = client_for("org_admin", personas).get(href)
        if response.status_code == 302:  # your data: the password is asked for again first
            assert response["Location"].startswith("/accounts/reauthenticate/"), href
        else:
            assert response.status_code == 200, href


def test_person_in_two_organisations_switches_which_one_they_act_for(personas):
    user = personas.member
    Membership.objects.create(
        user=user,
        organisation=personas.other_organisation,
        status=MembershipStatus.APPROVED,
        role=Role.MEMBER,
    )
    client = client_for("member", personas)
    html = client.get("/members/").content.decode()
    assert "<legend" in html and "Acting for</legend>" in html

    response = client.post(
        "/members/acting-for/", {"organisation": personas.other_organisation.pk}, follow=True
    )

    assert "You are now acting for Quarry Hill Youth Club." in response.content.decode()
    assert Person.objects.get(user=user).acting_for == personas.other_organisation


def test_cannot_switch_to_an_organisation_whose_membership_is_not_approved(personas):
    Membership.objects.create(
        user=personas.member,
        organisation=personas.other_organisation,
        status=MembershipStatus.REQUESTED,
    )
    client = client_for("member", personas)

    response = client.post("/members/acting-for/", {"organisation": personas.other_organisation.pk})

    assert response.status_code == 403
    assert Person.objects.get(user=personas.member).acting_for == personas.organisation


@pytest.mark.parametrize("value", ["", "abc", "999999", "-1", "1e9", "<script>"])
def test_switching_to_nonsense_is_refused_and_changes_nothing(personas, value):
    response = client_for("member", personas).post("/members/acting-for/", {"organisation": value})
    assert response.status_code == 403
    assert Person.objects.get(user=personas.member).acting_for == personas.organisation


def test_switching_needs_a_post(personas):
    response = client_for("member", personas).get("/members/acting-for/")
    assert response.status_code == 405


# Notification settings --------------------------------------------------------------------


def test_notification_settings_offer_one_checkbox_per_event_labelled_in_plain_english(personas):
    html = client_for("member", personas).get("/members/notifications/").content.decode()
    for event in Event:
        shown = escape(event.label) in html
        assert shown == (event not in messaging.STAFF_EVENTS), event
    assert html.count('type="checkbox" name="wanted"') == len(Event) - len(messaging.STAFF_EVENTS)
    assert html.count(" checked") == len(Event) - len(messaging.STAFF_EVENTS)


def test_staff_also_see_the_staff_only_events(personas):
    html = client_for("staff", personas).get("/members/notifications/").content.decode()
    assert all(escape(event.label) in html for event in Event)


def test_unticking_an_event_saves_it_as_muted_and_it_stays_unticked(personas):
    client = client_for("member", personas)
    wanted = [e.value for e in messaging.events_for(personas.member) if e != Event.REPLY_RECEIVED]

    response = client.post("/members/notifications/", {"wanted": wanted}, follow=True)

    assert "Your email settings are saved." in response.content.decode()
    assert Person.objects.get(user=personas.member).muted == [Event.REPLY_RECEIVED.value]
    html = response.content.decode()
    assert re.search(rf'value="{Event.REPLY_RECEIVED.value}" id="[^"]+">', html)
    assert re.search(rf'value="{Event.JOIN_REQUESTED.value}" id="[^"]+" checked>', html)


def test_saving_settings_keeps_staff_only_mutes_a_member_cannot_see(personas):
    Person.objects.filter(user=personas.member).update(muted=[Event.LISTING_REPORTED.value])
    client_for("member", personas).post("/members/notifications/", {"wanted": []})
    muted = Person.objects.get(user=personas.member).muted
    assert Event.LISTING_REPORTED.value in muted
    assert Event.JOIN_REQUESTED.value in muted


def test_a_muted_event_sends_no_email(personas, django_capture_on_commit_callbacks, monkeypatch):
    # The join-request email's wording belongs to the organisations area; any text will do here.
    monkeypatch.setattr(messaging, "render_to_string", lambda name, context: "Join request")
    membership = Membership.objects.create(
        user=personas.volunteer, organisation=personas.organisation
    )
    with django_capture_on_commit_callbacks(execute=True):
        told = messaging.tell(Event.JOIN_REQUESTED, membership=membership)
    assert [m.to for m in mail.outbox] == [[personas.org_admin.email]]
    assert told == [personas.org_admin]

    mail.outbox.clear()
    wanted = [e.value for e in messaging.events_for(personas.org_admin)]
    wanted.remove(Event.JOIN_REQUESTED.value)
    saved = client_for("org_admin", personas).post("/members/notifications/", {"wanted": wanted})
    assert saved.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        told = messaging.tell(Event.JOIN_REQUESTED, membership=membership)

    assert told == []
    assert mail.outbox == []


def test_made_up_event_names_are_refused_on_the_form(personas):
    response = client_for("member", personas).post(
        "/members/notifications/", {"wanted": ["<script>alert(1)</script>"]}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "<script>alert(1)</script>" not in html
    assert Person.objects.get(user=personas.member).muted == []


# Volunteering details ----------------------------------------------------------------------


def volunteering(**changes):
    return {
        "volunteer_kind": "resident",
        "employer": "",
        "areas": ["south"],
        "help_kinds": ["befriending"],
        "contact_by": "email",
        "phone": "",
        **changes,
    }


def test_volunteer_changes_where_and_how_they_help(personas):
    client = client_for("volunteer", personas)
    assert 'value="north" id="id_areas_' in client.get("/members/volunteering/").content.decode()

    response = client.post("/members/volunteering/", volunteering(), follow=True)

    assert "Your volunteering details are saved." in response.content.decode()
    person = Person.objects.get(user=personas.volunteer)
    assert person.areas == ["south"] and person.help_kinds == ["befriending"]


def test_choosing_phone_contact_without_a_number_keeps_what_was_typed(personas):
    client = client_for("volunteer", personas)
    response = client.post(
        "/members/volunteering/", volunteering(contact_by="phone", areas=["east", "west"])
    )
    html = response.content.decode()
    assert "Enter a phone number, or choose to be contacted by email" in html
    assert re.search(r'value="east" id="id_areas_\d+" checked>', html)
    assert re.search(r'value="west" id="id_areas_\d+" checked>', html)
    assert Person.objects.get(user=personas.volunteer).areas == ["north"]


@settings(
    max_examples=30,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["resident", "business", "", "mayor", "<script>"]),
    employer=st.text(max_size=400),
    phone=st.text(max_size=40),
    contact_by=st.sampled_from(["email", "phone", "pigeon", ""]),
    areas=st.lists(st.sampled_from(["north", "south", "atlantis", "", "<b>"]), max_size=4),
)
def test_generated_volunteering_input_never_breaks_the_page_or_loses_saved_details(
    personas, kind, employer, phone, contact_by, areas
):
    before = Person.objects.get(user=personas.volunteer)
    data = volunteering(
        volunteer_kind=kind, employer=employer, phone=phone, contact_by=contact_by, areas=areas
    )

    response = client_for("volunteer", personas).post("/members/volunteering/", data)

    assert response.status_code in (200, 302)
    after = Person.objects.get(user=personas.volunteer)
    if response.status_code == 200:  # refused: nothing saved changes
        assert (after.areas, after.phone, after.employer) == (
            before.areas,
            before.phone,
            before.employer,
        )
        assert "There is a problem" in response.content.decode()


# Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("organisations", [2, 12])
def test_dashboard_queries_stay_the_same_however_many_organisations(
    personas, organisations, django_assert_max_num_queries
):
    user = personas.org_admin
    for n in range(organisations):
        organisation = Organisation.objects.create(name=f"Extra group {n}")
        Membership.objects.create(
            user=user, organisation=organisation, status=MembershipStatus.APPROVED
        )
    client = client_for("org_admin", personas)
    with django_assert_max_num_queries(15):
        html = client.get("/members/").content.decode()
    assert html.count("Extra group") >= organisations


def test_new_member_of_a_demo_organisation_gets_a_person_row_on_first_visit(personas):
    user = make_member("late-joiner", personas.organisation)
    Person.objects.filter(user=user).delete()
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/members/").status_code == 200
    assert Person.objects.filter(user=user).exists()
