"""When the database is unavailable: a plain 503 page instead of an error page.

Django turns an exception raised anywhere in a request (a view, or middleware such as the
session's) into a call of ``handler500`` (``portal.views.server_error``), inside the
``except`` block, so the exception is still at hand there. When it is the database
refusing or dropping the connection, the visitor is told that the service is unavailable
for a while (503, ``Retry-After``), not that the site is broken; the error is logged by
Django as usual. The page is rendered without the request, so no context processor can
touch the database, and falls back to plain text if even that fails.

Nothing needs restarting when the database comes back: Django closes a connection that
failed at the end of the request, and the next request opens a new one.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# How long browsers and load balancers are asked to wait before trying again, in seconds.
RETRY_AFTER_SECONDS = 30


def database_unavailable(error):
    """Whether ``error`` (or an error it was raised from) is the database being unavailable:
    the connection refused, lost or closed, or the SQLite file missing."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def current_error_is_database_unavailable():
    """Whether the exception being handled now is the database being unavailable."""
    return database_unavailable(sys.exc_info()[1])


def service_unavailable():
    """The 503 page, rendered without the request (no context processors, no queries)."""
    try:
        body = render_to_string("503.html")
        content_type = "text/html; charset=utf-8"
    except Exception:  # the page of last resort must not fail itself
        logger.exception("The 503 page could not be rendered; sending plain text instead")
        body = "Sorry, the service is unavailable. Try again in a few minutes.\n"
        content_type = "text/plain; charset=utf-8"
    response = HttpResponse(body, status=503, content_type=content_type)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
