"""Turn whatever was typed (or pasted, or forged) into the search box into a safe query.

The search backends parse the query themselves (phrases in double quotes, operators), and
SQLite's FTS5 rejects an unmatched quote outright; PostgreSQL rejects NUL characters. So
every query is cleaned the same way before it reaches a backend.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_LENGTH = 200
# Whitespace that is not an invisible control: collapsed to a space, not counted as hostile.
WHITESPACE = frozenset(" \t\n\r\f\v")
RUNS_OF_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchQuery:
    text: str
    shortened: bool = False
    had_control_characters: bool = False


def _is_control(character):
    # Cc controls (NUL...), Cf formatting (bidi overrides such as U+202E, zero-width
    # characters), Cs lone surrogates, Co private use, Cn unassigned.
    return character not in WHITESPACE and unicodedata.category(character).startswith("C")


def _balance_quotes(text):
    """Drop the last double quote if it has no partner, so phrases stay well formed."""
    if text.count('"') % 2:
        head, _, tail = text.rpartition('"')
        text = head + tail
    return text


def _tidy(text):
    text = _balance_quotes(text)
    # An empty or blank phrase ("" or " ") means nothing and upsets some backends.
    text = re.sub(r'"\s*"', " ", text)
    return RUNS_OF_WHITESPACE.sub(" ", text).strip()


def normalise(raw):
    """Return the :class:`SearchQuery` to run for the text ``raw`` a visitor sent."""
    # Only the start of a very long query can survive, so do not spend time on the rest.
    shortened = bool(raw[MAX_LENGTH * 4 :].strip())
    raw = raw[: MAX_LENGTH * 4]
    had_control_characters = any(_is_control(c) for c in raw)
    # NFKC folds look-alikes (full-width letters, ligatures) into the letters people index.
    text = unicodedata.normalize("NFKC", "".join(c for c in raw if not _is_control(c)))
    text = _tidy("".join(c for c in text if not _is_control(c)))
    if len(text) > MAX_LENGTH:
        shortened = True
        cut = text[:MAX_LENGTH]
        # End on a whole word where there is one to end on.
        if " " in cut and not text[MAX_LENGTH].isspace():
            cut = cut.rsplit(" ", 1)[0]
        text = _tidy(cut)
    return SearchQuery(text, shortened, had_control_characters)


NOT_A_WORD = re.compile(r'[^\w\s"]', re.UNICODE)


def words(text):
    """The words (and double-quoted phrases) of a clean query, for the search backend.

    Punctuation is not a word in any index, but SQLite's FTS5 and PostgreSQL would look for
    it (``rock & roll`` would find nothing), so it becomes a space.
    """
    return _tidy(NOT_A_WORD.sub(" ", text))
