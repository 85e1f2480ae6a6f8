"""Browse offers and needs, read one, download its attachments."""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from consortium import compiled, permissions
from consortium.brokerage import matching, suggestions
from consortium.brokerage import rules as brokerage
from consortium.brokerage.models import (
    Category,
    CostBasis,
    Listing,
    ListingAttachment,
    ListingKind,
    ListingStatus,
)
from consortium.organisations.models import Area
from consortium.organisations.postcodes import Distances, about, haversine_miles, places
from consortium.uploads import download_response
from portal.forms import GovukFormMixin, LongSelect
from portal.repeated import digest, remember, remember_query

from .common import listing_or_404
from .forms import ReplyForm, ReportForm, within_field
from .shifts import role_context

PER_PAGE = 20
# Search words narrow the list to at most this many best matches.
SEARCH_LIMIT = 500


def _with_any(choices, any_label):
    return [("", any_label), *choices]


class ListingFilterForm(GovukFormMixin, forms.Form):
    """The resources list's filters; its selects are built in Python (``LongSelect``): Django's
    template for each ``<option>`` cost a busy page several milliseconds."""

    length_subjects = {"q": "Your search"}

    q = forms.CharField(label="Search words", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Offers or needs",
        required=False,
        choices=_with_any(ListingKind.choices, "Both"),
        widget=LongSelect,
    )
    category = forms.ChoiceField(
        label="Category",
        required=False,
        choices=_with_any(Category.choices, "Any category"),
        widget=LongSelect,
    )
    area = forms.ChoiceField(
        label="Area",
        required=False,
        choices=_with_any(Area.choices, "Any area"),
        widget=LongSelect,
    )
    cost = forms.ChoiceField(
        label="Cost",
        required=False,
        choices=_with_any(CostBasis.choices, "Any cost"),
        widget=LongSelect,
    )
    within = within_field(widget=LongSelect)
    include_closed = forms.BooleanField(
        label="Also show promised, matched, closed and expired", required=False
    )

    def __init__(self, *args, near=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not near:  # only members acting for an organisation measure from somewhere
            del self.fields["within"]


def open_on(today):
    """Open listings; an offer past its "available until" date is not open any more."""
    return Q(status=ListingStatus.OPEN) & (
        Q(kind=ListingKind.NEED) | Q(available_until__isnull=True) | Q(available_until__gte=today)
    )


def index(request):
    """The offers and needs this visitor may see, filtered."""
    today = timezone.localdate()
    origin = permissions.distance_origin(request.user)
    form = ListingFilterForm(request.GET or None, near=origin is not None)
    filters = form.cleaned_data if form.is_valid() else {}
    listings = Listing.objects.all()
    for name in ("kind", "category", "area"):
        if filters.get(name):
            listings = listings.filter(**{name: filters[name]})
    if filters.get("cost"):
        listings = listings.filter(cost_basis=filters["cost"])
    if not filters.get("include_closed"):
        listings = listings.filter(open_on(today))
    words = (filters.get("q") or "").strip()
    if words:
        found = matching.search_ranks(
            words, Listing.objects.all(), limit=SEARCH_LIMIT, operator="and"
        )
        listings = listings.filter(pk__in=list(found))
    # Every organisation is placed only to filter by distance; otherwise only the page's.
    distances = Distances(origin) if origin and filters.get("within") else None
    if distances and distances.known:
        listings = listings.filter(organisation_id__in=distances.within(filters["within"]))
    wanted = listings

    def build():
        return (
            permissions.visible_listings(request.user, wanted, today)
            .select_related("organisation")
            .order_by("-created_at", "-pk")
        )

    def count():
        return permissions.count_visible_listings(request.user, wanted, today)

    # Counting tens of thousands of listings costs more than the page of them: the count is
    # kept until anything changes, and counted from indexes when it is not
    # (count_visible_listings). Without search words or a distance, the SQL depends only on
    # who may see what, the filters and the day: it is compiled once per process for those
    # (``consortium.compiled``), and the count kept under them. Otherwise under its SQL.
    if words or (distances and distances.known):
        listings = build()
        paginator = Paginator(listings, PER_PAGE)
        paginator.count = remember_query("listings-count", listings, count)
    else:
        key = (
            "listings",
            permissions.visible_listings_key(request.user),
            tuple(sorted((name, str(value)) for name, value in filters.items())),
            today,
        )
        paginator = Paginator(compiled.KeptList(key, build), PER_PAGE)
        paginator.count = remember("listings-count", digest(key), compute=count)
    page = paginator.get_page(request.GET.get("page"))
    prefetch_related_objects(page.object_list, "photos")
    if origin and distances is None:
        distances = Distances(origin, among={item.organisation_id for item in page})
    for item in page:  # set for every card: a missing attribute is slow for a template to find
        item.distance = about(distances.to(item.organisation_id)) if distances else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consortium/brokerage/index.html",
        {
            "form": form,
            "listings": page,
            "filter_query": query.urlencode(),
            "filtered": bool(query),
            "can_post": permissions.can_post_listing(request.user),
            "can_watch": permissions.can_watch(request.user),
            "today": today,
            "distance_unknown": distances is not None and not distances.known,
        },
    )


