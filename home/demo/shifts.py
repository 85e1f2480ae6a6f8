"""Demo volunteering role and shifts: the Friday lunch club's drivers.

The need "Drivers for the Friday lunch club" (home.demo.members) becomes a role with three
Friday shifts; the demo volunteer has signed up for the first. Run after load_members().
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from consortium.brokerage import shifts
from consortium.models import Listing

TITLE = "Drivers for the Friday lunch club"
ROLE = {
    "tasks": "Collect two or three older neighbours from home in your own car, bring them to "
    "the village hall lunch club, and take them home afterwards.",
    "online": False,
    "place": "Fernlea village hall and the villages around it",
    "dbs_level": shifts.DbsLevel.ENHANCED,
    "references_needed": True,
    "expenses_paid": True,
    "expenses_note": "Mileage at 45p a mile",
    "accessibility": "The hall has step-free access and parking at the door.",
    "suitability": "Suits a patient, friendly driver with a full licence and business cover "
    "on their car insurance.",
}


def _next_friday(today):
    return today + datetime.timedelta(days=(4 - today.weekday()) % 7 or 7)


def load_shifts():
    """Add the role and its shifts once (a second run finds the role and adds nothing)."""
    listing = Listing.objects.filter(title=TITLE).first()
    if listing is None or shifts.VolunteerRole.objects.filter(listing=listing).exists():
        return
    role = shifts.save_role(listing, **ROLE)
    fridays = shifts.repeated_dates(_next_friday(timezone.localdate()), 3)
    added = shifts.add_shifts(role, fridays, datetime.time(11, 0), datetime.time(14, 30), 2)
    volunteer = get_user_model().objects.filter(username="volunteer").first()
    if volunteer is not None:
        shifts.sign_up(added[0], volunteer)
