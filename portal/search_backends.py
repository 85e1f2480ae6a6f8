"""WAGTAILSEARCH_BACKENDS from one address in the environment (``SEARCH_URL``).

- unset, empty or ``database://``: Wagtail's database backend (SQLite's FTS5 here,
  PostgreSQL's full-text search with ranking when ``DATABASE_URL`` is PostgreSQL);
- ``elasticsearch7://``, ``elasticsearch8://``, ``elasticsearch9://``, ``opensearch2://``,
  ``opensearch3://`` (``elasticsearch://`` means 8, ``opensearch://`` means 3), optionally
  ``+https`` (``elasticsearch8+https://user:password@host:9200``): that search server. The
  path names the index prefix (``/shoal`` by default) and ``?timeout=`` the seconds to wait.

Kept free of Django imports so that the settings can use it.
"""

from urllib.parse import parse_qs, urlsplit, urlunsplit

# Wagtail's database backend, matching word forms and prefixes (search/backends/).
DATABASE = "search.backends"
ENGINES = {
    "elasticsearch": "wagtail.search.backends.elasticsearch8",
    "elasticsearch7": "wagtail.search.backends.elasticsearch7",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch": "wagtail.search.backends.opensearch3",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}
DEFAULT_INDEX = "shoal"


def search_backends(url):
    """The WAGTAILSEARCH_BACKENDS setting for ``url``; ValueError if it names no backend."""
    url = (url or "").strip()
    if not url or url in ("database://", "database:"):
        return {"default": {"BACKEND": DATABASE}}
    parts = urlsplit(url)
    engine, _, transport = parts.scheme.partition("+")
    if engine not in ENGINES or transport not in ("", "http", "https"):
        raise ValueError(
            f"SEARCH_URL {parts.scheme}:// is not a search backend: use database://, "
            + ", ".join(f"{name}://" for name in ENGINES)
        )
    if not parts.hostname:
        raise ValueError("SEARCH_URL needs a host, such as elasticsearch8://localhost:9200")
    server = urlunsplit((transport or "http", parts.netloc, "", "", ""))
    backend = {
        "BACKEND": ENGINES[engine],
        "URLS": [server],
        "INDEX": parts.path.strip("/") or DEFAULT_INDEX,
    }
    options = parse_qs(parts.query)
    if "timeout" in options:
        backend["TIMEOUT"] = int(options["timeout"][0])
    return {"default": backend}
