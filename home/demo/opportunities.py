"""Demo funding opportunities: grants published by staff and tenders imported from the
project's own OCDS sample file (through the real importer), with organisations seeking
partners. All fictional. Idempotent: grants are looked up by title, tenders by OCID, and
dates are relative to the day the demo is loaded (a second run that day changes nothing).
"""

import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from consortium.models import Area, Opportunity, OpportunityKind, Organisation, PartnerSearch
from consortium.opportunities.ocds import import_release_package

OCDS_SAMPLE = settings.BASE_DIR / "tests" / "data" / "ocds" / "uk-tenders-release-package.json"
# Days from today to each sample tender's deadline, so the demo's tenders are always open.
TENDER_DEADLINES = {"ocds-h6vhtk-04a1b2": 45, "ocds-h6vhtk-04c3d4": 75, "ocds-h6vhtk-04e5f6": 9}


def noon_in(days):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


GRANTS = [
    {
        "title": "Village halls energy fund",
        "funder": "Westmoor Community Foundation",
        "programme": "Warm and Well",
        "reference": "WCF-WW-2026",
        "description": "Grants for insulation, heat pumps and solar panels on village halls "
        "and community buildings, so they stay open and affordable through the winter.",
        "amount_min": Decimal("5000"),
        "amount_max": Decimal("50000"),
        "days": 21,
        "eoi_days": 7,
        "area": Area.RURAL,
        "suits_small": True,
        "suits_vcse": True,
        "eligibility": "Charities and community groups that run a community building.",
        "link": "https://example.org/westmoor-community-foundation/warm-and-well",
    },
    {
        "title": "Small grants for youth activities",
        "funder": "Westmoor Community Foundation",
        "programme": "Young Westmoor",
        "description": "Up to £2,500 for clubs and groups that run activities for young "
        "people aged 11 to 18 in the school holidays.",
        "amount_max": Decimal("2500"),
        "days": 4,
        "area": Area.COUNTYWIDE,
        "suits_small": True,
        "suits_vcse": True,
    },
    {
        "title": "Community transport partnership fund",
        "funder": "Three Rivers Integrated Care Board",
        "programme": "Getting to appointments",
        "description": "Funding for partnerships of community transport schemes and "
        "volunteer driver groups that take patients to health appointments.",
        "amount_min": Decimal("20000"),
        "amount_max": Decimal("120000"),
        "days": 60,
        "eoi_days": 30,
        "area": Area.NORTH,
        "suits_vcse": True,
        "eligibility": "Partnerships of at least three voluntary organisations, one leading.",
    },
    {
        "title": "Food resilience in town centres",
        "funder": "The Harbour Trust",
        "description": "Grants for food banks, pantries and community kitchens working "
        "together to reduce food waste and reach more households.",
        "amount_min": Decimal("10000"),
        "amount_max": Decimal("30000"),
        "days": 2,
        "area": Area.TOWN_CENTRE,
        "suits_small": True,
        "suits_vcse": True,
    },
    {
        "title": "Digital skills for older people",
        "funder": "National Lottery Community Fund",
        "programme": "Awards for All",
        "description": "Grants for projects that help older people get online safely.",
        "amount_min": Decimal("300"),
        "amount_max": Decimal("20000"),
        "days": 90,
        "area": Area.COUNTYWIDE,
        "suits_small": True,
    },
    {
        "title": "Winter befriending grants 2025",
        "funder": "Westmoor Community Foundation",
        "description": "Last year's round of befriending grants (now closed).",
        "amount_max": Decimal("5000"),
        "days": -40,
        "area": Area.COUNTYWIDE,
        "suits_small": True,
    },
]

SEEKING_PARTNERS = {
    "Village halls energy fund": [
        (
            "Hillside Village Halls Association",
            "We look after eleven halls in the Hillside villages and can lead the bid; we "
            "need partners who run halls in the south of the county.",
        ),
        (
            "Fernlea Good Neighbours",
            "Our volunteers run warm spaces in Fernlea hall and could deliver energy advice.",
        ),
    ],
    "Community befriending service for older people": [
        (
            "Fernlea Good Neighbours",
            "We run telephone befriending for 80 older people and are looking for partners "
            "with home-visiting volunteers in the north.",
        ),
    ],
}


def load_grants(broker=None):
    for spec in GRANTS:
        fields = dict(spec)
        days = fields.pop("days")
        eoi_days = fields.pop("eoi_days", None)
        if Opportunity.objects.filter(title=fields["title"], ocid__isnull=True).exists():
            continue
        Opportunity.objects.create(
            kind=OpportunityKind.GRANT,
            deadline=noon_in(days),
            eoi_deadline=noon_in(eoi_days) if eoi_days is not None else None,
            created_by=broker,
            **fields,
        )


def load_tenders(broker=None):
    """The sample OCDS file through the importer, its deadlines moved to after today."""
    package = json.loads(OCDS_SAMPLE.read_text(encoding="utf-8"))
    for release in package["releases"]:
        days = TENDER_DEADLINES.get(release["ocid"])
        if days is not None:
            release["tender"]["tenderPeriod"]["endDate"] = noon_in(days).isoformat()
    result = import_release_package(package, user=broker)
    if not result.ok:  # the shipped file is valid; say loudly if someone breaks it
        raise ValueError(result.summary())
    return result


def load_partner_searches():
    for title, seekers in SEEKING_PARTNERS.items():
        opportunity = Opportunity.objects.filter(title=title).first()
        if opportunity is None:
            continue
        for name, note in seekers:
            organisation = Organisation.objects.filter(name=name).first()
            if organisation is not None:
                PartnerSearch.objects.get_or_create(
                    opportunity=opportunity, organisation=organisation, defaults={"note": note}
                )


def load_opportunities():
    """Grants, imported tenders and organisations seeking partners."""
    from django.contrib.auth import get_user_model

    broker = get_user_model().objects.filter(username="broker").first()
    load_grants(broker)
    load_tenders(broker)
    load_partner_searches()
