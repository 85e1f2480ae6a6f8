"""The partners of a bid: who they are, their statements, and the due-diligence checklist of
documents each must hold."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from consortium import permissions
from consortium.bids import versions as bids
from consortium.bids.models import (
    PartnerStatement,
)
from consortium.bids.views.common import (
    MERGED,
    active_members,
    bid_view,
    conflict_message,
    load_bid,
    opened_version,
    require,
)
from consortium.organisations import due_diligence
from consortium.organisations.documents import DocumentKind
from portal.forms import GovukFormMixin

REGISTRATION_FIELDS = ["charity_number", "oscr_number", "ccni_number", "company_number"]


def registration_numbers(organisation):
    """[(what, number)] for the numbers the organisation has."""
    meta = organisation._meta
    return [
        (meta.get_field(name).verbose_name, getattr(organisation, name))
        for name in REGISTRATION_FIELDS
        if getattr(organisation, name)
    ]


@bid_view
def partners(request, slug):
    bid = load_bid(request, slug)
    user = request.user
    members = active_members(bid)
    statements = {s.organisation_id: s for s in PartnerStatement.objects.filter(bid=bid)}
    organisations = [m.organisation for m in members]
    checks = due_diligence.checklist(bid, organisations)
    rows = []
    for member in members:
        organisation = member.organisation
        rows.append(
            {
                "member": member,
                "organisation": organisation,
                "numbers": registration_numbers(organisation),
                "statement": statements.get(organisation.pk),
                "can_edit": permissions.can_edit_statement(
                    user, PartnerStatement(bid=bid, organisation=organisation)
                ),
                "checks": checks[organisation.pk],
                "documents_link": permissions.can_view_documents(user, organisation),
            }
        )
    return render(
        request,
        "consortium/bids/partners.html",
        {
            "bid": bid,
            "rows": rows,
            "kinds": [DocumentKind(k).label for k in due_diligence.required_kinds(bid)],
            "gaps": due_diligence.gaps(checks),
            "can_choose_documents": permissions.can_edit_bid(user, bid),
        },
    )


class StatementForm(GovukFormMixin, forms.Form):
    role_in_bid = forms.CharField(
        label="Our role in this bid",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What your organisation will do, in a few sentences",
    )
    delivery_areas = forms.CharField(
        max_length=300,
        required=False,
        help_text="The places you will work, like “Fernlea and the North”",
    )
    capacity = forms.CharField(
        label="Our capacity",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Staff, volunteers, premises",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)


STATEMENT_LABELS = {
    "role_in_bid": "Our role in this bid",
    "delivery_areas": "Delivery areas",
    "capacity": "Our capacity",
}


def prefilled_statement(organisation):
    """A new statement's starting text, from the organisation's profile."""
    area = organisation.get_area_display()
    places = f"{organisation.locality} ({area})" if organisation.locality else area
    return {"role_in_bid": organisation.short_description, "delivery_areas": places}


@bid_view
@require_http_methods(["GET", "POST"])
def statement_edit(request, slug, organisation_id):
    bid = load_bid(request, slug)
    user = request.user
    member = next((m for m in active_members(bid) if m.organisation_id == organisation_id), None)
    if member is None:
        raise Http404("That organisation is not in the consortium")
    organisation = member.organisation
    statement = PartnerStatement.objects.filter(bid=bid, organisation=organisation).first()
    require(
        permissions.can_edit_statement(
            user, statement or PartnerStatement(bid=bid, organisation=organisation)
        )
    )
    context = {"bid": bid, "organisation": organisation, "statement": statement}
    if request.method == "GET":
        if statement:
            initial = {name: getattr(statement, name) for name in STATEMENT_LABELS}
            initial["version"] = statement.version
        else:
            initial = {**prefilled_statement(organisation), "version": 1}
        context["form"] = StatementForm(initial=initial)
        return render(request, "consortium/bids/partners_statement_form.html", context)
    form = StatementForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "consortium/bids/partners_statement_form.html", context)
    changes = {name: form.cleaned_data[name] for name in STATEMENT_LABELS}
    try:
        with transaction.atomic():
            # Every statement starts empty at version 1: the common base for two people
            # who both open a partner's first statement.
            statement, created = PartnerStatement.objects.get_or_create(
                bid=bid, organisation=organisation, defaults={"updated_by": user}
            )
            statement, merged = bids.save_with_merge(
                PartnerStatement,
                statement.pk,
                opened_version(request),
                changes,
                user,
                text_fields=("role_in_bid", "capacity"),
            )
            bids.content_changed(bid, user, f"{organisation.name}’s statement")
    except bids.Conflict as conflict:
        data = request.POST.copy()
        data["version"] = conflict.current.version
        form = StatementForm(data)
        form.is_valid()
        form.add_error(None, conflict_message(conflict, STATEMENT_LABELS))
        context.update(form=form, statement=conflict.current)
        return render(request, "consortium/bids/partners_statement_form.html", context, status=409)
    messages.success(request, MERGED if merged else f"{organisation.name}’s statement saved.")
    return redirect("bids:partners", slug=bid.slug)


class RequiredDocumentsForm(GovukFormMixin, forms.Form):
    documents = forms.MultipleChoiceField(
        label="Documents the funder asks every partner for",
        choices=DocumentKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Partners' documents come from their vaults.",
        error_messages={"invalid_choice": "Choose documents from the list"},
    )
    opened = forms.CharField(widget=forms.HiddenInput, required=False)


def _as_text(kinds):
    return ",".join(sorted(kinds or []))


@bid_view
@require_http_methods(["GET", "POST"])
def required_documents(request, slug):
    bid = load_bid(request, slug)
    require(permissions.can_edit_bid(request.user, bid))
    current = list(bid.required_documents or [])
    if request.method == "GET":
        form = RequiredDocumentsForm(initial={"documents": current, "opened": _as_text(current)})
    else:
        form = RequiredDocumentsForm(request.POST)
        if form.is_valid():
            chosen = form.cleaned_data["documents"]
            opened = form.cleaned_data["opened"]
            if opened != _as_text(current) and _as_text(chosen) != _as_text(current):
                # Someone else changed the list since this form was opened: keep the
                # person's ticks, show the list as it is now, and let them save again.
                data = request.POST.copy()
                data["opened"] = _as_text(current)
                form = RequiredDocumentsForm(data)
                form.is_valid()
                now = ", ".join(DocumentKind(k).label for k in current) or "none"
                form.add_error(
                    None,
                    f"Someone else changed this list while you were editing. It is now: {now}. "
                    "Your choices are kept below: save again to use them.",
                )
                return render(
                    request,
                    "consortium/bids/partners_required_documents.html",
                    {"bid": bid, "form": form},
                    status=409,
                )
            bid.required_documents = [k for k in DocumentKind.values if k in chosen]
            bid._history_user = request.user
            bid._change_reason = "Required documents changed"
            bid.save(update_fields=["required_documents", "updated_at"])
            messages.success(request, "The list of required documents is saved.")
            return redirect("bids:partners", slug=bid.slug)
    return render(
        request,
        "consortium/bids/partners_required_documents.html",
        {"bid": bid, "form": form},
    )


urlpatterns = [
    path("<slug:slug>/partners/", partners, name="partners"),
    path(
        "<slug:slug>/partners/<int:organisation_id>/statement/",
        statement_edit,
        name="statement_edit",
    ),
    path(
        "<slug:slug>/partners/required-documents/",
        required_documents,
        name="required_documents",
    ),
]
