"""When the database fails: visitors get a plain 503 page (no stack trace), /healthz/ stays
200 and /readyz/ answers 503; when the database comes back the site recovers by itself. On
SQLite a missing database file is an error, never a new empty database.

The PostgreSQL story runs gunicorn under production settings over a throwaway PostgreSQL
server that the test stops and starts again (tests/platform/throwaway_postgres.py; Debian's
PostgreSQL is installed when missing, so it never skips). Operators' guide:
docs/operators/failures.md."""

import http.client
import sqlite3
import subprocess
import sys
import time
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client

from tests.platform.deployment import (
    PUBLIC_HOST,
    ROOT,
    _manage,
    _production_environment,
    _succeeded,
)
from tests.platform.test_valid_html import validate
from tests.platform.throwaway_postgres import postgresql_server
from tests.servers import free_port

UNAVAILABLE = "Sorry, the service is unavailable"

# Production settings, except that static files need no collectstatic (the pages link
# /static/... without a manifest): the settings module is written to the test's folder.
PRODUCTION_WITHOUT_COLLECTSTATIC = """\
from portal.settings.production import *  # noqa: F403
from portal.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""


def production_environment(folder, database_url):
    (folder / "failure_settings.py").write_text(PRODUCTION_WITHOUT_COLLECTSTATIC)
    return _production_environment(
        DJANGO_SETTINGS_MODULE="failure_settings",
        PYTHONPATH=str(folder),
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(folder / "media"),
    )


# -- The 503 page, in this process -----------------------------------------------------------


def refused():
    return mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("connection refused")
    )


@pytest.mark.django_db
def test_a_visitor_gets_a_plain_503_page_while_the_database_refuses(home_page, tmp_path):
    visitor = Client(raise_request_exception=False)
    with refused():
        response = visitor.get("/")
    assert response.status_code == 503
    page = response.content.decode()
    assert UNAVAILABLE in page
    assert "Nothing you had already saved has been lost" in page
    assert "connection refused" not in page and "Traceback" not in page
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    (tmp_path / "503.html").write_bytes(response.content)
    assert validate(tmp_path) == ""
    # The same page when the database fails in the members' area, for a form sent.
    with refused():
        response = visitor.post("/accounts/login/", {"login": "sam", "password": "x"})
    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()


@pytest.mark.django_db
def test_any_other_error_still_gives_the_500_page(home_page, monkeypatch):
    monkeypatch.setattr("portal.views.HttpResponse", mock.Mock(side_effect=ValueError("a bug")))
    response = Client(raise_request_exception=False).get("/robots.txt")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


# -- SQLite: a missing file is an error ------------------------------------------------------

PROBE = f"""
from django.test import Client
visitor = Client(raise_request_exception=False)
for path in ["/readyz/", "/healthz/", "/"]:
    response = visitor.get(path, secure=True, headers={{"host": "{PUBLIC_HOST}"}})
    print(path, response.status_code, "unavailable" if b"{UNAVAILABLE}" in response.content else "")
"""


def probe(env):
    result = _succeeded(_manage("shell", "-v0", "-c", PROBE, env=env, timeout=120))
    return result.stdout.strip().splitlines()[-3:]


def test_a_missing_sqlite_file_is_an_error_and_only_migrate_makes_a_new_one(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = production_environment(tmp_path, f"sqlite:///{database}")

    assert probe(env) == ["/readyz/ 503 ", "/healthz/ 200 ", "/ 503 unavailable"]
    assert not database.exists(), "a request made a new, empty database"

    # On purpose: migrating makes the file (one app is enough to show it).
    _succeeded(_manage("migrate", "contenttypes", "--noinput", "-v0", env=env))
    assert database.exists()
    assert probe(env)[0] == "/readyz/ 200 "


def test_an_empty_sqlite_file_that_was_never_migrated_is_not_ready(tmp_path):
    database = tmp_path / "db.sqlite3"
    sqlite3.connect(database).close()
    env = production_environment(tmp_path, f"sqlite:///{database}")

    assert probe(env)[:2] == ["/readyz/ 503 ", "/healthz/ 200 "]


# -- PostgreSQL stopped and started under gunicorn ---------------------------------------------


def get(port, path):
    """GET through gunicorn, as the TLS-terminating proxy would forward it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode(errors="replace")
    finally:
        connection.close()


@pytest.fixture(scope="module")
def postgresql():
    with postgresql_server() as server:
        yield server


@pytest.fixture(scope="module")
def portal_on_postgresql(postgresql, tmp_path_factory):
    """gunicorn (one worker, production settings) over the migrated throwaway database."""
    folder = tmp_path_factory.mktemp("portal-on-postgresql")
    env = production_environment(folder, postgresql.url)
    _succeeded(_manage("migrate", "--noinput", "-v0", env=env, timeout=900))
    _succeeded(_manage("configure_site", env=env))
    port = free_port()
    log_path = folder / "gunicorn.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--no-control-socket"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                if server.poll() is not None:
                    pytest.fail(f"gunicorn stopped: {log_path.read_text()}")
                try:
                    if get(port, "/healthz/")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer: {log_path.read_text()}")
                time.sleep(0.2)
            yield port, server, log_path
        finally:
            server.terminate()
            server.wait(timeout=20)


@pytest.mark.postgresql
@pytest.mark.deployment
def test_while_postgresql_is_down_visitors_get_a_503_page_and_the_site_recovers_when_it_is_back(
    postgresql, portal_on_postgresql
):
    port, gunicorn, log_path = portal_on_postgresql
    assert get(port, "/")[0] == 200
    assert get(port, "/readyz/")[0] == 200

    postgresql.stop()
    status, headers, page = get(port, "/")
    assert status == 503, page[:2000]
    assert UNAVAILABLE in page
    assert "Traceback" not in page and "psycopg" not in page and "127.0.0.1" not in page
    assert dict(headers)["Retry-After"] == "30"
    assert get(port, "/accounts/login/")[0] == 503
    assert get(port, "/healthz/")[0] == 200
    assert get(port, "/readyz/")[0] == 503
    assert "Service Unavailable: /" in log_path.read_text()  # logged for the operator

    postgresql.start()
    # The same gunicorn worker, not restarted, serves again at the first request.
    assert get(port, "/readyz/")[0] == 200
    status, _, page = get(port, "/")
    assert status == 200, page[:2000]
    assert get(port, "/accounts/login/")[0] == 200
    assert gunicorn.poll() is None
