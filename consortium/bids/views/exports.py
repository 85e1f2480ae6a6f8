"""A bid as PDF or Word, as now or as at a past version.

- ``/bids/<slug>/export/``: choose the format and, optionally, a past version;
- ``/bids/<slug>/export/pdf/?version=N`` and ``/bids/<slug>/export/docx/?version=N``: the
  download, named ``<slug>-v<version>.pdf`` (or ``.docx``);
- ``/bids/<slug>/export/pdf/status/?version=N`` (and ``docx``): how far the file has got,
  as JSON, for the "being prepared" page's script.

The "being prepared" page, its refresh and its status URL name the file asked for
(``&file=<id>``), so that the person gets the bid as it was when they asked, even while
partners go on editing it (each change is a new version).

Only the consortium's organisations and staff may export a bid (``permissions.can_view_bid``);
each export holds only the budget lines the person may see. Once a bid is submitted, the lead
and staff download the files kept when it was marked submitted (``exports.stored``), byte
for byte; partners get their own rendering of that version.

Every other file is made by the background worker once per version and reader's view
(``exports.drafts``) and served from storage after that. A request waits up to
``WAIT_SECONDS`` for a new file; if it is not ready by then, the person sees "Your PDF is
being prepared", which shows its progress and starts the download when it is done: its
script polls the status URL, and without a script the page refreshes to the download URL.
"""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from consortium import compiled, permissions
from consortium.bids.exports import docx, drafts, stored
from consortium.bids.exports.snapshot import UnknownVersion, frozen_at
from consortium.bids.models import DraftStage, JointBid
from consortium.bids.views.export_failed import draft_failed
from portal.forms import GovukFormMixin

FORMATS = {"pdf": "PDF", "docx": "Word (.docx)"}
# How long a download waits for a new file before showing "being prepared".
WAIT_SECONDS = 1.5
REFRESH_SECONDS = 3
PROGRESS = {
    DraftStage.QUEUED: 10,
    DraftStage.READING: 30,
    DraftStage.LAYING_OUT: 60,
    DraftStage.READY: 100,
    DraftStage.FAILED: 100,
}


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
    # Compiled once per process for the slug (``consortium.compiled``): every download and
    # every poll of a file's progress starts here.
    found = compiled.rows(
        ("export-bid", slug),
        lambda: JointBid.objects.select_related("consortium").filter(slug=slug).order_by()[:1],
    )
    if not found:
        raise Http404("No such bid")
    bid = found[0]
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


def _checked(request, slug, kind):
    """(bid, version, None) for a valid request, or (None, None, the response to give)."""
    bid = _bid(request, slug)
    if bid is None:
        return None, None, redirect_to_login(request.get_full_path())
    form = ExportForm({"format": kind, "version": request.GET.get("version", "")}, bid=bid)
    if form.is_valid():
        version = form.cleaned_data["version"]
        try:
            drafts.check_version(bid, version)
        except UnknownVersion as error:
            form.add_error("version", str(error) + " Its history does not reach that far.")
        else:
            return bid, version, None
    return None, None, _form_page(request, bid, form, status=400)


def _file(body, filename, kind):
    content_type = "application/pdf" if kind == "pdf" else docx.DOCX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _download_url(bid, kind, version, document=None, status=False):
    """The download (or its status) URL of ``version``, and of the file asked for when
    ``document`` is given."""
    url = reverse(f"bids:export_{kind}{'_status' if status else ''}", args=[bid.slug])
    query = {"version": version, "file": document.pk if document else None}
    query = "&".join(f"{key}={value}" for key, value in query.items() if value)
    return f"{url}?{query}" if query else url


def _asked_for(request, bid, kind, version):
    """The reader's file: the one the "being prepared" page names (``file``), while it is
    kept; otherwise the one for ``version`` (queued if new)."""
    pk = request.GET.get("file", "")
    known = pk.isdigit() and len(pk) <= 18  # a hand-made number beyond any id: not a file
    document = known and drafts.requested(bid, request.user, kind, int(pk))
    return document or drafts.find_or_request(bid, request.user, kind, version)


@require_GET
def serve_file(request, slug, kind):
    bid, version, refusal = _checked(request, slug, kind)
    if refusal is not None:
        return refusal
    kept = stored.kept_file(bid, request.user, kind, version)
    if kept is not None:
        body, document = kept
        return _file(body, f"{bid.slug}-v{document.version}.{kind}", kind)
    document = drafts.wait(_asked_for(request, bid, kind, version), WAIT_SECONDS)
    if document.is_ready:
        try:
            return _file(drafts.read(document), document.filename, kind)
        except OSError:  # the file went missing: make it again
            drafts.forget(document)
            document = drafts.find_or_request(bid, request.user, kind, version)
    if document.has_failed:
        drafts.forget(document)  # "Try again" makes it afresh
        return draft_failed(request, bid, kind)
    response = render(
        request,
        "consortium/bids/export_preparing.html",
        {
            "bid": bid,
            "format_name": FORMATS[kind].split(" ")[0],
            "download_url": _download_url(bid, kind, version, document),
            "status_url": _download_url(bid, kind, version, document, status=True),
            "stages": [s for s in DraftStage if s != DraftStage.FAILED],
            "stage": document.stage,
            "percent": PROGRESS[document.stage],
            "refresh_seconds": REFRESH_SECONDS,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def file_status(request, slug, kind):
    """How far the reader's file has got, as JSON: ``stage``, ``label``, ``percent``,
    ``ready``, ``failed`` and the ``download_url`` that serves it."""
    bid, version, refusal = _checked(request, slug, kind)
    if refusal is not None and refusal.status_code == 400:
        return JsonResponse({"error": "Not a file you can download"}, status=400)
    if refusal is not None:
        return refusal
    kept = stored.kept_file(bid, request.user, kind, version)
    document = None
    if kept is not None:
        stage = DraftStage.READY
    else:
        document = _asked_for(request, bid, kind, version)
        stage = DraftStage(document.stage)
    response = JsonResponse(
        {
            "stage": stage.value,
            "label": stage.label,
            "percent": PROGRESS[stage],
            "ready": stage == DraftStage.READY,
            "failed": stage == DraftStage.FAILED,
            "download_url": _download_url(bid, kind, version, document),
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("<slug:slug>/export/", export, name="export"),
    path("<slug:slug>/export/pdf/", serve_file, {"kind": "pdf"}, name="export_pdf"),
    path("<slug:slug>/export/docx/", serve_file, {"kind": "docx"}, name="export_docx"),
    path("<slug:slug>/export/pdf/status/", file_status, {"kind": "pdf"}, name="export_pdf_status"),
    path(
        "<slug:slug>/export/docx/status/", file_status, {"kind": "docx"}, name="export_docx_status"
    ),
]
