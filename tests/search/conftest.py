"""Fixtures shared by the search tests: ``site``, the community site, and ``personas``, the
standard people (modules that need something else make their own)."""

import pytest

from tests.personas import make_personas
from tests.public.community import CommunitySite


@pytest.fixture
def site():
    return CommunitySite()


@pytest.fixture
def personas():
    return make_personas()
