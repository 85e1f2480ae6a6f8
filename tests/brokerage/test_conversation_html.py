"""The reply's page with its conversation, its forms' errors and the contact details, and the
match page with contact details, are valid HTML (Nu Html Checker)."""

import pytest
from django.urls import reverse

from consortium.brokerage import conversations
from consortium.brokerage import rules as brokerage
from consortium.models import Reply
from tests.brokerage.helpers import as_user, pdf_file

pytestmark = pytest.mark.django_db


def test_the_conversation_pages_and_their_form_answers_are_valid_html(personas, need, tmp_path):
    from tests.platform.test_valid_html import validate

    personas.organisation.contact_email = "hello@fernlea.example"
    personas.organisation.website = "https://fernlea.example"
    personas.organisation.save()
    waiting = Reply.objects.create(listing=need, user=personas.volunteer, message="I can help")
    conversations.send_message(waiting, personas.member, "owner", "When can you come?")
    conversations.send_message(
        waiting,
        personas.volunteer,
        "responder",
        "Friday",
        upload=pdf_file(),
        content_type="application/pdf",
    )
    accepted = Reply.objects.create(
        listing=need,
        user=personas.other_member,
        organisation=personas.other_organisation,
        message="We can",
    )
    match = brokerage.accept_reply(accepted, personas.member)
    conversations.report_conversation(waiting, personas.member, "Something odd")
    member, volunteer = as_user("member", personas), as_user("volunteer", personas)
    answers = {
        "reply page as poster": member.get(reverse("listings:answer", args=[waiting.pk])),
        "reply page as volunteer": volunteer.get(reverse("listings:answer", args=[waiting.pk])),
        "reply page as staff (reported)": as_user("staff", personas).get(
            reverse("listings:answer", args=[waiting.pk])
        ),
        "message with errors": member.post(
            reverse("listings:send_message", args=[waiting.pk]), {"text": ""}
        ),
        "report with errors": member.post(
            reverse("listings:report_conversation", args=[waiting.pk]), {"reason": ""}
        ),
        "accepted reply page": member.get(reverse("listings:answer", args=[accepted.pk])),
        "match with contacts": as_user("other_member", personas).get(
            reverse("listings:match", args=[match.pk])
        ),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response["Content-Type"].startswith("text/html"), name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
