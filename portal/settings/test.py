"""Test settings: fast hashing, local memory cache, no outgoing mail."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "shoal-tests-only"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploaded and generated files go to a temporary folder that is removed at exit.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="shoal-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
# On SQLite the test database is a file, not Django's default in-memory database. Django
# hands its live test server the test's own connection to an in-memory database, so the
# server's threads and the test shared one connection: two requests at once (a page's
# script beside a navigation) could interleave their transactions and leave it unusable for
# every later test. With a file each thread has its own connection, and SQLite's locks do
# the rest: every write transaction takes its lock at BEGIN (IMMEDIATE), so two writers wait
# in turn instead of failing, and write-ahead logging lets readers run beside a writer.
if DATABASES["default"]["ENGINE"] == SQLITE_ENGINE:  # noqa: F405
    TEST_DATABASE_FOLDER = Path(tempfile.mkdtemp(prefix="shoal-test-db-"))
    atexit.register(shutil.rmtree, TEST_DATABASE_FOLDER, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_DATABASE_FOLDER / "test.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF",
    }
WAGTAILADMIN_BASE_URL = "http://testserver"
# Most tests measure what a request renders (and how many queries it takes), so the whole-page
# cache is off here; the tests about it turn it on (tests/test_page_cache.py and the Redis,
# browser and deployment tests), and production settings have it on with a shared cache.
PAGE_CACHE = False
# Throttling stays on, as in production. Sign-in lockouts (django-axes) are database rows,
# rolled back after each test; password-reset counts are in the cache, which
# tests/conftest.py empties before each test. So no test is locked out by another.
