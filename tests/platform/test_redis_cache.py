"""Redis as the shared cache (CACHE_URL=redis://...), against a real redis-server.

The server comes from REDIS_URL when set, else the tests start Debian's redis-server (installed
if missing) on a free 127.0.0.1 port and stop it at the end: these tests never skip.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import environ
import pytest
from django.core.cache import caches

from portal import caching
from tests.factories import StandardPageFactory
from tests.servers import redis_server

pytestmark = [pytest.mark.redis, pytest.mark.django_db]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The whole-page cache, as production runs it (the test settings leave it off)."""
    settings.PAGE_CACHE = True


@pytest.fixture(scope="module")
def redis_url():
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    with redis_server() as url:
        yield url


@pytest.fixture
def redis_cache(settings, redis_url):
    """The default cache is Redis, as CACHE_URL=redis://... makes it, under a fresh prefix."""
    config = environ.Env.cache_url_config(redis_url)
    config["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": config}
    yield config
    caches["default"].clear()


def test_cache_url_redis_selects_django_redis(redis_cache):
    assert redis_cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert type(caches["default"]).__module__ == "django_redis.cache"


def test_a_change_made_in_another_process_moves_the_generation_on_here(redis_cache, redis_url):
    before = caching.generation()
    script = (
        "from django.conf import settings; settings.CACHES['default']['KEY_PREFIX'] = "
        f"{redis_cache['KEY_PREFIX']!r}; from portal import caching; caching._bump()"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", script],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "CACHE_URL": redis_url,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert caching.generation() == before + 1


def test_pages_are_cached_in_redis_and_a_publish_empties_them(
    client, redis_cache, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPageFactory(parent=home_page, title="Warm spaces", slug="warm-spaces")
    client.get("/warm-spaces/")
    client.get("/warm-spaces/")  # the first view may make the site's settings rows
    hit = client.get("/warm-spaces/")
    assert hit.headers.get("X-Page-Cache") == "hit"
    keys = caches["default"].keys("shoal:page:*")
    assert keys, "no page stored in Redis"

    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Warm spaces this winter"
        page.save_revision().publish()
    fresh = client.get("/warm-spaces/")
    assert fresh.headers.get("X-Page-Cache") == "miss"
    assert "Warm spaces this winter" in fresh.content.decode()
