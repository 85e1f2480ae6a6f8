"""What every page repeats, read once and cached until the site's content changes.

The site for a hostname (with its home page), the site settings, the main menu and each
page's breadcrumbs are the same on every request until an editor changes something. They are
kept in the default cache under keys that include ``portal.caching.generation()``, so any
publish, move, unpublish, delete or settings save makes the next request read them afresh.
Only data that is the same for every visitor is kept here: whatever differs per person or per
request (who is signed in, CSRF tokens, the current page's marker in the menu) is added after
reading it.
"""

import hashlib
import threading
from collections import OrderedDict

from django.core.cache import cache
from django.core.exceptions import DisallowedHost, EmptyResultSet
from django.db import connection
from django.http.request import split_domain_port
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from portal import caching

# Long enough to matter; a change of generation makes an entry unused long before that.
TIMEOUT = 60 * 60 * 24


def remember(name, *parts, compute, timeout=TIMEOUT, local=False):
    """The cached value of ``compute()`` for ``name`` and ``parts`` in this content generation.

    ``None`` is cached too (as a marker), so a missing thing is not looked up every time.
    With ``local``, the value is also kept in this process, under the same key (with the
    generation) and shared by its requests, which must only read it. Reading the site, its
    settings and its menu from the shared cache (a round trip and unpickling each) cost about
    2 ms of every page.
    """
    if not caching.enabled():
        return compute()
    key = ":".join(["shoal", name, str(caching.generation()), *map(str, parts)])
    if local:
        with _local_lock:
            found = _local.get(key, _MISSING)
            if found is not _MISSING:
                _local.move_to_end(key)
                return found
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(key, found, timeout)
    if local:
        with _local_lock:
            _local[key] = found
            while len(_local) > MAX_LOCAL:
                _local.popitem(last=False)
    return found


_MISSING = object()
# What ``remember(local=True)`` keeps in this process: the most recently used entries. Keys
# of an older generation are never asked again and are the first to go.
MAX_LOCAL = 512
_local = OrderedDict()
_local_lock = threading.Lock()


def forget_local():
    """Drop what this process keeps (for tests, whose cache is emptied between them and
    whose generation numbers may then repeat)."""
    with _local_lock:
        _local.clear()


# A query's answer is kept briefly; a change of generation retires it long before.
QUERY_TIMEOUT = 10 * 60


def sql_of(queryset):
    """The SQL and parameters of ``queryset``: what decides which rows it gives."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return "empty"
    return sql, tuple(params)


def digest(parts):
    """A short, stable key for ``parts`` (anything with a faithful ``repr``) on this database."""
    return hashlib.sha256(repr((connection.vendor, parts)).encode()).hexdigest()


def remember_query(name, queryset, compute, prefix="query"):
    """``compute()`` for a Django queryset (or ``None``: not kept), kept under its SQL: two
    callers share an answer only when the database would be asked exactly the same question
    (permission filters are part of that SQL)."""
    if queryset is None:
        return compute()
    key = sql_of(queryset)
    if key == "empty":  # Django knows the answer is empty without asking the database
        return compute()
    return remember(f"{prefix}-{name}", digest(key), compute=compute, timeout=QUERY_TIMEOUT)


def remember_for_the_hour(request, name, *parts, compute):
    """``remember`` for a response that is the same for everyone at one address but moves
    with the clock (what is upcoming, what is still open): kept per scheme, host and hour.
    """
    from django.utils import timezone

    hour = timezone.now().strftime("%Y%m%d%H")
    return remember(name, request.scheme, request.get_host(), hour, *parts, compute=compute)


def find_site(request):
    """The Wagtail site serving this request, with its home page (as its own page type)."""
    hostname = split_domain_port(request.get_host())[0]  # refuses a host not allowed
    port = request.get_port()

    def compute():
        site = Site._find_for_request(request)
        if site is not None:
            # Loaded now so that it travels with the cached site: routing starts from it.
            site.root_page.specific  # noqa: B018
        return site

    return remember("site", hostname, port, compute=compute, local=True)


class CachedSiteMiddleware:
    """Finds the request's Wagtail site in the cache instead of the database.

    Lazily: a request that never asks for the site (``/healthz/``, a redirect) costs nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = SimpleLazyObject(lambda: _site_or_none(request))
        return self.get_response(request)


def _site_or_none(request):
    try:
        return find_site(request)
    except DisallowedHost:  # Django answers 400 for such a request; no site for it here
        return None


def public(pages):
    """``pages.public()``, with the private sections of the site read once per generation.

    Wagtail's ``public()`` reads every page view restriction each time it is called, and a
    page may call it several times (latest news, events, sections); the restrictions change
    only when an editor changes them, which moves the content generation on.
    """
    from wagtail.models import Page

    private = remember("private-pages", compute=lambda: Page.objects.all().private_q(), local=True)
    return pages.exclude(private)


def child_page(parent, slug):
    """The child of ``parent`` with this slug, as its own page type, or None.

    Kept in the cache once found, so that serving a page deep in the tree does not read each
    page on the way down (two queries a level). A slug that matches nothing is not cached,
    so that made-up addresses cannot fill the cache.
    """
    if not caching.enabled():
        return parent.get_children().filter(slug=slug).specific().first()
    key = ":".join(["shoal", "child", str(caching.generation()), str(parent.pk), slug])
    page = cache.get(key)
    if page is None:
        page = parent.get_children().filter(slug=slug).specific().first()
        if page is not None:
            cache.set(key, page, TIMEOUT)
    return page
