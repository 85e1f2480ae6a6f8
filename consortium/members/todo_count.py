"""The header's to-do count: how many things wait for the person, in one query over every
kind of item on the to-do page (``consortium.members.todo``)."""

import hashlib
from functools import lru_cache
from weakref import WeakKeyDictionary

from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connection
from django.db.models import Value
from django.utils import timezone

from consortium import permissions
from consortium.members.todo import has_anything_to_do, kinds


def count(user, today=None):
    """How many things wait for the person, in one query (0 for anyone not signed in)."""
    if not permissions.can_see_todo(user) or not has_anything_to_do(user):
        return 0
    a = permissions.access(user)
    day = today or timezone.localdate()
    who = _who(a)
    sql, params = _count_sql(user, who, day)
    if sql is None:
        return 0
    with connection.cursor() as cursor:
        if _keeps_plans():
            try:
                return _run_prepared(cursor, *_statement(user, who, day))
            except DatabaseError:
                # The statement was lost (a pooler, DISCARD ALL): forget this connection's.
                _prepared.pop(connection.connection, None)
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


# PostgreSQL plans the count's fourteen-part union afresh each time it is run (about 4 ms of
# the database's time on every signed-in page, more than running it). On a connection kept
# between requests (CONN_MAX_AGE), each person's count is prepared once (PREPARE) and then
# only executed, with its plan kept by the connection. Not inside a transaction, so that a
# lost statement costs one plain retry rather than the transaction; not with CONN_MAX_AGE=0,
# the setting for a pooler such as PgBouncer, whose connections do not keep statements.
MAX_PREPARED = 32
_prepared = WeakKeyDictionary()  # the database driver's connection: [statement names]


def _keeps_plans():
    return (
        connection.vendor == "postgresql"
        and connection.settings_dict.get("CONN_MAX_AGE") != 0
        and not connection.in_atomic_block
    )


@lru_cache(maxsize=1024)
def _statement(user, who, today):
    """The count's name and SQL with its values written in, for PREPARE: once per process
    for a person, their access and the day, like the SQL itself (writing the values in
    cost about 3 ms of Python on every signed-in page)."""
    literal = connection.ops.compose_sql(*_count_sql(user, who, today))
    return "shoal_todo_count_" + hashlib.sha256(literal.encode()).hexdigest()[:24], literal


def _run_prepared(cursor, name, literal):
    names = _prepared.setdefault(connection.connection, [])
    if name not in names:
        if len(names) >= MAX_PREPARED:
            cursor.execute(f"DEALLOCATE {names.pop(0)}")
        cursor.execute(f"PREPARE {name} AS {literal}")
        names.append(name)
    cursor.execute(f"EXECUTE {name}")
    return cursor.fetchone()[0]


def _who(a):
    """Everything of the person's access that the to-do queries may read, as a cache key."""
    return (a.staff, a.volunteer, frozenset(a.member_of), frozenset(a.admin_of), a.acting_for_id)


@lru_cache(maxsize=1024)
def _count_sql(user, who, today):
    """The count's SQL, built once per process for a person, their access and the day.

    It depends on nothing else, and building fourteen querysets and their union through the
    ORM cost more than running it (about 40 ms on every signed-in page, for the header)."""
    rows = [
        # The sign-off query is distinct per organisation; counted by (bid, organisation).
        query(user, today).order_by().values_list("pk", "signer_id")
        if key == "sign_offs"
        else query(user, today).order_by().annotate(_one=Value(1)).values_list("pk", "_one")
        for key, _, query in kinds()
    ]
    try:
        sql, params = rows[0].union(*rows[1:], all=True).query.sql_with_params()
    except EmptyResultSet:
        return None, ()
    return f"SELECT COUNT(*) FROM ({sql}) AS waiting", params
