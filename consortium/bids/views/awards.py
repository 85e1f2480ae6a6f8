"""Correcting a recorded award: a new, dated record that supersedes the old one, with a reason.

The award itself is recorded by the award step of the workflow (``workflow.award``); a record
never changes afterwards, so the open data shows a correction as a newer record.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from consortium import permissions
from consortium.bids import awards
from consortium.opportunities.models import ORG_ID
from consortium.organisations.forms import DateInput
from portal.forms import GovukFormMixin

from .common import MoneyField, active_members, bid_view, load_bid, require

STALE = (
    "Someone corrected this award after you opened the page. Check the award as it stands "
    "now, above, and send your correction again if it still needs it."
)


class AwardCorrectionForm(GovukFormMixin, forms.Form):
    length_subjects = {"reason": "Why it is corrected", "funder_org_id": "The org-id"}

    amount = MoneyField(label="Amount awarded (£)", what="the amount awarded")
    award_date = forms.DateField(
        label="Date of the award",
        widget=DateInput,
        help_text="The date on the funder's letter or email",
        error_messages={
            "required": "Enter the date of the award",
            "invalid": "Enter the date of the award as a real date, like 27 3 2027",
        },
    )
    recipient = forms.TypedChoiceField(
        label="Who received it",
        coerce=int,
        help_text="The organisation the funder's letter names, usually the lead at the time",
        error_messages={
            "required": "Choose the organisation that received the award",
            "invalid_choice": "Choose one of the consortium's organisations",
        },
    )
    funder_org_id = forms.CharField(
        label="Funder's or buyer's org-id (optional)",
        help_text="Such as GB-CHC-1090095 or GB-GOR-PB123, from org-id.guide",
        required=False,
        max_length=40,
        validators=[ORG_ID],
    )
    reason = forms.CharField(
        label="Why it is corrected",
        help_text="Published with the correction's date, such as “The funder's letter gives "
        "£47,500, not £45,700”",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the award is corrected"},
    )
    record = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, award, organisations, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "amount": award.amount,
                "award_date": award.award_date,
                "recipient": award.recipient_id,
                "funder_org_id": award.funder_org_id,
                "record": award.pk,
            },
        )
        super().__init__(*args, **kwargs)
        self.award = award
        self.organisations = {o.pk: o for o in organisations}
        self.fields["recipient"].choices = [(o.pk, o.name) for o in organisations]

    def clean_award_date(self):
        date = self.cleaned_data["award_date"]
        if date > timezone.localdate():
            raise forms.ValidationError("Enter a date of the award that is today or in the past")
        return date

    def changes(self):
        data = self.cleaned_data
        return {
            "amount": data["amount"],
            "award_date": data["award_date"],
            "recipient": self.organisations[data["recipient"]],
            "funder_org_id": data["funder_org_id"],
        }


def _organisations(bid, award):
    organisations = [m.organisation for m in active_members(bid)]
    if award.recipient is not None and award.recipient not in organisations:
        organisations.insert(0, award.recipient)
    return organisations


@bid_view
@require_http_methods(["GET", "POST"])
def correct_award(request, slug):
    """The award as recorded, its corrections, and the form for a new correction."""
    bid = load_bid(request, slug)
    require(permissions.can_move_bid(request.user, bid))
    award = awards.current(bid)
    if award is None:
        messages.error(request, "No award is recorded for this bid, so there is none to correct.")
        return redirect(bid.get_absolute_url())
    organisations = _organisations(bid, award)
    form = AwardCorrectionForm(request.POST or None, award=award, organisations=organisations)
    if request.method == "POST":
        if request.POST.get("record") != str(award.pk):
            # Someone corrected it since this page opened: keep what was typed, against the
            # award as it stands now, and say so.
            data = request.POST.copy()
            data["record"] = str(award.pk)
            form = AwardCorrectionForm(data, award=award, organisations=organisations)
            form.is_valid()
            form.add_error(None, STALE)
        elif form.is_valid():
            try:
                awards.correct(
                    award, request.user, reason=form.cleaned_data["reason"], **form.changes()
                )
            except awards.AwardRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "The correction is recorded and published.")
                return redirect(bid.get_absolute_url() + "#workflow")
    return render(
        request,
        "consortium/bids/award_correct.html",
        {"bid": bid, "form": form, "award": award, "records": awards.history(bid)},
    )


urlpatterns = [
    path("<slug:slug>/award/correct/", correct_award, name="correct_award"),
]
