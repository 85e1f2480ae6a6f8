"""Demo conversations on replies: a question before an answer, and arrangements after one.

Messages are saved directly (no emails: what made-up people say is news to no one) and dated
with the reply, so the pages read as a real exchange.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from consortium.brokerage.conversations import Message
from consortium.models import Listing, Reply

# (listing title, replier's username, [(side, days after the reply, text)])
CONVERSATIONS = [
    (
        "Drivers for the Friday lunch club",
        "volunteer",
        [
            ("owner", 1, "Thank you! Could you drive on the first and third Fridays?"),
            ("responder", 1, "Yes, both. Where do I pick people up from?"),
        ],
    ),
    (
        "Folding tables and chairs to lend",
        "amira",
        [
            ("responder", 0, "Could we collect the tables on Thursday afternoon?"),
            ("owner", 1, "Thursday after 2pm is fine. Ring the bell at the side door."),
            ("responder", 2, "Perfect, see you then."),
        ],
    ),
]


def _poster(listing):
    if listing.posted_by_id:
        return listing.posted_by
    membership = listing.organisation.memberships.approved().select_related("user").first()
    return membership.user if membership else None


def load_conversations(users):
    """Add the demo conversations once (a second run finds them and adds nothing)."""
    for title, username, lines in CONVERSATIONS:
        reply = (
            Reply.objects.filter(listing__title=title, user=users[username])
            .select_related("listing__organisation", "listing__posted_by", "user")
            .first()
        )
        if reply is None or reply.messages.exists():
            continue
        for side, days, text in lines:
            author = _poster(reply.listing) if side == "owner" else reply.user
            message = Message.objects.create(reply=reply, author=author, side=side, text=text)
            Message.objects.filter(pk=message.pk).update(
                created_at=reply.created_at + datetime.timedelta(days=days, hours=2)
            )
        first_owner = reply.messages.filter(side="owner").first()
        if first_owner is not None and reply.answered_at is None:
            Reply.objects.filter(pk=reply.pk).update(answered_at=first_owner.created_at)
    _share_contacts(Reply.objects.filter(messages__isnull=False).distinct())


def _share_contacts(replies):
    """The organisations in conversations share a contact for once they agree."""
    for reply in replies:
        for organisation in (reply.listing.organisation, reply.organisation):
            if organisation is not None and not organisation.contact_email:
                slug = organisation.slug or "contact"
                organisation.contact_email = f"hello@{slug}.example.org"
                organisation.contact_phone = "01632 960 000"
                organisation.save(update_fields=["contact_email", "contact_phone"])


# The consortium lead ("lead", for Wharf Street Community Kitchen) also talks over a reply of
# its own, so that the demo (and the benchmark, which measures a conversation as "lead") has
# one. The last word is the kitchen's: the garden's people see it on their to-do list.
LEAD_CONVERSATION = (
    "Garden volunteers for a day",
    "We would love help with the raised beds behind the kitchen. Is a Saturday possible?",
    [
        ("responder", 0, "We grow herbs for the lunches. Could the team come on a Saturday?"),
        ("owner", 1, "Saturdays suit us. How many beds are there?"),
        ("responder", 2, "Six beds, and a compost bay that needs turning."),
    ],
)


def load_lead_conversation():
    """Add the lead's conversation once (after the bids, which add the lead's account)."""
    lead = get_user_model().objects.filter(username="lead").first()
    membership = lead and lead.memberships.approved().select_related("organisation").first()
    title, message, lines = LEAD_CONVERSATION
    listing = Listing.objects.filter(title=title).order_by("pk").first()
    if membership is None or listing is None or listing.replies.filter(user=lead).exists():
        return
    reply = Reply.objects.create(
        listing=listing, user=lead, organisation=membership.organisation, message=message
    )
    started = timezone.now() - datetime.timedelta(days=3)
    Reply.objects.filter(pk=reply.pk).update(created_at=started)
    for side, days, text in lines:
        author = _poster(listing) if side == "owner" else lead
        sent = Message.objects.create(reply=reply, author=author, side=side, text=text)
        Message.objects.filter(pk=sent.pk).update(
            created_at=started + datetime.timedelta(days=days, hours=2)
        )
    first_owner = reply.messages.filter(side="owner").first()
    Reply.objects.filter(pk=reply.pk).update(answered_at=first_owner.created_at)
    # Shared now, as the other conversations' are; a second load then changes nothing.
    _share_contacts([reply])
