"""A member uses their data rights: downloads what Shoal holds about them, then their
organisation's data, then deletes their account; every page on the way is accessible."""

import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.bids.world import make_bid_world
from tests.factories import make_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "shoal-demo"


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def confirm_it_is_me(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def test_member_downloads_their_data_and_their_organisations_then_deletes_their_account(
    page, tmp_path
):
    make_site()
    world = make_bid_world()
    sign_in(page, "bid-partner")
    page.goto("/members/")
    page.get_by_role("link", name="Download your data").click()
    confirm_it_is_me(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Download your data")
    expect(page.get_by_text("Millbank Advice Centre").first).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download it as a JSON file").click()
    data = json.loads(download.value.path().read_text())
    assert "bid-partner" in json.dumps(data)
    assert "bid-lead" not in json.dumps(data)

    page.goto(f"/organisations/{world.partner_org.slug}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download all of this organisation's data").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        assert "data.json" in archive.namelist()
        assert "Millbank Advice Centre" in archive.read("data.json").decode()
    assert_accessible(page)

    page.goto("/members/")
    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    assert_accessible(page)
    page.get_by_label("Type the word delete to confirm").fill("remove")
    page.get_by_role("button", name="Delete your account").click()
    expect(page.get_by_role("link", name=re.compile("Type the word delete"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Type the word delete to confirm").fill("delete")
    page.get_by_role("button", name="Delete your account").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    assert_accessible(page)

    sign_in(page, "bid-partner")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Your dashboard")
    world.partner.refresh_from_db()
    assert not world.partner.is_active
