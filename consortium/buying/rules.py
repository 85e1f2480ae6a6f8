"""Joint buying: the rules for pledges, shares of the cost, exports and the daily jobs.

Views and the management command call these functions; they hold no HTTP knowledge.
Money is worked out with :class:`~decimal.Decimal` and rounded to pence (half up).
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django_tasks import task

from consortium.buying import outcomes
from consortium.buying.models import MAX_PLEDGE, Pledge, Scheme, SchemeStatus
from consortium.events import Event, announce
from portal.spreadsheets import csv_text

PENNY = Decimal("0.01")
# Members are reminded this many days before a scheme's window closes.
CLOSING_REMINDER_DAYS = 3
# The order schemes are listed in: open first, then the ones past their window.
STATUS_ORDER = [
    SchemeStatus.OPEN,
    SchemeStatus.SHORT,
    SchemeStatus.CLOSED,
    SchemeStatus.ORDERED,
    SchemeStatus.DELIVERED,
    SchemeStatus.DRAFT,
    SchemeStatus.PROPOSED,
    SchemeStatus.REJECTED,
    SchemeStatus.CANCELLED,
]
CLOSED_MESSAGE = "Pledges for this scheme closed on {date}, so it can no longer be changed."
STALE_MESSAGE = (
    "Someone else at your organisation changed this pledge while you were editing it: {now}. "
    "Your figure is still in the form: submit it again if you still want it."
)


class PledgeRefused(Exception):
    """A pledge change the rules refuse; the message is written for the person."""


class StalePledge(PledgeRefused):
    """Someone else saved the organisation's pledge after this form was shown."""


def with_totals(schemes):
    """Annotate a Scheme queryset with ``pledged`` (sum of live pledges) and ``pledge_count``."""
    live = Q(pledges__withdrawn_at__isnull=True)
    return schemes.annotate(
        pledged=Sum("pledges__quantity", filter=live),
        pledge_count=Count("pledges", filter=live),
    )


def percent(part, whole):
    """Whole-number percentage of ``whole`` that ``part`` is (0 when there is no whole)."""
    if not whole:
        return 0
    return int((Decimal(part or 0) * 100 / Decimal(whole)).to_integral_value(ROUND_HALF_UP))


def plain(quantity):
    """A quantity as people type it: 600 rather than 600.00 or 6E+2."""
    return format(Decimal(quantity).normalize(), "f")


def total_pledged(scheme):
    return scheme.pledges.filter(withdrawn_at__isnull=True).aggregate(t=Sum("quantity"))[
        "t"
    ] or Decimal("0")


def share_of_cost(quantity, unit_price):
    """What one organisation pays: quantity x unit price, rounded to pence."""
    if unit_price is None:
        return None
    return (Decimal(quantity) * Decimal(unit_price)).quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass
class Share:
    pledge: Pledge
    quantity: Decimal
    cost: Decimal | None


def shares(scheme, pledges=None):
    """Each live pledge with its share of the cost (``cost`` is None while no price is known)."""
    price = scheme.price_per_unit()
    if pledges is None:
        pledges = scheme.pledges.filter(withdrawn_at__isnull=True).select_related("organisation")
    return [Share(p, p.quantity, share_of_cost(p.quantity, price)) for p in pledges]


def shares_shown(scheme):
    """Shares are worked out once the window has closed and a price is known."""
    return scheme.status != SchemeStatus.OPEN and scheme.price_per_unit() is not None


def validate_quantity(scheme, quantity):
    """The reasons a quantity cannot be pledged to ``scheme``, as a ValidationError."""
    if quantity is None:
        raise ValidationError(f"Enter how many {scheme.unit} you want", code="required")
    if quantity <= 0:
        raise ValidationError(f"Enter a number of {scheme.unit} greater than 0", code="min_value")
    if quantity < scheme.minimum_order:
        raise ValidationError(
            f"The minimum order is {scheme.minimum_order.normalize():f} {scheme.unit} per "
            "organisation",
            code="below_minimum",
        )
    if quantity > MAX_PLEDGE:
        raise ValidationError(
            f"Enter {MAX_PLEDGE:,} {scheme.unit} or fewer; contact the coordinator for more",
            code="max_value",
        )


def version_of(pledge):
    """The token a form carries so that a stale save can be recognised."""
    if pledge is None:
        return "new"
    return f"{pledge.pk}:{pledge.updated_at.isoformat()}"


def check_open(scheme, today=None):
    """Refuse (:class:`PledgeRefused`) unless the scheme takes pledges ``today``."""
    today = today or timezone.localdate()
    if not scheme.is_open_for_pledges(today):
        if today < scheme.opens_on or scheme.status == SchemeStatus.DRAFT:
            raise PledgeRefused("This scheme is not open for pledges yet.")
        if scheme.status == SchemeStatus.OPEN:
            raise PledgeRefused(CLOSED_MESSAGE.format(date=f"{scheme.closes_on:%-d %B %Y}"))
        raise PledgeRefused(
            f"This scheme is {scheme.get_status_display().lower()}, so pledges can no longer "
            "be made, changed or withdrawn."
        )


