"""Volunteers' availability, organisations asking them, and the hours log of a match."""

from consortium.brokerage.models import HOURS_CATEGORIES, MatchStatus
from consortium.permissions.access import access, is_signed_in, is_staff
from consortium.permissions.brokerage import owns_listing, wrote_reply


def can_post_availability(user):
    """Individual volunteers say when, where and how they can help."""
    return is_signed_in(user) and access(user).volunteer


def owns_availability(user, availability):
    return is_signed_in(user) and availability.user_id == user.pk


def can_edit_availability(user, availability):
    return owns_availability(user, availability) and availability.status == "open"


def can_browse_volunteers(user):
    """Members of organisations (and staff) see "Volunteers available"."""
    a = access(user)
    return a.is_member or a.staff


def can_ask_volunteer(user, availability):
    """A member acting for an organisation asks a volunteer whose availability is open."""
    return access(user).acting_for_id is not None and availability.is_open()


def ask_side(user, ask):
    """ "volunteer" for the volunteer asked, "organisation" for the asking organisation's
    members, else None (staff do not read asks: they are between the two sides)."""
    if owns_availability(user, ask.availability):
        return "volunteer"
    if ask.organisation_id in access(user).member_of:
        return "organisation"
    return None


def can_view_ask(user, ask):
    return ask_side(user, ask) is not None


def can_answer_ask(user, ask):
    return ask.status == "waiting" and ask_side(user, ask) == "volunteer"


def can_see_ask_contacts(user, ask):
    return ask.status == "accepted" and ask_side(user, ask) is not None


def can_see_suggested_volunteers(user, listing):
    """Volunteers whose availability fits a need: for the need's organisation only."""
    return (
        listing.kind == "need"
        and listing.category == "volunteering"
        and owns_listing(user, listing)
    )


def hours_side(user, match):
    """The side of the match the person logs hours for, or None."""
    if owns_listing(user, match.listing):
        return "owner"
    if wrote_reply(user, match.reply):
        return "responder"
    return None


def can_view_hours(user, match):
    return hours_side(user, match) is not None or is_staff(user)


def can_log_hours(user, match):
    """Either side of a match where time is given, while it is agreed or complete."""
    takes_hours = match.listing.category in HOURS_CATEGORIES and match.status in (
        MatchStatus.AGREED,
        MatchStatus.COMPLETED,
    )
    return takes_hours and hours_side(user, match) is not None
