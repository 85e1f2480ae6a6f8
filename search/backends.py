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

from django.contrib.postgres.search import SearchQuery
from modelsearch.backends import database
from modelsearch.backends.database.postgres import postgres
from modelsearch.backends.database.postgres.query import Lexeme as PostgresLexeme
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import Lexeme as SQLiteLexeme
from modelsearch.backends.database.sqlite.query import SearchQueryExpression
from modelsearch.query import PlainText

from portal.stemming import MIN_PREFIX, search_terms


def _words(query, word_lexeme):
    """The lexemes for the words of ``query`` (a PlainText), joined by its operator."""
    terms = search_terms(query.query_string)
    if not terms:
        return None
    join = operator.and_ if query.operator.lower() == "and" else operator.or_
    return reduce(join, [word_lexeme(word, stem) for word, stem in terms])


class SQLiteWord(SQLiteLexeme):
    """One word for FTS5: ``("word"* OR "stem")``."""

    def __init__(self, word, stem):
        super().__init__(word, prefix=len(word) >= MIN_PREFIX)
        self.stem = stem

    def as_sql(self, compiler, connection):
        template, params = super().as_sql(compiler, connection)
        if not self.stem:
            return template, params
        # FTS5's AND binds tighter than OR: the brackets keep each word's forms together.
        return f'({template} OR "%s")', [*params, self.stem]


def postgres_word(word, stem):
    """One word for PostgreSQL: ``('word':* | 'stem')``."""
    lexeme = PostgresLexeme(word, prefix=len(word) >= MIN_PREFIX)
    return lexeme | PostgresLexeme(stem) if stem else lexeme


class SQLiteQueryCompiler(sqlite.SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        lexemes = _words(query, SQLiteWord) if isinstance(query, PlainText) else None
        if lexemes is not None:
            return SearchQueryExpression(lexemes, config=config)
        # Anything else (and a query without a word in it) as Wagtail would.
        return super().build_search_query_content(query, config=config)


class PostgresQueryCompiler(postgres.PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        lexemes = _words(query, postgres_word) if isinstance(query, PlainText) else None
        if lexemes is not None and not invert:
            return SearchQuery(lexemes, search_type="raw", config=config)
        # Anything else (and a query without a word in it) as Wagtail would.
        return super().build_tsquery_content(query, config=config, invert=invert)


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteQueryCompiler


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresQueryCompiler


STEMMED = {
    sqlite.SQLiteSearchBackend: SQLiteSearchBackend,
    postgres.PostgresSearchBackend: PostgresSearchBackend,
}


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for
    """The backend for the default database, as Wagtail's ``database`` backend chooses it."""
    params = {"SEARCH_CONFIG": "simple", **params}
    backend = database.SearchBackend(params)
    stemmed = STEMMED.get(type(backend))
    return stemmed(params) if stemmed else backend
