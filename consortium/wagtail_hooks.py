"""Brokerage staff in the Wagtail admin.

- A "Brokerage" menu (wagtail-modeladmin) with each members' model: list filters, search,
  CSV/XLSX export, an inspect view and a "History" button. Only brokerage staff (the
  "Brokerage officers" group and superusers, as ``consortium.permissions`` says) see it;
  editors and moderators do not.
- Organisation stays registered as a snippet (not in the menu), so page panels such as
  forum members and case-study organisations keep choosing organisations with the snippet
  chooser.
- The staff views themselves (history, restore, verify, moderation queue) live in
  ``consortium.staff`` under /admin/brokerage/.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import include, path, reverse_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import EditView, InspectView

from consortium import permissions, staff
from consortium.admin_imports import ImportOrganisationsView
from consortium.admin_ocds import ImportTendersView
from consortium.models import (
    BidTemplate,
    Consortium,
    JointBid,
    Listing,
    ListingReport,
    Match,
    Membership,
    Opportunity,
    Organisation,
    OrganisationDocument,
    PartnerSearch,
    Person,
    Pledge,
    Reply,
    Scheme,
    SupplierQuote,
    Watch,
)


class OrganisationViewSet(SnippetViewSet):
    """For choosers in page panels; staff manage organisations under Brokerage."""

    model = Organisation
    icon = "group"
    add_to_admin_menu = False
    list_display = ["name", "area", "website", "updated_at"]
    list_filter = ["area"]
    search_fields = ["name", "short_description"]
    ordering = ["name"]


register_snippet(OrganisationViewSet)


# Brokerage ------------------------------------------------------------------------------------

# Friendlier labels than the field names, wherever staff read them.
LABELS = {
    "updated_at": "Last saved",
    "verified_on": "Verified on",
    "verified_by": "Verified by",
    "created_at": "Created",
}


class StaffOnly(PermissionHelper):
    """Brokerage staff may do everything here; nobody else anything."""

    def user_has_any_permissions(self, user):
        return permissions.is_staff(user)

    def user_has_specific_permission(self, user, perm_codename):
        return permissions.is_staff(user)


class HistoryButtons(ButtonHelper):
    """Each object's buttons, plus "History" (django-simple-history versions)."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, **kwargs):
        buttons = super().get_buttons_for_obj(
            obj, exclude=exclude, classnames_add=classnames_add, **kwargs
        )
        if hasattr(obj, "history") and "history" not in (exclude or []):
            buttons.append(
                {
                    "url": staff.history_url(obj),
                    "label": "History",
                    "classname": self.finalise_classname(
                        ["button-secondary"] + (classnames_add or [])
                    ),
                    "title": f"Versions of this {self.verbose_name} and what changed",
                }
            )
        return buttons


STALE_MESSAGE = (
    "Someone else saved this {name} while you were editing it, so your changes were not "
    "saved. What you typed is still in the form: check it against their version (see "
    "History) and save again."
)


def version_token(obj):
    """The id of the object's latest history version: changes whenever anyone saves it."""
    if not hasattr(type(obj), "history"):
        return ""
    latest = obj.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(latest or "")


class BrokerageEditView(EditView):
    """Refuses a save made from a form loaded before someone else's save, keeping the input."""

    def form_valid(self, form):
        posted = self.request.POST.get("shoal_version")
        if posted is not None and posted != version_token(self.instance):
            message = STALE_MESSAGE.format(name=self.opts.verbose_name)
            form.add_error(None, message)
            messages.error(self.request, message)
            return self.render_to_response(self.get_context_data(form=form))
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["shoal_version"] = version_token(self.instance)
        if hasattr(type(self.instance), "history"):
            context["shoal_history_url"] = staff.history_url(self.instance)
        return context


class LabelledInspectView(InspectView):
    def get_field_label(self, field_name, field=None):
        return LABELS.get(field_name) or super().get_field_label(field_name, field)


class BrokerageAdmin(ModelAdmin):
    permission_helper_class = StaffOnly
    button_helper_class = HistoryButtons
    inspect_view_class = LabelledInspectView
    edit_view_class = BrokerageEditView
    edit_template_name = "consortium/staff/edit.html"
    inspect_view_enabled = True
    history_view_enabled = False  # our History button shows django-simple-history versions
    add_to_admin_menu = False

    def get_export_filename(self):
        return self.export_filename


