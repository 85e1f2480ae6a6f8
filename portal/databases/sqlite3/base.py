"""Django's SQLite backend, except that a missing database file is an error.

SQLite creates an empty database when asked to open a file that is not there. A site whose
``db.sqlite3`` had gone (a wrong ``DATABASE_URL``, a volume that did not mount) then ran on
an empty database: ``/readyz/`` said "ok" while every page failed. Here opening a missing
file raises ``OperationalError`` instead, so visitors get the 503 page and ``/readyz/``
answers 503. Only ``manage.py migrate`` (and the test runner making its test database) may
create the file, on purpose: they run inside :func:`creating_allowed`.
"""

import sqlite3
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from django.db.backends.sqlite3 import base, creation

_may_create = ContextVar("sqlite_may_create", default=False)


@contextmanager
def creating_allowed():
    """Let SQLite create a missing database file while this runs (in this thread)."""
    token = _may_create.set(True)
    try:
        yield
    finally:
        _may_create.reset(token)


def missing_file(name):
    """The database file ``name`` names, if it is a file that does not exist; else None."""
    name = str(name)
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None  # in memory, or a URI whose mode says what to do
    path = Path(name)
    return None if path.exists() else path


class DatabaseCreation(creation.DatabaseCreation):
    def create_test_db(self, *args, **kwargs):
        with creating_allowed():
            return super().create_test_db(*args, **kwargs)


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation

    def get_new_connection(self, conn_params):
        path = missing_file(conn_params["database"])
        if path is not None and not _may_create.get():
            # Raised as the driver's own error, so Django wraps it as OperationalError.
            raise sqlite3.OperationalError(
                f"The SQLite database {path} does not exist. Run 'manage.py migrate' to "
                "create a new one (make run does), or set DATABASE_URL to the right file."
            )
        return super().get_new_connection(conn_params)
