"""Background tasks. Emails are sent here so that a slow mail server never blocks a page.

When the mail server refuses or cannot be reached, the email is not lost: the task queues
itself again to run after a delay (``EMAIL_RETRY_FIRST_DELAY`` seconds, doubled after each
failure) and the failed attempt is logged. After ``EMAIL_SEND_ATTEMPTS`` attempts it gives
up and logs an error. Trying again later needs a task backend that can run a task later
(django-tasks-db in production); with the immediate backend (development, tests) a failure
is logged and not tried again.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# What a mail server that is down, busy or refusing looks like: SMTP replies, refused or
# dropped connections and timeouts (all OSError).
MAIL_SERVER_ERRORS = (smtplib.SMTPException, OSError)


def retry_delay(attempt):
    """How long to wait after failed attempt number ``attempt`` (1, 2, ...)."""
    return timedelta(seconds=settings.EMAIL_RETRY_FIRST_DELAY * 2 ** (attempt - 1))


@task(takes_context=True)
def send_email(context, to, subject, body, html_body="", attempt=1):
    """Send one email to a list of addresses (run by the task backend); on a mail server
    failure, queue it again for later, up to ``EMAIL_SEND_ATTEMPTS`` attempts in all."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=list(to))
    if html_body:
        message.attach_alternative(html_body, "text/html")
    try:
        message.send()
    except MAIL_SERVER_ERRORS as error:
        email = {"to": list(to), "subject": subject, "body": body, "html_body": html_body}
        _try_again_later(context, describe(error), attempt, **email)
        raise


def describe(error):
    """The mail server's answer, without the addresses that some errors carry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
        return f"the mail server refused the recipient ({', '.join(map(str, codes))})"
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"the mail server answered {error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}"


def _try_again_later(context, error, attempt, **email):
    # The log names the task, not the subject or the addresses: they are personal data,
    # which a deleted account takes with it from the queue but not from the logs.
    what = f"Email task {context.task_result.id}"
    if attempt >= settings.EMAIL_SEND_ATTEMPTS:
        logger.error("%s failed %s times; giving up: %s", what, attempt, error)
        return
    if not send_email.get_backend().supports_defer:
        logger.error(
            "%s failed (%s); the task backend cannot run it again later, so it is not sent",
            what,
            error,
        )
        return
    run_after = timezone.now() + retry_delay(attempt)
    retry = send_email.using(run_after=run_after).enqueue(**email, attempt=attempt + 1)
    logger.warning(
        "%s failed (attempt %s of %s): %s; trying again as task %s after %s",
        what,
        attempt,
        settings.EMAIL_SEND_ATTEMPTS,
        error,
        retry.id,
        run_after.isoformat(timespec="seconds"),
    )
