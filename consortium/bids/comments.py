"""Comments on a bid section: threads (a comment and its replies), the paragraph a comment is
on, and resolving a thread.

A comment on a paragraph keeps a hash of the paragraph's normalised text, its position and its
words at the time. After the section is edited, the paragraph is found again: the one with the
same hash (the nearest to its old position if several), else the most similar paragraph above
``SIMILAR_ENOUGH``; else it has changed or gone, and the comment shows its original words.
"""

import difflib
import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from consortium import events
from consortium.bids import formatting, versions
from consortium.bids.models import SectionComment
from consortium.events import Event

# How alike (difflib's ratio, 0 to 1) an edited paragraph must be to keep its comments.
SIMILAR_ENOUGH = 0.6
# How many words of a paragraph name it in the choice of paragraphs.
FIRST_WORDS = 8


def normalise(paragraph):
    return " ".join(paragraph.split()).casefold()


def paragraph_hash(paragraph):
    return hashlib.sha256(normalise(paragraph).encode()).hexdigest()


def first_words(paragraph, count=FIRST_WORDS):
    words = formatting.plain_text(paragraph).split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def paragraph_choices(body):
    """The section's paragraphs as (number from 1, first words), for the comment form."""
    return [(n, first_words(p)) for n, p in enumerate(versions.paragraphs(body), start=1)]


def anchor_fields(body, number):
    """The fields that pin a comment to paragraph ``number`` (from 1) of ``body``."""
    paragraphs = versions.paragraphs(body)
    if not number or not 1 <= number <= len(paragraphs):
        return {}
    text = paragraphs[number - 1]
    return {"anchor_hash": paragraph_hash(text), "anchor_index": number - 1, "anchor_text": text}


def locate(comment, paragraphs, hashes=None):
    """The index of the paragraph ``comment`` is on now; None if it is on no paragraph, -1 if
    its paragraph has changed or been removed."""
    if not comment.anchor_hash:
        return None
    hashes = hashes if hashes is not None else [paragraph_hash(p) for p in paragraphs]
    old = comment.anchor_index or 0
    same = [i for i, h in enumerate(hashes) if h == comment.anchor_hash]
    if same:
        return min(same, key=lambda i: (abs(i - old), i))
    wanted = normalise(comment.anchor_text)
    best, best_ratio = -1, SIMILAR_ENOUGH
    for i, paragraph in enumerate(paragraphs):
        ratio = difflib.SequenceMatcher(None, wanted, normalise(paragraph)).ratio()
        if ratio > best_ratio:
            best, best_ratio = i, ratio
    return best


@dataclass
class Paragraph:
    number: int
    text: str
    threads: list = field(default_factory=list)

    @property
    def open_count(self):
        return sum(1 for t in self.threads if not t.resolved)


@dataclass
class Threads:
    paragraphs: list
    general: list
    lost: list

    @property
    def every(self):
        return self.general + self.lost + [t for p in self.paragraphs for t in p.threads]

    @property
    def on_paragraphs(self):
        return [p for p in self.paragraphs if p.threads]


def threads_of(section):
    """The section's threads, placed on its current paragraphs (two queries)."""
    comments = list(
        section.comments.select_related("author", "organisation", "resolved_by").order_by(
            "created_at", "pk"
        )
    )
    top = [c for c in comments if c.parent_id is None]
    by_id = {c.pk: c for c in top}
    for thread in top:
        thread.thread_replies = []
    for reply in comments:
        if reply.parent_id in by_id:
            by_id[reply.parent_id].thread_replies.append(reply)
    texts = versions.paragraphs(section.body)
    hashes = [paragraph_hash(p) for p in texts]
    paragraphs = [Paragraph(n, text) for n, text in enumerate(texts, start=1)]
    general, lost = [], []
    for thread in top:
        where = locate(thread, texts, hashes)
        thread.paragraph_number = None if where is None or where < 0 else where + 1
        if where is None:
            general.append(thread)
        elif where < 0:
            lost.append(thread)
        else:
            paragraphs[where].threads.append(thread)
    return Threads(paragraphs, general, lost)


def add_comment(section, user, organisation_id, body, paragraph=None):
    """A new thread on the section, on paragraph number ``paragraph`` if given."""
    comment = SectionComment.objects.create(
        section=section,
        author=user,
        organisation_id=organisation_id,
        body=body,
        **anchor_fields(section.body, paragraph),
    )
    events.announce(Event.SECTION_COMMENTED, comment=comment)
    return comment


def reply(answered, user, organisation_id, body):
    """A reply to ``answered`` (a comment or a reply), in the thread ``answered`` is in; tells
    the person it answers."""
    thread = answered.parent or answered
    new = SectionComment.objects.create(
        section=answered.section,
        author=user,
        organisation_id=organisation_id,
        body=body,
        parent=thread,
    )
    events.announce(Event.SECTION_COMMENT_REPLIED, comment=new, answered=answered)
    return new


def resolve(thread, user):
    thread.resolved, thread.resolved_by, thread.resolved_at = True, user, timezone.now()
    thread.save(update_fields=["resolved", "resolved_by", "resolved_at"])


def reopen(thread):
    thread.resolved, thread.resolved_by, thread.resolved_at = False, None, None
    thread.save(update_fields=["resolved", "resolved_by", "resolved_at"])


def open_threads():
    """Threads not yet resolved (replies are counted with their thread)."""
    return SectionComment.objects.filter(parent__isnull=True, resolved=False)


def count_open(sections):
    """Sets ``open_comments`` on each section, in one query."""
    counts = dict(
        open_threads()
        .filter(section__in=[s.pk for s in sections])
        .values_list("section")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for section in sections:
        section.open_comments = counts.get(section.pk, 0)
    return sections


def has_open_threads():
    """For a BidSection queryset: the section has a thread not yet resolved."""
    return Exists(open_threads().filter(section=OuterRef("pk")))


def open_count():
    """For a BidSection queryset: how many of its threads are not yet resolved."""
    counted = (
        open_threads()
        .filter(section=OuterRef("pk"))
        .order_by()
        .values("section")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def history_of(section):
    """Every thread on the section, newest first, with who resolved it and when."""
    return list(
        section.comments.filter(parent__isnull=True)
        .select_related("author", "organisation", "resolved_by")
        .annotate(reply_count=Count("replies"))
        .order_by("-created_at", "-pk")
    )
