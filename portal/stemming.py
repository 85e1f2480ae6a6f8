"""Word forms for search: "microphone", "microphones" and "mic" find the same offer.

Every searchable model keeps, beside its words in the search index, their English stems
(Snowball's English stemmer: "volunteering" and "volunteer" both become "volunt") in a
``search_stems`` field (:class:`Stemmed`). A search then looks for each word it is given as
typed, as a prefix when it has at least three letters ("mic" finds "microphones"), or by its
stem ("volunteering" finds "volunteer"); see ``search/backends/``.

The stemming happens here, in Python, and the database only matches plain words, so SQLite
and PostgreSQL find the same things.
"""

import re
import threading
from functools import lru_cache

import snowballstemmer
from wagtail.search import index

# Letters and digits, as the databases' tokenisers split them (an underscore separates).
WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A shorter word is looked for whole: "mi" would otherwise find almost everything.
MIN_PREFIX = 3
# Words too common to narrow a search: left out of a search that has other words, as
# PostgreSQL's English configuration did. (A list from its stop words, the commonest only.)
STOP_WORDS = frozenset(
    """a an and are as at be but by for from has have in is it its of on or so than that the
    their them then there these they this to was we were what when which who will with you
    your""".split()  # noqa: SIM905 - easier to read
)

# A Snowball stemmer keeps state while it works: one per thread.
_local = threading.local()


@lru_cache(maxsize=50_000)
def stem(word):
    """The English stem of one word, in lower case: "Charities" gives "chariti"."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word.casefold())


def words(text):
    return WORD.findall((text or "").casefold())


def stems(text):
    """The stems of the words of ``text`` that differ from the words, once each."""
    found = {}
    for word in words(text):
        stemmed = stem(word)
        if stemmed != word:
            found[stemmed] = None
    return " ".join(found)


def search_terms(text):
    """[(word, stem or None)] to look for: the words of ``text`` less the stop words (unless
    there is nothing else), each with its stem where that differs."""
    found = list(dict.fromkeys(words(text)))
    kept = [word for word in found if word not in STOP_WORDS] or found
    return [(word, stem(word) if stem(word) != word else None) for word in kept]


def _flat(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(_flat(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_flat(item) for item in value.values())
    return str(value)


class Stemmed:
    """A model whose search index entry also holds the stems of its searchable words.

    Add ``index.SearchField("search_stems")`` to the model's ``search_fields``.
    """

    def search_stems(self):
        texts = [
            _flat(field.get_value(self))
            for field in self.get_search_fields()
            if isinstance(field, index.SearchField) and field.field_name != "search_stems"
        ]
        return stems(" ".join(texts))
