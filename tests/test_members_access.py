"""Every members' area URL is in a who-gets-what matrix.

Each area's test file holds an ``ACCESS`` list of (description, url builder, {persona:
expected status}) and requests every row as the six personas of ``tests/members.py``
(anonymous, individual volunteer, member of another organisation, member, organisation
admin, staff). This test gathers those lists and fails when a URL of the members' area
or the Brokerage admin is in none of them, so a new view cannot skip the matrix.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests import (
    test_buying,
    test_impact,
    test_members_dashboard,
    test_ocds_import,
    test_opportunities,
    test_organisations,
    test_resources,
    test_staff_admin,
)
from tests.members import PERSONAS, make_personas

MATRICES = [
    test_members_dashboard,
    test_organisations,
    test_resources,
    test_buying,
    test_impact,
    test_staff_admin,
    test_opportunities,
    test_ocds_import,
]
NAMESPACES = {"members", "organisations", "listings", "buying", "impact", "consortium_staff"}
NAMESPACES |= {"opportunities"}


def url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and namespace in NAMESPACES and pattern.name:
            yield f"{namespace}:{pattern.name}"


@pytest.mark.django_db
def test_every_members_url_is_in_a_who_gets_what_matrix():
    personas = make_personas()
    covered = set()
    for module in MATRICES:
        for description, build, expected in module.ACCESS:
            assert set(expected) == set(PERSONAS), f"{module.__name__}: {description}"
            target = build(personas)
            url = target[1] if isinstance(target, tuple) else target  # ("post", url, data)
            covered.add(resolve(url.split("?")[0]).view_name)
    every = set(url_names(get_resolver().url_patterns))
    assert every, "the members' area has no URLs?"
    assert sorted(every - covered) == []