def _replies_for(request, listing, owner):
    replies = listing.replies.select_related("user", "organisation", "offer", "match")
    if owner:
        replies = list(replies)
        now = timezone.now()
        for reply in replies:
            reply.waiting_days = brokerage.waiting_days(reply, now)
            reply.overdue = brokerage.is_overdue(reply, now)
        return replies
    if not permissions.is_signed_in(request.user):
        return []
    member_of = permissions.access(request.user).member_of
    return list(
        replies.filter(
            Q(organisation_id__in=member_of) | Q(organisation__isnull=True, user=request.user)
        )
    )


def reply_offers(user):
    """The open offers a replier acting for an organisation may point to (None: no choice)."""
    acting = permissions.acting_organisation_id(user)
    if acting is None:
        return None
    today = timezone.localdate()
    return Listing.objects.filter(organisation_id=acting, kind=ListingKind.OFFER).filter(
        open_on(today)
    )


def detail(request, pk, reply_form=None, report_form=None, status=200):
    """One listing, its replies (as the visitor may see them) and suggested matches."""
    listing = listing_or_404(request, pk)
    user = request.user
    owner = permissions.can_edit_listing(user, listing)
    can_reply = permissions.can_reply(user, listing)
    if can_reply and reply_form is None:
        reply_form = ReplyForm(offers=reply_offers(user))
    can_report = permissions.can_report_listing(user, listing) and not permissions.owns_listing(
        user, listing
    )
    if can_report and report_form is None:
        report_form = ReportForm()
    acting_for = _acting_organisation(user)
    where = _where(listing, acting_for)
    return render(
        request,
        "consortium/brokerage/detail.html",
        {
            "listing": listing,
            "status": listing.current_status(),
            "owner": owner,
            "replies": _replies_for(request, listing, owner),
            "attachments": list(listing.attachments.all()),
            "photos": list(listing.photos.all()),
            "can_manage_photos": permissions.can_manage_photos(user, listing),
            **where,
            "reply_form": reply_form if can_reply else None,
            "report_form": report_form if can_report else None,
            "acting_for": acting_for,
            "suggestions": matching.suggestions_for(listing, user),
            "suggested_volunteers": (
                suggestions.volunteers_for_need(listing)
                if permissions.can_see_suggested_volunteers(user, listing)
                else None
            ),
            "is_open": listing.current_status() == ListingStatus.OPEN,
            "signed_in": permissions.is_signed_in(user),
            **role_context(user, listing),
        },
        status=status,
    )


def _where(listing, acting_for):
    """How far the listing is from the visitor's organisation, and its map point when a
    tile server is configured (one query for both postcodes)."""
    tiles = settings.SHOAL_MAP_TILE_URL
    postcodes = [listing.organisation.postcode, acting_for.postcode if acting_for else ""]
    if not tiles and not acting_for:
        return {"distance": "", "map_point": None}
    located = places(postcodes)
    here, there = located.get(postcodes[1]), located.get(postcodes[0])
    return {
        "distance": about(haversine_miles(here, there)) if here and there else "",
        "map_point": there if tiles else None,
        "map_tiles": tiles,
        "map_attribution": settings.SHOAL_MAP_ATTRIBUTION,
    }


def _acting_organisation(user):
    acting = permissions.acting_organisation_id(user)
    if acting is None:
        return None
    from consortium.organisations.models import Organisation

    return Organisation.objects.filter(pk=acting).first()


def download(request, pk):
    """An attachment, only for those who may see its listing, always as a download."""
    attachment = get_object_or_404(ListingAttachment.objects.select_related("listing"), pk=pk)
    if not permissions.can_view_listing(request.user, attachment.listing):
        raise Http404("No such file.")
    return download_response(attachment.file, attachment.original_name, attachment.content_type)
