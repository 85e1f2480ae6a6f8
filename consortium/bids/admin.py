"""Consortia and joint bids in the Brokerage admin, and bid templates as snippets.

Staff oversee consortia and bids here; members change them in the members' area, where every
change raises the bid's version and voids sign-offs, so these are read-only (inspect and
history)."""

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from consortium.bids.models import BidTemplate, Consortium, JointBid
from consortium.staff.base import BrokerageAdmin, BrokeragePolicy, StaffReadOnly


def lead_of(consortium):
    lead = next((m for m in consortium.members.all() if m.is_lead), None)
    return lead.organisation.name if lead else ""


lead_of.short_description = "Lead"


class ConsortiumAdmin(BrokerageAdmin):
    model = Consortium
    menu_label = "Consortia"
    menu_icon = "group"
    permission_helper_class = StaffReadOnly
    list_display = ["name", lead_of, "created_at", "updated_at"]
    search_fields = ["name", "description", "members__organisation__name"]
    list_export = ["name", "description", "created_at", "updated_at"]
    export_filename = "consortia"
    inspect_view_fields = ["name", "description", "created_by", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members__organisation")


class JointBidAdmin(BrokerageAdmin):
    model = JointBid
    menu_label = "Joint bids"
    menu_icon = "doc-full-inverse"
    permission_helper_class = StaffReadOnly
    list_display = ["title", "consortium", "state", "version", "deadline", "updated_at"]
    list_filter = ["state", "area"]
    search_fields = ["title", "funder", "reference", "consortium__name"]
    list_export = [
        "title",
        "consortium",
        "funder",
        "programme",
        "reference",
        "deadline",
        "amount_requested",
        "state",
        "version",
        "submitted_at",
        "amount_awarded",
        "award_date",
    ]
    export_filename = "joint-bids"
    inspect_view_fields = [
        "title",
        "consortium",
        "opportunity",
        "funder",
        "programme",
        "reference",
        "deadline",
        "amount_requested",
        "start_date",
        "duration_months",
        "summary",
        "area",
        "state",
        "version",
        "submitted_at",
        "amount_awarded",
        "award_date",
        "updated_at",
    ]


class BidTemplateViewSet(SnippetViewSet):
    """Sets of sections a lead starts a bid from; brokerage staff keep them."""

    model = BidTemplate

    icon = "list-ol"
    menu_label = "Bid templates"
    list_display = ["name", "description"]
    search_fields = ["name", "description"]
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        InlinePanel("sections", label="Section", heading="Sections"),
    ]


register_permission_policy(BidTemplate, BrokeragePolicy(BidTemplate), exact_class=True)


register_snippet(BidTemplateViewSet)
