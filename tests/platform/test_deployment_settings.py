"""Deploying Shoal as the README says: the production settings it requires, uploaded media
served by the application, health probes and the site's public address.

(The production recipe run for real, collectstatic then gunicorn: test_deployment.py.)
"""

import io
import re
import sqlite3
from unittest import mock
from xml.etree import ElementTree

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connections

from tests.platform.deployment import (
    PUBLIC_URL,
    ROOT,
    _environment,
    _manage,
    _production_environment,
    _succeeded,
)

# -- Production settings --------------------------------------------------------------------


def test_production_settings_refuse_to_start_without_the_public_address():
    env = _production_environment()
    del env["WAGTAILADMIN_BASE_URL"]
    result = _manage("check", env=env, timeout=120)
    assert result.returncode != 0
    assert "Set WAGTAILADMIN_BASE_URL (or SITE_URL) to the site's public address" in result.stderr


def test_production_settings_refuse_an_address_that_is_not_a_url():
    result = _manage(
        "check", env=_production_environment(WAGTAILADMIN_BASE_URL="portal.example.org")
    )
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL must be the site's public address" in result.stderr


def test_production_settings_take_the_public_address_from_SITE_URL_too():
    env = _production_environment(SITE_URL=PUBLIC_URL)
    del env["WAGTAILADMIN_BASE_URL"]
    code = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    result = _manage("shell", "-v0", "-c", code, env=env, timeout=120)
    assert _succeeded(result).stdout.split()[-1] == PUBLIC_URL

    result = _manage("check", env={**env, "SITE_URL": "portal.example.org"}, timeout=120)
    assert result.returncode != 0
    assert "SITE_URL must be the site's public address" in result.stderr


KEEPS_ITS_CONNECTION = """
from django.core.signals import request_finished, request_started
from django.db import connection
request_started.send(None)
connection.ensure_connection()
first = connection.connection
request_finished.send(None)
request_started.send(None)
connection.ensure_connection()
print("same connection" if connection.connection is first else "new connection")
"""


@pytest.mark.parametrize(
    "extra, expected",
    [({}, "same connection"), ({"CONN_MAX_AGE": "0"}, "new connection")],
    ids=["by-default", "conn-max-age-0"],
)
def test_production_workers_keep_their_database_connection_between_requests(
    tmp_path, extra, expected
):
    database = tmp_path / "db.sqlite3"
    sqlite3.connect(database).close()  # a missing file is an error (portal.databases.sqlite3)
    env = _production_environment(DATABASE_URL=f"sqlite:///{database}", **extra)
    result = _succeeded(_manage("shell", "-c", KEEPS_ITS_CONNECTION, env=env, timeout=120))
    assert result.stdout.strip().splitlines()[-1] == expected


SHOW_STAFF_MFA = "from django.conf import settings; print(settings.STAFF_MFA_REQUIRED)"


@pytest.mark.parametrize(
    "settings_module, extra, expected",
    [
        ("portal.settings.production", {}, "True"),
        ("portal.settings.production", {"STAFF_MFA_REQUIRED": "false"}, "False"),
        ("portal.settings.dev", {}, "False"),
    ],
    ids=["production-by-default", "production-switched-off", "make-run"],
)
def test_production_requires_two_factor_for_staff_and_make_run_does_not(
    settings_module, extra, expected
):
    env = (
        _production_environment(**extra)
        if settings_module.endswith("production")
        else _environment(DJANGO_SETTINGS_MODULE=settings_module, **extra)
    )
    result = _succeeded(_manage("shell", "-v0", "-c", SHOW_STAFF_MFA, env=env, timeout=120))
    assert result.stdout.strip().splitlines()[-1] == expected


# -- Media served by the application --------------------------------------------------------


@pytest.fixture
def uploaded_file(settings):
    (settings.MEDIA_ROOT / "images").mkdir(parents=True, exist_ok=True)
    path = settings.MEDIA_ROOT / "images" / "harbour.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    yield "/media/images/harbour.png"
    path.unlink()


def test_uploaded_files_are_served_when_serve_media_is_on(client, settings, uploaded_file):
    settings.SERVE_MEDIA = True
    response = client.get(uploaded_file)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.has_header("Last-Modified")


@pytest.mark.django_db
def test_uploaded_files_are_left_to_the_web_server_when_serve_media_is_off(
    client, settings, uploaded_file
):
    settings.SERVE_MEDIA = False
    assert client.get(uploaded_file).status_code == 404


# -- Health probes --------------------------------------------------------------------------


@pytest.mark.django_db
def test_readyz_answers_ok_when_the_database_answers(client):
    response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_does_not(client):
    with mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_even_when_the_database_does_not(client):
    with mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz/")
    assert response.status_code == 200


# -- The site's public address --------------------------------------------------------------


def _links(client):
    html = client.get("/").content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    og_url = re.search(r'<meta property="og:url" content="([^"]+)"', html).group(1)
    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = [
        loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    return [canonical, og_url, *locations]


def test_development_settings_default_to_the_address_make_run_serves():
    makefile = (ROOT / "Makefile").read_text()
    host = re.search(r"^HOST \?= (\S+)$", makefile, re.M).group(1)
    port = re.search(r"^PORT \?= (\S+)$", makefile, re.M).group(1)
    result = _manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)",
        env=_environment(DJANGO_SETTINGS_MODULE="portal.settings.dev"),
        timeout=120,
    )
    assert (
        _succeeded(result).stdout.strip().splitlines()[-1]
        == f"http://{host}:{port}"
        == "http://127.0.0.1:8000"
    )


@pytest.mark.django_db
def test_demo_links_point_at_the_address_make_run_serves(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"  # the development default
    call_command("load_demo_content", stdout=io.StringIO())
    links = _links(client)
    assert len(links) > 10  # canonical, og:url and every page in the sitemap
    for link in links:
        assert link.startswith("http://127.0.0.1:8000/"), link


@pytest.mark.django_db
def test_links_follow_another_configured_address(client, home_page, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org"
    call_command("configure_site", stdout=io.StringIO())
    call_command("configure_site", stdout=io.StringIO())  # running it again changes nothing
    assert _links(client) == ["https://portal.example.org/"] * 3

    call_command("configure_site", url="http://shoal.test:8080", stdout=io.StringIO())
    assert _links(client) == ["http://shoal.test:8080/"] * 3


@pytest.mark.django_db
def test_configure_site_refuses_an_address_that_is_not_a_url(home_page):
    with pytest.raises(CommandError, match="not a site address"):
        call_command("configure_site", url="portal.example.org", stdout=io.StringIO())
