"""Funding opportunities at /opportunities/: grants and tenders, feeds, partner search."""

import datetime
import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from consortium import permissions
from consortium.brokerage import matching
from consortium.opportunities.models import Opportunity, OpportunityKind, PartnerSearch
from consortium.organisations.models import Area, Organisation
from portal.forms import GovukFormMixin, LongSelect

PER_PAGE = 20
SEARCH_LIMIT = 500
CLOSING_WITHIN = [("", "Any time"), ("7", "7 days"), ("14", "14 days"), ("30", "30 days")]
CLOSING_WITHIN += [("90", "90 days")]


# --- display helpers ------------------------------------------------------------------------


def pounds(amount):
    """£5,000 for whole pounds, £5,000.50 otherwise."""
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


def amount_range(opportunity):
    """The amount on offer in words: "£5,000 to £50,000", "Up to £50,000", "From £5,000"."""
    low, high = opportunity.amount_min, opportunity.amount_max
    if low is not None and high is not None:
        return pounds(high) if low == high else f"{pounds(low)} to {pounds(high)}"
    if high is not None:
        return f"Up to {pounds(high)}"
    if low is not None:
        return f"From {pounds(low)}"
    return "Not stated"


def time_left(deadline, now):
    """How long is left before the deadline, in plain words."""
    if deadline < now:
        return "Closed"
    today = timezone.localdate(now)
    days = (timezone.localdate(deadline) - today).days
    if days == 0:
        return "Closes today"
    if days == 1:
        return "Closes tomorrow"
    if days < 14:
        return f"Closes in {days} days"
    weeks = days // 7
    return f"Closes in {weeks} weeks" if days < 63 else f"Closes in {days // 30} months"


def decorate(opportunity, now):
    opportunity.amount_text = amount_range(opportunity)
    opportunity.time_left = time_left(opportunity.deadline, now)
    opportunity.closed = opportunity.deadline < now
    tags = []
    if opportunity.suits_small:
        tags.append("Suits small organisations")
    if opportunity.suits_vcse:
        tags.append("Suits VCSE providers")
    opportunity.suitability = tags
    return opportunity


# --- the list -------------------------------------------------------------------------------


def _with_any(choices, label):
    return [("", label), *choices]


class OpportunityFilterForm(GovukFormMixin, forms.Form):
    length_subjects = {"q": "Your search"}

    q = forms.CharField(label="Search words", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Grants or tenders",
        required=False,
        choices=_with_any(OpportunityKind.choices, "Both"),
        widget=LongSelect,
    )
    area = forms.ChoiceField(
        label="Area",
        required=False,
        choices=_with_any(Area.choices, "Any area"),
        widget=LongSelect,
    )
    closing_within = forms.ChoiceField(
        label="Closing within", required=False, choices=CLOSING_WITHIN, widget=LongSelect
    )
    suits_small = forms.BooleanField(label="Suits small organisations", required=False)
    suits_vcse = forms.BooleanField(label="Suits VCSE providers", required=False)
    include_closed = forms.BooleanField(label="Also show closed opportunities", required=False)


def filtered(request, now):
    """The opportunities the visitor may see that match the list's filters, and the form."""
    form = OpportunityFilterForm(request.GET or None)
    # A filter with a bad value is shown with its error and left out; the others still apply.
    if form.is_bound:
        form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    found = permissions.visible_opportunities(request.user, Opportunity.objects.all())
    for name in ("kind", "area"):
        if filters.get(name):
            found = found.filter(**{name: filters[name]})
    for name in ("suits_small", "suits_vcse"):
        if filters.get(name):
            found = found.filter(**{name: True})
    if filters.get("closing_within"):
        found = found.filter(
            deadline__lte=now + datetime.timedelta(days=int(filters["closing_within"]))
        )
    if not filters.get("include_closed"):
        found = found.filter(deadline__gte=now)
    words = (filters.get("q") or "").strip()
    if words:
        ranks = matching.search_ranks(
            words, Opportunity.objects.all(), limit=SEARCH_LIMIT, operator="and"
        )
        found = found.filter(pk__in=list(ranks))
    return form, found


