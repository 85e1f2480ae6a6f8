"""SQLite's FTS5: each word as ``("word"* OR "stem")`` (see ``search.backends``)."""

from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
from modelsearch.query import PlainText

from portal.stemming import MIN_PREFIX
from search.backends import words_joined


class Word(Lexeme):
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


class QueryCompiler(sqlite.SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        lexemes = words_joined(query, Word) if isinstance(query, PlainText) else None
        if lexemes is not None:
            return SearchQueryExpression(lexemes, config=config)
        # Anything else (and a query without a word in it) as Wagtail would.
        return super().build_search_query_content(query, config=config)


class SearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = QueryCompiler


def stemmed(backend, params):
    """This backend in place of Wagtail's FTS5 one (not of its fallback, without FTS5)."""
    return SearchBackend(params) if type(backend) is sqlite.SQLiteSearchBackend else backend
