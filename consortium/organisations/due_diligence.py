"""The due-diligence checklist: which of the documents a funder asks for each partner
already holds in date, read from the members' vault so nobody is asked twice."""

from dataclasses import dataclass

from django.utils import timezone

from consortium import compiled
from consortium.organisations.documents import DocumentKind, OrganisationDocument

HELD, EXPIRED, MISSING = "held", "expired", "missing"


@dataclass
class Check:
    organisation: object
    kind: str
    status: str  # held, expired or missing
    expires_on: object = None  # the date it is in date until, or expired on
    title: str = ""

    @property
    def kind_label(self):
        return DocumentKind(self.kind).label

    @property
    def text(self):
        if self.status == HELD:
            if self.expires_on:
                return f"Held, in date until {self.expires_on:%-d %B %Y}"
            return "Held, with no expiry date"
        if self.status == EXPIRED:
            return f"Expired on {self.expires_on:%-d %B %Y}"
        return "Missing"

    @property
    def ok(self):
        return self.status == HELD


def required_kinds(bid):
    """The bid's required document kinds, in the order of :class:`DocumentKind`, known only."""
    wanted = set(bid.required_documents or [])
    return [kind for kind in DocumentKind.values if kind in wanted]


def _better(current, candidate, today):
    """The document that best answers the check: in date beats expired; later expiry wins."""
    if current is None:
        return candidate

    def rank(doc):
        in_date = doc.expires_on is None or doc.expires_on >= today
        # No expiry date counts as the furthest in the future.
        expiry = doc.expires_on.toordinal() if doc.expires_on else 10**7
        return (in_date, expiry)

    return candidate if rank(candidate) > rank(current) else current


def checklist(bid, organisations, today=None):
    """{organisation id: [Check per required kind]} for ``organisations``, in one query."""
    today = today or timezone.localdate()
    kinds = required_kinds(bid)
    ids = [o.pk for o in organisations]
    best = {}
    if kinds and ids:
        # On every bid page (the partners' panel): compiled once per partners and kinds.
        documents = compiled.rows(
            ("due-diligence", tuple(ids), tuple(kinds)),
            lambda: OrganisationDocument.objects.filter(
                organisation_id__in=ids, kind__in=kinds
            ).only("organisation_id", "kind", "expires_on", "title"),
        )
        for doc in documents:
            key = (doc.organisation_id, doc.kind)
            best[key] = _better(best.get(key), doc, today)
    result = {}
    for organisation in organisations:
        checks = []
        for kind in kinds:
            doc = best.get((organisation.pk, kind))
            if doc is None:
                checks.append(Check(organisation, kind, MISSING))
            elif doc.expires_on is not None and doc.expires_on < today:
                checks.append(Check(organisation, kind, EXPIRED, doc.expires_on, doc.title))
            else:
                checks.append(Check(organisation, kind, HELD, doc.expires_on, doc.title))
        result[organisation.pk] = checks
    return result


def gaps(checks_by_organisation):
    """How many checks are missing or expired, over every partner."""
    return sum(1 for checks in checks_by_organisation.values() for c in checks if not c.ok)
