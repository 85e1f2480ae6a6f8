"""Offers and needs: replying to a listing, answering replies, and finishing matches."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from consortium.brokerage import rules as brokerage
from consortium.models import (
    ListingKind,
    ListingStatus,
    Match,
    MatchStatus,
    Reply,
    ReplyStatus,
    Verdict,
)
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import _agreed_match, as_user

pytestmark = pytest.mark.django_db


# --- Replies and matches -----------------------------------------------------------------


def test_another_organisation_replies_pointing_to_its_offer_and_the_owner_is_told(
    personas, need, mailoutbox, django_capture_on_commit_callbacks
):
    offer = make_listing(
        personas.other_organisation, kind=ListingKind.OFFER, title="Our volunteers"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("other_member", personas).post(
            reverse("listings:reply", args=[need.pk]), {"message": "We can help", "offer": offer.pk}
        )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.organisation == personas.other_organisation and reply.offer == offer
    assert {m.to[0] for m in mailoutbox} == {personas.member.email, personas.org_admin.email}
    need.refresh_from_db()
    assert need.last_activity_at >= reply.created_at


def test_a_replier_cannot_point_to_someone_elses_offer(personas, need):
    not_theirs = make_listing(personas.organisation, kind=ListingKind.OFFER)
    response = as_user("other_member", personas).post(
        reverse("listings:reply", args=[need.pk]), {"message": "Hi", "offer": not_theirs.pk}
    )
    assert (
        response.status_code == 400
        and "Choose one of your own open offers" in response.content.decode()
    )
    assert not Reply.objects.exists()


def test_an_individual_volunteer_replies_as_themselves_and_sees_only_their_reply(personas, need):
    Reply.objects.create(
        listing=need,
        user=personas.other_member,
        organisation=personas.other_organisation,
        message="Org reply",
    )
    as_user("volunteer", personas).post(
        reverse("listings:reply", args=[need.pk]), {"message": "I can do Saturdays"}
    )
    reply = Reply.objects.get(user=personas.volunteer)
    assert reply.organisation is None
    page = (
        as_user("volunteer", personas)
        .get(reverse("listings:detail", args=[need.pk]))
        .content.decode()
    )
    assert "I can do Saturdays" in page and "Org reply" not in page
    owner_page = (
        as_user("member", personas).get(reverse("listings:detail", args=[need.pk])).content.decode()
    )
    assert "I can do Saturdays" in owner_page and "Org reply" in owner_page


def test_the_owner_sees_how_long_each_reply_has_waited_and_which_are_overdue(personas, need):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)):  # Monday
        Reply.objects.create(listing=need, user=personas.volunteer, message="Old one")
    with time_machine.travel(datetime.datetime(2027, 3, 8, 9, tzinfo=datetime.UTC)):  # next Monday
        page = (
            as_user("member", personas)
            .get(reverse("listings:detail", args=[need.pk]))
            .content.decode()
        )
        assert "waiting 7 days" in page and "Overdue" not in page
    with time_machine.travel(datetime.datetime(2027, 3, 9, 9, tzinfo=datetime.UTC)):
        page = (
            as_user("member", personas)
            .get(reverse("listings:detail", args=[need.pk]))
            .content.decode()
        )
        assert "waiting 8 days" in page and "Overdue: more than 5 working days" in page


def test_accepting_a_reply_makes_a_match_and_promises_the_listing(
    personas, need, mailoutbox, django_capture_on_commit_callbacks
):
    reply = Reply.objects.create(
        listing=need,
        user=personas.other_member,
        organisation=personas.other_organisation,
        message="We can",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("member", personas).post(
            reverse("listings:answer", args=[reply.pk]), {"decision": "accept"}
        )
    match = Match.objects.get()
    assert response["Location"] == reverse("listings:match", args=[match.pk])
    reply.refresh_from_db()
    need.refresh_from_db()
    assert reply.status == ReplyStatus.ACCEPTED and reply.answered_at
    assert match.status == MatchStatus.AGREED and need.status == ListingStatus.PROMISED
    assert [m.to for m in mailoutbox] == [[personas.other_member.email]]
    assert "accepted" in mailoutbox[0].subject


def test_declining_a_reply_tells_the_replier(
    personas, need, mailoutbox, django_capture_on_commit_callbacks
):
    reply = Reply.objects.create(listing=need, user=personas.volunteer, message="Me")
    with django_capture_on_commit_callbacks(execute=True):
        as_user("org_admin", personas).post(
            reverse("listings:answer", args=[reply.pk]), {"decision": "decline"}
        )
    reply.refresh_from_db()
    assert reply.status == ReplyStatus.DECLINED and not Match.objects.exists()
    assert [m.to for m in mailoutbox] == [[personas.volunteer.email]]


def test_the_replier_cannot_accept_their_own_reply(personas, need):
    reply = Reply.objects.create(
        listing=need,
        user=personas.other_member,
        organisation=personas.other_organisation,
        message="We can",
    )
    response = as_user("other_member", personas).post(
        reverse("listings:answer", args=[reply.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403 and not Match.objects.exists()


def test_both_sides_mark_the_match_complete_with_hours_given(
    personas, need, mailoutbox, django_capture_on_commit_callbacks
):
    match = _agreed_match(personas, need)
    url = reverse("listings:match", args=[match.pk])
    as_user("member", personas).post(url, {"verdict": "completed", "hours": "6.5"})
    match.refresh_from_db()
    assert match.status == MatchStatus.AGREED and match.owner_confirmed_at
    page = as_user("member", personas).get(url).content.decode()
    assert "The match is finished when the other side answers too" in page
    with django_capture_on_commit_callbacks(execute=True):
        as_user("other_member", personas).post(
            url, {"verdict": "completed", "hours": "6.5", "items": "2"}
        )
    match.refresh_from_db()
    need.refresh_from_db()
    assert match.status == MatchStatus.COMPLETED and match.completed_at
    assert match.hours == 6.5 and match.items == 2
    assert need.status == ListingStatus.MATCHED
    assert {m.to[0] for m in mailoutbox} == {
        personas.member.email,
        personas.org_admin.email,
        personas.other_member.email,
    }


def test_a_match_either_side_calls_a_no_show_is_recorded_as_a_no_show(personas, need):
    match = _agreed_match(personas, need)
    brokerage.confirm_match(match, "owner", Verdict.NO_SHOW)
    brokerage.confirm_match(match, "responder", Verdict.COMPLETED, {"hours": 2})
    match.refresh_from_db()
    assert match.status == MatchStatus.NO_SHOW and match.completed_at


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hours": "-1"}, "0 or more"),
        ({"items": "-3"}, "0 or more"),
        ({"money_value": "99999999999"}, "too large"),
        ({"kg_reused": "lots"}, "as a number"),
        ({"hours": "1e9"}, ""),
    ],
)
def test_match_outcomes_must_be_sensible_numbers(personas, need, data, message):
    match = _agreed_match(personas, need)
    response = as_user("member", personas).post(
        reverse("listings:match", args=[match.pk]), {"verdict": "completed", **data}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    match.refresh_from_db()
    assert match.owner_confirmed_at is None
