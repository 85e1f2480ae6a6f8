"""The Wagtail admin view where staff import organisations from a spreadsheet.

Step one reads the file and shows, row by row, what importing would do (new, updated,
unchanged, or the errors); nothing is saved. Step two, on confirmation, imports the rows
without errors. The file waits between the steps under ``imports/`` in media storage,
which is never served publicly.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect

from consortium import permissions
from consortium.organisations.forms import ImportForm
from consortium.organisations.importer import preview, read_dataset, row_report
from consortium.staff.uploads import StaffUploadView

EXTENSIONS = {"csv", "xlsx"}


def _stored_path(token, extension):
    return f"imports/{token}.{extension}"


class ImportOrganisationsView(StaffUploadView):
    template_name = "consortium/organisations/import_organisations.html"
    page_title = "Import organisations"
    form_class = ImportForm
    extensions = EXTENSIONS
    wrong_type_message = "Choose a CSV file or an Excel workbook (.xlsx)"

    def allowed(self, user):
        return permissions.can_import_organisations(user)

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm(request)
        return super().post(request, *args, **kwargs)

    def uploaded(self, request, form, upload, extension):
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
