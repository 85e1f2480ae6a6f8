"""The answer library's rules: searching, suggesting, saving, reviewing and counting use.

Search and suggestions use the English stems of ``portal.stemming``, as the brokerage search
does: "safeguarding" finds "safeguard" and "Safeguarding policy"; a word of three letters or
more also finds longer words it begins ("vol" finds "volunteers").
"""

from collections import Counter

from django.db.models import F, Q
from django.utils import timezone

from consortium.bids.models.answers import Answer, AnswerTag, months_on
from portal import stemming

SUGGESTIONS = 5
# The most words of a section's text weighed for suggestions: its commonest.
TEXT_WORDS = 25
TITLE_WEIGHT = 4
TAG_WEIGHT = 3


def _stem_terms(text):
    return [stemming.stem(word) for word, _ in stemming.search_terms(text)]


def _matching(stem):
    term = Q(search_text__icontains=f" {stem} ")
    if len(stem) >= stemming.MIN_PREFIX:
        term = Q(search_text__icontains=f" {stem}")
    return term


def search(queryset, text):
    """The answers holding every word of ``text`` (or its stem, or a longer word it begins)."""
    for stem in _stem_terms(text)[:20]:
        queryset = queryset.filter(_matching(stem))
    return queryset


def in_library(queryset, key):
    """Answers of one library: "organisation-<id>", "consortium-<id>" or "shared"."""
    kind, _, number = (key or "").partition("-")
    if key == "shared":
        return queryset.filter(organisation__isnull=True, consortium__isnull=True)
    if kind in ("organisation", "consortium") and number.isascii() and number.isdigit():
        return queryset.filter(**{f"{kind}_id": int(number[:10])})
    return queryset


def with_tag(queryset, tag):
    if tag in AnswerTag.values:
        return queryset.filter(tag_list__contains=f",{tag},")
    return queryset


def _stems_of(text):
    return {stemming.stem(word) for word in stemming.words(text)}


def _weights(title, text):
    weights = Counter()
    for stem in _stem_terms(title):
        weights[stem] += TITLE_WEIGHT
    counted = Counter(
        stemming.stem(word)
        for word in stemming.words(text)
        if word not in stemming.STOP_WORDS and len(word) > 2
    )
    for stem, _ in counted.most_common(TEXT_WORDS):
        weights[stem] += 1
    return weights


def score(answer, weights):
    """How well an answer fits: words of the section in its title and tags count most."""
    title = _stems_of(answer.title)
    tags = _stems_of(" ".join(answer.tag_labels))
    body = set(answer.search_text.split())
    total = 0
    for stem, weight in weights.items():
        if stem in title:
            total += weight * TITLE_WEIGHT
        if stem in tags:
            total += weight * TAG_WEIGHT
        if stem in body:
            total += weight
    return total


def suggestions(queryset, title, text, limit=SUGGESTIONS):
    """Up to ``limit`` answers of ``queryset`` that fit a section, best first."""
    weights = _weights(title, text)
    if not weights:
        return []
    anyword = Q()
    for stem in weights:
        anyword |= Q(search_text__icontains=f" {stem} ")
    candidates = queryset.filter(anyword).select_related("organisation", "consortium")
    scored = [(score(answer, weights), answer) for answer in candidates[:200]]
    scored = [pair for pair in scored if pair[0] > 0]
    scored.sort(key=lambda pair: (-pair[0], pair[1].is_stale, pair[1].title, pair[1].pk))
    return [answer for _, answer in scored[:limit]]


def place(key, choices):
    """{"organisation": id} / {"consortium": id} / {} for a library key the person may use."""
    if key not in dict(choices):
        raise ValueError(key)
    kind, _, number = key.partition("-")
    return {f"{kind}_id": int(number)} if number else {}


def add_answer(user, data, key, choices):
    """A new answer from a form's cleaned data, in the library ``key``."""
    answer = Answer(
        title=data["title"],
        body=data["body"],
        review_by=data["review_by"],
        owner=user,
        **place(key, choices),
    )
    answer.tags = data["tags"]
    answer._change_reason = "Added to the library"
    answer.save()
    return answer


def change_answer(answer, data):
    answer.title = data["title"]
    answer.body = data["body"]
    answer.review_by = data["review_by"]
    answer.tags = data["tags"]
    answer.save()
    return answer


def mark_reviewed(answer):
    """Someone read the answer and it still holds: fresh for another 12 months from today."""
    answer.review_by = months_on(timezone.localdate())
    answer._change_reason = "Marked as reviewed"
    answer.save(update_fields=["review_by", "updated_at"])
    return answer


def count_use(answer):
    """One more use, counted in the database so two people inserting at once both count."""
    Answer.objects.filter(pk=answer.pk).update(times_used=F("times_used") + 1)


def appended(text, answer):
    """The section's text with the answer added as new paragraphs at its end."""
    text = (text or "").rstrip()
    return f"{text}\n\n{answer.body.strip()}" if text else answer.body.strip()
