"""The admin's History records a version only when something a person can read changed."""

import pytest
from bs4 import BeautifulSoup

from consortium.brokerage import rules as brokerage
from consortium.models import ListingStatus, Reply, Theme
from tests.staff.helpers import history_url, listing

pytestmark = pytest.mark.django_db


def test_a_listing_edited_three_times_and_saved_four_times_unchanged_has_four_versions(
    staff_client, personas
):
    item = listing(personas.organisation)
    for title in ("Folding tables", "Folding tables (six)", "Folding tables (six, clean)"):
        item.title = title
        item.save()
        item.save()  # saved again without a change
    item.refresh_from_db()
    item.save()
    assert item.history.count() == 4
    page = staff_client.get(history_url(item)).content.decode()
    assert "No field changed" not in page


def test_replies_and_matches_leave_only_the_listings_real_changes_in_its_history(
    staff_client, personas
):
    item = listing(personas.organisation)
    reply = brokerage.reply_to(item, personas.other_member, "We could use these", None)
    brokerage.reply_to(item, personas.volunteer, "Me too", None)
    brokerage.accept_reply(Reply.objects.get(pk=reply.pk), personas.org_admin)
    item.refresh_from_db()
    assert item.status == ListingStatus.PROMISED
    # Created, then promised: the replies only touched its last-activity time.
    assert item.history.count() == 2
    versions = BeautifulSoup(staff_client.get(history_url(item)).content, "html.parser")
    assert len(versions.select("section.version")) == 2
    assert "No field changed" not in versions.get_text()


def test_adding_a_theme_an_organisation_already_has_records_no_version(personas):
    organisation = personas.organisation
    food = Theme.objects.create(name="Food poverty", slug="food-poverty")
    organisation.themes.add(food)
    versions = organisation.history.count()
    organisation.themes.add(food)
    organisation.save()
    assert organisation.history.count() == versions
