"""Staff approve or turn down the schemes members propose (the Wagtail admin, under
/admin/brokerage/schemes/); the proposer is emailed either way."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views import View
from wagtail.admin.menu import MenuItem

from consortium import permissions
from consortium.buying import proposals
from consortium.buying.models import Scheme, SchemeStatus
from portal.forms import length_limit_message

MAX_NOTE = 2000


def waiting_count():
    """How many proposed schemes wait for staff (the admin dashboard's "N waiting")."""
    return Scheme.objects.filter(status=SchemeStatus.PROPOSED).count()


class SchemeQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_review_schemes(request.user)


class SchemeQueueView(View):
    """Schemes proposed by members, oldest first, each with approve and turn-down forms."""

    def get(self, request):
        if not permissions.can_review_schemes(request.user):
            raise PermissionDenied
        waiting = (
            Scheme.objects.filter(status=SchemeStatus.PROPOSED)
            .select_related("coordinator", "proposed_by")
            .order_by("updated_at")
        )
        return TemplateResponse(request, "consortium/buying/moderation.html", {"waiting": waiting})


class SchemeReviewView(View):
    """Approve or turn down one proposed scheme (POST, CSRF-protected)."""

    approve = True

    def post(self, request, pk):
        if not permissions.can_review_schemes(request.user):
            raise PermissionDenied
        scheme = get_object_or_404(Scheme, pk=pk, member_run=True)
        note = request.POST.get("note", "").strip()
        if len(note) > MAX_NOTE:
            messages.error(
                request,
                length_limit_message("The note", MAX_NOTE, len(note))
                + f" “{scheme.title}” is left as it is.",
            )
            return redirect("consortium_staff:scheme_moderation")
        try:
            if self.approve:
                proposals.approve(scheme, request.user, note)
                messages.success(request, f"“{scheme.title}” is approved; the proposer is told.")
            else:
                proposals.reject(scheme, request.user, note)
                messages.success(request, f"“{scheme.title}” is turned down; the proposer is told.")
        except proposals.SchemeRefused as refusal:
            messages.error(request, str(refusal))
        return redirect("consortium_staff:scheme_moderation")


# Under /admin/brokerage/ (namespace "consortium_staff"; see wagtail_hooks).
urlpatterns = [
    path("schemes/proposed/", SchemeQueueView.as_view(), name="scheme_moderation"),
    path(
        "schemes/proposed/<int:pk>/approve/",
        SchemeReviewView.as_view(approve=True),
        name="approve_scheme",
    ),
    path(
        "schemes/proposed/<int:pk>/reject/",
        SchemeReviewView.as_view(approve=False),
        name="reject_scheme",
    ),
]
