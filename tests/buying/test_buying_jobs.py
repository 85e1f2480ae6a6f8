"""Joint buying: the daily jobs (opening and closing emails, closing schemes)."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from consortium.buying import rules as buying
from consortium.models import Person, SchemeStatus
from tests.buying.data import make_scheme

pytestmark = pytest.mark.django_db


# --- jobs ------------------------------------------------------------------------------------


def run_jobs_on(day, capture, times=1):
    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        for _ in range(times):
            with capture(execute=True):
                call_command("run_buying_jobs", stdout=io.StringIO())


def test_members_are_told_when_a_scheme_opens_and_before_it_closes_once(
    p, django_capture_on_commit_callbacks, mailoutbox
):
    capture = django_capture_on_commit_callbacks
    start = datetime.date(2027, 1, 4)
    scheme = make_scheme(
        p.organisation,
        opens_on=start,
        closes_on=datetime.date(2027, 1, 20),
        status=SchemeStatus.OPEN,
    )
    members = {
        "member-persona@example.org",
        "org-admin-persona@example.org",
        "other-member-persona@example.org",
    }

    run_jobs_on(datetime.date(2027, 1, 3), capture, times=1)
    assert mailoutbox == []  # not open yet

    run_jobs_on(datetime.date(2027, 1, 4), capture, times=2)
    opened = [m for m in mailoutbox if m.subject == "Joint buying now open: Winter heating oil"]
    assert {m.to[0] for m in opened} == members and len(opened) == 3
    assert f"/joint-buying/{scheme.slug}/" in opened[0].body
    assert "The minimum order is 500 litres per organisation." in opened[0].body

    mailoutbox.clear()
    run_jobs_on(datetime.date(2027, 1, 16), capture, times=1)
    assert mailoutbox == []  # 4 days before: too early

    run_jobs_on(datetime.date(2027, 1, 17), capture, times=2)
    closing = [
        m
        for m in mailoutbox
        if m.subject == "Joint buying closes on 20 January: Winter heating oil"
    ]
    assert len(closing) == 3 and len(mailoutbox) == 3
    assert "close at the end of Wednesday 20 January 2027" in closing[0].body
    scheme.refresh_from_db()
    assert scheme.closing_reminder_sent_on == datetime.date(2027, 1, 17)


def test_people_who_muted_scheme_emails_are_not_told(
    p, django_capture_on_commit_callbacks, mailoutbox
):
    Person.objects.filter(user=p.member).update(muted=["scheme-opened"])
    make_scheme(p.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        buying.run_jobs()
    assert "member-persona@example.org" not in {m.to[0] for m in mailoutbox}
    assert "org-admin-persona@example.org" in {m.to[0] for m in mailoutbox}


def test_schemes_past_their_window_are_closed_by_the_job(p):
    scheme = make_scheme(p.organisation)
    later = make_scheme(p.organisation, title="Spring oil")
    with time_machine.travel(scheme.closes_on + datetime.timedelta(days=1), tick=False):
        report = buying.run_jobs()
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.CLOSED
    assert report.closed == [scheme] or {s.pk for s in report.closed} == {scheme.pk, later.pk}


def test_the_jobs_also_run_as_a_background_task(p):
    scheme = make_scheme(
        p.organisation, closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    result = buying.run_buying_jobs.enqueue()
    assert result.return_value["closed"] == 1
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.CLOSED
