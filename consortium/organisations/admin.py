"""Organisations, memberships, people and vault documents in the Brokerage admin, the
organisation snippet (for page panels' choosers), marking an organisation verified, and the
"Org-id disputes" queue."""

from django.contrib import messages
from django.contrib.admin import AllValuesFieldListFilter, SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.views import View
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from consortium import permissions
from consortium.organisations import org_ids
from consortium.organisations.documents import OrganisationDocument
from consortium.organisations.models import Organisation
from consortium.organisations.people import Membership, Person
from consortium.staff.base import BrokerageAdmin, BrokerageEditView, last_saved, person
from consortium.staff.history import history_url, inspect_url
from portal.forms import length_limit_message


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


class OrganisationEditView(BrokerageEditView):
    """Setting "verified on" on the form records who verified."""

    def form_valid(self, form):
        if "verified_on" in form.changed_data:
            form.instance.verified_by = self.request.user if form.instance.verified_on else None
        return super().form_valid(form)


def verified(obj):
    return obj.verified_on or "Not verified"


verified.short_description = "Verified on"


class VerifiedFilter(SimpleListFilter):
    title = "Verified"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", "Verified"), ("no", "Not verified")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(verified_on__isnull=False)
        if self.value() == "no":
            return queryset.filter(verified_on__isnull=True)
        return queryset


class ThemeFilter(AllValuesFieldListFilter):
    """The themes' names, titled "Theme" (Django would call it "name")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "Theme"


class OrganisationAdmin(BrokerageAdmin):
    model = Organisation
    menu_label = "Organisations"
    menu_icon = "group"
    edit_view_class = OrganisationEditView
    inspect_template_name = "consortium/organisations/organisation_inspect.html"
    form_fields_exclude = ["verified_by"]
    list_display = ["name", "org_id", "legal_form", "area", verified, last_saved, "is_public"]
    list_filter = [
        VerifiedFilter,
        "legal_form",
        "area",
        "income_band",
        "is_public",
        ("themes__name", ThemeFilter),
    ]
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
    list_display = [person, "organisation", "role", "status", "requested_at"]
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


class ImportOrganisationsMenuItem(MenuItem):
    """Staff import a membership list from a spreadsheet (consortium/admin_imports.py)."""

    def is_shown(self, request):
        return permissions.can_import_organisations(request.user)


class LoadPostcodesMenuItem(MenuItem):
    """Staff load postcode centroids (consortium/organisations/postcode_admin.py)."""

    def is_shown(self, request):
        return permissions.can_load_postcodes(request.user)


class VerifyOrganisationView(View):
    """Staff checked the organisation against the registers today (POST only)."""

    def post(self, request, pk):
        if not permissions.can_verify_organisation(request.user):
            raise PermissionDenied
        organisation = get_object_or_404(Organisation, pk=pk)
        organisation.verified_on = timezone.localdate()
        organisation.verified_by = request.user
        organisation._change_reason = "Marked verified"
        organisation.save()
        messages.success(request, f"“{organisation}” is marked verified today.")
        return redirect(inspect_url(organisation) or history_url(organisation))


class OrgIdDisputesMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_decide_org_id_disputes(request.user)


class OrgIdDisputesView(View):
    """Open disputes, oldest first, and the latest decided ones."""

    def get(self, request):
        if not permissions.can_decide_org_id_disputes(request.user):
            raise PermissionDenied
        disputes = org_ids.OrgIdDispute.objects.select_related(
            "holder", "claimant", "raised_by", "decided_by"
        )
        return TemplateResponse(
            request,
            "consortium/organisations/org_id_disputes.html",
            {
                "open": disputes.filter(status=org_ids.DisputeStatus.OPEN),
                "decided": disputes.exclude(status=org_ids.DisputeStatus.OPEN).order_by(
                    "-decided_at"
                )[:20],
                "max_note": org_ids.MAX_STAFF_NOTE,
            },
        )


class DecideOrgIdDisputeView(View):
    """Resolve or reject an open dispute with a note (POST only); the disputer is told."""

    DECISIONS = {
        org_ids.DisputeStatus.RESOLVED.value: "resolved",
        org_ids.DisputeStatus.REJECTED.value: "rejected",
    }

    def post(self, request, pk):
        if not permissions.can_decide_org_id_disputes(request.user):
            raise PermissionDenied
        dispute = get_object_or_404(org_ids.OrgIdDispute, pk=pk)
        decision = request.POST.get("decision", "")
        note = request.POST.get("note", "").strip()
        if not dispute.is_open:
            messages.error(
                request,
                f"The dispute about {dispute.org_id} was already decided on "
                f"{dispute.decided_at:%-d %B %Y}.",
            )
        elif decision not in self.DECISIONS:
            messages.error(
                request, f"Choose to resolve or reject the dispute about {dispute.org_id}."
            )
        elif len(note) > org_ids.MAX_STAFF_NOTE:
            messages.error(
                request,
                length_limit_message("The note", org_ids.MAX_STAFF_NOTE, len(note))
                + f" The dispute about {dispute.org_id} is not decided yet.",
            )
        else:
            org_ids.decide(dispute, decision, note, request.user)
            messages.success(
                request,
                f"The dispute about {dispute.org_id} is {self.DECISIONS[decision]}; "
                f"{dispute.claimant_name} is told.",
            )
        return redirect("consortium_staff:org_id_disputes")


# Under /admin/brokerage/ (namespace "consortium_staff"; see wagtail_hooks).
urlpatterns = [
    path("org-id-disputes/", OrgIdDisputesView.as_view(), name="org_id_disputes"),
    path(
        "org-id-disputes/<int:pk>/decide/",
        DecideOrgIdDisputeView.as_view(),
        name="decide_org_id_dispute",
    ),
    path(
        "organisations/<int:pk>/verify/",
        VerifyOrganisationView.as_view(),
        name="verify_organisation",
    ),
]
