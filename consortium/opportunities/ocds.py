"""Import tenders from Open Contracting Data Standard (OCDS 1.1.5) release packages.

The UK's public tender notices (Find a Tender, Contracts Finder) are published as OCDS
release packages. :func:`import_release_package` checks a package against the standard's
schema (copied into ``consortium/opportunities/standards/ocds/``, so nothing is fetched) and
turns each release with a tender into one :class:`~consortium.models.Opportunity` of kind
"tender",
keyed by its OCID: importing the same file again updates, never duplicates. A package that
is not valid imports nothing, and the result says why, with the place of each problem.
"""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from consortium.opportunities.models import ORG_ID, Opportunity, OpportunityKind

SCHEMA_DIR = Path(__file__).resolve().parent / "standards" / "ocds"
MAX_ERRORS_SHOWN = 5
# The model keeps amounts with 14 digits, two after the point.
LARGEST_AMOUNT = Decimal("999999999999.99")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Outcome:
    """What happened to one release of the package."""

    ocid: str
    title: str
    action: str  # "created", "updated", "unchanged" or "skipped"
    notes: list = field(default_factory=list)
    opportunity: Opportunity | None = None


@dataclass
class Result:
    """The answer of one import: either ``errors`` (nothing imported) or ``outcomes``."""

    errors: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def _with(self, action):
        return [o for o in self.outcomes if o.action == action]

    @property
    def created(self):
        return self._with("created")

    @property
    def updated(self):
        return self._with("updated")

    @property
    def unchanged(self):
        return self._with("unchanged")

    @property
    def skipped(self):
        return self._with("skipped")

    def summary(self):
        if not self.ok:
            return "Nothing was imported. " + " ".join(self.errors)
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped."
        )


