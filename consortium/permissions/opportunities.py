"""Funding opportunities: who may see, publish and seek partners for them."""

from consortium.permissions.access import access, acting_organisation_id, is_signed_in, is_staff

# Opportunities ---------------------------------------------------------------------------


def can_view_opportunity(user, opportunity):
    return opportunity.is_published or is_staff(user)


def visible_opportunities(user, queryset):
    return queryset if is_staff(user) else queryset.filter(is_published=True)


def can_manage_opportunities(user):
    """Publishing grants and tenders, importing OCDS files: brokerage staff."""
    return is_staff(user)


def can_seek_partners(user, opportunity):
    """Say "we are looking for partners": whoever acts for an organisation."""
    return acting_organisation_id(user) is not None and opportunity.is_published


def can_see_partner_searches(user):
    """Which organisations seek partners, with their notes: members and staff (others see
    only how many)."""
    a = access(user)
    return is_signed_in(user) and (a.staff or a.is_member)
