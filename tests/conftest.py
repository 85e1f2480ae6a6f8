"""Shared fixtures: the site tree, users, and a real chromium driven by Playwright."""

import os
import shutil

import pytest

from tests.csp import assert_no_csp_violations, watch_for_csp_violations
from tests.factories import UserFactory, make_site

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# beside one unless told that this is safe, which it is here: one thread, no async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so limits counted in one never refuse another.

    (Sign-in lockouts live in the database, which each test already starts afresh.)
    """
    from django.core.cache import cache

    from portal import repeated

    cache.clear()
    repeated.forget_local()


@pytest.fixture
def home_page(db):
    return make_site()


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Let every connection object reload the migrations' data after a flush.

    Live-server tests flush the database after each test, and ask Django to reload what the
    migrations made (groups, the moderation workflow) before the next: a serialised
    rollback. Django keeps that data on the connection object that created the test
    database. But while Playwright's event loop runs in the test thread, Django hands the
    test a different connection object (asgiref keeps one per async context), which lacks
    the data, so the reload silently did nothing and the groups were gone. Keeping the data
    on the connection class makes every connection object see it.
    """
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (its own cookies) pointed at the live server.

    The test fails at teardown if any page it opened broke the Content-Security-Policy.
    """
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    csp_violations = watch_for_csp_violations(context)
    tab = context.new_page()
    yield tab
    context.close()
    assert_no_csp_violations(csp_violations)


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}"


@pytest.fixture
def new_tab(browser, live_server):
    """Open another tab with its own cookies: a second person at another computer.

    Like ``page``, it fails the test at teardown on any Content-Security-Policy violation.
    """
    contexts = []
    csp_violations = []

    def open_tab():
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(10_000)
        contexts.append(context)
        csp_violations.append(watch_for_csp_violations(context))
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()
    assert_no_csp_violations([violation for tab in csp_violations for violation in tab])


def pytest_collection_modifyitems(items):
    """A test that empties the database after itself (transaction=True) must put back what
    the migrations made (serialized_rollback=True), or every later test would start without
    the groups and the moderation workflow."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: a django_db(transaction=True) test needs serialized_rollback=True"
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put back what the migrations made straight after a transactional test empties the
    database, not only when the next transactional test starts.

    Django reloads the serialised data at the start of a ``serialized_rollback`` test and
    empties the database at its end, which is safe only when every plain test runs before
    every transactional one (as in one process, where pytest-django orders them so). With
    ``make test``'s two processes (pytest-xdist gives each whole files), a plain test file
    can come after a browser test file in the same process, and would find no site, no
    content types and no groups.
    """
    yield
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    if nextitem is None:
        # The last test of the process: the test database has just been torn down with the
        # session's fixtures, and no test is left to need its data.
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
