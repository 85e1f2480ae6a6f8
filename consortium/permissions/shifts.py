"""Volunteering roles and shifts: who may set them up, see who is coming, and sign up."""

from consortium.brokerage.models import Category, ListingKind, ListingStatus, Moderation
from consortium.permissions.access import access, is_signed_in
from consortium.permissions.brokerage import audience_allows, can_edit_listing, owns_listing


def is_volunteering_need(listing):
    """Only a need for volunteering time has a role and shifts."""
    return listing.kind == ListingKind.NEED and listing.category == Category.VOLUNTEERING


def can_manage_shifts(user, listing):
    """The role details and shifts of a volunteering need: its organisation's members (and
    staff, who may change any listing)."""
    return is_volunteering_need(listing) and can_edit_listing(user, listing)


def can_see_who_is_coming(user, listing):
    """Who signed up for a shift, with their contact details: the poster's members only."""
    return is_volunteering_need(listing) and owns_listing(user, listing)


def can_sign_up_for_shifts(user, listing, today=None):
    """A signed-in individual volunteer, on an approved need they may see that is open, or
    promised to a replier (one accepted reply does not fill a role's shifts); never once it
    is closed."""
    if not is_signed_in(user) or not access(user).volunteer or owns_listing(user, listing):
        return False
    return (
        listing.current_status(today) in (ListingStatus.OPEN, ListingStatus.PROMISED)
        and listing.moderation == Moderation.APPROVED
        and audience_allows(user, listing, today)
    )


def can_cancel_sign_up(user, sign_up):
    """Only the volunteer who signed up (the rules refuse a second cancellation)."""
    return is_signed_in(user) and sign_up.user_id == user.pk
