"""Every members' area URL is in a who-gets-what matrix.

Each area's test file holds an ``ACCESS`` list of (description, url builder, {persona:
expected status}) and requests every row as the six personas of ``tests/members.py``
(anonymous, individual volunteer, member of another organisation, member, organisation
admin, staff). This test gathers those lists and fails when a URL of the members' area
or the Brokerage admin is in none of them, so a new view cannot skip the matrix.
A module may name its own people instead (``ACCESS_PERSONAS`` and
``make_access_personas``), as the consortia and bid tests do with ``tests/bid_personas.py``.
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.bids import (
    test_answer_library,
    test_bid_budget,
    test_bid_exports,
    test_bid_sections,
    test_bid_workflow,
    test_consortia,
    test_invite_from_opportunity,
    test_section_formatting_access,
    test_section_presence,
    test_section_review_access,
    test_signoff_requests,
)
from tests.brokerage import (
    test_availability,
    test_listing_access,
    test_photo_access,
    test_shift_access,
)
from tests.buying import test_buying_access, test_member_schemes_access
from tests.impact import test_award_records, test_impact, test_open_data
from tests.members import test_members_dashboard
from tests.opportunities import test_ocds_import, test_ocds_sources, test_opportunity_access
from tests.organisations import test_organisation_access
from tests.personas import PERSONAS, make_personas
from tests.staff import test_staff_access

MATRICES = [
    test_members_dashboard,
    test_organisation_access,
    test_listing_access,
    test_photo_access,
    test_shift_access,
    test_availability,
    test_buying_access,
    test_member_schemes_access,
    test_impact,
    test_staff_access,
    test_consortia,
    test_bid_sections,
    test_bid_budget,
    test_bid_workflow,
    test_bid_exports,
    test_open_data,
    test_award_records,
    test_opportunity_access,
    test_ocds_import,
    test_ocds_sources,
    test_invite_from_opportunity,
    test_section_presence,
    test_section_formatting_access,
    test_answer_library,
    test_signoff_requests,
    test_section_review_access,
]
NAMESPACES = {
    "members",
    "organisations",
    "listings",
    "buying",
    "impact",
    "consortium_staff",
    "consortia",
    "bids",
    "open_data",
    "opportunities",
    "library",
}


def url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and namespace in NAMESPACES and pattern.name:
            yield f"{namespace}:{pattern.name}"


@pytest.mark.django_db
def test_every_members_url_is_in_a_who_gets_what_matrix():
    covered = set()
    for module in MATRICES:
        # A module may use its own people (consortia and bids: tests/bid_personas.py). Each
        # module's people are made afresh and rolled back, so two sets never clash.
        make = getattr(module, "make_access_personas", make_personas)
        names = getattr(module, "ACCESS_PERSONAS", PERSONAS)
        with transaction.atomic():
            personas = make()
            for description, build, expected in module.ACCESS:
                assert set(expected) == set(names), f"{module.__name__}: {description}"
                target = build(personas)
                url = target[1] if isinstance(target, tuple) else target  # ("post", url, data)
                covered.add(resolve(url.split("?")[0]).view_name)
            transaction.set_rollback(True)
    every = set(url_names(get_resolver().url_patterns))
    assert every, "the members' area has no URLs?"
    assert sorted(every - covered) == []
