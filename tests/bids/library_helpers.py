"""Answers for the answer-library tests, in the bid world of ``world.py``."""

import datetime

from django.urls import reverse
from django.utils import timezone

from consortium.models import Answer


def make_answer(title, body="", owner=None, tags=(), review_by=None, **library):
    answer = Answer(
        title=title,
        body=body or f"{title}: how we do it.",
        owner=owner,
        review_by=review_by or timezone.localdate() + datetime.timedelta(days=200),
        **library,
    )
    answer.tags = tags
    answer.save()
    return answer


def library_url(**query):
    url = reverse("library:index")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def answer_url(answer, action=""):
    name = f"library:{action}" if action else "library:detail"
    return reverse(name, args=[answer.pk])


def save_url(section):
    return reverse("bids:save_answer", args=[section.bid.slug, section.pk])


def insert_url(section, answer):
    return reverse("bids:insert_answer", args=[section.bid.slug, section.pk, answer.pk])


def section_url(section):
    return reverse("bids:section", args=[section.bid.slug, section.pk])