class InvalidPackage(Exception):
    """The file is not a valid OCDS release package; ``errors`` says why."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def _load_schema(name):
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


_validator = None


def validator():
    """A draft 4 validator for release packages; the release schema comes from our copy."""
    global _validator
    if _validator is None:
        package = _load_schema("release-package-schema.json")
        release = _load_schema("release-schema.json")
        registry = Registry().with_resource(
            release["id"], Resource.from_contents(release, default_specification=DRAFT4)
        )
        _validator = Draft4Validator(
            package, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
        )
    return _validator


def read_package(data_or_file):
    """The package as Python data, from parsed data, JSON text or bytes, a path or a file."""
    if isinstance(data_or_file, dict | list):
        return data_or_file
    if isinstance(data_or_file, Path):
        data_or_file = data_or_file.read_bytes()
    elif hasattr(data_or_file, "read"):
        data_or_file = data_or_file.read()
    if isinstance(data_or_file, bytes):
        try:
            data_or_file = data_or_file.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidPackage(
                ["The file is not text in UTF-8, so it cannot be an OCDS JSON file."]
            ) from error
    try:
        return json.loads(data_or_file)
    except json.JSONDecodeError as error:
        raise InvalidPackage(
            [f"The file is not JSON: {error.msg} at line {error.lineno}, column {error.colno}."]
        ) from error
    except (RecursionError, ValueError) as error:
        raise InvalidPackage(["The file is not JSON Shoal can read."]) from error


def schema_errors(package):
    """Up to a few problems, each with the JSON path where it is, in document order."""
    if not isinstance(package, dict):
        return ["The file must hold one release package (a JSON object), not a list or value."]
    if package.get("releases") == []:
        return ["The package has no releases, so there is nothing to import."]
    errors = sorted(validator().iter_errors(package), key=lambda e: list(map(str, e.path)))
    shown = [f"{error.json_path}: {_short(error.message)}" for error in errors[:MAX_ERRORS_SHOWN]]
    if len(errors) > MAX_ERRORS_SHOWN:
        shown.append(f"… and {len(errors) - MAX_ERRORS_SHOWN} more problems.")
    return shown


def _short(message, limit=200):
    return message if len(message) <= limit else message[: limit - 1] + "…"


def import_release_package(data_or_file, user=None):
    """Create or update one tender opportunity per OCID; all or nothing. Returns a Result."""
    try:
        package = read_package(data_or_file)
    except InvalidPackage as invalid:
        return Result(errors=invalid.errors)
    errors = schema_errors(package)
    if errors:
        return Result(errors=["The file is not a valid OCDS 1.1.5 release package.", *errors])
    result = Result()
    latest = {}
    for release in sorted(package["releases"], key=lambda r: str(r.get("date") or "")):
        if release.get("tender") and _deadline(release) is not None:
            latest[release["ocid"]] = release
    with transaction.atomic():
        for release in package["releases"]:
            result.outcomes.append(_import_release(release, package, latest, user))
    return result


def _text(value, limit=None):
    text = CONTROL.sub("", str(value)) if value is not None else ""
    text = text.strip()
    return text[:limit] if limit else text


def _within_limit(name, value, notes):
    """The text of a long field, cut to the opportunity's length limit with a note saying so
    (staff could not save the opportunity again in the admin if it were longer)."""
    text = _text(value)
    limit = Opportunity._meta.get_field(name).max_length
    if len(text) > limit:
        notes.append(
            f"The {name} has {len(text):,} characters, more than the {limit:,} an opportunity "
            "holds, so only its start was kept."
        )
        text = text[:limit]
    return text


def _deadline(release):
    period = (release.get("tender") or {}).get("tenderPeriod") or {}
    end = period.get("endDate")
    moment = parse_datetime(end) if isinstance(end, str) else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _funder(release, package):
    tender = release.get("tender") or {}
    for candidate in (release.get("buyer"), tender.get("procuringEntity")):
        if isinstance(candidate, dict) and candidate.get("name"):
            return candidate["name"]
    for party in release.get("parties") or []:
        if "buyer" in (party.get("roles") or []) and party.get("name"):
            return party["name"]
    return (package.get("publisher") or {}).get("name") or "Unknown buyer"


def _org_id(value):
    candidate = _text(value, 40)
    try:
        ORG_ID(candidate)
    except ValidationError:
        return ""
    return candidate


def _buyer_org_id(release):
    """The buyer's org-id: its party's identifier (scheme and id), else the buyer's own id
    when it is written as one (UK notices give ids such as GB-CFS-163659); or ``""``."""
    buyer = release.get("buyer") if isinstance(release.get("buyer"), dict) else {}
    for party in release.get("parties") or []:
        if not isinstance(party, dict):
            continue
        is_buyer = party.get("id") == buyer.get("id") or "buyer" in (party.get("roles") or [])
        identifier = party.get("identifier") if isinstance(party.get("identifier"), dict) else {}
        if is_buyer and identifier.get("scheme") and identifier.get("id"):
            return _org_id(f"{identifier['scheme']}-{identifier['id']}")
    return _org_id(buyer.get("id") or "")


def _link(release):
    urls = [
        doc.get("url")
        for doc in sorted(
            (release.get("tender") or {}).get("documents") or [],
            key=lambda doc: doc.get("documentType") != "tenderNotice",
        )
    ]
    urls.append(release.get("url"))
    check = URLValidator(schemes=["http", "https"])
    for url in urls:
        if isinstance(url, str) and len(url) <= 500:
            try:
                check(url)
            except ValidationError:
                continue
            return url
    return ""


def _pounds(value, label, notes):
    """The amount of an OCDS Value in pounds, or None (with a note saying why)."""
    if not isinstance(value, dict) or value.get("amount") is None:
        return None
    currency = value.get("currency")
    if currency != "GBP":
        notes.append(
            f"The {label} is in {currency or 'an unstated currency'}, not pounds (GBP), "
            "so it was left empty."
        )
        return None
    try:
        amount = Decimal(str(value["amount"])).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        notes.append(f"The {label} is not a number Shoal can read, so it was left empty.")
        return None
    if amount < 0 or amount > LARGEST_AMOUNT:
        notes.append(f"The {label} ({value['amount']}) is out of range, so it was left empty.")
        return None
    return amount


def _import_release(release, package, latest, user):
    ocid = release["ocid"]
    tender = release.get("tender")
    title = _text((tender or {}).get("title"), 255) or f"Tender {ocid}"
    if not tender:
        return Outcome(ocid, title, "skipped", ["It has no tender (only awards or contracts)."])
    deadline = _deadline(release)
    if deadline is None:
        return Outcome(
            ocid, title, "skipped", ["It has no tender deadline (tender.tenderPeriod.endDate)."]
        )
    if latest.get(ocid) is not release:
        return Outcome(
            ocid, title, "skipped", ["A later release of the same tender in this file was used."]
        )
    notes = []
    amount_max = _pounds(tender.get("value"), "tender value", notes)
    amount_min = _pounds(tender.get("minValue"), "smallest value", notes)
    if amount_min is not None and amount_max is not None and amount_min > amount_max:
        notes.append("The smallest value is more than the tender value, so it was left empty.")
        amount_min = None
    suitability = tender.get("suitability") if isinstance(tender.get("suitability"), dict) else {}
    fields = {
        "kind": OpportunityKind.TENDER,
        "title": title,
        "description": _within_limit("description", tender.get("description"), notes),
        "funder": _text(_funder(release, package), 200) or "Unknown buyer",
        "funder_org_id": _buyer_org_id(release),
        "reference": _text(tender.get("id"), 100),
        "amount_min": amount_min,
        "amount_max": amount_max,
        "deadline": deadline,
        "suits_small": suitability.get("sme") is True,
        "suits_vcse": suitability.get("vcse") is True,
        "link": _link(release),
    }
    if tender.get("eligibilityCriteria"):
        fields["eligibility"] = _within_limit("eligibility", tender["eligibilityCriteria"], notes)
    opportunity = Opportunity.objects.filter(ocid=ocid).first()
    if opportunity is None:
        opportunity = Opportunity.objects.create(ocid=ocid, created_by=user, **fields)
        return Outcome(ocid, title, "created", notes, opportunity)
    changed = [name for name, value in fields.items() if getattr(opportunity, name) != value]
    if not changed:
        return Outcome(ocid, title, "unchanged", notes, opportunity)
    for name in changed:
        setattr(opportunity, name, fields[name])
    opportunity.save()
    return Outcome(ocid, title, "updated", notes, opportunity)
