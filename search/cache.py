"""Search answers kept until the site's content changes.

At county scale a common word matches tens of thousands of index entries, and counting and
ranking them costs the database hundreds of milliseconds however it is indexed. People ask
the same few questions again (a popular word, the next page, the same search from another
visitor), so each answer the database gives is kept in the default cache.

An answer is kept under the SQL that produced it, with its parameters, and under the content
generation (``portal.caching``). Two visitors share an answer only when the database would be
asked exactly the same question: the permission filters of ``consortium.permissions`` are
part of that SQL (who is public, which organisations someone belongs to, today's date), so
nothing one visitor may not see can reach them through another's search. Any change to
content moves the generation on, and so does the search index catching up in the
background (see ``search.apps``), so a new or edited page is found by the next search.

A whole answer (``search.views``) is kept under the SQL of what the visitor may see, the
words and the filters, which holds for every backend. Its parts (counts, facets, rows) are
kept under their own SQL, so a later page or another filter reuses them; with Elasticsearch
or OpenSearch the parts have no SQL and are asked every time.
"""

from django.core.cache import cache

from portal import caching, repeated

# Long enough for a burst of searches; a change of generation retires entries long before.
TIMEOUT = 10 * 60


def _queryset(results):
    get_queryset = getattr(results, "get_queryset", None)
    return get_queryset() if get_queryset is not None else None


_digest = repeated.digest


def _key(name, generation, parts):
    return f"shoal:search:{name}:{generation}:{_digest(parts)}"


def remember(name, parts, compute):
    """``compute()``, kept under ``name``, ``parts`` (anything with a faithful ``repr``: the
    SQL and parameters an answer came from) and the content generation."""
    return repeated.remember(f"search-{name}", _digest(parts), compute=compute, timeout=TIMEOUT)


def remember_each(name, parts, compute):
    """{key: answer} for every key of ``parts`` ({key: what the answer depends on}), with
    ``compute(keys)`` asked only for the keys not kept: several answers in one round trip."""
    if not caching.enabled():
        return compute(list(parts))
    generation = caching.generation()
    keys = {key: _key(name, generation, key_parts) for key, key_parts in parts.items()}
    kept = cache.get_many(list(keys.values()))
    found = {key: kept[cache_key] for key, cache_key in keys.items() if cache_key in kept}
    missing = [key for key in parts if key not in found]
    if missing:
        computed = compute(missing)
        cache.set_many({keys[key]: computed[key] for key in missing}, TIMEOUT)
        found.update(computed)
    return found


def remember_query(name, queryset, compute):
    """``compute()`` for a Django queryset (or ``None``: not kept), under its SQL."""
    return repeated.remember_query(name, queryset, compute, prefix="search")


sql_of = repeated.sql_of


def rows(results):
    """The objects of (a slice of) search results, as a list."""
    return remember_query("rows", _queryset(results), lambda: list(results))


def count(results):
    """How many search results there are."""
    return remember_query("count", _queryset(results), results.count)


def facet(results, field_name):
    """``results.facet(field_name)``: {value: count}."""
    compute = lambda: results.facet(field_name)  # noqa: E731
    return remember_query(f"facet-{field_name}", _queryset(results), compute)
