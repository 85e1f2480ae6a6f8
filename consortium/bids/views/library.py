"""The answer library: /library/ to find, read, change and review answers, and on a bid's
section page "Save as an answer" and the "Answers that may fit" panel's "Insert this answer".

``urlpatterns`` joins the bids' URLs (under /bids/); ``library_urlpatterns`` is /library/.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from consortium import permissions
from consortium.bids import library
from consortium.bids.library_forms import AnswerForm
from consortium.bids.models.answers import Answer, AnswerTag
from consortium.bids.views.pages import _bid, _login_first

PAGE_SIZE = 20


def _answers(user):
    return permissions.visible_answers(user, Answer.objects.all()).select_related(
        "organisation", "consortium"
    )


def _answer(request, pk):
    answer = get_object_or_404(Answer.objects.select_related("organisation", "consortium"), pk=pk)
    permissions.or_404(permissions.can_view_answer(request.user, answer), "No such answer")
    return answer


def _library_user(request):
    permissions.or_404(permissions.can_use_library(request.user), "No answer library")


def _filter_libraries(user):
    choices = [c for c in permissions.writable_libraries(user) if c[0] != "shared"]
    return [*choices, ("shared", "Shared library")]


def library_panel(user, section, form):
    """The section page's library panel: links, and the answers that may fit the section."""
    panel = {
        "can_use": permissions.can_use_library(user),
        "can_save": permissions.can_save_as_answer(user, section),
        "suggestions": [],
    }
    if form is not None and panel["can_use"]:
        text = form["body"].value() or ""
        panel["suggestions"] = library.suggestions(_answers(user), section.title, text)
    return panel


@_login_first
def index(request):
    _library_user(request)
    user = request.user
    answers = _answers(user)
    query = request.GET.get("q", "")[:200].strip()
    tag = request.GET.get("tag", "")
    chosen = request.GET.get("library", "")
    libraries = _filter_libraries(user)
    if query:
        answers = library.search(answers, query)
    answers = library.with_tag(answers, tag)
    if chosen in dict(libraries):
        answers = library.in_library(answers, chosen)
    page = Paginator(answers.order_by("title", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consortium/bids/library/index.html",
        {
            "page_obj": page,
            "answers": page,
            "query": query,
            "tag": tag,
            "tags": AnswerTag.choices,
            "library": chosen,
            "libraries": libraries,
            "can_add": bool(permissions.writable_libraries(user)),
        },
    )


@_login_first
@require_http_methods(["GET", "POST"])
def new(request):
    _library_user(request)
    libraries = permissions.writable_libraries(request.user)
    form = AnswerForm(request.POST or None, libraries=libraries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answer = library.add_answer(request.user, data, data["library"], libraries)
        messages.success(request, f"“{answer.title}” is added to the library.")
        return redirect("library:detail", pk=answer.pk)
    return render(
        request, "consortium/bids/library/form.html", {"form": form, "heading": "Add an answer"}
    )


@_login_first
def detail(request, pk):
    answer = _answer(request, pk)
    return render(
        request,
        "consortium/bids/library/detail.html",
        {"answer": answer, "can_edit": permissions.can_edit_answer(request.user, answer)},
    )


def _editable(request, pk):
    answer = _answer(request, pk)
    if not permissions.can_edit_answer(request.user, answer):
        raise PermissionDenied("Only the answer's owner and its library's keepers can change it")
    return answer


@_login_first
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    answer = _editable(request, pk)
    form = AnswerForm(
        request.POST or None,
        libraries=[],
        with_library=False,
        initial={
            "title": answer.title,
            "body": answer.body,
            "tags": answer.tags,
            "review_by": answer.review_by,
        },
    )
    if request.method == "POST" and form.is_valid():
        library.change_answer(answer, form.cleaned_data)
        messages.success(request, f"“{answer.title}” is saved.")
        return redirect("library:detail", pk=answer.pk)
    return render(
        request,
        "consortium/bids/library/form.html",
        {"form": form, "answer": answer, "heading": f"Change “{answer.title}”"},
    )


@_login_first
@require_POST
def reviewed(request, pk):
    answer = library.mark_reviewed(_editable(request, pk))
    messages.success(
        request,
        f"“{answer.title}” is marked as reviewed: review it again by {answer.review_by:%-d %B %Y}.",
    )
    return redirect("library:detail", pk=answer.pk)


@_login_first
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    answer = _editable(request, pk)
    if request.method == "POST":
        answer._change_reason = "Deleted from the library"
        answer.delete()
        messages.success(request, f"“{answer.title}” is deleted. Its history is kept.")
        return redirect("library:index")
    return render(request, "consortium/bids/library/delete.html", {"answer": answer})


# --- on a bid's section page -------------------------------------------------------------------


def _section(bid, pk):
    section = get_object_or_404(bid.sections.all(), pk=pk)
    section.bid = bid
    return section


@_login_first
@require_http_methods(["GET", "POST"])
def save_answer(request, slug, pk):
    """Keep a finished section (or the part of it worth reusing) as an answer."""
    bid = _bid(request, slug)
    section = _section(bid, pk)
    if not permissions.can_save_as_answer(request.user, section):
        raise PermissionDenied("Only a finished section, or one of a submitted bid, can be kept")
    libraries = permissions.writable_libraries(request.user, bid.consortium)
    form = AnswerForm(
        request.POST or None,
        libraries=libraries,
        initial={"title": section.title, "body": section.body},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answer = library.add_answer(request.user, data, data["library"], libraries)
        messages.success(request, f"“{answer.title}” is saved in the answer library.")
        return redirect("library:detail", pk=answer.pk)
    return render(
        request,
        "consortium/bids/library/form.html",
        {"form": form, "bid": bid, "section": section, "heading": "Save as an answer"},
    )


@_login_first
@require_POST
def insert_answer(request, slug, pk, answer_pk):
    """Add an answer at the end of a section, through the section's own save (and merge)."""
    from consortium.bids.views import sections

    bid = _bid(request, slug)
    section = _section(bid, pk)
    answer = _answer(request, answer_pk)
    if not permissions.can_insert_answer(request.user, section, answer):
        raise PermissionDenied("You cannot edit this section")
    posted = request.POST.copy()
    if "body" not in posted:
        # Without JavaScript: the answer goes after the section's latest saved text.
        posted["body"], posted["version"] = section.body, str(section.version)
    posted.setdefault("status", section.status)
    posted["body"] = library.appended(posted["body"], answer)
    request.POST = posted
    response = sections.section(request, slug, pk)
    if response.status_code == 302:
        library.count_use(answer)
        messages.info(request, f"The answer “{answer.title}” is added at the end of the section.")
    return response


urlpatterns = [
    path("<slug:slug>/sections/<int:pk>/save-as-answer/", save_answer, name="save_answer"),
    path(
        "<slug:slug>/sections/<int:pk>/insert-answer/<int:answer_pk>/",
        insert_answer,
        name="insert_answer",
    ),
]

library_urlpatterns = [
    path("", index, name="index"),
    path("new/", new, name="new"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/reviewed/", reviewed, name="reviewed"),
    path("<int:pk>/delete/", delete, name="delete"),
]
