"""Fixtures for the organisation tests: the community site and the six personas."""

import pytest

from tests.personas import make_personas
from tests.public.community import CommunitySite


@pytest.fixture
def site():
    return CommunitySite()


@pytest.fixture
def p(site):
    return make_personas()
