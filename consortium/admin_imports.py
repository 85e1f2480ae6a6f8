"""The Wagtail admin view where staff import organisations from a spreadsheet.

Step one reads the file and shows, row by row, what importing would do (new, updated,
unchanged, or the errors); nothing is saved. Step two, on confirmation, imports the rows
without errors. The file waits between the steps under ``imports/`` in media storage,
which is never served publicly.
"""

import os
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from consortium import permissions
from consortium.forms.organisations import ImportForm
from consortium.importers.organisations import preview, read_dataset, row_report

MAX_IMPORT_BYTES = 5 * 1024 * 1024
EXTENSIONS = {"csv", "xlsx"}


def _stored_path(token, extension):
    return f"imports/{token}.{extension}"


class ImportOrganisationsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "consortium/admin/import_organisations.html"
    page_title = "Import organisations"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_import_organisations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        return context

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
        if extension not in EXTENSIONS:
            form.add_error("file", "Choose a CSV file or an Excel workbook (.xlsx)")
        elif upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", "The file must be smaller than 5 MB")
        if form.errors:
            return self.render_to_response(self.get_context_data(form=form))
        content = upload.read()
        try:
            dataset = read_dataset(content, extension)
        except Exception:  # noqa: BLE001 - any unreadable spreadsheet gets the same answer
            form.add_error(
                "file",
                "Shoal could not read this file. Save it again as CSV (UTF-8) or Excel "
                "(.xlsx) with the column names in the first row",
            )
            return self.render_to_response(self.get_context_data(form=form))
        if "name" not in dataset.headers:
            form.add_error("file", "The first row must name the columns, including “name”")
            return self.render_to_response(self.get_context_data(form=form))
        token = uuid.uuid4().hex
        default_storage.save(_stored_path(token, extension), ContentFile(content))
        result = preview(dataset, dry_run=True)
        report = row_report(result)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                report=report,
                totals=_totals(report),
                token=token,
                extension=extension,
                filename=upload.name,
            )
        )

    def confirm(self, request):
        token = request.POST.get("token", "")
        extension = request.POST.get("extension", "")
        if extension not in EXTENSIONS or not _is_token(token):
            raise PermissionDenied
        path = _stored_path(token, extension)
        if not default_storage.exists(path):
            messages.error(request, "That import has already been done or has expired.")
            return redirect("consortium_import_organisations")
        with default_storage.open(path, "rb") as stored:
            dataset = read_dataset(stored.read(), extension)
        result = preview(dataset, dry_run=False)
        default_storage.delete(path)
        report = row_report(result)
        totals = _totals(report)
        messages.success(
            request,
            f"Imported: {totals['New']} new, {totals['Updated']} updated, "
            f"{totals['Unchanged']} unchanged, {totals['Error']} with errors (not imported).",
        )
        return self.render_to_response(
            self.get_context_data(report=report, totals=totals, imported=True)
        )


def _is_token(value):
    try:
        return uuid.UUID(hex=value).hex == value
    except ValueError:
        return False


def _totals(report):
    totals = {"New": 0, "Updated": 0, "Unchanged": 0, "Error": 0}
    for row in report:
        totals[row["outcome"]] = totals.get(row["outcome"], 0) + 1
    return totals
