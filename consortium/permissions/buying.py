"""Joint buying: who may see and run schemes, pledge, and see pledges."""

from django.db.models import Q
from django.utils import timezone

from consortium.permissions.access import access, acting_organisation_id, is_staff
from consortium.permissions.brokerage import can_moderate

# Mirrors consortium.buying.models.UNPUBLISHED: schemes only their coordinator and staff see.
UNPUBLISHED = ("draft", "proposed", "rejected")
# While a member-run scheme's coordinator may change its details (and send it for approval).
EDITABLE = ("proposed", "rejected")
# While quotes may be posted or removed: until the outcome is recorded.
QUOTABLE = ("proposed", "rejected", "open", "short")

# Joint buying -----------------------------------------------------------------------------


def can_view_scheme(user, scheme):
    return scheme.status not in UNPUBLISHED or can_manage_scheme(user, scheme)


def can_manage_scheme(user, scheme):
    """The coordinator organisation's members and staff: quotes, exports, status."""
    return is_staff(user) or scheme.coordinator_id in access(user).member_of


def can_pledge(user, scheme, today=None):
    return acting_organisation_id(user) is not None and scheme.is_open_for_pledges(today)


def can_change_pledge(user, pledge, today=None):
    return pledge.organisation_id in access(user).member_of and pledge.scheme.is_open_for_pledges(
        today
    )


def visible_schemes(user, queryset):
    """Filter a Scheme queryset: drafts only for their coordinator's members and staff."""
    a = access(user)
    if a.staff:
        return queryset
    return queryset.filter(~Q(status__in=UNPUBLISHED) | Q(coordinator_id__in=a.member_of))


def can_see_pledge(user, pledge):
    """A pledge and its share of the cost: its organisation, the coordinator and staff."""
    return pledge.organisation_id in access(user).member_of or can_manage_scheme(
        user, pledge.scheme
    )


def can_export_pledges(user, scheme):
    """The pledges and delivery list (names, addresses, emails): coordinator and staff."""
    return can_manage_scheme(user, scheme)


# Schemes run by members ----------------------------------------------------------------------


def can_propose_scheme(user):
    """Anyone acting for a member organisation proposes a scheme that organisation runs."""
    return acting_organisation_id(user) is not None


def runs_scheme(user, scheme):
    """The coordinator organisation's members, for a scheme proposed by members."""
    return scheme.member_run and scheme.coordinator_id in access(user).member_of


def can_edit_scheme(user, scheme, today=None):
    """Its details change until staff approve it; once approved, until the day it opens
    (and a change sends it back for approval)."""
    if not runs_scheme(user, scheme):
        return False
    if scheme.status in EDITABLE:
        return True
    return scheme.status == "open" and (today or timezone.localdate()) < scheme.opens_on


def can_post_quotes(user, scheme):
    return runs_scheme(user, scheme) and scheme.status in QUOTABLE


def can_decide_shortfall(user, scheme):
    """A window that closed short of the minimum waits for the coordinator's choice."""
    return runs_scheme(user, scheme) and scheme.status == "short"


def can_review_schemes(user):
    """Staff who moderate listings approve or turn down the schemes members propose."""
    return can_moderate(user)


def schemes_to_decide(user):
    """Schemes waiting for the person's organisation to choose what happens (a Q on Scheme)."""
    return Q(member_run=True, status="short", coordinator_id__in=access(user).member_of)
