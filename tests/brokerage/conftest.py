"""Fixtures for the offers-and-needs tests: the six personas and one of their needs."""

import pytest

from tests.brokerage.data import make_listing
from tests.personas import make_personas


@pytest.fixture
def personas(home_page):
    return make_personas()


@pytest.fixture
def need(personas):
    return make_listing(personas.organisation)
