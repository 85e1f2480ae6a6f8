"""The "All" search page on PostgreSQL: one statement for every count and every group.

Wagtail's database backend answers each kind of thing with its own search: every count and
every group of the "All" page matched the words against the index again (eight scans of the
full-text index for one page) and built and compiled a search for each (about 5 ms of
Python each). Here the words are matched once, in a materialised ``WITH`` part, with the
rank Wagtail's backend gives; each kind of thing is then those matches joined to what
``consortium.permissions`` lets the visitor see (the same querysets the other tabs search),
counted, and its best few taken, all in one statement. The few found are read afresh
through the same permission filters, so nothing the visitor may not see can be shown.

Only Wagtail's PostgreSQL backend (``search.backends.postgres``) takes this path; SQLite,
Elasticsearch and OpenSearch, and the tabs of one kind, go the general way.
"""

import re

from django.db import connection
from django.db.models import F
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.backends.database.postgres.weights import get_sql_weights
from modelsearch.query import PlainText
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from portal.stemming import search_terms
from search import rows
from search.backends import postgres, words_joined
from search.counting import all_pages, page_kinds
from search.sources import page_types, visible_sql


class _Compiler:
    """Just enough of Django's SQL compiler to turn the backend's lexemes into one string."""

    def compile(self, node):
        return node.as_sql(self, connection)


def applies(backend, query):
    """Whether this path can answer ``query`` on ``backend``."""
    return (
        connection.vendor == "postgresql"
        and type(backend) is postgres.SearchBackend
        and bool(search_terms(query))
    )


def tsquery(query):
    """The text of the ``to_tsquery`` the backend would ask for ``query``."""
    lexemes = words_joined(PlainText(query), postgres.word)
    sql, params = lexemes.as_sql(_Compiler(), connection)
    return sql % tuple(params)


# What "nothing to see" looks like where a visible queryset would be.
NOTHING = ("SELECT NULL::integer AS pk, NULL::integer AS page_type WHERE FALSE", ())


def _visible(request, key, queryset):
    found = visible_sql(request, key, queryset)
    return NOTHING if found == "empty" else found


def _parts(request, sources):
    """[(name, model, visible SQL, params)]: the pages, then each source."""
    pages = all_pages(request).order_by().values("pk", page_type=F("content_type_id"))
    parts = [("pages", Page, *_visible(request, "pages", pages))]
    for source in sources:
        queryset = source.queryset(request).order_by().values("pk")
        parts.append((source.key, queryset.model, *_visible(request, source.key, queryset)))
    return parts


def answer(request, query, sources, group_sizes):
    """({key: count} for every page kind and source, {key: [object, ...] best first}).

    ``group_sizes`` is {"pages": n, source key: n}: how many of each to take. The objects
    come with the fields their results show (``search.rows``); pages with their summary
    as ``summary_text``, as ``search.sources.with_summary`` gives it.
    """
    entries = connection.ops.quote_name(IndexEntry._meta.db_table)
    weights = get_sql_weights()
    sql = [
        "WITH q AS (SELECT to_tsquery('simple'::regconfig, %s) AS q), "
        "matches AS MATERIALIZED (SELECT e.content_type_id, e.object_id, "
        f"ts_rank(%s::float4[], e.title, q.q) * e.title_norm "
        f"+ ts_rank(%s::float4[], e.body, q.q) AS rank "
        f"FROM {entries} e, q WHERE (e.title || e.body) @@ q.q)"
    ]
    params = [tsquery(query), weights, weights]
    selects, select_params = [], []
    models = {}
    for n, (key, model, seen_sql, seen_params) in enumerate(_parts(request, sources)):
        models[n] = model
        # Pages are counted by their type (``search.counting``); the rest in one number.
        page_type = "v.page_type" if key == "pages" else "NULL::integer"
        sql.append(
            f", found_{n} AS MATERIALIZED (SELECT v.pk, {page_type} AS page_type, m.rank "
            "FROM matches m "
            f"JOIN ({seen_sql}) v ON m.object_id = (v.pk)::varchar(50) "
            f"WHERE m.content_type_id = ANY(%s))"
        )
        params += [*seen_params, list(get_descendants_content_types_pks(model))]
        selects.append(
            f"SELECT {n}, page_type, COUNT(*), NULL::float8, NULL::text, NULL::json "
            f"FROM found_{n} GROUP BY page_type"
        )
        summary = _summary_sql("f.pk") if key == "pages" else "NULL::text"
        selects.append(
            f"(SELECT {n}, f.pk, NULL, f.rank, {summary}, {rows.row_sql(model, 'f.pk')} "
            f"FROM found_{n} f ORDER BY f.rank DESC, f.pk DESC LIMIT %s)"
        )
        select_params.append(group_sizes[key])
    statement = " ".join(sql) + " " + " UNION ALL ".join(selects)
    counts, best = {}, {}
    keys = ["pages"] + [s.key for s in sources]
    with connection.cursor() as cursor:
        cursor.execute(statement, params + select_params)
        found = cursor.fetchall()
    kinds = page_kinds()
    for n, value, number, rank, summary, row in found:
        key = keys[n]
        if rank is None and number is not None:  # a count
            if key == "pages":
                kind = kinds.get(value, "pages")
                counts[kind] = counts.get(kind, 0) + number
            else:
                counts[key] = number
        elif row is not None:  # one of the best (None: gone since it was matched)
            obj = rows.instance(models[n], row)
            if key == "pages":
                obj.summary_text = summary or ""
            best.setdefault(key, []).append((-rank, -value, obj))
    best = {key: [obj for *_, obj in sorted(found)] for key, found in best.items()}
    return counts, best


