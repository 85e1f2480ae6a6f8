"""One org-id, one organisation: finding who holds a registration number, and disputes.

Every registration number (charity, OSCR, CCNI, company) is held by at least one
organisation at most; the database refuses a second (``Organisation.Meta.constraints``).
Someone who registers, or edits a profile to, a number another organisation holds is refused
on the form and offered two ways on: ask to join the organisation that holds it, or dispute
it with the brokerage staff. A dispute waits in the "Org-id disputes" queue of the Wagtail
admin until staff resolve or reject it, with a note the person who disputed is emailed.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from consortium import events
from consortium.events import Event
from consortium.organisations import identifiers
from consortium.organisations.models import Organisation

NUMBER_FIELDS = [field for field, _prefix in identifiers.ORG_ID_SCHEMES]
MAX_REASON = 2000
MAX_STAFF_NOTE = 1000


def holder_of(org_id, exclude=None):
    """The organisation holding the number an org-id is made from, or None."""
    parsed = identifiers.parse_org_id(org_id)
    if parsed is None:
        return None
    field, number = parsed
    holders = Organisation.objects.filter(**{field: number})
    if exclude is not None and exclude.pk is not None:
        holders = holders.exclude(pk=exclude.pk)
    return holders.first()


def first_clash(numbers, exclude=None):
    """``(field, org_id, holder)`` for the first of ``numbers`` (field -> normalised number)
    that another organisation holds, in the order the org-id is chosen; else None."""
    for field in NUMBER_FIELDS:
        number = numbers.get(field)
        if not number:
            continue
        org_id = identifiers.identifier(field, number)
        holder = holder_of(org_id, exclude=exclude)
        if holder is not None:
            return field, org_id, holder
    return None


class DisputeStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    REJECTED = "rejected", "Rejected"


class OrgIdDispute(models.Model):
    """Someone says a registration number another organisation holds is theirs."""

    org_id = models.CharField(
        "Org-id", max_length=20, help_text="The disputed number, as an org-id (GB-CHC-502548)"
    )
    holder = models.ForeignKey(
        Organisation,
        null=True,
        on_delete=models.SET_NULL,
        related_name="org_id_disputes",
        help_text="The organisation that holds the number",
    )
    claimant = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="org_id_claims",
        help_text="The organisation that says it is theirs, when it is registered",
    )
    claimant_name = models.CharField("Organisation disputing", max_length=200)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(max_length=MAX_REASON)
    status = models.CharField(
        max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    staff_note = models.TextField(blank=True, max_length=MAX_STAFF_NOTE)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = "org-id dispute"

    def __str__(self):
        return f"{self.claimant_name} disputes {self.org_id}"

    @property
    def is_open(self):
        return self.status == DisputeStatus.OPEN


def open_dispute_by(user, org_id):
    """The dispute ``user`` already has open about ``org_id``, if any."""
    return OrgIdDispute.objects.filter(
        raised_by=user, org_id=org_id, status=DisputeStatus.OPEN
    ).first()


@transaction.atomic
def dispute(*, org_id, holder, raised_by, claimant_name, reason, claimant=None):
    """Record a dispute and tell the brokerage staff."""
    record = OrgIdDispute.objects.create(
        org_id=org_id,
        holder=holder,
        claimant=claimant,
        claimant_name=claimant_name,
        raised_by=raised_by,
        reason=reason,
    )
    events.announce(Event.ORG_ID_DISPUTED, dispute=record)
    return record


@transaction.atomic
def decide(record, status, note, by):
    """Staff resolve or reject an open dispute; the person who raised it is told."""
    if status not in (DisputeStatus.RESOLVED, DisputeStatus.REJECTED):
        raise ValueError(f"Not a decision: {status!r}")
    record.status = status
    record.staff_note = note
    record.decided_at = timezone.now()
    record.decided_by = by
    record.save(update_fields=["status", "staff_note", "decided_at", "decided_by"])
    events.announce(Event.ORG_ID_DISPUTE_DECIDED, dispute=record)
    return record
