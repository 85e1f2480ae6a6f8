"""Deploying Shoal as the README says: the production recipe, run for real.

The tests marked ``deployment`` run the production recipe for real (collectstatic under
production settings, then gunicorn on a free 127.0.0.1 port); they are part of
``make test``. One collectstatic and one server serve the whole module.

(Production settings, media served by the application, health probes and the site's
public address, without a server: test_deployment_settings.py.)
"""

import http.client
import re
import socket
import subprocess
import sys
import time
import urllib.parse

import pytest

from tests.platform.deployment import (
    PUBLIC_HOST,
    PUBLIC_URL,
    ROOT,
    _manage,
    _production_environment,
    _succeeded,
)
from tests.servers import redis_server

# Security headers every production page carries, one line each; the Content-Security-Policy
# and Permissions-Policy are checked in the test below.
PAGE_SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


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


def _get(port, path, *, https=True, host=PUBLIC_HOST, headers=None, method="GET", body=None):
    """GET through the real server, as a TLS-terminating proxy would forward it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sent = {"Host": host, **(headers or {})}
    if https:
        sent["X-Forwarded-Proto"] = "https"
    try:
        connection.request(method, path, body=body, headers=sent)
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
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
member = get_user_model().objects.create_user("guarded", "guarded@example.org", "right-pass-8271")
EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
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


def _sign_in(port, password, forged_address):
    """POST the sign-in form straight to gunicorn, as the recipe runs it, with a forged
    X-Forwarded-For: the recipe has no proxy in front, so the visitor writes that header."""
    page = _get(port, "/accounts/login/")
    cookie = re.search(r"csrftoken=([^;]+)", page.headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": "guarded", "password": password}
    )
    return _get(
        port,
        "/accounts/login/",
        method="POST",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Origin": PUBLIC_URL,
            "Referer": f"{PUBLIC_URL}/accounts/login/",
            "X-Forwarded-For": forged_address,
        },
    )


@pytest.mark.deployment
def test_production_recipe_cannot_be_out_guessed_by_forged_forwarded_addresses(production_server):
    answers = [_sign_in(production_server, "wrong", f"192.0.2.{n}").status for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]

    right = _sign_in(production_server, "right-pass-8271", "198.51.100.77")

    assert right.status == 429
    assert "Too many attempts to sign in" in right.text
    assert "sessionid" not in right.headers.get("Set-Cookie", "")