def _summary_sql(pk):
    """The summary a page's own type keeps, as ``search.sources.with_summary`` finds it,
    written once as SQL rather than built and compiled as a queryset every search."""
    quote = connection.ops.quote_name
    parts = [
        f"(SELECT s.{quote(model._meta.get_field('summary').column)} "
        f"FROM {quote(model._meta.db_table)} s WHERE s.{quote(model._meta.pk.column)} = {pk} "
        "LIMIT 1)"
        for model in dict.fromkeys(page_types())
    ]
    return f"COALESCE({', '.join(parts)}, '')"


def autocomplete_tsquery(text):
    """The ``to_tsquery`` text of Wagtail's autocomplete for ``text``: its last word as a
    prefix, joined to the others by the backend's default operator; None without words."""
    operator = postgres.SearchBackend.autocomplete_query_compiler_class.DEFAULT_OPERATOR
    terms = [term for term in re.split(r"[\s\-]+", text) if term]
    if not terms:
        return None
    lexemes = Lexeme(terms.pop(), prefix=True)
    for term in terms:
        lexemes = lexemes & Lexeme(term) if operator == "and" else lexemes | Lexeme(term)
    sql, params = lexemes.as_sql(_Compiler(), connection)
    return sql % tuple(params)


def suggestions(request, text, sources, limit):
    """[[object, ...] best first] for the pages, then each of ``sources``: what Wagtail's
    autocomplete finds in each (the titles' ``autocomplete`` index, ranked the same way),
    at most ``limit`` of each, with the fields their results show, in one statement."""
    tsquery = autocomplete_tsquery(text)
    parts = _parts(request, sources)
    if tsquery is None:
        return [[] for _ in parts]
    entries = connection.ops.quote_name(IndexEntry._meta.db_table)
    selects, params = [], [tsquery]
    for n, (_key, model, seen_sql, seen_params) in enumerate(parts):
        selects.append(
            f"SELECT {n}, f.pk, f.rank, {rows.row_sql(model, 'f.pk')} FROM ("
            "SELECT v.pk, ts_rank(%s::float4[], e.autocomplete, q.q) AS rank "
            f"FROM {entries} e CROSS JOIN q JOIN ({seen_sql}) v "
            "ON e.object_id = (v.pk)::varchar(50) "
            "WHERE e.content_type_id = ANY(%s) AND e.autocomplete @@ q.q "
            f"ORDER BY rank DESC, v.pk DESC LIMIT %s) f"
        )
        content_types = list(get_descendants_content_types_pks(model))
        params += [get_sql_weights(), *seen_params, content_types, limit]
    statement = "WITH q AS (SELECT to_tsquery('simple'::regconfig, %s) AS q) " + " UNION ALL ".join(
        f"({select})" for select in selects
    )
    found = [[] for _ in parts]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for n, pk, rank, row in cursor.fetchall():
            if row is not None:
                found[n].append((-rank, -pk, rows.instance(parts[n][1], row)))
    return [[obj for *_, obj in sorted(kind)] for kind in found]
