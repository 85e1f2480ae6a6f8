"""One number that says how fresh the site's cached content is.

Everything cached from the site's content (whole anonymous pages, menu and footer fragments,
settings) puts ``generation()`` in its cache key. Any change to content anyone might see
(publishing, unpublishing, moving or deleting a page; saving or deleting a snippet, a setting,
an organisation, a listing, an opportunity...) calls ``invalidate()``, which moves the number
on, so every older entry stops being used at once and expires on its own. The number lives in
the default cache, so with a shared cache (Redis, ``CACHE_URL``) every process sees the change.

The receivers are connected in ``portal.apps`` (see ``connect``).
"""

import time

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

KEY = "shoal:content-generation"

# Saving these never changes what an anonymous visitor sees, so it does not empty the caches:
# search hit counts, sessions, queued tasks, sign-in records, history rows, and the private
# working parts of bids, listings and the documents vault.
QUIET_APPS = {
    "sessions",
    "django_tasks_database",
    "axes",
    "wagtailsearchpromotions",
    "wagtailsearch",
    "admin",
    "contenttypes",
}
QUIET_MODELS = {
    "consortium.bidsection",
    "consortium.budgetline",
    "consortium.partnerstatement",
    "consortium.sectioncomment",
    "consortium.sectionpresence",
    "consortium.signoff",
    "consortium.watch",
    "consortium.listingreport",
    "consortium.organisationdocument",
    # A resized copy of an image, made the first time a page shows it: the page is unchanged.
    "wagtailimages.rendition",
}


# Saves of only these fields change nothing anyone else sees. Signing in records the time on
# the user (Django's ``update_last_login``): that save emptied every cache at each sign-in.
QUIET_FIELDS = {settings.AUTH_USER_MODEL.lower(): {"last_login"}}


def enabled():
    """Whether content is cached at all (``CONTENT_CACHE``).

    Production turns it off when the cache is local memory: each process would keep its own
    number and go on serving what another process has just changed.
    """
    return settings.CONTENT_CACHE


# Within one request the number is read from the cache once (a request asks for it for the
# page cache, the site, the settings, the menu, the breadcrumbs...): ``begin_request`` and
# ``end_request`` run on Django's request_started and request_finished signals.
_request = Local()


def generation():
    value = getattr(_request, "generation", None)
    if value is not None:
        return value
    value = cache.get(KEY)
    if value is None:
        # Start from the clock, so that a restarted local-memory cache never reuses a number.
        cache.add(KEY, int(time.time() * 1000), timeout=None)
        value = cache.get(KEY)
    if getattr(_request, "active", False):
        _request.generation = value
    return value


def begin_request(**_ignored):
    _request.active = True
    _request.generation = None


def end_request(**_ignored):
    _request.active = False
    _request.generation = None


def invalidate(**_ignored):
    """Move the number on now, and again when the transaction commits.

    The second move stops a request that ran between the first and the commit from caching
    what it read before the change was visible.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump():
    _request.generation = None  # this request's later reads see the new number
    if not enabled():
        return
    try:
        cache.incr(KEY)
    except ValueError:  # not set yet (or evicted)
        generation()
        cache.incr(KEY)


def _is_quiet(model):
    meta = model._meta
    if meta.app_label in QUIET_APPS or meta.label_lower in QUIET_MODELS:
        return True
    # django-simple-history's rows record changes; the change itself already invalidated.
    return meta.model_name.startswith("historical")


def _only_quiet_fields(model, update_fields):
    quiet = QUIET_FIELDS.get(model._meta.label_lower)
    return bool(quiet and update_fields and set(update_fields) <= quiet)


def _on_save_or_delete(sender, **kwargs):
    if kwargs.get("raw") or _is_quiet(sender):
        return
    if _only_quiet_fields(sender, kwargs.get("update_fields")):
        return
    invalidate()


def connect():
    """Any saved or deleted content, and Wagtail's page events, move the number on."""
    from django.core.signals import request_finished, request_started
    from wagtail.signals import page_published, page_unpublished, post_page_move

    request_started.connect(begin_request, dispatch_uid="shoal-generation-begin")
    request_finished.connect(end_request, dispatch_uid="shoal-generation-end")

    post_save.connect(_on_save_or_delete, dispatch_uid="shoal-cache-save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="shoal-cache-delete")
    page_published.connect(invalidate, dispatch_uid="shoal-cache-publish")
    page_unpublished.connect(invalidate, dispatch_uid="shoal-cache-unpublish")
    post_page_move.connect(invalidate, dispatch_uid="shoal-cache-move")
