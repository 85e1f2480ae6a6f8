"""PostgreSQL: each word as ``('word':* | 'stem')`` (see ``search.backends``)."""

from django.contrib.postgres.search import SearchQuery
from modelsearch.backends.database.postgres import postgres
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText

from portal.stemming import MIN_PREFIX
from search.backends import words_joined


def word(text, stem):
    """One word for PostgreSQL: ``('word':* | 'stem')``."""
    lexeme = Lexeme(text, prefix=len(text) >= MIN_PREFIX)
    return lexeme | Lexeme(stem) if stem else lexeme


class QueryCompiler(postgres.PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        lexemes = words_joined(query, word) if isinstance(query, PlainText) else None
        if lexemes is not None and not invert:
            return SearchQuery(lexemes, search_type="raw", config=config)
        # Anything else (and a query without a word in it) as Wagtail would.
        return super().build_tsquery_content(query, config=config, invert=invert)


class SearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = QueryCompiler


def stemmed(backend, params):
    return SearchBackend(params) if type(backend) is postgres.PostgresSearchBackend else backend
