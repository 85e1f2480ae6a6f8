"""The files of bids not yet submitted: made once in the background, then served from storage.

- ``find_or_request(bid, user, kind, version)``: the :class:`DraftDocument` for what this
  reader sees of that version; a new one is queued for the background worker
  (``make_draft``), which says how far it has got in ``stage``.
- ``requested(bid, user, kind, pk)``: a document the reader asked for earlier, which the
  "being prepared" page names, so that its refresh waits for that file even when the bid has
  changed since (partners editing at once would otherwise make every refresh ask for a newer
  version, and the file would never come);
- ``wait(document, seconds)``: the document again once ready or failed, or after ``seconds``.
- ``read(document)``: its bytes.

A file is kept per version, format and audience (``permissions.budget_audience``: every
budget line, or the private lines of the reader's own organisations), so a reader is never
served a file made for someone who sees more. The current version's files also carry a stamp
of what changes within a version (the bid's state and details, sign-offs, members); a past
version never changes. When a bid gets a new file, its files that no longer match the bid
(stale stamps, versions further back than ``KEEP_VERSIONS``) go, files and all.
"""

import logging
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Func, OuterRef, Subquery
from django.utils import timezone
from django_tasks import task

from consortium import compiled, permissions
from consortium.bids.exports import docx, pdf
from consortium.bids.exports.snapshot import UnknownVersion, snapshot
from consortium.bids.models import (
    ConsortiumMember,
    DraftDocument,
    DraftStage,
    JointBid,
    SignOff,
)
from consortium.organisations.models import Organisation

logger = logging.getLogger(__name__)


def render(snap, kind):
    return pdf.render_pdf(snap) if kind == "pdf" else docx.render_docx(snap)


# A queued file that is not made in this long is queued again (the worker may have stopped).
GIVE_UP_AFTER = timedelta(minutes=10)
# Files of past versions this far behind the bid's newest are removed (the latest few are
# kept: people compare a version with the one before).
KEEP_VERSIONS = 3
# A file asked for this recently is kept even when the bid has moved on: someone may be on
# its "being prepared" page, waiting for it.
WAITED_FOR = timedelta(minutes=5)
POLL_SECONDS = 0.1


def check_version(bid, version):
    """Raise :class:`UnknownVersion` for a past version the bid's history does not hold."""
    past = version and version != bid.version
    if past and not JointBid.history.filter(id=bid.pk, version=version).exists():
        raise UnknownVersion(f"This bid has no version {version}.")


def _latest(history, **filters):
    newest = history.filter(**filters).order_by("-history_id").values("history_id")[:1]
    return Subquery(newest)


def stamp(bid, version):
    """What the current version's document shows that may change without a new version:
    the bid's state and last save, the last change to sign-offs, to members and to the
    members' organisations (a new name, say), in one query.

    Asked on every download, so its SQL (five subqueries) is compiled once per process for
    each bid (``consortium.compiled``): building it cost more than PostgreSQL takes to answer.
    """
    if version != bid.version:
        return ""
    found = compiled.rows(("draft-stamp", bid.pk), lambda: _stamp_query(bid.pk))
    row = found[0] if found else {"state": bid.state}
    parts = [row.get(k) or 0 for k in ("saved", "signed", "members", "names")]
    return "/".join([row["state"], *map(str, parts)])


def _stamp_query(bid_pk):
    return (
        JointBid.objects.filter(pk=bid_pk)
        .values("state")
        .annotate(
            saved=_latest(JointBid.history, id=OuterRef("pk")),
            signed=_latest(SignOff.history, bid_id=OuterRef("pk")),
            members=_latest(ConsortiumMember.history, consortium_id=OuterRef("consortium_id")),
            # MAX over the members' own rows (by the history's index on id), not a walk
            # back through every organisation's history.
            names=Subquery(
                Organisation.history.filter(
                    id__in=ConsortiumMember.objects.filter(
                        consortium_id=OuterRef(OuterRef("consortium_id"))
                    ).values("organisation_id")
                )
                .order_by()
                .values(newest=Func(F("history_id"), function="MAX"))
            ),
        )
        .order_by()[:1]
    )