def _current(scheme, organisation, version):
    """The organisation's pledge, locked; refuses when it changed since ``version``."""
    pledge = (
        Pledge.objects.select_for_update().filter(scheme=scheme, organisation=organisation).first()
    )
    if version is not None and version != version_of(pledge):
        if pledge is None:
            now = "there is no pledge now"
        elif pledge.withdrawn_at:
            now = "it has been withdrawn"
        else:
            now = f"it is now {pledge.quantity.normalize():f} {scheme.unit}"
        raise StalePledge(STALE_MESSAGE.format(now=now))
    return pledge


def pledge(scheme, organisation, quantity, user, *, delivery_address="", version=None, today=None):
    """Make or change the organisation's pledge. ``version`` is what the form was built
    from (see :func:`version_of`); a different one now means someone else saved first."""
    today = today or timezone.localdate()
    check_open(scheme, today)
    validate_quantity(scheme, quantity)
    with transaction.atomic():
        current = _current(scheme, organisation, version)
        if current is None:
            current = Pledge(scheme=scheme, organisation=organisation)
        current.quantity = quantity
        current.delivery_address = delivery_address
        current.pledged_by = user
        current.withdrawn_at = None
        current.save()
    return current


def withdraw(scheme, organisation, user, *, version=None, today=None):
    """Withdraw the organisation's pledge while the window is open."""
    today = today or timezone.localdate()
    check_open(scheme, today)
    with transaction.atomic():
        current = _current(scheme, organisation, version)
        if current is None or current.withdrawn_at:
            raise PledgeRefused("Your organisation has no pledge to withdraw.")
        current.withdrawn_at = timezone.now()
        current.pledged_by = user
        current.save()
    return current


# Exports ------------------------------------------------------------------------------------


def _live_pledges(scheme):
    return (
        scheme.pledges.filter(withdrawn_at__isnull=True)
        .select_related("organisation", "pledged_by")
        .order_by("organisation__name")
    )


def pledges_csv(scheme):
    price = scheme.price_per_unit()
    rows = [
        [
            s.pledge.organisation.name,
            s.pledge.organisation.org_id,
            s.quantity,
            scheme.unit,
            "" if price is None else price,
            "" if s.cost is None else s.cost,
            s.pledge.pledged_by.get_full_name() or s.pledge.pledged_by.username
            if s.pledge.pledged_by
            else "",
            s.pledge.pledged_by.email if s.pledge.pledged_by else "",
            timezone.localtime(s.pledge.updated_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for s in shares(scheme, _live_pledges(scheme))
    ]
    header = [
        "Organisation",
        "Org-id",
        "Quantity",
        "Unit",
        "Unit price (£)",
        "Share of cost (£)",
        "Pledged by",
        "Email",
        "Last changed",
    ]
    return csv_text(header, rows)


def delivery_csv(scheme):
    rows = [
        [
            p.organisation.name,
            p.quantity,
            scheme.unit,
            p.delivery_address or p.organisation.postcode,
            p.organisation.postcode,
            p.pledged_by.email if p.pledged_by else "",
        ]
        for p in _live_pledges(scheme)
    ]
    header = ["Organisation", "Quantity", "Unit", "Deliver to", "Postcode", "Contact email"]
    return csv_text(header, rows)


# Daily jobs ---------------------------------------------------------------------------------


@dataclass
class JobReport:
    opened: list
    reminded: list
    closed: list


def run_jobs(today=None):
    """Announce schemes whose window has started, remind members 3 days before a close
    (once), and close schemes whose window has ended (see ``outcomes.close_window`` for those
    members run). Safe to run many times a day."""
    today = today or timezone.localdate()
    report = JobReport(opened=[], reminded=[], closed=[])
    for scheme in Scheme.objects.filter(
        status=SchemeStatus.OPEN,
        opens_on__lte=today,
        closes_on__gte=today,
        opening_notice_sent_on__isnull=True,
    ):
        with transaction.atomic():
            Scheme.objects.filter(pk=scheme.pk).update(opening_notice_sent_on=today)
            announce(Event.SCHEME_OPENED, scheme=scheme)
        report.opened.append(scheme)
    remind_until = today + datetime.timedelta(days=CLOSING_REMINDER_DAYS)
    for scheme in Scheme.objects.filter(
        status=SchemeStatus.OPEN,
        opens_on__lte=today,
        closes_on__gte=today,
        closes_on__lte=remind_until,
        closing_reminder_sent_on__isnull=True,
    ):
        with transaction.atomic():
            Scheme.objects.filter(pk=scheme.pk).update(closing_reminder_sent_on=today)
            announce(Event.SCHEME_CLOSING, scheme=scheme)
        report.reminded.append(scheme)
    for scheme in Scheme.objects.filter(status=SchemeStatus.OPEN, closes_on__lt=today):
        if scheme.member_run:
            # The best price band applies, or the coordinator chooses what happens.
            outcomes.close_window(scheme)
            report.closed.append(scheme)
            continue
        scheme.status = SchemeStatus.CLOSED
        scheme.save(update_fields=["status", "updated_at"])
        report.closed.append(scheme)
    return report


@task()
def run_buying_jobs():
    """The daily joint-buying jobs as a background task (see :func:`run_jobs`)."""
    report = run_jobs()
    return {
        "opened": len(report.opened),
        "reminded": len(report.reminded),
        "closed": len(report.closed),
    }
