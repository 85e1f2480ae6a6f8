"""The base of the Brokerage admin pages where staff upload a file to import (organisations
from a spreadsheet, tenders from an OCDS file).

A subclass names its form, the file types it takes and who may use it, and says what to do
with a file that passed the checks (:meth:`StaffUploadView.uploaded`). The base refuses
everyone else, checks the file's type and size with a clear message on the form, and renders
the page inside the Wagtail admin.
"""

import os

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class StaffUploadView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "upload"
    form_class = None
    extensions = set()  # lower case, without the dot
    wrong_type_message = ""
    max_bytes = MAX_UPLOAD_BYTES
    too_big_message = "The file must be smaller than 5 MB"

    def allowed(self, user):
        """Whether ``user`` may use this page (ask ``consortium.permissions``)."""
        raise NotImplementedError

    def uploaded(self, request, form, upload, extension):
        """Handle a file that passed the checks; return the response."""
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form_class())
        return context

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
            if extension not in self.extensions:
                form.add_error("file", self.wrong_type_message)
            elif upload.size > self.max_bytes:
                form.add_error("file", self.too_big_message)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        return self.uploaded(request, form, upload, extension)
