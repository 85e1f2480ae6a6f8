"""Consortia and joint bids: who may see, run, write, budget and sign off."""

from django.db.models import Q

from consortium import compiled
from consortium.bids.models import (
    BidState,
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
)
from consortium.bids.workflow import EDITABLE, FINISHED
from consortium.permissions.access import access, acting_organisation_id, is_staff

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
        # Asked on every bid page: its SQL compiled once per consortium and organisations.
        member_of = sorted(a.member_of)
        cache[consortium.pk] = dict(
            compiled.rows(
                ("consortium-places", consortium.pk, tuple(member_of)),
                lambda: ConsortiumMember.objects.filter(
                    consortium_id=consortium.pk,
                    organisation_id__in=member_of,
                    status=InvitationStatus.ACCEPTED,
                ).values_list("organisation_id", "role"),
            )
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


def consortia_led_by(user):
    """The consortia the user's organisations lead (an accepted lead place): those they may
    invite organisations into from an opportunity page. Staff use the consortium's page."""
    a = access(user)
    if not a.member_of:
        return []
    return list(
        Consortium.objects.filter(
            members__organisation_id__in=a.member_of,
            members__role=ConsortiumRole.LEAD,
            members__status=InvitationStatus.ACCEPTED,
        )
        .distinct()
        .order_by("name")
    )


def consortium_places_of(consortia, organisation_ids):
    """{(consortium id, organisation id): "in" or "invited"} for the organisations' standing
    places and live invitations in the consortia: who need not be invited again."""
    places = {}
    members = ConsortiumMember.objects.filter(
        consortium__in=consortia,
        organisation_id__in=organisation_ids,
        status__in=[InvitationStatus.ACCEPTED, InvitationStatus.INVITED],
    )
    for member in members:
        if member.status == InvitationStatus.ACCEPTED:
            places[member.consortium_id, member.organisation_id] = "in"
        elif not member.is_expired:
            places[member.consortium_id, member.organisation_id] = "invited"
    return places


def can_invite_from_opportunity(user, consortium):
    """Invite an organisation seeking partners into ``consortium`` from an opportunity: the
    people of the consortium's lead organisation, as on the consortium's own page."""
    return consortium_role(user, consortium) == ConsortiumRole.LEAD


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


def can_preview_section(user, section):
    """Whoever may write the section may see a preview of their unsaved text."""
    return can_edit_section(user, section)


def can_comment(user, bid):

    return bid.state not in FINISHED and can_view_bid(user, bid)


def is_section_writer(user, section):
    """Who writes a section: people in the organisation it is assigned to, or the lead's
    people when it is unassigned."""
    if section.assigned_to_id is None:
        return is_bid_lead(user, section.bid)
    return section.assigned_to_id in consortium_places(user, section.bid.consortium)


def can_resolve_comment(user, comment):
    """Resolve a comment thread, or reopen it: the section's writer only."""
    return (
        comment.parent_id is None
        and can_comment(user, comment.section.bid)
        and is_section_writer(user, comment.section)
    )


def can_reply_to_comment(user, comment):
    return can_comment(user, comment.section.bid)


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


def can_see_every_budget_line(user, bid):
    """The lead and staff see private lines too: the whole bid, as the funder gets it."""
    return can_view_bid(user, bid) and (is_staff(user) or is_bid_lead(user, bid))


def budget_audience(user, bid):
    """Who a document of the bid is made for, as a key: readers with the same key see the
    same budget lines. "all" for the lead and staff; else the organisations whose private
    lines the reader sees ("orgs:" and their ids; "orgs:" alone for none)."""
    if can_see_every_budget_line(user, bid):
        return "all"
    return "orgs:" + ",".join(str(pk) for pk in sorted(consortium_places(user, bid.consortium)))


def visible_budget_lines(user, bid, queryset):
    """Filter a bid's BudgetLine queryset to what the user may see."""
    if is_staff(user) or is_bid_lead(user, bid):
        return queryset
    mine = sorted(consortium_places(user, bid.consortium))
    return queryset.filter(Q(is_private=False) | Q(organisation_id__in=mine))


def visible_budget_lines_key(user, bid):
    """Everything :func:`visible_budget_lines` reads about the person, as a key: the same key,
    the same SQL (for keeping it, ``consortium.compiled``)."""
    if is_staff(user) or is_bid_lead(user, bid):
        return "every line"
    return tuple(sorted(consortium_places(user, bid.consortium)))


def can_edit_statement(user, statement):
    """A partner's statement: that partner, the lead and staff, while editable."""
    return can_add_budget_line(user, statement.bid, statement.organisation_id)


def can_sign_off(user, bid, organisation_id):
    """An admin or named contact of a partner organisation (or the lead), while sign-off is
    asked for."""
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


def can_share_presence(user, section):
    """Only the people who may write a section say they are writing it, and hear who else is."""
    return can_edit_section(user, section)


def speaking_for(user, bid):
    """The organisation a person acts for in the bid: the one they chose, else their first."""
    places = consortium_places(user, bid.consortium)
    acting = acting_organisation_id(user)
    return acting if acting in places else next(iter(places), None)
