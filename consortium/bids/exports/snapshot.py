"""A joint bid as plain data for a document, as now or as at any past version.

``snapshot(bid, user)`` reads the bid as it is; ``snapshot(bid, user, version=N)`` rebuilds
it from django-simple-history as it was when it reached version N, so the application a
consortium submitted can be printed again exactly. Everything the document shows is read as
at that version: the sections, budget and statements as the version began; the consortium's
name, its members and their roles, the organisations' names, numbers and income bands, the
sign-offs and due-diligence documents as they stood when the version ended. Once a bid is
submitted its current version is frozen too: all of that is read as at ``submitted_at``, so
handing the lead on or renaming an organisation later changes nothing in the document. A
row with no history by then is read as it is now.

Either way the number of queries does not grow with the number of sections, budget lines,
partners or versions: each table is read once and the rows are put together in Python.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from consortium import permissions
from consortium.bids.models import (
    BidSection,
    BidState,
    BudgetCategory,
    BudgetLine,
    Consortium,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    JointBid,
    PartnerStatement,
    SignOff,
)
from consortium.bids.versions import paragraphs
from consortium.organisations.documents import DocumentKind, OrganisationDocument
from consortium.organisations.models import Organisation

ZERO = Decimal("0")
ROLE_ORDER = {ConsortiumRole.LEAD: 0, ConsortiumRole.PARTNER: 1, ConsortiumRole.SUBCONTRACTOR: 2}
# States a bid reaches only after it went to the funder (a withdrawn bid counts when it had).
SENT = {BidState.SUBMITTED, BidState.AWARDED, BidState.UNSUCCESSFUL, BidState.WITHDRAWN}


class UnknownVersion(LookupError):
    """The bid never reached the version asked for."""


@dataclass
class Partner:
    name: str
    role: str  # "Lead", "Partner", "Subcontractor"
    org_id: str
    numbers: list  # [(label, number)]
    income_band: str
    statement: object = None  # PartnerStatement (or its historical twin) or None


@dataclass
class Section:
    title: str
    paragraphs: list
    word_count: int
    word_limit: int | None
    over_limit: bool
    assigned_to: str
    status: str
    body: str = ""  # the Markdown source, rendered by the documents


@dataclass
class Totals:
    amount: Decimal = ZERO
    match_funding: Decimal = ZERO

    def add(self, line):
        self.amount += line.amount
        self.match_funding += line.match_funding


@dataclass
class Snapshot:
    bid: JointBid  # the bid's own fields, as at the version shown
    version: int
    is_current: bool
    as_at: object  # when that version began (None for the current one)
    made_at: object  # when this document was made
    consortium: str
    lead: str
    partners: list
    sections: list
    budget_lines: list  # (organisation name, BudgetLine)
    totals_by_partner: list  # [(name, Totals)]
    totals_by_category: list  # [(label, Totals)]
    totals_by_year: list  # [(year, Totals)]
    total: Totals
    required_documents: list  # [label]
    checklist: list  # [(partner name, [(label, held: bool, expires_on)])]
    sign_offs: list  # [dict]
    lines_total: int = 0  # every budget line of the version, seen or not
    lines_hidden: int = 0  # lines private to other partners, left out for this reader
    submitted_at: object = None  # when the version shown went to the funder, if it did

    @property
    def title(self):
        return self.bid.title

    @property
    def filename_stem(self):
        return f"{self.bid.slug}-v{self.version}"

    @property
    def shows_private_lines(self):
        return any(line.is_private for _, line in self.budget_lines)


def frozen_at(bid):
    """When the bid's current version went to the funder, after which nothing in it changes;
    None while it has not been submitted."""
    if bid.submitted_at is not None and bid.state in SENT:
        return bid.submitted_at
    return None


# --- reading rows now or as they were ------------------------------------------------------


def _rows(model, when, **filters):
    """The rows of ``model`` matching ``filters``, as they are (``when`` None) or were.

    For a past time, each row's latest history record up to ``when`` is turned back into a
    model instance (without queries); rows deleted by then are left out. One query.
    """
    if when is None:
        return list(model.objects.filter(**filters))
    latest = {}
    records = model.history.filter(history_date__lte=when, **filters).order_by(
        "history_date", "history_id"
    )
    for record in records:
        latest[record.id] = record
    return [r.instance for r in latest.values() if r.history_type != "-"]


def _as_at(model, ids, when):
    """``{pk: row}`` for ``ids`` as the rows were at ``when`` (None: now). A row with no
    history by then is read as it is now. One query, two when some rows have no history."""
    ids = set(ids)
    if when is None:
        return model.objects.in_bulk(ids)
    latest = {}
    records = model.history.filter(id__in=ids, history_date__lte=when).order_by(
        "history_date", "history_id"
    )
    for record in records:
        latest[record.id] = record
    rows = {pk: record.instance for pk, record in latest.items()}
    if ids - rows.keys():
        rows.update(model.objects.in_bulk(ids - rows.keys()))
    return rows


def _version_times(bid, version):
    """(when the bid reached ``version``, when it left it or None) from the bid's history."""
    records = list(
        JointBid.history.filter(id=bid.pk, version__in=[version, version + 1])
        .order_by("history_date", "history_id")
        .values("version", "history_date", "history_id")
    )
    began = next((r for r in records if r["version"] == version), None)
    if began is None:
        raise UnknownVersion(f"This bid has no version {version}.")
    ended = next((r for r in records if r["version"] == version + 1), None)
    return began, ended


