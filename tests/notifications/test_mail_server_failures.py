"""When the mail server fails, nothing is lost: the member's action is saved and they see it
succeed, and the background worker tries the email again later, waiting longer each time,
until the mail server takes it (or it has tried EMAIL_SEND_ATTEMPTS times).

A tiny SMTP server on 127.0.0.1 (tests/notifications/smtp_server.py) is first not listening
(connection refused), then refuses mail (451), then accepts it; the emails are queued in the
database (django-tasks-db) and run by `manage.py db_worker`, as in production."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from consortium.models import Reply
from tests.brokerage.data import make_listing
from tests.notifications.smtp_server import smtp_server
from tests.personas import client_for, make_personas

pytestmark = pytest.mark.django_db

SEND_EMAIL = "consortium.notifications.tasks.send_email"


@pytest.fixture
def smtp(settings):
    """Email goes by SMTP to the test's server, through tasks queued in the database."""
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        settings.EMAIL_RETRY_FIRST_DELAY = 60
        settings.EMAIL_SEND_ATTEMPTS = 4
        yield server


@pytest.fixture
def personas(home_page):
    return make_personas()


def reply_to_a_need(personas, django_capture_on_commit_callbacks):
    """Another organisation's member replies to a need: its owners are to be emailed."""
    need = make_listing(personas.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("other_member", personas).post(
            reverse("listings:reply", args=[need.pk]), {"message": "We can help on Saturday"}
        )
    return response


def run_the_worker():
    """One pass of the production worker over the tasks that are due."""
    # Between tasks the worker closes stale database connections; here that would end the
    # test's own transaction (on PostgreSQL), so the housekeeping is left out.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def waiting_emails():
    return list(DBTaskResult.objects.filter(task_path=SEND_EMAIL, status="READY"))


def test_a_refusing_mail_server_loses_no_email_and_the_worker_tries_again_with_back_off(
    smtp, personas, django_capture_on_commit_callbacks, caplog
):
    owners = {personas.member.email, personas.org_admin.email}
    # The mail server is down (nothing listens): the reply is saved all the same.
    response = reply_to_a_need(personas, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Reply.objects.filter(message="We can help on Saturday").exists()
    assert len(waiting_emails()) == 2

    caplog.set_level(logging.WARNING, logger="consortium.notifications.tasks")
    first_try = timezone.now()
    run_the_worker()
    assert smtp.received == []
    retries = waiting_emails()
    assert [task.args_kwargs["kwargs"]["attempt"] for task in retries] == [2, 2]
    for task in retries:
        wait = task.run_after - first_try
        assert timedelta(seconds=59) < wait < timedelta(seconds=75)
    assert "failed (attempt 1 of 4)" in caplog.text

    # The server is back but busy (451). Nothing is tried before the minute is up.
    smtp.start(refusing=True)
    run_the_worker()
    assert len(waiting_emails()) == 2 and smtp.received == []
    with time_machine.travel(first_try + timedelta(seconds=70), tick=False):
        run_the_worker()
        retries = waiting_emails()
        assert [task.args_kwargs["kwargs"]["attempt"] for task in retries] == [3, 3]
        for task in retries:  # twice as long this time
            wait = task.run_after - timezone.now()
            assert timedelta(seconds=119) < wait < timedelta(seconds=135)
    assert smtp.received == []
    assert "failed (attempt 2 of 4)" in caplog.text and "451" in caplog.text

    # The server takes mail again: both owners get the email, once each.
    smtp.refuse(False)
    with time_machine.travel(first_try + timedelta(seconds=200), tick=False):
        run_the_worker()
    assert waiting_emails() == []
    assert sorted(address for recipients, _ in smtp.received for address in recipients) == sorted(
        owners
    )
    assert all("We can help" in message.get_payload() for _, message in smtp.received)


def test_the_worker_gives_up_after_the_last_attempt_and_says_so_in_the_log(
    smtp, settings, personas, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_SEND_ATTEMPTS = 2
    smtp.start(refusing=True)
    reply_to_a_need(personas, django_capture_on_commit_callbacks)
    caplog.set_level(logging.WARNING, logger="consortium.notifications.tasks")

    run_the_worker()
    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        run_the_worker()

    assert waiting_emails() == []
    assert smtp.received == []
    assert "failed 2 times; giving up" in caplog.text
    assert DBTaskResult.objects.filter(task_path=SEND_EMAIL, status="FAILED").count() == 4


def test_without_a_queue_the_member_still_sees_their_reply_saved_and_the_failure_is_logged(
    smtp, settings, personas, django_capture_on_commit_callbacks, caplog
):
    # Development's immediate task backend sends during the request; it cannot wait.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    caplog.set_level(logging.WARNING, logger="consortium.notifications.tasks")

    response = reply_to_a_need(personas, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert Reply.objects.filter(message="We can help on Saturday").exists()
    assert "the task backend cannot run it again later" in caplog.text
