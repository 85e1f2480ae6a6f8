"""The reply's page: the reply, its conversation, the contact details once accepted; sending
a message, reporting the conversation, downloading a message's file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from consortium import permissions
from consortium.brokerage import conversations
from consortium.brokerage import rules as brokerage
from consortium.brokerage.conversations import Message
from consortium.brokerage.models import Reply, ReplyStatus
from consortium.uploads import download_response

from .common import require_signed_in, signed_in_view
from .forms import ConversationReportForm, MessageForm


def reply_or_404(request, pk):
    found = get_object_or_404(
        Reply.objects.select_related(
            "listing__organisation", "organisation", "user__person", "offer", "match"
        ),
        pk=pk,
    )
    if not permissions.can_view_reply(request.user, found):
        raise Http404("No such reply.")
    return found


def reply_page(request, found, message_form=None, report_form=None, status=200):
    """Render the reply's page for whoever may see it (the two sides, and staff)."""
    user = request.user
    reported = conversations.reported(found)
    can_read = permissions.can_read_conversation(user, found, reported=reported)
    can_send = permissions.can_send_message(user, found)
    can_report = permissions.can_report_conversation(user, found)
    side = permissions.conversation_side(user, found)
    contacts = (
        conversations.contacts(found) if permissions.can_see_contact_details(user, found) else None
    )
    return render(
        request,
        "consortium/brokerage/answer.html",
        {
            "reply": found,
            "listing": found.listing,
            "side": side,
            "can_answer": permissions.can_answer_reply(user, found),
            "waiting_days": brokerage.waiting_days(found),
            "overdue": brokerage.is_overdue(found),
            "statuses": ReplyStatus,
            "can_read": can_read,
            "conversation": (
                found.messages.select_related("author") if can_read else Message.objects.none()
            ),
            "message_form": (message_form or MessageForm()) if can_send else None,
            "report_form": (report_form or ConversationReportForm()) if can_report else None,
            "reported": reported,
            "other_contact": contacts and contacts["responder" if side == "owner" else "owner"],
        },
        status=status,
    )


@require_POST
@signed_in_view
def send(request, pk):
    """Either side writes to the other; bad input is shown on the reply's page."""
    require_signed_in(request)
    found = reply_or_404(request, pk)
    if not permissions.can_send_message(request.user, found):
        raise PermissionDenied
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        return reply_page(request, found, message_form=form, status=400)
    conversations.send_message(
        found,
        request.user,
        permissions.conversation_side(request.user, found),
        form.cleaned_data["text"],
        upload=form.cleaned_data.get("attachment"),
        content_type=getattr(form, "attachment_type", ""),
    )
    messages.success(request, "Your message is sent")
    return redirect(reverse("listings:answer", args=[found.pk]) + "#conversation")


@require_POST
@signed_in_view
def report(request, pk):
    """One side asks staff to look at the conversation."""
    require_signed_in(request)
    found = reply_or_404(request, pk)
    if not permissions.can_report_conversation(request.user, found):
        raise PermissionDenied
    form = ConversationReportForm(request.POST)
    if not form.is_valid():
        return reply_page(request, found, report_form=form, status=400)
    conversations.report_conversation(found, request.user, form.cleaned_data["reason"])
    messages.success(request, "Thank you. Staff will look at this conversation")
    return redirect("listings:answer", pk=found.pk)


def download(request, pk):
    """A message's file, only for the two sides of its conversation, always as a download."""
    message = get_object_or_404(
        Message.objects.select_related("reply__listing", "reply__organisation"),
        pk=pk,
        file__gt="",
    )
    if not permissions.can_download_message_file(request.user, message):
        raise Http404("No such file.")
    return download_response(message.file, message.original_name, message.content_type)
