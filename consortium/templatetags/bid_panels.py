"""What the bid page's budget, partners and workflow panels show, worked out in a few
constant queries (the partials ``templates/consortium/bids/_*_summary.html`` and
``_workflow_panel.html`` load these)."""

from django import template

from consortium import compiled, permissions
from consortium.bids import awards, budget, moves, workflow
from consortium.bids.models import ConsortiumMember, PartnerStatement, SignOff
from consortium.organisations import due_diligence

register = template.Library()


@register.simple_tag
def budget_summary(bid, user):
    """The overall totals the person may see, and each partner's."""
    return budget.totals(bid, user)


@register.simple_tag
def partners_summary(bid, user, members=None):
    """How many partners and statements, and the due-diligence gaps. ``members``: the
    consortium's accepted members with their organisations, when the page has them."""
    if not isinstance(members, list):
        members = list(
            ConsortiumMember.objects.active()
            .filter(consortium=bid.consortium)
            .select_related("organisation")
        )
    organisations = [m.organisation for m in members]
    checks = due_diligence.checklist(bid, organisations)
    return {
        "partners": len(members),
        # Counted with the bid by the bid's page (``statements_count``).
        "statements": getattr(bid, "statements_count", None)
        if getattr(bid, "statements_count", None) is not None
        else PartnerStatement.objects.filter(bid=bid).count(),
        "gaps": due_diligence.gaps(checks),
        "checks": sum(len(c) for c in checks.values()),
    }


@register.simple_tag
def workflow_panel(bid, user):
    """The state, the moves this person may make (with what blocks each), sign-offs and the
    award as recorded."""
    possible = [{"transition": t, "reasons": reasons} for t, reasons in moves.available(bid, user)]
    # Compiled once per process for the bid and its version.
    signed = compiled.rows(
        ("bid-sign-offs", bid.pk, bid.version),
        lambda: (
            SignOff.objects.filter(bid_id=bid.pk, voided_at__isnull=True, bid_version=bid.version)
            .select_related("organisation")
            .order_by("organisation__name")
        ),
    )
    places = permissions.consortium_places(user, bid.consortium)
    signed_ids = {s.organisation_id for s in signed}
    can_sign = any(
        permissions.can_sign_off(user, bid, org_id) for org_id in places if org_id not in signed_ids
    )
    return {
        "tag": workflow.STATE_TAGS.get(bid.state, ""),
        "moves": possible,
        "can_move": permissions.can_move_bid(user, bid),
        "signed": signed,
        "can_sign": can_sign,
        "awaiting": bid.state == workflow.S.AWAITING_SIGN_OFF,
        "award": awards.current(bid) if bid.state == workflow.S.AWARDED else None,
    }
