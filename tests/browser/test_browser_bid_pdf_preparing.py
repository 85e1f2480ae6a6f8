"""A long bid's PDF that the background worker has not made yet: the lead sees "Your PDF is
being prepared" with its progress, accessible at 1280 and 320 px, and the download starts by
itself once the worker is done."""

import pytest
from playwright.sync_api import expect

from consortium.bids.exports import drafts
from consortium.bids.views import exports
from consortium.models import DraftDocument, DraftStage
from tests.bids.world import make_bid_world
from tests.browser.journey import assert_accessible_at_each_width
from tests.browser_helpers import signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_lead_waits_for_a_pdf_on_a_page_that_shows_progress_then_downloads_it(
    page, live_server, home_page, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(exports, "WAIT_SECONDS", 0.2)
    w = make_bid_world()
    lead = signed_in(page, live_server, w.lead)
    lead.goto(f"/bids/{w.bid.slug}/export/")
    lead.get_by_label("PDF").check()
    lead.get_by_role("button", name="Download").click()

    expect(lead.get_by_role("heading", name="Your PDF is being prepared")).to_be_visible()
    status = lead.get_by_role("status").filter(has_text="done")  # the page's live region
    expect(status).to_contain_text("10% done")
    expect(status).to_contain_text("Waiting for its turn")
    assert_accessible_at_each_width(lead)

    with lead.expect_download(timeout=15_000) as download:
        # The worker makes the file; the page, asking every second, starts the download.
        for document in DraftDocument.objects.filter(stage=DraftStage.QUEUED):
            drafts.make_draft.func(document.pk, w.lead.pk)
    assert download.value.suggested_filename == f"{w.bid.slug}-v1.pdf"
    # The page says so too, rather than still "being prepared".
    expect(lead.get_by_role("heading", name="Your PDF is ready")).to_be_visible()
    expect(lead.get_by_text("Ready: your download is starting")).to_be_visible()
