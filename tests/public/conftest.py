"""Fixtures for the community page tests: the community site (some modules here make their own)."""

import pytest

from tests.public.community import CommunitySite


@pytest.fixture
def site():
    return CommunitySite()
