"""The joint bids' newer part of "Download your data": answers given at sign-off, answers kept
in the library and the sections a person had open to write. Only this person's part of a
record shared with others is given (see :mod:`consortium.members.personal_data`)."""

from consortium.bids.models import SectionPresence, SignOffResponse
from consortium.bids.models.answers import Answer
from consortium.members.personal_data_values import rows as _rows


def sections(user):
    """(key, title, rows) for each of these bid records that names ``user``, in reading order."""
    return [
        (
            "sign_off_answers",
            "Changes you asked for, or declines, instead of signing off",
            _responses(user),
        ),
        ("library_answers", "Answers you keep in the answer library", _answers(user)),
        ("sections_open", "Bid sections you had open to write (kept for a day)", _presence(user)),
    ]


def _responses(user):
    return _rows(
        SignOffResponse.objects.filter(person=user).select_related("bid", "organisation"),
        {
            "Bid": lambda r: r.bid.title,
            "For": lambda r: r.organisation.name,
            "Answer": lambda r: r.get_answer_display(),
            "Reason": lambda r: r.reason,
            "Bid version": lambda r: r.bid_version,
            "Given": lambda r: r.created_at,
        },
    )


def _answers(user):
    return _rows(
        Answer.objects.filter(owner=user),
        {
            "Title": lambda a: a.title,
            "Answer": lambda a: a.body,
            "Review by": lambda a: a.review_by,
            "Times used": lambda a: a.times_used,
            "Created": lambda a: a.created_at,
        },
    )


def _presence(user):
    return _rows(
        SectionPresence.objects.filter(person=user).select_related("section__bid"),
        {
            "Bid": lambda p: p.section.bid.title,
            "Section": lambda p: p.section.title,
            "Last seen": lambda p: p.last_seen,
        },
    )
