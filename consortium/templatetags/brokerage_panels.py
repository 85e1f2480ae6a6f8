"""The brokerage's part of other domains' pages: an organisation's offers, needs and how
quickly it responds, on its profile. A template tag, so ``organisations`` need not import
``brokerage`` (which builds on organisations)."""

from django import template

from consortium import permissions
from consortium.brokerage.models import ListingKind, ListingStatus
from consortium.brokerage.responsiveness import describe_wait, responsiveness

register = template.Library()


@register.inclusion_tag("consortium/brokerage/_on_profile.html", takes_context=True)
def brokerage_on_profile(context, organisation):
    """The open offers and needs the viewer may see, and the organisation's responsiveness."""
    user = context["request"].user
    listings = permissions.visible_listings(
        user, organisation.listings.filter(status=ListingStatus.OPEN)
    )
    listings = list(listings.order_by("title")[:50])
    figures = responsiveness(organisation)
    return {
        "offers": [item for item in listings if item.kind == ListingKind.OFFER],
        "needs": [item for item in listings if item.kind == ListingKind.NEED],
        "responsiveness": figures,
        "median_wait": describe_wait(figures.median_first_reply),
    }
