"""A partner asked to sign off answers otherwise: it requests changes (the bid goes back to
internal review) or declines to take part (the bid goes back to draft).

Either way the move is made through the workflow engine (``consortium.bids.moves``), which
checks who may make it and voids the sign-offs given so far; the answer is kept as a dated
:class:`SignOffResponse` and the lead organisation is told.
"""

from django.db import models, transaction
from django.db.models import Case, F, Value, When, prefetch_related_objects
from django.db.models.functions import Concat

from consortium import compiled, events
from consortium.bids import moves
from consortium.bids.models import BidState, ResponseKind, SignOffResponse
from consortium.events import Event

# The columns of each part of the bid history's union (``drafting.bid_history``).
FEED_COLUMNS = (
    "kind",
    "id",
    "label",
    "history_id",
    "history_date",
    "history_type",
    "history_user_id",
    "history_change_reason",
)

TARGETS = {ResponseKind.CHANGES: BidState.INTERNAL_REVIEW, ResponseKind.DECLINED: BidState.DRAFT}


def respond(bid, organisation, user, kind, reason, sections=()):
    """Record ``organisation``'s answer and move the bid back; raises
    ``moves.TransitionRefused`` (and records nothing) when the move is not allowed."""
    kind = ResponseKind(kind)
    with transaction.atomic():
        version = bid.version
        moves.move(bid, TARGETS[kind], user)
        response = SignOffResponse.objects.create(
            bid=bid,
            organisation=organisation,
            person=user,
            answer=kind,
            reason=reason,
            bid_version=version,
        )
        if sections:
            response.sections.set(sections)
    events.announce(Event.SIGN_OFF_ANSWERED, response=response)
    return response


def open_answer(bid):
    """The latest answer, while the bid is back with the lead for it (draft or internal
    review); None otherwise."""
    if bid.state not in (BidState.DRAFT, BidState.INTERNAL_REVIEW):
        return None
    # The newest (the model's order), its SQL compiled once per process and bid.
    latest = compiled.rows(
        ("open-answer", bid.pk),
        lambda: SignOffResponse.objects.filter(bid_id=bid.pk).select_related(
            "organisation", "person"
        )[:1],
    )
    prefetch_related_objects(latest, "sections")
    return latest[0] if latest else None


def history_feed(bid):
    """The answers as rows of the bid's history feed (``drafting.bid_history``), saying
    "Riverside Befrienders asked for changes: …"."""
    said = Case(
        When(
            answer=ResponseKind.DECLINED,
            then=Concat(
                F("organisation__name"),
                Value(" declined to take part: "),
                F("reason"),
                output_field=models.TextField(),
            ),
        ),
        default=Concat(
            F("organisation__name"),
            Value(" asked for changes: "),
            F("reason"),
            output_field=models.TextField(),
        ),
        output_field=models.TextField(),
    )
    return (
        SignOffResponse.objects.filter(bid=bid)
        .order_by()
        .annotate(
            kind=Value("response", output_field=models.CharField()),
            label=said,
            history_id=F("pk"),
            history_date=F("created_at"),
            history_type=Value("+", output_field=models.CharField()),
            history_user_id=F("person_id"),
            history_change_reason=Value("", output_field=models.CharField()),
        )
        .values(*FEED_COLUMNS)
    )
