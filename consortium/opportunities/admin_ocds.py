"""The Wagtail admin page where staff import tenders from an OCDS release package file.

The file is checked against the OCDS 1.1.5 schema and imported in one go (``consortium.ocds``):
an invalid file imports nothing; a valid one creates or updates one tender per OCID, so
importing the same file twice changes nothing. The page shows what happened to each release.
"""

from django import forms
from django.contrib import messages

from consortium import permissions
from consortium.opportunities.ocds import import_release_package
from consortium.staff.uploads import StaffUploadView


class OcdsImportForm(forms.Form):
    file = forms.FileField(
        label="OCDS release package",
        help_text="A JSON file of tender notices in the Open Contracting Data Standard "
        "(version 1.1), for example downloaded from Contracts Finder or Find a Tender. "
        "Up to 5 MB.",
        error_messages={"required": "Choose an OCDS release package file (.json)"},
    )


class ImportTendersView(StaffUploadView):
    template_name = "consortium/opportunities/import_ocds.html"
    page_title = "Import tenders (OCDS)"
    form_class = OcdsImportForm
    extensions = {"json"}
    wrong_type_message = "Choose a JSON file (its name ends in .json)"

    def allowed(self, user):
        return permissions.can_manage_opportunities(user)

    def uploaded(self, request, form, upload, extension):
        result = import_release_package(upload.read(), user=request.user)
        if result.ok:
            messages.success(request, f"Imported {upload.name}: {result.summary()}")
        else:
            messages.error(request, f"Nothing was imported from {upload.name}.")
        return self.render_to_response(
            self.get_context_data(form=OcdsImportForm(), result=result, filename=upload.name)
        )
