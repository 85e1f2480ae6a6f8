"""Impact figures: whose figures a person may see."""

from django.db.models import Q

from consortium.permissions.access import access, is_signed_in
from consortium.permissions.organisations import can_view_organisation

# Impact -----------------------------------------------------------------------------------


def can_view_impact_of(user, organisation):
    """An organisation's figures: whoever may see its profile."""
    return can_view_organisation(user, organisation)


def impact_organisations(user, queryset):
    """Filter an Organisation queryset to those whose figures the user may see."""
    a = access(user)
    if a.staff or (is_signed_in(user) and (a.is_member or a.volunteer)):
        return queryset
    return queryset.filter(Q(is_public=True) | Q(pk__in=a.member_of))


def impact_organisations_among(user, organisations):
    """:func:`impact_organisations` for ``(pk, is_public)`` pairs already in memory (the
    impact page's cached list): the pks whose figures the user may see, in their order."""
    a = access(user)
    if a.staff or (is_signed_in(user) and (a.is_member or a.volunteer)):
        return [pk for pk, _ in organisations]
    return [pk for pk, is_public in organisations if is_public or pk in a.member_of]
