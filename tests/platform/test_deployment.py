"""Deploying Shoal as the README says: static files, uploaded media, required settings,
health probes and the site's public address.

The tests marked ``deployment`` run the production recipe for real (collectstatic under
production settings, then gunicorn on a free 127.0.0.1 port); they are part of
``make test``. One collectstatic and one server serve the whole module.
"""

import http.client
import io
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock
from xml.etree import ElementTree

import pytest
from django.core.management import CommandError, call_command
from django.core.management.utils import get_random_secret_key
from django.db import OperationalError, connections

from tests.servers import redis_server

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_URL = "https://portal.example.org"
PUBLIC_HOST = "portal.example.org"

# Security headers every production page carries, one line each; the Content-Security-Policy
# and Permissions-Policy are checked in the test below.
PAGE_SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def _environment(**extra):
    """This process's environment without test-only or deployment variables, plus ``extra``."""
    drop = {
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "MEDIA_ROOT",
        "STATIC_ROOT",
        "SERVE_MEDIA",
        "WAGTAILADMIN_BASE_URL",
        "SITE_URL",  # make exports it
    }
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def _production_environment(**extra):
    production = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": get_random_secret_key(),
        "ALLOWED_HOSTS": f"{PUBLIC_HOST},127.0.0.1",
        "WAGTAILADMIN_BASE_URL": PUBLIC_URL,
    }
    return _environment(**{**production, **extra})


