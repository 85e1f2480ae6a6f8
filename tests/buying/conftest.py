"""Fixtures for the joint-buying tests: the six personas and an open scheme."""

import pytest

from tests.buying.data import make_scheme
from tests.personas import make_personas


@pytest.fixture
def p():
    return make_personas()


@pytest.fixture
def scheme(p):
    return make_scheme(p.organisation)
