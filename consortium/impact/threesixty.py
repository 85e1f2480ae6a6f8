"""Grants awarded to consortia as open data: 360Giving Data Standard grant records.

One grant per award record of kind "grant" that no correction has superseded (contract
awards go out as OCDS instead, ``consortium.impact.ocds_awards``). The recipient, amount and
dates are those fixed when the award was recorded (``consortium.bids.awards``); a correction
is a newer record, so the grant's ``dateModified`` moves with it. The funder is identified by
its org-id where the opportunity gives one; otherwise by an identifier under this publisher's
360Giving prefix, as 360Giving's identifier guidance asks. ``package()`` is a 360Giving JSON
package (valid against the schema copy in ``consortium/impact/standards/360giving/``);
``rows()`` the same grants under 360Giving's flat (CSV) column names.
"""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from consortium.bids.models import AwardKind, AwardRecord

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


def awarded_grants():
    """The current record of every grant, in one query however many there are."""
    return list(
        AwardRecord.objects.current().filter(kind=AwardKind.GRANT).order_by("award_date", "bid_id")
    )


def _number(value):
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def end_date(start, months):
    """The last day of a grant that starts on ``start`` and lasts ``months`` months."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day) - datetime.timedelta(days=1)


def funder_identifier(award):
    """The funder's org-id, or this publisher's own identifier for it when it has none."""
    return award.funder_org_id or f"{prefix()}funder-{slugify(award.funder_name) or 'unknown'}"


def grant(award):
    """One 360Giving grant record for an award record."""
    recipient = {
        "id": award.recipient_org_id or f"{prefix()}{award.recipient_local_id}",
        "name": award.recipient_name,
    }
    if award.recipient_charity_number:
        recipient["charityNumber"] = award.recipient_charity_number
    if award.recipient_company_number:
        recipient["companyNumber"] = award.recipient_company_number
    record = {
        "id": f"{prefix()}{award.bid_id}",
        "title": award.title,
        "description": award.description or award.title,
        "currency": award.currency,
        "amountAwarded": _number(award.amount),
        "awardDate": award.award_date.isoformat(),
        "recipientOrganization": [recipient],
        "fundingOrganization": [{"id": funder_identifier(award), "name": award.funder_name}],
        "dateModified": award.recorded_at.isoformat(),
    }
    if award.amount_applied_for is not None:
        record["amountAppliedFor"] = _number(award.amount_applied_for)
    if award.programme:
        record["grantProgramme"] = [{"title": award.programme}]
    if award.start_date:
        planned = {"startDate": award.start_date.isoformat()}
        if award.duration_months:
            planned["endDate"] = end_date(award.start_date, award.duration_months).isoformat()
            planned["duration"] = award.duration_months
        record["plannedDates"] = [planned]
    return record


def package(download_url=None):
    """A 360Giving data package of every grant awarded."""
    today = timezone.localdate().isoformat()
    site = getattr(settings, "WAGTAIL_SITE_NAME", "Shoal")
    data = {
        "grants": [grant(award) for award in awarded_grants()],
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
