"""Background tasks. Emails are sent here so that a slow mail server never blocks a page."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(to, subject, body, html_body=""):
    """Send one email to a list of addresses (run by the task backend)."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=list(to))
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
