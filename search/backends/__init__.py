"""Wagtail's database search backend, matching word forms and prefixes.

``portal/search_backends.py`` names this module as the backend when ``SEARCH_URL`` names no
search server. It is Wagtail's own (SQLite's FTS5, or PostgreSQL's full-text search), with
one change to how the words of a search are looked for: each word as typed, as a prefix when
it has at least three letters, or its English stem, which the index holds beside the words
(``portal/stemming.py``). So "mic", "microphone" and "microphones" all find "two
microphones", and "volunteering" finds "volunteer", while "mi" finds only the word "mi".

PostgreSQL indexes and searches with its ``simple`` configuration (no stemming of its own), so
that it matches the same words as SQLite's FTS5 does; the stems come from Python for both.
After changing this, run ``manage.py update_index``.
"""

import operator
from functools import reduce

from django.db import connection
from modelsearch.backends import database

from portal.stemming import search_terms


def words_joined(query, word_lexeme):
    """The lexemes for the words of ``query`` (a PlainText), joined by its operator; None
    when it has no word in it."""
    terms = search_terms(query.query_string)
    if not terms:
        return None
    join = operator.and_ if query.operator.lower() == "and" else operator.or_
    return reduce(join, [word_lexeme(word, stem) for word, stem in terms])


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for
    """The backend for the default database, as Wagtail's ``database`` backend chooses it."""
    params = {"SEARCH_CONFIG": "simple", **params}
    backend = database.SearchBackend(params)
    # Each module is imported only on its own database: the SQLite one needs FTS5's table.
    if connection.vendor == "postgresql":
        from search.backends.postgres import stemmed
    elif connection.vendor == "sqlite":
        from search.backends.sqlite import stemmed
    else:
        return backend
    return stemmed(backend, params)
