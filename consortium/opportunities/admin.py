"""Funding opportunities, partner searches and OCDS sources in the Brokerage admin, and the
menu item for importing tenders from an OCDS file."""

from wagtail.admin.menu import MenuItem

from consortium import permissions
from consortium.opportunities.models import OcdsSource, Opportunity, PartnerSearch
from consortium.staff.base import BrokerageAdmin


class OpportunityAdmin(BrokerageAdmin):
    model = Opportunity
    menu_label = "Funding opportunities"
    menu_icon = "doc-full"
    list_display = ["title", "kind", "funder", "deadline", "is_published"]
    list_filter = ["kind", "is_published", "area", "suits_small", "suits_vcse"]
    search_fields = ["title", "funder", "programme", "reference", "ocid"]
    ordering = ["-deadline"]
    list_export = ["title", "kind", "funder", "reference", "deadline", "ocid", "is_published"]
    export_filename = "funding-opportunities"
    form_fields_exclude = ["slug", "created_by"]
    inspect_view_fields = [
        "title",
        "kind",
        "funder",
        "funder_org_id",
        "programme",
        "reference",
        "description",
        "amount_min",
        "amount_max",
        "deadline",
        "eoi_deadline",
        "eligibility",
        "area",
        "link",
        "suits_small",
        "suits_vcse",
        "ocid",
        "is_published",
        "updated_at",
    ]


class PartnerSearchAdmin(BrokerageAdmin):
    model = PartnerSearch
    menu_label = "Seeking partners"
    menu_icon = "group"
    list_display = ["opportunity", "organisation", "created_at"]
    list_filter = ["opportunity__kind"]
    search_fields = ["opportunity__title", "organisation__name", "note"]
    list_export = ["opportunity", "organisation", "note", "created_at"]
    export_filename = "seeking-partners"
    form_fields_exclude = ["created_by"]


class OcdsSourceAdmin(BrokerageAdmin):
    """Addresses of OCDS packages read on a schedule by ``pull_ocds`` (beside the upload)."""

    model = OcdsSource
    menu_label = "Tender sources (OCDS)"
    menu_icon = "link"
    list_display = ["name", "kind", "frequency", "enabled", "last_checked_at", "last_error"]
    list_filter = ["enabled", "kind", "frequency"]
    search_fields = ["name", "url"]
    list_export = ["name", "url", "kind", "frequency", "enabled", "last_checked_at"]
    export_filename = "ocds-sources"
    inspect_view_fields = [
        "name",
        "url",
        "kind",
        "frequency",
        "enabled",
        "last_checked_at",
        "last_result",
        "last_error",
    ]


class ImportTendersMenuItem(MenuItem):
    """Staff import tenders from an OCDS release package (consortium/admin_ocds.py)."""

    def is_shown(self, request):
        return permissions.can_manage_opportunities(request.user)
