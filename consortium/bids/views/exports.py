"""A bid as PDF or Word, as now or as at a past version.

- ``/bids/<slug>/export/``: choose the format and, optionally, a past version;
- ``/bids/<slug>/export/pdf/?version=N`` and ``/bids/<slug>/export/docx/?version=N``: the
  download, named ``<slug>-v<version>.pdf`` (or ``.docx``).

Only the consortium's organisations and staff may export a bid (``permissions.can_view_bid``);
each export holds only the budget lines the person may see. Once a bid is submitted, the lead
and staff download the files kept when it was marked submitted (``exports.stored``), byte
for byte; partners get their own rendering of that version.
"""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from consortium import permissions
from consortium.bids.exports import docx, pdf, stored
from consortium.bids.exports.snapshot import UnknownVersion, frozen_at, snapshot
from consortium.bids.models import JointBid
from consortium.bids.views.export_failed import export_failed
from portal.forms import GovukFormMixin

FORMATS = {"pdf": "PDF", "docx": "Word (.docx)"}


class ExportForm(GovukFormMixin, forms.Form):
    format = forms.ChoiceField(
        label="Format",
        choices=list(FORMATS.items()),
        initial="pdf",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose PDF or Word",
            "invalid_choice": "Choose PDF or Word",
        },
    )
    version = forms.IntegerField(
        label="Version",
        required=False,
        min_value=1,
        help_text="Leave empty for the current version",
        error_messages={"invalid": "Enter the version as a whole number, like 3"},
    )

    def __init__(self, *args, bid, **kwargs):
        super().__init__(*args, **kwargs)
        self.bid = bid
        field = self.fields["version"]
        field.max_value = bid.version
        field.help_text = f"From 1 to {bid.version}. Leave empty for the current version."
        field.widget.attrs.update(
            {"min": 1, "max": bid.version, "inputmode": "numeric", "class": "govuk-input--width-4"}
        )
        out_of_range = f"Enter a version from 1 to {bid.version}"
        field.error_messages.update({"min_value": out_of_range, "max_value": out_of_range})
        field.validators = [v for v in field.validators if not hasattr(v, "limit_value")]

    def clean_version(self):
        version = self.cleaned_data["version"]
        if version is not None and not 1 <= version <= self.bid.version:
            raise forms.ValidationError(f"Enter a version from 1 to {self.bid.version}")
        return version


def _bid(request, slug):
    """The bid, if the person may see it: sign in first; others get "not found"."""
    bid = get_object_or_404(JointBid.objects.select_related("consortium"), slug=slug)
    if not permissions.can_view_bid(request.user, bid) and not permissions.is_signed_in(
        request.user
    ):
        return None
    permissions.or_404(permissions.can_view_bid(request.user, bid), "No such bid")
    return bid


def _form_page(request, bid, form, status=200):
    return render(
        request,
        "consortium/bids/export_form.html",
        {
            "bid": bid,
            "form": form,
            "submitted_at": frozen_at(bid),
            "kept": stored.kept(bid),
            "gets_kept_files": permissions.can_see_every_budget_line(request.user, bid),
        },
        status=status,
    )


@require_GET
def export(request, slug):
    """Choose a format and version; a valid choice goes straight to the download."""
    bid = _bid(request, slug)
    if bid is None:
        return redirect_to_login(request.get_full_path())
    if "format" not in request.GET:
        return _form_page(request, bid, ExportForm(bid=bid))
    form = ExportForm(request.GET, bid=bid)
    if not form.is_valid():
        return _form_page(request, bid, form)
    url = reverse(f"bids:export_{form.cleaned_data['format']}", args=[bid.slug])
    version = form.cleaned_data["version"]
    return redirect(f"{url}?version={version}" if version else url)


def _download(request, slug, kind):
    bid = _bid(request, slug)
    if bid is None:
        return redirect_to_login(request.get_full_path())
    form = ExportForm({"format": kind, "version": request.GET.get("version", "")}, bid=bid)
    if not form.is_valid():
        return _form_page(request, bid, form, status=400)
    version = form.cleaned_data["version"]
    content_type = "application/pdf" if kind == "pdf" else docx.DOCX_TYPE
    kept = stored.kept_file(bid, request.user, kind, version)
    if kept is not None:
        body, document = kept
        stem = f"{bid.slug}-v{document.version}"
    else:
        try:
            snap = snapshot(bid, request.user, version=version)
        except UnknownVersion as error:
            form.add_error("version", str(error) + " Its history does not reach that far.")
            return _form_page(request, bid, form, status=400)
        try:
            body = pdf.render_pdf(snap) if kind == "pdf" else docx.render_docx(snap)
        except Exception:  # whatever the renderer raised, the bid is saved
            return export_failed(request, bid, kind, snap)
        stem = snap.filename_stem
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def export_pdf(request, slug):
    return _download(request, slug, "pdf")


@require_GET
def export_docx(request, slug):
    return _download(request, slug, "docx")


urlpatterns = [
    path("<slug:slug>/export/", export, name="export"),
    path("<slug:slug>/export/pdf/", export_pdf, name="export_pdf"),
    path("<slug:slug>/export/docx/", export_docx, name="export_docx"),
]
