"""Volunteering roles and their shifts.

A volunteering need can carry a role: what the volunteer will do, where, the checks needed,
expenses, and accessibility and suitability notes. A role has shifts, each with a date, a
start and end time and a number of places. Individual volunteers sign up for a shift and may
cancel; a shift whose places are taken is full and takes no more sign-ups.

Places are counted in ``Shift.taken``, changed only by a conditional update (``taken`` below
``places``), so two volunteers signing up at the same moment can never over-fill a shift, on
SQLite and on PostgreSQL alike.

A shift with someone signed up is not removed: the organisation is asked to contact the
volunteers first (they can cancel), so no volunteer turns up to a shift that is gone.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from consortium import events
from consortium.events import Event
from consortium.history import QuietHistoricalRecords

MAX_PLACES = 500
# "Every Tuesday for N weeks": at most this many shifts are added at once.
MAX_REPEATS = 26
MAX_NOTES = 1000


class DbsLevel(models.TextChoices):
    NONE = "none", "No DBS check"
    BASIC = "basic", "Basic DBS check"
    STANDARD = "standard", "Standard DBS check"
    ENHANCED = "enhanced", "Enhanced DBS check"


class VolunteerRole(models.Model):
    """The role details of a volunteering need (one per listing)."""

    listing = models.OneToOneField(
        "consortium.Listing", on_delete=models.CASCADE, related_name="volunteer_role"
    )
    tasks = models.TextField("What the volunteer will do", max_length=2000)
    online = models.BooleanField("This role can be done online", default=False)
    place = models.CharField(
        "Where exactly", max_length=200, blank=True, help_text="For example, the church hall"
    )
    dbs_level = models.CharField(
        "DBS check needed", max_length=10, choices=DbsLevel.choices, default=DbsLevel.NONE
    )
    references_needed = models.BooleanField("References needed", default=False)
    expenses_paid = models.BooleanField("Expenses paid", default=False)
    expenses_note = models.CharField("About expenses", max_length=300, blank=True)
    accessibility = models.TextField("Accessibility", max_length=MAX_NOTES, blank=True)
    suitability = models.TextField("Who the role suits", max_length=MAX_NOTES, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = QuietHistoricalRecords()

    def __str__(self):
        return f"Role: {self.listing.title}"


class Shift(models.Model):
    """One date and time a role needs volunteers, with a number of places."""

    role = models.ForeignKey(VolunteerRole, on_delete=models.CASCADE, related_name="shifts")
    date = models.DateField()
    starts_at = models.TimeField("Start time")
    ends_at = models.TimeField("End time")
    places = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACES)]
    )
    # Places taken by current sign-ups; changed only by take_place/give_back_place.
    taken = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(taken__lte=F("places")), name="shift_never_over_filled"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.date:%-d %B %Y} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"

    @property
    def places_left(self):
        return max(self.places - self.taken, 0)

    @property
    def is_full(self):
        return self.taken >= self.places

    def has_started(self, now=None):
        now = timezone.localtime(now)
        start = datetime.datetime.combine(self.date, self.starts_at)
        return start <= now.replace(tzinfo=None)


class ShiftSignUp(models.Model):
    """A volunteer coming to a shift; ``cancelled_at`` is set when they cancel."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="sign_ups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_sign_ups"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "user"],
                condition=models.Q(cancelled_at__isnull=True),
                name="one_current_sign_up_per_shift",
            )
        ]

    def __str__(self):
        return f"{self.user} for {self.shift}"


class ShiftRefused(Exception):
    """A sign-up, cancellation or removal that the rules refuse; the message says why."""


# Rules -------------------------------------------------------------------------------------


def save_role(listing, **details):
    """Create or change the role details of a volunteering need."""
    role, _ = VolunteerRole.objects.update_or_create(listing=listing, defaults=details)
    return role


def repeated_dates(first, weeks):
    """``first`` and the same weekday for the following weeks: ``weeks`` dates in all."""
    if not 1 <= weeks <= MAX_REPEATS:
        raise ShiftRefused(f"Choose from 1 to {MAX_REPEATS} weeks")
    return [first + datetime.timedelta(weeks=n) for n in range(weeks)]


def add_shifts(role, dates, starts_at, ends_at, places):
    """One shift on each of ``dates`` (already checked by the form); returns them."""
    return Shift.objects.bulk_create(
        [
            Shift(role=role, date=day, starts_at=starts_at, ends_at=ends_at, places=places)
            for day in dates
        ]
    )


def upcoming_sign_ups(user, today=None, limit=20):
    """The person's own sign-ups for shifts from today on, soonest first."""
    today = today or timezone.localdate()
    return list(
        ShiftSignUp.objects.filter(user=user, cancelled_at__isnull=True, shift__date__gte=today)
        .select_related("shift__role__listing__organisation")
        .order_by("shift__date", "shift__starts_at")[:limit]
    )


def current_sign_ups(shift):
    return shift.sign_ups.filter(cancelled_at__isnull=True)


@transaction.atomic
def remove_shift(shift):
    """Remove a shift nobody has signed up for; refuse one with sign-ups."""
    # Locked first, so that nobody signs up between the check and the removal.
    shift = Shift.objects.select_for_update().get(pk=shift.pk)
    if current_sign_ups(shift).exists():
        count = current_sign_ups(shift).count()
        people = "person has" if count == 1 else "people have"
        raise ShiftRefused(
            f"You cannot remove the shift on {shift}: {count} {people} signed up. "
            "Contact them first; once they cancel, you can remove it."
        )
    shift.delete()


def sign_up(shift, user, now=None):
    """Sign ``user`` up for ``shift``: refused when past, full or already signed up."""
    if shift.has_started(now):
        raise ShiftRefused("This shift has already started, so you cannot sign up for it")
    already = ShiftRefused("You are already signed up for this shift")
    if current_sign_ups(shift).filter(user=user).exists():
        raise already
    try:
        with transaction.atomic():
            # The conditional update is the lock: of two people, only one takes the last place.
            took = Shift.objects.filter(pk=shift.pk, taken__lt=F("places")).update(
                taken=F("taken") + 1
            )
            if not took:
                raise ShiftRefused("This shift is full")
            signed = ShiftSignUp.objects.create(shift=shift, user=user)
    except IntegrityError:  # the same person twice at once: the second is refused
        raise already from None
    shift.refresh_from_db(fields=["taken"])
    events.announce(Event.SHIFT_SIGNED_UP, sign_up=signed)
    return signed


def cancel(signed, now=None):
    """The volunteer cancels their sign-up before the shift starts; the place opens again."""
    if signed.shift.has_started(now):
        raise ShiftRefused("This shift has already started, so it cannot be cancelled here")
    with transaction.atomic():
        cancelled = ShiftSignUp.objects.filter(pk=signed.pk, cancelled_at__isnull=True).update(
            cancelled_at=timezone.now()
        )
        if not cancelled:
            raise ShiftRefused("You have already cancelled this sign-up")
        Shift.objects.filter(pk=signed.shift_id, taken__gt=0).update(taken=F("taken") - 1)
    signed.refresh_from_db()
    signed.shift.refresh_from_db(fields=["taken"])
    events.announce(Event.SHIFT_CANCELLED, sign_up=signed)
    return signed
