"""Helpers shared by the funding-opportunity tests (and the browser journey): an
opportunity made in a line, and its page and seek-partners addresses."""

import datetime

from django.urls import reverse
from django.utils import timezone

from consortium.models import Opportunity, OpportunityKind


def make_opportunity(title="Village halls energy fund", days=30, **fields):
    fields.setdefault("kind", OpportunityKind.GRANT)
    fields.setdefault("funder", "Westmoor Community Foundation")
    fields.setdefault("deadline", timezone.now() + datetime.timedelta(days=days))
    return Opportunity.objects.create(title=title, **fields)


def detail_url(opportunity):
    return reverse("opportunities:detail", args=[opportunity.slug])


def seek_url(opportunity):
    return reverse("opportunities:seek", args=[opportunity.slug])
