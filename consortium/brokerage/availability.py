"""Volunteers' availability, and organisations asking a volunteer to help.

An individual volunteer says when, where and how they can help ("Tuesday mornings in the
North, lifts"). Members of organisations find it on "Volunteers available" and ask the
volunteer to help; the volunteer accepts or declines. Until they accept, the organisation
sees only what the volunteer chose to show (their first name, if they said so) and never
their email or phone; once accepted, each side sees the other's contact details as for an
accepted reply (``consortium.brokerage.conversations.contacts``).

Areas, kinds of help, days and parts of the day are kept as space-separated words wrapped in
spaces (" north south "), so "in the North" is one ``contains`` filter on SQLite and
PostgreSQL alike.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from consortium import events
from consortium.brokerage.conversations import volunteer_contact
from consortium.events import Event
from consortium.history import QuietHistoricalRecords
from consortium.organisations.models import Area
from consortium.organisations.people import HelpKind

MAX_NOTE_LENGTH = 500
MAX_ASK_LENGTH = 2000


class Day(models.TextChoices):
    MONDAY = "mon", "Monday"
    TUESDAY = "tue", "Tuesday"
    WEDNESDAY = "wed", "Wednesday"
    THURSDAY = "thu", "Thursday"
    FRIDAY = "fri", "Friday"
    SATURDAY = "sat", "Saturday"
    SUNDAY = "sun", "Sunday"


# date.weekday() -> Day value
WEEKDAYS = [day.value for day in Day]


class PartOfDay(models.TextChoices):
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    EVENING = "evening", "Evening"


class AvailabilityStatus(models.TextChoices):
    OPEN = "open", "Open"
    WITHDRAWN = "withdrawn", "Withdrawn"


def words(values):
    """[values] -> " a b " (the stored form); empty list -> ""."""
    return f" {' '.join(values)} " if values else ""


def unwords(text):
    return (text or "").split()


def labels(text, choices):
    known = dict(choices)
    return [known.get(value, value) for value in unwords(text)]


class Availability(models.Model):
    """When, where and how one individual volunteer can help."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availabilities"
    )
    help_kinds = models.CharField(max_length=200, help_text="HelpKind values, space-separated")
    areas = models.CharField(max_length=200, blank=True, help_text="Area values, space-separated")
    online = models.BooleanField("Online", default=False)
    days = models.CharField(max_length=60, help_text="Day values, space-separated")
    parts_of_day = models.CharField(max_length=40, help_text="PartOfDay values, space-separated")
    available_from = models.DateField(null=True, blank=True)
    available_until = models.DateField(null=True, blank=True)
    note = models.TextField(max_length=MAX_NOTE_LENGTH, blank=True)
    show_first_name = models.BooleanField(default=False)
    # Only the outward code ("AB3"): enough for "about 4 miles away", never an address.
    postcode_district = models.CharField(max_length=4, blank=True)
    status = models.CharField(
        max_length=10, choices=AvailabilityStatus.choices, default=AvailabilityStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = QuietHistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name_plural = "availabilities"

    def __str__(self):
        return f"{self.shown_name}: {self.summary}"

    @property
    def shown_name(self):
        """What organisations see before the volunteer accepts: a first name, if allowed."""
        if self.show_first_name and self.user.first_name:
            return self.user.first_name
        return "A volunteer"

    @property
    def summary(self):
        where = self.area_labels() + (["online"] if self.online else [])
        return (
            f"{', '.join(self.day_labels())} {', '.join(self.part_labels()).lower()}"
            f" in {', '.join(where) or 'any area'}"
        )

    def help_kind_labels(self):
        return labels(self.help_kinds, HelpKind.choices)

    def area_labels(self):
        return labels(self.areas, Area.choices)

    def day_labels(self):
        return labels(self.days, Day.choices)

    def part_labels(self):
        return labels(self.parts_of_day, PartOfDay.choices)

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.status == AvailabilityStatus.OPEN and (
            self.available_until is None or self.available_until >= today
        )


def open_availabilities(today=None):
    """Availabilities organisations may answer today (one queryset, no per-row checks)."""
    today = today or timezone.localdate()
    return Availability.objects.filter(status=AvailabilityStatus.OPEN).filter(
        models.Q(available_until__isnull=True) | models.Q(available_until__gte=today)
    )


def in_area(queryset, area):
    """Availabilities covering ``area``: the area itself, or countywide."""
    return queryset.filter(
        models.Q(areas__contains=f" {area} ") | models.Q(areas__contains=" countywide ")
    )


class AskStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for the volunteer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class AvailabilityAsk(models.Model):
    """An organisation asks a volunteer, through their availability, to help."""

    availability = models.ForeignKey(Availability, on_delete=models.CASCADE, related_name="asks")
    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.CASCADE, related_name="availability_asks"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(max_length=MAX_ASK_LENGTH)
    status = models.CharField(max_length=10, choices=AskStatus.choices, default=AskStatus.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    history = QuietHistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.organisation} asks {self.availability.shown_name}"


@transaction.atomic
def ask_volunteer(availability, organisation, by, message):
    """The organisation asks; the volunteer is emailed and sees it on their to-do page."""
    if not availability.is_open():
        raise ValidationError("This volunteer is no longer available")
    if availability.asks.filter(organisation=organisation, status=AskStatus.WAITING).exists():
        raise ValidationError(
            f"{organisation.name} has already asked this volunteer: wait for their answer"
        )
    ask = AvailabilityAsk.objects.create(
        availability=availability, organisation=organisation, asked_by=by, message=message
    )
    events.announce(Event.AVAILABILITY_ASKED, ask=ask)
    return ask


@transaction.atomic
def answer_ask(ask, accepted):
    """The volunteer accepts (contact details are then shared both ways) or declines."""
    ask.status = AskStatus.ACCEPTED if accepted else AskStatus.DECLINED
    ask.answered_at = timezone.now()
    ask.save(update_fields=["status", "answered_at"])
    shared = volunteer_contact(ask.availability.user) if accepted else None
    events.announce(Event.AVAILABILITY_ANSWERED, ask=ask, shared=shared)
    return ask


def withdraw(availability):
    availability.status = AvailabilityStatus.WITHDRAWN
    availability.save(update_fields=["status", "updated_at"])


def weekdays_between(start, end):
    """The Day values of the dates from ``start`` to ``end``; all seven for a week or more."""
    if start is None or end is None or (end - start).days >= 6:
        return set(WEEKDAYS)
    return {
        WEEKDAYS[(start + datetime.timedelta(days=n)).weekday()]
        for n in range((end - start).days + 1)
    }