def index(request):
    """Open grants and tenders, soonest deadline first; closed ones after, if asked for."""
    now = timezone.now()
    form, found = filtered(request, now)
    counts = found.aggregate(
        grants=Count("pk", filter=Q(kind=OpportunityKind.GRANT)),
        tenders=Count("pk", filter=Q(kind=OpportunityKind.TENDER)),
    )
    ordered = (
        found.annotate(
            # Counted for the page's twenty only (a subquery), not for every match grouped.
            seekers=Coalesce(
                Subquery(
                    PartnerSearch.objects.filter(opportunity=OuterRef("pk"))
                    .order_by()
                    .values("opportunity")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
            is_closed=ExpressionWrapper(Q(deadline__lt=now), output_field=BooleanField()),
        )
        .order_by("is_closed", "deadline", "title", "pk")
        .only(*LIST_FIELDS)
    )
    paginator = Paginator(ordered, PER_PAGE, allow_empty_first_page=True)
    # Every opportunity is a grant or a tender: the counts above are the total, so the
    # paginator need not count the grouped list again.
    paginator.count = counts["grants"] + counts["tenders"]
    page = paginator.get_page(request.GET.get("page"))
    for opportunity in page:
        decorate(opportunity, now)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consortium/opportunities/index.html",
        {
            "form": form,
            "opportunities": page,
            "counts": counts,
            "filter_query": query.urlencode(),
            "filtered": bool(query),
            "can_manage": permissions.can_manage_opportunities(request.user),
        },
    )


LIST_FIELDS = [
    "title",
    "slug",
    "kind",
    "funder",
    "programme",
    "amount_min",
    "amount_max",
    "deadline",
    "eoi_deadline",
    "area",
    "suits_small",
    "suits_vcse",
    "is_published",
]


# --- one opportunity and its partner search -------------------------------------------------


def note_token(search):
    """Changes whenever the organisation's note is saved or withdrawn: caught stale forms."""
    if search is None:
        return "none"
    return hashlib.sha256(f"{search.pk}:{search.note}".encode()).hexdigest()[:16]


class PartnerSearchForm(GovukFormMixin, forms.Form):
    length_subjects = {"note": "Your note"}

    note = forms.CharField(
        label="What your organisation brings and the partners it needs",
        help_text="For example: the services you deliver, where, and the skills or areas "
        "you are looking for in partners. Other member organisations will see this.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opened = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_note(self):
        note = self.cleaned_data["note"].replace("\x00", "").strip()
        return note


def _opportunity(request, slug):
    opportunity = get_object_or_404(Opportunity, slug=slug)
    if not permissions.can_view_opportunity(request.user, opportunity):
        raise Http404("No such opportunity")
    return opportunity


def _acting(user):
    acting_id = permissions.acting_organisation_id(user)
    return Organisation.objects.filter(pk=acting_id).first() if acting_id else None


def _offer_invitations(user, searches, invite_error):
    """Mark each organisation seeking partners with the consortia the user leads that it
    could be invited into, and those it is already in or invited to (two queries)."""
    led = permissions.consortia_led_by(user) if searches else []
    if not led:
        return False
    places = permissions.consortium_places_of(led, [s.organisation_id for s in searches])
    words = {"in": "Already in {}", "invited": "Invited to {}"}
    for search in searches:
        search.invite_into = [c for c in led if (c.pk, search.organisation_id) not in places]
        search.invite_notes = [
            words[places[c.pk, search.organisation_id]].format(c.name)
            for c in led
            if (c.pk, search.organisation_id) in places
        ]
        if invite_error and invite_error[0] == search.organisation_id:
            search.invite_error = invite_error[1]
    return True


def detail(request, slug, form=None, status=200, theirs=None, invite_error=None):
    """Everything about one opportunity, and who is looking for partners for it.
    ``invite_error`` is (organisation id, message) when an invitation from here failed."""
    opportunity = _opportunity(request, slug)
    user = request.user
    now = timezone.now()
    decorate(opportunity, now)
    searches = opportunity.partner_searches.select_related("organisation")
    may_see_searches = permissions.can_see_partner_searches(user)
    if may_see_searches:
        searches = list(searches)
        can_invite = _offer_invitations(user, searches, invite_error)
    else:
        can_invite = False
    acting = _acting(user) if permissions.can_seek_partners(user, opportunity) else None
    mine = None
    if acting is not None:
        mine = PartnerSearch.objects.filter(opportunity=opportunity, organisation=acting).first()
        if form is None:
            form = PartnerSearchForm(
                initial={"note": mine.note if mine else "", "opened": note_token(mine)}
            )
    return render(
        request,
        "consortium/opportunities/detail.html",
        {
            "opportunity": opportunity,
            "searches": searches if may_see_searches else [],
            "search_count": searches.count() if not may_see_searches else None,
            "can_invite": can_invite,
            "invite_error": invite_error,
            "may_see_searches": may_see_searches,
            "acting": acting,
            "mine": mine,
            "form": form,
            "theirs": theirs,
            "can_start_bid": permissions.can_create_consortium(user),
            "can_manage": permissions.can_manage_opportunities(user),
            "signed_in": permissions.is_signed_in(user),
        },
        status=status,
    )


STALE = (
    "Someone else at {org} changed or withdrew this note since you opened the page, so "
    "nothing was saved. Their version is shown below; what you typed is still in the box. "
    "Check it and save again."
)


@require_POST
def seek(request, slug):
    """Add, change or withdraw the acting organisation's "seeking partners" note."""
    opportunity = _opportunity(request, slug)
    user = request.user
    if not permissions.is_signed_in(user):
        return redirect_to_login(reverse("opportunities:detail", args=[slug]))
    if not permissions.can_seek_partners(user, opportunity):
        raise PermissionDenied("Only people acting for a member organisation can seek partners")
    acting = _acting(user)
    form = PartnerSearchForm(request.POST)
    if not form.is_valid():
        return detail(request, slug, form=form, status=400)
    withdrawing = "withdraw" in request.POST
    with transaction.atomic():
        mine = (
            PartnerSearch.objects.select_for_update()
            .filter(opportunity=opportunity, organisation=acting)
            .first()
        )
        note = form.cleaned_data["note"]
        unchanged_meanwhile = form.cleaned_data["opened"] == note_token(mine)
        same_as_theirs = mine is not None and mine.note == note and not withdrawing
        if not (unchanged_meanwhile or same_as_theirs):
            data = request.POST.copy()
            data["opened"] = note_token(mine)
            stale = PartnerSearchForm(data)
            stale.is_valid()
            stale.add_error(None, STALE.format(org=acting.name))
            return detail(request, slug, form=stale, status=409, theirs=mine or "withdrawn")
        if withdrawing:
            if mine is not None:
                mine.delete()
            messages.success(request, f"{acting.name} is no longer listed as seeking partners.")
        elif mine is None:
            try:
                with transaction.atomic():
                    PartnerSearch.objects.create(
                        opportunity=opportunity, organisation=acting, note=note, created_by=user
                    )
            except IntegrityError:
                # Someone else at the organisation added one a moment ago: keep the typing.
                data = request.POST.copy()
                data["opened"] = "none"
                stale = PartnerSearchForm(data)
                stale.is_valid()
                stale.add_error(None, STALE.format(org=acting.name))
                return detail(request, slug, form=stale, status=409)
            messages.success(request, f"{acting.name} is now listed as seeking partners.")
        else:
            mine.note = note
            mine.save(update_fields=["note"])
            messages.success(request, f"{acting.name}'s note is saved.")
    return redirect(reverse("opportunities:detail", args=[slug]) + "#partners")


# --- feeds ----------------------------------------------------------------------------------
