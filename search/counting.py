"""How many things of each kind one search finds: the numbers beside every kind on the page.

On the database backends every kind of page is counted by one search of all pages, grouped
by the page's type, and the organisations, offers and needs and opportunities each by their
own search, all in one round trip. Building and compiling a search for each of the six kinds
of page cost more than the database took to answer them (about 5 ms each at county scale);
grouping gives the same numbers, because each page-kind source is its type's live, public
pages and "other pages" the rest. Elasticsearch and OpenSearch are asked kind by kind.
"""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from wagtail.models import Page

from search import cache
from search.sources import PAGE_SOURCES, SOURCES, public_q

PAGES = "pages-by-type"


def all_pages(request):
    """Every live page the visitor may see (not the root): what the page kinds divide."""
    return Page.objects.live().filter(public_q(request), depth__gt=1)


def page_kinds():
    """{content type id: source key} for the page types with a kind of their own."""
    return {ContentType.objects.get_for_model(s.model).pk: s.key for s in PAGE_SOURCES if s.model}


def count_all(backend, query, request, searches):
    """{key: number of matches} for every source (``searches`` holds the non-page ones)."""
    pages = backend.search(query, all_pages(request))
    if getattr(pages, "get_queryset", None) is None:
        every = {s.key: s.search(backend, query, request) for s in PAGE_SOURCES}
        every.update(searches)
        return {key: cache.count(results) for key, results in every.items()}
    statements = {
        PAGES: _sql(pages.get_queryset().order_by().values("pk", page_type=F("content_type_id")))
    }
    for key, results in searches.items():
        statements[key] = _sql(results.get_queryset().order_by().values("pk"))
    # Each answer is kept under its own SQL (``search.cache``): the pages, the same for
    # everyone, are counted once for all visitors; only what is not kept is asked for.
    found = cache.remember_each("count", statements, lambda keys: _run(statements, keys))
    counts = dict.fromkeys([s.key for s in SOURCES], 0)
    kinds = page_kinds()
    for content_type, number in found[PAGES].items():
        counts[kinds.get(content_type, "pages")] += number
    counts.update({key: found[key] for key in searches})
    return counts


def _sql(queryset):
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _run(statements, keys):
    """One statement for the ``keys`` asked: pages grouped by type, the rest counted."""
    parts, params = [], []
    for n, key in enumerate(keys):
        sql, key_params = statements[key]
        if key == PAGES:
            parts.append(
                f"SELECT {n}, matches_{n}.page_type, COUNT(*) FROM ({sql}) AS matches_{n}"
                f" GROUP BY matches_{n}.page_type"
            )
        else:
            parts.append(f"SELECT {n}, NULL, COUNT(*) FROM ({sql}) AS matches_{n}")
        params += key_params
    found = {key: 0 for key in keys}
    if PAGES in found:
        found[PAGES] = Counter()
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for n, content_type, number in cursor.fetchall():
            key = keys[n]
            if key == PAGES:
                found[PAGES][content_type] = number
            else:
                found[key] = number
    if PAGES in found:
        found[PAGES] = dict(found[PAGES])
    return found
