"""Offers and needs: who may see, post, reply to, answer, watch and moderate listings."""

from django.db.models import Q
from django.utils import timezone

from consortium.brokerage.models import Audience, MatchStatus, Moderation, ReplyStatus, Verdict
from consortium.permissions.access import access, acting_organisation_id, is_signed_in, is_staff

# Listings, replies, matches -------------------------------------------------------------


def can_post_listing(user):
    return acting_organisation_id(user) is not None


def owns_listing(user, listing):
    return listing.organisation_id in access(user).member_of


def can_edit_listing(user, listing):
    return is_staff(user) or owns_listing(user, listing)


def audience_allows(user, listing, today=None):
    """Whether the listing's audience (as widened by ``today``) includes the user."""
    audience = listing.audience_on(today)
    if audience == Audience.PUBLIC:
        return True
    a = access(user)
    if audience == Audience.MEMBERS:
        return a.is_member or a.volunteer
    return listing.organisation_id in a.organisations_sharing_a_group()


def can_view_listing(user, listing, today=None):
    """Owners and staff always; others once it is approved, while it is in their audience."""
    if can_edit_listing(user, listing):
        return True
    if listing.moderation != Moderation.APPROVED:
        return False
    return audience_allows(user, listing, today)


def _open_to_all_of_their_kind(a, today):
    """Approved listings whose audience (as widened by ``today``) is everyone, or every
    member when the person is a member or a volunteer."""
    allowed = Q(audience=Audience.PUBLIC) | Q(public_from__lte=today)
    if a.is_member or a.volunteer:
        allowed |= Q(audience=Audience.MEMBERS) | Q(members_from__lte=today)
    return Q(moderation=Moderation.APPROVED) & allowed


def _through_their_organisations(a):
    """The listings a member sees through their organisations: approved ones of the
    organisations sharing a forum or cluster, and every one of their own. None if none."""
    through = None
    if a.is_member:
        through = Q(
            moderation=Moderation.APPROVED, organisation_id__in=a.organisations_sharing_a_group()
        )
    if a.member_of:
        own = Q(organisation_id__in=a.member_of)
        through = own if through is None else through | own
    return through


def visible_listings(user, queryset, today=None):
    """Filter a Listing queryset to what the user may see (one query, no per-row checks)."""
    today = today or timezone.localdate()
    a = access(user)
    if a.staff:
        return queryset
    visible = _open_to_all_of_their_kind(a, today)
    through = _through_their_organisations(a)
    if through is not None:
        visible |= through
    return queryset.filter(visible)


def visible_listings_key(user):
    """Everything :func:`visible_listings` reads about the person, as a key: two people
    with the same key get the same SQL (for keeping it, ``consortium.compiled``)."""
    a = access(user)
    if a.staff:
        return ("staff",)
    sharing = a.organisations_sharing_a_group() if a.is_member else ()
    return (a.is_member or a.volunteer, tuple(sorted(a.member_of)), tuple(sorted(sharing)))


def count_visible_listings(user, queryset, today=None):
    """``visible_listings(user, queryset, today).count()``, counted in two parts that do
    not overlap: the listings open to everyone of the person's kind, which PostgreSQL counts
    from the open listings' partial index alone, and the few more seen through their own
    organisations and groups, found by organisation. One ``OR`` of the two read every row."""
    today = today or timezone.localdate()
    a = access(user)
    if a.staff:
        return queryset.count()
    wide = _open_to_all_of_their_kind(a, today)
    count = queryset.filter(wide).count()
    through = _through_their_organisations(a)
    if through is not None:
        count += queryset.filter(through).exclude(wide).count()
    return count


def can_reply(user, listing, today=None):
    """Another organisation (acting for it) or an individual volunteer, on an open listing."""
    if not is_signed_in(user) or owns_listing(user, listing):
        return False
    a = access(user)
    if not (a.acting_for_id or a.volunteer):
        return False
    return (
        listing.is_open(today)
        and listing.moderation == Moderation.APPROVED
        and audience_allows(user, listing, today)
    )


def wrote_reply(user, reply):
    if reply.organisation_id:
        return reply.organisation_id in access(user).member_of
    return is_signed_in(user) and reply.user_id == user.pk


def can_view_reply(user, reply):
    return is_staff(user) or owns_listing(user, reply.listing) or wrote_reply(user, reply)


def can_answer_reply(user, reply):
    """Accept or decline: the listing's organisation, while the reply waits."""
    return reply.status == ReplyStatus.WAITING and can_edit_listing(user, reply.listing)


def can_withdraw_reply(user, reply):
    return reply.status == ReplyStatus.WAITING and wrote_reply(user, reply)


def can_confirm_match(user, match):
    """Either side marks the match complete or a no-show while it is agreed."""
    if match.status != MatchStatus.AGREED:
        return False
    return owns_listing(user, match.listing) or wrote_reply(user, match.reply) or is_staff(user)


def can_correct_match_report(user, match):
    """A side that said the match happened corrects its own figures (never the other
    side's), unless the match was cancelled."""
    if match.status == MatchStatus.CANCELLED:
        return False
    if owns_listing(user, match.listing):
        return match.owner_verdict == Verdict.COMPLETED
    if wrote_reply(user, match.reply):
        return match.responder_verdict == Verdict.COMPLETED
    return False


def can_report_listing(user, listing):
    return is_signed_in(user) and can_view_listing(user, listing)


def can_moderate(user):
    return is_staff(user)


def can_watch(user):
    a = access(user)
    return a.is_member or a.volunteer


# Conversations on replies ----------------------------------------------------------------


def conversation_side(user, reply):
    """ "owner" for the listing's organisation, "responder" for the replier, else None."""
    if owns_listing(user, reply.listing):
        return "owner"
    if wrote_reply(user, reply):
        return "responder"
    return None


def can_read_conversation(user, reply, reported=False):
    """The two sides; staff only once one side has reported the conversation."""
    return conversation_side(user, reply) is not None or (reported and is_staff(user))


def can_send_message(user, reply):
    """Either side, unless the replier withdrew the reply."""
    return reply.status != ReplyStatus.WITHDRAWN and conversation_side(user, reply) is not None


def can_report_conversation(user, reply):
    return conversation_side(user, reply) is not None


def can_download_message_file(user, message):
    """A message's attachment goes only to the two sides of its conversation."""
    return conversation_side(user, message.reply) is not None


def can_see_contact_details(user, reply):
    """Each side sees the other's shared contact details once the reply is accepted."""
    return reply.status == ReplyStatus.ACCEPTED and conversation_side(user, reply) is not None


# Photos and distances ----------------------------------------------------------------------


def can_manage_photos(user, listing):
    """Add, remove and order an offer's photos: its organisation's members, and staff."""
    return listing.kind == "offer" and can_edit_listing(user, listing)


def can_view_photo(user, photo):
    """A photo goes to whoever may see its listing."""
    return can_view_listing(user, photo.listing)


def distance_origin(user):
    """The organisation distances are measured from: the one the member acts for (or None)."""
    return acting_organisation_id(user)
