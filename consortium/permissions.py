"""Who may see or do what in the members' area. Every view asks this module.

The people:
- anonymous visitors see public profiles, public listings and schemes;
- individual volunteers (signed in, no organisation) also see members-only listings and
  reply to them;
- members act for the organisations whose membership was approved: they keep their
  organisation's documents, listings, replies and pledges;
- organisation admins also edit the profile and approve people who ask to join;
- brokerage staff (superusers and the "Brokerage officers" group) may do everything.

Answers about a user's memberships are computed once per request object and kept on the
user (``_shoal_access``), so a page asking many questions costs one or two queries.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from consortium import groups
from consortium.models import (
    Audience,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    MatchStatus,
    Membership,
    Moderation,
    ReplyStatus,
    Role,
)

BROKERAGE_GROUP = "Brokerage officers"


@dataclass
class Access:
    """What one signed-in user is, worked out once."""

    staff: bool = False
    volunteer: bool = False
    member_of: set = field(default_factory=set)  # organisation ids, approved memberships
    admin_of: set = field(default_factory=set)  # organisation ids where they are an admin
    acting_for_id: int | None = None
    _group_org_ids: set | None = None

    @property
    def is_member(self):
        return bool(self.member_of)

    def organisations_sharing_a_group(self):
        """Ids of organisations in a forum or cluster with one of this user's organisations."""
        if self._group_org_ids is None:
            self._group_org_ids = groups.organisation_ids_sharing_a_group(self.member_of)
        return self._group_org_ids


ANONYMOUS = Access()


def access(user):
    """The user's :class:`Access`, cached on the user object for this request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_shoal_access", None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.approved().filter(user=user).values_list("organisation_id", "role")
    )
    # The person and whether they are brokerage staff in one query, the person kept on the
    # user as if read through ``user.person``.
    me = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .select_related("person")
        .annotate(
            is_officer=Exists(Group.objects.filter(user=OuterRef("pk"), name=BROKERAGE_GROUP))
        )
        .first()
    )
    person = getattr(me, "person", None) if me else None
    get_user_model().person.related.set_cached_value(user, person)
    member_of = {org_id for org_id, _ in memberships}
    acting = person.acting_for_id if person and person.acting_for_id in member_of else None
    if acting is None and memberships:
        acting = min(member_of)
    result = Access(
        staff=user.is_superuser or bool(me and me.is_officer),
        volunteer=bool(person and person.is_volunteer),
        member_of=member_of,
        admin_of={org_id for org_id, role in memberships if role == Role.ADMIN},
        acting_for_id=acting,
    )
    user._shoal_access = result
    return result


def forget(user):
    """Drop the cached answers after the user's memberships change in this request."""
    if hasattr(user, "_shoal_access"):
        del user._shoal_access


def staff_users():
    """Everyone who works the brokerage (told of new organisations, reports, overdue replies)."""
    return list(
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(groups__name=BROKERAGE_GROUP), is_active=True)
        .distinct()
    )


def is_staff(user):
    return access(user).staff


def is_signed_in(user):
    return user is not None and user.is_authenticated and user.is_active


def acting_organisation_id(user):
    """The id of the organisation the user acts for now, or None."""
    return access(user).acting_for_id


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


def can_ask_to_join(user, organisation):
    return is_signed_in(user) and organisation.pk not in access(user).member_of


def can_register_organisation(user):
    return is_signed_in(user)


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


def visible_listings(user, queryset, today=None):
    """Filter a Listing queryset to what the user may see (one query, no per-row checks)."""
    today = today or timezone.localdate()
    a = access(user)
    if a.staff:
        return queryset
    public = Q(audience=Audience.PUBLIC) | Q(public_from__lte=today)
    members = Q(audience=Audience.MEMBERS) | Q(members_from__lte=today)
    allowed = public
    if a.is_member or a.volunteer:
        allowed |= members
    if a.is_member:
        allowed |= Q(organisation_id__in=a.organisations_sharing_a_group())
    visible = Q(moderation=Moderation.APPROVED) & allowed
    if a.member_of:
        visible |= Q(organisation_id__in=a.member_of)
    return queryset.filter(visible)


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


def can_report_listing(user, listing):
    return is_signed_in(user) and can_view_listing(user, listing)


def can_moderate(user):
    return is_staff(user)


def can_watch(user):
    a = access(user)
    return a.is_member or a.volunteer


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


# Consortia and joint bids ------------------------------------------------------------------
#
# A person takes part through their organisations: their approved memberships of
# organisations that accepted a place in the consortium. The lead organisation's people
# run the consortium and move its bids on; partners write what is assigned to them.

ROLE_RANK = {ConsortiumRole.LEAD: 0, ConsortiumRole.PARTNER: 1, ConsortiumRole.SUBCONTRACTOR: 2}


def consortium_places(user, consortium):
    """{organisation id: role} for the user's organisations that accepted a place."""
    a = access(user)
    if not a.member_of:
        return {}
    cache = a.__dict__.setdefault("_consortium_places", {})
    if consortium.pk not in cache:
        cache[consortium.pk] = dict(
            ConsortiumMember.objects.filter(
                consortium=consortium,
                organisation_id__in=a.member_of,
                status=InvitationStatus.ACCEPTED,
            ).values_list("organisation_id", "role")
        )
    return cache[consortium.pk]