def find_or_request(bid, user, kind, version=None):
    """The reader's document of ``version`` (None: the current one), queued if new."""
    version = version or bid.version
    key = {
        "bid": bid,
        "version": version,
        "format": kind,
        "audience": permissions.budget_audience(user, bid),
        "stamp": stamp(bid, version),
    }
    document = _kept(key)
    if document is not None and _stuck(document):
        document.delete()
        document = None
    if document is None:
        try:
            with transaction.atomic():
                document = DraftDocument.objects.create(**key)
        except IntegrityError:  # someone asked at the same moment: theirs is on its way
            return DraftDocument.objects.get(**key)
        make_draft.enqueue(document.pk, user.pk)
        document.refresh_from_db()
    return document


def _kept(key):
    """The document made for ``key``, if any: one row at most (the key is unique), read
    with SQL compiled once per process for the key (``consortium.compiled``) and without
    the model's ordering, which joined the bid to sort one row."""
    found = compiled.rows(
        (
            "draft-document",
            key["bid"].pk,
            *(key[k] for k in ("version", "format", "audience", "stamp")),
        ),
        lambda: DraftDocument.objects.filter(**key).order_by()[:1],
    )
    return found[0] if found else None


def requested(bid, user, kind, pk):
    """The document ``pk`` of ``bid`` in ``kind`` that this reader asked for earlier, if it
    is still kept, not stuck, and made for what they may see (their budget audience);
    otherwise None."""
    document = (
        DraftDocument.objects.filter(
            pk=pk, bid=bid, format=kind, audience=permissions.budget_audience(user, bid)
        )
        .order_by()
        .first()
    )
    return None if document is None or _stuck(document) else document


def _stuck(document):
    waiting = document.stage not in (DraftStage.READY, DraftStage.FAILED)
    return waiting and document.requested_at < timezone.now() - GIVE_UP_AFTER


def forget(document):
    """Remove a document (a failed one, before trying again)."""
    document.delete()


def wait(document, seconds):
    """The document once it is ready or failed, or as it stands after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not (document.is_ready or document.has_failed) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        try:
            document.refresh_from_db()
        except DraftDocument.DoesNotExist:
            break
    return document


def read(document):
    with document.file.open("rb") as handle:
        return handle.read()


def _set_stage(document, stage):
    document.stage = stage
    DraftDocument.objects.filter(pk=document.pk).update(stage=stage)


@task()
def make_draft(document_pk, user_pk):
    """Make one queued draft file (run by the background worker)."""
    document = DraftDocument.objects.select_related("bid__consortium").filter(pk=document_pk)
    document = document.first()
    if document is None or document.is_ready:
        return
    bid = document.bid
    user = get_user_model().objects.filter(pk=user_pk).first()
    try:
        if user is None or permissions.budget_audience(user, bid) != document.audience:
            raise PermissionError("the reader no longer sees what this file was asked for")
        _set_stage(document, DraftStage.READING)
        snap = snapshot(bid, user, version=document.version)
        _set_stage(document, DraftStage.LAYING_OUT)
        body = render(snap, document.format)
    except Exception:
        logger.exception(
            "Could not make the %s of bid %r (version %s) for user %s",
            document.format,
            bid.slug,
            document.version,
            user_pk,
        )
        _set_stage(document, DraftStage.FAILED)
        return
    document.filename = f"{snap.filename_stem}.{document.format}"
    document.file.save(document.filename, ContentFile(body), save=False)
    document.size = len(body)
    document.made_at = timezone.now()
    document.stage = DraftStage.READY
    if not DraftDocument.objects.filter(pk=document.pk).exists():
        document.file.delete(save=False)  # removed while it was being made
        return
    document.save()
    prune(bid)


def prune(bid):
    """Remove the bid's files that can no longer be served: the current version's with an
    old stamp, files made as current of versions since passed (a past version's document
    says "as at"), and past versions more than ``KEEP_VERSIONS`` behind; but none asked for
    in the last ``WAITED_FOR``, which someone may still be waiting for."""
    current = stamp(bid, bid.version)
    stale = DraftDocument.objects.filter(bid=bid).exclude(version=bid.version, stamp=current)
    stale = stale.exclude(
        version__gt=bid.version - KEEP_VERSIONS, version__lt=bid.version, stamp=""
    )
    stale = stale.exclude(requested_at__gt=timezone.now() - WAITED_FOR)
    for document in stale:
        if document.file:
            document.file.delete(save=False)
        document.delete()
