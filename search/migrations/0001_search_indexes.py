"""A GIN index on what the PostgreSQL search backend actually matches.

Wagtail's PostgreSQL backend asks ``(title || body) @@ query``. The index entries table has
GIN indexes on ``title`` and on ``body`` alone, which that expression cannot use, so every
search read and joined every tsvector in the table (about half a second at county scale,
even for a word found nowhere). This index is on the expression itself; ANALYZE gives the
planner its statistics at once. Nothing happens on other databases.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def table(apps):
    return apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    name = schema_editor.quote_name(table(apps))
    # CONCURRENTLY: a live site goes on searching (and indexing) while it is built.
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON {name} USING gin ((title || body))"
    )
    schema_editor.execute(f"ANALYZE {name}")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
