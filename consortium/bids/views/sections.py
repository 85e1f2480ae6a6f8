"""A bid's sections: the list, settings, writing (with the merge), comments, history and restore."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from consortium import permissions
from consortium.bids import comments as comment_threads
from consortium.bids import drafting, formatting, section_review
from consortium.bids import versions as bids
from consortium.bids.comment_forms import SectionCommentForm
from consortium.bids.forms import (
    NewSectionForm,
    SectionForm,
    SectionSettingsForm,
)
from consortium.bids.models import (
    BidSection,
    SectionComment,
)
from consortium.bids.views import comments as comment_views
from consortium.bids.views import section_review as section_review_views
from consortium.bids.views.formatting import preview_for
from consortium.bids.views.library import library_panel
from consortium.bids.views.pages import _bid, _login_first
from consortium.bids.views.presence import section_presence_context

VERSIONS_PAGE_SIZE = 20


def _section(bid, pk):
    section = get_object_or_404(
        BidSection.objects.select_related("assigned_to", "updated_by", "reviewer"), bid=bid, pk=pk
    )
    section.bid = bid
    return section


@_login_first
@require_http_methods(["GET", "POST"])
def sections(request, slug):
    """Add, remove and reorder sections (the lead)."""
    bid = _bid(request, slug)
    user = request.user
    if not permissions.can_edit_bid(user, bid):
        raise PermissionDenied("Only the lead can change the bid's sections while it is open")
    form = NewSectionForm(request.POST if "add" in request.POST else None)
    if request.method == "POST":
        if "add" in request.POST:
            if form.is_valid():
                section = drafting.add_section(bid, form.cleaned_data["title"], user)
                messages.success(request, f"The section “{section.title}” is added.")
                return redirect("bids:sections", slug=bid.slug)
        else:
            chosen = request.POST.get("section", "")
            section = get_object_or_404(
                BidSection,
                bid=bid,
                pk=int(chosen) if chosen.isascii() and chosen.isdigit() and len(chosen) < 10 else 0,
            )
            section.bid = bid
            action = request.POST.get("action")
            if action == "up":
                drafting.move_section(section, -1, user)
                messages.success(request, f"“{section.title}” moved up.")
            elif action == "down":
                drafting.move_section(section, +1, user)
                messages.success(request, f"“{section.title}” moved down.")
            elif action == "remove":
                drafting.remove_section(section, user)
                messages.success(
                    request,
                    f"The section “{section.title}” is removed. Its text is kept in the "
                    "bid's history.",
                )
            return redirect("bids:sections", slug=bid.slug)
    return render(
        request,
        "consortium/bids/sections.html",
        {
            "bid": bid,
            "sections": list(bid.sections.select_related("assigned_to")),
            "form": form,
        },
    )


@_login_first
@require_http_methods(["GET", "POST"])
def section_settings(request, slug, pk):
    bid = _bid(request, slug)
    user = request.user
    if not permissions.can_edit_bid(user, bid):
        raise PermissionDenied("Only the lead can change a section's settings")
    section = _section(bid, pk)
    form = SectionSettingsForm(
        request.POST or None,
        bid=bid,
        initial={
            "title": section.title,
            "word_limit": section.word_limit,
            "assigned_to": section.assigned_to_id,
            "due_on": section.due_on,
            "reviewer": section.reviewer_id,
        },
        reviewers=permissions.possible_reviewers(bid)
        if permissions.can_set_reviewer(user, bid)
        else None,
    )
    if request.method == "POST" and form.is_valid():
        changes = section_review.settings_changes(section, form.cleaned_data)
        drafting.change_section_settings(section, changes, user)
        messages.success(request, f"The settings of “{section.title}” are saved.")
        return redirect("bids:sections", slug=bid.slug)
    return render(
        request,
        "consortium/bids/section_settings.html",
        {"bid": bid, "section": section, "form": form},
    )


def _conflict_view(conflict):
    """Both texts as blocks (paragraphs, list items...), marking the ones that clash."""
    blocks = formatting.blocks
    details = conflict.details.get("body", [])
    mine_clash = {p for d in details for p in blocks(d["mine"])}
    theirs_clash = {p for d in details for p in blocks(d["theirs"])}
    mine = conflict.mine.get("body", "")
    theirs = conflict.current.body
    return {
        "mine": [(p, p in mine_clash) for p in blocks(mine)],
        "theirs": [(p, p in theirs_clash) for p in blocks(theirs)],
        "theirs_status": conflict.current.get_status_display(),
        "status_clash": "status" in conflict.fields,
        "updated_by": conflict.current.updated_by,
    }


@_login_first
@require_http_methods(["GET", "POST"])
def section(request, slug, pk):
    bid = _bid(request, slug)
    user = request.user
    section = _section(bid, pk)
    editable = permissions.can_edit_section(user, section)
    form = preview = None
    status = 200
    conflict = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("You cannot edit this section")
        form = SectionForm(request.POST, section=section)
        preview = preview_for(request)
        if preview is None and form.is_valid():
            data = form.cleaned_data
            moved, reason = section_review.edit_changes(section, data["body"])
            try:
                saved, merged = bids.save_with_merge(
                    BidSection,
                    section.pk,
                    data["version"],
                    {"body": data["body"], **moved},
                    user,
                    reason=reason,
                )
            except bids.Conflict as clash:
                status = 409
                conflict = _conflict_view(clash)
                fresh = request.POST.copy()
                fresh["version"] = str(clash.current.version)
                form = SectionForm(fresh, section=section)
                form.is_valid()
            else:
                bids.content_changed(bid, user, f"The section “{saved.title}”")
                if merged:
                    messages.success(
                        request,
                        "Someone else saved this section while you were editing. Their "
                        "changes and yours did not overlap, so both are kept.",
                    )
                else:
                    messages.success(request, "Section saved")
                return redirect("bids:section", slug=bid.slug, pk=section.pk)
    elif editable:
        form = SectionForm(
            initial={"body": section.body, "version": section.version},
            section=section,
        )
    return render(
        request,
        "consortium/bids/section.html",
        {
            "bid": bid,
            "section": section,
            "form": form,
            "editable": editable,
            "conflict": conflict,
            **comment_views.section_context(user, section),
            **section_presence_context(request, bid, section),
            "preview": preview,
            "library": library_panel(user, section, form),
            **section_review_views.section_context(user, section),
        },
        status=status,
    )


@_login_first
@require_POST
def comment(request, slug, pk):
    bid = _bid(request, slug)
    user = request.user
    section = _section(bid, pk)
    if not permissions.can_comment(user, bid):
        raise PermissionDenied("Comments are closed on this bid")
    form = SectionCommentForm(request.POST, section=section)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect(f"{section_url(bid, section)}#comments")
    data = form.cleaned_data
    comment_threads.add_comment(
        section, user, comment_views.organisation_for(user, bid), data["comment"], data["paragraph"]
    )
    messages.success(request, "Your comment is added.")
    return redirect(f"{section_url(bid, section)}#comments")


@_login_first
@require_POST
def resolve_comment(request, slug, pk):
    bid = _bid(request, slug)
    comment = get_object_or_404(
        SectionComment.objects.select_related("section"), section__bid=bid, pk=pk
    )
    comment.section.bid = bid
    if not permissions.can_resolve_comment(request.user, comment):
        raise PermissionDenied("Only the section's writers can resolve a comment")
    comment_threads.resolve(comment, request.user)
    messages.success(request, "The comment is marked as resolved.")
    return redirect(f"{section_url(bid, comment.section)}#comment-{comment.pk}")


def section_url(bid, section):
    from django.urls import reverse

    return reverse("bids:section", args=[bid.slug, section.pk])


def _record(section, history_id):
    try:
        history_id = int(history_id)
    except (TypeError, ValueError):
        return None
    return section.history.filter(history_id=history_id).first()


@_login_first
def section_history(request, slug, pk):
    bid = _bid(request, slug)
    section = _section(bid, pk)
    versions = section.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    page = Paginator(versions, VERSIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page)
    # Ticked: the pair compared, else the newest two versions on the page.
    ticked = [r.history_id for r in shown[1::-1]] if len(shown) > 1 else [None, None]
    compare = None
    if "from" in request.GET or "to" in request.GET:
        old, new = (
            _record(section, request.GET.get("from")),
            _record(section, request.GET.get("to")),
        )
        if old is None or new is None:
            messages.error(request, "Choose two versions of this section to compare")
        else:
            compare = {
                "old": old,
                "new": new,
                "paragraphs": drafting.diff_paragraphs(old.body, new.body),
            }
            ticked = [old.history_id, new.history_id]
    return render(
        request,
        "consortium/bids/section_history.html",
        {
            "bid": bid,
            "section": section,
            "page_obj": page,
            "versions": page,
            "compare": compare,
            "ticked_from": ticked[0],
            "ticked_to": ticked[1],
            "can_restore": permissions.can_edit_section(request.user, section),
            "comment_threads": comment_threads.history_of(section),
        },
    )


@_login_first
@require_http_methods(["GET", "POST"])
def section_restore(request, slug, pk, history_id):
    bid = _bid(request, slug)
    section = _section(bid, pk)
    if not permissions.can_edit_section(request.user, section):
        raise PermissionDenied("You cannot restore this section")
    record = get_object_or_404(section.history.all(), history_id=history_id)
    if request.method == "POST":
        restored = drafting.restore_section(section, record, request.user)
        messages.success(
            request,
            f"Version {record.version} of “{section.title}” is restored as version "
            f"{restored.version}.",
        )
        return redirect("bids:section", slug=bid.slug, pk=section.pk)
    return render(
        request,
        "consortium/bids/section_restore.html",
        {
            "bid": bid,
            "section": section,
            "record": record,
            "paragraphs": drafting.diff_paragraphs(section.body, record.body),
        },
    )


urlpatterns = [
    path("<slug:slug>/sections/", sections, name="sections"),
    path("<slug:slug>/sections/<int:pk>/", section, name="section"),
    path("<slug:slug>/sections/<int:pk>/settings/", section_settings, name="section_settings"),
    path("<slug:slug>/sections/<int:pk>/comments/", comment, name="comment"),
    path("<slug:slug>/sections/<int:pk>/history/", section_history, name="section_history"),
    path(
        "<slug:slug>/sections/<int:pk>/history/<int:history_id>/restore/",
        section_restore,
        name="section_restore",
    ),
    path("<slug:slug>/comments/<int:pk>/resolve/", resolve_comment, name="resolve_comment"),
]
