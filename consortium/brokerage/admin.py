"""Listings, replies, matches, watches and reports in the Brokerage admin, and the moderation
queue where staff approve or reject listings and resolve reports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.views import View
from wagtail.admin.menu import MenuItem

from consortium import permissions
from consortium.brokerage import outcomes
from consortium.brokerage import rules as listings
from consortium.brokerage.conversations import ConversationReport
from consortium.brokerage.models import Listing, ListingReport, Match, Moderation, Reply, Watch
from consortium.brokerage.outcomes import MatchSide
from consortium.staff.base import BrokerageAdmin, LabelledInspectView, person
from consortium.staff.history import person_name
from portal.forms import length_limit_message

# The reason a member is told when staff reject their listing (the queue's text box).
MAX_REJECTION_REASON = 500


class ListingAdmin(BrokerageAdmin):
    model = Listing
    menu_label = "Listings"
    menu_icon = "list-ul"
    list_display = ["title", "kind", "category", "organisation", "status", "audience", "moderation"]
    list_filter = ["kind", "category", "status", "audience", "moderation", "area"]
    search_fields = ["title", "description", "organisation__name"]
    list_export = [
        "title",
        "kind",
        "category",
        "organisation",
        "area",
        "status",
        "audience",
        "moderation",
        "available_from",
        "available_until",
        "created_at",
    ]
    export_filename = "listings"
    form_fields_exclude = ["posted_by"]


class ReplyAdmin(BrokerageAdmin):
    model = Reply
    menu_label = "Replies"
    menu_icon = "mail"
    list_display = ["listing", "organisation", person, "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["message", "listing__title", "organisation__name", "user__username"]
    list_export = ["listing", "organisation", "user", "status", "created_at", "answered_at"]
    export_filename = "replies"


class MatchInspectView(LabelledInspectView):
    """A match's page under Brokerage, with each side's latest report and its corrections."""

    def get_fields_dict(self):
        fields = super().get_fields_dict()
        everything = list(
            self.instance.reports.select_related("reported_by").order_by("reported_at", "pk")
        )
        latest = outcomes.latest_reports(self.instance, everything)
        for side in MatchSide:
            report = latest.get(side)
            fields.append(
                {"label": side.label, "value": describe_report(report) if report else "No report"}
            )
        current = {report.pk for report in latest.values()}
        for report in everything:
            if report.pk not in current:
                fields.append(
                    {
                        "label": f"{report.get_side_display()} (corrected)",
                        "value": describe_report(report),
                    }
                )
        return fields


def describe_report(report):
    """One report in words: what the side said, its figures, who reported it and when."""
    figures = [
        f"{outcomes.LABELS[name]}: {value}"
        for name, value in report.figures().items()
        if value is not None
    ]
    who = person_name(report.reported_by) if report.reported_by else "not recorded"
    said = report.get_verdict_display() or "No answer"
    return (
        f"{said}. {'; '.join(figures) or 'No figures'}. "
        f"Reported by {who} on {timezone.localtime(report.reported_at):%-d %B %Y, %H:%M}."
    )


class MatchAdmin(BrokerageAdmin):
    model = Match
    menu_label = "Matches"
    menu_icon = "link"
    inspect_view_class = MatchInspectView
    list_display = [
        "listing",
        "status",
        "hours",
        "items",
        "money_value",
        "kg_reused",
        "reports_disagree",
        "created_at",
    ]
    list_filter = ["reports_disagree", "status", "listing__category"]
    search_fields = ["listing__title", "listing__organisation__name"]
    list_export = [
        "listing",
        "status",
        "hours",
        "items",
        "money_value",
        "kg_reused",
        "reports_disagree",
        "created_at",
        "completed_at",
    ]
    export_filename = "matches"
    # The figures are agreed from the two sides' own reports; staff never overwrite them.
    form_fields_exclude = ["hours", "items", "money_value", "kg_reused", "reports_disagree"]


class DisagreeingReportsMenuItem(MenuItem):
    """The menu's "Match reports that disagree": the matches list filtered to them."""

    def is_shown(self, request):
        return permissions.is_staff(request.user)


