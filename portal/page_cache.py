"""Whole pages cached for anonymous visitors, keyed on the content generation.

Why not Django's own cache middleware: its key prefix is fixed when the server starts (we need
``portal.caching.generation()`` in every key, so that a publish empties the cache at once), it
would hand everyone the Content-Security-Policy nonce of the first visitor, and it keys on the
whole ``Cookie`` header, so a visitor who once saw a form (and so carries a CSRF cookie) would
never be served from the cache.

The rules, in one place:

- Only ``GET`` requests that carry no session cookie, no messages cookie and no
  ``Authorization`` header are served from the cache or stored: a signed-in person (or anyone
  with a session) always gets a page made for them. Paths under ``PAGE_CACHE_EXCLUDED_PATHS``
  (the admin, accounts, the members' area, documents, media) never are.
- Only a 200 response that sets no cookie, is not streamed, says nothing against caching in
  its own ``Cache-Control`` and varies on nothing but ``Cookie`` is stored. A form renders a
  CSRF token, which sets the CSRF cookie, so pages with forms are never stored and every
  visitor gets a working token.
- The key holds the generation read when the request arrived, the scheme, the host and the
  full path with its query string. Any visible change moves the generation on, so the next
  request misses and stores the fresh page; older entries expire after ``PAGE_CACHE_SECONDS``,
  which also bounds how late time-dependent wording ("This event has ended") can be.
- Content-Security-Policy nonces: the stored copy keeps the random nonce it was rendered with
  as its marker, and every hit swaps each occurrence of it, in the headers and the body, for a
  fresh random nonce. No two visitors share a nonce, as if each page were rendered afresh.
- Browsers and proxies are told ``Cache-Control: max-age=0, must-revalidate, private`` and
  ``Vary: Cookie``: each response carries its own nonce, so no shared cache (a CDN, nginx) may
  keep one copy for everyone, and a browser asks again each time, so nobody sees a page from
  before a publish. The server-side cache does the sharing.

``PAGE_CACHE`` (the ``PAGE_CACHE`` environment variable, ``off`` to disable) switches the
cache; the headers are sent either way. A hit or a stored miss says so in ``X-Page-Cache``.
"""

import base64
import hashlib
import os
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers

from portal import caching

BROWSER_CACHE_CONTROL = "max-age=0, must-revalidate, private"
STATUS_HEADER = "X-Page-Cache"
# Headers that describe one response, not the page: never stored, recomputed on each hit.
_NOT_STORED = {"content-length", "date", "set-cookie", STATUS_HEADER.lower()}
_ALLOWED_VARY = {"cookie", "accept-encoding"}
_REFUSING_DIRECTIVES = {"private", "no-store", "no-cache"}


def no_page_cache(view):
    """Mark a view whose answer must never be stored, even for anonymous visitors."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        response.page_cache_exempt = True
        return response

    return wrapper


def enabled():
    return bool(getattr(settings, "PAGE_CACHE", False))


def _cookie_names():
    return (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGES_COOKIE_NAME", "messages"))


def is_cacheable_request(request):
    """Whether this request may be answered from, and stored in, the shared page cache."""
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    if any(name in request.COOKIES for name in _cookie_names()):
        return False
    excluded = getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", ())
    return not request.path_info.startswith(tuple(excluded))


def is_storable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(response, "page_cache_exempt", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
        if part.strip()
    }
    if directives & _REFUSING_DIRECTIVES:
        return False
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", ""))}
    return vary - {""} <= _ALLOWED_VARY


def cache_key(request, generation):
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    address = f"{request.scheme}://{host}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"shoal:page:{generation}:{digest}"


def new_nonce():
    # The same form as django-csp's own nonces.
    return base64.b64encode(os.urandom(16)).decode("ascii")


def _swap_nonce(entry):
    """The stored page, with its marker nonce replaced by a fresh one everywhere."""
    old = entry["nonce"]
    body, headers = entry["body"], entry["headers"]
    if old:
        new = new_nonce()
        body = body.replace(old.encode("ascii"), new.encode("ascii"))
        headers = [(name, value.replace(old, new)) for name, value in headers]
    response = HttpResponse(body, status=200)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(body))
    response[STATUS_HEADER] = "hit"
    return response


def _add_browser_headers(response):
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = BROWSER_CACHE_CONTROL
    patch_vary_headers(response, ["Cookie"])


class PageCacheMiddleware:
    """Serve and store anonymous pages; put it straight after SecurityMiddleware (and
    whitenoise), before the Content-Security-Policy middleware, so that a hit skips all
    the rest and the stored headers already hold the policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = None
        if enabled() and is_cacheable_request(request):
            key = cache_key(request, caching.generation())
            entry = cache.get(key) if key else None
            if entry is not None:
                return _swap_nonce(entry)
        response = self.get_response(request)
        # Judged on what the view said, before the browser headers below are added.
        storable = key is not None and is_storable_response(request, response)
        if request.method in {"GET", "HEAD"}:
            _add_browser_headers(response)
        if storable:
            self._store(key, request, response)
            response[STATUS_HEADER] = "miss"
        return response

    @staticmethod
    def _store(key, request, response):
        nonce = getattr(request, "_csp_nonce", None)
        entry = {
            "body": response.content,
            "headers": [
                (name, value) for name, value in response.items() if name.lower() not in _NOT_STORED
            ],
            "nonce": nonce if isinstance(nonce, str) else None,
        }
        cache.set(key, entry, timeout=getattr(settings, "PAGE_CACHE_SECONDS", 300))


def _setting_changed(**_ignored):
    # Only the immediate move: no transaction is involved, and a test without the database
    # must not be made to open it.
    caching._bump()


def connect():
    """In tests, a changed setting (the site's address, a feature switch) can change every
    page, as a deployment would: move the generation on then too."""
    from django.test.signals import setting_changed

    setting_changed.connect(_setting_changed, dispatch_uid="shoal-page-cache-settings")
