"""Section review: mark a section ready for review, approve it, return it with comments; what
the section page and the bid page show of it. Rules: ``consortium.bids.section_review``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from consortium import permissions
from consortium.bids import section_review
from consortium.bids.comment_forms import ReturnForm
from consortium.bids.models import BidSection, SectionStatus
from consortium.bids.views.comments import organisation_for
from consortium.bids.views.pages import _bid, _login_first

DONE = {
    "ready": "The section is marked ready for review. Its reviewer is told.",
    "approve": "The section is approved.",
}


def _section(bid, pk):
    section = get_object_or_404(
        BidSection.objects.select_related("assigned_to", "reviewer"), bid=bid, pk=pk
    )
    section.bid = bid
    return section


def _back(bid, section):
    return redirect(reverse("bids:section", args=[bid.slug, section.pk]) + "#review")


@_login_first
@require_POST
def move(request, slug, pk):
    """The writer's "Ready for review" (or "Mark as approved" without a reviewer) and the
    reviewer's "Approve"."""
    bid = _bid(request, slug)
    user = request.user
    section = _section(bid, pk)
    action = request.POST.get("action")
    may_ready = permissions.can_mark_ready_for_review(user, section)
    may_approve = permissions.can_review_section(user, section) or permissions.can_approve_directly(
        user, section
    )
    if not (may_ready or may_approve):
        raise PermissionDenied("You cannot hand over or approve this section")
    if action == "ready" and may_ready:
        act = section_review.mark_ready
    elif action == "approve" and may_approve:
        act = section_review.approve
    elif action in DONE:
        raise PermissionDenied("You cannot do this to the section")
    else:
        messages.error(request, "Choose to mark the section ready for review or to approve it")
        return _back(bid, section)
    try:
        act(section, user)
    except section_review.ReviewRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, DONE[action])
    return _back(bid, section)


@_login_first
@require_http_methods(["GET", "POST"])
def return_section(request, slug, pk):
    """The reviewer returns the section with a note, optionally on one paragraph."""
    bid = _bid(request, slug)
    user = request.user
    section = _section(bid, pk)
    if not permissions.can_review_section(user, section):
        raise PermissionDenied("Only the section's reviewer can return it")
    form = ReturnForm(request.POST or None, section=section)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            section_review.return_with_comments(
                section, user, organisation_for(user, bid), data["comment"], data["paragraph"]
            )
        except section_review.ReviewRefused as refused:
            messages.error(request, str(refused))
            return _back(bid, section)
        messages.success(request, "The section is returned with your comments. Its writer is told.")
        return _back(bid, section)
    return render(
        request,
        "consortium/bids/section_return.html",
        {"bid": bid, "section": section, "form": form},
    )


def section_context(user, section):
    """What the section page shows of the review: the reviewer, the buttons the person may
    press, and whether saving a change sends the section back to drafting."""
    return {
        "review": {
            "can_mark_ready": permissions.can_mark_ready_for_review(user, section)
            and section.status in section_review.MOVES["ready"][0],
            "can_approve_directly": permissions.can_approve_directly(user, section)
            and section.status in section_review.MOVES["approve-directly"][0],
            "can_review": permissions.can_review_section(user, section)
            and section.status == SectionStatus.IN_REVIEW,
            "reopens": section.status in section_review.REOPENED_BY_EDITS,
        }
    }


urlpatterns = [
    path("<slug:slug>/sections/<int:pk>/review/", move, name="section_review"),
    path("<slug:slug>/sections/<int:pk>/review/return/", return_section, name="section_return"),
]
