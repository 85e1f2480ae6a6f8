"""Demo tender sources (OCDS): what staff see under Brokerage → Tender sources (OCDS).

Switched off, so the demo never reads the real services; a broker ticks "Read on schedule"
and runs ``manage.py pull_ocds --all`` to try one.
"""

from consortium.models import OcdsSource, OcdsSourceFrequency, OcdsSourceKind

SOURCES = [
    (
        "Find a Tender: latest notices",
        "https://www.find-tender.service.gov.uk/api/1.0/ocdsReleasePackages",
        OcdsSourceKind.RELEASE_PACKAGE,
        OcdsSourceFrequency.HOURLY,
    ),
    (
        "Contracts Finder: open tenders",
        "https://www.contractsfinder.service.gov.uk/Published/Notices/OCDS/Search?stages=tender",
        OcdsSourceKind.RELEASE_PACKAGE,
        OcdsSourceFrequency.DAILY,
    ),
]


def load_tender_sources():
    for name, url, kind, frequency in SOURCES:
        OcdsSource.objects.get_or_create(
            name=name,
            defaults={"url": url, "kind": kind, "frequency": frequency, "enabled": False},
        )
