"""Joint buying: who may see and run schemes, pledge, and see pledges."""

from django.db.models import Q

from consortium.permissions.access import access, acting_organisation_id, is_staff

# Joint buying -----------------------------------------------------------------------------


def can_view_scheme(user, scheme):
    return scheme.status != "draft" or can_manage_scheme(user, scheme)


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
    return queryset.filter(~Q(status="draft") | Q(coordinator_id__in=a.member_of))


def can_see_pledge(user, pledge):
    """A pledge and its share of the cost: its organisation, the coordinator and staff."""
    return pledge.organisation_id in access(user).member_of or can_manage_scheme(
        user, pledge.scheme
    )


def can_export_pledges(user, scheme):
    """The pledges and delivery list (names, addresses, emails): coordinator and staff."""
    return can_manage_scheme(user, scheme)
