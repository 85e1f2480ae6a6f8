"""The Wagtail admin page where staff import tenders from an OCDS release package file.

The file is checked against the OCDS 1.1.5 schema and imported in one go (``consortium.ocds``):
an invalid file imports nothing; a valid one creates or updates one tender per OCID, so
importing the same file twice changes nothing. The page shows what happened to each release.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from consortium import permissions
from consortium.ocds import import_release_package

MAX_OCDS_BYTES = 5 * 1024 * 1024


class OcdsImportForm(forms.Form):
    file = forms.FileField(
        label="OCDS release package",
        help_text="A JSON file of tender notices in the Open Contracting Data Standard "
        "(version 1.1), for example downloaded from Contracts Finder or Find a Tender. "
        "Up to 5 MB.",
        error_messages={"required": "Choose an OCDS release package file (.json)"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".json"):
            raise forms.ValidationError("Choose a JSON file (its name ends in .json)")
        if upload.size > MAX_OCDS_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB")
        return upload


class ImportTendersView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "consortium/admin/import_ocds.html"
    page_title = "Import tenders (OCDS)"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_manage_opportunities(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", OcdsImportForm())
        return context

    def post(self, request, *args, **kwargs):
        form = OcdsImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        result = import_release_package(upload.read(), user=request.user)
        if result.ok:
            messages.success(request, f"Imported {upload.name}: {result.summary()}")
        else:
            messages.error(request, f"Nothing was imported from {upload.name}.")
        return self.render_to_response(
            self.get_context_data(form=OcdsImportForm(), result=result, filename=upload.name)
        )
