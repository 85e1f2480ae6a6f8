"""Personal data rights: download your data, delete your account, and an organisation's data.

URL names: ``account_data`` (/accounts/data/), ``account_data_json`` (/accounts/data.json),
``account_delete`` (/accounts/delete/), and ``organisation_data``
(/organisations/<slug>/data.zip). Every one asks for the password again (allauth's
reauthentication) as well as a signed-in session: a borrowed or hijacked session alone must
not be enough to take away or erase someone's data.
"""

import json
import re
from datetime import datetime

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from consortium import permissions
from consortium.members import erasure
from consortium.members.organisation_export import organisation_archive
from consortium.members.personal_data import personal_data
from consortium.organisations.models import Organisation
from portal.forms import GovukFormMixin


class DeleteAccountForm(GovukFormMixin, forms.Form):
    confirm = forms.CharField(
        label="Type the word delete to confirm",
        max_length=20,
        help_text="This cannot be undone",
    )

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip().lower()
        if value != "delete":
            raise forms.ValidationError(
                "Type the word delete to confirm that you want to delete your account"
            )
        return value


ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}.*)?")


def _when(text):
    """An ISO date or time from the data as people read it: "6 December 2026, 09:09"."""
    moment = datetime.fromisoformat(text)
    if isinstance(moment, datetime) and "T" in text:
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "j F Y, H:i")
    return date_format(moment.date() if isinstance(moment, datetime) else moment, "j F Y")


def _shown(value):
    """A value as the page shows it: lists one to a line, answers as "question: answer",
    dates and times in words."""
    if isinstance(value, str) and ISO_MOMENT.fullmatch(value):
        try:
            return _when(value)
        except ValueError:
            return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "\n".join(_shown(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(f"{key}: {_shown(item)}" for key, item in value.items())
    return "" if value is None else str(value)


@login_required
@reauthentication_required
def data_page(request):
    data = personal_data(request.user)
    sections = [
        {
            "key": section["key"],
            "title": section["title"],
            "rows": [
                [(name, _shown(value)) for name, value in row.items()] for row in section["rows"]
            ],
        }
        for section in data["sections"]
    ]
    return render(
        request,
        "consortium/members/personal_data.html",
        {"sections": sections},
    )


@login_required
@reauthentication_required
def data_json(request):
    body = json.dumps(
        personal_data(request.user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    )
    response = HttpResponse(body, content_type="application/json")
    name = slugify(request.user.get_username()) or "account"
    response["Content-Disposition"] = f'attachment; filename="shoal-data-{name}.json"'
    return response


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    blockers = erasure.erasure_blockers(request.user)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            erasure.erase(request.user, by=request.user)
        except erasure.ErasureRefused as refused:  # something changed since the page showed
            blockers = refused.reasons
        else:
            logout(request)
            messages.success(request, "Your account is deleted.")
            return redirect("/")
    return render(
        request,
        "consortium/members/delete_account.html",
        {"form": form, "blockers": blockers},
    )


@login_required
def organisation_data(request, slug):
    # Who may is decided first: a stranger gets "not found", never a password prompt that
    # would tell them the organisation's data is there to download.
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_download_organisation_data(request.user, organisation):
        raise Http404("No such organisation.")
    return _organisation_zip(request, organisation)


@reauthentication_required
def _organisation_zip(request, organisation):
    response = HttpResponse(organisation_archive(organisation), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}-data.zip"'
    return response


# Under /accounts/ (portal.accounts_urls), before allauth's own patterns; organisation_data
# is routed by consortium.urls, beside the organisations' pages.
urlpatterns = [
    path("data/", data_page, name="account_data"),
    path("data.json", data_json, name="account_data_json"),
    path("delete/", delete_account, name="account_delete"),
]
