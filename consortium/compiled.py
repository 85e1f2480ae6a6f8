"""Querysets whose SQL is worked out once per process and then only run.

Working out a queryset's SQL (Django walking its filters, joins, subqueries and unions) can
cost more than PostgreSQL takes to answer it: the to-do page's fourteen kinds of item spent
about 20 ms a request in Django's compiler and 2 ms in the database. When a queryset's SQL
depends on nothing but a few known things (the person, what they may see and the day),
``rows(key, build)`` compiles ``build()`` the first time it meets ``key`` and afterwards runs
the kept SQL again, turning the rows into model instances (with their ``select_related``
objects and annotations) as the queryset itself would.

The key must hold everything the SQL depends on: a key that leaves something out would show
one person what was built for another. The most recent ``MAX_KEPT`` queries are kept, each
for the database connection (and so the thread) that compiled it. A kept query holds its
compiler, 30 to 60 KB (one person's to-do page keeps 11 of them, about 0.7 MB), so the
bound keeps a worker's memory within about 15 MB; a query pushed out is compiled again.
"""

import threading
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

MAX_KEPT = 256

_kept = OrderedDict()
_lock = threading.Lock()
_NOTHING = object()  # a query that can match no row (an empty ``__in``): no SQL to run


def rows(key, build):
    """The model instances ``build()`` (a queryset) gives, compiled once for ``key``."""
    connection = connections[DEFAULT_DB_ALIAS]
    full_key = (connection, key)
    with _lock:
        kept = _kept.get(full_key)
        if kept is not None:
            _kept.move_to_end(full_key)
    if kept is None:
        kept = _keep(build())
        with _lock:
            _kept[full_key] = kept
            while len(_kept) > MAX_KEPT:
                _kept.popitem(last=False)
    if kept is _NOTHING:
        return []
    model, query, iterable_class, fields = kept
    queryset = QuerySet(model=model, query=query, using=DEFAULT_DB_ALIAS)
    queryset._iterable_class, queryset._fields = iterable_class, fields  # values() rows too
    return list(queryset)


def _keep(queryset):
    """The queryset's model and query, the query answering with its one compiled SQL."""
    if queryset.db != DEFAULT_DB_ALIAS:
        raise ValueError("Only querysets on the default database are kept")
    query = queryset.query.clone()
    compiler = query.get_compiler(using=DEFAULT_DB_ALIAS)
    try:
        sql = compiler.as_sql()  # also works out the columns the rows are read from
    except EmptyResultSet:
        return _NOTHING
    compiler.as_sql = lambda *args, **kwargs: sql
    query.get_compiler = lambda *args, **kwargs: compiler
    return queryset.model, query, queryset._iterable_class, queryset._fields


def prefetched(instance, name, objects):
    """``instance.<name>.all()`` answering ``objects`` (kept rows of a reverse foreign key)
    without a query, each row knowing ``instance`` as ``prefetch_related`` would leave them."""
    field = getattr(type(instance), name).field
    for item in objects:
        field.set_cached_value(item, instance)
    queryset = getattr(instance, name).all()
    queryset._result_cache, queryset._prefetch_done = list(objects), True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[field.remote_field.cache_name] = queryset
    return objects


def count(key, build):
    """How many rows ``build()`` (a queryset) has, its SQL compiled once for ``key``."""
    connection = connections[DEFAULT_DB_ALIAS]
    sql, params = _count_sql(connection, key, build)
    if sql is None:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _count_sql(connection, key, build):
    full_key = ("count", connection, key)
    with _lock:
        kept = _kept.get(full_key)
    if kept is None:
        try:
            sql, params = build().order_by().query.sql_with_params()
            kept = (f"SELECT COUNT(*) FROM ({sql}) AS counted", params)
        except EmptyResultSet:
            kept = (None, ())
        with _lock:
            _kept[full_key] = kept
            while len(_kept) > MAX_KEPT:
                _kept.popitem(last=False)
    return kept


class KeptList:
    """A queryset's rows for ``django.core.paginator.Paginator``: the count and each page's
    rows run SQL compiled once for ``key`` (and the page's bounds)."""

    def __init__(self, key, build):
        self.key, self.build = key, build

    def count(self):
        return count(self.key, self.build)

    def __len__(self):
        return self.count()

    def __getitem__(self, bounds):
        if not isinstance(bounds, slice):
            raise TypeError("Only slices of the rows are read")
        return rows((*self.key, bounds.start, bounds.stop), lambda: self.build()[bounds])


def forget():
    """Drop every kept query (for tests that change what the SQL is built from)."""
    with _lock:
        _kept.clear()