class WatchAdmin(BrokerageAdmin):
    model = Watch
    menu_label = "Watches"
    menu_icon = "view"
    list_display = ["user", "kind", "category", "area", "created_at"]
    list_filter = ["kind", "category", "area"]
    search_fields = ["user__username", "user__email"]
    list_export = ["user", "kind", "category", "area", "created_at"]
    export_filename = "watches"


class ReportAdmin(BrokerageAdmin):
    model = ListingReport
    menu_label = "Reports"
    menu_icon = "warning"
    list_display = ["listing", "reporter", "reason", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]
    search_fields = ["reason", "listing__title"]
    list_export = ["listing", "reporter", "reason", "created_at", "resolved_at", "resolved_by"]
    export_filename = "reports"


class ModerationQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_moderate(request.user)


class ModerationQueueView(View):
    """Listings waiting for approval and reports nobody has resolved yet."""

    def get(self, request):
        if not permissions.can_moderate(request.user):
            raise PermissionDenied
        waiting = (
            Listing.objects.filter(moderation=Moderation.PENDING)
            .select_related("organisation", "posted_by")
            .prefetch_related("attachments")
            .order_by("created_at")
        )
        reports = (
            ListingReport.objects.filter(resolved_at__isnull=True)
            .select_related("listing__organisation", "reporter")
            .prefetch_related("listing__attachments")
            .order_by("created_at")
        )
        # Staff read a conversation only once one side has reported it.
        conversation_reports = (
            ConversationReport.objects.filter(resolved_at__isnull=True)
            .select_related("reply__listing__organisation", "reply__organisation", "reporter")
            .order_by("created_at")
        )
        return TemplateResponse(
            request,
            "consortium/brokerage/moderation.html",
            {
                "waiting": waiting,
                "reports": reports,
                "conversation_reports": conversation_reports,
            },
        )


class ModerationActionView(View):
    """Approve or reject a listing, or resolve a report (POST, CSRF-protected)."""

    action = None

    def post(self, request, pk):
        if not permissions.can_moderate(request.user):
            raise PermissionDenied
        if self.action == "resolve_conversation":
            report = get_object_or_404(ConversationReport, pk=pk, resolved_at__isnull=True)
            report.resolved_at = timezone.now()
            report.save(update_fields=["resolved_at"])
            messages.success(request, "The report on the conversation is resolved.")
        elif self.action == "resolve":
            report = get_object_or_404(ListingReport, pk=pk, resolved_at__isnull=True)
            listings.resolve_report(report, request.user)
            messages.success(request, f"The report on “{report.listing.title}” is resolved.")
        else:
            listing = get_object_or_404(Listing, pk=pk)
            if self.action == "approve":
                listings.approve_listing(listing, request.user)
                messages.success(request, f"“{listing.title}” is approved and now shown.")
            else:
                reason = request.POST.get("reason", "").strip()
                if len(reason) > MAX_REJECTION_REASON:
                    messages.error(
                        request,
                        length_limit_message("The reason", MAX_REJECTION_REASON, len(reason))
                        + f" “{listing.title}” is not rejected yet.",
                    )
                    return redirect("consortium_staff:moderation")
                listings.reject_listing(listing, request.user, reason)
                messages.success(request, f"“{listing.title}” is rejected and hidden.")
        return redirect("consortium_staff:moderation")


# Under /admin/brokerage/ (namespace "consortium_staff"; see wagtail_hooks).
urlpatterns = [
    path("moderation/", ModerationQueueView.as_view(), name="moderation"),
    path(
        "moderation/listings/<int:pk>/approve/",
        ModerationActionView.as_view(action="approve"),
        name="approve_listing",
    ),
    path(
        "moderation/listings/<int:pk>/reject/",
        ModerationActionView.as_view(action="reject"),
        name="reject_listing",
    ),
    path(
        "moderation/conversations/<int:pk>/resolve/",
        ModerationActionView.as_view(action="resolve_conversation"),
        name="resolve_conversation_report",
    ),
    path(
        "moderation/reports/<int:pk>/resolve/",
        ModerationActionView.as_view(action="resolve"),
        name="resolve_report",
    ),
]
