"""Counting what people search for (Wagtail's search promotions: ``Query`` and its daily hits).

Wagtail's ``Query.get(text).add_hit()`` reads the query, creates it if it is new, reads
today's count, creates that if it is new, then adds one: up to five queries in three
transactions for every search, which at county scale cost about as much as the search itself.
On PostgreSQL the same rows are written by one statement (two upserts); other databases go
Wagtail's way.
"""

from django.db import connection
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string


def add_hit(text):
    """One more search for ``text`` today."""
    if connection.vendor != "postgresql":
        Query.get(text).add_hit()
        return
    quote = connection.ops.quote_name
    queries, hits = quote(Query._meta.db_table), quote(QueryDailyHits._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH q AS (INSERT INTO {queries} (query_string) VALUES (%s) "
            "ON CONFLICT (query_string) DO UPDATE SET query_string = EXCLUDED.query_string "
            "RETURNING id) "
            f"INSERT INTO {hits} (query_id, date, hits) SELECT q.id, %s, 1 FROM q "
            f"ON CONFLICT (query_id, date) DO UPDATE SET hits = {hits}.hits + 1",
            [normalise_query_string(text), timezone.now().date()],
        )
