"""Organisations, their people and their document vault: who may see or change them."""

from django.db.models import Q

from consortium.permissions.access import access, is_signed_in, is_staff

# Accounts and the members' dashboard --------------------------------------------------


def can_act_for(user, organisation):
    """Switch to acting for an organisation: only one whose membership was approved."""
    return organisation is not None and organisation.pk in access(user).member_of


def can_edit_volunteer_profile(user):
    """Where and how an individual volunteer helps: the volunteer themself."""
    return is_signed_in(user) and access(user).volunteer


# Organisations -------------------------------------------------------------------------


def can_view_organisation(user, organisation):
    a = access(user)
    return (
        organisation.is_public
        or a.staff
        or organisation.pk in a.member_of
        or (is_signed_in(user) and (a.is_member or a.volunteer))
    )


def visible_organisations(user, queryset):
    """Filter an Organisation queryset the way :func:`can_view_organisation` decides."""
    a = access(user)
    if a.staff or (is_signed_in(user) and (a.is_member or a.volunteer)):
        return queryset
    return queryset.filter(Q(is_public=True) | Q(pk__in=a.member_of))


def can_edit_organisation(user, organisation):
    """The profile: the organisation's admins and staff."""
    a = access(user)
    return a.staff or organisation.pk in a.admin_of


def can_manage_memberships(user, organisation):
    """Approve or decline join requests, change roles: the organisation's admins and staff."""
    return can_edit_organisation(user, organisation)


def can_download_organisation_data(user, organisation):
    """All of the organisation's data as one file: its own admins only (not staff, who have
    the admin)."""
    return is_signed_in(user) and organisation.pk in access(user).admin_of


def can_erase_accounts(user):
    """Carrying out an erasure request from the admin: superusers only."""
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def can_ask_to_join(user, organisation):
    return is_signed_in(user) and organisation.pk not in access(user).member_of


def can_register_organisation(user):
    return is_signed_in(user)


def can_dispute_org_id(user, holder):
    """Tell the brokerage staff that a number ``holder`` has is theirs: anyone signed in
    who does not belong to ``holder``."""
    return is_signed_in(user) and holder.pk not in access(user).member_of


def can_decide_org_id_disputes(user):
    """The "Org-id disputes" queue in the admin: brokerage staff."""
    return is_staff(user)


def can_verify_organisation(user):
    return is_staff(user)


def can_import_organisations(user):
    """Importing a membership spreadsheet: brokerage staff."""
    return is_staff(user)


def is_member_of(user, organisation):
    return organisation.pk in access(user).member_of


# Documents (the due-diligence vault) ---------------------------------------------------


def can_view_documents(user, organisation):
    a = access(user)
    return a.staff or organisation.pk in a.member_of


def can_edit_documents(user, organisation):
    return can_view_documents(user, organisation)


def can_load_postcodes(user):
    """Loading the table of postcode centroids: brokerage staff."""
    return is_staff(user)
