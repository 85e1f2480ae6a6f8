"""Member-run joint-buying schemes for the tests: proposed, approved, with banded quotes."""

import datetime
from decimal import Decimal

from django.utils import timezone

from consortium.buying import proposals, rules
from consortium.models import Organisation, Pledge, SchemeStatus


def details(**overrides):
    today = timezone.localdate()
    values = {
        "title": "Heating oil for village halls",
        "commodity": "heating-oil",
        "description": "One order for the halls of the dales, delivered in November.",
        "unit": "litres",
        "minimum_order": Decimal("500"),
        "target_total": Decimal("5000"),
        "opens_on": today + datetime.timedelta(days=2),
        "closes_on": today + datetime.timedelta(days=30),
        "delivery_area": "North Yorkshire",
    }
    values.update(overrides)
    return values


def proposed_scheme(p, **overrides):
    """Proposed by the "member" persona for Fernlea Food Bank; waits for staff."""
    return proposals.propose(p.organisation, p.member, details(**overrides))


def open_scheme(p, **overrides):
    """Approved, and open today (the window opened two days ago)."""
    today = timezone.localdate()
    scheme = proposed_scheme(p, **overrides)
    scheme.status = SchemeStatus.OPEN
    scheme.opens_on = today - datetime.timedelta(days=2)
    scheme.save()
    return scheme


def add_banded_quotes(scheme):
    """Two suppliers whose prices fall with the total: the best band depends on it."""
    dales = proposals.add_quote(
        scheme,
        "Dales Fuels",
        [
            (Decimal("0"), Decimal("0.80")),
            (Decimal("5000"), Decimal("0.70")),
            (Decimal("10000"), Decimal("0.62")),
        ],
    )
    county = proposals.add_quote(
        scheme,
        "County Oil",
        [(Decimal("2000"), Decimal("0.75")), (Decimal("8000"), Decimal("0.66"))],
    )
    return dales, county


def pledge_from(scheme, name, quantity, user=None):
    organisation = Organisation.objects.create(name=name, postcode="DL8 3AA")
    return Pledge.objects.create(
        scheme=scheme, organisation=organisation, quantity=Decimal(quantity), pledged_by=user
    )


def close_window(scheme):
    """Run the daily jobs the day after the window closed."""
    scheme.refresh_from_db()
    rules.run_jobs(today=scheme.closes_on + datetime.timedelta(days=1))
    scheme.refresh_from_db()
    return scheme
