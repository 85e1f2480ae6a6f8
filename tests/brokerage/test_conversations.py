"""The conversation on a reply: both sides write back and forth, each message is emailed to
the other side, files go through the upload checks, and staff read only reported ones."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortium.brokerage import conversations
from consortium.brokerage import rules as brokerage
from consortium.brokerage.conversations import ConversationReport, Message
from consortium.brokerage.responsiveness import responsiveness
from consortium.events import Event
from consortium.models import Reply, ReplyStatus
from tests.brokerage.helpers import as_user, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(personas, need):
    return Reply.objects.create(
        listing=need,
        user=personas.other_member,
        organisation=personas.other_organisation,
        message="We can lend six tables",
    )


@pytest.fixture
def volunteer_reply(personas, need):
    return Reply.objects.create(listing=need, user=personas.volunteer, message="I can help")


def reply_page(name, personas, reply):
    return as_user(name, personas).get(reverse("listings:answer", args=[reply.pk]))


def send(name, personas, reply, text, **files):
    return as_user(name, personas).post(
        reverse("listings:send_message", args=[reply.pk]), {"text": text, **files}
    )


def test_both_sides_see_a_send_a_message_form_on_the_replys_page(personas, reply):
    for name in ("member", "org_admin", "other_member"):
        page = reply_page(name, personas, reply)
        assert page.status_code == 200
        assert "Send a message" in page.content.decode()


def test_the_poster_answers_a_reply_and_the_replier_writes_back_oldest_first(
    personas, reply, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send("member", personas, reply, "When could you bring them?")
    assert first.status_code == 302
    assert first["Location"].endswith(reverse("listings:answer", args=[reply.pk]) + "#conversation")
    # The replier's side is told, with a link back to the conversation.
    assert [m.to for m in mailoutbox] == [[personas.other_member.email]]
    assert "When could you bring them?" in mailoutbox[0].body
    assert reverse("listings:answer", args=[reply.pk]) in mailoutbox[0].body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send("other_member", personas, reply, "Friday morning suits us")
    # The poster's side is told, everyone in the organisation.
    assert {m.to[0] for m in mailoutbox} == {personas.member.email, personas.org_admin.email}
    page = reply_page("org_admin", personas, reply).content.decode()
    assert page.index("When could you bring them?") < page.index("Friday morning suits us")
    assert "Fernlea Food Bank" in page and "Quarry Hill Youth Club" in page


def test_someone_who_muted_new_messages_is_not_emailed(
    personas, reply, mailoutbox, django_capture_on_commit_callbacks
):
    person = personas.other_member.person
    person.muted = [Event.MESSAGE_RECEIVED.value]
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        send("member", personas, reply, "Are you still able to help?")
    assert mailoutbox == []
    assert Message.objects.count() == 1


def test_an_individual_volunteer_and_the_poster_talk_on_the_volunteers_reply(
    personas, volunteer_reply, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send("volunteer", personas, volunteer_reply, "I have a car").status_code == 302
    assert {m.to[0] for m in mailoutbox} == {personas.member.email, personas.org_admin.email}
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send("member", personas, volunteer_reply, "Lovely, thank you")
    assert [m.to for m in mailoutbox] == [[personas.volunteer.email]]


def test_people_outside_the_conversation_cannot_read_or_write_it(personas, volunteer_reply):
    conversations.send_message(volunteer_reply, personas.volunteer, "responder", "Private words")
    # Another organisation's member: the reply does not exist for them.
    assert reply_page("other_member", personas, volunteer_reply).status_code == 404
    assert send("other_member", personas, volunteer_reply, "Hello").status_code == 404
    # Staff see the reply, but not the conversation until someone reports it.
    page = reply_page("staff", personas, volunteer_reply).content.decode()
    assert "Private words" not in page and "Send a message" not in page
    assert send("staff", personas, volunteer_reply, "Hello").status_code == 403
    assert Message.objects.count() == 1


def test_a_reported_conversation_reaches_staff_who_can_then_read_it(
    personas, reply, mailoutbox, django_capture_on_commit_callbacks
):
    conversations.send_message(reply, personas.other_member, "responder", "Rude words")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("member", personas).post(
            reverse("listings:report_conversation", args=[reply.pk]),
            {"reason": "They were rude"},
        )
    assert response.status_code == 302
    assert ConversationReport.objects.get().reason == "They were rude"
    assert [m.to for m in mailoutbox] == [[personas.staff.email]]
    assert "Rude words" in reply_page("staff", personas, reply).content.decode()
    queue = as_user("staff", personas).get(reverse("consortium_staff:moderation"))
    assert "They were rude" in queue.content.decode()


def test_a_report_without_a_reason_is_refused_on_the_page(personas, reply):
    response = as_user("member", personas).post(
        reverse("listings:report_conversation", args=[reply.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert "Say what is wrong with this conversation" in response.content.decode()
    assert not ConversationReport.objects.exists()


def test_an_empty_or_too_long_message_gets_a_clear_error(personas, reply):
    empty = send("member", personas, reply, "   ")
    assert empty.status_code == 400 and "Enter a message" in empty.content.decode()
    long = send("member", personas, reply, "x" * 5001)
    assert long.status_code == 400
    assert "Your message must be 5,000 characters or fewer (it has 5,001)" in long.content.decode()
    assert not Message.objects.exists()


def test_a_file_goes_through_the_vaults_checks_and_only_to_the_two_sides(personas, reply):
    disguised = SimpleUploadedFile(
        "plan.pdf", b"<html><script>x</script></html>", "application/pdf"
    )
    refused = send("member", personas, reply, "See attached", attachment=disguised)
    assert refused.status_code == 400 and "not a real .pdf file" in refused.content.decode()
    assert send("member", personas, reply, "See attached", attachment=pdf_file()).status_code == 302
    message = Message.objects.get()
    url = reverse("listings:message_file", args=[message.pk])
    for name in ("member", "other_member"):
        download = as_user(name, personas).get(url)
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment")
    for name in ("volunteer", "staff", "anonymous"):
        assert as_user(name, personas).get(url).status_code == 404


def test_a_message_from_the_poster_answers_the_reply_so_it_is_not_overdue(personas, need):
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)):  # Monday
        reply = Reply.objects.create(listing=need, user=personas.volunteer, message="Hi")
    with time_machine.travel(datetime.datetime(2027, 3, 2, 9, tzinfo=datetime.UTC)):
        # The replier writing again does not count as an answer.
        conversations.send_message(reply, personas.volunteer, "responder", "Still keen")
        reply.refresh_from_db()
        assert reply.answered_at is None
        conversations.send_message(reply, personas.member, "owner", "Can you do Friday?")
    with time_machine.travel(datetime.datetime(2027, 3, 15, 9, tzinfo=datetime.UTC)):
        reply.refresh_from_db()
        assert reply.status == ReplyStatus.WAITING and not brokerage.is_overdue(reply)
        assert brokerage.flag_overdue_replies() == []
        shown = responsiveness(personas.organisation)
        assert shown.answered == 1 and shown.median_first_reply.days == 1
        # Accepting later keeps the first answer's time.
        brokerage.accept_reply(reply, personas.member)
        reply.refresh_from_db()
        assert reply.answered_at.date() == datetime.date(2027, 3, 2)


def test_the_replys_page_costs_the_same_queries_however_many_messages(personas, reply):
    def count_queries():
        client = as_user("member", personas)
        client.get(reverse("listings:answer", args=[reply.pk]))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("listings:answer", args=[reply.pk])).status_code == 200
        return len(queries)

    conversations.send_message(reply, personas.member, "owner", "One")
    few = count_queries()
    for number in range(20):
        author, side = (
            (personas.member, "owner") if number % 2 else (personas.other_member, "responder")
        )
        conversations.send_message(reply, author, side, f"Message {number}")
    assert count_queries() == few
