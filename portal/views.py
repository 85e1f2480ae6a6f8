"""Project-level views that belong to no domain."""

import logging
import posixpath

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from portal import unavailable

logger = logging.getLogger(__name__)

# Uploaded images keep their file name for life (a new upload or rendition gets a new
# name), so browsers and proxies may keep them for a day.
MEDIA_CACHE_SECONDS = 24 * 60 * 60


@never_cache
@require_GET
def healthz(request):
    """Liveness probe: answers without touching the database or the session."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_safe
def readyz(request):
    """Readiness probe: 200 only when the database answers and has been migrated, else 503.

    Reading the migrations table, not just ``SELECT 1``, catches a database that is there
    but empty (an SQLite file made afresh where the real one should have been)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            if cursor.fetchone() is None:
                raise DatabaseError("no migration has been applied")
    except DatabaseError:
        logger.exception("Readiness check: the database did not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


PRIVATE_MEDIA = {"documents", "vault", "imports", "listings", "submissions", "drafts"}


@require_safe
def media(request, path):
    """Serve an uploaded file from MEDIA_ROOT when SERVE_MEDIA is on (one small server).

    Django's static file view refuses paths outside MEDIA_ROOT and directory listings,
    guesses the content type and answers If-Modified-Since. Original documents are
    never served here: Wagtail serves them at /documents/<id>/<name>, which enforces
    collection privacy that a direct link would bypass. Nor are the organisations'
    due-diligence vault (``vault/``, downloaded through a permission-checked view) and
    spreadsheets waiting to be imported (``imports/``), nor listings' attachments
    (``listings/``, whose listing may be for members only), nor the files of submitted bids
    (``submissions/``) and of bids not yet submitted (``drafts/``), downloaded through the
    bid's export view. The path is normalised first,
    so ``x/../vault/...`` is refused like ``vault/...``.
    """
    top = posixpath.normpath(path.replace("\\", "/")).lstrip("/").split("/", 1)[0]
    if not settings.SERVE_MEDIA or top in PRIVATE_MEDIA:
        raise Http404("No such file.")
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        response["Cache-Control"] = f"public, max-age={MEDIA_CACHE_SECONDS}"
    # An upload must never be sniffed into HTML or script, whatever the settings say.
    response["X-Content-Type-Options"] = "nosniff"
    return response


def robots_txt(request):
    """Let crawlers in everywhere but the admin and the members' area."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def server_error(request):
    """500 page rendered without context processors that might touch the failing database;
    the plain 503 page when the error is the database being unavailable (portal.unavailable)."""
    if unavailable.current_error_is_database_unavailable():
        return unavailable.service_unavailable()
    return render(request, "500.html", status=500)
