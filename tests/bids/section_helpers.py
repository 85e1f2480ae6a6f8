"""Helpers shared by the tests of a bid's sections: addresses and the partner's section."""

from django.urls import reverse


def bid_url(name, p, *args):
    return reverse(f"bids:{name}", args=[p.bid.slug, *args])


def delivery(p):
    return p.sections[1]  # the partner's
