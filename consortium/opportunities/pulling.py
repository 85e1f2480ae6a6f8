"""Read tenders from the OCDS sources staff set (Find a Tender, Contracts Finder) on a schedule.

Each due :class:`~consortium.models.OcdsSource` is read with a timeout and a size cap, page by
page along the package's ``links.next`` (up to ``MAX_PAGES``), and each page goes through the
same import as an uploaded file (``consortium.opportunities.ocds``): checked against the
schema, one tender per OCID, so reading the same package again adds nothing and updates what
changed. A record package is turned into a release package of each record's compiled release
first. What happened is written on the source; one source failing never stops the others.
"""

import datetime
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django_tasks import task

from consortium.opportunities.models import OcdsSource, OcdsSourceFrequency, OcdsSourceKind
from consortium.opportunities.ocds import InvalidPackage, import_release_package, read_package

TIMEOUT_SECONDS = 30
MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 20
INTERVALS = {
    OcdsSourceFrequency.HOURLY: datetime.timedelta(hours=1),
    OcdsSourceFrequency.DAILY: datetime.timedelta(days=1),
}
# A run started by cron a moment early still reads a source checked one interval ago.
SLACK = datetime.timedelta(minutes=5)
USER_AGENT = "Shoal OCDS reader"
PACKAGE_FIELDS = ("uri", "version", "publisher", "publishedDate", "license", "publicationPolicy")


class PullFailed(Exception):
    """Reading or importing a page failed; the message says why, in plain words."""


@dataclass
class Counts:
    pages: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def add(self, result):
        self.pages += 1
        self.created += len(result.created)
        self.updated += len(result.updated)
        self.unchanged += len(result.unchanged)
        self.skipped += len(result.skipped)

    def text(self):
        pages = "1 page" if self.pages == 1 else f"{self.pages} pages"
        return (
            f"Read {pages}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped."
        )


def due_sources(now=None):
    """The enabled sources whose interval has passed since they were last read."""
    now = now or timezone.now()
    due = []
    for source in OcdsSource.objects.filter(enabled=True):
        interval = INTERVALS.get(source.frequency, INTERVALS[OcdsSourceFrequency.DAILY])
        if source.last_checked_at is None or source.last_checked_at <= now - interval + SLACK:
            due.append(source)
    return due


def pull_due_sources(every=False):
    """Read every due source (or every enabled one); returns the sources read."""
    sources = list(OcdsSource.objects.filter(enabled=True)) if every else due_sources()
    for source in sources:
        pull_source(source)
    return sources


def pull_source(source):
    """Read one source, import its pages and write the outcome on it. Never raises for a
    problem with the source (an unreachable address, bad JSON, an invalid package)."""
    counts = Counts()
    error = ""
    try:
        for number, package in enumerate(_pages(source), start=1):
            if source.kind == OcdsSourceKind.RECORD_PACKAGE:
                package = releases_of_records(package)
            result = import_release_package(package)
            if not result.ok:
                raise PullFailed(f"Page {number} was not imported: " + " ".join(result.errors))
            counts.add(result)
    except PullFailed as failure:
        error = str(failure)
    source.last_checked_at = timezone.now()
    source.last_result = counts.text()
    source.last_error = error
    source.save(update_fields=["last_checked_at", "last_result", "last_error", "updated_at"])
    return counts, error


def _pages(source):
    """Each page's package as Python data, following ``links.next``."""
    url, seen = source.url, set()
    while url:
        if len(seen) >= MAX_PAGES:
            raise PullFailed(
                f"The package has more than {MAX_PAGES} pages; only the first {MAX_PAGES} "
                "were read."
            )
        seen.add(url)
        try:
            package = read_package(fetch(url))
        except InvalidPackage as invalid:
            raise PullFailed(f"Page {len(seen)} ({url}): " + " ".join(invalid.errors)) from None
        yield package
        url = _next_url(package)
        if url in seen:
            break


def _next_url(package):
    links = package.get("links") if isinstance(package, dict) else None
    following = links.get("next") if isinstance(links, dict) else None
    return following if isinstance(following, str) and following else None


def fetch(url):
    """The body at an http or https address, or PullFailed saying why not."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise PullFailed(f"{url} is not an http or https address.") from None
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise PullFailed(f"{url} answered {error.code} {error.reason}.") from None
    except urllib.error.URLError as error:
        raise PullFailed(f"{url} could not be reached: {error.reason}.") from None
    except (TimeoutError, OSError) as error:
        raise PullFailed(f"{url} could not be read: {error}.") from None
    if len(body) > MAX_BYTES:
        raise PullFailed(f"{url} returned more than {MAX_BYTES // (1024 * 1024)} MB.")
    return body


def releases_of_records(package):
    """A release package holding each record's compiled release (else its newest embedded
    release), with the record package's own publisher and dates, for the usual import."""
    if not isinstance(package, dict) or not isinstance(package.get("records"), list):
        raise PullFailed("The address did not return an OCDS record package (no records).")
    releases = []
    for record in package["records"]:
        if not isinstance(record, dict):
            continue
        compiled = record.get("compiledRelease")
        if isinstance(compiled, dict) and compiled.get("ocid"):
            releases.append(compiled)
            continue
        embedded = [r for r in record.get("releases") or [] if isinstance(r, dict) and "ocid" in r]
        if embedded:
            releases.append(max(embedded, key=lambda r: str(r.get("date") or "")))
    converted = {name: package[name] for name in PACKAGE_FIELDS if name in package}
    converted["releases"] = releases
    return converted


@task()
def pull_ocds_sources(every=False):
    """Read the due OCDS sources as a background task (see :func:`pull_due_sources`)."""
    sources = pull_due_sources(every=every)
    return {source.name: source.last_error or source.last_result for source in sources}
