"""Top-level URLs. Wagtail's page serving is last so that it catches every other path."""

import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import sitemaps, staff_security, throttling, views

handler500 = "portal.views.server_error"

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("readyz/", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    # Before Wagtail's own admin URLs, so that its password reset is rate-limited too.
    path(
        "admin/password_reset/",
        throttling.AdminPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    # Staff sign in through allauth like everyone else, so that the two-factor stage and the
    # sign-in throttling apply (portal.staff_security).
    path("admin/login/", staff_security.admin_sign_in, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("portal.accounts_urls")),
    path("search/", include("search.urls")),
    path("", include("consortium.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# Uploaded files, when MEDIA_URL is a path on this site; the view answers only while
# SERVE_MEDIA is on (dev and production settings), so a web server can take over.
if settings.MEDIA_URL.startswith("/") and not settings.MEDIA_URL.startswith("//"):
    urlpatterns += [
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", views.media)
    ]

urlpatterns += [path("", include(wagtail_urls))]
