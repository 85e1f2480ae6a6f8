"""The to-do page: what waits for me, each item a link to where I do it."""

import datetime

import pytest
from django.db import reset_queries
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consortium.brokerage import conversations
from consortium.models import MatchSide, SectionComment, SignOff
from tests.bids.world import make_bid_world
from tests.members.todo_world import add_one_of_each, make_listing, reply_to
from tests.personas import make_member

pytestmark = pytest.mark.django_db

TODO = "/members/to-do/"
KINDS = [
    "replies",
    "conversations",
    "matches",
    "pledges",
    "documents",
    "sections",
    "sign_offs",
    "invitations",
]


@pytest.fixture
def world():
    return make_bid_world()


def test_a_visitor_who_is_not_signed_in_is_asked_to_sign_in(client):
    response = client.get(TODO)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_with_nothing_to_do_is_told_so_in_plain_words(world):
    response = world.client("non_member").get(TODO)
    assert response.status_code == 200
    assert "Nothing needs doing right now." in response.content.decode()


def test_each_kind_of_item_links_to_where_it_is_done(world):
    things = add_one_of_each(world)
    page = world.client("partner").get(TODO).content.decode()
    invite = things["invitations"]
    expected = {
        "replies": reverse("listings:answer", args=[things["replies"].pk]),
        "conversations": reverse("listings:answer", args=[things["conversations"].pk])
        + "#conversation",
        "matches": reverse("listings:match", args=[things["matches"].pk]),
        "pledges": reverse("buying:detail", args=[things["pledges"].scheme.slug]),
        "documents": reverse("organisations:documents", args=[world.partner_org.slug]),
        "sections": reverse("bids:section", args=[world.bid.slug, things["sections"].pk]),
        "sign_offs": reverse("bids:sign_off", args=[world.bid.slug]),
        "invitations": reverse("consortia:answer", args=[invite.consortium.slug, invite.pk]),
    }
    for kind, url in expected.items():
        assert f'id="todo-{kind}"' in page, kind
        assert f'href="{url}"' in page, kind
    assert "8 things need doing" in page


def test_every_link_on_the_page_opens_for_the_person(world):
    add_one_of_each(world)
    client = world.client("partner")
    page = client.get(TODO).content.decode()
    for kind in KINDS:
        section = page.split(f'id="todo-{kind}"')[1]
        url = section.split('href="')[1].split('"')[0]
        assert client.get(url).status_code == 200, (kind, url)


def test_someone_in_another_organisation_sees_none_of_the_partners_items(world):
    add_one_of_each(world)
    page = world.client("non_member").get(TODO).content.decode()
    assert "Nothing needs doing right now." in page
    assert "Folding tables" not in page


def test_the_replier_is_asked_to_report_the_match_but_not_to_answer_their_own_reply(world):
    things = add_one_of_each(world)
    page = world.client("lead").get(TODO).content.decode()
    assert reverse("listings:match", args=[things["matches"].pk]) in page
    assert reverse("listings:answer", args=[things["replies"].pk]) not in page


def test_a_conversation_leaves_the_list_once_my_side_has_written_back(world):
    things = add_one_of_each(world)
    reply = things["conversations"]
    assert 'id="todo-conversations"' in world.client("partner").get(TODO).content.decode()
    assert 'id="todo-conversations"' not in world.client("lead").get(TODO).content.decode()
    conversations.send_message(reply, world.partner, MatchSide.OWNER, "Friday suits us.")
    assert 'id="todo-conversations"' not in world.client("partner").get(TODO).content.decode()
    assert 'id="todo-conversations"' in world.client("lead").get(TODO).content.decode()


def test_a_match_leaves_the_list_once_my_side_has_said_what_happened(world):
    things = add_one_of_each(world)
    match = things["matches"]
    match.owner_verdict = "completed"
    match.save()
    page = world.client("partner").get(TODO).content.decode()
    assert reverse("listings:match", args=[match.pk]) not in page


def test_a_sign_off_leaves_the_list_once_my_organisation_has_signed_this_version(world):
    add_one_of_each(world)
    SignOff.objects.create(
        bid=world.bid,
        organisation=world.partner_org,
        signed_by=world.partner,
        bid_version=world.bid.version,
        fingerprint="0" * 64,
    )
    page = world.client("partner").get(TODO).content.decode()
    assert reverse("bids:sign_off", args=[world.bid.slug]) not in page


def test_a_subcontractor_is_not_asked_to_sign_off(world):
    add_one_of_each(world)
    page = world.client("subcontractor").get(TODO).content.decode()
    assert reverse("bids:sign_off", args=[world.bid.slug]) not in page


def test_documents_expiring_after_30_days_and_windows_closing_later_wait(world):
    things = add_one_of_each(world)
    today = timezone.localdate()
    things["documents"].expires_on = today + datetime.timedelta(days=31)
    things["documents"].save()
    scheme = things["pledges"].scheme
    scheme.closes_on = today + datetime.timedelta(days=40)
    scheme.save()
    page = world.client("partner").get(TODO).content.decode()
    assert 'id="todo-documents"' not in page
    assert 'id="todo-pledges"' not in page


def test_an_invitation_shows_only_to_the_invited_organisations_admins(world):
    things = add_one_of_each(world)
    plain_member = make_member("partner-volunteer-coordinator", world.partner_org)
    client = Client()
    client.force_login(plain_member, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(TODO).content.decode()
    invite = things["invitations"]
    assert reverse("consortia:answer", args=[invite.consortium.slug, invite.pk]) not in page
    assert reverse("listings:answer", args=[things["replies"].pk]) in page


def test_a_section_to_write_that_gets_a_comment_is_listed_under_both_at_once(world):
    client = world.client("partner")
    section = world.sections[1]  # the delivery plan, the partner's to write
    url = reverse("bids:section", args=[world.bid.slug, section.pk])
    page = client.get(TODO).content.decode()
    assert f'href="{url}"' in page
    assert 'id="todo-commented"' not in page
    SectionComment.objects.create(
        section=section, author=world.lead, organisation=world.lead_org, body="Which libraries?"
    )
    page = client.get(TODO).content.decode()
    assert f'href="{url}"' in page
    assert f'href="{url}#comments"' in page
    assert "1 open comment" in page


def test_the_page_reads_the_same_number_of_queries_however_much_is_waiting(
    world, django_assert_max_num_queries
):
    add_one_of_each(world, n=0)
    client = world.client("partner")
    client.get(TODO)  # warm the site's remembered menus
    reset_queries()  # the log keeps 9,000 queries: making the data must not fill it
    with django_assert_max_num_queries(40) as few:
        client.get(TODO)
    baseline = len(few.captured_queries)
    for n in range(1, 6):
        add_one_of_each(world, n=n)
        listing = make_listing(world.partner_org, world.partner, f"Chairs {n}")
        reply_to(listing, world.outsider_org, world.non_member)
    client.get(TODO)  # new data moves the content generation on: warm the menus again
    reset_queries()
    with django_assert_max_num_queries(baseline):
        page = client.get(TODO).content.decode()
    assert "Chairs 5" in page


def test_the_to_do_page_full_and_empty_is_valid_html(world, tmp_path):
    from tests.platform.test_valid_html import validate

    add_one_of_each(world)
    answers = {
        "full": world.client("partner").get(TODO),
        "empty": world.client("non_member").get(TODO),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response.status_code == 200, name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
