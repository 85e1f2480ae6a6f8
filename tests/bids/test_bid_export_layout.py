"""The PDF's tables keep their cells apart: read back, header words do not run together."""

import io

import pytest
from pypdf import PdfReader

from consortium.bids import versions as bids
from tests.bids.export_world import bid_fixture as bid_fixture
from tests.bids.export_world import download
from tests.bids.export_world import personas_fixture as personas_fixture
from tests.personas import client_for

pytestmark = pytest.mark.django_db


def test_the_sign_off_tables_header_cells_are_spaced(p, bid):
    bids.sign_off(bid, p.organisation, p.org_admin)
    content = download(client_for("org_admin", p), bid, "pdf").content
    last_page = PdfReader(io.BytesIO(content)).pages[-1].extract_text()
    assert "Sign-off record" in last_page
    assert "OrganisationSigned" not in last_page  # it read so before the cells had a gap
    assert "Organisation Signed" in last_page
