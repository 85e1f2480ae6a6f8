"""The Wagtail admin page where staff load postcode centroids from a CSV file.

It calls the same loader as ``manage.py load_postcodes``. The ONS Postcode Directory in full
is about a gigabyte, more than a browser upload should carry: load that with the command,
and use this page for the outward-code summary or a county's extract.
"""

import io

from django import forms
from django.contrib import messages
from django.db import transaction

from consortium import permissions
from consortium.organisations.postcode_loader import UnreadableFile, load_centroids
from consortium.organisations.postcodes import PostcodeCentroid
from consortium.staff.uploads import StaffUploadView


class PostcodeFileForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="The ONS Postcode Directory (columns pcds, lat, long) or an outward-code "
        "summary (columns postcode district, latitude, longitude).",
    )


class LoadPostcodesView(StaffUploadView):
    template_name = "consortium/organisations/load_postcodes.html"
    page_title = "Load postcode centroids"
    form_class = PostcodeFileForm
    extensions = {"csv"}
    wrong_type_message = "Choose a CSV file"
    max_bytes = 50 * 1024 * 1024
    too_big_message = (
        "The file must be smaller than 50 MB. Load the full ONS Postcode Directory with "
        "the command: manage.py load_postcodes FILE"
    )

    def allowed(self, user):
        return permissions.can_load_postcodes(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["loaded"] = PostcodeCentroid.objects.count()
        return context

    def uploaded(self, request, form, upload, extension):
        lines = io.TextIOWrapper(upload.file, encoding="utf-8-sig", newline="")
        try:
            with transaction.atomic():
                report = load_centroids(lines)
        except UnicodeDecodeError:
            form.add_error("file", "The file is not UTF-8 text. Save it again as CSV (UTF-8)")
        except (UnreadableFile, ValueError) as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, f"Postcode centroids: {report}.")
            return self.render_to_response(self.get_context_data(report=report))
        return self.render_to_response(self.get_context_data(form=form))
