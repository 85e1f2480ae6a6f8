"""Contracts won by consortia as open data: an OCDS 1.1 release package of award releases.

A joint bid for a tender (an opportunity of kind "tender") that was awarded is a contract
award, published here and not as a 360Giving grant. Each award record is one release, as
OCDS releases are notices that never change: the first is tagged ``award``, a correction
``awardUpdate`` with the same award id and a later date, so a reader compiling the releases
gets the corrected award. The buyer is identified by its org-id where the opportunity gives
one (an imported tender carries the buyer's identifier from its OCDS file); a party without
one is published with a local id only, never a made-up identifier. The package is valid
against the OCDS release package schema copied in ``consortium/opportunities/standards/ocds/``.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from consortium.bids.models import AwardKind, AwardRecord
from consortium.impact.threesixty import LICENSE, _number, end_date

VERSION = "1.1"


def ocid_prefix():
    return getattr(settings, "SHOAL_OCID_PREFIX", "ocds-shoal-")


def contract_awards():
    """Every record of every contract award, corrections included, in one query."""
    return list(AwardRecord.objects.filter(kind=AwardKind.CONTRACT).order_by("recorded_at", "pk"))


def _moment(date):
    return datetime.datetime.combine(date, datetime.time(), tzinfo=datetime.UTC).isoformat()


def _party(org_id, local_id, name, role):
    party = {"id": org_id or local_id, "name": name, "roles": [role]}
    if org_id:
        scheme, _, number = org_id.partition("-")
        more, _, number = number.partition("-")
        party["identifier"] = {"scheme": f"{scheme}-{more}", "id": number, "legalName": name}
    return party


def release(award, first):
    """One award release for ``award``; ``first`` is the record its award began with."""
    ocid = award.ocid or f"{ocid_prefix()}{award.bid_id}"
    buyer = _party(
        award.funder_org_id,
        f"buyer-{slugify(award.funder_name) or 'unknown'}",
        award.funder_name,
        "buyer",
    )
    supplier = _party(
        award.recipient_org_id, award.recipient_local_id, award.recipient_name, "supplier"
    )
    contract = {
        "id": f"{ocid}-award-{first.pk}",
        "title": award.title,
        "description": award.description or award.title,
        "status": "active",
        "date": _moment(award.award_date),
        "value": {"amount": _number(award.amount), "currency": award.currency},
        "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
    }
    if award.start_date:
        period = {"startDate": _moment(award.start_date)}
        if award.duration_months:
            last = end_date(award.start_date, award.duration_months)
            period["endDate"] = _moment(last)
            period["durationInDays"] = (last - award.start_date).days + 1
        contract["contractPeriod"] = period
    data = {
        "ocid": ocid,
        "id": f"{ocid}-award-{award.pk}",
        "date": award.recorded_at.isoformat(),
        "tag": ["awardUpdate" if award.supersedes_id else "award"],
        "initiationType": "tender",
        "language": "en",
        "parties": [buyer, supplier],
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "awards": [contract],
    }
    if award.programme:
        data["tender"] = {"id": f"{ocid}-tender", "title": award.programme}
    return data


def package(uri):
    """The release package of every contract award, published at ``uri``."""
    awards = contract_awards()
    by_pk = {a.pk: a for a in awards}

    def first(award):
        while award.supersedes_id in by_pk:
            award = by_pk[award.supersedes_id]
        return award

    releases = [release(a, first(a)) for a in awards]
    latest = max((a.recorded_at for a in awards), default=None) or timezone.now()
    site = getattr(settings, "WAGTAIL_SITE_NAME", "Shoal")
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": latest.isoformat(),
        "publisher": {"name": site},
        "license": LICENSE,
        "releases": releases,
    }
