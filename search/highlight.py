"""Show where the words someone searched for appear: a short snippet with <mark>s.

Everything shown is plain text from the database, escaped here; only the <mark> tags this
module adds are HTML, so a word is never marked inside a tag or an attribute.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.stemming import stem

SNIPPET_WORDS = 30
WORD = re.compile(r"\w+", re.UNICODE)


def terms(query):
    """The words of a query worth marking (operators and one-letter words are not)."""
    words = {w.casefold() for w in WORD.findall(query)}
    return sorted((w for w in words if len(w) > 1 and w not in {"and", "or", "not"}), key=len)


def _matcher(words):
    """A test for one word of the text: does it match one of the searched ``words``?"""
    if not words:
        return None
    # A word that starts with a searched word ("venue" marks "venues"), or has the same
    # stem ("volunteering" marks "volunteer"), as the search found it (search/backends/).
    starts = tuple(words)
    word_stems = {stem(w) for w in words}
    return lambda word: word.casefold().startswith(starts) or stem(word) in word_stems


def mark(text, query):
    """``text`` escaped, with every word that matches the query wrapped in <mark>."""
    text = text or ""
    matches = _matcher(terms(query))
    if matches is None:
        return escape(text)
    out, last = [], 0
    for match in WORD.finditer(text):
        if not matches(match.group()):
            continue
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def snippet(text, query, words=SNIPPET_WORDS):
    """About ``words`` words of ``text`` around the first match, marked."""
    text = " ".join((text or "").split())
    matches = _matcher(terms(query))
    tokens = text.split(" ")
    start = 0
    if matches is not None:
        for n, token in enumerate(tokens):
            if any(matches(word) for word in WORD.findall(token)):
                start = max(0, n - words // 3)
                break
    piece = " ".join(tokens[start : start + words])
    if start > 0:
        piece = "… " + piece
    if start + words < len(tokens):
        piece += " …"
    return mark(piece, query)
