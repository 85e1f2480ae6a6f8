"""Loading the demo as `make run` does, in development: it emails nobody, ends with the demo
accounts and the address to open, and leaves the daily jobs nothing to announce about what
the demo presents as past. One test, because loading the demo takes a while."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from consortium.buying import rules as buying
from home.demo.site import DEMO_PASSWORD
from home.management.commands.load_demo_content import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db

ADDRESS = "http://127.0.0.1:8080"
# The jobs a developer runs by hand (the README's cron lines).
JOBS = ["run_buying_jobs", "run_brokerage_jobs", "send_bid_reminders", "send_document_reminders"]


def load_as_in_development(capsys, capture):
    """The loader's output, with development's console email backend and tasks run at once:
    whatever it emailed would be printed among its own lines."""
    with capture(execute=True):
        call_command("load_demo_content")
    return capsys.readouterr().out


def check_output_is_short_with_no_email(output):
    assert len(output.splitlines()) < 30, output
    for email_text in ["Subject:", "Content-Type:", "You can turn these emails off"]:
        assert email_text not in output


def check_output_ends_with_the_accounts_and_the_address(output):
    lines = output.rstrip("\n").splitlines()
    assert lines[-1] == f"Open {ADDRESS}/ (the Wagtail admin is at {ADDRESS}/admin/)."
    assert lines[-2] == ""
    table = lines[-3 - len(DEMO_ACCOUNTS) : -2]
    assert table[0].split() == ["username", "password", "what", "they", "can", "do"]
    for line, (username, role) in zip(table[1:], DEMO_ACCOUNTS, strict=True):
        assert re.fullmatch(rf"  {username} +{DEMO_PASSWORD}  {re.escape(role)}", line), line
    # The columns line up.
    assert len({line.index(DEMO_PASSWORD) for line in table[1:]}) == 1


def check_jobs_announce_nothing_past(capture):
    """Each job run by hand once after loading emails no one: the scheme that opened ten
    days ago, the reply overdue for days and the document already within 30 days of its
    expiry were told about at the time."""
    mail.outbox = []
    with capture(execute=True):
        for job in JOBS:
            call_command(job, stdout=io.StringIO())
    assert [message.subject for message in mail.outbox] == []


def check_later_notices_still_go_out(capture):
    """Nothing is held back once the demo is loaded: 3 days before the open scheme closes,
    its members are reminded."""
    mail.outbox = []
    with capture(execute=True):
        report = buying.run_jobs(today=timezone.localdate() + datetime.timedelta(days=17))
    assert [scheme.title for scheme in report.reminded] == ["Winter heating oil"]
    assert mail.outbox
    for message in mail.outbox:
        assert message.subject.startswith("Joint buying closes on")
        assert f"{ADDRESS}/joint-buying/winter-heating-oil/" in message.body


def test_demo_loads_quietly_and_leaves_the_jobs_nothing_past_to_announce(
    settings, tmp_path, capsys, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    settings.MEDIA_ROOT = tmp_path  # keep the demo's generated images out of media/
    settings.WAGTAILADMIN_BASE_URL = ADDRESS
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    output = load_as_in_development(capsys, capture)
    check_output_is_short_with_no_email(output)
    check_output_ends_with_the_accounts_and_the_address(output)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    check_jobs_announce_nothing_past(capture)
    check_later_notices_still_go_out(capture)
