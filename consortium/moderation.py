"""Staff decisions on listings: approve or reject one waiting, resolve reports.

Kept tiny on purpose: the listings service may grow its own versions (with notifications);
these only record the decision, with a reason in the listing's history.
"""

from django.db import transaction
from django.utils import timezone

from consortium.models import ListingStatus, Moderation


def _resolve_reports(listing, by):
    listing.reports.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )


@transaction.atomic
def approve_listing(listing, by):
    """Show a waiting listing to its audience; its open reports are resolved."""
    listing.moderation = Moderation.APPROVED
    listing._change_reason = "Approved by staff"
    listing.save()
    _resolve_reports(listing, by)
    return listing


@transaction.atomic
def reject_listing(listing, by, reason=""):
    """Hide the listing from everyone but its owners and staff, and close it."""
    listing.moderation = Moderation.REJECTED
    listing.status = ListingStatus.CLOSED
    listing._change_reason = f"Rejected by staff: {reason}".strip().rstrip(":")
    listing.save()
    _resolve_reports(listing, by)
    return listing


def resolve_report(report, by):
    """Staff looked at a report and left the listing as it is."""
    report.resolved_at = timezone.now()
    report.resolved_by = by
    report.save(update_fields=["resolved_at", "resolved_by"])
    return report
