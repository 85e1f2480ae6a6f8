"""Awarded joint bids as open data: 360Giving Data Standard grant records.

One grant per awarded bid: the consortium's lead organisation is the recipient, the
bid's funder the funding organisation. ``package()`` is a 360Giving JSON package (valid
against the schema copy in ``consortium/impact/standards/360giving/``); ``rows()`` the same grants
under 360Giving's flat (CSV) column names.
"""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from consortium.bids.models import (
    BidState,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    JointBid,
)

SCHEMA_VERSION = "1.4"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"

COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Amount Applied For",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Title",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Planned Dates:Duration (months)",
    "Last Modified",
]


def prefix():
    return getattr(settings, "SHOAL_360GIVING_PREFIX", "360G-shoal-")


def awarded_bids():
    """Awarded bids with their lead organisations, in two queries however many there are."""
    bids = list(
        JointBid.objects.filter(state=BidState.AWARDED)
        .select_related("consortium", "opportunity")
        .order_by("award_date", "pk")
    )
    leads = {
        m.consortium_id: m.organisation
        for m in ConsortiumMember.objects.filter(
            consortium_id__in={b.consortium_id for b in bids},
            role=ConsortiumRole.LEAD,
            status=InvitationStatus.ACCEPTED,
        ).select_related("organisation")
    }
    return [(bid, leads.get(bid.consortium_id)) for bid in bids]


def _number(value):
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def end_date(start, months):
    """The last day of a grant that starts on ``start`` and lasts ``months`` months."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day) - datetime.timedelta(days=1)


def grant(bid, lead):
    """One 360Giving grant record for an awarded bid."""
    amount = bid.amount_awarded if bid.amount_awarded is not None else bid.amount_requested
    award_date = bid.award_date or timezone.localdate(bid.updated_at)
    funder = bid.funder or (bid.opportunity.funder if bid.opportunity else "") or "Unknown funder"
    recipient = {"id": f"{prefix()}org-{bid.consortium.slug}", "name": bid.consortium.name}
    if lead is not None:
        recipient = {"id": lead.org_id or f"{prefix()}org-{lead.slug}", "name": lead.name}
        if lead.charity_number:
            recipient["charityNumber"] = lead.charity_number
        if lead.company_number:
            recipient["companyNumber"] = lead.company_number
    record = {
        "id": f"{prefix()}{bid.pk}",
        "title": bid.title,
        "description": bid.summary or bid.title,
        "currency": "GBP",
        "amountAwarded": _number(amount or 0),
        "awardDate": award_date.isoformat(),
        "recipientOrganization": [recipient],
        "fundingOrganization": [
            {"id": f"{prefix()}funder-{slugify(funder) or 'unknown'}", "name": funder}
        ],
        "dateModified": bid.updated_at.isoformat(),
    }
    if bid.amount_requested is not None:
        record["amountAppliedFor"] = _number(bid.amount_requested)
    if bid.programme:
        record["grantProgramme"] = [{"title": bid.programme}]
    if bid.start_date:
        planned = {"startDate": bid.start_date.isoformat()}
        if bid.duration_months:
            planned["endDate"] = end_date(bid.start_date, bid.duration_months).isoformat()
            planned["duration"] = bid.duration_months
        record["plannedDates"] = [planned]
    return record


def package(download_url=None):
    """A 360Giving data package of every awarded bid."""
    today = timezone.localdate().isoformat()
    site = getattr(settings, "WAGTAIL_SITE_NAME", "Shoal")
    data = {
        "grants": [grant(bid, lead) for bid, lead in awarded_bids()],
        "version": SCHEMA_VERSION,
        "title": f"{site}: grants awarded to consortia of member organisations",
        "description": "Joint bids that consortia of voluntary and community organisations "
        "wrote together on Shoal and that their funders awarded.",
        "issued": today,
        "modified": today,
        "publisher": {"name": site},
        "license": LICENSE,
    }
    if download_url:
        data["downloadURL"] = download_url
    return data


def rows(grants):
    """The grants under 360Giving's flat column names, in ``COLUMNS`` order."""
    for g in grants:
        recipient, funder = g["recipientOrganization"][0], g["fundingOrganization"][0]
        planned = (g.get("plannedDates") or [{}])[0]
        programme = (g.get("grantProgramme") or [{}])[0]
        yield [
            g["id"],
            g["title"],
            g["description"],
            g["currency"],
            g["amountAwarded"],
            g.get("amountAppliedFor", ""),
            g["awardDate"],
            recipient["id"],
            recipient["name"],
            recipient.get("charityNumber", ""),
            recipient.get("companyNumber", ""),
            funder["id"],
            funder["name"],
            programme.get("title", ""),
            planned.get("startDate", ""),
            planned.get("endDate", ""),
            planned.get("duration", ""),
            g["dateModified"],
        ]
