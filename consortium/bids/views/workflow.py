"""Moving a bid between states, recording the award, and partners' sign-offs.

The states and who may move a bid between them are data in ``consortium.workflow``; these
views only ask it. A refused move comes back to the bid page with the reason.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from consortium import permissions
from consortium.bids import moves, workflow
from consortium.bids import versions as bids
from consortium.bids.models import BidState, SignOff
from consortium.organisations.forms import DateInput
from consortium.organisations.models import Organisation
from portal.forms import GovukFormMixin

from .changes import changes_url
from .common import MoneyField, bid_view, load_bid, require


def _transition(bid, target, user):
    """The move this person may make to ``target`` (a partner's own moves are not the lead's)."""
    return moves.transition_for(bid, target, user)


@bid_view
@require_http_methods(["GET", "POST"])
def move(request, slug):
    """POST ``target``: move the bid. GET ``?target=``: the confirm page for that move."""
    bid = load_bid(request, slug)
    user = request.user
    require(permissions.can_move_bid(user, bid))
    target = (request.POST if request.method == "POST" else request.GET).get("target", "")
    t = _transition(bid, target, user)
    if t is not None and t.page:
        return redirect(t.page, slug=bid.slug)
    if request.method == "GET" or (t is not None and t.confirm and "confirmed" not in request.POST):
        if t is None:
            messages.error(request, refused_text(bid, target))
            return redirect(bid.get_absolute_url())
        reasons = [r for r in (c(bid) for c in t.conditions) if r]
        return render(
            request,
            "consortium/bids/workflow_confirm.html",
            {"bid": bid, "transition": t, "reasons": reasons},
        )
    try:
        moves.move(bid, target, user)
    except moves.TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"The bid is now “{bid.get_state_display()}”.")
    return redirect(bid.get_absolute_url())


def refused_text(bid, target):
    label = BidState(target).label if target in BidState.values else target
    return f"A bid that is “{bid.get_state_display()}” cannot become “{label}”."


class AwardForm(GovukFormMixin, forms.Form):
    amount_awarded = MoneyField(label="Amount awarded (£)", what="the amount awarded")
    award_date = forms.DateField(
        label="Date of the award",
        widget=DateInput,
        help_text="The date on the funder's letter or email",
        error_messages={
            "required": "Enter the date of the award",
            "invalid": "Enter the date of the award as a real date, like 27 3 2027",
        },
    )

    def clean_award_date(self):
        date = self.cleaned_data["award_date"]
        if date > timezone.localdate():
            raise forms.ValidationError("Enter a date of the award that is today or in the past")
        return date


@bid_view
@require_http_methods(["GET", "POST"])
def award(request, slug):
    bid = load_bid(request, slug)
    user = request.user
    require(permissions.can_move_bid(user, bid))
    if workflow.find(bid.state, BidState.AWARDED) is None:
        messages.error(request, refused_text(bid, BidState.AWARDED))
        return redirect(bid.get_absolute_url())
    form = AwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bid.amount_awarded = form.cleaned_data["amount_awarded"]
        bid.award_date = form.cleaned_data["award_date"]
        try:
            moves.move(bid, BidState.AWARDED, user)
        except moves.TransitionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "The award is recorded. Congratulations!")
        return redirect(bid.get_absolute_url())
    return render(request, "consortium/bids/workflow_award.html", {"bid": bid, "form": form})


# --- sign-off -------------------------------------------------------------------------------


class SignOffForm(GovukFormMixin, forms.Form):
    organisation = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label="Which organisation are you signing for?",
        error_messages={
            "required": "Choose the organisation you are signing for",
            "invalid_choice": "Choose an organisation you can sign for",
        },
    )
    confirm = forms.BooleanField(
        error_messages={
            "required": "Tick the box to confirm you have read the whole bid and sign it off"
        }
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations[0].pk
            name = organisations[0].name
        else:
            name = "the organisation chosen above"
        self.fields["confirm"].label = f"I have read the whole bid and sign it off for {name}"


def signable_organisations(user, bid):
    """The consortium organisations ``user`` may sign off for now, not yet signed."""
    places = permissions.consortium_places(user, bid.consortium)
    ids = [o for o in places if permissions.can_sign_off(user, bid, o)]
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def moved_on_form(bid, posted, organisations, read):
    """The form again after the bid moved on from version ``read``: the box unticked (what
    was read is no longer what would be signed), the current version carried, and the
    message linking to what changed since."""
    data = posted.copy()
    data["version"] = bid.version
    data.pop("confirm", None)
    form = SignOffForm(data, organisations=organisations)
    form.is_valid()
    form.errors.pop("confirm", None)  # not ticking is what we ask for; say why instead
    read = min(max(read, 1), bid.version - 1) if bid.version > 1 else 1
    form.add_error(
        None,
        format_html(
            "The bid changed while you were reading it: you read version {}, and it is now "
            'version {}. <a class="govuk-link" href="{}">Read what changed since version {}</a>, '
            "then tick the box again to sign off version {}.",
            read,
            bid.version,
            changes_url(bid, read),
            read,
            bid.version,
        ),
    )
    return form


@bid_view
@require_http_methods(["GET", "POST"])
def sign_off(request, slug):
    bid = load_bid(request, slug)
    user = request.user
    organisations = signable_organisations(user, bid)
    current = SignOff.objects.filter(
        bid=bid, voided_at__isnull=True, bid_version=bid.version
    ).select_related("organisation", "signed_by")
    signed = {s.organisation_id: s for s in current}
    mine_signed = [signed[o.pk] for o in organisations if o.pk in signed]
    to_sign = [o for o in organisations if o.pk not in signed]
    status = 200
    form = None
    if request.method == "POST":
        require(to_sign)
        form = SignOffForm(request.POST, organisations=to_sign)
        if form.is_valid():
            read = form.cleaned_data["version"]
            if read != bid.version:
                status = 409
                form = moved_on_form(bid, request.POST, to_sign, read)
            else:
                chosen = form.cleaned_data["organisation"]
                organisation = next(o for o in to_sign if o.pk == chosen)
                bids.sign_off(bid, organisation, user)
                messages.success(
                    request, f"{organisation.name} has signed off version {bid.version}."
                )
                return redirect(bid.get_absolute_url())
    elif to_sign:
        form = SignOffForm(initial={"version": bid.version}, organisations=to_sign)
    fingerprint = bids.fingerprint(bid)
    return render(
        request,
        "consortium/bids/signoff.html",
        {
            "bid": bid,
            "form": form,
            "fingerprint": fingerprint,
            "mine_signed": mine_signed,
            "awaiting": bid.state == BidState.AWAITING_SIGN_OFF,
            "can_see_every_line": permissions.can_see_every_budget_line(user, bid),
            "answer_for": permissions.partners_responding(user, bid),
        },
        status=status,
    )


@bid_view
def sign_offs(request, slug):
    bid = load_bid(request, slug)
    records = SignOff.objects.filter(bid=bid).select_related("organisation", "signed_by")
    return render(
        request,
        "consortium/bids/signoff_record.html",
        {"bid": bid, "records": records.order_by("-signed_at", "-pk")},
    )


urlpatterns = [
    path("<slug:slug>/move/", move, name="move"),
    path("<slug:slug>/award/", award, name="award"),
    path("<slug:slug>/sign-off/", sign_off, name="sign_off"),
    path("<slug:slug>/sign-offs/", sign_offs, name="sign_offs"),
]
