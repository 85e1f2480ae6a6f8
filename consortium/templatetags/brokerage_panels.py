"""The brokerage's part of other domains' pages: an organisation's offers, needs and how
quickly it responds, on its profile. A template tag, so ``organisations`` need not import
``brokerage`` (which builds on organisations)."""

from django import template
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from consortium import permissions
from consortium.brokerage.models import (
    Category,
    CostBasis,
    ListingKind,
    ListingStatus,
    Moderation,
)
from consortium.brokerage.responsiveness import describe_wait, responsiveness
from consortium.organisations.models import Area

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


def _label(choices, value):
    """The label of a stored choice (as ``get_FOO_display``, without its per-call lookup)."""
    try:
        return choices(value).label
    except ValueError:
        return value


_MODERATION_NOTES = {
    Moderation.PENDING: "Waiting for approval",
    Moderation.REJECTED: "Not approved",
}


@register.simple_tag
def listing_summary(item, with_photos=False):
    """One offer or need as a card in a list (the resources list, a listing's suggestions),
    with its first photo when ``with_photos``. Made in Python: the resources list's twenty
    cards cost about 4 ms through a template, several times this."""
    photos = item.photos.all() if with_photos else ()
    photo = photos[0] if photos else None
    image = ""
    if photo is not None:
        image = format_html(
            '<img class="shoal-listing-summary__photo" src="{}" alt="{}" width="{}" '
            'height="{}" loading="lazy" decoding="async">',
            reverse("listings:photo_card", args=[photo.pk]),
            photo.alt_text,
            photo.card_width,
            photo.card_height,
        )
    status = item.current_status()
    notes = []
    if status != ListingStatus.OPEN:
        notes.append(ListingStatus(status).label)
    if item.moderation in _MODERATION_NOTES:
        notes.append(_MODERATION_NOTES[item.moderation])
    where = [item.organisation.name]
    if getattr(item, "distance", ""):
        where.append(item.distance)
    if item.available_until:
        where.append(f"until {date(item.available_until, 'j F Y')}")
    return format_html(
        '<div class="shoal-listing-summary{}">{}<div class="shoal-listing-summary__text">'
        '<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="{}">'
        "{}</a></h3>"
        '<p class="govuk-body-s govuk-!-margin-bottom-1">'
        '<strong class="govuk-tag govuk-tag--{}">{}</strong> {} · {} · {}{}</p>'
        '<p class="govuk-body-s govuk-!-margin-bottom-4">{}</p></div></div>',
        " shoal-listing-summary--photo" if photo is not None else "",
        image,
        reverse("listings:detail", args=[item.pk]),
        item.title,
        "green" if item.kind == ListingKind.OFFER else "blue",
        _label(ListingKind, item.kind),
        _label(Category, item.category),
        _label(Area, item.area),
        _label(CostBasis, item.cost_basis),
        format_html_join("", " · <strong>{}</strong>", ((note,) for note in notes)),
        " · ".join(where),
    )
