"""Contact details on agreement: once a reply is accepted each side sees what the other chose
to share, on the match page and in the "accepted" email; nothing before."""

import pytest
from django.urls import reverse

from consortium.brokerage import rules as brokerage
from consortium.models import Match, Reply
from consortium.organisations.forms import EditOrganisationForm
from tests.brokerage.helpers import as_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def sharing(personas):
    """Both organisations share a public contact email and phone on their profiles."""
    for organisation, email, phone in (
        (personas.organisation, "hello@fernlea.example", "01632 960 001"),
        (personas.other_organisation, "team@quarryhill.example", "01632 960 002"),
    ):
        organisation.contact_email = email
        organisation.contact_phone = phone
        organisation.save()
    return personas


def page(name, personas, url_name, pk):
    return as_user(name, personas).get(reverse(url_name, args=[pk])).content.decode()


def test_nothing_is_shared_before_the_reply_is_accepted(sharing, need):
    reply = Reply.objects.create(
        listing=need,
        user=sharing.other_member,
        organisation=sharing.other_organisation,
        message="We can",
    )
    assert "team@quarryhill.example" not in page("member", sharing, "listings:answer", reply.pk)
    assert "hello@fernlea.example" not in page("other_member", sharing, "listings:answer", reply.pk)


def test_after_accepting_each_organisation_sees_the_others_contact_details(
    sharing, need, mailoutbox, django_capture_on_commit_callbacks
):
    reply = Reply.objects.create(
        listing=need,
        user=sharing.other_member,
        organisation=sharing.other_organisation,
        message="We can",
    )
    with django_capture_on_commit_callbacks(execute=True):
        as_user("member", sharing).post(
            reverse("listings:answer", args=[reply.pk]), {"decision": "accept"}
        )
    match = Match.objects.get()
    poster_sees = page("member", sharing, "listings:match", match.pk)
    assert "team@quarryhill.example" in poster_sees and "01632 960 002" in poster_sees
    assert "hello@fernlea.example" not in poster_sees
    replier_sees = page("other_member", sharing, "listings:match", match.pk)
    assert "hello@fernlea.example" in replier_sees and "01632 960 001" in replier_sees
    # The "accepted" email carries the poster's details too.
    (accepted,) = mailoutbox
    assert "hello@fernlea.example" in accepted.body and "01632 960 001" in accepted.body


def test_a_volunteer_shares_only_the_way_they_chose_to_be_contacted(sharing, need):
    person = sharing.volunteer.person
    person.contact_by = "phone"
    person.phone = "07700 900 123"
    person.save()
    reply = Reply.objects.create(listing=need, user=sharing.volunteer, message="I can help")
    before = page("member", sharing, "listings:answer", reply.pk)
    assert "07700 900 123" not in before
    match = brokerage.accept_reply(reply, sharing.member)
    poster_sees = page("member", sharing, "listings:match", match.pk)
    assert "07700 900 123" in poster_sees and sharing.volunteer.email not in poster_sees
    volunteer_sees = page("volunteer", sharing, "listings:match", match.pk)
    assert "hello@fernlea.example" in volunteer_sees


def test_a_volunteer_who_chose_email_shares_their_email(sharing, need):
    reply = Reply.objects.create(listing=need, user=sharing.volunteer, message="I can help")
    match = brokerage.accept_reply(reply, sharing.member)
    assert sharing.volunteer.email in page("member", sharing, "listings:match", match.pk)


def test_the_volunteer_profile_promises_only_what_is_shown(personas):
    text = as_user("volunteer", personas).get(reverse("members:volunteer_profile"))
    text = text.content.decode()
    assert "Organisations see these details when you offer to help" not in text
    assert "When an organisation accepts your offer to help" in text


def test_an_organisation_gives_a_contact_phone_that_must_be_a_phone_number(personas):
    organisation = personas.organisation
    form = EditOrganisationForm(
        data={
            "name": organisation.name,
            "legal_form": organisation.legal_form,
            "charity_number": organisation.charity_number,
            "area": organisation.area,
            "contact_phone": "call me maybe",
            "contact_email": "not an email",
        },
        instance=organisation,
    )
    assert not form.is_valid()
    assert "Enter a contact phone number using digits" in form.errors["contact_phone"][0]
    assert "contact_email" in form.errors
