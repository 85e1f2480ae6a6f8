"""Helpers shared by the budget and partners tests: a bid's addresses and a budget line."""

from django.urls import reverse


def url(name, bid, *args):
    return reverse(f"bids:{name}", args=[bid.slug, *args])


def line_data(organisation, **extra):
    return {
        "organisation": organisation.pk,
        "category": "staff",
        "description": "Project worker, 2 days a week",
        "year": "1",
        "amount": "12000",
        "match_funding": "",
        **extra,
    }
