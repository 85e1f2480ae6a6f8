"""Previewing a section's formatting before saving it.

- The "Preview" button of the section form posts the form to the section page, which shows
  the text as it will look with nothing saved and the text kept in the box (no JavaScript
  needed); the section view calls :func:`preview_for`.
- With JavaScript, the preview panel is updated as the person types, from ``section_preview``,
  which returns the sanitised HTML of the posted text. There is one renderer, on the server.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from consortium import permissions
from consortium.bids import formatting
from consortium.bids.models import BidSection
from consortium.bids.models.parts import MAX_SECTION_LENGTH
from consortium.bids.views.pages import _bid, _login_first

NOTHING = '<p class="govuk-body">Nothing to preview yet.</p>'
TOO_LONG = (
    f'<p class="govuk-body">The text is too long to preview: it can be up to '
    f"{MAX_SECTION_LENGTH:,} characters.</p>"
)


def _preview(body):
    if len(body) > MAX_SECTION_LENGTH:
        return TOO_LONG
    return formatting.render_html(body) if body.strip() else NOTHING


def preview_for(request):
    """The preview of the posted text when the "Preview" button was pressed, else None."""
    if request.method != "POST" or "preview" not in request.POST:
        return None
    # Safe: escaped and cleaned to an allow-list by formatting.render_html.
    return mark_safe(_preview(request.POST.get("body", "")))  # noqa: S308


@_login_first
@require_POST
def section_preview(request, slug, pk):
    bid = _bid(request, slug)
    section = get_object_or_404(BidSection, bid=bid, pk=pk)
    section.bid = bid
    if not permissions.can_preview_section(request.user, section):
        raise PermissionDenied("You cannot edit this section")
    response = HttpResponse(_preview(request.POST.get("body", "")), content_type="text/html")
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("<slug:slug>/sections/<int:pk>/preview/", section_preview, name="section_preview"),
]
