"""Consortia of member organisations: their members, roles and invitations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

INVITATION_DAYS = 14


def unique_slug(model, text, pk, max_length=200, fallback="item"):
    base = slugify(text)[: max_length - 5] or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- consortia ------------------------------------------------------------------------------


class ConsortiumRole(models.TextChoices):
    LEAD = "lead", "Lead"
    PARTNER = "partner", "Partner"
    SUBCONTRACTOR = "subcontractor", "Subcontractor"


class InvitationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    LEFT = "left", "Left"


class Consortium(models.Model):
    """Member organisations bidding together. It outlives any one bid."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    description = models.TextField(blank=True, max_length=3000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "consortia"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Consortium, self.name, self.pk, fallback="consortium")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/consortia/{self.slug}/"


class ConsortiumMemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=InvitationStatus.ACCEPTED)

    def pending(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=InvitationStatus.INVITED, expires_on__gte=today)


def invitation_expiry():
    return timezone.localdate() + timezone.timedelta(days=INVITATION_DAYS)


class ConsortiumMember(models.Model):
    """An organisation in a consortium, from its invitation on."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.CASCADE, related_name="consortium_memberships"
    )
    role = models.CharField(
        max_length=15, choices=ConsortiumRole.choices, default=ConsortiumRole.PARTNER
    )
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="consortium_contacts",
        help_text="The people who speak for this organisation in the consortium",
    )
    message = models.TextField("Message with the invitation", blank=True, max_length=2000)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(default=invitation_expiry)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = ConsortiumMemberQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[contacts])

    class Meta:
        ordering = ["consortium", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "organisation"], name="one_place_per_consortium"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.consortium} ({self.get_role_display()})"

    @property
    def is_expired(self):
        return self.status == InvitationStatus.INVITED and self.expires_on < timezone.localdate()

    @property
    def is_lead(self):
        return self.role == ConsortiumRole.LEAD and self.status == InvitationStatus.ACCEPTED


# --- templates for a bid's sections -------------------------------------------------------------
