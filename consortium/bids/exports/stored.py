"""The PDF and Word files of a submitted bid, kept exactly as they were made.

- ``keep_submitted(bid_pk)``: run when a bid is marked submitted (after the move is saved).
  It renders both files as the lead and the funder see them (every budget line, private ones
  marked) and stores them with their SHA-256 in the default storage. A failure is logged and
  never undoes the submission; the files are then made the first time the lead or staff
  download that version (from the bid as it stood when submitted).
- ``kept_file(bid, user, kind, version)``: the stored bytes to serve, or None when this
  reader gets a rendering of their own.

Who gets the stored bytes: the lead and staff, who may see every line. A partner who may not
see other partners' private lines gets their own rendering of the submitted version, made
when they ask, which leaves those lines out and says how many there are. One stored copy per
format, not one per reader.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from consortium import permissions
from consortium.bids.exports import docx, pdf
from consortium.bids.exports.snapshot import frozen_at, snapshot
from consortium.bids.models import DocumentFormat, JointBid, SubmittedDocument

logger = logging.getLogger(__name__)

RENDERERS = {DocumentFormat.PDF: pdf.render_pdf, DocumentFormat.DOCX: docx.render_docx}


def sha256(body):
    return hashlib.sha256(body).hexdigest()


def kept(bid):
    """``{format: SubmittedDocument}`` of the bid's submitted version (empty if none)."""
    if frozen_at(bid) is None:
        return {}
    return {d.format: d for d in SubmittedDocument.objects.filter(bid=bid, version=bid.version)}


def store(bid):
    """Render and keep the files of the submitted version not kept yet; a file once kept is
    never replaced. Returns ``{format: SubmittedDocument}``."""
    documents = kept(bid)
    missing = [f for f in DocumentFormat.values if f not in documents]
    if frozen_at(bid) is None or not missing:
        return documents
    snap = snapshot(bid, None, all_lines=True)
    for kind in missing:
        body = RENDERERS[kind](snap)
        document = SubmittedDocument(
            bid=bid, version=bid.version, format=kind, sha256=sha256(body), size=len(body)
        )
        document.file.save(f"{snap.filename_stem}.{kind}", ContentFile(body), save=False)
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError:  # someone else kept it meanwhile: theirs stands
            document.file.delete(save=False)
            document = SubmittedDocument.objects.get(bid=bid, version=bid.version, format=kind)
        documents[kind] = document
    return documents


def keep_submitted(bid_pk):
    """Keep the files of a bid just marked submitted; a failure is logged, never raised."""
    try:
        store(JointBid.objects.select_related("consortium").get(pk=bid_pk))
    except Exception:
        logger.exception(
            "Could not keep the submitted files of bid %s; they will be made on the first "
            "download by the lead or staff",
            bid_pk,
        )


def kept_file(bid, user, kind, version=None):
    """``(bytes, SubmittedDocument)`` kept for the submitted ``version``, when ``user`` may
    see every line; None when the reader gets a rendering of their own (or the files could
    not be made even now, which is logged)."""
    if frozen_at(bid) is None or version not in (None, bid.version):
        return None
    if not permissions.can_see_every_budget_line(user, bid):
        return None
    try:
        document = store(bid)[kind]
        with document.file.open("rb") as handle:
            body = handle.read()
    except Exception:
        logger.exception("Could not read or make the submitted %s of bid %s", kind, bid.pk)
        return None
    if sha256(body) != document.sha256:
        logger.error(
            "The kept %s of bid %s v%s no longer matches its SHA-256", kind, bid.pk, bid.version
        )
    return body, document
