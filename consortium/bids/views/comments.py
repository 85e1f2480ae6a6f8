"""Comments on a section: the threads beside its paragraphs, replies, resolving and reopening
a thread. (A new comment and "Mark as resolved" post to ``sections``' views.)"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from consortium import permissions
from consortium.bids import comments
from consortium.bids.comment_forms import ReplyForm, SectionCommentForm
from consortium.bids.models import SectionComment
from consortium.bids.views.pages import _bid, _login_first


def organisation_for(user, bid):
    """The organisation a comment is made for: the one acting, else the person's first place."""
    places = permissions.consortium_places(user, bid.consortium)
    acting = permissions.acting_organisation_id(user)
    return acting if acting in places else next(iter(places), None)


def section_context(user, section):
    """What the section page shows of comments: the threads on each paragraph, the form for
    a new comment and a reply form under each comment the person may answer."""
    threads = comments.threads_of(section)
    may_comment = permissions.can_comment(user, section.bid)
    for thread in threads.every:
        thread.section = section
        thread.can_resolve = permissions.can_resolve_comment(user, thread)
        for comment in [thread, *thread.thread_replies]:
            comment.reply_form = ReplyForm(comment=comment) if may_comment else None
    return {
        "threads": threads,
        "comment_form": SectionCommentForm(section=section) if may_comment else None,
    }


def _comment(bid, pk):
    comment = get_object_or_404(
        SectionComment.objects.select_related("section", "parent", "author"),
        section__bid=bid,
        pk=pk,
    )
    comment.section.bid = bid
    return comment


def _back(bid, comment):
    anchor = comment.parent_id or comment.pk
    return redirect(
        reverse("bids:section", args=[bid.slug, comment.section_id]) + f"#comment-{anchor}"
    )


@_login_first
@require_POST
def reply_to_comment(request, slug, pk):
    bid = _bid(request, slug)
    answered = _comment(bid, pk)
    if not permissions.can_reply_to_comment(request.user, answered):
        raise PermissionDenied("Comments are closed on this bid")
    form = ReplyForm(request.POST, comment=answered)
    if not form.is_valid():
        messages.error(request, form.errors["reply"][0])
        return _back(bid, answered)
    new = comments.reply(
        answered, request.user, organisation_for(request.user, bid), form.cleaned_data["reply"]
    )
    messages.success(request, "Your reply is added.")
    return _back(bid, new)


@_login_first
@require_POST
def reopen_comment(request, slug, pk):
    bid = _bid(request, slug)
    thread = _comment(bid, pk)
    if not permissions.can_resolve_comment(request.user, thread):
        raise PermissionDenied("Only the section's writers can reopen a comment")
    comments.reopen(thread)
    messages.success(request, "The comment is open again.")
    return _back(bid, thread)


urlpatterns = [
    path("<slug:slug>/comments/<int:pk>/reply/", reply_to_comment, name="reply_to_comment"),
    path("<slug:slug>/comments/<int:pk>/reopen/", reopen_comment, name="reopen_comment"),
]
