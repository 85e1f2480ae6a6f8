"""Whole pages cached for anonymous visitors (portal.page_cache): fresh after every change,
never shared with signed-in people, with working forms and a fresh CSP nonce on every hit."""

import re

import pytest
from django.test import Client
from wagtail.models import Page

from consortium.models import Role
from portal.page_cache import BROWSER_CACHE_CONTROL
from tests.factories import (
    OrganisationFactory,
    StandardPageFactory,
    SurveyPageFactory,
    UserFactory,
    make_site,
)
from tests.personas import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The whole-page cache, as production runs it (the test settings leave it off)."""
    settings.PAGE_CACHE = True


def cache_status(response):
    return response.headers.get("X-Page-Cache")


def nonces(response):
    header = re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    body = re.findall(r'<script nonce="([^"]+)"', response.content.decode())
    return header, body


def site_with_settings():
    """The site, with its settings rows already made (the first page view would make them,
    which is a change that empties the cache once)."""
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.contrib.settings.registry import registry
    from wagtail.models import Site

    home = make_site()
    site = Site.objects.get(is_default_site=True)
    for model in registry:
        if issubclass(model, BaseSiteSetting):
            model.for_site(site)
        else:
            model.load()
    return home


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run a change as a committed transaction does (the generation moves on commit too)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def home_page(db):
    return site_with_settings()


@pytest.fixture
def about(home_page, publish):
    return publish(lambda: StandardPageFactory(parent=home_page, title="About us", slug="about"))


def test_a_second_anonymous_visit_is_served_from_the_cache_without_touching_the_database(
    client, about, django_assert_num_queries
):
    first = client.get("/about/")
    assert first.status_code == 200
    assert cache_status(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get("/about/")
    assert cache_status(second) == "hit"
    assert "About us" in second.content.decode()
    # Browsers and shared caches keep nothing: each response has its own nonce.
    assert second["Cache-Control"] == first["Cache-Control"] == BROWSER_CACHE_CONTROL
    assert "Cookie" in second["Vary"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_each_cached_hit_gets_its_own_nonce_in_the_policy_and_the_page(client, about):
    seen = []
    for _ in range(3):
        response = client.get("/about/")
        header, body = nonces(response)
        assert len(header) == 1 and body == header  # the script carries the policy's nonce
        seen.append(header[0])
    assert cache_status(response) == "hit"
    assert len(set(seen)) == 3


def test_publishing_an_edit_shows_on_the_next_anonymous_request(client, about, publish):
    assert "About us" in client.get("/about/").content.decode()
    assert cache_status(client.get("/about/")) == "hit"
    page = about.specific

    def edit():
        page.title = "About the assembly"
        page.save_revision().publish()

    publish(edit)
    html = client.get("/about/").content.decode()
    assert "About the assembly" in html
    assert "About us" not in html


def test_an_unpublished_page_is_gone_at_once(client, about, publish):
    client.get("/about/")
    assert cache_status(client.get("/about/")) == "hit"
    publish(lambda: about.unpublish())
    assert client.get("/about/").status_code == 404


def test_a_deleted_page_is_gone_at_once(client, about, publish):
    client.get("/about/")
    publish(lambda: Page.objects.get(pk=about.pk).delete())
    assert client.get("/about/").status_code == 404


def test_a_moved_page_answers_at_its_new_address_and_the_old_one_redirects_there(
    client, home_page, about, publish
):
    parent = publish(
        lambda: StandardPageFactory(parent=home_page, title="Who we are", slug="who-we-are")
    )
    client.get("/about/")
    assert cache_status(client.get("/about/")) == "hit"
    publish(lambda: Page.objects.get(pk=about.pk).move(parent, pos="last-child"))
    old = client.get("/about/")  # Wagtail redirects the old address, never the stale copy
    assert old.status_code == 301
    assert old["Location"].endswith("/who-we-are/about/")
    moved = client.get("/who-we-are/about/")
    assert moved.status_code == 200
    assert "About us" in moved.content.decode()


def test_an_edited_organisation_profile_shows_on_the_next_anonymous_request(client, publish):
    site_with_settings()
    organisation = publish(
        lambda: OrganisationFactory(name="Castle Ward Food Pantry", slug="castle-ward")
    )
    address = "/organisations/castle-ward/"
    assert "Castle Ward Food Pantry" in client.get(address).content.decode()
    assert cache_status(client.get(address)) == "hit"

    def rename():
        organisation.name = "Castle Ward Community Pantry"
        organisation.save()

    publish(rename)
    assert "Castle Ward Community Pantry" in client.get(address).content.decode()


def test_signed_in_people_never_get_a_cached_page_nor_each_others(client, publish):
    site_with_settings()
    organisation = publish(
        lambda: OrganisationFactory(name="Castle Ward Food Pantry", slug="castle-ward")
    )
    admin = make_member("amira", organisation, Role.ADMIN)
    other = make_member("priya", OrganisationFactory(name="Hillside Halls"), Role.ADMIN)
    address = "/organisations/castle-ward/"
    client.get(address)
    assert cache_status(client.get(address)) == "hit"  # the anonymous copy is stored

    answers = {}
    for user in (admin, other, admin):
        signed_in = Client()
        signed_in.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = signed_in.get(address)
        assert cache_status(response) is None
        answers.setdefault(user.username, []).append(response.content.decode())
    assert all("Edit the profile" in html for html in answers["amira"])
    assert all("Edit the profile" not in html for html in answers["priya"])
    anonymous = client.get(address).content.decode()
    assert "Edit the profile" not in anonymous
    assert "Sign in" in anonymous


def test_a_request_carrying_a_session_or_messages_cookie_is_never_served_from_the_cache(
    client, about
):
    client.get("/about/")
    assert cache_status(client.get("/about/")) == "hit"
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "anything"
        response = visitor.get("/about/")
        assert response.status_code == 200
        assert cache_status(response) is None


def test_a_form_page_is_never_stored_and_its_csrf_token_works_on_the_second_visit(home_page):
    from home.models import SurveyFormField

    survey = SurveyPageFactory(parent=home_page, thank_you_text="<p>Thanks a lot.</p>")
    SurveyFormField.objects.create(
        page=survey, sort_order=0, label="Your name", field_type="singleline", required=True
    )
    visitor = Client(enforce_csrf_checks=True)
    first = visitor.get(survey.url)
    second = visitor.get(survey.url)
    assert "csrftoken" in second.cookies  # it sets the CSRF cookie, so it is not stored
    assert cache_status(first) is None and cache_status(second) is None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second.content.decode())
    answer = visitor.post(survey.url, {"csrfmiddlewaretoken": token.group(1), "your_name": "Ruth"})
    assert answer.status_code == 200
    assert "Thanks a lot." in answer.content.decode()


def test_signing_in_works_after_visiting_cached_pages(about):
    UserFactory(username="amira")
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/about/")
    assert cache_status(visitor.get("/about/")) == "hit"
    form = visitor.get("/accounts/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    answer = visitor.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "login": "amira", "password": "shoal-demo"},
    )
    assert answer.status_code == 302
    after = visitor.get("/about/")
    assert cache_status(after) is None
    assert "Your account" in after.content.decode()


def test_page_cache_off_renders_every_request(client, about, settings):
    settings.PAGE_CACHE = False
    client.get("/about/")
    second = client.get("/about/")
    assert cache_status(second) is None
    assert second["Cache-Control"] == BROWSER_CACHE_CONTROL  # the headers stay the same


def test_probes_and_never_cache_views_are_not_stored(client, home_page):
    client.get("/healthz/")
    response = client.get("/healthz/")
    assert cache_status(response) is None
    assert "no-store" in response["Cache-Control"]
