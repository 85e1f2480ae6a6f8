"""The demo's privacy notice says what Shoal keeps and for how long, and names every cookie
the site sets: a person signs in, walks the main pages and signs out, and every cookie any
response set is named in the notice."""

import pytest
from django.test import Client

from home.demo.site import load_site
from home.models import StandardPage
from tests.factories import OrganisationFactory
from tests.members.account_helpers import PASSWORD
from tests.personas import make_member

pytestmark = pytest.mark.django_db

MAIN_PAGES = [
    "/",
    "/members/",
    "/members/notifications/",
    "/organisations/",
    "/resources/",
    "/joint-buying/",
    "/consortia/",
    "/bids/",
    "/opportunities/",
    "/impact/",
    "/search/?q=food",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/data/",
    "/privacy-notice/",
]


@pytest.fixture
def notice():
    load_site()
    return StandardPage.objects.get(slug="privacy-notice")


def walk(client, person):
    """Every response of a visit: sign in, the main pages, a saved form, sign out."""
    yield client.get("/accounts/login/")
    yield client.post("/accounts/login/", {"login": person.username, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    for address in MAIN_PAGES:
        yield client.get(address)
    yield client.post("/members/notifications/", {"wanted": []})  # "Your settings are saved"
    yield client.get("/members/notifications/")
    yield client.post("/accounts/logout/")


def test_every_cookie_the_site_sets_is_named_in_the_privacy_notice(notice):
    person = make_member("cookie-walker", OrganisationFactory())
    names = set()
    for response in walk(Client(), person):
        assert response.status_code < 500
        names |= set(response.cookies)
    assert {"sessionid", "csrftoken", "messages"} <= names
    html = Client().get(notice.url).content.decode()
    for name in names:
        assert f"<b>{name}</b>" in html, f"the cookie {name} is not in the privacy notice"


def test_the_privacy_notice_says_what_is_kept_and_for_how_long(notice, settings):
    html = Client().get(notice.url).content.decode()
    for text in [
        "Download your data",
        "Delete your account",
        "Deleted user",
        f"locked from that address for {settings.AXES_COOLOFF_TIME.seconds // 60} minutes",
        "The history of changes",
        "deleted after 14 days",  # the email queue (prune_db_task_results)
        "Your session (which keeps you signed in) lasts 14 days",
        "Documents an organisation uploads",
        "<b>shoal.draft</b>",  # the local draft of a bid's section (section-writing.js)
        "kept for 35 days",  # backups
    ]:
        assert text in html, text
