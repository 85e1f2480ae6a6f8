"""Production: secrets, hosts and the site's address must come from the environment.

Behind a TLS-terminating proxy that sets ``X-Forwarded-Proto``; static files are
compressed and fingerprinted by whitenoise; serve with gunicorn
(``gunicorn portal.wsgi``). Uploaded media is served by the application unless
``SERVE_MEDIA=false`` (when a web server such as ``deploy/nginx.conf`` serves it).
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from portal.storage import media_storage

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, MIDDLEWARE, env

DEBUG = False
# Read as it is: django-environ would take a key that starts with "$" for the name of another
# variable, and Django's own generator makes such keys (tests/test_foundation.py).
SECRET_KEY = os.environ.get("SECRET_KEY") or env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")


def _public_address(url, name):
    """The site's public address, checked: emails and the Site's hostname use it."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path not in {"", "/"}:
        raise ImproperlyConfigured(
            f"{name} must be the site's public address, such as "
            "https://portal.example.org (scheme and host, no path); "
            f"it is {url!r}."
        )
    return url.rstrip("/")


# No default: a development default would put http://127.0.0.1:8000 links in emails.
# WAGTAILADMIN_BASE_URL wins over SITE_URL, as in base.py.
_name = "WAGTAILADMIN_BASE_URL" if env("WAGTAILADMIN_BASE_URL", default="") else "SITE_URL"
if not env(_name, default=""):
    raise ImproperlyConfigured(
        "Set WAGTAILADMIN_BASE_URL (or SITE_URL) to the site's public address, such as "
        "https://portal.example.org: emails link to it and "
        "'manage.py configure_site' gives the site that address."
    )
WAGTAILADMIN_BASE_URL = _public_address(env(_name), _name)

# Each gunicorn worker keeps its database connection between requests rather than opening
# one per request (a new PostgreSQL backend costs more than most pages' queries; measured in
# docs/benchmarks.md). The connection is checked before reuse, so a database restart costs
# one failed check, not an error page. CONN_MAX_AGE=0 opens one per request again.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# One small server: the application serves /media/ itself (portal.views.media).
# Set SERVE_MEDIA=false when a web server serves MEDIA_ROOT (deploy/nginx.conf).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)

# Anyone who can reach the Wagtail admin sets up a second factor before it opens
# (portal.staff_security). STAFF_MFA_REQUIRED=false switches that off: do not, unless the
# admin is reachable only through another sign-in that asks for one.
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# X-Forwarded-For is trusted only when the operator says how many proxies append to it
# (deploy/shoal.env and the nginx recipe set TRUSTED_PROXY_COUNT=1). By default, as in the
# recipe where gunicorn faces the visitors, the header is ignored: anyone could forge it to
# escape sign-in throttling.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers probe the app directly over plain HTTP: answer them, do not redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# whitenoise serves the fingerprinted, compressed static files straight after security.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]

STORAGES = {
    "default": media_storage(env),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Local memory is per process: each gunicorn worker would keep its own content generation and
# go on serving a page that another worker (or the task worker, or cron) has just changed.
# So whole pages are cached only in a cache every process shares (CACHE_URL=redis://...).
# The same goes for what every page repeats (portal.repeated) and for sessions read through
# the cache: a session signed out in one worker must not live on in another's memory.
if CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache")):
    PAGE_CACHE = False
    CONTENT_CACHE = False
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background tasks (emails) are queued in the database and run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env("TASK_BACKEND", default="django_tasks_db.DatabaseBackend")}}
