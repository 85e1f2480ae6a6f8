"""When a member-run scheme's window closes: the best price band the total reaches applies,
or, short of the minimum, the coordinator chooses to extend, go ahead or cancel.

The outcome is recorded once (``SchemeOutcome``) and never recalculated; each pledger is
told their share. This module imports no other joint-buying rules, so ``rules.run_jobs``
can call it.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from consortium.buying.models import PriceBand, Scheme, SchemeOutcome, SchemeStatus, SupplierQuote
from consortium.events import Event, announce

PENNY = Decimal("0.01")


class ChoiceRefused(Exception):
    """A choice the rules refuse; the message is written for the person."""


def _live_pledges(scheme):
    return scheme.pledges.filter(withdrawn_at__isnull=True).select_related("organisation")


def total_of(scheme):
    total = _live_pledges(scheme).aggregate(t=Sum("quantity"))["t"]
    return total or Decimal("0")


def reachable_bands(scheme, total):
    """The bands whose minimum volume ``total`` reaches, across quotes, cheapest first."""
    if total <= 0:
        return []
    return list(
        PriceBand.objects.filter(quote__scheme=scheme, from_quantity__lte=total)
        .select_related("quote")
        .order_by("unit_price", "-from_quantity", "pk")
    )


def best_band(scheme, total):
    """The lowest price among the bands the total reaches (None when none is reached)."""
    bands = reachable_bands(scheme, total)
    return bands[0] if bands else None


def share_of(quantity, unit_price):
    return (Decimal(quantity) * Decimal(unit_price)).quantize(PENNY, rounding=ROUND_HALF_UP)


def _locked(scheme, status):
    current = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if current.status != status:
        raise ChoiceRefused(
            f"“{current.title}” is {current.get_status_display().lower()} now: someone has "
            "already chosen what happens."
        )
    return current


def close_window(scheme):
    """Close a member-run scheme whose window has ended: apply the best band the total
    reaches, or wait for the coordinator when the total is short of the minimum (or reaches
    no band). Returns the outcome, or None while the scheme waits."""
    with transaction.atomic():
        try:
            current = _locked(scheme, SchemeStatus.OPEN)
        except ChoiceRefused:
            return None
        total = total_of(current)
        band = best_band(current, total)
        if band is not None and total >= current.target_total:
            return _record(current, band, total)
        current.status = SchemeStatus.SHORT
        current.save(update_fields=["status", "updated_at"])
        announce(Event.SCHEME_SHORT, scheme=current, total=total, reachable=band is not None)
    return None


def go_ahead(scheme, band_id, user):
    """The coordinator goes ahead, short of the minimum, at a band the total reaches."""
    with transaction.atomic():
        current = _locked(scheme, SchemeStatus.SHORT)
        total = total_of(current)
        band = next((b for b in reachable_bands(current, total) if b.pk == band_id), None)
        if band is None:
            raise ChoiceRefused("Choose one of the prices the total reaches")
        return _record(current, band, total, user=user, short=True)


def extend(scheme, closes_on, user, today=None):
    """The coordinator gives members more time: the window reopens until ``closes_on``."""
    today = today or timezone.localdate()
    if closes_on <= today:
        raise ChoiceRefused("The new closing date must be in the future")
    if closes_on > today + datetime.timedelta(days=366):
        raise ChoiceRefused("The new closing date must be within a year")
    with transaction.atomic():
        current = _locked(scheme, SchemeStatus.SHORT)
        current.status = SchemeStatus.OPEN
        current.closes_on = closes_on
        current.closing_reminder_sent_on = None
        current.save()
        _tell_pledgers(current, "extended")
    return current


def cancel(scheme, user):
    """The coordinator cancels a scheme that fell short: nothing is ordered."""
    with transaction.atomic():
        current = _locked(scheme, SchemeStatus.SHORT)
        current.status = SchemeStatus.CANCELLED
        current.save()
        _tell_pledgers(current, "cancelled")
    return current


def _tell_pledgers(scheme, change):
    pledges = list(_live_pledges(scheme))
    total = sum((p.quantity for p in pledges), Decimal("0"))
    announce(Event.SCHEME_CHANGED, scheme=scheme, pledges=pledges, change=change, total=total)


def _record(scheme, band, total, user=None, short=False):
    """Record the outcome once, choose its quote, close the scheme, tell each pledger."""
    outcome = SchemeOutcome.objects.create(
        scheme=scheme,
        quote=band.quote,
        supplier=band.quote.supplier,
        band_from=band.from_quantity,
        unit_price=band.unit_price,
        total=total,
        went_ahead_short=short,
        decided_by=user,
    )
    SupplierQuote.objects.filter(scheme=scheme, chosen=True).update(chosen=False)
    SupplierQuote.objects.filter(pk=band.quote_id).update(chosen=True)
    scheme.status = SchemeStatus.CLOSED
    scheme.save(update_fields=["status", "updated_at"])
    for pledge in _live_pledges(scheme):
        announce(
            Event.SCHEME_SHARE,
            pledge=pledge,
            outcome=outcome,
            share=share_of(pledge.quantity, outcome.unit_price),
        )
    return outcome
