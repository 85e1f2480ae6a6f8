"""People: who acts for which organisation (memberships) and individual volunteers."""

from django.conf import settings
from django.db import models

from consortium.history import QuietHistoricalRecords
from consortium.organisations.models import Area


class Role(models.TextChoices):
    ADMIN = "admin", "Organisation admin"
    MEMBER = "member", "Member"


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for approval"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    LEFT = "left", "Left"


class MembershipQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=MembershipStatus.APPROVED)

    def admins(self):
        return self.approved().filter(role=Role.ADMIN)


class Membership(models.Model):
    """A person acting for an organisation, once its admins (or staff) approve."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.REQUESTED
    )
    job_title = models.CharField(max_length=120, blank=True)
    message = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Why the person asked to join, for the organisation's admins",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()
    history = QuietHistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} at {self.organisation} ({self.get_role_display()})"


class AccountType(models.TextChoices):
    ORGANISATION = "organisation", "I act for an organisation"
    VOLUNTEER = "volunteer", "I am an individual volunteer"


class VolunteerKind(models.TextChoices):
    RESIDENT = "resident", "A local resident"
    BUSINESS = "business", "Staff of a local business, through its community programme"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"


class HelpKind(models.TextChoices):
    """The kinds of help an individual volunteer offers."""

    PRACTICAL = "practical", "Practical help (driving, gardening, DIY)"
    BEFRIENDING = "befriending", "Befriending and visiting"
    EVENTS = "events", "Events and fundraising"
    SKILLS = "skills", "Professional skills (finance, legal, IT, marketing)"
    TRUSTEE = "trustee", "Being a trustee"
    ADMIN = "admin", "Office and admin"


class Person(models.Model):
    """What Shoal knows about a signed-up person beyond their account.

    Everyone has one: those who act for organisations choose which one they act for;
    individual volunteers say where and how they help. ``muted`` holds the kinds of
    notification (``consortium.messaging.Event`` values) the person has turned off.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person"
    )
    account_type = models.CharField(
        max_length=20, choices=AccountType.choices, default=AccountType.ORGANISATION
    )
    acting_for = models.ForeignKey(
        "consortium.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation this person is acting for now",
    )
    volunteer_kind = models.CharField(max_length=20, choices=VolunteerKind.choices, blank=True)
    employer = models.CharField(
        max_length=200, blank=True, help_text="The business whose community programme you are in"
    )
    areas = models.JSONField(default=list, blank=True, help_text="Area values (Area choices)")
    help_kinds = models.JSONField(default=list, blank=True, help_text="HelpKind values")
    contact_by = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    phone = models.CharField(max_length=30, blank=True)
    muted = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = QuietHistoricalRecords()

    class Meta:
        verbose_name_plural = "people"

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    @property
    def is_volunteer(self):
        return self.account_type == AccountType.VOLUNTEER

    def area_labels(self):
        labels = dict(Area.choices)
        return [labels.get(value, value) for value in self.areas]

    def help_kind_labels(self):
        labels = dict(HelpKind.choices)
        return [labels.get(value, value) for value in self.help_kinds]
