"""Who is writing a section now: the writing page's heartbeat, and the "left" signal."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_POST

from consortium import permissions
from consortium.bids import presence
from consortium.bids.models import BidSection
from consortium.bids.views.common import require
from consortium.bids.views.pages import _bid, _login_first


def section_presence_context(request, bid, section):
    """What the section page shows about who else is writing it; records this writer first."""
    if request.method == "GET" and permissions.can_share_presence(request.user, section):
        presence.record(section, request.user, permissions.speaking_for(request.user, bid))
    others = presence.others_editing(section, request.user)
    return {
        "editing_message": presence.editing_message(others),
        "heartbeat_seconds": presence.HEARTBEAT_SECONDS,
    }


def _present_section(request, slug, pk):
    bid = _bid(request, slug)
    section = get_object_or_404(BidSection, bid=bid, pk=pk)
    section.bid = bid
    require(permissions.can_share_presence(request.user, section))
    return bid, section


@_login_first
@require_POST
def heartbeat(request, slug, pk):
    """The writing page is still open: say so, and hear who else has it open (JSON)."""
    bid, section = _present_section(request, slug, pk)
    presence.record(section, request.user, permissions.speaking_for(request.user, bid))
    others = presence.others_editing(section, request.user)
    return JsonResponse({"editing": others, "message": presence.editing_message(others)})


@_login_first
@require_POST
def left(request, slug, pk):
    """The writing page was closed (sent by the browser as it goes; best effort)."""
    _, section = _present_section(request, slug, pk)
    presence.leave(section, request.user)
    return HttpResponse(status=204)


urlpatterns = [
    path("<slug:slug>/sections/<int:pk>/presence/", heartbeat, name="section_presence"),
    path("<slug:slug>/sections/<int:pk>/presence/left/", left, name="section_left"),
]
