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
WAGTAILADMIN_BASE_URL = "http://testserver"
# Most tests measure what a request renders (and how many queries it takes), so the whole-page
# cache is off here; the tests about it turn it on (tests/test_page_cache.py and the Redis,
# browser and deployment tests), and production settings have it on with a shared cache.
PAGE_CACHE = False
# Throttling stays on, as in production. Sign-in lockouts (django-axes) are database rows,
# rolled back after each test; password-reset counts are in the cache, which
# tests/conftest.py empties before each test. So no test is locked out by another.
