"""Fixtures for the funding-opportunity tests: the six personas."""

import pytest

from tests.personas import make_personas


@pytest.fixture
def p():
    return make_personas()
