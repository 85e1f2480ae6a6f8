"""Brokerage staff in the Wagtail admin: one "Brokerage" menu gathering each domain's screens.

Each domain registers its own screens in its ``admin`` module (organisations, brokerage,
buying, bids, opportunities, impact); they build on ``consortium.staff.base`` (only brokerage
staff, a "History" button, stale saves refused). This module imports them, gathers them under
one menu (wagtail-modeladmin) and adds the staff views' URLs under /admin/brokerage/.
"""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import include, path, reverse_lazy
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from consortium import permissions
from consortium.bids.admin import ConsortiumAdmin, JointBidAdmin
from consortium.brokerage import admin as brokerage_admin
from consortium.brokerage.admin import (
    DisagreeingReportsMenuItem,
    ListingAdmin,
    MatchAdmin,
    ModerationQueueMenuItem,
    ReplyAdmin,
    ReportAdmin,
    WatchAdmin,
)
from consortium.brokerage.models import Listing, ListingReport, Moderation
from consortium.buying import moderation as scheme_moderation
from consortium.buying.admin import PledgeAdmin, SchemeAdmin
from consortium.impact import admin as impact_admin  # noqa: F401  (registers the dashboard panel)
from consortium.members import erasure_admin as staff_erasure
from consortium.opportunities.admin import (
    ImportTendersMenuItem,
    OcdsSourceAdmin,
    OpportunityAdmin,
    PartnerSearchAdmin,
)
from consortium.opportunities.admin_ocds import ImportTendersView
from consortium.organisations import admin as organisations_admin
from consortium.organisations.admin import (
    DocumentAdmin,
    ImportOrganisationsMenuItem,
    LoadPostcodesMenuItem,
    MembershipAdmin,
    OrganisationAdmin,
    OrgIdDisputesMenuItem,
    PersonAdmin,
)
from consortium.organisations.admin_imports import ImportOrganisationsView
from consortium.organisations.org_ids import DisputeStatus, OrgIdDispute
from consortium.organisations.postcode_admin import LoadPostcodesView
from consortium.staff import history


class BrokerageGroup(ModelAdminGroup):
    menu_label = "Brokerage"
    menu_icon = "group"
    menu_order = 200
    items = (
        OrganisationAdmin,
        MembershipAdmin,
        PersonAdmin,
        DocumentAdmin,
        ListingAdmin,
        ReplyAdmin,
        MatchAdmin,
        WatchAdmin,
        ReportAdmin,
        SchemeAdmin,
        PledgeAdmin,
        ConsortiumAdmin,
        JointBidAdmin,
        OpportunityAdmin,
        PartnerSearchAdmin,
        OcdsSourceAdmin,
    )

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.insert(
            0,
            ModerationQueueMenuItem(
                "Moderation queue",
                reverse_lazy("consortium_staff:moderation"),
                icon_name="warning",
                order=0,
            ),
        )
        items.insert(
            1,
            scheme_moderation.SchemeQueueMenuItem(
                "Schemes waiting for approval",
                reverse_lazy("consortium_staff:scheme_moderation"),
                icon_name="warning",
                order=0,
            ),
        )
        items.insert(
            2,
            OrgIdDisputesMenuItem(
                "Org-id disputes",
                reverse_lazy("consortium_staff:org_id_disputes"),
                icon_name="warning",
                order=1,
            ),
        )
        items.append(
            DisagreeingReportsMenuItem(
                "Match reports that disagree",
                reverse_lazy("consortium_match_modeladmin_index") + "?reports_disagree__exact=1",
                icon_name="warning",
                order=1,
            )
        )
        items.append(
            ImportOrganisationsMenuItem(
                "Import organisations",
                reverse_lazy("consortium_import_organisations"),
                icon_name="upload",
                order=1000,
            )
        )
        items.append(
            LoadPostcodesMenuItem(
                "Load postcode centroids",
                reverse_lazy("consortium_load_postcodes"),
                icon_name="site",
                order=1005,
            )
        )
        items.append(
            ImportTendersMenuItem(
                "Import tenders (OCDS)",
                reverse_lazy("consortium_import_ocds"),
                icon_name="upload",
                order=1010,
            )
        )
        return items


modeladmin_register(BrokerageGroup)


@hooks.register("register_admin_urls")
def register_opportunity_urls():
    return [
        path(
            "opportunities/import-ocds/",
            ImportTendersView.as_view(),
            name="consortium_import_ocds",
        ),
    ]


@hooks.register("register_admin_urls")
def register_staff_urls():
    staff_patterns = (
        history.urlpatterns
        + organisations_admin.urlpatterns
        + brokerage_admin.urlpatterns
        + scheme_moderation.urlpatterns
    )
    return [
        path("brokerage/", include((staff_patterns, "consortium_staff"))),
        path(
            "organisations/import/",
            ImportOrganisationsView.as_view(),
            name="consortium_import_organisations",
        ),
        path(
            "organisations/postcodes/",
            LoadPostcodesView.as_view(),
            name="consortium_load_postcodes",
        ),
        *staff_erasure.urlpatterns,
    ]


@hooks.register("register_user_listing_buttons")
def register_erase_button(user, request_user):
    return staff_erasure.erase_button(user, request_user)


class WaitingPanel(Component):
    """What waits for brokerage staff, with links: "N waiting" for moderation and disputes."""

    name = "shoal_waiting"
    order = 50

    def render_html(self, parent_context=None):
        return render_to_string(
            "consortium/staff/waiting_panel.html",
            {
                "listings": Listing.objects.filter(moderation=Moderation.PENDING).count(),
                "reports": ListingReport.objects.filter(resolved_at__isnull=True).count(),
                "disputes": OrgIdDispute.objects.filter(status=DisputeStatus.OPEN).count(),
                "schemes": scheme_moderation.waiting_count(),
            },
        )


@hooks.register("construct_homepage_panels")
def add_waiting_panel(request, panels):
    if permissions.can_moderate(request.user):
        panels.insert(0, WaitingPanel())


@hooks.register("insert_global_admin_css")
def brokerage_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("shoal/admin.css"))
