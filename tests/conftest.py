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

    cache.clear()


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


@pytest.fixture
def _migrations_data(transactional_db):
    """Make sure a live-server test starts with what the migrations made.

    Live-server tests flush the database after each test and ask Django to reload the
    migrations' data (groups, the moderation workflow) before the next: a serialized
    rollback. Late in a full run that reload has been seen to leave the groups out, so when
    they are missing, run the project's data migrations again (they are idempotent).
    """
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name="Communications").exists():
        make_site()  # the groups' page permissions hang on the root page
        rerun_data_migrations()


# The migrations that make groups and the moderation workflow (they are idempotent).
GROUP_MIGRATIONS = [
    ("home", "0004_editorial_groups"),
    ("home", "0007_survey_managers"),
    ("consortium", "0007_staff"),
]


def rerun_data_migrations():
    """Run the group-making migrations' RunPython steps again, in order."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.operations import RunPython

    executor = MigrationExecutor(connection)
    state_apps = executor.loader.project_state().apps
    with connection.schema_editor(atomic=False) as schema_editor:
        for key in GROUP_MIGRATIONS:
            for operation in executor.loader.graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(state_apps, schema_editor)


@pytest.fixture
def page(browser, live_server, _migrations_data):
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
    """Only browser tests may empty the database between tests (transaction=True).

    pytest-django runs every transactional test after the others; a non-browser one among them
    empties the tables, and the live server of the browser tests that follow then starts
    without the groups and workflow the migrations made (their serialized copy is not put
    back for it). So a plain test that needs real commits must say so here first.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and marker.kwargs.get("transaction")
        if transactional and item.get_closest_marker("browser") is None:
            raise pytest.UsageError(
                f"{item.nodeid}: only browser tests may use django_db(transaction=True)"
            )
