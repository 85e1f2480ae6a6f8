"""The conversation on a reply, and the contact details each side sees once it is accepted.

Every reply has a conversation between its two sides: the poster's side (the members of the
listing's organisation) and the replier's side (the replying organisation's members, or the
individual volunteer). Each message is emailed to the other side. Staff do not read
conversations unless one side reports one.

A message from the poster's side answers the reply for the 5-working-day rule (as accepting or
declining does): the reply is no longer overdue, and the wait counts towards the
organisation's responsiveness.

Contact details are shown only once a reply is accepted, and only what each side chose to
share: an organisation's public contact email and phone (its profile), a volunteer's email or
phone as they chose on their volunteering details.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from consortium import events
from consortium.brokerage.models import Reply, ReplyStatus
from consortium.brokerage.outcomes import MatchSide
from consortium.events import Event

MAX_MESSAGE_LENGTH = 5000


def message_file_path(instance, filename):
    # A random folder: uploaded files must not be found by guessing their address.
    return f"conversations/{instance.reply_id}/{uuid.uuid4().hex}/{filename}"


class Message(models.Model):
    """One message in the conversation on a reply, with an optional attachment."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    side = models.CharField(max_length=10, choices=MatchSide.choices)
    text = models.TextField(max_length=MAX_MESSAGE_LENGTH)
    file = models.FileField(upload_to=message_file_path, max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Message on {self.reply}"


class ConversationReport(models.Model):
    """One side of a conversation asks staff to look at it."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="conversation_reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Report on the conversation {self.reply}"


@transaction.atomic
def send_message(reply, author, side, text, upload=None, content_type=""):
    """``author`` writes to the other side; ``upload`` has passed the upload checks."""
    message = Message(reply=reply, author=author, side=side, text=text)
    if upload is not None:
        message.original_name = upload.name[:255]
        message.content_type = content_type
        message.size = upload.size
        message.file.save(upload.name, upload, save=False)
    message.save()
    if side == MatchSide.OWNER and reply.answered_at is None:
        # The poster answered: the reply stops waiting for the 5-working-day rule.
        reply.answered_at = message.created_at
        reply.save(update_fields=["answered_at"])
    listing = reply.listing
    listing.last_activity_at = timezone.now()
    listing.inactivity_warned_at = None
    listing.save(update_fields=["last_activity_at", "inactivity_warned_at", "updated_at"])
    events.announce(Event.MESSAGE_RECEIVED, message=message, reply=reply)
    return message


def report_conversation(reply, reporter, reason):
    report = ConversationReport.objects.create(reply=reply, reporter=reporter, reason=reason)
    events.announce(Event.CONVERSATION_REPORTED, reply=reply, report=report)
    return report


def reported(reply):
    return reply.conversation_reports.exists()


# Contact details on agreement ----------------------------------------------------------


@dataclass
class Contact:
    """What one side shares with the other once a reply is accepted."""

    name: str
    email: str = ""
    phone: str = ""
    website: str = ""

    @property
    def shares_anything(self):
        return bool(self.email or self.phone or self.website)


def organisation_contact(organisation):
    return Contact(
        name=organisation.name,
        email=organisation.contact_email,
        phone=organisation.contact_phone,
        website=organisation.website,
    )


def volunteer_contact(user):
    """A volunteer shares the way they chose to be contacted: email, or phone."""
    person = getattr(user, "person", None)
    name = user.get_full_name() or user.get_username()
    if person is not None and person.contact_by == "phone" and person.phone:
        return Contact(name=name, phone=person.phone)
    return Contact(name=name, email=user.email)


def contacts(reply):
    """``{"owner": Contact, "responder": Contact}`` once accepted, else None (nothing shown
    before agreement)."""
    if reply.status != ReplyStatus.ACCEPTED:
        return None
    responder = (
        organisation_contact(reply.organisation)
        if reply.organisation_id
        else volunteer_contact(reply.user)
    )
    return {"owner": organisation_contact(reply.listing.organisation), "responder": responder}
