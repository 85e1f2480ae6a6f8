"""The demo shows conversations on replies, loaded once however often the demo is loaded."""

import io

import pytest
from django.core.management import call_command

from consortium.brokerage.conversations import Message
from consortium.models import ReplyStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_conversation_before_and_after_an_answer(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())
    first = Message.objects.count()
    call_command("load_demo_content", stdout=io.StringIO())
    assert Message.objects.count() == first >= 4
    replies = {message.reply for message in Message.objects.select_related("reply")}
    assert {reply.status for reply in replies} >= {ReplyStatus.WAITING, ReplyStatus.ACCEPTED}
    assert {message.side for message in Message.objects.all()} == {"owner", "responder"}
    accepted = next(reply for reply in replies if reply.status == ReplyStatus.ACCEPTED)
    assert accepted.listing.organisation.contact_email
