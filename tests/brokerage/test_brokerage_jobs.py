"""Offers and needs: the daily jobs (overdue replies, inactive needs, expired offers)."""

import datetime
import io

import pytest
import time_machine

from consortium.brokerage import rules as brokerage
from consortium.models import ListingKind, ListingStatus, Reply
from tests.brokerage.data import make_listing

pytestmark = pytest.mark.django_db


# --- The daily jobs ----------------------------------------------------------------------------


def test_a_reply_waiting_more_than_five_working_days_is_flagged_once(
    personas, need, mailoutbox, django_capture_on_commit_callbacks, call_command=None
):
    from django.core.management import call_command

    with time_machine.travel(datetime.datetime(2027, 3, 5, 10, tzinfo=datetime.UTC)):  # Friday
        reply = Reply.objects.create(listing=need, user=personas.volunteer, message="Hello")
    # Friday + 5 working days is the next Friday: not yet more than five.
    with time_machine.travel(datetime.datetime(2027, 3, 12, 23, tzinfo=datetime.UTC)):
        assert brokerage.flag_overdue_replies() == []
    with time_machine.travel(datetime.datetime(2027, 3, 14, 10, tzinfo=datetime.UTC)):  # Sunday
        assert brokerage.flag_overdue_replies() == []
    with time_machine.travel(datetime.datetime(2027, 3, 15, 10, tzinfo=datetime.UTC)):  # Monday
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_brokerage_jobs", stdout=io.StringIO())
        reply.refresh_from_db()
        assert reply.overdue_flagged_at
        told = {m.to[0] for m in mailoutbox}
        assert told == {personas.member.email, personas.org_admin.email, personas.staff.email}
        assert brokerage.flag_overdue_replies() == []  # only once


def test_an_answered_reply_is_never_flagged(personas, need):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, tzinfo=datetime.UTC)):
        reply = Reply.objects.create(listing=need, user=personas.volunteer, message="Hello")
        brokerage.decline_reply(reply, personas.member)
    with time_machine.travel(datetime.datetime(2027, 4, 1, 10, tzinfo=datetime.UTC)):
        assert brokerage.flag_overdue_replies() == []


def test_working_days_skip_weekends():
    friday = datetime.date(2027, 3, 5)
    assert brokerage.working_days_between(friday, datetime.date(2027, 3, 7)) == 0
    assert brokerage.working_days_between(friday, datetime.date(2027, 3, 8)) == 1
    assert brokerage.working_days_between(friday, datetime.date(2027, 3, 12)) == 5


def test_an_inactive_need_is_warned_once_then_closed(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime.datetime(2027, 1, 1, 10, tzinfo=datetime.UTC)):
        quiet = make_listing(personas.organisation, title="Quiet need")
        offer = make_listing(personas.organisation, kind=ListingKind.OFFER, title="Quiet offer")
    with time_machine.travel(datetime.datetime(2027, 2, 22, 10, tzinfo=datetime.UTC)):  # day 52
        brokerage.run_daily_jobs()
        quiet.refresh_from_db()
        assert quiet.inactivity_warned_at is None
    with time_machine.travel(datetime.datetime(2027, 2, 23, 10, tzinfo=datetime.UTC)):  # day 53
        with django_capture_on_commit_callbacks(execute=True):
            brokerage.run_daily_jobs()
            brokerage.run_daily_jobs()
        quiet.refresh_from_db()
        assert quiet.inactivity_warned_at and quiet.status == ListingStatus.OPEN
        assert len(mailoutbox) == 2  # member and org admin, once each
        assert "will close on 2 March 2027" in mailoutbox[0].subject
    with time_machine.travel(datetime.datetime(2027, 3, 2, 10, tzinfo=datetime.UTC)):  # day 60
        brokerage.run_daily_jobs()
        quiet.refresh_from_db()
        offer.refresh_from_db()
        assert quiet.status == ListingStatus.CLOSED
        assert offer.status == ListingStatus.OPEN  # only needs close for inactivity


def test_a_reply_keeps_a_need_alive(personas):
    with time_machine.travel(datetime.datetime(2027, 1, 1, 10, tzinfo=datetime.UTC)):
        quiet = make_listing(personas.organisation)
    with time_machine.travel(datetime.datetime(2027, 2, 23, 10, tzinfo=datetime.UTC)):
        brokerage.run_daily_jobs()
        quiet.refresh_from_db()
        assert quiet.inactivity_warned_at
        brokerage.reply_to(quiet, personas.volunteer, "Still need help?")
    with time_machine.travel(datetime.datetime(2027, 3, 3, 10, tzinfo=datetime.UTC)):
        brokerage.run_daily_jobs()
        quiet.refresh_from_db()
        assert quiet.status == ListingStatus.OPEN and quiet.inactivity_warned_at is None


def test_offers_past_their_date_are_expired_by_the_daily_job(personas):
    offer = make_listing(
        personas.organisation, kind=ListingKind.OFFER, available_until=datetime.date(2027, 3, 5)
    )
    with time_machine.travel(datetime.datetime(2027, 3, 5, 22, tzinfo=datetime.UTC)):
        brokerage.run_daily_jobs()
        offer.refresh_from_db()
        assert offer.status == ListingStatus.OPEN
    with time_machine.travel(datetime.datetime(2027, 3, 6, 10, tzinfo=datetime.UTC)):
        brokerage.run_brokerage_jobs.enqueue()
        offer.refresh_from_db()
        assert offer.status == ListingStatus.EXPIRED
