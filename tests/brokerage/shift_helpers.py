"""Helpers for the volunteering shift tests: a role on a volunteering need and its shifts."""

import datetime

from django.utils import timezone

from consortium.brokerage import shifts
from tests.brokerage.data import make_listing


def make_role(organisation, listing=None, **fields):
    """A role on a new volunteering need (``listing``: the need's own fields)."""
    return make_role_on(make_listing(organisation, **(listing or {})), **fields)


def make_role_on(listing, **fields):
    values = {
        "tasks": "Sort donated food into parcels and load the van.",
        "place": "St Mark's church hall",
        "dbs_level": "basic",
        "references_needed": True,
        "expenses_paid": True,
        "expenses_note": "Bus fares",
        "accessibility": "Step-free access from the car park.",
        "suitability": "Suits someone happy to lift boxes up to 10 kg.",
    }
    values.update(fields)
    return shifts.save_role(listing, **values)


def make_shift(role, days=3, places=2, starts="10:00", ends="12:00"):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return shifts.add_shifts(
        role,
        [day],
        datetime.time.fromisoformat(starts),
        datetime.time.fromisoformat(ends),
        places,
    )[0]


def shift_form(days=3, **overrides):
    day = timezone.localdate() + datetime.timedelta(days=days)
    data = {
        "date": day.isoformat(),
        "starts_at": "10:00",
        "ends_at": "12:00",
        "places": "3",
        "weeks": "1",
    }
    data.update(overrides)
    return data


def role_form(**overrides):
    data = {
        "tasks": "Drive the minibus to the lunch club.",
        "place": "",
        "dbs_level": "enhanced",
        "references_needed": "on",
        "expenses_paid": "on",
        "expenses_note": "45p a mile",
        "accessibility": "",
        "suitability": "Needs a full driving licence.",
    }
    data.update(overrides)
    return data