class OrganisationEditView(BrokerageEditView):
    """Setting "verified on" on the form records who verified."""

    def form_valid(self, form):
        if "verified_on" in form.changed_data:
            form.instance.verified_by = self.request.user if form.instance.verified_on else None
        return super().form_valid(form)


def last_saved(obj):
    return obj.updated_at


last_saved.short_description = "Last saved"


def verified(obj):
    return obj.verified_on or "Not verified"


verified.short_description = "Verified on"


class OrganisationAdmin(BrokerageAdmin):
    model = Organisation
    menu_label = "Organisations"
    menu_icon = "group"
    edit_view_class = OrganisationEditView
    inspect_template_name = "consortium/staff/organisation_inspect.html"
    form_fields_exclude = ["verified_by"]
    list_display = ["name", "org_id", "legal_form", "area", verified, last_saved, "is_public"]
    list_filter = ["legal_form", "area", "income_band", "is_public", "themes__name"]
    search_fields = ["name", "org_id", "charity_number", "company_number", "postcode", "locality"]
    list_export = [
        "name",
        "org_id",
        "legal_form",
        "charity_number",
        "oscr_number",
        "ccni_number",
        "company_number",
        "income_band",
        "area",
        "locality",
        "postcode",
        "website",
        "is_public",
        "verified_on",
        "updated_at",
    ]
    export_filename = "organisations"
    inspect_view_fields = [
        "name",
        "org_id",
        "legal_form",
        "charity_number",
        "oscr_number",
        "ccni_number",
        "company_number",
        "income_band",
        "area",
        "locality",
        "postcode",
        "website",
        "themes",
        "short_description",
        "is_public",
        "verified_on",
        "verified_by",
        "updated_at",
    ]


