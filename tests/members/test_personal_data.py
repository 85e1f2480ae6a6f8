"""Personal data rights (UK GDPR): a person downloads everything Shoal holds about them, and
deletes their account; afterwards their name reads "Deleted user" wherever it was shown, and the
records of what they did (a reply, a comment, a sign-off of version N) stay as they were."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from consortium.bids import versions as bids
from consortium.members import erasure
from consortium.models import (
    BidState,
    JointBid,
    Listing,
    Person,
    Reply,
    SectionComment,
    SignOff,
    Watch,
)
from tests.bids.world import client_for, make_bid_world, make_ready
from tests.brokerage.data import make_listing
from tests.members.account_helpers import PASSWORD, confirmed_client
from tests.personas import make_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    """A bid world where the partner has written, commented, signed off and replied."""
    world = make_bid_world()
    world.partner.first_name, world.partner.last_name = "Priya", "Partridge"
    world.partner.save()
    delivery = world.sections[1]
    delivery.body = "We run the advice sessions in six villages."
    delivery._history_user = world.partner
    delivery.save()
    bids.content_changed(world.bid, world.partner, "The delivery plan")
    JointBid.objects.filter(pk=world.bid.pk).update(state=BidState.AWAITING_SIGN_OFF)
    world.bid.refresh_from_db()
    make_ready(world.bid)
    bids.sign_off(world.bid, world.partner_org, world.partner)
    SectionComment.objects.create(
        section=delivery,
        author=world.partner,
        organisation=world.partner_org,
        body="Six, not five.",
    )
    world.partner_listing = make_listing(
        world.partner_org, title="Minibus for Tuesday lunch club", posted_by=world.partner
    )
    world.lead_listing = make_listing(
        world.lead_org, title="Room for a drop-in advice clinic", posted_by=world.lead
    )
    Reply.objects.create(
        listing=world.lead_listing,
        user=world.partner,
        organisation=world.partner_org,
        message="Our hall is free on Thursdays.",
    )
    Watch.objects.create(user=world.partner, category="equipment")
    return world


def delete_account(client, confirm="delete"):
    return client.post(reverse("account_delete"), {"confirm": confirm})


# --- Download your data ----------------------------------------------------------------------


def test_the_account_pages_link_to_download_your_data_and_delete_your_account(w):
    for name in ["members:dashboard", "account_email", "account_change_password"]:
        html = client_for("partner", w).get(reverse(name)).content.decode()
        assert ">Download your data</a>" in html, name
        assert ">Delete your account</a>" in html, name


def test_the_data_page_lists_the_persons_listings_replies_and_sign_offs(w):
    page = confirmed_client(w.partner).get("/accounts/data/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Download your data" in html
    for text in [
        "Minibus for Tuesday lunch club",  # their listing
        "Our hall is free on Thursdays.",  # their reply
        "Later Life Advice Network",  # the bid they signed off
        SignOff.objects.get().fingerprint,
        "We run the advice sessions in six villages.",  # the section they wrote
        "Six, not five.",  # their comment
        "Millbank Advice Centre",  # their organisation
    ]:
        assert text in html, text
    assert 'href="/accounts/data.json"' in html
    # Dates read as words, not as the JSON's ISO timestamps.
    joined = timezone.localtime(w.partner.date_joined)
    assert date_format(joined, "j F Y, H:i") in html
    assert w.partner.date_joined.isoformat() not in html


def test_the_json_holds_the_persons_records_and_nothing_of_another_person(w):
    make_listing(w.lead_org, title="Folding chairs for the AGM", posted_by=w.lead)
    response = confirmed_client(w.partner).get("/accounts/data.json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    sections = {section["key"]: section["rows"] for section in data["sections"]}
    assert [row["Title"] for row in sections["listings"]] == ["Minibus for Tuesday lunch club"]
    assert sections["sign_offs"][0]["Bid version"] == w.bid.version
    assert sections["account"][0]["Username"] == "bid-partner"
    text = response.content.decode()
    for stranger in ["bid-lead", "Folding chairs for the AGM", "bid-subcontractor"]:
        assert stranger not in text, stranger


def test_the_data_pages_ask_for_the_password_again_even_when_signed_in(w):
    for address in ["/accounts/data/", "/accounts/data.json", "/accounts/delete/"]:
        response = client_for("partner", w).get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("account_reauthenticate")), address
        anonymous = Client().get(address)
        assert anonymous.status_code == 302
        assert "/accounts/login/" in anonymous["Location"], address


# --- Delete your account ---------------------------------------------------------------------


def test_the_delete_page_says_what_is_deleted_and_what_is_kept(w):
    html = confirmed_client(w.partner).get("/accounts/delete/").content.decode()
    assert "<title>Delete your account" in html
    assert "What is deleted" in html and "What is kept" in html
    assert 'name="confirm"' in html


def test_typing_anything_but_delete_is_refused_on_the_form(w):
    response = delete_account(confirmed_client(w.partner), confirm="yes please")
    assert response.status_code == 200
    assert "Type the word delete to confirm" in response.content.decode()
    assert not erasure.is_erased(get_user_model().objects.get(pk=w.partner.pk))


def test_after_deletion_history_sign_offs_comments_and_replies_say_deleted_user(w):
    sign_off = SignOff.objects.get()
    fingerprint_before = bids.fingerprint(w.bid)
    client = confirmed_client(w.partner)
    response = delete_account(client)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session

    lead = client_for("lead", w)
    delivery = w.sections[1]
    pages = {
        "sign-offs": lead.get(reverse("bids:sign_offs", args=[w.bid.slug])),
        "section history": lead.get(
            reverse("bids:section_history", args=[w.bid.slug, delivery.pk])
        ),
        "section and its comments": lead.get(
            reverse("bids:section", args=[w.bid.slug, delivery.pk])
        ),
        "bid history": lead.get(reverse("bids:history", args=[w.bid.slug])),
    }
    for what, page in pages.items():
        html = page.content.decode()
        assert page.status_code == 200, what
        assert "Deleted user" in html, what
        assert "Priya" not in html and "bid-partner" not in html, what

    # The records of what happened are intact: the same sign-off of the same version.
    sign_off.refresh_from_db()
    assert sign_off.signed_by_id == w.partner.pk
    assert sign_off.bid_version == w.bid.version
    assert sign_off.voided_at is None
    assert bids.fingerprint(w.bid) == fingerprint_before == sign_off.fingerprint
    assert Reply.objects.get().message == "Our hall is free on Thursdays."
    assert SectionComment.objects.get().body == "Six, not five."
    assert Listing.objects.filter(posted_by=w.partner).count() == 1


def test_a_deleted_account_is_anonymised_and_cannot_sign_in(w):
    delete_account(confirmed_client(w.partner))
    user = get_user_model().objects.get(pk=w.partner.pk)
    assert user.get_username() == f"deleted-{user.pk}"
    assert user.get_full_name() == "Deleted user"
    assert user.email == "" and not user.is_active and not user.has_usable_password()
    assert not user.emailaddress_set.exists()
    assert not Person.objects.filter(user=user).exists()
    assert not Person.history.filter(user_id=user.pk).exists()
    assert not Watch.history.filter(user_id=user.pk).exists()
    assert not Watch.objects.filter(user=user).exists()
    assert not user.memberships.filter(status="approved").exists()
    assert not user.consortium_contacts.exists()
    for login in ["bid-partner", "bid-partner@example.org"]:
        client = Client()
        client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
        assert "_auth_user_id" not in client.session, login


def test_the_only_admin_of_an_organisation_with_other_members_is_told_what_to_do_first():
    personas = make_personas()
    client = confirmed_client(personas.org_admin)
    page = client.get("/accounts/delete/").content.decode()
    assert "You are the only admin of Fernlea Food Bank" in page
    assert "Make one of them an admin" in page
    assert 'name="confirm"' not in page
    response = delete_account(client)
    assert response.status_code == 200
    assert not erasure.is_erased(get_user_model().objects.get(pk=personas.org_admin.pk))


def test_the_lead_of_a_live_bid_is_told_to_hand_it_over_first():
    world = make_bid_world()
    client = confirmed_client(world.lead)
    response = delete_account(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert "which has a live bid (“Later Life Advice Network”)" in html
    assert "Ask another person at Brookside Community Trust" in html
    assert not erasure.is_erased(get_user_model().objects.get(pk=world.lead.pk))


def test_nobody_can_sign_up_with_a_name_kept_for_deleted_accounts():
    response = Client().post(
        reverse("account_signup"),
        {
            "email": "someone@example.org",
            "username": "deleted-7",
            "password1": "kettle-lantern-orchard-19",
            "password2": "kettle-lantern-orchard-19",
            "account_type": "organisation",
        },
    )
    assert response.status_code == 200
    assert "does not start with “deleted-”" in response.content.decode()


def test_failed_sign_ins_are_shown_and_go_with_the_account(w):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="bid-partner",
        ip_address="203.0.113.9",
        user_agent="Tablet browser",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=3,
    )
    client = confirmed_client(w.partner)
    assert "203.0.113.9" in client.get("/accounts/data/").content.decode()
    delete_account(client)
    assert not AccessAttempt.objects.filter(username="bid-partner").exists()


def test_the_data_and_delete_pages_are_valid_html(w, tmp_path):
    from tests.platform.test_valid_html import validate

    client = confirmed_client(w.partner)
    answers = {
        "data": client.get("/accounts/data/"),
        "delete": client.get("/accounts/delete/"),
        "delete with errors": delete_account(client, confirm=""),
        "refused": confirmed_client(w.lead).get("/accounts/delete/"),
        "dashboard": client.get("/members/"),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response.status_code == 200, name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
