"""Schemes run by members: proposing one, staff approval, changes before it opens, and the
supplier quotes the coordinator posts with their price bands.

Views and the admin call these functions; they hold no HTTP knowledge.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from consortium.buying.models import Commodity, PriceBand, Scheme, SchemeStatus, SupplierQuote
from consortium.events import Event, announce

# The details a coordinator chooses (the rest is set by the rules).
DETAILS = [
    "title",
    "commodity",
    "description",
    "unit",
    "minimum_order",
    "target_total",
    "opens_on",
    "closes_on",
    "delivery_area",
]
# Paths under /joint-buying/ that are not schemes.
RESERVED_SLUGS = {"propose"}
STALE_MESSAGE = (
    "Someone else at your organisation changed this scheme since you opened it. Your changes "
    "are still in the form: open the scheme in a new tab to see theirs, then save again."
)


class SchemeRefused(Exception):
    """A change the rules refuse; the message is written for the person."""


class StaleScheme(SchemeRefused):
    """Someone else saved the scheme after this form was shown."""


def version_of(scheme):
    """The token an edit form carries so that a stale save can be recognised."""
    return scheme.updated_at.isoformat()


def unique_slug(title, exclude_pk=None):
    base = slugify(title)[:150] or "scheme"
    slug, n = base, 1
    taken = Scheme.objects.exclude(pk=exclude_pk).filter(slug__startswith=base)
    existing = set(taken.values_list("slug", flat=True)) | RESERVED_SLUGS
    while slug in existing:
        n += 1
        slug = f"{base}-{n}"
    return slug


def propose(organisation, user, details):
    """A member organisation proposes a scheme it will coordinate; it waits for staff."""
    with transaction.atomic():
        scheme = Scheme(
            coordinator=organisation,
            member_run=True,
            proposed_by=user,
            status=SchemeStatus.PROPOSED,
            slug=unique_slug(details["title"]),
            commodity=details.get("commodity") or Commodity.OTHER,
        )
        for name in DETAILS:
            if name in details:
                setattr(scheme, name, details[name])
        scheme.save()
        announce(Event.SCHEME_PROPOSED, scheme=scheme)
    return scheme


def edit(scheme, user, details, version):
    """Change a scheme's details. A scheme staff approved (or turned down) goes back to them;
    a save over someone else's newer change is refused (:class:`StaleScheme`)."""
    with transaction.atomic():
        current = Scheme.objects.select_for_update().get(pk=scheme.pk)
        if version != version_of(current):
            raise StaleScheme(STALE_MESSAGE)
        for name in DETAILS:
            setattr(current, name, details[name])
        resubmitted = current.status != SchemeStatus.PROPOSED
        current.status = SchemeStatus.PROPOSED
        current.save()
        if resubmitted:
            announce(Event.SCHEME_PROPOSED, scheme=current)
    return current


def approve(scheme, staff_user, note="", today=None):
    """Staff approve a proposed scheme: it opens for pledges on its opening date."""
    today = today or timezone.localdate()
    with transaction.atomic():
        current = _locked(scheme, SchemeStatus.PROPOSED)
        if current.closes_on < today:
            raise SchemeRefused(
                f"“{current.title}” closed on {current.closes_on:%-d %B %Y}; ask the "
                "coordinator to change its dates first."
            )
        _review(current, SchemeStatus.OPEN, note)
    return current


def reject(scheme, staff_user, note):
    """Staff turn a proposed scheme down with a note the proposer reads."""
    if not note.strip():
        raise SchemeRefused("Say why the scheme is not approved: the proposer reads this.")
    with transaction.atomic():
        current = _locked(scheme, SchemeStatus.PROPOSED)
        _review(current, SchemeStatus.REJECTED, note)
    return current


def _locked(scheme, status):
    current = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if current.status != status:
        raise SchemeRefused(
            f"“{current.title}” is {current.get_status_display().lower()} now, so it was "
            "left as it is."
        )
    return current


def _review(scheme, status, note):
    scheme.status = status
    scheme.review_note = note.strip()
    scheme.reviewed_at = timezone.now()
    scheme.save()
    announce(Event.SCHEME_REVIEWED, scheme=scheme)


def add_quote(scheme, supplier, bands, notes=""):
    """A supplier's quote with its price bands: a list of (from quantity, unit price)."""
    if not bands:
        raise SchemeRefused("Enter at least one price band")
    with transaction.atomic():
        quote = SupplierQuote.objects.create(scheme=scheme, supplier=supplier, notes=notes)
        PriceBand.objects.bulk_create(
            PriceBand(quote=quote, from_quantity=start, unit_price=price) for start, price in bands
        )
    return quote


def remove_quote(quote):
    """Take a quote away before the outcome is recorded (the outcome keeps its own copy)."""
    quote.delete()