class MembershipAdmin(BrokerageAdmin):
    model = Membership
    menu_label = "Memberships"
    menu_icon = "user"
    list_display = ["user", "organisation", "role", "status", "requested_at"]
    list_filter = ["status", "role"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    list_export = ["user", "organisation", "role", "status", "job_title", "requested_at"]
    export_filename = "memberships"


class PersonAdmin(BrokerageAdmin):
    model = Person
    menu_label = "People"
    menu_icon = "user"
    list_display = ["user", "account_type", "volunteer_kind", "acting_for", "contact_by"]
    list_filter = ["account_type", "volunteer_kind", "contact_by"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    list_export = ["user", "account_type", "volunteer_kind", "employer", "areas", "help_kinds"]
    export_filename = "people"


class DocumentAdmin(BrokerageAdmin):
    model = OrganisationDocument
    menu_label = "Documents"
    menu_icon = "doc-full"
    list_display = ["title", "organisation", "kind", "expires_on", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "organisation__name"]
    list_export = ["title", "organisation", "kind", "original_name", "expires_on"]
    export_filename = "documents"
    form_fields_exclude = ["uploaded_by"]


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
    list_display = ["listing", "organisation", "user", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["message", "listing__title", "organisation__name", "user__username"]
    list_export = ["listing", "organisation", "user", "status", "created_at", "answered_at"]
    export_filename = "replies"


class MatchAdmin(BrokerageAdmin):
    model = Match
    menu_label = "Matches"
    menu_icon = "link"
    list_display = ["listing", "status", "hours", "items", "money_value", "kg_reused", "created_at"]
    list_filter = ["status", "listing__category"]
    search_fields = ["listing__title", "listing__organisation__name"]
    list_export = [
        "listing",
        "status",
        "hours",
        "items",
        "money_value",
        "kg_reused",
        "created_at",
        "completed_at",
    ]
    export_filename = "matches"


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


class SchemeForm(WagtailAdminModelForm):
    """A scheme with its supplier quotes: at most one quote is chosen."""

    def clean(self):
        cleaned = super().clean()
        quotes = self.formsets.get("quotes")
        if quotes is not None and all(form.is_valid() for form in quotes.forms):
            chosen = [
                form
                for form in quotes.forms
                if form.cleaned_data.get("chosen") and not form.cleaned_data.get("DELETE")
            ]
            if len(chosen) > 1:
                raise ValidationError("Choose one supplier quote at most.")
        return cleaned

    def save(self, commit=True):
        quotes = self.formsets.get("quotes")
        choice_changed = quotes is not None and any(
            "chosen" in form.changed_data for form in quotes.forms
        )
        if commit and self.instance.pk and choice_changed:
            # The new choice is saved with the quotes; clear the old one first, or the
            # database's "one chosen quote" rule would refuse the interim state.
            SupplierQuote.objects.filter(scheme=self.instance, chosen=True).update(chosen=False)
        return super().save(commit=commit)


class SchemeAdmin(BrokerageAdmin):
    model = Scheme
    menu_label = "Schemes"
    menu_icon = "tasks"
    list_display = ["title", "coordinator", "commodity", "status", "opens_on", "closes_on"]
    list_filter = ["status", "commodity"]
    search_fields = ["title", "coordinator__name"]
    list_export = [
        "title",
        "coordinator",
        "commodity",
        "unit",
        "target_total",
        "opens_on",
        "closes_on",
        "status",
    ]
    export_filename = "schemes"
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("coordinator"),
            FieldPanel("commodity"),
            FieldPanel("description"),
            FieldPanel("unit"),
            FieldPanel("minimum_order"),
            FieldPanel("target_total"),
            FieldPanel("opens_on"),
            FieldPanel("closes_on"),
            FieldPanel("unit_price"),
            FieldPanel("delivery_notes"),
            FieldPanel("status"),
            InlinePanel("quotes", label="Supplier quotes", heading="Supplier quotes"),
        ],
        base_form_class=SchemeForm,
    )
    inspect_view_fields = [
        "title",
        "coordinator",
        "commodity",
        "unit",
        "minimum_order",
        "target_total",
        "opens_on",
        "closes_on",
        "unit_price",
        "quotes",
        "delivery_notes",
        "status",
        "updated_at",
    ]


class PledgeAdmin(BrokerageAdmin):
    model = Pledge
    menu_label = "Pledges"
    menu_icon = "pick"
    list_display = ["scheme", "organisation", "quantity", "updated_at", "withdrawn_at"]
    list_filter = ["scheme__title", "scheme__status"]
    search_fields = ["scheme__title", "organisation__name"]
    list_export = ["scheme", "organisation", "quantity", "updated_at", "withdrawn_at"]
    export_filename = "pledges"
    form_fields_exclude = ["pledged_by"]


# Consortia and joint bids: staff oversee them here; members change them in the members'
# area, where every change raises the bid's version and voids sign-offs, so these are
# read-only (inspect and history).


class StaffReadOnly(StaffOnly):
    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


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


class BrokeragePolicy(BasePermissionPolicy):
    """Brokerage staff may do everything with the model (as consortium.permissions says)."""

    def user_has_permission(self, user, action):
        return permissions.is_staff(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(pk__in=[u.pk for u in permissions.staff_users()])


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


# Funding opportunities ------------------------------------------------------------------------


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


class ImportTendersMenuItem(MenuItem):
    """Staff import tenders from an OCDS release package (consortium/admin_ocds.py)."""

    def is_shown(self, request):
        return permissions.can_manage_opportunities(request.user)


@hooks.register("register_admin_urls")
def register_opportunity_urls():
    return [
        path(
            "opportunities/import-ocds/",
            ImportTendersView.as_view(),
            name="consortium_import_ocds",
        ),
    ]


class ModerationQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_moderate(request.user)


class ImportOrganisationsMenuItem(MenuItem):
    """Staff import a membership list from a spreadsheet (consortium/admin_imports.py)."""

    def is_shown(self, request):
        return permissions.can_import_organisations(request.user)


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
        items.append(
            ImportOrganisationsMenuItem(
                "Import organisations",
                reverse_lazy("consortium_import_organisations"),
                icon_name="upload",
                order=1000,
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
def register_staff_urls():
    return [
        path("brokerage/", include((staff.urlpatterns, "consortium_staff"))),
        path(
            "organisations/import/",
            ImportOrganisationsView.as_view(),
            name="consortium_import_organisations",
        ),
    ]


# Impact: the dashboard panel ------------------------------------------------------------


class ImpactPanel(Component):
    """The impact page's headline figures and monthly chart on the admin dashboard."""

    name = "shoal_impact"
    order = 150

    def render_html(self, parent_context=None):
        from consortium.views.impact import shared_context

        return render_to_string("consortium/impact/admin_panel.html", shared_context())


@hooks.register("construct_homepage_panels")
def add_impact_panel(request, panels):
    panels.append(ImpactPanel())