def consortium_role(user, consortium):
    """The user's strongest role in the consortium (lead, partner, subcontractor) or None."""
    roles = consortium_places(user, consortium).values()
    return min(roles, key=ROLE_RANK.get) if roles else None


def visible_consortia(user, queryset):
    """Consortia the user's organisations belong to or are invited to; all for staff."""
    a = access(user)
    if a.staff:
        return queryset
    return queryset.filter(
        members__organisation_id__in=a.member_of,
        members__status__in=[InvitationStatus.ACCEPTED, InvitationStatus.INVITED],
    ).distinct()


def can_create_consortium(user):
    """An organisation admin, for an organisation staff have verified, starts a consortium."""
    return bool(access(user).admin_of) or is_staff(user)


def can_view_consortium(user, consortium):
    if is_staff(user) or consortium_role(user, consortium):
        return True
    return ConsortiumMember.objects.filter(
        consortium=consortium,
        organisation_id__in=access(user).member_of,
        status=InvitationStatus.INVITED,
    ).exists()


def can_manage_consortium(user, consortium):
    """Invite organisations, change roles, hand on the lead: the lead's people and staff."""
    return is_staff(user) or consortium_role(user, consortium) == ConsortiumRole.LEAD


def can_answer_invitation(user, member):
    """Accept or decline: the invited organisation's admins, while the invitation stands."""
    return (
        member.status == InvitationStatus.INVITED
        and not member.is_expired
        and member.organisation_id in access(user).admin_of
    )


def can_name_contacts(user, member):
    """Who speaks for an organisation in the consortium: its admins, the lead and staff."""
    return member.organisation_id in access(user).admin_of or can_manage_consortium(
        user, member.consortium
    )


def can_view_bid(user, bid):
    """A bid, its history and its exports: the consortium's organisations and staff."""
    return is_staff(user) or consortium_role(user, bid.consortium) is not None


def visible_bids(user, queryset):
    a = access(user)
    if a.staff:
        return queryset
    return queryset.filter(
        consortium__members__organisation_id__in=a.member_of,
        consortium__members__status=InvitationStatus.ACCEPTED,
    ).distinct()


def can_start_bid(user, consortium):
    return can_manage_consortium(user, consortium)


def is_bid_lead(user, bid):
    return consortium_role(user, bid.consortium) == ConsortiumRole.LEAD


def _editable(bid):
    from consortium.workflow import EDITABLE

    return bid.state in EDITABLE


def can_edit_bid(user, bid):
    """The bid's details and its list of sections: the lead and staff, while editable."""
    return _editable(bid) and (is_staff(user) or is_bid_lead(user, bid))


def can_edit_section(user, section):
    """The lead; the partner the section is assigned to; any partner if unassigned."""
    bid = section.bid
    if not _editable(bid):
        return False
    if is_staff(user) or is_bid_lead(user, bid):
        return True
    places = consortium_places(user, bid.consortium)
    if section.assigned_to_id is None:
        return any(role != ConsortiumRole.SUBCONTRACTOR for role in places.values())
    return section.assigned_to_id in places


def can_comment(user, bid):
    from consortium.workflow import FINISHED

    return bid.state not in FINISHED and can_view_bid(user, bid)


def can_resolve_comment(user, comment):
    return can_comment(user, comment.section.bid) and (
        comment.author_id == user.pk or can_edit_section(user, comment.section)
    )


def can_add_budget_line(user, bid, organisation_id):
    """A partner adds lines for itself; the lead and staff for anyone."""
    if not _editable(bid):
        return False
    if is_staff(user) or is_bid_lead(user, bid):
        return True
    return organisation_id in consortium_places(user, bid.consortium)


def can_edit_budget_line(user, line):
    return can_add_budget_line(user, line.bid, line.organisation_id)


def can_see_budget_line(user, line):
    """Private pricing and staffing lines: only the owning partner, the lead and staff."""
    if not can_view_bid(user, line.bid):
        return False
    if not line.is_private:
        return True
    return (
        is_staff(user)
        or is_bid_lead(user, line.bid)
        or line.organisation_id in consortium_places(user, line.bid.consortium)
    )


def visible_budget_lines(user, bid, queryset):
    """Filter a bid's BudgetLine queryset to what the user may see."""
    if is_staff(user) or is_bid_lead(user, bid):
        return queryset
    mine = list(consortium_places(user, bid.consortium))
    return queryset.filter(Q(is_private=False) | Q(organisation_id__in=mine))


def can_edit_statement(user, statement):
    """A partner's statement: that partner, the lead and staff, while editable."""
    return can_add_budget_line(user, statement.bid, statement.organisation_id)


def can_sign_off(user, bid, organisation_id):
    """An admin or named contact of a partner organisation (or the lead), while sign-off is
    asked for."""
    from consortium.models import BidState

    if bid.state != BidState.AWAITING_SIGN_OFF:
        return False
    role = consortium_places(user, bid.consortium).get(organisation_id)
    if role is None or role == ConsortiumRole.SUBCONTRACTOR:
        return False  # subcontractors are not party to the bid
    if organisation_id in access(user).admin_of:
        return True
    return ConsortiumMember.objects.filter(
        consortium=bid.consortium, organisation_id=organisation_id, contacts=user
    ).exists()


def can_move_bid(user, bid):
    """Only the lead (and staff) move a bid between states; the workflow says where."""
    return is_staff(user) or is_bid_lead(user, bid)
