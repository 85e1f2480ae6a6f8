"""Fixtures for the staff-admin tests: the six personas and a client signed in as staff."""

import pytest

from tests.personas import client_for, make_personas


@pytest.fixture
def personas():
    return make_personas()


@pytest.fixture
def staff_client(personas):
    return client_for("staff", personas)
