"""A partner asked to sign off requests changes or declines to take part, instead of signing.

The moves are in the workflow table (``consortium.bids.workflow``); the rule that makes them
is ``consortium.bids.review.respond``.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from consortium import permissions
from consortium.bids import moves, review
from consortium.bids.models import MAX_REASON_LENGTH, BidState, ResponseKind
from consortium.organisations.models import Organisation
from portal.forms import GovukFormMixin

from .common import bid_view, load_bid, require


class ResponseForm(GovukFormMixin, forms.Form):
    length_subjects = {"reason": "Your reason"}

    organisation = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label="Which organisation are you answering for?",
        error_messages={
            "required": "Choose the organisation you are answering for",
            "invalid_choice": "Choose an organisation you can answer for",
        },
    )
    reason = forms.CharField(
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    sections = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Which sections need changing?",
        error_messages={"invalid_choice": "Choose only sections of this bid"},
    )

    def __init__(self, *args, kind, organisations, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        if len(organisations) == 1:
            del self.fields["organisation"]  # the one organisation the person answers for
        reason = self.fields["reason"]
        if kind == ResponseKind.CHANGES:
            reason.label = "What needs to change before you can sign off?"
            reason.error_messages["required"] = "Enter what needs to change"
            self.fields["sections"].choices = [(s.pk, s.title) for s in sections]
        else:
            reason.label = "Why are you declining to take part?"
            reason.error_messages["required"] = "Enter why you are declining to take part"
            del self.fields["sections"]


def _answer(request, slug, kind):
    bid = load_bid(request, slug)
    user = request.user
    if bid.state != BidState.AWAITING_SIGN_OFF:
        messages.error(
            request,
            f"The bid is “{bid.get_state_display()}”: "
            "partners answer only while it awaits sign-off.",
        )
        return redirect(bid.get_absolute_url())
    ids = permissions.partners_responding(user, bid)
    require(ids)
    organisations = list(Organisation.objects.filter(pk__in=ids).order_by("name"))
    sections = list(bid.sections.order_by("sort_order", "pk"))
    form = ResponseForm(
        request.POST or None, kind=kind, organisations=organisations, sections=sections
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("organisation", organisations[0].pk)
        organisation = next(o for o in organisations if o.pk == chosen)
        picked = set(form.cleaned_data.get("sections") or [])
        try:
            review.respond(
                bid,
                organisation,
                user,
                kind,
                form.cleaned_data["reason"],
                [s for s in sections if s.pk in picked],
            )
        except moves.TransitionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            if kind == ResponseKind.CHANGES:
                messages.success(
                    request,
                    f"The lead is told what {organisation.name} needs changed. "
                    "The bid is back in internal review.",
                )
            else:
                messages.success(
                    request, f"The lead is told that {organisation.name} declines to take part."
                )
        return redirect(bid.get_absolute_url())
    return render(
        request,
        "consortium/bids/review_answer.html",
        {"bid": bid, "form": form, "kind": kind, "changes": kind == ResponseKind.CHANGES},
    )


@bid_view
@require_http_methods(["GET", "POST"])
def request_changes(request, slug):
    return _answer(request, slug, ResponseKind.CHANGES)


@bid_view
@require_http_methods(["GET", "POST"])
def decline_to_take_part(request, slug):
    return _answer(request, slug, ResponseKind.DECLINED)


urlpatterns = [
    path("<slug:slug>/request-changes/", request_changes, name="request_changes"),
    path("<slug:slug>/decline/", decline_to_take_part, name="decline_to_take_part"),
]