def _manage(*args, env, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _succeeded(result):
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


# -- The production recipe, for real -------------------------------------------------------


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """STATIC_ROOT after the README's `collectstatic` under production settings."""
    static_root = tmp_path_factory.mktemp("static_root")
    _succeeded(
        _manage(
            "collectstatic",
            "--noinput",
            env=_production_environment(STATIC_ROOT=str(static_root)),
        )
    )
    return static_root


@pytest.mark.deployment
@pytest.mark.django_db
def test_production_collectstatic_finishes_and_the_home_page_links_its_fingerprinted_files(
    collected_static, client, home_page, settings
):
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    response = client.get("/")
    assert response.status_code == 200
    stylesheet = re.search(r'href="/static/(shoal/shoal\.[0-9a-f]{12}\.css)"', response.text)
    assert stylesheet, "the home page does not link the fingerprinted stylesheet"
    css = (collected_static / stylesheet.group(1)).read_text()
    # Every file the stylesheet refers to was collected (whitenoise rewrote each url()).
    urls = re.findall(r"url\(\"?([^\")]+)\"?\)", css)
    assert urls
    for url in urls:
        assert url.startswith("/static/"), url
        assert (collected_static / url.removeprefix("/static/")).is_file(), url


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Answer:
    def __init__(self, response, body):
        self.status = response.status
        self.headers = response.headers
        self.body = body
        self.text = body.decode("utf-8", errors="replace")


def _get(port, path, *, https=True, host=PUBLIC_HOST, headers=None):
    """GET through the real server, as a TLS-terminating proxy would forward it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sent = {"Host": host, **(headers or {})}
    if https:
        sent["X-Forwarded-Proto"] = "https"
    try:
        connection.request("GET", path, headers=sent)
        response = connection.getresponse()
        return Answer(response, response.read())
    finally:
        connection.close()


MAKE_HOME_PAGE_IMAGE = """
from wagtail.models import Site
from home.demo.images import demo_image
home = Site.objects.get(is_default_site=True).root_page.specific
home.social_image = demo_image("A shoal of fish", seed=1)
home.save_revision().publish()
"""


@pytest.fixture(scope="module")
def production_redis():
    """The recipe's shared cache (CACHE_URL=redis://...): a throwaway redis-server."""
    with redis_server() as url:
        yield url


@pytest.fixture(scope="module")
def production_server(collected_static, production_redis, tmp_path_factory):
    """gunicorn serving the production settings over a migrated temporary SQLite database and
    Redis, with an uploaded image in a temporary MEDIA_ROOT."""
    tmp = tmp_path_factory.mktemp("production")
    env = _production_environment(
        STATIC_ROOT=str(collected_static),
        MEDIA_ROOT=str(tmp / "media"),
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        CACHE_URL=production_redis,
    )
    _succeeded(_manage("migrate", "--noinput", "-v0", env=env))
    _succeeded(_manage("configure_site", env=env))
    _succeeded(_manage("shell", "-c", MAKE_HOME_PAGE_IMAGE, env=env))
    # An original document, which only /documents/<id>/ may serve (collection privacy).
    (tmp / "media" / "documents").mkdir(parents=True)
    (tmp / "media" / "documents" / "minutes.txt").write_text("private minutes")

    port = _free_port()
    log = (tmp / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            # Several servers may run at once (CI, make bench): share no control socket.
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"gunicorn stopped: {(tmp / 'gunicorn.log').read_text()}")
            try:
                if _get(port, "/healthz/").status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer: {(tmp / 'gunicorn.log').read_text()}")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def home(production_server):
    answer = _get(production_server, "/")
    assert answer.status == 200, answer.text[:2000]
    return answer


@pytest.mark.deployment
def test_production_server_serves_the_home_page_with_security_headers(home):
    assert "<h1" in home.text
    for header, value in PAGE_SECURITY_HEADERS.items():
        assert home.headers.get(header) == value, header
    policy = home.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in script_src
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    assert f'<script nonce="{nonce}">' in home.text
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in home.headers["Permissions-Policy"]


@pytest.mark.deployment
def test_production_server_caches_the_home_page_in_redis_with_a_new_nonce_each_time(
    production_server, home
):
    answers = [_get(production_server, "/") for _ in range(3)]
    assert answers[-1].headers["X-Page-Cache"] == "hit"
    nonces = set()
    for answer in answers:
        assert answer.headers["Cache-Control"] == "max-age=0, must-revalidate, private"
        assert answer.headers["Strict-Transport-Security"]  # added on hits too
        nonce = re.search(r"'nonce-([^']+)'", answer.headers["Content-Security-Policy"])
        assert f'<script nonce="{nonce.group(1)}">' in answer.text
        nonces.add(nonce.group(1))
    assert len(nonces) == 3


@pytest.mark.deployment
def test_production_server_serves_the_stylesheet_and_what_it_refers_to(production_server, home):
    href = re.search(r'<link rel="stylesheet" href="(/static/[^"]+\.css)"', home.text).group(1)
    stylesheet = _get(production_server, href)
    assert stylesheet.status == 200
    assert stylesheet.headers["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in stylesheet.headers["Cache-Control"]  # fingerprinted: forever
    assert stylesheet.headers["X-Content-Type-Options"] == "nosniff"
    for url in set(re.findall(r"url\(\"?(/static/[^\")]+)\"?\)", stylesheet.text)):
        assert _get(production_server, url).status == 200, url


@pytest.mark.deployment
def test_production_server_serves_uploaded_images(production_server, home):
    og_image = re.search(r'property="og:image" content="([^"]+)"', home.text).group(1)
    assert og_image.startswith(f"{PUBLIC_URL}/media/images/")
    image = _get(production_server, og_image.removeprefix(PUBLIC_URL))
    assert image.status == 200
    assert image.headers["Content-Type"] == "image/png"
    assert image.body.startswith(b"\x89PNG")
    assert image.headers["Cache-Control"] == "public, max-age=86400"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert image.headers["Strict-Transport-Security"]


@pytest.mark.deployment
@pytest.mark.parametrize(
    "path",
    [
        "/media/",  # no directory listings
        "/media/images/",
        "/media/original_images/../../db.sqlite3",
        "/media/documents/minutes.txt",  # documents go through /documents/<id>/ only
        "/media/images/missing.png",
    ],
)
def test_production_server_serves_nothing_else_under_media(production_server, path):
    answer = _get(production_server, path)
    assert answer.status in {400, 404}  # a path that climbs out of MEDIA_ROOT is a 400
    assert "private minutes" not in answer.text
    assert "SQLite format" not in answer.text


@pytest.mark.deployment
def test_production_links_use_the_configured_public_address(production_server, home):
    assert f'<link rel="canonical" href="{PUBLIC_URL}/">' in home.text
    assert f'<meta property="og:url" content="{PUBLIC_URL}/">' in home.text
    sitemap = _get(production_server, "/sitemap.xml")
    assert f"<loc>{PUBLIC_URL}/</loc>" in sitemap.text


@pytest.mark.deployment
def test_production_server_redirects_plain_http_but_answers_probes(production_server):
    redirect = _get(production_server, "/", https=False)
    assert redirect.status == 301
    assert redirect.headers["Location"] == f"{PUBLIC_URL}/"
    # Load balancers probe the app directly over plain HTTP, often by its IP address.
    for probe in ("/healthz/", "/readyz/"):
        assert _get(production_server, probe, https=False, host="127.0.0.1").status == 200


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
    env = _production_environment(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **extra)
    result = _succeeded(_manage("shell", "-c", KEEPS_ITS_CONNECTION, env=env, timeout=120))
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
