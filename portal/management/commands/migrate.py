"""Django's migrate, which may also create a missing SQLite database file.

Everything else refuses to open a missing SQLite file (portal.databases.sqlite3), so that a
lost database is an error rather than a new empty one; migrating is how a new one is made.
"""

from django.core.management.commands.migrate import Command as DjangoMigrate

from portal.databases.sqlite3.base import creating_allowed


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " Creates the SQLite database file when it is missing."

    def execute(self, *args, **options):
        # execute, not handle: the system checks before handle open the database too.
        with creating_allowed():
            return super().execute(*args, **options)