def _bid_as_at(bid, began, ended):
    """The bid's fields at ``version``: its content as it began, its state as it ended."""
    start = JointBid.history.get(history_id=began["history_id"]).instance
    last = (
        JointBid.history.filter(id=bid.pk, history_date__lt=ended["history_date"])
        .order_by("history_date", "history_id")
        .last()
        if ended
        else None
    )
    if last is not None:
        for name in ("state", "amount_awarded", "award_date", "submitted_at"):
            setattr(start, name, getattr(last, name))
    elif ended is None:
        for name in ("state", "amount_awarded", "award_date", "submitted_at"):
            setattr(start, name, getattr(bid, name))
    start.slug = bid.slug
    return start


# --- the snapshot ------------------------------------------------------------------------------


def snapshot(bid, user, version=None, all_lines=False):
    """The bid as plain data for ``user``: only the budget lines they may see.

    ``version``: a past version number (1 up to the bid's version) or None for now.
    ``all_lines``: every budget line, private ones too, as the lead and the funder see them
    (``user`` is then not asked about).
    Raises :class:`UnknownVersion` for a version the bid never had.
    """
    now = timezone.now()
    submitted_at = None
    if version is None or version == bid.version:
        # The current version: its content read from the tables themselves (a submitted
        # bid's content can no longer change); the people around it as at the submission.
        content_time = None
        end_time = submitted_at = frozen_at(bid)
        shown = bid
        is_current, as_at = True, None
    else:
        if version < 1 or version > bid.version:
            raise UnknownVersion(f"This bid has no version {version}.")
        began, ended = _version_times(bid, version)
        content_time = began["history_date"]
        # Partners, sign-offs and documents as they stood just before the next version.
        end_time = ended["history_date"] if ended else now
        shown = _bid_as_at(bid, began, ended)
        is_current, as_at = False, content_time

    members = [
        m
        for m in _rows(ConsortiumMember, end_time, consortium_id=bid.consortium_id)
        if m.status == InvitationStatus.ACCEPTED
    ]
    sections = sorted(
        _rows(BidSection, content_time, bid_id=bid.pk), key=lambda s: (s.sort_order, s.pk)
    )
    every_line = _rows(BudgetLine, content_time, bid_id=bid.pk)
    for line in every_line:
        line.bid = bid  # the permission rule reads the bid's consortium
    if all_lines:
        lines = list(every_line)
    else:
        lines = [line for line in every_line if permissions.can_see_budget_line(user, line)]
    statements = _rows(PartnerStatement, content_time, bid_id=bid.pk)
    sign_offs = _rows(SignOff, end_time, bid_id=bid.pk)
    if end_time is not None:
        shown_version = version or bid.version
        sign_offs = [s for s in sign_offs if s.bid_version == shown_version]

    org_ids = (
        {m.organisation_id for m in members}
        | {s.assigned_to_id for s in sections if s.assigned_to_id}
        | {line.organisation_id for line in lines}
        | {s.organisation_id for s in statements}
        | {s.organisation_id for s in sign_offs}
    )
    organisations = _as_at(Organisation, org_ids, end_time)
    users = get_user_model().objects.in_bulk({s.signed_by_id for s in sign_offs if s.signed_by_id})

    def org_name(pk):
        org = organisations.get(pk)
        return org.name if org else "An organisation no longer on Shoal"

    # Partners: the lead first, then partners and subcontractors by name.
    statements_by_org = {s.organisation_id: s for s in statements}
    members.sort(key=lambda m: (ROLE_ORDER.get(m.role, 9), org_name(m.organisation_id)))
    partners = []
    for m in members:
        org = organisations.get(m.organisation_id)
        if org is None:
            continue
        partners.append(
            Partner(
                name=org.name,
                role=ConsortiumRole(m.role).label,
                org_id=org.org_id,
                numbers=_numbers(org),
                income_band=org.get_income_band_display(),
                statement=statements_by_org.get(org.pk),
            )
        )
    lead = next((org_name(m.organisation_id) for m in members if m.role == ConsortiumRole.LEAD), "")

    # Budget and its totals, from the lines the person may see.
    lines.sort(key=lambda ln: (org_name(ln.organisation_id), ln.year, ln.category, ln.pk))
    by_partner, by_category, by_year, total = (
        defaultdict(Totals),
        defaultdict(Totals),
        defaultdict(Totals),
        Totals(),
    )
    for line in lines:
        by_partner[org_name(line.organisation_id)].add(line)
        by_category[BudgetCategory(line.category).label].add(line)
        by_year[line.year].add(line)
        total.add(line)

    # Due diligence: which of the documents the funder asks for each partner holds in date.
    required = [k for k in (shown.required_documents or []) if k in DocumentKind.values]
    on_day = timezone.localdate(end_time) if end_time else timezone.localdate()
    held = defaultdict(dict)  # org id -> kind -> latest expiry (None = no expiry)
    if required and members:
        documents = _rows(
            OrganisationDocument,
            end_time,
            organisation_id__in=[m.organisation_id for m in members],
            kind__in=required,
        )
        for doc in documents:
            if doc.expires_on is not None and doc.expires_on < on_day:
                continue
            kinds = held[doc.organisation_id]
            if doc.kind not in kinds or (
                kinds[doc.kind] is not None
                and (doc.expires_on is None or doc.expires_on > kinds[doc.kind])
            ):
                kinds[doc.kind] = doc.expires_on
    checklist = [
        (
            org_name(m.organisation_id),
            [
                (
                    DocumentKind(kind).label,
                    kind in held[m.organisation_id],
                    held[m.organisation_id].get(kind),
                )
                for kind in required
            ],
        )
        for m in members
    ]

    sign_off_rows = []
    for s in sorted(sign_offs, key=lambda s: (s.signed_at, s.pk)):
        person = users.get(s.signed_by_id)
        sign_off_rows.append(
            {
                "organisation": org_name(s.organisation_id),
                "person": (person.get_full_name() or person.get_username()) if person else "",
                "signed_at": s.signed_at,
                "version": s.bid_version,
                "fingerprint": s.fingerprint,
                "voided_at": s.voided_at,
                "voided_reason": s.voided_reason,
            }
        )

    return Snapshot(
        bid=shown,
        version=version or bid.version,
        is_current=is_current,
        as_at=as_at,
        made_at=now,
        consortium=(
            _as_at(Consortium, [bid.consortium_id], end_time)[bid.consortium_id].name
            if end_time
            else bid.consortium.name
        ),
        lead=lead,
        partners=partners,
        sections=[
            Section(
                title=s.title,
                paragraphs=paragraphs(s.body),
                word_count=s.word_count,
                word_limit=s.word_limit,
                over_limit=s.over_limit,
                assigned_to=org_name(s.assigned_to_id) if s.assigned_to_id else "",
                status=s.get_status_display(),
                body=s.body,
            )
            for s in sections
        ],
        budget_lines=[(org_name(line.organisation_id), line) for line in lines],
        totals_by_partner=sorted(by_partner.items()),
        totals_by_category=[
            (label, by_category[label]) for label in BudgetCategory.labels if label in by_category
        ],
        totals_by_year=sorted(by_year.items()),
        total=total,
        required_documents=[DocumentKind(k).label for k in required],
        checklist=checklist,
        sign_offs=sign_off_rows,
        lines_total=len(every_line),
        lines_hidden=len(every_line) - len(lines),
        submitted_at=submitted_at,
    )


NUMBER_FIELDS = [
    ("charity_number", "Charity Commission"),
    ("oscr_number", "OSCR"),
    ("ccni_number", "Charity Commission for Northern Ireland"),
    ("company_number", "Companies House"),
]


def _numbers(org):
    return [(label, getattr(org, name)) for name, label in NUMBER_FIELDS if getattr(org, name)]
