"""Fixtures shared by the bid tests: the bid world of ``world.py``, as ``w`` or ``p``.

(The export tests name other people ``p``: ``export_world.py`` and the modules that import it.)
"""

import pytest

from tests.bids.world import make_bid_world


@pytest.fixture
def w():
    return make_bid_world()


@pytest.fixture
def p():
    return make_bid_world()
