"""The search backend is chosen by one setting: SEARCH_URL."""

import json
import os
import subprocess
import sys

import pytest

from portal.search_backends import search_backends


def test_without_a_search_url_the_database_backend_is_used():
    for url in (None, "", "database://"):
        assert search_backends(url) == {"default": {"BACKEND": "search.backends"}}


@pytest.mark.parametrize(
    ("url", "backend", "server", "index"),
    [
        ("elasticsearch8://search:9200", "elasticsearch8", "http://search:9200", "shoal"),
        ("elasticsearch://search:9200/county", "elasticsearch8", "http://search:9200", "county"),
        ("elasticsearch7://10.0.0.5:9200", "elasticsearch7", "http://10.0.0.5:9200", "shoal"),
        ("opensearch://search:9200", "opensearch3", "http://search:9200", "shoal"),
        (
            "opensearch2+https://u:p@os.example:443/x",
            "opensearch2",
            "https://u:p@os.example:443",
            "x",
        ),
    ],
)
def test_an_elasticsearch_or_opensearch_address_selects_that_backend(url, backend, server, index):
    setting = search_backends(url)["default"]
    assert setting["BACKEND"] == f"wagtail.search.backends.{backend}"
    assert setting["URLS"] == [server]
    assert setting["INDEX"] == index


def test_a_timeout_can_be_given():
    assert search_backends("elasticsearch8://search:9200?timeout=5")["default"]["TIMEOUT"] == 5


@pytest.mark.parametrize("url", ["solr://search:8983", "elasticsearch8://", "opensearch+ftp://x"])
def test_an_address_that_names_no_search_backend_is_refused_at_start(url):
    with pytest.raises(ValueError, match="SEARCH_URL"):
        search_backends(url)


def test_the_settings_read_search_url_from_the_environment():
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILSEARCH_BACKENDS))"
    )
    env = dict(os.environ, SEARCH_URL="opensearch://search.internal:9200/shoal-live")
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out)["default"] == {
        "BACKEND": "wagtail.search.backends.opensearch3",
        "URLS": ["http://search.internal:9200"],
        "INDEX": "shoal-live",
    }
