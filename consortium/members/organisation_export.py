"""All of one organisation's data as one ZIP, for its admins (UK GDPR portability, and so an
organisation can leave Shoal with everything it put in).

The archive holds ``data.json`` (every table), one CSV per table, and the vault's files under
``vault/`` when together they are small enough to send in one download. Only this
organisation's own records are in it: of a bid it takes part in, the title, stage and its own
budget lines and sign-offs, never another partner's lines.
"""

import io
import json
import zipfile

from consortium.bids.models import BudgetLine, ConsortiumMember, InvitationStatus, JointBid, SignOff
from consortium.brokerage.models import Listing, Match, Reply
from consortium.buying.models import Pledge
from consortium.members.personal_data_values import plain
from consortium.organisations.documents import OrganisationDocument
from consortium.organisations.people import Membership
from portal.spreadsheets import csv_text

# The vault's files go in only while they total no more than this; the index always does.
VAULT_FILES_LIMIT = 25 * 1024 * 1024


def _person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def organisation_tables(organisation):
    """Table name -> list of rows (dicts with the same keys), in the order the ZIP lists them."""
    o = organisation
    bids = JointBid.objects.filter(
        consortium__members__organisation=o,
        consortium__members__status=InvitationStatus.ACCEPTED,
    ).distinct()
    return {
        "profile": [
            {
                "name": o.name,
                "legal_form": o.get_legal_form_display(),
                "charity_number": o.charity_number,
                "oscr_number": o.oscr_number,
                "ccni_number": o.ccni_number,
                "company_number": o.company_number,
                "org_id": o.org_id,
                "income_band": o.get_income_band_display(),
                "short_description": o.short_description,
                "description": o.description,
                "website": o.website,
                "area": o.get_area_display(),
                "locality": o.locality,
                "postcode": o.postcode,
                "themes": ", ".join(t.name for t in o.themes.all()),
                "public_profile": o.is_public,
                "verified_on": o.verified_on,
                "created_at": o.created_at,
            }
        ],
        "people": [
            {
                "name": _person(m.user),
                "email": m.user.email,
                "role": m.get_role_display(),
                "membership": m.get_status_display(),
                "job_title": m.job_title,
                "asked_on": m.requested_at,
                "decided_on": m.decided_at,
            }
            for m in Membership.objects.filter(organisation=o).select_related("user")
        ],
        "listings": [
            {
                "title": x.title,
                "kind": x.get_kind_display(),
                "category": x.get_category_display(),
                "status": x.get_status_display(),
                "description": x.description,
                "posted_by": _person(x.posted_by),
                "created_at": x.created_at,
            }
            for x in Listing.objects.filter(organisation=o).select_related("posted_by")
        ],
        "replies": [
            {
                "listing": r.listing.title,
                "direction": "sent" if r.organisation_id == o.pk else "received",
                "from": r.organisation.name if r.organisation else _person(r.user),
                "message": r.message,
                "status": r.get_status_display(),
                "created_at": r.created_at,
            }
            for r in (
                Reply.objects.filter(organisation=o) | Reply.objects.filter(listing__organisation=o)
            )
            .select_related("listing", "organisation", "user")
            .distinct()
        ],
        "matches": [
            {
                "listing": m.listing.title,
                "status": m.get_status_display(),
                "hours": m.hours,
                "items": m.items,
                "money_value": m.money_value,
                "kg_reused": m.kg_reused,
                "created_at": m.created_at,
                "completed_at": m.completed_at,
            }
            for m in (
                Match.objects.filter(listing__organisation=o)
                | Match.objects.filter(reply__organisation=o)
            )
            .select_related("listing")
            .distinct()
        ],
        "pledges": [
            {
                "scheme": p.scheme.title,
                "quantity": p.quantity,
                "unit": p.scheme.unit,
                "delivery_address": p.delivery_address,
                "pledged_by": _person(p.pledged_by),
                "created_at": p.created_at,
                "withdrawn_at": p.withdrawn_at,
            }
            for p in Pledge.objects.filter(organisation=o).select_related("scheme", "pledged_by")
        ],
        "vault": [
            {
                "title": d.title,
                "kind": d.get_kind_display(),
                "file_name": d.original_name,
                "size_bytes": d.size,
                "expires_on": d.expires_on,
                "uploaded_at": d.uploaded_at,
                "uploaded_by": _person(d.uploaded_by),
            }
            for d in _documents(o).select_related("uploaded_by")
        ],
        "consortium_memberships": [
            {
                "consortium": m.consortium.name,
                "role": m.get_role_display(),
                "status": m.get_status_display(),
                "invited_at": m.invited_at,
                "responded_at": m.responded_at,
            }
            for m in ConsortiumMember.objects.filter(organisation=o).select_related("consortium")
        ],
        "bids": [
            {
                "title": b.title,
                "consortium": b.consortium.name,
                "stage": b.get_state_display(),
                "version": b.version,
                "funder": b.funder,
                "deadline": b.deadline,
                "amount_requested": b.amount_requested,
            }
            for b in bids.select_related("consortium")
        ],
        "budget_lines": [
            {
                "bid": line.bid.title,
                "category": line.get_category_display(),
                "description": line.description,
                "year": line.year,
                "amount": line.amount,
                "match_funding": line.match_funding,
                "private": line.is_private,
            }
            for line in BudgetLine.objects.filter(organisation=o, bid__in=bids).select_related(
                "bid"
            )
        ],
        "sign_offs": [
            {
                "bid": s.bid.title,
                "bid_version": s.bid_version,
                "fingerprint": s.fingerprint,
                "signed_by": _person(s.signed_by),
                "signed_at": s.signed_at,
                "voided_at": s.voided_at,
            }
            for s in SignOff.objects.filter(organisation=o, bid__in=bids).select_related(
                "bid", "signed_by"
            )
        ],
    }


def _documents(organisation):
    return OrganisationDocument.objects.filter(organisation=organisation).order_by("kind", "title")


def _csv(rows):
    """One table as a CSV file, through the project's one safe writer (formulas quoted,
    a byte-order mark so spreadsheets read "£")."""
    if not rows:
        return csv_text([], [])
    header = list(rows[0])
    return csv_text(header, ([plain(row[key]) for key in header] for row in rows))


def organisation_archive(organisation):
    """The ZIP's bytes."""
    tables = organisation_tables(organisation)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(plain(tables), indent=2, ensure_ascii=False))
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _csv(rows))
        documents = list(_documents(organisation))
        if sum(d.size or 0 for d in documents) <= VAULT_FILES_LIMIT:
            for document in documents:
                _add_file(archive, document)
        else:
            archive.writestr(
                "vault/README.txt",
                "The documents are too large to send together; download each from the vault.",
            )
    return buffer.getvalue()


def _add_file(archive, document):
    name = document.original_name or document.file.name.rsplit("/", 1)[-1]
    try:
        with document.file.open("rb") as handle:
            archive.writestr(f"vault/{document.pk}-{name}", handle.read())
    except (FileNotFoundError, OSError, ValueError):
        archive.writestr(f"vault/{document.pk}-{name}.missing.txt", "The file could not be read.")
