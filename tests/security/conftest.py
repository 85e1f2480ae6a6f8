"""What every hostile-input test module shares."""

import pytest

from tests.hostile import listener


@pytest.fixture(scope="module")
def server():
    """A loopback listener whose address the payloads use in links, images and CSS: nothing
    Shoal renders (pages, emails, PDFs) may fetch it."""
    with listener() as (url, hits):
        yield url, hits
    assert hits == [], f"something fetched the payloads' addresses: {hits}"
