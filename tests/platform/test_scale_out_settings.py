"""The settings that scale Shoal out, read from the environment: the whole-page cache switch,
the shared cache it needs in production, and where uploaded media is kept; and the nginx
configuration that `make scale-out-check` writes."""

import importlib
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "portal.example.org",
    "WAGTAILADMIN_BASE_URL": "https://portal.example.org",
}
VARIABLES = [
    "PAGE_CACHE",
    "CACHE_URL",
    "MEDIA_STORAGE",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_QUERYSTRING_AUTH",
]


def load(name, monkeypatch, **environment):
    """Import ``portal.settings.<name>`` afresh with this environment, leaving the running
    settings untouched."""
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    loaded = [key for key in sys.modules if key.startswith("portal.settings.")]
    saved = {key: sys.modules.pop(key) for key in loaded}
    try:
        return importlib.import_module(f"portal.settings.{name}")
    finally:
        for key in [key for key in sys.modules if key.startswith("portal.settings.")]:
            del sys.modules[key]
        sys.modules.update(saved)


def test_the_page_cache_is_on_by_default_and_page_cache_off_turns_it_off(monkeypatch):
    assert load("dev", monkeypatch).PAGE_CACHE is True
    for value in ("off", "OFF", "false", "0"):
        assert load("dev", monkeypatch, PAGE_CACHE=value).PAGE_CACHE is False


def test_production_caches_pages_only_in_a_cache_every_process_shares(monkeypatch):
    local = load("production", monkeypatch, **PRODUCTION)
    assert local.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert local.PAGE_CACHE is False
    # Nor what every page repeats, nor sessions: a sign-out in one worker holds in all.
    assert local.CONTENT_CACHE is False
    assert local.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    redis = load("production", monkeypatch, **PRODUCTION, CACHE_URL="redis://127.0.0.1:6379/1")
    assert redis.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert redis.PAGE_CACHE is True
    assert redis.CONTENT_CACHE is True
    assert redis.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    middleware = redis.MIDDLEWARE
    # A hit must skip the session and the policy, but still get the security headers.
    assert middleware.index("portal.page_cache.PageCacheMiddleware") < middleware.index(
        "portal.middleware.ContentSecurityPolicyMiddleware"
    )
    assert middleware.index("django.middleware.security.SecurityMiddleware") < middleware.index(
        "portal.page_cache.PageCacheMiddleware"
    )


def test_media_is_kept_on_this_machine_by_default(monkeypatch):
    for name in ("dev", "production"):
        settings = load(name, monkeypatch, **PRODUCTION)
        assert settings.STORAGES["default"] == {
            "BACKEND": "django.core.files.storage.FileSystemStorage"
        }


S3 = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "shoal-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.net",
    "AWS_ACCESS_KEY_ID": "shoal",
    "AWS_SECRET_ACCESS_KEY": "secret",
}


def test_media_storage_s3_keeps_media_in_a_private_s3_compatible_bucket(monkeypatch):
    settings = load(
        "production",
        monkeypatch,
        **PRODUCTION,
        **S3,
    )
    assert settings.STORAGES["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "shoal-media",
            "endpoint_url": "https://s3.example.net",
            "access_key": "shoal",
            "secret_key": "secret",
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    # Static files stay with whitenoise.
    assert "whitenoise" in settings.STORAGES["staticfiles"]["BACKEND"]
    public = load(
        "dev",
        monkeypatch,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="shoal-media",
        AWS_QUERYSTRING_AUTH="false",
    )
    assert public.STORAGES["default"]["OPTIONS"]["querystring_auth"] is False


def test_the_s3_storage_those_settings_build_gives_signed_expiring_links(monkeypatch):
    """django-storages' own S3Storage (boto3, the ``s3`` extra), built from the settings;
    signing a link happens on this machine, so no bucket is needed to check it."""
    from django.core.files.storage import storages
    from django.utils.module_loading import import_string

    settings = load(
        "production",
        monkeypatch,
        **PRODUCTION,
        **S3,
        AWS_S3_REGION_NAME="eu-west-2",
    )
    entry = settings.STORAGES["default"]
    storage = import_string(entry["BACKEND"])(**entry["OPTIONS"])
    assert storage is not storages["default"]  # the test site itself keeps local media
    link = storage.url("documents/annual-report.pdf")
    assert link.startswith("https://s3.example.net/shoal-media/documents/annual-report.pdf?")
    assert "X-Amz-Signature=" in link and "X-Amz-Expires=3600" in link
    assert "secret" not in link


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "needs AWS_STORAGE_BUCKET_NAME"),
        ({"MEDIA_STORAGE": "ftp"}, "must be 'local' or 's3'"),
    ],
)
def test_a_media_storage_that_cannot_work_stops_the_start_with_a_clear_message(
    monkeypatch, environment, message
):
    with pytest.raises(ImproperlyConfigured, match=message):
        load("dev", monkeypatch, **environment)


def test_the_scale_out_nginx_listens_on_loopback_and_spreads_requests_over_both_instances(
    tmp_path,
):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        scale_out_check = importlib.import_module("scale_out_check")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    config = scale_out_check.nginx_config(tmp_path, 8080, [9001, 9002])
    assert "listen 127.0.0.1:8080;" in config
    assert "server 127.0.0.1:9001;" in config and "server 127.0.0.1:9002;" in config
    assert f"pid {tmp_path}/nginx.pid;" in config
    assert "proxy_set_header X-Forwarded-Proto https;" in config
    listens = [line for line in config.splitlines() if "listen" in line]
    assert listens == ["    listen 127.0.0.1:8080;"]
