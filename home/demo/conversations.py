"""Demo conversations on replies: a question before an answer, and arrangements after one.

Messages are saved directly (no emails: what made-up people say is news to no one) and dated
with the reply, so the pages read as a real exchange.
"""

import datetime

from consortium.brokerage.conversations import Message
from consortium.models import Reply

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
    # The organisations in those conversations share a contact for once they agree.
    for reply in Reply.objects.filter(messages__isnull=False).distinct():
        for organisation in (reply.listing.organisation, reply.organisation):
            if organisation is not None and not organisation.contact_email:
                slug = organisation.slug or "contact"
                organisation.contact_email = f"hello@{slug}.example.org"
                organisation.contact_phone = "01632 960 000"
                organisation.save(update_fields=["contact_email", "contact_phone"])
