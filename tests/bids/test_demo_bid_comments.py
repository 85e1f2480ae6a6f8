"""The demo's draft bid has comments to look at: a thread with replies on a paragraph, a
resolved thread and one whose paragraph was rewritten, loaded once however often."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from consortium.models import JointBid, SectionComment

pytestmark = pytest.mark.django_db


def test_the_demo_draft_shows_threads_on_paragraphs_a_resolved_one_and_a_moved_one(
    settings, tmp_path, client
):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("load_demo_content", stdout=io.StringIO())
    bid = JointBid.objects.get(title="Riverside: nobody alone")
    assert SectionComment.objects.filter(section__bid=bid, parent__isnull=False).count() == 2
    section = bid.sections.order_by("sort_order", "pk")[1]
    lead = SectionComment.objects.filter(section=section).first().author
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("bids:section", args=[bid.slug, section.pk])).content.decode()
    assert "On paragraph 2" in page and "About 25, from last year" in page
    assert "Resolved: comment by" in page
    assert "The paragraph this comment was on has changed or been removed" in page
    detail = client.get(reverse("bids:detail", args=[bid.slug])).content.decode()
    assert "3 open comments" in detail  # with the one load_bids adds
