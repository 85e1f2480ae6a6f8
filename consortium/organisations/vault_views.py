"""An organisation's due-diligence vault: its documents, listed, added, replaced, deleted and
downloaded, by its members and brokerage staff only."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from consortium import permissions
from consortium.organisations.documents import OrganisationDocument
from consortium.organisations.forms import (
    DocumentForm,
)
from consortium.organisations.views import _organisation, _require, members_view
from consortium.uploads import download_response


def _vault(request, slug, edit=False):
    organisation = _organisation(slug)
    # Someone outside the organisation is not told that its vault exists; a member who may
    # see the documents but not change them is refused.
    _require(request, True)
    permissions.or_404(permissions.can_view_documents(request.user, organisation), "No such page")
    if edit:
        _require(request, permissions.can_edit_documents(request.user, organisation))
    return organisation


def _document(organisation, pk):
    return get_object_or_404(OrganisationDocument, pk=pk, organisation=organisation)


@members_view
def documents(request, slug):
    organisation = _vault(request, slug)
    today = timezone.localdate()
    rows = []
    for document in organisation.documents.order_by("kind", "title"):
        days = (document.expires_on - today).days if document.expires_on else None
        rows.append({"document": document, "days": days})
    return render(
        request,
        "consortium/organisations/documents.html",
        {
            "organisation": organisation,
            "rows": rows,
            "can_edit": permissions.can_edit_documents(request.user, organisation),
        },
    )


@members_view
@require_http_methods(["GET", "POST"])
def document_add(request, slug):
    organisation = _vault(request, slug, edit=True)
    document = OrganisationDocument(organisation=organisation, uploaded_by=request.user)
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"“{document.title}” is in the vault.")
        return redirect("organisations:documents", slug=slug)
    return render(
        request,
        "consortium/organisations/document_form.html",
        {"form": form, "organisation": organisation, "heading": "Add a document"},
    )


@members_view
@require_http_methods(["GET", "POST"])
def document_replace(request, slug, pk):
    organisation = _vault(request, slug, edit=True)
    document = _document(organisation, pk)
    form = DocumentForm(
        request.POST or None, request.FILES or None, instance=document, replacing=True
    )
    if request.method == "POST" and form.is_valid():
        document.uploaded_by = request.user
        form.save()
        messages.success(request, f"“{document.title}” is replaced with the new file.")
        return redirect("organisations:documents", slug=slug)
    if request.method == "POST":
        document.refresh_from_db()
    return render(
        request,
        "consortium/organisations/document_form.html",
        {
            "form": form,
            "organisation": organisation,
            "document": document,
            "heading": f"Replace “{document.title}”",
        },
    )


@members_view
@require_http_methods(["GET", "POST"])
def document_delete(request, slug, pk):
    organisation = _vault(request, slug, edit=True)
    document = _document(organisation, pk)
    if request.method == "POST":
        title = document.title
        document.file.delete(save=False)
        document.delete()
        messages.success(request, f"“{title}” is deleted.")
        return redirect("organisations:documents", slug=slug)
    return render(
        request,
        "consortium/organisations/document_delete.html",
        {"organisation": organisation, "document": document},
    )


@members_view
def document_download(request, slug, pk):
    organisation = _vault(request, slug)
    document = _document(organisation, pk)
    if not document.file:
        raise Http404("The file is missing.")
    try:
        return download_response(
            document.file, document.original_name or document.file.name, document.content_type
        )
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
