"""Project-level views that belong to no domain."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """Liveness probe: answers without touching the database or the session."""
    return HttpResponse("ok\n", content_type="text/plain")


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
    """500 page rendered without context processors that might touch the failing database."""
    return render(request, "500.html", status=500)
