"""When the PDF (or Word file) of a bid cannot be made: a clear page, not an error page.

The renderer (WeasyPrint for the PDF) can fail for reasons that pass: a font or image it
could not read, memory, a bug that one bid's content triggers. The bid itself is saved
either way, so the person is told to try again in a few minutes (503, ``Retry-After``), and
the failure is logged with its traceback for the operator (docs/operators/failures.md).
"""

import logging

from django.shortcuts import render

logger = logging.getLogger(__name__)

FORMAT_NAMES = {"pdf": "PDF", "docx": "Word file"}
RETRY_AFTER_SECONDS = 120


def export_failed(request, bid, kind, snap):
    """Log the failure being handled and answer with the "try again" page."""
    logger.exception(
        "Could not make the %s of bid %r (version %s) for user %s",
        FORMAT_NAMES[kind],
        bid.slug,
        snap.version,
        request.user.pk,
    )
    return draft_failed(request, bid, kind)


def draft_failed(request, bid, kind):
    """The "try again" page for a file the background worker could not make (it logged
    why); trying again asks for the file afresh."""
    response = render(
        request,
        "consortium/bids/export_failed.html",
        {"bid": bid, "format_name": FORMAT_NAMES[kind], "retry_url": request.get_full_path()},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "private, no-store"
    return response
