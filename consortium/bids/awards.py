"""Recording an award, and correcting one, as fixed records.

    awards.record(bid, user)  # when the bid moves to "Awarded" (consortium.bids.moves)
    awards.correct(record, user, reason="...", amount=Decimal("47000"))
    awards.current(bid)  # the record the open data shows, or None

The recipient is the consortium's lead organisation at the moment the award is recorded, and
the record keeps its name and identifiers; handing the lead role on later changes nothing
already recorded. An award for a tender (an opportunity of kind "tender") is a contract,
published as OCDS; any other award is a grant, published as 360Giving.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from consortium.bids.models import (
    AwardKind,
    AwardRecord,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
)
from consortium.opportunities.models import OpportunityKind

# What a correction may change; everything else is copied from the record it supersedes.
CORRECTABLE = {"amount", "award_date", "recipient", "funder_name", "funder_org_id"}


class AwardRefused(Exception):
    """The award cannot be recorded or corrected; the message says why, for the person."""


def lead_of(consortium):
    member = (
        ConsortiumMember.objects.filter(
            consortium=consortium, role=ConsortiumRole.LEAD, status=InvitationStatus.ACCEPTED
        )
        .select_related("organisation")
        .first()
    )
    return member.organisation if member else None


def recipient_fields(organisation, consortium=None):
    """The recipient's name and identifiers as they are now, to be fixed in a record."""
    if organisation is None:
        return {
            "recipient": None,
            "recipient_name": consortium.name,
            "recipient_org_id": "",
            "recipient_local_id": f"org-{consortium.slug}",
            "recipient_charity_number": "",
            "recipient_company_number": "",
        }
    return {
        "recipient": organisation,
        "recipient_name": organisation.name,
        "recipient_org_id": organisation.org_id,
        "recipient_local_id": f"org-{organisation.slug}",
        "recipient_charity_number": organisation.charity_number,
        "recipient_company_number": organisation.company_number,
    }


def build(bid, lead, user=None, recorded_at=None):
    """An unsaved record of ``bid``'s award to ``lead`` (the demo data bulk-creates these)."""
    opportunity = bid.opportunity
    is_tender = opportunity is not None and opportunity.kind == OpportunityKind.TENDER
    amount = bid.amount_awarded if bid.amount_awarded is not None else bid.amount_requested
    funder_org_id = opportunity.funder_org_id if opportunity else ""
    if funder_org_id:  # the name that goes with the identifier
        funder_name = opportunity.funder
    else:
        funder_name = bid.funder or (opportunity.funder if opportunity else "")
    return AwardRecord(
        bid=bid,
        kind=AwardKind.CONTRACT if is_tender else AwardKind.GRANT,
        title=bid.title,
        description=bid.summary or bid.title,
        programme=bid.programme,
        funder_name=funder_name or "Unknown funder",
        funder_org_id=funder_org_id,
        ocid=(opportunity.ocid or "") if is_tender else "",
        currency="GBP",
        amount=amount or 0,
        amount_applied_for=bid.amount_requested,
        award_date=bid.award_date or timezone.localdate(bid.updated_at),
        start_date=bid.start_date,
        duration_months=bid.duration_months,
        recorded_at=recorded_at or timezone.now(),
        recorded_by=user,
        **recipient_fields(lead, bid.consortium),
    )


def record(bid, user):
    """Record ``bid``'s award as it stands now (the bid holds the amount and date)."""
    award = build(bid, lead_of(bid.consortium), user)
    award.save()
    return award


def current(bid):
    return AwardRecord.objects.current().filter(bid=bid).select_related("recipient").first()


def history(bid):
    """Every record of ``bid``'s award, the first first."""
    return list(AwardRecord.objects.filter(bid=bid).order_by("recorded_at", "pk"))


def correct(previous, user, *, reason, **changes):
    """A new record that supersedes ``previous``, with ``changes`` and the ``reason``.

    Raises :class:`AwardRefused` when nothing would change, there is no reason, or someone
    corrected ``previous`` first.
    """
    reason = (reason or "").strip()
    if not reason:
        raise AwardRefused("Say why the award is corrected.")
    unknown = set(changes) - CORRECTABLE
    if unknown:
        raise ValueError(f"An award correction cannot change {', '.join(sorted(unknown))}")
    fields = {
        f.name: getattr(previous, f.name)
        for f in AwardRecord._meta.concrete_fields
        if f.name not in {"id", "recorded_at", "recorded_by", "supersedes", "reason"}
    }
    if "recipient" in changes:
        fields.update(recipient_fields(changes.pop("recipient"), previous.bid.consortium))
    fields.update(changes)
    if all(fields[name] == getattr(previous, name) for name in fields):
        raise AwardRefused(
            "Nothing differs from the award as recorded, so there is nothing to correct."
        )
    try:
        with transaction.atomic():
            correction = AwardRecord.objects.create(
                **fields,
                supersedes=previous,
                reason=reason,
                recorded_by=user,
                recorded_at=timezone.now(),
            )
            bid = previous.bid
            bid.amount_awarded, bid.award_date = correction.amount, correction.award_date
            bid._change_reason = "Award corrected"
            bid._history_user = user
            bid.save(update_fields=["amount_awarded", "award_date", "updated_at"])
            del bid._change_reason
    except IntegrityError as error:
        raise AwardRefused(
            "Someone corrected this award a moment ago. Look at the award again and correct "
            "that record if it still needs it."
        ) from error
    return correction
