"""Suggested matches: for a need, the open offers most likely to meet it; for an offer,
the needs it could meet.

Candidates are open, approved listings of the other kind in the same category, from other
organisations, that the viewer may see. They are ranked by place first ("nearby" kept
simple: the same area, then countywide, then anywhere else) and then by how well their
words match through the search backend. The same few queries whatever the data size: the
candidates' ids, their ranks, and the few shown.
"""

import logging
import re

from django.db import DatabaseError, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from consortium import permissions
from consortium.brokerage.models import Listing, ListingKind, ListingStatus, Moderation
from consortium.organisations.models import Area
from portal.repeated import digest, remember

SUGGESTIONS = 5
CANDIDATES = 50
logger = logging.getLogger(__name__)


def plain_words(text, limit=12):
    """The words of ``text`` without the quotes and operators a search backend would parse."""
    return " ".join(re.findall(r"\w+", text or "")[:limit])


def search_ranks(text, queryset, limit=CANDIDATES, operator="or"):
    """Ids of listings in ``queryset`` matching the words of ``text``, best first, as
    {id: rank}. A query the backend cannot run finds nothing rather than failing the page."""
    words = plain_words(text)
    if not words:
        return {}
    try:
        with transaction.atomic():
            results = get_search_backend().search(words, queryset, operator=operator)[:limit]
            return {found.pk: rank for rank, found in enumerate(results)}
    except DatabaseError:
        logger.warning("Search backend could not run the query %r", words, exc_info=True)
        return {}


def _open_of_kind(kind, category, today):
    listings = Listing.objects.filter(
        kind=kind,
        category=category,
        status=ListingStatus.OPEN,
        moderation=Moderation.APPROVED,
    )
    if kind == ListingKind.OFFER:
        listings = listings.filter(Q(available_until__isnull=True) | Q(available_until__gte=today))
    return listings


def _word_ranks(listing, candidate_ids):
    """Ids of the candidates sharing words with ``listing``, best first.

    Only the candidates are ranked (they are all the ranks sort): ranking every open listing
    of the kind, as the words "and" or "to" match most of them, took a third of a second at
    county scale.
    """
    return search_ranks(listing.title, Listing.objects.filter(pk__in=candidate_ids))


def suggestions_for(listing, user, limit=SUGGESTIONS, today=None):
    """The listings of the other kind most likely to match ``listing``, that ``user`` may see.

    Which they are is kept until anything changes (``portal.repeated``: any saved listing
    moves the content generation on), for everyone who may see the same listings on the same
    day: ranking the candidates' words cost most of a listing's page.
    """
    today = today or timezone.localdate()
    who = digest(permissions.visible_listings_key(user))
    chosen = remember(
        "listing-suggestions",
        listing.pk,
        who,
        today.isoformat(),
        limit,
        compute=lambda: _suggested_ids(listing, user, limit, today),
    )
    if not chosen:
        return []
    found = Listing.objects.select_related("organisation").in_bulk(chosen)
    return [found[pk] for pk in chosen if pk in found]


def _suggested_ids(listing, user, limit, today):
    other_kind = ListingKind.OFFER if listing.kind == ListingKind.NEED else ListingKind.NEED
    nearby = Case(
        When(area=listing.area, then=Value(0)),
        When(area=Area.COUNTYWIDE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    # The candidates as (id, nearby) only: sorting a thousand narrow rows is cheap, and only
    # the few shown are fetched whole (with their organisation) afterwards.
    candidates = list(
        permissions.visible_listings(
            user, _open_of_kind(other_kind, listing.category, today), today
        )
        .exclude(organisation_id=listing.organisation_id)
        .annotate(nearby=nearby)
        .order_by("nearby", "-created_at")
        .values_list("pk", "nearby")[:CANDIDATES]
    )
    if not candidates:
        return []
    ranks = _word_ranks(listing, [pk for pk, _ in candidates])
    unranked = len(ranks) + 1
    candidates.sort(key=lambda found: (found[1], ranks.get(found[0], unranked)))
    return [pk for pk, _ in candidates[:limit]]
