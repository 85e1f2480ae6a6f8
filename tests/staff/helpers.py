"""Helpers shared by the staff-admin tests: the Brokerage lists, admin addresses and a
listing made in a line."""

from django.urls import reverse

from consortium.models import Category, Listing, ListingKind

BROKERAGE_LISTS = [
    "organisation",
    "membership",
    "person",
    "organisationdocument",
    "listing",
    "reply",
    "match",
    "watch",
    "listingreport",
    "scheme",
    "pledge",
]


def index_url(model_name):
    return reverse(f"consortium_{model_name}_modeladmin_index")


def inspect_url(model_name, pk):
    return reverse(f"consortium_{model_name}_modeladmin_inspect", args=[pk])


def history_url(obj):
    return reverse(
        "consortium_staff:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk]
    )


def listing(organisation, title="Folding tables to lend", **fields):
    return Listing.objects.create(
        kind=fields.pop("kind", ListingKind.OFFER),
        category=fields.pop("category", Category.EQUIPMENT),
        title=title,
        description="Twelve folding tables, collect from the hall.",
        organisation=organisation,
        **fields,
    )
